"""Data flows one way: every file a step reads is one of its lineage inputs, and it reads them all;
every file under src/ it imports or reads is one of its declared sources (dean06.build.inputs).

Read from the session's build (tests/built_tree.py), made with the read log on: an audit hook
(tests/read_log/sitecustomize.py) logs every file each Python process opens, under the build step
its process (or its parent build process) runs.
"""

import json
import os
from pathlib import Path

import pytest

from dean06.build import inputs

pytestmark = pytest.mark.slow
STEPS = ["clean", "reconcile", "charts", "report"]
# make's commands log under their module's last name; the input check runs in step 01's rule, so its
# code is step 01's too (its data is not the notebook's: the lineage checks leave it out)
PART_OF = {"check": "clean"}
# The build's own bookkeeping, read to refuse hand-edited outputs: not data a step is built from.
BOOKKEEPING = {"data/processed/lineage.json"}


@pytest.fixture(scope="module")
def reads(built_tree):
    root = built_tree.root.resolve()
    logs = {step: set() for step in [*STEPS, *inputs.STEPS, *PART_OF]}
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
                logs[step].add(source_of(rel))
    assert all(logs.values()), f"a step logged no reads: {[s for s, r in logs.items() if not r]}"
    lineage = json.loads((root / "data/processed/lineage.json").read_text(encoding="utf-8"))["steps"]
    return logs, lineage


def source_of(rel: str) -> str:
    """A module's compiled copy stands for its source: src/dean06/x/__pycache__/y.cpython-311.pyc -> src/dean06/x/y.py."""
    path = Path(rel)
    if path.parent.name == "__pycache__" and path.suffix == ".pyc":
        return (path.parent.parent / (path.name.split(".")[0] + ".py")).as_posix()
    return rel


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


@pytest.mark.parametrize("step", list(inputs.STEPS))
def test_a_step_imports_and_reads_only_its_declared_sources(reads, step):
    """The Makefile's rule for a step depends on exactly these files under src/ (a story edit reruns the
    report alone): a module or text file the step opens without declaring it would go unnoticed by make."""
    logs, _ = reads
    declared = set(inputs.sources(step))
    opened = logs[step].union(*(logs[part] for part, whole in PART_OF.items() if whole == step))
    undeclared = sorted(p for p in opened if p.startswith("src/") and p not in declared)
    assert not undeclared, f"step {step!r} opens files under src/ that dean06.build.inputs does not give it: {undeclared}"


@pytest.mark.parametrize("step", list(inputs.STEPS))
def test_a_step_reads_every_text_file_it_declares(reads, step):
    logs, _ = reads
    opened = logs[step].union(*(logs[part] for part, whole in PART_OF.items() if whole == step))
    # templates and the story are read whatever the data; a wording part may be read only for some
    # data (the charts name an event kind with the report's words only when the archive has one)
    texts = [p for p in inputs.sources(step) if not p.endswith(".py") and "/wording/" not in p]
    unread = sorted(p for p in texts if p not in opened)
    assert not unread, f"step {step!r} declares text files it never reads: {unread}"
