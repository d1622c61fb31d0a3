"""Each reconciliation rule on small constructed cases, including cases that must not be flagged."""

import math
import re

import pandas as pd
import pytest

from dean06.reconcile.rules import Context, find_all
from dean06.edition import parse_as_of
from dean06.reconcile.step import reconcile

NAN = float("nan")


def sources(*specs):
    rows = []
    for sid, event, published, method in specs:
        rows.append({"source_id": sid, "outlet": f"Outlet {sid}", "outlet_short": sid, "event_date": event, "published_date": published,
                     "event_date_method": method})
    return pd.DataFrame(rows).set_index("source_id", drop=False)


METRICS = pd.DataFrame([
    # metric, family, kind, unit
    ("cards", "chip", "cumulative_count", "cards"),
    ("cards_share", "chip", "share", "percent"),
    ("approved", "eid", "cumulative_count", "applications"),
    ("accounts", "eid", "cumulative_count", "accounts"),
    ("rate", "eid", "share", "percent"),
    ("localities", "localities", "fraction", "localities"),
    ("secure", "security", "share", "percent"),
    ("secure_change", "security", "change", "percent"),
    ("facilities", "health", "share", "percent"),
    ("savings", "savings", "flow", "VND per year"),
], columns=["metric", "family", "kind", "unit"]).assign(
    label_en=lambda d: d["metric"].str.title(), label_vi=lambda d: d["metric"]).set_index("metric", drop=False)


def claim(cid, source, metric, value, as_of, *, bound="exact", unit=None, lower=None, upper=None, num=NAN, den=NAN,
          repeat_of="", derived_from="", inferred=False, value_text=None, vague=False, language="vi"):
    unit = unit or METRICS.loc[metric, "unit"]
    lower = value if lower is None and bound in ("exact", "lower") else (NAN if lower is None else lower)
    upper = value if upper is None and bound == "exact" else (NAN if upper is None else upper)
    return {"claim_id": cid, "source_id": source, "metric": metric, "value": value, "lower": lower, "upper": upper,
            "bound": bound, "unit": unit, "numerator": num, "denominator": den, "as_of": as_of,
            "value_text": value_text or str(value), "flag_repeated": bool(repeat_of), "repeat_of": repeat_of,
            "flag_derived": bool(derived_from), "derived_from": derived_from, "derivation": "a / b" if derived_from else "",
            "derivation_vi": "a / b" if derived_from else "",
            "flag_as_of_inferred": inferred, "flag_year_inferred": False, "flag_vague": vague, "qualifier": "",
            "language": language}


SRC = sources(("A", "2022-08-09", "2022-08-09", "stated"), ("B", "2023-12-21", "2023-12-21", "stated"),
              ("C", "2023-12-21", "2023-12-22", "inferred: the copy states no date; matched to B"))


def findings_for(rows, srcs=SRC):
    return find_all(Context(pd.DataFrame(rows), srcs, METRICS))


def types(findings):
    return sorted(f.type for f in findings)


def test_repeated_figure_is_counted_once():
    found = findings_for([claim("A-1", "A", "cards", 5.0, "2022-08-09"),
                          claim("A-2", "A", "cards", 5.0, "2022-08-09", repeat_of="A-1")])
    [f] = [f for f in found if f.type == "repeated_in_source"]
    assert f.finding_id == "repeated_in_source:A-2" and f.claims == ["A-1", "A-2"]
    assert "counted once" in f.explanation_en and "chỉ tính một lần" in f.explanation_vi


def test_same_event_names_the_undated_source():
    [f] = [f for f in findings_for([claim("B-1", "B", "facilities", 50.0, "2023-12-21")]) if f.type == "same_event"]
    assert f.sources == ["B", "C"] and "C states no date" in f.explanation_en


def test_no_same_event_for_distinct_dates():
    srcs = sources(("A", "2022-08-09", "2022-08-09", "stated"), ("B", "2023-12-21", "2023-12-21", "stated"))
    assert "same_event" not in types(findings_for([claim("A-1", "A", "facilities", 1.0, "2022-08-09")], srcs))


