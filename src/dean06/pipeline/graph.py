"""The step graph (steps.toml beside this file): read it and expand its paths.

The declaration is TOML, read with the standard library, so that make can generate its rules with
any Python 3.11+ before the project's environment exists (dean06.pipeline.makerules), and every
build process reads it without a parser of its own. This module imports nothing of the steps it
describes, so the report can digest the graph's inputs without an import cycle.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import re
import sys
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path

from dean06 import paths
from dean06.edition import LANGS

DECLARATION = Path(__file__).with_name("steps.toml")
PLACEHOLDERS = ("lang", "chart", "source")
EXECUTED = "reports/executed"
ARCHIVE = "data/raw/articles/"  # the steps that read it set its files read-only first


@dataclass(frozen=True)
class Step:
    name: str
    notebook: str | None  # run by the build's runner, or
    module: str | None  # run by make through dean06.command
    langs: bool
    page: str | None
    first: str | None
    inputs: tuple[str, ...]  # patterns, groups resolved
    texts: tuple[str, ...]
    outputs: tuple[str, ...]
    after: tuple[str, ...]

    def executed(self, lang: str | None = None) -> str:
        """Where the runner keeps the executed notebook of a run."""
        stem = Path(self.notebook).stem
        return f"{EXECUTED}/{stem}.{lang}.ipynb" if lang else f"{EXECUTED}/{stem}.ipynb"

    def runs(self) -> list[str | None]:
        """The language of each run: one per language with `langs`, else one run without."""
        return list(LANGS) if self.langs else [None]


@lru_cache(maxsize=1)
def _declaration() -> dict:
    with DECLARATION.open("rb") as handle:
        return tomllib.load(handle)


def environment() -> list[str]:
    return list(_declaration()["environment"])


def steps() -> dict[str, Step]:
    """Every step, in the declaration's order."""
    data = _declaration()
    groups = data.get("groups", {})

    def resolve(items: list[str]) -> tuple[str, ...]:
        return tuple(p for item in items for p in groups.get(item, [item]))

    found = {}
    for name, raw in data["steps"].items():
        unknown = set(raw) - {"notebook", "module", "langs", "page", "first", "inputs", "texts", "outputs", "after"}
        if unknown or bool(raw.get("notebook")) == bool(raw.get("module")):
            raise ValueError(f"{DECLARATION}: step {name!r} needs a notebook or a module (not both)"
                             + (f" and has unknown keys {sorted(unknown)}" if unknown else ""))
        found[name] = Step(name, raw.get("notebook"), raw.get("module"), bool(raw.get("langs")), raw.get("page"),
                           raw.get("first"), resolve(raw.get("inputs", [])), tuple(raw.get("texts", [])),
                           resolve(raw.get("outputs", [])), tuple(raw.get("after", [])))
    return found


def step(name: str) -> Step:
    return steps()[name]


# --- paths, as the runner and the tests see them -------------------------------------------------

def chart_names() -> list[str]:
    from dean06.publish.charts import NAMES  # the chart registry: names only, no drawing libraries

    return list(NAMES)


def source_ids(root: Path) -> list[str]:
    """The sources of data/raw/sources.csv (none when it is missing: its own check says so)."""
    table = paths.raw_dir(root) / "sources.csv"
    if not table.is_file():
        return []
    with table.open(encoding="utf-8", newline="") as handle:
        return [row["source_id"] for row in csv.DictReader(handle) if row.get("source_id")]


def expand(patterns, root: Path | None = None, lang: str | None = None, *, folders: bool = False) -> list[str]:
    """The files the patterns name, relative to the project, in the declaration's order: placeholders
    filled ({lang} with `lang` when given, else each language), globs matched in `root`; folders
    (ending in /) only with `folders`."""
    root = Path(root or paths.project_root())
    found: list[str] = []
    for pattern in patterns:
        if pattern.endswith("/"):
            if folders:
                found.append(pattern.rstrip("/"))
            continue
        values = {"lang": [lang] if lang else list(LANGS)}
        if "{chart}" in pattern:
            values["chart"] = chart_names()
        if "{source}" in pattern:
            values["source"] = source_ids(root)
        used = [k for k in PLACEHOLDERS if "{" + k + "}" in pattern]
        for combination in product(*(values[k] for k in used)):
            path = pattern.format(**dict(zip(used, combination)))
            if glob.has_magic(path):
                found += sorted(p.relative_to(root).as_posix() for p in root.glob(path) if p.is_file())
            else:
                found.append(path)
    return list(dict.fromkeys(found))


def producer(rel: str) -> str | None:
    """The step declared to write `rel` (an executed notebook included), or None for a file no step
    writes (raw data, code). Matched against the patterns, so that no registry or table is read."""
    for s in steps().values():
        executed = [s.executed(lang) for lang in s.runs()] if s.notebook else []
        if rel in executed or any(_pattern(p).fullmatch(rel) for p in s.outputs):
            return s.name
    return None


@lru_cache(maxsize=None)
def _pattern(pattern: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", pattern)
    return re.compile("".join(re.escape(part).replace(r"\*", "[^/]*") if i % 2 == 0
                              else "(?:" + "|".join(map(re.escape, LANGS)) + ")" if part == "lang" else "[^/]+"
                              for i, part in enumerate(parts)))


def build_inputs(root: Path | None = None) -> list[str]:
    """Every file the build is made from, relative to the project: the data and notebooks the steps
    declare, the code and text under src/, and the environment."""
    root = Path(root or paths.project_root())
    data = {p for s in steps().values() for p in [*expand(s.inputs, root), *([s.notebook] if s.notebook else [])]}
    data -= {p for s in steps().values() for p in expand(s.outputs, root)}  # built, not an input of the build
    code = paths.code_root()
    src = sorted(p.relative_to(code).as_posix() for p in (code / "src").rglob("*") if p.is_file() and not _skipped(p))
    return [*sorted(data), *src, *environment()]


def _skipped(path: Path) -> bool:
    """Caches, notebook checkpoints and install metadata are not inputs."""
    return any(part == "__pycache__" or part.startswith(".") or part.endswith(".egg-info") for part in path.parts)


def inputs_digest(root: Path) -> str:
    """One SHA-256 over every build input (path and content), so the report's manifest names what it
    was built from, whichever commit holds it: editing, rebuilding and committing in any order agree.
    Data and notebooks are the project's; code and environment the checkout's that runs."""
    root, code = Path(root), paths.code_root()
    digest = hashlib.sha256()
    for rel in build_inputs(root):
        full = (code if rel.startswith("src/") or rel in environment() else root) / rel
        if full.is_file():
            digest.update(rel.encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(full.read_bytes()).digest())
    return digest.hexdigest()


# --- make's rules ----------------------------------------------------------------------------------
