"""`make package`: the deployable artifacts of every stage, written to dist/.

    dist/bundle/function.zip, dist/bundle/documents-layer.zip   shared by every stage
    dist/<stage>/merge.json   the merge template (infra.build)
    dist/<stage>/sam.json     `chalice package` with the merge template applied

`chalice package` runs on a copy of the project whose requirements are empty: it writes the
SAM template and the app's own files (app.py, chalicelib/, the chalice/app.py it injects);
infra.bundle adds the locked dependencies for the Lambda platform. Needs no AWS account.

    python -m infra.package [--stage prod ...] [--out dist]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from infra import build, bundle

ROOT = build.ROOT
PROJECT_FILES = ("app.py", "chalicelib", ".chalice/config.json", ".chalice/policy.json")
DEFAULT_REGION = "eu-west-1"


class PackageError(Exception):
    """A step of the package failed; its output says which."""


def staging_project(into: Path, project_dir: Path = ROOT) -> Path:
    """The app without its requirements: Chalice has nothing to download or resolve."""
    project = into / "project"
    for relative in PROJECT_FILES:
        source, target = project_dir / relative, project / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    (project / "infra").mkdir(exist_ok=True)
    shutil.copy(project_dir / "infra" / "table.json", project / "infra" / "table.json")
    (project / "requirements.txt").write_text("")
    return project


def chalice_package(project: Path, stage: str, merge: Path, out: Path) -> None:
    command = [sys.executable, "-c", "from chalice.cli import main; main()", "package"]
    command += ["--stage", stage, "--merge-template", str(merge), str(out)]
    env = {**os.environ}
    env.setdefault("AWS_DEFAULT_REGION", DEFAULT_REGION)
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise PackageError(f"chalice package --stage {stage} failed:\n{done.stderr[-3000:]}")


def package_stage(stage: str, project: Path, out: Path) -> Path:
    """dist/<stage>/sam.json and merge.json; returns the app-only zip Chalice wrote."""
    stage_dir = out / stage
    shutil.rmtree(stage_dir, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=f"comptoir-{stage}-") as work:
        merge = build.write_merge_template(stage, Path(work))
        chalice_out = Path(work) / "chalice"
        chalice_package(project, stage, merge, chalice_out)
        stage_dir.mkdir(parents=True)
        shutil.copy(merge, stage_dir / "merge.json")
        shutil.copy(chalice_out / "sam.json", stage_dir / "sam.json")
        app_zip = out / "bundle" / "chalice-app.zip"
        app_zip.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(chalice_out / "deployment.zip", app_zip)
    return app_zip


def _check_code_uris(sam: Path) -> None:
    """Every function and layer points at a file of dist/bundle, none at Chalice's own zip."""
    resources = json.loads(sam.read_text())["Resources"]
    for logical_id, resource in resources.items():
        properties = resource.get("Properties", {})
        uri = properties.get("CodeUri") or properties.get("ContentUri")
        serverless = resource["Type"].startswith("AWS::Serverless::")
        if serverless and isinstance(uri, str) and not (sam.parent / uri).is_file():
            raise PackageError(f"{logical_id} points at {uri}, which was not built")


def package(stages: Sequence[str], out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="comptoir-package-") as work:
        project = staging_project(Path(work))
        app_zip = package_stage(stages[0], project, out)
        artifacts = bundle.build(app_zip, out / "bundle", build.ARCHITECTURE)
        app_zip.unlink()
        for stage in stages[1:]:
            package_stage(stage, project, out).unlink()
    for stage in stages:
        _check_code_uris(out / stage / "sam.json")
    print(bundle.report(artifacts))
    bundle.check_limits(artifacts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.package", description=__doc__)
    parser.add_argument("--stage", action="append", choices=build.stages())
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    stages = args.stage or build.stages()
    try:
        package(stages, args.out)
    except (build.BuildError, bundle.BundleError, PackageError) as error:
        print(f"infra.package: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