def test_cumulative_growth_is_not_a_conflict_but_a_fall_is():
    up = findings_for([claim("A-1", "A", "cards", 1.0, "2022-08-09"), claim("B-1", "B", "cards", 6.0, "2023-12-21")])
    [g] = [f for f in up if f.type.startswith("cumulative")]
    assert (g.type, g.severity, g.finding_id) == ("cumulative_growth", "info", "cumulative_growth:cards:2022-08-09>2023-12-21")
    down = findings_for([claim("A-1", "A", "cards", 6.0, "2022-08-09"), claim("B-1", "B", "cards", 1.0, "2023-12-21")])
    [d] = [f for f in down if f.type.startswith("cumulative")]
    assert (d.type, d.severity) == ("cumulative_decrease", "conflict")


def test_lower_bound_later_cannot_prove_a_fall():
    rows = [claim("A-1", "A", "cards", 6.0, "2022-08-09"), claim("B-1", "B", "cards", 5.0, "2023-12-21", bound="lower")]
    assert "cumulative_decrease" not in types(findings_for(rows))


def test_fraction_progress():
    rows = [claim("A-1", "A", "localities", 58.0, "2022-08-09", num=58.0, den=63.0),
            claim("B-1", "B", "localities", 63.0, "2023-12-21")]
    [f] = [f for f in findings_for(rows) if f.type == "cumulative_growth"]
    assert "58/63" in f.explanation_en


def test_look_alike_metrics_are_never_joined():
    rows = [claim("A-1", "A", "approved", 20081536.0, "2022-08-09"),
            claim("B-1", "B", "accounts", 70e6, "2023-12-21", bound="lower")]
    [f] = [f for f in findings_for(rows) if f.type == "not_comparable"]
    assert f.finding_id == "not_comparable:eid" and f.metrics == ["accounts", "approved"]
    assert "never joined into a growth rate" in f.explanation_en
    assert "more than 70 million" in f.explanation_en and "hơn 70 triệu" in f.explanation_vi
    # one metric on its own is never flagged
    assert "not_comparable" not in types(findings_for(rows[:1]))


def test_share_without_base_beside_a_count():
    rows = [claim("A-1", "A", "cards", 78553494.0, "2022-08-09"), claim("B-1", "B", "cards_share", 100.0, "2023-12-21")]
    [f] = [f for f in findings_for(rows) if f.type == "share_without_base"]
    assert f.claims == ["A-1", "B-1"] and "78,553,494" in f.explanation_en
    # a share with no count of the same thing anywhere is not flagged
    assert "share_without_base" not in types(findings_for([claim("B-1", "B", "facilities", 94.03, "2023-12-21")]))


def test_a_share_is_related_only_to_a_count_of_the_same_place():
    scoped = METRICS.assign(scope="national")
    scoped.loc["cards_share", "scope"] = "province_x"  # a province's share beside the national count
    rows = [claim("A-1", "A", "cards", 78553494.0, "2022-08-09"), claim("B-1", "B", "cards_share", 16.48, "2023-12-21")]
    [f] = [f for f in find_all(Context(pd.DataFrame(rows), SRC, scoped)) if f.type == "share_without_base"]
    assert f.claims == ["B-1"] and f.metrics == ["cards_share"]
    assert "No base is given" in f.explanation_en and "78,553,494" not in f.explanation_en
    assert "Không có mẫu số" in f.explanation_vi
    # a count of the same place is named as its nearest base
    scoped.loc["cards", "scope"] = "province_x"
    [f] = [f for f in find_all(Context(pd.DataFrame(rows), SRC, scoped)) if f.type == "share_without_base"]
    assert f.claims == ["A-1", "B-1"] and "78,553,494" in f.explanation_en


