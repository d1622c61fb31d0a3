"""Where the project's files live. DEAN06_ROOT points the whole pipeline at another checkout."""

import os
from pathlib import Path


def project_root() -> Path:
    env = os.environ.get("DEAN06_ROOT")
    return Path(env).resolve() if env else Path(__file__).resolve().parents[2]


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
