"""Builds the Lambda function zip and the documents layer from the hash-locked requirements.

Chalice's packager resolves requirements.txt itself, downloads again whatever its cache misses
inside the clone, ships no `.pyc` and cannot split dependencies into layers. Here the locked
wheels are fetched once into a cache outside the clone (`COMPTOIR_WHEEL_CACHE`), installed for
the Lambda platform with `--require-hashes`, trimmed of data the app never reads, compiled to
`.pyc` with unchecked-hash invalidation (zip timestamps would defeat the default mode), and
zipped reproducibly. The app's own files come from the zip `chalice package` writes, so the
`chalice/app.py` its packager injects is the one that ships.

    python -m infra.bundle --chalice-zip dist/chalice/deployment.zip --out dist/bundle
"""

from __future__ import annotations

import argparse
import os
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from chalicelib.schemas import LOCALES

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.txt"
PYTHON_VERSION = "3.11"
GLIBC_MINOR = 26
ARCHITECTURES = {"arm64": "aarch64", "x86_64": "x86_64"}
DEFAULT_ARCHITECTURE = "arm64"
MB = 1024 * 1024
FUNCTION_LIMIT = 15 * MB
TOTAL_LIMIT = 45 * MB

# Rarely used, heavy, and imported only by the routes that render them (PDF receipts, XLSX
# exports, the dashboard's charts): they ship in a layer the API function carries, outside the
# function zip.
DOCUMENT_PACKAGES = frozenset(
    {"fpdf2", "pillow", "fonttools", "defusedxml", "openpyxl", "et-xmlfile", "babel"}
    | {"pygal", "importlib-metadata", "zipp", "lazy-importer"}
)
# Babel's locale data for the languages documents are written in (and the root they inherit
# from); the other thousand locales stay out.
BABEL_LOCALES = frozenset({"root", *LOCALES})
# The AWS services the Lambda code calls: botocore's models of every other service are dropped.
BOTOCORE_SERVICES = frozenset({"dynamodb", "ssm", "sts", "xray"})
# What the app never reads: phonenumbers' geocoder, carrier and time-zone tables, stdnum's
# registries of numbers other than VAT numbers, Powertools' utilities other than the Logger's
# and the Swagger UI assets of its event handler.
TRIMMED_DIRS = (
    "phonenumbers/geodata",
    "phonenumbers/carrierdata",
    "phonenumbers/tzdata",
    "aws_lambda_powertools/event_handler/openapi/swagger_ui",
    *(
        f"aws_lambda_powertools/utilities/{name}"
        for name in (
            "auth_alpha",
            "batch",
            "circuit_breaker",
            "data_classes",
            "data_masking",
            "feature_flags",
            "idempotency",
            "kafka",
            "metadata",
            "parameters",
            "parser",
            "streaming",
            "validation",
        )
    ),
)
TRIMMED_FILES = tuple(
    f"stdnum/{name}.dat"
    for name in (
        "oui",
        "imsi",
        "isbn",
        "isil",
        "cfi",
        "gs1_ai",
        "cn/loc",
        "eu/nace20",
        "eu/nace21",
        "nz/banks",
        "be/banks",
    )
)
# The project's own modules keep their source beside the .pyc (readable tracebacks); the
# dependencies ship compiled only.
APP_FILES = ("app.py", "chalicelib", "chalice")
TRIMMED_SUFFIXES = (".pyi", ".pyc")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class BundleError(Exception):
    """The bundle cannot be built or breaks a limit; nothing was written to the output."""


@dataclass(frozen=True)
class Requirement:
    name: str
    text: str


@dataclass(frozen=True)
class Artifact:
    path: Path
    zipped: int
    unzipped: int
    parts: list[tuple[str, int]]


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_requirements(lock: Path = LOCK) -> list[Requirement]:
    """Each `name==version --hash ...` block of the lock, comments dropped."""
    blocks: list[Requirement] = []
    current: list[str] = []
    for line in lock.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line[0].isspace():
            current = [stripped]
            name = re.split(r"[=<>\[ ;]", stripped, maxsplit=1)[0]
            blocks.append(Requirement(normalise(name), ""))
        else:
            current.append(stripped)
        blocks[-1] = Requirement(blocks[-1].name, " ".join(current).replace("\\", " "))
    return blocks


