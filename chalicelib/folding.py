"""Text folded to lower-case ASCII: the name keys that lists sort and search by (products,
customers) and the words a product is found by."""

from __future__ import annotations

import re
import unicodedata

MAX_WORDS = 12
NAME_KEY_LENGTH = 60
_WORD = re.compile(r"[a-z0-9]+")
_EDGES = ",;:()[]\"'!?*"


def fold(text: str) -> str:
    """Lower-case ASCII, so 'Câble' is found by 'cable'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def chunks(text: str) -> list[str]:
    """Folded, whitespace-separated pieces of a name or a query ('usb-c' stays one piece)."""
    return [piece for piece in (raw.strip(_EDGES) for raw in fold(text).split()) if piece]


def words(text: str) -> list[str]:
    """Letters-and-digits words, so 'TP-Link' is also found by 'link'."""
    return _WORD.findall(fold(text))


def name_key(name: str) -> str:
    return " ".join(chunks(name))[:NAME_KEY_LENGTH]


def search_words(name: str, sku: str) -> list[str]:
    """The words a product is found by: its sku, then the pieces and words of its name."""
    found = [sku.lower(), *chunks(name), *words(name)]
    return list(dict.fromkeys(found))[: MAX_WORDS + 1]


def searched_text(name: str, sku: str) -> str:
    """The words a product is found by, each after a space: a query's other words must each
    begin one of them (`contains(text, " " + word)`)."""
    found = dict.fromkeys([sku.lower(), *chunks(name), *words(name)])
    return "".join(f" {word}" for word in found)


def rarest(query_words: list[str]) -> str:
    """The query word whose entries to read: the longest, as a longer prefix matches fewer."""
    return max(query_words, key=len)
