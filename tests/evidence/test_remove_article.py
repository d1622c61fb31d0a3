"""The undo of add-article: `make remove-article SOURCE=…` removes the copy and every row add-article
wrote for it, or, when other rows depend on it, names them and changes nothing."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, edit_csv, read_rows

from dean06.evidence.add_article import add_article
from dean06.evidence.audit import run_audit
from dean06.evidence.remove_article import RemoveError, record_lines, remove_article, without_lines
from dean06.problems import InputError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "add_article"


def snapshot(root: Path) -> dict:
    return {p.relative_to(root): (p.read_bytes(), p.stat().st_mode & 0o777)
            for p in (root / "data/raw").rglob("*") if p.is_file()}


def added(root: Path, name: str) -> str:
    add_article(FIXTURES / name, root)
    _, sources = read_rows(root / "data/raw/sources.csv")
    return sources[-1]["source_id"]


def test_records_spanning_lines_are_removed_whole():
    text = 'a,b\n1,"two\nlines"\n2,x\n3,"y"\n'
    assert record_lines(text) == [(1, 1), (2, 3), (4, 4), (5, 5)]
    assert without_lines(text, {2, 5}) == "a,b\n2,x\n"


@pytest.mark.parametrize("name", ["son-nguyen-2025.txt", "dong-lam-keys-no-blank.txt", "binh-hai-banner-end-note.txt"])
def test_undo_restores_data_raw_byte_for_byte(project_copy, name):
    before = snapshot(project_copy)
    sid = added(project_copy, name)
    assert snapshot(project_copy) != before
    out = remove_article(sid, project_copy)
    assert snapshot(project_copy) == before
    assert f"removed {sid}" in out and "data/raw/claims.csv" in out


def test_undo_after_the_drafts_were_completed(project_copy):
    """Rows the journalist completed are still the rows add-article wrote: they go with the source."""
    before = snapshot(project_copy)
    sid = added(project_copy, "dong-lam-keys-no-blank.txt")
    edit_csv(project_copy / "data/raw/claims.csv",
             lambda h, rows: [r.update(metric="chosen_metric") for r in rows if r["source_id"] == sid])
    remove_article(sid, project_copy)
    assert snapshot(project_copy) == before


def test_a_recurring_rule_another_story_needs_stays(project_copy):
    first = added(project_copy, "dong-lam-keys-no-blank.txt")
    second = added(project_copy, "binh-hai-banner-end-note.txt")
    _, rules_before = read_rows(project_copy / "data/raw/non_statistics.csv")
    remove_article(second, project_copy)
    _, rules = read_rows(project_copy / "data/raw/non_statistics.csv")
    assert "unit-code" in {r["rule_id"] for r in rules}  # the first story's, kept
    assert len(rules) < len(rules_before)
    assert not [p for p in run_audit(project_copy).problems if p.file.endswith("non_statistics.csv")]
    remove_article(first, project_copy)


def test_refuses_when_other_rows_depend_on_it_and_changes_nothing(project_copy):
    sid = added(project_copy, "son-nguyen-2025.txt")
    _, claims = read_rows(project_copy / "data/raw/claims.csv")
    mine = [c["claim_id"] for c in claims if c["source_id"] == sid]
    other = next(c for c in claims if c["source_id"] != sid)
    edit_csv(project_copy / "data/raw/decisions.csv", lambda h, rows: rows.append(
        {"decision_id": "D99", "finding_id": f"bound_vs_exact:{mine[0]}", "metric": "", "as_of": "", "publish": "value",
         "claims": mine[0], "settled_claims": ";".join(mine[:2]), "reason_en": "r", "reason_vi": "r"}))
    edit_csv(project_copy / "data/raw/derivations.csv", lambda h, rows: rows.append(
        {"derivation_id": f"DER-{sid}-01", "source_id": sid, "rule": "base_from_rate", "metric": "m",
         "inputs": f"count={mine[0]};rate={mine[1]}", "note": "n"}))
    edit_csv(project_copy / "data/raw/claims.csv", lambda h, rows: next(
        r for r in rows if r["claim_id"] == other["claim_id"]).update(same_statistic_as=mine[2]))
    before = snapshot(project_copy)
    with pytest.raises(InputError) as err:
        remove_article(sid, project_copy)
    assert snapshot(project_copy) == before
    where = {(p.file, p.column, p.value) for p in err.value.problems}
    assert ("data/raw/decisions.csv", "finding_id", f"bound_vs_exact:{mine[0]}") in where
    assert ("data/raw/decisions.csv", "settled_claims", ";".join(mine[:2])) in where
    assert ("data/raw/derivations.csv", "inputs", f"count={mine[0]};rate={mine[1]}") in where
    assert ("data/raw/claims.csv", "same_statistic_as", mine[2]) in where
    assert all(p.row for p in err.value.problems) and "nothing was removed" in str(err.value)


def test_unknown_source_and_a_failed_write_change_nothing(project_copy):
    sid = added(project_copy, "son-nguyen-2025.txt")
    before = snapshot(project_copy)
    with pytest.raises(RemoveError, match="no source 'NOPE-000000'"):
        remove_article("NOPE-000000", project_copy)
    os.environ["DEAN06_FAULT"] = "ENOSPC:"
    try:
        with pytest.raises(RemoveError, match="No space left"):
            remove_article(sid, project_copy)
    finally:
        del os.environ["DEAN06_FAULT"]
    assert snapshot(project_copy) == before
    assert not [p for p in (project_copy / "data/raw").rglob(".*")]  # no temporary left behind


def test_make_remove_article(tmp_path):
    """The make target, once: add a fixture, remove it, and the refusal of an unknown source."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "requirements.in", "src", "dev", "data"):
        source = ROOT / name
        (shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__")) if source.is_dir()
         else shutil.copy2(source, root / name))
    (root / ".venv").symlink_to((ROOT / ".venv").resolve())
    for path in (root / "data").rglob("*"):
        path.chmod(path.stat().st_mode | 0o200)
    before = snapshot(root)
    env = {k: v for k, v in os.environ.items() if k not in ("DEAN06_ROOT", "PYTHONPATH", "MAKEFLAGS", "MAKELEVEL")}

    def make(*args):
        return subprocess.run(["make", "--no-print-directory", *args], cwd=root, env=env, capture_output=True, text=True)

    proc = make("add-article", f"FILE={FIXTURES / 'son-nguyen-2025.txt'}")
    assert proc.returncode == 0, proc.stderr
    sid = read_rows(root / "data/raw/sources.csv")[1][-1]["source_id"]
    again = make("add-article", f"FILE={FIXTURES / 'son-nguyen-2025.txt'}")
    assert again.returncode != 0 and f"make remove-article SOURCE={sid}" in again.stderr
    proc = make("remove-article", f"SOURCE={sid}")
    assert proc.returncode == 0, proc.stderr
    assert snapshot(root) == before
    proc = make("remove-article", "SOURCE=NOPE-000000")
    assert proc.returncode != 0 and "no source 'NOPE-000000'" in proc.stderr and "Traceback" not in proc.stderr
    assert "remove-article" in make("help").stdout