def locked_versions(lock: Path = LOCK) -> dict[str, str]:
    versions = {}
    for requirement in locked_requirements(lock):
        match = re.match(r"[^=]+==([^ ;\\]+)", requirement.text)
        if match:
            versions[requirement.name] = match.group(1)
    return versions


def wheel_cache(architecture: str) -> Path:
    base = os.environ.get("COMPTOIR_WHEEL_CACHE") or str(
        Path.home() / ".cache" / "comptoir" / "wheels"
    )
    return Path(base) / f"cp{PYTHON_VERSION.replace('.', '')}-{architecture}"


def _pip_platform(architecture: str) -> list[str]:
    machine = ARCHITECTURES[architecture]
    # Lambda's python3.11 runtime is Amazon Linux 2 (glibc 2.26): manylinux wheels up to 2_26.
    tags = [f"manylinux2014_{machine}"]
    tags += [f"manylinux_2_{minor}_{machine}" for minor in range(17, GLIBC_MINOR + 1)]
    version = PYTHON_VERSION.replace(".", "")
    arguments = ["--only-binary=:all:", "--python-version", PYTHON_VERSION]
    arguments += ["--implementation", "cp", "--abi", f"cp{version}"]
    for tag in tags:
        arguments += ["--platform", tag]
    return arguments


def _pip(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *arguments]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def install(requirements: Sequence[Requirement], target: Path, architecture: str) -> None:
    """Installs the locked wheels from the cache, fetching (by hash) only what it lacks."""
    if not requirements:
        target.mkdir(parents=True, exist_ok=True)
        return
    cache = wheel_cache(architecture)
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(r.text for r in requirements) + "\n")
    try:
        common = ["--no-deps", "--require-hashes", "-r", handle.name, *_pip_platform(architecture)]
        offline = ["install", "--quiet", "--no-index", "--find-links", str(cache), "--no-compile"]
        offline += ["--target", str(target), *common]
        if _pip(*offline).returncode != 0:
            fetched = _pip("download", "--quiet", "--dest", str(cache), *common)
            if fetched.returncode != 0:
                raise BundleError(f"pip download failed:\n{fetched.stderr[-3000:]}")
            done = _pip(*offline)
            if done.returncode != 0:
                raise BundleError(f"pip install failed:\n{done.stderr[-3000:]}")
    finally:
        os.unlink(handle.name)


def trim(site: Path) -> None:
    """Drops what the Lambda code never reads: other services' models, unused data, stubs."""
    data = site / "botocore" / "data"
    if data.is_dir():
        for service in data.iterdir():
            if service.is_dir() and service.name not in BOTOCORE_SERVICES:
                shutil.rmtree(service)
    boto3_data = site / "boto3" / "data"
    if boto3_data.is_dir():
        for service in boto3_data.iterdir():
            if service.is_dir() and service.name not in BOTOCORE_SERVICES:
                shutil.rmtree(service)
    for relative in TRIMMED_DIRS:
        shutil.rmtree(site / relative, ignore_errors=True)
    for relative in TRIMMED_FILES:
        (site / relative).unlink(missing_ok=True)
    for locale_file in (site / "babel" / "locale-data").glob("*.dat"):
        if locale_file.stem not in BABEL_LOCALES:
            locale_file.unlink()
    for record in site.glob("*.dist-info/RECORD"):
        record.unlink()
    for pycache in list(site.rglob("__pycache__")):
        shutil.rmtree(pycache, ignore_errors=True)
    for path in list(site.rglob("*")):
        if path.is_file() and path.suffix in TRIMMED_SUFFIXES:
            path.unlink()
    shutil.rmtree(site / "bin", ignore_errors=True)


def compile_tree(root: Path, keep_source: Sequence[str] = ()) -> None:
    """`.pyc` for every module, valid whatever the zip does to timestamps.

    Under `keep_source` the `.py` stays and its `.pyc` goes to `__pycache__`; elsewhere the
    `.pyc` replaces the `.py` (a sourceless module is imported from `name.pyc`).
    """
    if sys.version_info[:2] != tuple(int(p) for p in PYTHON_VERSION.split(".")):
        raise BundleError(f"compile with Python {PYTHON_VERSION}, the Lambda runtime's")
    mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
    kept = [root / name for name in keep_source]
    for source in sorted(root.rglob("*.py")):
        with_source = any(source == k or k in source.parents for k in kept)
        target = None if with_source else str(source.with_suffix(".pyc"))
        try:
            py_compile.compile(str(source), cfile=target, doraise=True, invalidation_mode=mode)
        except py_compile.PyCompileError as error:
            if with_source:
                raise BundleError(f"{source.relative_to(root)} does not compile") from error
            # A dependency's template or test file that is not Python 3.11: it is never imported.
            continue
        if not with_source:
            source.unlink()


