"""Data flows one way: every file a step reads is one it declares in the step graph
(dean06/pipeline/steps.toml), and it reads them all; every file under src/ it imports or reads is one
of its declared sources (dean06.pipeline.inputs); lineage.json records what the graph declares.

Read from the session's build (tests/built_tree.py), made with the read log on: an audit hook
(tests/read_log/sitecustomize.py) logs every file each Python process opens, under the build step
its process (or its parent build process) runs, or the module make runs for a command step.
"""

import json
import os
from pathlib import Path

import pytest

from dean06.pipeline import graph, inputs

pytestmark = pytest.mark.slow
STEPS = list(graph.steps())
# make's commands log under their module's last name; the input check runs in step 01's rule, so its
# code is step 01's too (its data is not the notebook's: the lineage checks leave it out)
PART_OF = {"check": "clean"}
# The build's own bookkeeping, read to refuse hand-edited outputs: not data a step is built from.
BOOKKEEPING = {"data/processed/lineage.json"}


@pytest.fixture(scope="module")
def reads(built_tree):
    root = built_tree.root.resolve()
    logs = {step: set() for step in [*STEPS, *PART_OF]}
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


def declared_data(root, step):
    """What the graph declares the step reads, in every language, with its notebook and the environment."""
    declared = graph.step(step)
    return {*graph.expand(declared.inputs, root), *([declared.notebook] if declared.notebook else []),
            *graph.environment()}


def written(root, step):
    declared = graph.step(step)
    return {*graph.expand(declared.outputs, root), *(declared.executed(lang) for lang in declared.runs() if declared.notebook)}


@pytest.mark.parametrize("step", STEPS)
def test_a_step_reads_only_the_files_it_declares(reads, built_tree, step):
    logs, _ = reads
    root = built_tree.root.resolve()
    data_reads = {p for p in logs[step] if p.split("/")[0] in ("data", "figures", "reports", "notebooks", "docs")
                  or "/" not in p}
    undeclared = sorted(data_reads - declared_data(root, step) - written(root, step) - BOOKKEEPING)
    assert not undeclared, f"step {step!r} reads files the step graph (steps.toml) does not declare: {undeclared}"


@pytest.mark.parametrize("step", STEPS)
def test_a_step_reads_every_input_it_declares(reads, built_tree, step):
    logs, _ = reads
    root = built_tree.root.resolve()
    unread = sorted(p for p in declared_data(root, step) if p.split("/")[0] in ("data", "figures") and p not in logs[step])
    assert not unread, f"step {step!r} declares inputs it never reads: {unread}"


@pytest.mark.parametrize("step", [name for name, s in graph.steps().items() if s.notebook])
def test_lineage_records_what_the_graph_declares(reads, built_tree, step):
    _, lineage = reads
    root = built_tree.root.resolve()
    declared = graph.step(step)
    for lang in declared.runs():
        entry = lineage[f"{step}-{lang}" if lang else step]
        assert entry["notebook"] == declared.notebook
        assert set(entry["inputs"]) == {declared.notebook, *graph.expand(declared.inputs, root, lang)}
        assert set(entry["outputs"]) == {*graph.expand(declared.outputs, root, lang), declared.executed(lang)}


@pytest.mark.parametrize("step", STEPS)
def test_a_step_imports_and_reads_only_its_declared_sources(reads, step):
    """The Makefile's rule for a step depends on exactly these files under src/ (a story edit reruns the
    report alone): a module or text file the step opens without declaring it would go unnoticed by make."""
    logs, _ = reads
    declared = set(inputs.sources(step))
    opened = logs[step].union(*(logs[part] for part, whole in PART_OF.items() if whole == step))
    undeclared = sorted(p for p in opened if p.startswith("src/") and p not in declared)
    assert not undeclared, f"step {step!r} opens files under src/ that dean06.pipeline.inputs does not give it: {undeclared}"


@pytest.mark.parametrize("step", STEPS)
def test_a_step_reads_every_text_file_it_declares(reads, step):
    logs, _ = reads
    opened = logs[step].union(*(logs[part] for part, whole in PART_OF.items() if whole == step))
    # templates and the story are read whatever the data; a wording part may be read only for some
    # data (the charts name an event kind with the report's words only when the archive has one)
    texts = [p for p in inputs.sources(step) if not p.endswith(".py") and "/wording/" not in p]
    unread = sorted(p for p in texts if p not in opened)
    assert not unread, f"step {step!r} declares text files it never reads: {unread}"
