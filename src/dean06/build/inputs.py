"""The files under src/ each build step depends on: the code it imports and the text it reads.

A step's code is computed, not listed: the modules its notebook imports (read from the notebook's
code cells) or the module make runs, the build runner's own modules, and everything those import,
at any depth, read from the sources with `ast`. Text files (templates, story, wording) are not
imports, so each step declares them in TEXTS. tests/build/test_step_reads.py fails when a step's
process opens a file under src/ that is not in its list, so neither half can drift.

The Makefile includes what `python -m dean06.build.inputs` prints (`.tmp/step-inputs.mk`,
remade when a module or notebook changes): one variable per step, `<STEP>_SRC`. A one-word story
edit therefore reruns the report step alone, a chart's wording edit the charts and the report.
"""

from __future__ import annotations

import ast
import json
import sys
from functools import lru_cache
from pathlib import Path

from dean06 import paths

PACKAGE = "dean06"
# The build runner (`python -m dean06.build STEP`) and what it stands on: its imports are followed
# only inside dean06.build and the ground floor (modules directly in dean06/); what else a step
# needs, its notebook imports (the runner's table loads the chart registry and the report's title
# only for the steps that have them, which their notebooks import too).
RUNNER = ["dean06.build.__main__", "dean06.build.steps", "dean06.build.runner", "dean06.build.render",
          "dean06.build.stage", "dean06.build.lineage"]
COMMAND = ["dean06.command"]  # how make runs every other command

WORDING = "src/dean06/wording/{lang}/{part}.yaml"
TEMPLATES = "src/dean06/publish/templates"


def wording(*parts: str) -> list[str]:
    return [WORDING.format(lang=lang, part=part) for part in parts for lang in ("vi", "en")]


# step -> (what runs it: notebooks, or the module make runs; the text files it reads, as glob patterns)
STEPS: dict[str, tuple[list[str], list[str]]] = {
    # make checks every input (dean06.reconcile.check) before step 01 cleans
    "clean": (["notebooks/01_clean.ipynb", "dean06.reconcile.check"], wording("derivations", "findings")),
    "reconcile": (["notebooks/02_reconcile.ipynb"], wording("findings")),
    "charts": (["notebooks/03_charts.ipynb"], wording("charts", "report")),
    # the report's manifest digests every file under src/ (dean06.publish.report.inputs_digest), so any
    # code edit reruns it; a story or report wording edit reruns it alone
    "report": (["notebooks/04_report.ipynb"], ["src/dean06/**/*"]),
    "numbers": (["dean06.evidence.numbers"], []),
    "audit_pages": (["dean06.publish.audit_pages"],
                    [*wording("audit", "report"), f"{TEMPLATES}/audit/*", f"{TEMPLATES}/shared/*",
                     f"{TEMPLATES}/report/static/report.css"]),
    "datapackage": (["dean06.publish.datapackage"], wording("report")),
}
BUILD_STEPS = ("clean", "reconcile", "charts", "report")  # run by the runner; the others by dean06.command


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
    return name.startswith("dean06.build.") or name.count(".") == 1 or name == PACKAGE


def sources(step: str) -> list[str]:
    """Every file under src/ that `step` imports or reads, relative to the project, sorted."""
    runs, texts = STEPS[step]
    entries = []
    for item in runs:
        entries += notebook_imports(paths.project_root() / item) if item.endswith(".ipynb") else [item]
    runner = RUNNER if step in BUILD_STEPS else COMMAND
    modules = closure(entries) | closure(runner, within=_runner_code)
    modules |= {m.rsplit(".", i)[0] for m in modules for i in range(1, m.count(".") + 1)}  # their packages
    root = paths.project_root()
    files = {module_file(m).relative_to(root).as_posix() for m in modules}
    for pattern in texts:
        files.update(rel for p in root.glob(pattern) if p.is_file() and not _skipped(rel := p.relative_to(root).as_posix()))
    return sorted(files)


def _skipped(rel: str) -> bool:
    """Caches and install metadata are not inputs (as for the report's manifest)."""
    return any(part == "__pycache__" or part.startswith(".") or part.endswith(".egg-info") for part in rel.split("/"))


def makefile() -> str:
    lines = ["# Made by `python -m dean06.build.inputs` (dean06/build/inputs.py) when a module or notebook",
             "# changes: each step's files under src/, the code it imports and the text it reads."]
    for step in STEPS:
        lines.append(f"{step.upper()}_SRC := " + " \\\n  ".join(sources(step)))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(makefile())
