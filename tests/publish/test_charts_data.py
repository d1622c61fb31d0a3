"""Chart data follows the data: which metrics a chart shows comes from metrics.csv (area, family,
kind), any number of dates and sources per metric, derived rows as the cleaning step wrote them.
Every expectation is computed from the fixture tables of chart_tables.py."""

import math

import pandas as pd
import pytest
from chart_tables import frames, tables

from dean06 import formatting
from dean06.edition import Edition
from dean06.problems import InputError
from dean06.publish.charts import Tables, coverage, identity, policy_documents, source_agreement, timeline
from dean06.wording import chart as t

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
    # how many cards and e-IDs: counts of what the two areas issue, not of applications or other areas
    expected = [r.metric for r in counts.itertuples() if r.area in ("chip_id", "eid") and r.unit in ("cards", "accounts")]
    assert identity.metrics(tables()) == expected
    other = counts[~counts["metric"].isin(expected) & counts["area"].isin(["chip_id", "eid"])]
    assert not set(identity.data(tables(), VI)["series"]) & set(other["metric"])
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
    row = c[c["flag_derived"] == "true"].iloc[0]
    changed = c.copy()  # a derived figure of a measure the chart draws, with a value no rule computes
    at = changed["claim_id"] == row["claim_id"]
    changed.loc[at, "metric"] = identity.metrics(tables())[0]
    changed.loc[at, "value"] = 12345678
    d = identity.data(tables(claims_clean=changed), EN).set_index("claim_id")
    assert d.loc[row["claim_id"], "value"] == 12345678 and d.loc[row["claim_id"], "flag_derived"]


def test_lower_bound_stays_a_lower_bound():
    d = identity.data(tables(), VI)
    lower = d[d["bound"] == "lower"].iloc[0]
    assert math.isnan(lower["upper"]) and lower["value_text"].startswith("hơn ")
    assert identity.data(tables(), EN).set_index("claim_id").loc[lower["claim_id"], "value_text"].startswith("more than ")


def coverage_metrics():
    """The chart area's parts of a whole, from metrics.csv: kind fraction, or a share outside any family of counts."""
    m = frames()["metrics"].set_index("metric")
    count_families = set(m[m["kind"] == "cumulative_count"]["family"])
    return [k for k, r in m.iterrows() if r["area"] == coverage.AREA
            and (r["kind"] == "fraction" or (r["kind"] == "share" and r["family"] not in count_families))]


def with_claims(*rows):
    """The seed claims with rows added, each a copy of a claim with some cells changed."""
    c = frames()["claims_clean"]
    extra = [dict(c.set_index("claim_id").loc[like].to_dict(), claim_id=cid, **changes) for like, cid, changes in rows]
    return pd.concat([c, pd.DataFrame(extra)], ignore_index=True)


def test_coverage_is_the_areas_parts_of_a_whole_at_each_date():
    m = frames()["metrics"].set_index("metric")
    wanted = coverage_metrics()
    d = coverage.data(tables(), EN)
    reported = claims()[claims()["flag_derived"].eq("false") & claims()["metric"].isin(wanted)]
    assert len(d) and set(d["metric"]) == set(reported["metric"])
    assert set(m.loc[list(set(d["metric"])), "area"]) == {coverage.AREA}  # one area, never unrelated measures
    for metric, rows in d.groupby("metric", sort=False):
        assert list(rows["as_of"]) == sorted(set(reported[reported["metric"] == metric]["as_of"]))  # every date, oldest first
        assert (rows["dates_reported"] == len(rows)).all()
    assert d["share"].between(0, 1).all() and (d["percent"] == d["share"] * 100).all()
    counts = d.groupby("metric", sort=False).size()
    assert counts.iloc[0] == counts.max()  # the lead measure (the title's) is reported at the most dates
    count_families = set(m[m["kind"] == "cumulative_count"]["family"])
    rates = [k for k, row in m.iterrows() if row["kind"] == "share" and row["family"] in count_families]
    assert rates and not set(rates) & set(d["metric"])  # an approval rate is no progress toward a whole


