"""Chart data follows the data: which metrics a chart shows comes from metrics.csv (area, family,
kind), any number of dates and sources per metric, derived rows as the cleaning step wrote them.
Every expectation is computed from the fixture tables of chart_tables.py."""

import math

import pandas as pd
import pytest
from chart_tables import frames, tables

from dean06.edition import Edition
from dean06.problems import InputError
from dean06.publish.charts import Tables, coverage, identity, policy_documents, source_agreement, timeline

VI, EN = Edition.parse("vi"), Edition.parse("en")


def claims():
    c = frames()["claims_clean"]
    return c[c["flag_repeated"].eq("false")]


def test_load_rejects_a_file_without_the_contract_columns(tmp_path):
    (tmp_path / "data" / "processed").mkdir(parents=True)
    (tmp_path / "data" / "processed" / "claims_clean.csv").write_text("claim_id,value\nX,1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"data/processed/claims_clean.csv, row 1, column 'source_id': required column 'source_id' is missing"):
        Tables.load(tmp_path)


def test_timeline_has_one_row_per_conference_not_per_article():
    src = frames()["sources"]
    d = timeline.data(tables(), VI)
    assert list(d["event_date"]) == sorted(set(src["event_date"]))
    assert d["n_articles"].sum() == len(src)
    shared = src.groupby("event_date")["source_id"].agg(list)
    for event, ids in shared.items():
        row = d[d["event_date"] == event].iloc[0]
        assert row["source_ids"].split(";") == sorted(ids, key=lambda s: (src.set_index("source_id").loc[s, "published_date"], s))
        stats = claims()[claims()["source_id"].isin(ids) & claims()["flag_derived"].eq("false")]
        expected = len(stats[["metric", "as_of", "value"]].astype(str).drop_duplicates())
        assert row["n_figures"] == expected


def test_timeline_counts_a_figure_two_articles_of_one_conference_print_once():
    f = frames()
    c = f["claims_clean"]
    src = f["sources"]
    event = src["event_date"].value_counts().idxmax()
    a, b = src[src["event_date"] == event]["source_id"].iloc[:2]
    copy = c[c["source_id"] == a].iloc[[0]].assign(claim_id="X-COPY", source_id=b)
    before = timeline.data(tables(), VI).set_index("event_date").loc[event, "n_figures"]
    after = timeline.data(tables(claims_clean=pd.concat([c, copy])), VI).set_index("event_date").loc[event, "n_figures"]
    assert after == before


def test_identity_metrics_come_from_metrics_csv():
    m = frames()["metrics"]
    counts = m[m["kind"] == "cumulative_count"]
    families = set(counts[counts["area"].isin(["chip_id", "eid"])]["family"])
    expected = [r.metric for r in counts.itertuples() if r.area in ("chip_id", "eid") or r.family in families]
    assert identity.metrics(tables()) == expected
    d = identity.data(tables(), VI)
    assert set(d["series"]) <= set(expected) and "percent" not in set(d["unit"])  # no share on a count axis
    # a new count metric of the e-ID area becomes a new series, with no code change
    extra_metric = m.iloc[[0]].assign(metric="eid_new_count", area="eid", family="eid_new", kind="cumulative_count",
                                      label_vi="Mới", label_en="New")
    c = frames()["claims_clean"]
    extra_claim = c.iloc[[0]].assign(claim_id="X-NEW-1", metric="eid_new_count", value=5e6, lower=5e6, upper=5e6)
    d2 = identity.data(tables(metrics=pd.concat([m, extra_metric]), claims_clean=pd.concat([c, extra_claim])), VI)
    assert d2[d2["series"] == "eid_new_count"]["claim_id"].tolist() == ["X-NEW-1"]


def test_identity_series_hold_every_date_and_source_of_a_metric():
    d = identity.data(tables(), VI)
    for metric, rows in d.groupby("series"):
        expected = claims()[claims()["metric"] == metric]
        assert sorted(rows["claim_id"]) == sorted(expected["claim_id"])
        assert list(rows["as_of"]) == sorted(rows["as_of"])
    longest = d["series"].value_counts()
    assert longest.max() >= 3  # the fixtures hold a three-point series


def test_identity_derived_rows_are_read_not_recomputed():
    c = frames()["claims_clean"]
    derived = c[c["flag_derived"] == "true"]
    row = derived[derived["metric"].isin(identity.metrics(tables()))].iloc[0]
    changed = c.copy()
    changed.loc[changed["claim_id"] == row["claim_id"], "value"] = 12345678
    d = identity.data(tables(claims_clean=changed), EN).set_index("claim_id")
    assert d.loc[row["claim_id"], "value"] == 12345678 and d.loc[row["claim_id"], "flag_derived"]


def test_lower_bound_stays_a_lower_bound():
    d = identity.data(tables(), VI)
    lower = d[d["bound"] == "lower"].iloc[0]
    assert math.isnan(lower["upper"]) and lower["value_text"].startswith("hơn ")
    assert identity.data(tables(), EN).set_index("claim_id").loc[lower["claim_id"], "value_text"].startswith("more than ")


def test_coverage_is_parts_of_a_whole_at_their_latest_date():
    m = frames()["metrics"].set_index("metric")
    d = coverage.data(tables(), EN)
    count_families = set(m[m["kind"] == "cumulative_count"]["family"])
    for r in d.itertuples():
        kind, family = m.loc[r.metric, "kind"], m.loc[r.metric, "family"]
        assert kind == "fraction" or (kind == "share" and family not in count_families)
        reported = claims()[(claims()["metric"] == r.metric) & claims()["flag_derived"].eq("false")]
        assert r.as_of == reported["as_of"].max()  # the latest, never a mix of dates in one bar
        assert r.period in r.period and 0 <= r.share <= 1
    rates = [k for k, row in m.iterrows() if row["kind"] == "share" and row["family"] in count_families]
    assert rates and not set(rates) & set(d["metric"])  # an approval rate is no progress toward a whole
    assert list(d["share"]) == sorted(d["share"], reverse=True)


def test_coverage_borrows_a_missing_whole_and_says_from_where():
    d = coverage.data(tables(), VI)
    c = claims()
    for r in d[d["denominator_from"].ne("")].itertuples():
        base = c.set_index("claim_id").loc[r.denominator_from]
        assert base["metric"] == r.metric and base["as_of"] <= r.as_of and float(base["denominator"]) == r.denominator


def test_policy_shows_the_policy_areas_counts_at_each_date():
    m = frames()["metrics"]
    wanted = set(m[(m["area"] == "policy") & (m["kind"] == "cumulative_count")]["metric"])
    d = policy_documents.data(tables(), EN)
    assert set(d["metric"]) == wanted & set(claims()["metric"])
    for metric, rows in d.groupby("metric"):
        assert sorted(rows["as_of"]) == sorted(set(claims()[claims()["metric"] == metric]["as_of"]))
    assert "scaled" not in d.columns  # each count at its own value on the chart's one axis


def test_source_agreement_statuses_and_counts_add_up():
    d = source_agreement.data(tables(), EN)
    reported = claims()[claims()["flag_derived"].eq("false")]
    multi = reported.groupby("metric")["source_id"].nunique()
    # only what two sources could check is drawn: the metrics of two or more sources, and their sources
    assert set(d["metric"]) == set(multi[multi >= 2].index)
    assert set(d["source_id"]) == set(reported[reported["metric"].isin(multi[multi >= 2].index)]["source_id"])
    n = source_agreement.counts(d)
    assert n["n_multi"] + n["n_single"] == n["n_metrics"] == reported["metric"].nunique()
    assert n["n_single"] == int((multi == 1).sum())
    same_date = reported.groupby(["metric", "as_of"])["source_id"].nunique()
    assert n["n_checked"] <= same_date[same_date >= 2].reset_index()["metric"].nunique()
    conflicts = {m for f in frames()["discrepancies"].itertuples() if f.severity == "conflict" for m in f.metrics.split(";")}
    assert set(d[d["status"] == "conflicts"]["metric"]) == conflicts & set(reported["metric"])


def test_a_three_point_series_is_not_marked_not_comparable():
    d = source_agreement.data(tables(), EN)
    assert "not_comparable" not in set(d["status"])
    counts = claims()[claims()["flag_derived"].eq("false")].groupby("metric")["as_of"].nunique()
    series = counts[counts >= 3].index
    assert len(series)
    for metric in series:
        statuses = set(d[(d["metric"] == metric) & d["status"].ne("")]["status"])
        assert statuses <= {"series", "agrees", "conflicts"}
