"""Lineage: which notebook, with which parameters, inputs and package versions, produced each output.

`data/processed/lineage.json` holds one entry per run of a build step, with the inputs and outputs
the step graph (steps.toml) declares for it. A run's entry (`entry(...)`) is computed from its
staged outputs and committed together with them (`dean06.pipeline.stage`), so the file never
disagrees with the outputs; `verify(root)` (part of the audit) then checks that every recorded
file still exists and hashes as recorded. A changed output means someone edited a built file by
hand; a changed input means the outputs built from it are stale.

The file is deterministic (sorted keys, paths relative to the project, no timestamps), so an
unchanged rebuild leaves it byte-identical and git shows only real changes.
"""

from __future__ import annotations

import fcntl
import json
import os
import platform
import sys
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from dean06 import atomic
from dean06 import paths
from dean06.digest import sha256_of
from dean06.problems import Problem

FILENAME = "lineage.json"
FORMAT_VERSION = 1


def lineage_path(root: Path | None = None) -> Path:
    return paths.processed_dir(root) / FILENAME


def _relative(path: Path | str, root: Path) -> str:
    """The path as recorded: POSIX, relative to the project, so clones agree byte for byte."""
    path = Path(path)
    if not path.is_absolute():
        if ".." in path.parts:
            raise ValueError(f"{path} may lead outside the project: give it relative to {root}, without '..'")
        return path.as_posix()
    for base, candidate in ((root.absolute(), path.absolute()), (root.resolve(), path.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    raise ValueError(f"{path} is outside the project at {root}: lineage records project files only")


def _expand(items: list[Path], root: Path, base: Path | None = None) -> list[str]:
    """Relative file paths, a folder standing for every file under it; lineage.json itself is left out.

    `base` is where the files are looked at (a step's staging folder), `root` what they are relative to."""
    base = base or root
    own = _relative(lineage_path(root), root)
    found: set[str] = set()
    for item in items:
        rel = _relative(item, root)
        full = base / rel
        if full.is_dir():
            found.update(_relative(p, base) for p in full.rglob("*") if p.is_file())
        else:
            found.add(rel)
    found.discard(own)
    return sorted(found)


def requirement_names(root: Path) -> list[str]:
    """Top-level packages from requirements.in (the project's, when `root` has none, e.g. a synthetic corpus)."""
    from dean06.pipeline.envfiles import read_requirements_in

    for base in (root, paths.code_root()):
        if (base / "requirements.in").is_file():
            return read_requirements_in(base / "requirements.in")
    return []


def package_versions(root: Path) -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in requirement_names(root):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _jsonable(value, root: Path):
    """Parameters as JSON: paths relative to the project where possible, containers recursively."""
    if isinstance(value, Path):
        try:
            return _relative(value, root)
        except ValueError:
            return value.as_posix()
    if isinstance(value, dict):
        return {str(k): _jsonable(v, root) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, root) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def dumps(data: dict) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def load(root: Path | None = None) -> dict:
    """The lineage file's content; an empty skeleton when it does not exist yet."""
    path = lineage_path(root)
    if not path.exists():
        return {"format": FORMAT_VERSION, "steps": {}}
    return json.loads(path.read_text(encoding="utf-8"))


@contextmanager
def _locked(folder: Path):
    """Serialise read-modify-write between steps run in parallel (make -j) without a stray lock file."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def locked(root: Path | None = None):
    """Hold the lineage lock (a step's commit reads and replaces lineage.json under it)."""
    return _locked(lineage_path(root).parent)


def entry(root: Path | None, notebook: str, parameters: dict, inputs: list[Path], outputs: list[Path],
          *, built_in: Path | None = None) -> dict:
    """A step's record: the current hashes of its inputs, and of its outputs as found in `built_in`
    (the step's staging folder; the project itself by default), each named relative to the project."""
    root = Path(root or paths.project_root())
    base = Path(built_in or root)
    return {
        "notebook": _jsonable(Path(notebook), root),
        "parameters": _jsonable(dict(parameters), root),
        "inputs": {rel: sha256_of(root / rel) for rel in _expand(inputs, root)},
        "outputs": {rel: sha256_of(base / rel) for rel in _expand([_relative(o, root) if Path(o).is_absolute()
                                                                  else o for o in outputs], root, base)},
        "packages": package_versions(root),
    }


def with_entries(root: Path | None, entries: dict[str, dict]) -> str:
    """lineage.json's text with the entries of these steps replaced and the others kept (call under `locked`)."""
    data = load(root)
    data.setdefault("steps", {}).update(entries)
    data["format"] = FORMAT_VERSION
    return dumps(data)


def record(root: Path | None, step: str, notebook: str, parameters: dict,
           inputs: list[Path], outputs: list[Path]) -> None:
    """Replace the entry of `step` with the current hashes of its inputs and outputs; keep the others."""
    root = Path(root or paths.project_root())
    made = entry(root, notebook, parameters, inputs, outputs)
    with locked(root):
        atomic.write_text(lineage_path(root), with_entries(root, {step: made}))


def verify(root: Path | None = None) -> list[Problem]:
    """Every recorded output present and unaltered; every recorded input unchanged (else its outputs are stale)."""
    root = Path(root or paths.project_root())
    path = lineage_path(root)
    name = _relative(path, root)
    if not path.exists():
        return []  # nothing built yet
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        steps = data["steps"]
        assert isinstance(steps, dict)
    except (ValueError, KeyError, TypeError, AssertionError) as err:
        return [Problem(name, f"not a valid lineage file ({err}); rebuild with `make report`")]
    problems: list[Problem] = []
    for step, entry in sorted(steps.items()):
        notebook = entry.get("notebook", "?")
        outputs = sorted(entry.get("outputs", {}))
        for rel, recorded in sorted(entry.get("outputs", {}).items()):
            full = root / rel
            if not full.is_file():
                problems.append(Problem(rel, f"output of step '{step}' ({notebook}) is missing; rebuild with `make report`"))
            elif (actual := sha256_of(full)) != recorded:
                problems.append(Problem(rel, f"output of step '{step}' ({notebook}) was altered after it was built: "
                                             f"sha256 is {actual}, {name} records {recorded}; rebuild it, do not edit it",
                                        value=actual))
        for rel, recorded in sorted(entry.get("inputs", {}).items()):
            full = root / rel
            if not full.is_file():
                what = "is missing"
            elif sha256_of(full) != recorded:
                what = "changed"
            else:
                continue
            problems.append(Problem(rel, f"input of step '{step}' ({notebook}) {what} since the step ran, so its "
                                         f"outputs are stale: {', '.join(outputs) or '(none)'}; rebuild with `make report`"))
    return problems


def main(argv: list[str] | None = None) -> int:
    problems = verify()
    if not problems:
        steps = load().get("steps", {})
        print(f"lineage: OK — {len(steps)} step(s), every recorded input and output verified")
        return 0
    print(f"lineage: {len(problems)} problem(s):", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