def test_coverage_shows_where_the_whole_changed():
    """An earlier figure of the lead measure with another whole (11/25 before 30/53): both bars are
    drawn, the later one says the whole changed, and the title says so."""
    d = coverage.data(tables(), EN)
    lead = d.iloc[0]
    earlier = "2022-03-01"
    assert earlier < d["as_of"].min()
    den = lead["denominator"] / 2 + 1
    changed = with_claims((lead["claim_id"], "AAA-220301-09", dict(
        source_id="AAA-220301", as_of=earlier, value_text=f"11/{den:.0f}", value=11, lower=11, upper=11,
        numerator=11, denominator=den, share=11 / den)))
    from dean06.publish.charts import build, narrow

    for edition in (EN, VI):
        fig, d, _ = build("coverage", tables(claims_clean=changed), edition)  # what fits: chosen for the phone
        rows = d[d["metric"] == lead["metric"]]
        assert list(rows["as_of"]) == [earlier, lead["as_of"]]
        assert math.isnan(rows["whole_before"].iloc[0]) and rows["whole_before"].iloc[1] == den
        title = coverage.title(d, edition)
        for number in (den, lead["denominator"]):
            assert formatting.number(number, edition.lang) in title
        assert rows["value_text"].iloc[1] in title
        fig = coverage.draw(d, edition)
        drawn = " ".join(x.get_text().replace("\n", " ") for x in fig.axes[0].texts)
        assert t("coverage.bar.whole_changed", edition.lang, before=formatting.number(den, edition.lang),
                 whole=formatting.number(lead["denominator"], edition.lang)).strip() in drawn


def test_coverage_borrows_a_missing_whole_and_says_from_where():
    """A later figure of the lead measure printed without its whole takes the whole of the latest earlier a/b."""
    lead = coverage.data(tables(), VI).iloc[-1]
    later = "2024-01-01"
    changed = with_claims((lead["claim_id"], "DDD-231201-09", dict(
        source_id="DDD-231201", as_of=later, value_text="40", value=40, lower=40, upper=40, numerator="",
        denominator="", share="")))
    d = coverage.data(tables(claims_clean=changed), VI)
    c = changed.set_index("claim_id")
    borrowed = d[d["denominator_from"].ne("")]
    assert list(borrowed["claim_id"]) == ["DDD-231201-09"]
    for r in borrowed.itertuples():
        base = c.loc[r.denominator_from]
        assert base["metric"] == r.metric and base["as_of"] <= r.as_of and float(base["denominator"]) == r.denominator
        assert r.share == 40 / r.denominator and math.isnan(r.whole_before)


def test_policy_shows_the_policy_counts_of_two_dates_or_more_at_each_date():
    m = frames()["metrics"]
    wanted = set(m[(m["area"] == "policy") & (m["kind"] == "cumulative_count")]["metric"])
    reported = claims()[claims()["metric"].isin(wanted) & claims()["flag_derived"].eq("false")]
    dates = reported.groupby("metric")["as_of"].nunique()
    d = policy_documents.data(tables(), EN)
    assert set(d["metric"]) == set(dates[dates >= 2].index) and len(d)
    assert d.attrs["once"] == int((dates < 2).sum())
    for metric, rows in d.groupby("metric"):
        assert list(rows["as_of"]) == sorted(set(reported[reported["metric"] == metric]["as_of"]))
    assert "scaled" not in d.columns  # each count at its own value on the chart's one axis


def test_policy_is_shown_only_when_a_count_has_two_dates():
    """With every policy count at one date the chart has no growth to show: its data is empty, the
    page leaves it off (judged from its CSV), and it still draws (its files are written)."""
    from dean06.publish.charts import build
    from dean06.publish.charts.save import csv_bytes
    from dean06.publish.charts.shown import shown

    d = policy_documents.data(tables(), EN)
    assert shown("policy_documents", csv_bytes(d))
    c = frames()["claims_clean"]
    last = c.groupby("metric")["as_of"].transform("max")
    one = c[~c["metric"].isin(policy_documents.metrics(tables())) | c["as_of"].eq(last)]
    fig, flat, alt = build("policy_documents", tables(claims_clean=one), "en")
    assert flat.empty and not shown("policy_documents", csv_bytes(flat)) and alt.strip()
    assert flat.attrs["once"] == c[c["metric"].isin(policy_documents.metrics(tables()))]["metric"].nunique()


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


