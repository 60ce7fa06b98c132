"""A wheel built from the repository carries the catalogue and templates."""

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (path,) = out.glob("cpd_xl-*.whl")
    return path


def test_wheel_holds_every_shipped_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("catalogue", "templates"):
        shipped = [
            p.relative_to(ROOT).as_posix()
            for p in (ROOT / folder).iterdir()
            if p.is_file() and not p.name.startswith(".")
        ]
        assert shipped, f"{folder}/ ships nothing"
        for name in shipped:
            assert f"cpd_xl/{name}" in names


def test_a_fresh_environment_finds_the_shipped_folders(wheel, tmp_path):
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
    )
    # Run from an empty folder so the source checkout cannot be found instead.
    script = (
        "from cpd_xl.resources import catalogue_dir, templates_dir\n"
        "import cpd_xl\n"
        "print(catalogue_dir()); print(templates_dir()); print(cpd_xl.__file__)\n"
        "assert (catalogue_dir() / 'policy.toml').is_file()\n"
        "assert (catalogue_dir() / 'catalogue.csv').is_file()\n"
        "assert any(templates_dir().glob('*.j2'))\n"
    )
    done = subprocess.run(
        [str(python), "-I", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    catalogue, templates, package = done.stdout.splitlines()
    site = str(env_dir)
    assert catalogue.startswith(site) and templates.startswith(site)
    assert package.startswith(site)