def write_zip(root: Path, path: Path) -> None:
    """Files in sorted order with one timestamp: the same tree gives the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(file.relative_to(root).as_posix(), ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if os.access(file, os.X_OK) else 0o644
            info.external_attr = (0o100000 | mode) << 16
            archive.writestr(info, file.read_bytes(), compresslevel=9)


def measure(path: Path, depth: int = 1) -> Artifact:
    """Zipped and unzipped sizes, and the compressed size of each top-level part."""
    parts: dict[str, int] = {}
    unzipped = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            unzipped += info.file_size
            name = "/".join(info.filename.split("/")[:depth])
            name = re.sub(r"-[^-/]+\.dist-info$", ".dist-info", name)
            parts[name] = parts.get(name, 0) + info.compress_size
    ranked = sorted(parts.items(), key=lambda item: -item[1])
    return Artifact(path, path.stat().st_size, unzipped, ranked)


def split(requirements: Iterable[Requirement]) -> tuple[list[Requirement], list[Requirement]]:
    function: list[Requirement] = []
    documents: list[Requirement] = []
    for requirement in requirements:
        (documents if requirement.name in DOCUMENT_PACKAGES else function).append(requirement)
    return function, documents


def build(chalice_zip: Path, out: Path, architecture: str = DEFAULT_ARCHITECTURE) -> list[Artifact]:
    """Writes out/function.zip and out/documents-layer.zip; returns their measures."""
    function_reqs, document_reqs = split(locked_requirements())
    with tempfile.TemporaryDirectory(prefix="comptoir-bundle-") as work:
        function_dir, layer_dir = Path(work) / "function", Path(work) / "layer" / "python"
        install(function_reqs, function_dir, architecture)
        install(document_reqs, layer_dir, architecture)
        for site in (function_dir, layer_dir):
            trim(site)
        with zipfile.ZipFile(chalice_zip) as app_files:
            for name in app_files.namelist():
                if name == "app.py" or name.startswith(("chalicelib/", "chalice/")):
                    app_files.extract(name, function_dir)
        compile_tree(function_dir, keep_source=APP_FILES)
        compile_tree(layer_dir)
        out.mkdir(parents=True, exist_ok=True)
        write_zip(function_dir, out / "function.zip")
        write_zip(layer_dir.parent, out / "documents-layer.zip")
    return [measure(out / "function.zip"), measure(out / "documents-layer.zip", depth=2)]


def check_limits(artifacts: Sequence[Artifact]) -> None:
    function = artifacts[0]
    if function.zipped > FUNCTION_LIMIT:
        raise BundleError(f"function.zip is {function.zipped / MB:.1f} MB, over 15 MB")
    total = sum(a.zipped for a in artifacts)
    if total > TOTAL_LIMIT:
        raise BundleError(f"function and layers are {total / MB:.1f} MB zipped, over 45 MB")


def report(artifacts: Sequence[Artifact], top: int = 8) -> str:
    lines = []
    for artifact in artifacts:
        lines.append(
            f"{artifact.path.name}: {artifact.zipped / MB:.1f} MB zipped, "
            f"{artifact.unzipped / MB:.1f} MB unzipped; biggest parts (compressed):"
        )
        lines += [f"  {size / MB:6.2f} MB  {name}" for name, size in artifact.parts[:top]]
    total = sum(a.zipped for a in artifacts)
    lines.append(f"function + layers: {total / MB:.1f} MB zipped (limits 15 MB and 45 MB)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.bundle", description=__doc__)
    parser.add_argument("--chalice-zip", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--architecture", choices=sorted(ARCHITECTURES), default="arm64")
    args = parser.parse_args(argv)
    try:
        artifacts = build(args.chalice_zip, args.out, args.architecture)
        print(report(artifacts))
        check_limits(artifacts)
    except BundleError as error:
        print(f"infra.bundle: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
