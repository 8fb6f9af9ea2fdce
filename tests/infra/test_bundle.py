"""The function zip and the documents layer that `make package` wrote, as Lambda gets them."""

from __future__ import annotations

import importlib.util
import json
import platform
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from infra import bundle

CLI_DEPENDENCIES = ("pip", "setuptools", "wheel", "click", "yaml", "inquirer", "blessed")


def _names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_the_function_zip_is_lean(dist: Path) -> None:
    function = dist / "bundle" / "function.zip"
    layer = dist / "bundle" / "documents-layer.zip"
    assert function.stat().st_size <= 15 * 1024 * 1024
    assert function.stat().st_size + layer.stat().st_size <= 45 * 1024 * 1024
    top = {name.split("/")[0] for name in _names(function)}
    assert not top & set(CLI_DEPENDENCIES)
    assert not top & {"fpdf", "openpyxl", "PIL", "fontTools", "pygal"}
    assert not top & {"ops", "infra", "tests", "docs", "scripts"}
    layer_top = {"/".join(name.split("/")[:2]) for name in _names(layer)}
    assert {
        "python/fpdf",
        "python/openpyxl",
        "python/PIL",
        "python/babel",
        "python/pygal",
    } <= layer_top
    locale_data = {
        Path(name).stem
        for name in _names(layer)
        if name.startswith("python/babel/locale-data/") and name.endswith(".dat")
    }
    assert locale_data == {"root", "fr", "en"}


def test_the_function_zip_carries_the_docs_page_and_swagger_ui(dist: Path) -> None:
    names = set(_names(dist / "bundle" / "function.zip"))
    docs = "chalicelib/meta/docs/"
    assert {docs + "page.html", docs + "docs.js"} <= names
    vendored = {n.removeprefix(docs + "swagger-ui/") for n in names if "/swagger-ui/" in n}
    assert vendored == {
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "LICENSE",
        "NOTICE",
        "swagger-ui-bundle.js.LICENSE.txt",
    }


def test_chalice_ships_only_what_its_packager_injects(dist: Path) -> None:
    chalice = [n for n in _names(dist / "bundle" / "function.zip") if n.startswith("chalice/")]
    sources = {n for n in chalice if n.endswith(".py")}
    assert sources == {"chalice/__init__.py", "chalice/app.py"}


def test_every_module_ships_compiled_with_unchecked_hashes(dist: Path) -> None:
    names = set(_names(dist / "bundle" / "function.zip"))
    with zipfile.ZipFile(dist / "bundle" / "function.zip") as archive:
        for source in ("app.py", "chalicelib/streams.py", "chalice/app.py"):
            assert source in names
            folder, _, module = source.rpartition("/")
            tag = sys.implementation.cache_tag
            compiled = f"{folder + '/' if folder else ''}__pycache__/{module[:-3]}.{tag}.pyc"
            header = archive.read(compiled)[:16]
            assert header[:4] == importlib.util.MAGIC_NUMBER
            # PEP 552 flags: hash-based (bit 0) and not checked against the source (bit 1).
            assert int.from_bytes(header[4:8], "little") == 0b01
        assert "pydantic/main.pyc" in names and "pydantic/main.py" not in names


def test_native_code_is_built_for_arm64(dist: Path) -> None:
    with zipfile.ZipFile(dist / "bundle" / "function.zip") as archive:
        libraries = [n for n in archive.namelist() if n.endswith(".so") or ".so." in n]
        assert libraries
        for name in libraries:
            header = archive.read(name)[:20]
            assert header[:4] == b"\x7fELF", name
            assert int.from_bytes(header[18:20], "little") == 183, name  # EM_AARCH64


def test_the_bundled_sdk_is_the_locked_one(dist: Path) -> None:
    locked = bundle.locked_versions()
    names = _names(dist / "bundle" / "function.zip")
    for package in ("boto3", "botocore", "pydantic", "pynamodb"):
        pattern = re.compile(rf"^{package}-([^/]+)\.dist-info/METADATA$")
        versions = [m.group(1) for m in map(pattern.match, names) if m]
        assert versions == [locked[package]], package
    services = {
        n.split("/")[2] for n in names if n.startswith("botocore/data/") and n.count("/") > 3
    }
    assert services == set(bundle.BOTOCORE_SERVICES)


def test_the_templates_point_at_the_bundle(dist: Path) -> None:
    for stage in ("dev", "prod"):
        resources = json.loads((dist / stage / "sam.json").read_text())["Resources"]
        functions = [r for r in resources.values() if r["Type"] == "AWS::Serverless::Function"]
        assert len(functions) == 3
        for function in functions:
            assert (dist / stage / function["Properties"]["CodeUri"]).resolve() == (
                dist / "bundle" / "function.zip"
            )
            assert function["Properties"]["Architectures"] == ["arm64"]


IMPORT_CHECK = """
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import app, chalice, botocore, boto3
from chalicelib.customers.identifiers import e164, vat_number
from chalicelib.money import format_amount
import babel
from aws_lambda_powertools import Logger
import fpdf, openpyxl
try:
    import chalice.cli
    cli = True
except ImportError:
    cli = False
Logger(service="check").info("bundle import check")
boto3.client("ssm", region_name="eu-west-1")
boto3.client("dynamodb", region_name="eu-west-1")
print(json.dumps({
    "chalice": chalice.__file__, "botocore": botocore.__file__, "cli": cli,
    "botocore_version": botocore.__version__, "boto3_version": boto3.__version__,
    "phone": e164("677 12 34 56", "CM"), "vat": vat_number("FR40303265045", "CM"),
    "app": type(app.app).__name__,
    "money": [format_amount(1500, "XAF", "fr"), format_amount(123456, "EUR", "en")],
    "babel": babel.__file__,
}))
"""


@pytest.fixture(scope="module")
def host_bundle(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same bundle for this machine's architecture: arm64 code cannot run here."""
    out = tmp_path_factory.mktemp("host-bundle")
    architecture = "arm64" if platform.machine() == "aarch64" else "x86_64"
    bundle.build(dist / "bundle" / "function.zip", out, architecture)
    for name in ("function", "documents-layer"):
        with zipfile.ZipFile(out / f"{name}.zip") as archive:
            archive.extractall(out / name)
    return out


def test_the_app_imports_from_the_bundle_alone(host_bundle: Path) -> None:
    function, layer = host_bundle / "function", host_bundle / "documents-layer" / "python"
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", IMPORT_CHECK, str(function), str(layer)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"AWS_DEFAULT_REGION": "eu-west-1", "PATH": "/usr/bin:/bin"},
        cwd=host_bundle,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["chalice"].startswith(str(function))
    assert found["botocore"].startswith(str(function))
    assert found["cli"] is False
    locked = bundle.locked_versions()
    assert found["botocore_version"] == locked["botocore"]
    assert found["boto3_version"] == locked["boto3"]
    assert found["phone"] == "+237677123456"
    assert found["vat"] == "FR40303265045"
    assert found["app"] == "ComptoirApp"
    assert found["money"] == ["1\u202f500\u00a0FCFA", "€1,234.56"]
    assert found["babel"].startswith(str(layer))
