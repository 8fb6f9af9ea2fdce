"""A function loads its modules without collection, then collects as usual."""

from __future__ import annotations

import gc
import subprocess
import sys

from chalicelib.loading import load_module, without_collection
from tests.perf.cold_start import ROOT, environment


def test_collection_is_off_while_loading_and_back_after() -> None:
    assert gc.isenabled()
    with without_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with without_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_handler_module_is_loaded_once() -> None:
    assert load_module("chalicelib.changes") is load_module("chalicelib.changes")
    assert gc.isenabled()


def test_importing_the_app_leaves_the_collector_on_and_its_modules_set_aside() -> None:
    probe = "import gc, app; print(gc.isenabled(), gc.get_freeze_count() > 10000)"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env=environment("api"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["True", "True"]