def test_share_used_in_a_derivation_is_not_without_base():
    rows = [claim("A-1", "A", "approved", 20081536.0, "2022-08-09"), claim("A-2", "A", "rate", 92.0, "2022-08-09"),
            claim("DER-x", "A", "approved", 21827757.0, "2022-08-09", bound="approx", lower=21709000.0,
                  upper=21947000.0, derived_from="A-1;A-2")]
    found = findings_for(rows)
    assert "share_without_base" not in types(found)
    [d] = [f for f in found if f.type == "derived_figure"]
    assert d.claims == ["A-1", "A-2", "DER-x"] and "never as reported" in d.explanation_en


def test_ambiguous_percentage_carries_both_readings():
    rows = [claim("B-1", "B", "secure", 63.0, "2023-12-21"),
            claim("B-2", "B", "secure_change", 32.5, "2023-12-21", value_text="tăng 32,5%")]
    [f] = [f for f in findings_for(rows) if f.type == "ambiguous_percentage"]
    assert "30.5%" in f.explanation_en and "47.5%" in f.explanation_en
    assert "30,5%" in f.explanation_vi and "47,5%" in f.explanation_vi


def test_bounds_beside_exact_and_exact_alone():
    rows = [claim("A-1", "A", "approved", 20081536.0, "2022-08-09"),
            claim("B-1", "B", "approved", 70e6, "2023-12-21", bound="lower")]
    [f] = [f for f in findings_for(rows) if f.type == "bound_vs_exact"]
    assert f.finding_id == "bound_vs_exact:B-1" and "exact 20,081,536" in f.explanation_en
    assert "bound_vs_exact" not in types(findings_for(rows[:1]))


def test_a_vague_magnitude_is_explained_as_printed_never_as_a_number():
    """'hàng nghìn tỷ đồng' is read as at least 10^12 dong, but no explanation writes it as that number
    ('more than 1 trillion dong'): in its own language as printed, in the other its words for the order."""
    vague = dict(bound="lower", vague=True)
    rows = [claim("A-1", "A", "savings", 2.5e12, "2022-08-09"),
            claim("B-1", "B", "savings", 1e12, "2023-12-21", value_text="hàng nghìn tỷ đồng", **vague),
            claim("C-1", "C", "savings", 1e12, "2023-12-21", value_text="trillions of dong", language="en", **vague),
            claim("C-2", "C", "savings", 5e11, "2023-12-21")]
    findings = findings_for(rows)
    about = {cid: [f for f in findings if cid in f.claims and f.type != "same_event"] for cid in ("B-1", "C-1")}
    assert {f.type for f in about["B-1"]} >= {"bound_vs_exact", "conflict"}
    for cid, own in (("B-1", "vi"), ("C-1", "en")):
        for f in about[cid]:
            for lang, words in (("vi", "hàng nghìn tỷ đồng"), ("en", "trillions of dong")):
                text = getattr(f, f"explanation_{lang}")
                assert words in text, (cid, lang, text)
                assert not re.search(r"\b1 (nghìn tỷ|trillion)|1[.,]000[.,]000[.,]000[.,]000", text), text
    [bound] = [f for f in about["B-1"] if f.type == "bound_vs_exact"]
    assert bound.explanation_vi.count("hàng nghìn tỷ đồng") == 2  # the value as printed, and as published


def test_inferred_as_of_grouped_per_source():
    rows = [claim("C-1", "C", "facilities", 50.0, "2023-12-21", inferred=True),
            claim("C-2", "C", "secure", 63.0, "2023-12-21", inferred=True),
            claim("A-1", "A", "cards", 1.0, "2022-08-09")]
    [f] = [f for f in findings_for(rows) if f.type == "as_of_inferred"]
    assert f.finding_id == "as_of_inferred:C" and f.claims == ["C-1", "C-2"]
    assert "event date itself is inferred" in f.explanation_en


