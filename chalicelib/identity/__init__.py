"""Identity and access: sign-up and login, sessions, passwords and lockout, the users of a
tenant. The app checks access tokens with `current_principal`; other domains ask for users'
names, whether one is a courier of a store and, for demo data, the principal an e-mail
logs in as."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.identity.access import current_principal
    from chalicelib.identity.service import (
        is_active_courier,
        principal_by_email,
        user_names,
        want_courier,
    )

__all__ = [
    "current_principal",
    "is_active_courier",
    "principal_by_email",
    "user_names",
    "want_courier",
]

__getattr__ = lazy_face(__name__, __file__)
