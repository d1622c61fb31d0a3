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

# Tests of the derivations, which are declared in code by claim id (dean06/clean/derive.py) until
# they move to a data table; their tests move with them. Each entry is (file, the line's text).
ALLOWED = {
    ("tests/clean/test_clean.py", 'assert set(raw.claim_id) | {"DER-QNO-230225-01", "DER-LAK-231221-01"} == set(table.claim_id)'),
    ("tests/clean/test_clean.py", 'r = row(table, "DER-QNO-230225-01")'),
    ("tests/clean/test_clean.py", 'assert r["derived_from"] == "QNO-230225-03;QNO-230225-04"'),
    ("tests/clean/test_clean.py", 'assert (r["as_of"], r["source_id"]) == ("2023-02-17", "QNO-230225")'),
    ("tests/clean/test_clean.py", 'r = row(table, "DER-LAK-231221-01")'),
    ("tests/clean/test_clean.py", 'assert r["derived_from"] == "LAK-231221-16;LAK-231221-17"'),
    ("tests/clean/test_clean.py", 'next(r for r in rows if r["claim_id"] == "QNO-230225-03")["as_of_text"] = "17/2"'),
    ("tests/clean/test_clean.py", 'next(r for r in rows if r["claim_id"] == "QNO-230225-04")["as_of_text"] = "17/2"'),
    ("tests/clean/test_clean.py", 'r = row(t, "QNO-230225-03")'),
    ("tests/clean/test_clean.py", 'assert row(t, "DER-QNO-230225-01")["flag_year_inferred"] is True'),
    ("tests/clean/test_clean.py", 'lambda h, rows: rows.remove(next(r for r in rows if r["claim_id"] == "LAK-231221-17")))'),
    ("tests/clean/test_clean.py", 'with pytest.raises(InputError, match="derivation DER-LAK-231221-01 needs claim LAK-231221-17"):'),
    ("tests/clean/test_notebook_01_clean.py", 'r = by_id.loc["DER-QNO-230225-01"]'),
    ("tests/clean/test_notebook_01_clean.py", 'r = by_id.loc["DER-LAK-231221-01"]'),
    ("tests/clean/test_notebook_01_clean.py", 'for cid in ("DER-QNO-230225-01", "DER-LAK-231221-01"):'),
    ("tests/reconcile/test_reconcile_real.py", 'f = finding(result, "derived_figure:DER-QNO-230225-01")'),
    ("tests/reconcile/test_reconcile_real.py", 'assert f["claims"] == "DER-QNO-230225-01;QNO-230225-03;QNO-230225-04"'),
}


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
