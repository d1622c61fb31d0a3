"""Data flows one way: every file a step reads is one of its lineage inputs, and it reads them all.

Read from the session's build (tests/built_tree.py), made with the read log on: an audit hook
(tests/read_log/sitecustomize.py) logs every file each Python process opens, under the build step
its process (or its parent build process) runs.
"""

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
STEPS = ["clean", "reconcile", "charts", "report"]
# The build's own bookkeeping, read to refuse hand-edited outputs: not data a step is built from.
BOOKKEEPING = {"data/processed/lineage.json"}


@pytest.fixture(scope="module")
def reads(built_tree):
    root = built_tree.root.resolve()
    logs = {step: set() for step in STEPS}
    for log in sorted(built_tree.log_dir.glob("*.log")):
        step = log.name.split(".", 1)[0]
        if step not in logs:  # make's other commands, which no step entry describes
            continue
        for line in log.read_text(encoding="utf-8").splitlines():
            kind, _, path = line.partition("\t")
            if kind != "r" or not os.path.isabs(path):
                continue
            try:
                rel = Path(path).resolve().relative_to(root).as_posix()
            except ValueError:
                continue
            if (root / rel).is_file():
                logs[step].add(rel)
    assert all(logs.values()), f"a step logged no reads: {[s for s, r in logs.items() if not r]}"
    lineage = json.loads((root / "data/processed/lineage.json").read_text(encoding="utf-8"))["steps"]
    return logs, lineage


def _entries(lineage, step):
    return [entry for name, entry in lineage.items() if name == step or name.startswith(step + "-")]


@pytest.mark.parametrize("step", STEPS)
def test_a_step_reads_only_its_lineage_inputs(reads, step):
    logs, lineage = reads
    declared = set().union(*(set(e["inputs"]) | {e["notebook"]} for e in _entries(lineage, step)))
    outputs = set().union(*(set(e["outputs"]) for e in _entries(lineage, step)))
    data_reads = {p for p in logs[step] if p.split("/")[0] in ("data", "figures", "reports", "notebooks")}
    undeclared = sorted(data_reads - declared - outputs - BOOKKEEPING)
    assert not undeclared, f"step {step!r} reads files its lineage does not list as inputs: {undeclared}"


@pytest.mark.parametrize("step", STEPS)
def test_a_step_reads_every_input_its_lineage_lists(reads, step):
    logs, lineage = reads
    declared = set().union(*(set(e["inputs"]) for e in _entries(lineage, step)))
    unread = sorted(p for p in declared if p.split("/")[0] in ("data", "figures") and p not in logs[step])
    assert not unread, f"step {step!r} lists inputs it never reads: {unread}"
