"""Schemathesis hooks of the fuzz lane: generated requests never end the fuzzing ADMIN's own
access (its user or its session), so every operation is exercised with a live token however
long the run takes (access follows the table within ACCESS_CHECK_SECONDS)."""

from __future__ import annotations

import os
from typing import Any

import schemathesis

PROTECTED = {
    "user_id": os.environ.get("COMPTOIR_FUZZ_USER_ID", ""),
    "session_id": os.environ.get("COMPTOIR_FUZZ_SESSION_ID", ""),
}


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    parameters = case.path_parameters or {}
    return not any(parameters.get(name) == value for name, value in PROTECTED.items() if value)
