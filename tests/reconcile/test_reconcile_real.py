"""On the real data, every kind of inconsistency an editor must see is found, and decisions are checked."""

import pandas as pd
import pytest
from conftest import ROOT, edit_csv, published_by

from dean06.clean import step as clean
from dean06.reconcile import step as reconcile
from dean06.problems import InputError


@pytest.fixture(scope="module")
def tables():
    cleaned = clean.clean_claims(*clean.load_raw(ROOT))
    cleaned = reconcile.load_clean_frame(cleaned)
    return cleaned, reconcile.load_sources_frame(ROOT), reconcile.load_metrics_frame(ROOT)


@pytest.fixture(scope="module")
def result(tables):
    decisions, _, _ = reconcile.load_decisions(ROOT)
    return reconcile.reconcile(*tables, decisions)


def finding(result, finding_id):
    rows = result.discrepancies[result.discrepancies["finding_id"] == finding_id]
    assert len(rows) == 1, f"{finding_id} not found"
    return rows.iloc[0]


def published(result, metric, as_of):
    rows = result.reconciled[(result.reconciled["metric"] == metric) & (result.reconciled["as_of"] == as_of)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_same_statistic_printed_twice_is_counted_once(result):
    f = finding(result, "repeated_in_source:QNO-230225-05")
    assert f["claims"] == "QNO-230225-01;QNO-230225-05" and f["status"] == "decided"
    row = published(result, "chip_id_cards_issued", "2023-02-25")
    assert row["value"] == 78553494 and row["supporting_claims"] == "QNO-230225-01;QNO-230225-05"


def test_two_articles_on_the_december_2023_review(result, tables):
    f = finding(result, "same_event:2023-12-21")
    sources = tables[1]
    assert f["sources"] == ";".join(sorted(sources[sources["event_date"] == "2023-12-21"].index))
    event = sources[sources["event_date"] == "2023-12-21"]
    undated = sorted(sid for sid, how in zip(event.index, event["event_date_method"])
                     if how.startswith("inferred") and "states no date" in how)
    assert undated and f"{', '.join(undated)} states no date" in f["explanation_en"]


def test_cumulative_counts_at_different_dates_are_growth(result):
    for metric in ("directives_issued", "official_dispatches_issued"):
        f = finding(result, f"cumulative_growth:{metric}:2022-08-09>2023-12-21")
        assert f["severity"] == "info"
    assert published(result, "directives_issued", "2022-08-09")["status"] == "superseded"
    assert published(result, "directives_issued", "2023-12-21")["value"] == 6
    assert not (result.discrepancies["type"] == "cumulative_decrease").any()


def test_look_alikes_are_not_comparable(result, tables):
    eid = finding(result, "not_comparable:eid_accounts")
    cleaned, _, metrics = tables
    family = metrics[(metrics["family"] == "eid_accounts") & metrics["kind"].isin(["cumulative_count", "level"])].index
    assert eid["metrics"] == ";".join(sorted(set(cleaned["metric"]) & set(family)))  # every look-alike printed
    assert {"eid_accounts_issued", "eid_applications_approved", "portal_accounts"} <= set(eid["metrics"].split(";"))
    assert "never joined into a growth rate" in eid["explanation_en"]
    res = finding(result, "not_comparable:resolutions")
    assert res["claims"] == "LAK-231221-02;TTXVN-220809-07"
    assert published(result, "resolutions_issued", "2023-12-21")["status"] == "not_comparable"
    assert published(result, "eid_accounts_issued", "2023-12-21")["status"] == "not_comparable"


def test_share_without_base(result):
    f = finding(result, "share_without_base:LAK-231221-14")
    assert f["claims"] == "LAK-231221-14;QNO-230225-01" and "78,553,494" in f["explanation_en"]


def test_ambiguous_percentage_both_readings(result):
    f = finding(result, "ambiguous_percentage:LAK-231221-17")
    assert "30.5%" in f["explanation_en"] and "47.5%" in f["explanation_en"]
    row = published(result, "info_systems_security_approved_share", "2022-12-31")
    assert (row["lower"], round(row["upper"], 2), row["status"]) == (30.5, 47.55, "derived")


def test_lower_bounds_beside_exact(result):
    f = finding(result, "bound_vs_exact:LAK-231221-15")
    assert "more than 70 million" in f["explanation_en"] and "QNO-230225-03" in f["claims"]
    assert published(result, "eid_accounts_issued", "2023-12-21")["bound"] == "lower"


def test_derived_figure_marked_as_derived(result):
    from dean06.catalog import tables

    for spec in tables.read("derivations", ROOT).itertuples():  # every figure the table declares
        inputs = [pair.split("=", 1)[1] for pair in spec.inputs.split(";")]
        f = finding(result, f"derived_figure:{spec.derivation_id}")
        assert f["claims"] == ";".join(sorted([spec.derivation_id, *inputs]))
        assert "never as reported" in f["explanation_en"]


def test_inferred_as_of_dates(result):
    f = finding(result, "as_of_inferred:LAK-231221")
    # every LAK figure but LAK-231221-16, which prints 'Hiện nay' (now), carries an inferred date
    assert len(f["claims"].split(";")) == 18 and "LAK-231221-16" not in f["claims"]
    assert "event date itself is inferred" in f["explanation_en"]


def test_open_findings_are_reported_as_open(result):
    statuses = set(result.discrepancies["status"])
    assert statuses == {"decided", "open"}


def test_as_of_february_2023_uses_only_what_was_published(tables):
    decisions, _, _ = reconcile.load_decisions(ROOT)
    early = reconcile.reconcile(*tables, decisions, as_of="2023-02-25")
    sources = {s for ids in early.reconciled["sources"] for s in ids.split(";")}
    assert sources == published_by("2023-02-25")
    assert not early.discrepancies["finding_id"].str.startswith("cumulative_growth").any()


def test_decision_naming_missing_claim_or_metric_is_an_error(tmp_path):
    import shutil
    shutil.copytree(ROOT / "data", tmp_path / "data")
    def edit(header, rows):
        rows[0]["claims"] = "XX-000000-99"
        rows[1]["metric"] = "no_such_metric"
    edit_csv(tmp_path / "data/raw/decisions.csv", edit)
    with pytest.raises(InputError) as err:
        reconcile.run(tmp_path)
    text = str(err.value)
    assert "data/raw/decisions.csv, row 2, column 'claims': names a claim id that does not exist (value: 'XX-000000-99')" in text
    assert "row 3, column 'metric': unknown metric key" in text


def test_decision_naming_a_finding_that_is_gone_is_set_aside_not_an_error(tmp_path):
    import shutil
    shutil.copytree(ROOT / "data", tmp_path / "data")
    def edit(header, rows):
        row = next(r for r in rows if r["finding_id"])
        row["finding_id"] = row["finding_id"].split(":")[0] + ":NOPE"
    edit_csv(tmp_path / "data/raw/decisions.csv", edit)
    result = reconcile.run(tmp_path)
    [line] = map(str, result.review.problems)
    assert "column 'finding_id'" in line and "which the rules no longer produce" in line
