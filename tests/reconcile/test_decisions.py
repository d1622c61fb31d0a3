"""Decisions record what they settled; stale or unknown decisions never stop the ledger being written.

Every case picks its decision from the data (the first one that names a finding), never by id.
"""

import csv

import pytest
from conftest import edit_csv, read_rows

from dean06.clean.step import clean_claims, load_raw, write_claims_clean
from dean06.problems import InputError
from dean06.reconcile import step as reconcile


@pytest.fixture
def project(project_copy):
    write_claims_clean(clean_claims(*load_raw(project_copy)), project_copy / "data/processed/claims_clean.csv")
    return project_copy


def ledger(root):
    with (root / "data/processed/discrepancies.csv").open(encoding="utf-8", newline="") as f:
        return {r["finding_id"]: r for r in csv.DictReader(f)}


def first_decision(root):
    _, rows = read_rows(root / "data/raw/decisions.csv")
    return next(r for r in rows if r["finding_id"] and len(r["settled_claims"].split(";")) >= 2)


def rewrite_decision(root, decision_id, **changes):
    def edit(header, rows):
        row = next(r for r in rows if r["decision_id"] == decision_id)
        row.update(changes)
    edit_csv(root / "data/raw/decisions.csv", edit)


def test_every_decision_records_the_claims_of_its_finding(project):
    result = reconcile.run(project)
    by_id = {f.finding_id: f for f in result.findings}
    _, rows = read_rows(project / "data/raw/decisions.csv")
    for row in rows:
        if row["finding_id"]:
            assert row["settled_claims"].split(";") == by_id[row["finding_id"]].claims, row["decision_id"]
    assert not result.review.problems


def test_stale_decision_leaves_its_finding_open_and_the_ledger_says_why(project):
    decision = first_decision(project)
    settled = decision["settled_claims"].split(";")
    rewrite_decision(project, decision["decision_id"], settled_claims=";".join(settled[1:]))
    result = reconcile.run(project)
    reconcile.write_outputs(result, project / "data/processed")
    row = ledger(project)[decision["finding_id"]]
    assert row["status"] == "open" and row["decision_id"] == ""
    assert row["decision_note"] == (f"stale decision: {decision['decision_id']} settled {', '.join(sorted(settled[1:]))}; "
                                    f"the finding now has {', '.join(settled)} (new: {settled[0]})")
    # the decision no longer settles the reconciled row it named
    assert decision["decision_id"] not in set(result.reconciled["decision_id"])


def test_decision_naming_a_finding_that_is_gone_never_stops_the_ledger(project):
    decision = first_decision(project)
    kind, key = decision["finding_id"].split(":", 1)
    gone = f"{kind}:{key}-gone"
    rewrite_decision(project, decision["decision_id"], finding_id=gone)
    result = reconcile.run(project)
    paths = reconcile.write_outputs(result, project / "data/processed")
    assert [p.name for p in paths] == ["reconciled.csv", "discrepancies.csv"]
    row = ledger(project)[decision["finding_id"]]  # the finding it used to settle: open, pointed at
    assert row["status"] == "open"
    assert f"{decision['decision_id']} settled {gone}, which the rules no longer produce" in row["decision_note"]
    [line] = map(str, result.review.problems)
    assert "column 'finding_id'" in line and decision["finding_id"] in line


def test_a_decision_that_means_nothing_stops_the_step_with_every_problem(project):
    decision = first_decision(project)
    rewrite_decision(project, decision["decision_id"], as_of="2023-02-30", publish="maybe")
    with pytest.raises(InputError) as err:
        reconcile.run(project)
    text = str(err.value)
    assert "column 'as_of'" in text and "is not a calendar date" in text
    assert "column 'publish': must be one of" in text


def test_updating_settled_claims_decides_the_finding_again(project):
    decision = first_decision(project)
    settled = decision["settled_claims"]
    rewrite_decision(project, decision["decision_id"], settled_claims=settled.split(";")[0])
    assert ledger_of(project)[decision["finding_id"]]["status"] == "open"
    rewrite_decision(project, decision["decision_id"], settled_claims=settled)
    assert ledger_of(project)[decision["finding_id"]]["status"] == "decided"


def ledger_of(root):
    reconcile.write_outputs(reconcile.run(root), root / "data/processed")
    return ledger(root)