def test_same_date_agreement_corroborates_and_disagreement_conflicts():
    agree = [claim("B-1", "B", "cards", 5.0, "2023-12-21"), claim("C-1", "C", "cards", 5.0, "2023-12-21")]
    result = reconcile(pd.DataFrame(agree), SRC, METRICS, pd.DataFrame(columns=["decision_id", "finding_id", "metric", "as_of",
                                                                                  "publish", "claims", "reason_en", "reason_vi"]))
    assert result.reconciled.loc[0, "status"] == "corroborated"
    assert "conflict" not in types(result.findings)
    disagree = [claim("B-1", "B", "cards", 5.0, "2023-12-21"), claim("C-1", "C", "cards", 7.0, "2023-12-21")]
    result = reconcile(pd.DataFrame(disagree), SRC, METRICS, pd.DataFrame(columns=["decision_id", "finding_id", "metric",
                                                                                     "as_of", "publish", "claims",
                                                                                     "reason_en", "reason_vi"]))
    assert result.reconciled.loc[0, "status"] == "conflicting" and math.isnan(result.reconciled.loc[0, "value"])
    assert "conflict" in types(result.findings)


def _derived_level(cid, source, lower, upper):
    """A level before a rise, derived as its two readings (a range with no single value)."""
    return claim(cid, source, "secure", NAN, "2022-12-31", bound="range", lower=lower, upper=upper,
                 derived_from=f"{source}-1;{source}-2")


DISAGREEING = {
    "printed by two sources": [claim("B-1", "B", "cards", 5.0, "2023-12-21"), claim("C-1", "C", "cards", 7.0, "2023-12-21")],
    "printed twice by one source": [claim("B-1", "B", "cards", 5.0, "2023-12-21"),
                                    claim("B-2", "B", "cards", 7.0, "2023-12-21")],
    "derived from two sources": [_derived_level("DER-B-01", "B", 30.5, 47.5472),
                                 _derived_level("DER-C-01", "C", 49.0, 61.5094)],
    "printed beside a derivation": [claim("C-1", "C", "secure", 50.0, "2022-12-31"),
                                    _derived_level("DER-B-01", "B", 30.5, 47.5472)],
    "a lower bound above an exact figure": [claim("B-1", "B", "cards", 5.0, "2023-12-21"),
                                            claim("C-1", "C", "cards", 7.0, "2023-12-21", bound="lower")],
}


@pytest.mark.parametrize("case", DISAGREEING)
def test_figures_no_value_satisfies_are_a_conflict_spanning_them_all(case):
    from dean06.catalog.contracts import validate_outputs

    rows = DISAGREEING[case]
    empty = pd.DataFrame(columns=["decision_id", "finding_id", "metric", "as_of", "publish", "claims", "reason_en", "reason_vi"])
    for decisions in (empty, _decision("range", rows)):
        result = reconcile(pd.DataFrame(rows), SRC, METRICS, decisions)
        validate_outputs(result.reconciled, result.discrepancies)  # lower never above upper
        [row] = result.reconciled.to_dict("records")
        assert row["status"] == "conflicting" and math.isnan(row["value"])
        lowers, uppers = [r["lower"] for r in rows], [r["upper"] for r in rows]
        assert row["lower"] == min(lowers)
        assert row["upper"] == max(uppers) if not any(map(math.isnan, uppers)) else math.isnan(row["upper"])
        [conflict] = [f for f in result.findings if f.type == "conflict"]
        assert conflict.claims == sorted(r["claim_id"] for r in rows) and conflict.severity == "conflict"
        assert "—" not in conflict.explanation_en + conflict.explanation_vi
        assert conflict.explanation_en in row["note_en"] and conflict.explanation_vi in row["note_vi"]


def test_figures_that_overlap_are_no_conflict():
    rows = [claim("C-1", "C", "secure", 40.0, "2022-12-31"), _derived_level("DER-B-01", "B", 30.5, 47.5472),
            _derived_level("DER-C-01", "C", 35.0, 52.8)]
    result = reconcile(pd.DataFrame(rows), SRC, METRICS, pd.DataFrame(columns=["decision_id", "finding_id", "metric",
                                                                                  "as_of", "publish", "claims",
                                                                                  "reason_en", "reason_vi"]))
    [row] = result.reconciled.to_dict("records")
    assert row["status"] != "conflicting" and (row["lower"], row["upper"]) == (40.0, 40.0)
    assert "conflict" not in types(result.findings)


