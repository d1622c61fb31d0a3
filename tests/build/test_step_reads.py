"""Data flows one way: every file a step reads is one of its lineage inputs, and it reads them all.

Each step runs for real (papermill kernels included) in a copy of the project, with an audit hook
(tests/read_log/sitecustomize.py) logging every file each process opens.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow
STEPS = ["clean", "reconcile", "charts", "report"]
# The build's own bookkeeping, read to refuse hand-edited outputs: not data a step is built from.
BOOKKEEPING = {"data/processed/lineage.json"}


@pytest.fixture(scope="module")
def reads(tmp_path_factory):
    root = tmp_path_factory.mktemp("reads") / "project"
    for folder in ("data", "notebooks", "figures", "reports"):
        shutil.copytree(ROOT / folder, root / folder)
    for name in ("requirements.lock", "requirements.in", "pyproject.toml", "CITATION.cff"):
        shutil.copy(ROOT / name, root / name)
    logs = {}
    for step in STEPS:
        folder = root.parent / f"log-{step}"
        folder.mkdir()
        env = dict(os.environ, DEAN06_ROOT=str(root), DEAN06_READ_LOG=str(folder),
                   PYTHONPATH=os.pathsep.join([str(ROOT / "tests/read_log"), str(ROOT / "src"), str(ROOT / "dev")]))
        proc = subprocess.run([sys.executable, "-m", "dean06.build", step], env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr[-3000:]
        opened = set()
        for log in folder.glob("*.log"):
            for line in log.read_text(encoding="utf-8").splitlines():
                kind, _, path = line.partition("\t")
                full = Path(path) if os.path.isabs(path) else None
                if kind == "r" and full is not None:
                    try:
                        rel = full.resolve().relative_to(root.resolve()).as_posix()
                    except ValueError:
                        continue
                    if (root / rel).is_file():
                        opened.add(rel)
        logs[step] = opened
    lineage = json.loads((root / "data/processed/lineage.json").read_text(encoding="utf-8"))["steps"]
    return root, logs, lineage


def _entries(lineage, step):
    return [entry for name, entry in lineage.items() if name == step or name.startswith(step + "-")]


@pytest.mark.parametrize("step", STEPS)
def test_a_step_reads_only_its_lineage_inputs(reads, step):
    root, logs, lineage = reads
    declared = set().union(*(set(e["inputs"]) | {e["notebook"]} for e in _entries(lineage, step)))
    outputs = set().union(*(set(e["outputs"]) for e in _entries(lineage, step)))
    data_reads = {p for p in logs[step] if p.split("/")[0] in ("data", "figures", "reports", "notebooks")}
    undeclared = sorted(data_reads - declared - outputs - BOOKKEEPING)
    assert not undeclared, f"step {step!r} reads files its lineage does not list as inputs: {undeclared}"


@pytest.mark.parametrize("step", STEPS)
def test_a_step_reads_every_input_its_lineage_lists(reads, step):
    root, logs, lineage = reads
    declared = set().union(*(set(e["inputs"]) for e in _entries(lineage, step)))
    unread = sorted(p for p in declared if p.split("/")[0] in ("data", "figures") and p not in logs[step])
    assert not unread, f"step {step!r} lists inputs it never reads: {unread}"
