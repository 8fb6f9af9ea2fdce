"""Identity and access: sessions, passwords, lockout and the users of a tenant."""
