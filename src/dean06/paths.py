"""Where the project's files live. DEAN06_ROOT points the whole pipeline at another checkout."""

import os
from pathlib import Path


def code_root() -> Path:
    """The checkout this code was installed from (src/dean06/paths.py lies two folders down)."""
    return Path(__file__).resolve().parents[2]


def project_root() -> Path:
    env = os.environ.get("DEAN06_ROOT")
    return Path(env).resolve() if env else code_root()


def raw_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data" / "raw"


def articles_dir(root: Path | None = None) -> Path:
    return raw_dir(root) / "articles"


def processed_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data" / "processed"


def figures_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "figures"


def reports_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "reports"
