"""Identity: tokens, passwords, sessions and the permission table."""
