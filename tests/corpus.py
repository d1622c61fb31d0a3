"""The enlarged test corpus: the real archive plus the fictional fixture articles of tests/fixtures/corpus/.

`enlarged_root(tmp_path)` builds a project root whose data/raw is the real data/raw of the project
root (DEAN06_ROOT or the checkout) with the fixture articles added and the fixture rows appended to
each raw table. The fixture articles are FICTIONAL, written by the project team for tests; they
live only in temporary roots and never in the real data/raw/.
"""

from __future__ import annotations

import csv
import shutil
import stat
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"
TABLES = ("sources", "claims", "metrics", "areas", "excluded_spans", "non_statistics", "decisions")


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def fixture_rows(table: str) -> list[dict]:
    """The rows of one fixture table (`claims`, `metrics`, …), as read."""
    return read_csv(FIXTURES / f"{table}.csv")[1]


def _append(real: Path, fixture: Path) -> None:
    header, rows = read_csv(real)
    fixture_header, extra = read_csv(fixture)
    if fixture_header != header:
        raise ValueError(f"{fixture.name}: columns {fixture_header} differ from {real} {header}")
    with real.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)  # the real rows first, unchanged
        writer.writerows(extra)


def archive_root(tmp_path: Path) -> Path:
    """A project root in `tmp_path` holding a writable copy of the real data/raw."""
    from dean06.paths import project_root, raw_dir

    raw = tmp_path / "data" / "raw"
    shutil.copytree(raw_dir(project_root()), raw)
    for path in raw.rglob("*"):  # the build marks the archive read-only; the copy must be writable
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return tmp_path


def with_report_inputs(root: Path) -> Path:
    """`root` with what an edition is written from: the cleaned and reconciled tables built by their
    steps, the evidence step's table of every number, and the pinned environment and citation the
    report prints."""
    from dean06.clean import step as clean
    from dean06.evidence.numbers import write_numbers
    from dean06.paths import project_root
    from dean06.reconcile import step as reconcile

    for name in ("requirements.lock", "CITATION.cff"):
        shutil.copy(project_root() / name, root / name)
    clean.write_claims_clean(clean.clean_claims(*clean.load_raw(root)), root / "data/processed/claims_clean.csv")
    reconcile.write_outputs(reconcile.run(root), root / "data/processed")
    write_numbers(root)
    return root


def enlarged_root(tmp_path: Path) -> Path:
    """A project root in `tmp_path`: the real data/raw plus the fixture articles and rows."""
    raw = archive_root(tmp_path) / "data" / "raw"
    articles = raw / "articles"
    for article in sorted((FIXTURES / "articles").glob("*.txt")):
        if (articles / article.name).exists():
            raise FileExistsError(f"fixture article {article.name} would replace a real article")
        shutil.copyfile(article, articles / article.name)
    for table in TABLES:
        _append(raw / f"{table}.csv", FIXTURES / f"{table}.csv")
    return tmp_path
