"""No test names an archived source, claim or decision: the suite must pass on any archive.

The ids are read from data/raw/; every test file outside tests/fixtures/ (the team-written fictional
corpus) is searched for them. A test that needs "a claim with property P" selects it from the data
or builds it in a scratch copy (tests/cases.py).
"""

import re
from pathlib import Path

from conftest import ROOT

from dean06.catalog import tables

TESTS = ROOT / "tests"
HERE = Path(__file__).resolve()

# Lines that may name an archived id, as (file, the line's text): none today. A test that needs a
# case from the archive selects it from the data instead.
ALLOWED: set[tuple[str, str]] = set()


def archived_ids(root: Path) -> set[str]:
    ids = set(tables.read("sources", root)["source_id"]) | set(tables.read("claims", root)["claim_id"])
    return ids | set(tables.read("decisions", root)["decision_id"])


def pattern(ids: set[str]) -> re.Pattern:
    """Any id as a whole token. Longest first, so a claim id is named rather than the source id it
    starts with; a derived row's id (DER-<claim id>) names the claim id it contains."""
    words = "|".join(re.escape(i) for i in sorted(ids, key=lambda i: (-len(i), i)))
    return re.compile(rf"(?<![A-Za-z0-9])({words})(?![A-Za-z0-9])")


def pinned(root: Path, ids: set[str]) -> list[str]:
    """'file, line N: id, id' for every line of a test file outside tests/fixtures/ naming an id."""
    found, rx = [], pattern(ids)
    tests = root / "tests"
    for path in sorted(p for p in tests.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if path.resolve() == HERE or "fixtures" in path.relative_to(tests).parts or "__pycache__" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # not a text file
        for n, line in enumerate(text.splitlines(), start=1):
            names = sorted(set(rx.findall(line)))
            if names and (rel, line.strip()) not in ALLOWED:
                found.append(f"{rel}, line {n}: {', '.join(names)}")
    return found


def test_no_test_names_an_archived_id():
    found = pinned(ROOT, archived_ids(ROOT))
    assert not found, ("tests name archived sources, claims or decisions; select them from the data instead "
                       "(tests/cases.py):\n  " + "\n  ".join(found))


def test_the_allow_list_is_still_needed():
    """An allowed line that no longer names an archived id (or no longer exists) is removed from ALLOWED."""
    rx = pattern(archived_ids(ROOT))
    present = {(f, line.strip()) for f in {f for f, _ in ALLOWED}
               for line in (ROOT / f).read_text(encoding="utf-8").splitlines() if rx.search(line)}
    assert ALLOWED <= present, sorted(ALLOWED - present)


def test_the_guard_finds_an_id_and_names_file_and_line(tmp_path):
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    (tmp_path / "tests" / "test_x.py").write_text('a = 1\nb = "XYZ-101010-07"  # and XYZ-101010\nc = "D01x"\n', encoding="utf-8")
    (tmp_path / "tests" / "fixtures" / "rows.csv").write_text("XYZ-101010-07\n", encoding="utf-8")
    found = pinned(tmp_path, {"XYZ-101010", "XYZ-101010-07", "D01"})
    assert found == ["tests/test_x.py, line 2: XYZ-101010, XYZ-101010-07"]
