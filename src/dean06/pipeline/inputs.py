"""The files under src/ each build step depends on: the code it imports and the text it reads.

A step's code is computed, not listed: the modules its notebook imports (read from the notebook's
code cells) or the module make runs (as the step graph, steps.toml, names them), the build runner's
own modules, and everything those import, at any depth, read from the sources with `ast`. Text
files (templates, story, wording) are not imports, so the step graph declares them (`texts`).
tests/pipeline/test_step_reads.py fails when a step's process opens a file under src/ that is not in
its list, so neither half can drift.

The step rules make includes (`.tmp/steps.mk`, dean06.pipeline.makerules) depend on these files, one
variable per step, `<STEP>_SRC`: a one-word story edit reruns the report step alone, a chart's
wording edit the charts and the report. Only the standard library is used, so the rules can be
made before the project's environment exists.
"""

from __future__ import annotations

import ast
import json
from functools import lru_cache
from pathlib import Path

from dean06 import paths
from dean06.pipeline import graph

PACKAGE = "dean06"
# The build runner (`python -m dean06.pipeline STEP`) and what it stands on: its imports are followed
# only inside dean06.pipeline and the ground floor (modules directly in dean06/); what else a step
# needs, its notebook imports (the runner's table loads the chart registry and the report's title
# only for the steps that have them, which their notebooks import too).
RUNNER = ["dean06.pipeline.__main__", "dean06.pipeline.steps", "dean06.pipeline.runner", "dean06.pipeline.render",
          "dean06.pipeline.stage", "dean06.pipeline.lineage"]
COMMAND = ["dean06.command"]  # how make runs every other command


def runs(step: str) -> list[str]:
    """What runs a step, as the graph declares it: its notebook or module, and its input check."""
    declared = graph.step(step)
    first = [declared.first.split()[0]] if declared.first else []
    return [declared.notebook or declared.module, *first]


def _src() -> Path:
    return paths.project_root() / "src"


def module_file(name: str) -> Path | None:
    """The source of a dean06 module or package, or None when `name` is not one."""
    base = _src().joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _package_of(name: str, file: Path) -> str:
    return name if file.name == "__init__.py" else name.rpartition(".")[0]


@lru_cache(maxsize=None)
def imports(name: str) -> frozenset[str]:
    """The dean06 modules `name` imports anywhere in its source (also inside functions), with the
    packages that hold them. A package that loads its own modules by name (the chart registry,
    importlib.import_module(f"{__name__}.{name}")) imports all of them."""
    file = module_file(name)
    if file is None:
        return frozenset()
    source = file.read_text(encoding="utf-8")
    package = _package_of(name, file)
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    if "import_module(f\"{__name__}." in source:
        found.update(f"{package}.{p.stem}" for p in file.parent.glob("*.py") if p.name != "__init__.py")
    modules = set()
    for module in found:
        if module.split(".")[0] != PACKAGE:
            continue
        parts = module.split(".")
        modules.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return frozenset(m for m in modules if module_file(m) is not None)


def closure(entries: list[str], within=lambda name: True) -> set[str]:
    """The modules `entries` import at any depth, staying among the modules `within` accepts."""
    seen, todo = set(), list(entries)
    while todo:
        name = todo.pop()
        if name in seen or module_file(name) is None or not within(name):
            continue
        seen.add(name)
        todo.extend(imports(name))
    return seen


def notebook_imports(notebook: Path) -> list[str]:
    """The dean06 modules a notebook's code cells import (none for a missing notebook: make's own rule
    for it says how to restore it)."""
    found = []
    if not notebook.is_file():
        return found
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        code = "\n".join(line for line in "".join(cell["source"]).splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Import):
                found += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                found += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return [name for name in found if name.split(".")[0] == PACKAGE]


def _runner_code(name: str) -> bool:
    return name.startswith("dean06.pipeline.") or name.count(".") == 1 or name == PACKAGE


def sources(step: str) -> list[str]:
    """Every file under src/ that `step` imports or reads, relative to the project, sorted."""
    root = paths.project_root()
    declared = graph.step(step)
    entries = []
    for item in runs(step):
        entries += notebook_imports(root / item) if item.endswith(".ipynb") else [item]
    runner = RUNNER if declared.notebook else COMMAND
    modules = closure(entries) | closure(runner, within=_runner_code)
    modules |= {m.rsplit(".", i)[0] for m in modules for i in range(1, m.count(".") + 1)}  # their packages
    files = {module_file(m).relative_to(root).as_posix() for m in modules}
    if declared.notebook:  # the runner reads the step graph
        files.add(module_file("dean06.pipeline.graph").with_name(graph.DECLARATION.name).relative_to(root).as_posix())
    files.update(rel for rel in graph.expand(declared.texts, root) if (root / rel).is_file() and not _skipped(rel))
    return sorted(files)


def _skipped(rel: str) -> bool:
    """Caches and install metadata are not inputs (as for the report's manifest)."""
    return any(part == "__pycache__" or part.startswith(".") or part.endswith(".egg-info") for part in rel.split("/"))


if __name__ == "__main__":  # each step's files under src/, one line each
    for name in graph.steps():
        print(f"{name}: {' '.join(sources(name))}")
