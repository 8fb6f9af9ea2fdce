"""A write that lost a race is tried again; any other refusal, or the last try, stands."""

from __future__ import annotations

import pytest

from chalicelib import errors
from chalicelib.retries import LostRaceError, race_attempts, retry_races


def test_a_lost_race_is_tried_again_until_the_write_wins() -> None:
    tries: list[int] = []

    def write() -> str:
        tries.append(len(tries))
        if len(tries) < 3:
            raise LostRaceError("the level moved")
        return "written"

    assert retry_races(write, attempts=5) == "written"
    assert tries == [0, 1, 2]


def test_the_last_lost_race_is_raised() -> None:
    tries = 0
    with pytest.raises(LostRaceError):
        for attempt in race_attempts(3):
            with attempt:
                tries += 1
                raise LostRaceError("always behind")
    assert tries == 3


@pytest.mark.parametrize(
    "refusal",
    [errors.ConflictError("a payment with this id already exists"), errors.ValidationError("bad")],
    ids=["conflict that is no race", "validation"],
)
def test_a_refusal_that_is_not_a_race_is_raised_at_once(refusal: errors.DomainError) -> None:
    tries = 0
    with pytest.raises(type(refusal)):
        for attempt in race_attempts(5):
            with attempt:
                tries += 1
                raise refusal
    assert tries == 1
