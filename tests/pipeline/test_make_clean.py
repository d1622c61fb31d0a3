"""`make clean` removes built outputs only; data/raw/ (the evidence) is never touched."""

import hashlib
import shutil
import subprocess

from conftest import ROOT


def digests(folder):
    return {p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_make_clean_removes_outputs_and_keeps_the_evidence(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for folder in ("data", "figures", "reports"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    raw = digests(tmp_path / "data/raw")
    assert any((tmp_path / "data/processed").iterdir()) and any((tmp_path / "reports").rglob("*.html"))
    proc = subprocess.run(["make", "-s", "clean"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    for folder in ("data/processed", "figures", "reports"):
        assert not (tmp_path / folder).exists(), folder
    assert digests(tmp_path / "data/raw") == raw
