"""Chart data: exactly the rows and values each chart draws, from small contract-shaped tables."""

import math

import pandas as pd
import pytest
from chart_tables import frames, tables

from dean06.publish.charts import Tables, data


@pytest.fixture(scope="module")
def t():
    return tables()


def test_tables_conform_types_from_text(t):
    c = t.claims_clean.set_index("claim_id")
    assert c.loc["LAK-231221-15", "value"] == 70e6 and math.isnan(c.loc["LAK-231221-15", "upper"])
    assert c["flag_repeated"].dtype == bool and c.loc["QNO-230225-05", "flag_repeated"]
    assert c.loc["QNO-230225-01", "qualifier"] == ""  # a missing contract column arrives empty


def test_load_rejects_a_file_without_the_contract_columns(tmp_path):
    (tmp_path / "data" / "processed").mkdir(parents=True)
    (tmp_path / "data" / "processed" / "claims_clean.csv").write_text("claim_id,value\nX,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="claims_clean.csv: claims_clean: required column"):
        Tables.load(tmp_path)


def test_timeline_counts_statistics_without_repeats_or_derived(t):
    d = data.timeline(t, "vi").set_index("source_id")
    assert list(d.index) == ["TTXVN-220809", "QNO-230225", "LAK-231221"]
    assert d.loc["QNO-230225", "n_figures"] == 4  # 01–04; 05 repeats 01; DER is ours
    assert d.loc["QNO-230225", "headline_claim_id"] == "QNO-230225-01"
    assert d.loc["QNO-230225", "headline_text"] == "78.553.494"
    assert d.loc["LAK-231221", "headline_text"] == "hơn 70 triệu"
    assert d.loc["LAK-231221", "event_date_inferred"] and not d.loc["QNO-230225", "event_date_inferred"]
    assert d.loc["QNO-230225", "outlet"] == "Báo Quảng Nam"
    assert data.timeline(t, "en").set_index("source_id").loc["LAK-231221", "headline_text"] == "more than 70 million"


def test_identity_keeps_the_lower_bound_and_never_links_applications_to_accounts(t):
    d = data.identity(t, "vi")
    assert list(d["series"]) == ["eid_applications_approved", "eid_applications_received", "chip_id_cards_issued",
                                 "chip_id_issuance_share", "eid_accounts_issued"]
    accounts = d[d["series"] == "eid_accounts_issued"].iloc[0]
    assert accounts["bound"] == "lower" and accounts["value"] == 70e6 and math.isnan(accounts["upper"])
    assert accounts["value_text"] == "hơn 70 triệu"
    assert data.identity(t, "en").iloc[-1]["value_text"] == "more than 70 million"
    # no row joins the two metrics: each row is one series, and no accounts row derives from approvals
    approved_ids = set(t.claims_clean.query("metric == 'eid_applications_approved'")["claim_id"])
    assert not any(set(str(r.derived_from).split(";")) & approved_ids for r in d.itertuples()
                   if r.series == "eid_accounts_issued")
    assert not any("eid_accounts_issued" in str(v) for v in d[d["series"] != "eid_accounts_issued"].to_numpy().ravel())
    assert "connect" not in " ".join(d.columns) and "previous" not in " ".join(d.columns)


def test_identity_marks_derived_and_share_without_base(t):
    d = data.identity(t, "vi").set_index("series")
    received = d.loc["eid_applications_received"]
    assert received["flag_derived"] and received["value_text"] == "khoảng 21,8 triệu"
    assert received["note"] == "suy ra: 20.081.536 ÷ 92%"
    assert (received["lower"], received["upper"]) == (21709769, 21947033)
    assert d.loc["chip_id_issuance_share", "plot_as"] == "share_without_base"
    assert set(d.drop("chip_id_issuance_share")["plot_as"]) == {"count"}


def test_identity_derives_received_when_cleaning_did_not():
    f = frames()
    f["claims_clean"] = f["claims_clean"][~f["claims_clean"]["claim_id"].str.startswith("DER-QNO")]
    d = data.identity(Tables.build(**f), "en").set_index("series")
    assert d.loc["eid_applications_received", "flag_derived"]
    assert d.loc["eid_applications_received", "value"] == pytest.approx(20081536 / 0.92)
    assert d.loc["eid_applications_received", "value_text"] == "about 21.8 million"


def test_coverage_rows_values_fractions_and_both_readings(t):
    d = data.coverage(t, "vi")
    assert list(zip(d["claim_id"], d["value_text"], d["fraction_text"], d["period"])) == [
        ("QNO-230225-02", "92,1%", "58/63", "tháng 2/2023"),
        ("LAK-231221-12", "100%", "63/63", "tháng 12/2023"),
        ("QNO-230225-04", "92%", "", "tháng 2/2023"),
        ("LAK-231221-09", "71,7%", "38/53", "tháng 12/2023"),
        ("DER-LAK-231221-01", "30,5%", "", "năm 2022"),
        ("DER-LAK-231221-01", "47,5%", "", "năm 2022"),
        ("LAK-231221-16", "63%", "", "tháng 12/2023"),
    ]
    assert list(d["reading"]) == ["", "", "", "", "percentage_points", "relative", ""]
    assert d.loc[1, "denominator_from"] == "QNO-230225-02"  # '63' printed alone: base from 58/63
    assert list(d["flag_derived"]) == [False, False, False, False, True, True, False]
    assert d["share"].round(4).tolist() == [0.9206, 1.0, 0.92, 0.717, 0.305, 0.4755, 0.63]


def test_coverage_derives_both_readings_when_cleaning_did_not():
    f = frames()
    f["claims_clean"] = f["claims_clean"][f["claims_clean"]["claim_id"] != "DER-LAK-231221-01"]
    d = data.coverage(Tables.build(**f), "en")
    derived = d[d["flag_derived"]]
    assert list(derived["reading"]) == ["percentage_points", "relative"]
    assert list(derived["value_text"]) == ["30.5%", "47.5%"] and set(derived["period"]) == {"2022"}


def test_policy_documents_growth_only_within_one_metric(t):
    d = data.policy_documents(t, "en")
    rows = list(zip(d["family"], d["period"], d["reported"], d["value"].fillna(-1), d["comparable_to_previous"]))
    assert rows == [
        ("directives", "Aug 2022", True, 1, ""), ("directives", "Dec 2023", True, 6, True),
        ("resolutions", "Aug 2022", True, 4, ""), ("resolutions", "Dec 2023", True, 23, False),
        ("notices", "Aug 2022", True, 7, ""), ("notices", "Dec 2023", False, -1, ""),
    ]


def test_source_agreement_statuses(t):
    d = data.source_agreement(t, "en")
    cell = lambda m, s: d[(d["metric"] == m) & (d["source_id"] == s)].iloc[0]["status"]  # noqa: E731
    assert cell("directives_issued", "TTXVN-220809") == "conflicts"
    assert cell("directives_issued", "LAK-231221") == "conflicts"
    assert cell("resolutions_issued", "LAK-231221") == "not_comparable"
    assert cell("localities_connected_population_db", "QNO-230225") == "agrees"
    assert cell("localities_connected_population_db", "LAK-231221") == "agrees"
    assert cell("chip_id_cards_issued", "QNO-230225") == "reported"  # corroborated by one source only
    assert cell("essential_online_services_deployed", "LAK-231221") == "reported"  # an info finding
    assert cell("chip_id_cards_issued", "LAK-231221") == ""
    assert "eid_applications_received" not in set(d["metric"])  # derived: no source reported it
    assert len(d) == d["metric"].nunique() * 3


def test_as_of_keeps_only_what_was_published():
    cut = tables().published_by("2023-02-25")
    assert set(cut.sources["source_id"]) == {"TTXVN-220809", "QNO-230225"}
    assert not cut.claims_clean["source_id"].eq("LAK-231221").any()
    assert cut.discrepancies.empty and cut.reconciled["supporting_claims"].tolist() == ["QNO-230225-01;QNO-230225-05"]
    d = data.policy_documents(cut, "vi")
    assert set(d["period"]) == {"tháng 8/2022"} and d["comparable_to_previous"].eq("").all()
    with pytest.raises(ValueError):
        tables().published_by("2023-02-30")


def test_empty_tables_give_empty_frames_with_their_columns():
    empty = Tables.build()
    for name, build in data.BUILDERS.items():
        frame = build(empty, "vi")
        assert frame.empty and len(frame.columns) > 3, name
        assert isinstance(frame, pd.DataFrame)
