"""The project frame: pinned environment files agree, make help documents every target."""

import subprocess

from conftest import ROOT

from dean06.pipeline import envfiles


def test_environment_yml_agrees_with_lock():
    assert envfiles.disagreements(ROOT) == []


def test_disagreement_is_detected(tmp_path):
    for name in ("requirements.in", "requirements.lock"):
        (tmp_path / name).write_text((ROOT / name).read_text())
    env = (ROOT / "environment.yml").read_text().replace("pandas=", "pandas=0.0.1+x", 1)
    (tmp_path / "environment.yml").write_text(env)
    [problem] = envfiles.disagreements(tmp_path)
    assert problem.startswith("pandas: environment.yml pins 0.0.1+x")


def test_every_top_level_requirement_is_locked_exactly():
    lock = envfiles.read_lock(ROOT / "requirements.lock")
    for name in envfiles.read_requirements_in(ROOT / "requirements.in"):
        assert lock[name].count(".") >= 1, name


def test_make_help_lists_every_target():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    targets = [line.split(":")[0] for line in (ROOT / "Makefile").read_text().splitlines()
               if "## " in line and not line.startswith(("#", "\t")) and ":" in line]
    assert len(targets) >= 6
    for target in targets:
        assert target in out
