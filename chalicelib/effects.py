"""An effect: another domain's part of one atomic write, added when the write is assembled.

A domain's named write API (stock.ledger, the cash drawer, a store's existence) hands effects
out; the repository that commits the write applies them to its transaction. Nobody else sees
the transaction: an effect takes it, opaque, and adds its actions with their conditions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Transaction = Any
"""The write being assembled: opaque outside repositories, which alone add to it."""
Effect = Callable[[Transaction], None]