def test_as_of_keeps_only_what_was_published():
    rows = [claim("A-1", "A", "cards", 1.0, "2022-08-09"), claim("B-1", "B", "cards", 6.0, "2023-12-21")]
    empty = pd.DataFrame(columns=["decision_id", "finding_id", "metric", "as_of", "publish", "claims", "reason_en", "reason_vi"])
    early = reconcile(pd.DataFrame(rows), SRC, METRICS, empty, as_of="2023-01-01")
    assert early.reconciled["supporting_claims"].tolist() == ["A-1"]
    assert early.reconciled["status"].tolist() == ["single_source"]
    late = reconcile(pd.DataFrame(rows), SRC, METRICS, empty)
    assert late.reconciled["status"].tolist() == ["superseded", "single_source"]


@pytest.mark.parametrize("bad", ["2023-02-30", "25/02/2023", "yesterday"])
def test_invalid_as_of_is_rejected_clearly(bad):
    with pytest.raises(ValueError, match="as_of must be an ISO date"):
        parse_as_of(bad)


def test_empty_as_of_means_no_cut_off():
    assert parse_as_of(None) is None and parse_as_of("") is None and parse_as_of("2023-02-25") == "2023-02-25"


def _decision(publish, rows):
    """An editor's decision on the metric and date of rows[0], with no finding named."""
    return pd.DataFrame([{"decision_id": "X1", "finding_id": "", "metric": rows[0]["metric"],
                          "as_of": rows[0]["as_of"], "publish": publish, "claims": "",
                          "reason_en": "because", "reason_vi": "vì"}])


def _decided(publish, rows):
    decisions = _decision(publish, rows)
    clean = pd.DataFrame(rows)
    result = reconcile(clean, SRC, METRICS, decisions)
    row = result.reconciled.set_index(["metric", "as_of"]).loc[(rows[0]["metric"], rows[0]["as_of"])]
    undecided = reconcile(clean, SRC, METRICS, decisions.iloc[0:0]).reconciled.set_index(["metric", "as_of"])
    return row, undecided.loc[(rows[0]["metric"], rows[0]["as_of"])]


def test_publish_value_keeps_the_reconciled_value():
    row, before = _decided("value", [claim("A-1", "A", "cards", 78553494.0, "2022-08-09")])
    assert row["value"] == before["value"] and row["bound"] == before["bound"] and row["decision_id"] == "X1"
    assert row["note_en"] == "because" and row["note_vi"] == "vì"


def test_publish_range_publishes_the_interval_and_no_single_value():
    rows = [claim("DER-x", "A", "approved", 21827757.0, "2022-08-09", bound="approx", lower=21709000.0,
                  upper=21947000.0, derived_from="A-1")]
    row, before = _decided("range", rows)
    assert before["bound"] == "approx" and not math.isnan(before["value"])
    assert row["bound"] == "range" and math.isnan(row["value"])
    assert (row["lower"], row["upper"]) == (rows[0]["lower"], rows[0]["upper"])


def test_publish_lower_bound_publishes_the_lower_end_only():
    rows = [claim("DER-x", "A", "approved", 21827757.0, "2022-08-09", bound="approx", lower=21709000.0,
                  upper=21947000.0, derived_from="A-1")]
    row, _ = _decided("lower_bound", rows)
    assert row["bound"] == "lower" and row["value"] == rows[0]["lower"] and math.isnan(row["upper"])


def test_publish_not_comparable_and_omit_set_the_status():
    rows = [claim("A-1", "A", "accounts", 1e6, "2022-08-09")]
    row, before = _decided("not_comparable", rows)
    assert before["status"] != "not_comparable" and row["status"] == "not_comparable" and row["value"] == 1e6
    row, _ = _decided("omit", rows)
    assert row["status"] == "omitted" and math.isnan(row["value"])


def test_collection_is_paused_only_while_reconciling():
    import gc

    from dean06.reconcile.step import collection_paused

    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError):
        with collection_paused():
            raise KeyError("a failure inside")
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
