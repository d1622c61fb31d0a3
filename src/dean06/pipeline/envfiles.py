"""Keep environment.yml (for conda users) in step with requirements.in and requirements.lock.

`python -m dean06.envfiles` rewrites environment.yml from the lock; the test suite fails when
the two disagree, so a hand edit to either is caught.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from dean06 import paths

PIP_ONLY = {"playwright", "axe-playwright-python", "pypdfium2"}  # from pip in either environment: the lock's own wheels
_NAME = re.compile(r"^([A-Za-z0-9_.\-]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_requirements_in(path: Path) -> list[str]:
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(canonical(_NAME.match(line).group(1)))
    return names


def read_lock(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonical(name)] = version.strip()
    return pins


def read_environment(path: Path) -> dict[str, str]:
    """Package -> pinned version, from both the conda and the pip part of environment.yml."""
    env = yaml.safe_load(path.read_text(encoding="utf-8"))
    pins = {}
    for dep in env.get("dependencies", []):
        items = dep.get("pip", []) if isinstance(dep, dict) else [dep]
        for item in items:
            if item.startswith("-"):
                continue
            match = re.match(r"^([A-Za-z0-9_.\-]+)\s*(==|=)?\s*([^\s]*)$", item)
            pins[canonical(match.group(1))] = match.group(3)
    return pins


def render_environment(top_level: list[str], lock: dict[str, str], python: str = "3.11") -> str:
    conda = [f"  - {name}={lock[name]}" for name in sorted(top_level) if name not in PIP_ONLY]
    pip = [f"      - {name}=={lock[name]}" for name in sorted(top_level) if name in PIP_ONLY]
    return "\n".join([
        "# Conda environment for this project. Generated from requirements.lock by `make lock`;",
        "# the tests fail if it and the lock disagree. Without conda, `make` builds .venv instead.",
        "name: dean06",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={python}",
        "  - make",
        "  - pip",
        *conda,
        "  - pip:",
        *pip,
        "      - -e .",
        "",
    ])


def disagreements(root: Path) -> list[str]:
    top = read_requirements_in(root / "requirements.in")
    lock = read_lock(root / "requirements.lock")
    env = read_environment(root / "environment.yml")
    out = []
    for name in top:
        if name not in lock:
            out.append(f"{name} is in requirements.in but not in requirements.lock")
        elif name not in env:
            out.append(f"{name} is in requirements.in but not in environment.yml")
        elif env[name] != lock[name]:
            out.append(f"{name}: environment.yml pins {env[name] or 'no version'}, requirements.lock pins {lock[name]}")
    for name in sorted(set(env) - set(top) - {"python", "make", "pip"}):
        out.append(f"{name} is in environment.yml but not in requirements.in")
    return out


def main() -> int:
    root = paths.project_root()
    text = render_environment(read_requirements_in(root / "requirements.in"), read_lock(root / "requirements.lock"))
    (root / "environment.yml").write_text(text, encoding="utf-8")
    print("environment.yml written from requirements.lock")
    return 0


if __name__ == "__main__":
    sys.exit(main())
