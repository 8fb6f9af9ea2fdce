"""A function loads its modules without collection, then collects as usual."""

from __future__ import annotations

import gc
import importlib
import subprocess
import sys
import threading
import types

import pytest

from chalicelib.loading import load_module, without_collection
from tests.perf.cold_start import ROOT, environment


def printed_by(probe: str) -> list[str]:
    """The words `probe` prints in a fresh interpreter set up as the API's Lambda."""
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env=environment("api"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


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
    assert printed_by(probe) == ["True", "True"]


FACES = sorted(
    f"chalicelib.{path.parent.name}"
    for path in (ROOT / "chalicelib").glob("*/__init__.py")
    if "lazy_face(" in path.read_text(encoding="utf-8")
)


def test_the_domains_faces_are_lazy() -> None:
    assert {"chalicelib.sales", "chalicelib.stock", "chalicelib.credit"} <= set(FACES)


@pytest.mark.parametrize("face", FACES)
def test_every_name_of_a_lazy_face_loads_from_its_module(face: str) -> None:
    package = importlib.import_module(face)
    for name in package.__all__:
        value = getattr(package, name)
        assert value is getattr(package, name)
        if isinstance(value, type | types.FunctionType | types.ModuleType):
            module = getattr(value, "__module__", None) or value.__name__
            assert module.startswith(face), (face, name, module)


def test_a_lazy_face_refuses_a_name_it_does_not_import() -> None:
    package = importlib.import_module("chalicelib.sales")
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        package.nothing_here  # noqa: B018


def test_a_lazy_module_loads_on_its_first_attribute_read() -> None:
    probe = (
        "import sys; from chalicelib.loading import LazyModule; "
        "name = 'chalicelib.reports.formulas'; lazy = LazyModule(name); "
        "before = name in sys.modules; lazy.kpis; "
        "print(before, name in sys.modules, lazy.kpis is sys.modules[name].kpis)"
    )
    assert printed_by(probe) == ["False", "True", "True"]


def test_a_face_loads_a_domain_only_for_the_name_asked() -> None:
    probe = (
        "import sys; from chalicelib.sales import SaleIn; "
        "print(*(f'chalicelib.sales.{name}' in sys.modules for name in ('schemas', 'service')))"
    )
    assert printed_by(probe) == ["True", "False"]


def test_collection_stays_off_until_the_last_of_overlapping_loads_ends() -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with without_collection():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with without_collection():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())  # the first load ended: still off
        seen.append(gc.isenabled())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [False, True]
