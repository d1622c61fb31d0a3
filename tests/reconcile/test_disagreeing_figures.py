"""Figures of one metric and date that no single value satisfies — here the levels two sources'
copy imply before a rise, each derived by us as its two readings — are a conflict: an open finding,
and a `conflicting` row whose range spans every figure, [least, greatest]. Never a broken table,
whether or not an editor has decided to publish that metric and date as a range.

The claims, derivations and decision are constructed by the test (fictional, marked as such) in a
scratch copy of data/raw, so the case holds whatever the archive holds.
"""

import math

import pytest
from cases import add_row, fresh_claim_id
from claim_cases import kind_metric

from dean06 import formatting as fmt
from dean06.catalog import tables
from dean06.clean.step import clean_claims, load_raw, write_claims_clean
from dean06.reconcile import step as reconcile

FICTIONAL = "constructed by a test: a fictional figure, not from any archived article"
# (current level, printed rise) of each source: 63% after a rise of 32.5 allows 30.5% or about
# 47.5% before; 81.5% allows 49% or about 61.5%: no level before satisfies both sources
READINGS = (("63%", "32,5%"), ("81,5%", "32,5%"))


def add_claim(root, source_id, metric, quote, value_text) -> str:
    cid = fresh_claim_id(root, source_id)
    add_row("claims", root, {}, claim_id=cid, source_id=source_id, metric=metric, quote=quote,
            value_text=value_text, as_of_text="", same_statistic_as="", notes=FICTIONAL)
    return cid


def derive_level_before(root, source_id, share, change, level_text, rise_text, year) -> str:
    """A share and a rise 'so với năm <year>' printed by one source, and the derivation of the level
    before the rise from them; the derived claim's id."""
    level = add_claim(root, source_id, share, f"đạt {level_text} (hư cấu)", level_text)
    rise = add_claim(root, source_id, change, f"tăng {rise_text} so với năm {year} (hư cấu)", rise_text)
    taken = set(tables.read("derivations", root)["derivation_id"])
    did = next(f"DER-{source_id}-{n:02d}" for n in range(99, 0, -1) if f"DER-{source_id}-{n:02d}" not in taken)
    add_row("derivations", root, {}, derivation_id=did, source_id=source_id, rule="level_before_change", metric=share,
            inputs=f"level={level};change={rise}", note=FICTIONAL)
    return did


def decide_range(root, metric, as_of) -> dict:
    taken = set(tables.read("decisions", root)["decision_id"])
    did = next(f"D{n:02d}" for n in range(99, 0, -1) if f"D{n:02d}" not in taken)
    return add_row("decisions", root, {}, decision_id=did, finding_id="", metric=metric, as_of=as_of, publish="range",
                   claims="", settled_claims="", reason_en="Constructed by a test: both readings are published.",
                   reason_vi="Do phép thử dựng: nêu cả hai cách hiểu.")


@pytest.mark.parametrize("decided", [False, True], ids=["open", "decided-as-range"])
def test_two_sources_derivations_that_disagree_are_a_conflict_spanning_both(project_copy, decided):
    root = project_copy
    share = kind_metric(root, "share", "percent")
    change = kind_metric(root, "change", "percent")
    sources = sorted(tables.read("sources", root)["source_id"])[:2]
    assert len(sources) == 2, "the case needs two archived articles"
    # a year before every figure of the archive: the two derivations are that date's only figures
    year = int(min(clean_claims(*load_raw(root))["as_of"])[:4]) - 1
    as_of = f"{year}-12-31"
    derived = [derive_level_before(root, sid, share, change, level, rise, year)
               for sid, (level, rise) in zip(sources, READINGS)]
    decision = decide_range(root, share, as_of) if decided else None

    table = clean_claims(*load_raw(root))
    write_claims_clean(table, root / "data/processed/claims_clean.csv")
    result = reconcile.run(root)
    reconcile.write_outputs(result, root / "data/processed")  # the tables' contracts hold (lower <= upper)

    figures = table.set_index("claim_id").loc[derived]
    assert figures["as_of"].tolist() == [as_of, as_of]
    assert figures["lower"].max() > figures["upper"].min()  # the case: no common value
    row = result.reconciled.set_index(["metric", "as_of"]).loc[(share, as_of)]
    assert row["status"] == "conflicting" and math.isnan(row["value"])
    assert (row["lower"], row["upper"]) == (figures["lower"].min(), figures["upper"].max())
    assert row["supporting_claims"].split(";") == sorted(derived)
    assert row["sources"].split(";") == sources

    [conflict] = [f for f in result.findings if f.type == "conflict" and set(f.claims) == set(derived)]
    assert conflict.severity == "conflict" and conflict.sources == sources
    for lang, text in (("en", conflict.explanation_en), ("vi", conflict.explanation_vi)):
        for _, figure in figures.iterrows():  # each derivation told as its readings, never as a missing value
            assert fmt.amount(figure["lower"], "percent", lang) in text and fmt.amount(figure["upper"], "percent", lang) in text
        assert "—" not in text
    ledger = result.discrepancies.set_index("finding_id").loc[conflict.finding_id]
    assert ledger["status"] == "open"  # no decision settles the disagreement itself

    if decided:
        assert row["decision_id"] == decision["decision_id"] and row["bound"] == "range"
        # the editor's reason, and the disagreement it does not settle
        assert row["note_en"] == f"{decision['reason_en']} {conflict.explanation_en}"
        assert row["note_vi"] == f"{decision['reason_vi']} {conflict.explanation_vi}"
    else:
        assert row["decision_id"] == "" and conflict.explanation_en in row["note_en"]
