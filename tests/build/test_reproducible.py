"""Byte-identical rebuilds: a fresh clone rebuilds every committed output to the same bytes.

The clone gets a view of this checkout's virtual environment (symlinks, a fresh stamp) so the
test does not reinstall packages; the Makefile points code and data at the clone itself.
"""

import os
import shutil
import subprocess

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow
OUTPUT_DIRS = ["data/processed", "figures", "reports"]


def venv_view(clone):
    venv = clone / ".venv"
    venv.mkdir()
    for name in ("bin", "lib", "lib64", "include", "share", "etc"):
        if (ROOT / ".venv" / name).exists():
            os.symlink(ROOT / ".venv" / name, venv / name)
    shutil.copy(ROOT / ".venv" / "pyvenv.cfg", venv / "pyvenv.cfg")
    (venv / ".installed").touch()


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    clone = tmp_path_factory.mktemp("rebuild") / "clone"
    git(ROOT, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone))
    committed = {p: (clone / p).read_bytes() for p in git(clone, "ls-files", *OUTPUT_DIRS).split()}
    for folder in OUTPUT_DIRS:
        shutil.rmtree(clone / folder, ignore_errors=True)
    venv_view(clone)
    env = {k: v for k, v in os.environ.items() if k not in ("DEAN06_ROOT", "PYTHONPATH")}
    build = subprocess.run(["make", "report"], cwd=clone, env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return clone, committed, env


def test_outputs_are_committed(rebuilt):
    _, committed, _ = rebuilt
    for required in ("reports/de-an-06.vi.html", "reports/de-an-06.en.html", "data/processed/claims_clean.csv",
                     "data/processed/lineage.json", "figures/vi/identity.svg"):
        assert required in committed, f"{required} is not committed"


def test_rebuild_matches_committed_outputs_byte_for_byte(rebuilt):
    clone, committed, _ = rebuilt
    built = {str(p.relative_to(clone)) for d in OUTPUT_DIRS for p in (clone / d).rglob("*") if p.is_file()}
    differ = sorted(p for p, data in committed.items() if not (clone / p).is_file() or (clone / p).read_bytes() != data)
    unexpected = sorted(built - set(committed))
    assert not differ, f"committed outputs that a clean rebuild does not reproduce: {differ}"
    assert not unexpected, f"outputs the build writes but the repository does not hold: {unexpected}"


def test_second_build_does_nothing(rebuilt):
    clone, _, env = rebuilt
    again = subprocess.run(["make", "-q", "report"], cwd=clone, env=env)
    assert again.returncode == 0, "make report would run again with nothing changed"


def test_bad_input_stops_the_build_and_keeps_previous_outputs(rebuilt):
    """Runs last: it damages the clone. A quote typo must stop `make report` with file, row and column."""
    clone, _, env = rebuilt
    outputs = {p: p.read_bytes() for d in OUTPUT_DIRS for p in (clone / d).rglob("*") if p.is_file()}
    claims = clone / "data/raw/claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("hơn 130.700 đại biểu", "hơn 130.070 đại biểu"),
                      encoding="utf-8")
    build = subprocess.run(["make", "report"], cwd=clone, env=env, capture_output=True, text=True)
    assert build.returncode != 0
    assert "data/raw/claims.csv, row 10, column 'quote': quote not found" in build.stderr
    assert all(path.read_bytes() == data for path, data in outputs.items()), "a failed build changed an output"
