"""The words a product is found by, and which word of a query a search reads entries of."""

from __future__ import annotations

from chalicelib import folding


def test_the_searched_text_holds_each_word_once_after_a_space() -> None:
    text = folding.searched_text("Câble réseau TP-Link", "TPL-CAT6")
    assert text == " tpl-cat6 cable reseau tp-link tp link"
    assert " link" in text and " ink" not in text


def test_a_search_reads_the_entries_of_its_longest_word() -> None:
    assert folding.rarest(["m", "zzz"]) == "zzz"
    assert folding.rarest(["smartphone", "samsung", "noir"]) == "smartphone"
    assert folding.rarest(["usb", "cat"]) == "usb"
