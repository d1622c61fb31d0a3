import csv
import os
import shutil
import stat
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Under `make test`, make's own variables (its job server among them) would reach every make a test
# starts, which then warns and runs one job at a time: each test's make starts as a user's would.
for _name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
    os.environ.pop(_name, None)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/raw, so a test can damage it without touching the evidence."""
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "data" / "raw")
    for path in (tmp_path / "data" / "raw").rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return tmp_path


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_csv(path: Path, edit) -> None:
    """Apply `edit(header, rows)` (which may mutate both) to a CSV file in place."""
    header, rows = read_rows(path)
    edit(header, rows)
    write_rows(path, header, rows)


def published_by(cut: str, *, with_claims: bool = True, root: Path = ROOT) -> set[str]:
    """The sources in the archive published on or before `cut` (those with claims, by default)."""
    _, sources = read_rows(root / "data" / "raw" / "sources.csv")
    _, claims = read_rows(root / "data" / "raw" / "claims.csv")
    claimed = {c["source_id"] for c in claims}
    return {s["source_id"] for s in sources if s["published_date"] <= cut and (s["source_id"] in claimed or not with_claims)}