def test_coverage_leaves_out_the_earliest_dates_that_do_not_fit_and_says_so():
    """A measure reported at many dates: the page stays within 2.2 times its width, the latest dates
    are drawn, the CSV holds exactly those, and the subtitle counts the dates left out."""
    from chart_checks import aspect

    lead = coverage.data(tables(), EN).iloc[-1]
    dates = pd.date_range("2022-01-01", periods=40, freq="MS").strftime("%Y-%m-%d")
    dates = [d for d in dates if d < lead["as_of"]]
    changed = with_claims(*((lead["claim_id"], f"AAA-220301-{k + 10:02d}", dict(source_id="AAA-220301", as_of=day))
                            for k, day in enumerate(dates)))
    from dean06.publish.charts import build, narrow

    for edition in (EN, VI):
        fig, d, _ = build("coverage", tables(claims_clean=changed), edition)  # what fits: chosen for the phone
        rows = d[d["metric"] == lead["metric"]]
        drawn = len(rows)
        assert 1 < drawn < len(dates) + 1 and (rows["dates_reported"] == len(dates) + 1).all()
        assert list(rows["as_of"]) == sorted([*dates, lead["as_of"]])[-drawn:]  # the latest ones
        assert formatting.number(len(dates) + 1 - drawn, edition.lang) in coverage.subtitle(d, edition)
        assert aspect(fig) <= 2.2 and aspect(narrow("coverage", d, edition)) <= 2.2


def test_coverage_is_shown_only_when_a_measure_has_two_dates():
    """One bar says no more than the key numbers: the page shows the coverage chart only when a
    measure was reported at two dates or more (judged from the chart's CSV)."""
    from dean06.publish.charts.save import csv_bytes
    from dean06.publish.charts.shown import shown

    d = coverage.data(tables(), EN)
    lead = d.iloc[-1]
    c = frames()["claims_clean"]
    last = c.groupby("metric")["as_of"].transform("max")
    one = c[~c["metric"].isin(coverage.metrics(tables())) | c["as_of"].eq(last)]  # each measure at one date
    latest = coverage.data(tables(claims_clean=one), EN)
    assert len(latest) and (latest["dates_reported"] == 1).all() and not shown("coverage", csv_bytes(latest))
    earlier = with_claims((lead["claim_id"], "AAA-220301-10", dict(source_id="AAA-220301", as_of="2022-03-01")))
    two = coverage.data(tables(claims_clean=earlier), EN)
    assert (two["dates_reported"] >= 2).any() and shown("coverage", csv_bytes(two))
    assert shown("identity", b"")  # a chart with no condition is shown whenever drawn


def test_a_policy_chart_with_no_count_of_two_dates_is_left_off_the_page():
    """The page still has every other chart in its place; only the policy chart goes."""
    from types import SimpleNamespace

    from dean06.publish.charts import NAMES
    from dean06.publish.charts.save import csv_bytes
    from dean06.publish.report import chart_places, placed_charts

    c = frames()["claims_clean"]
    last = c.groupby("metric")["as_of"].transform("max")
    one = c[~c["metric"].isin(policy_documents.metrics(tables())) | c["as_of"].eq(last)]
    flat = csv_bytes(policy_documents.data(tables(claims_clean=one), EN))
    full = csv_bytes(policy_documents.data(tables(), EN))
    for csv_data, expected in ((full, True), (flat, False)):
        figures = {name: SimpleNamespace(csv=csv_data if name == "policy_documents" else b"") for name in NAMES}
        placed = [name for names in placed_charts(figures).values() for name in names]
        assert ("policy_documents" in placed) == expected
        assert set(placed) - {"policy_documents"} == set(chart_places()) - {"policy_documents"}
