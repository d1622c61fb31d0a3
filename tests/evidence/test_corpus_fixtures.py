"""The enlarged corpus (real archive + fictional fixture articles) passes the audit, cleans, and covers
what the fixtures promise. Every expectation is derived from the fixture tables, not hard-coded."""

import re

import pytest
from corpus import FIXTURES, enlarged_root, fixture_rows, read_csv

NEW_SPAN_KINDS = {"retrieval_header", "truncated_end", "appended_excerpt"}


@pytest.fixture
def root(tmp_path):
    return enlarged_root(tmp_path)


def test_the_project_knows_the_fixtures_span_kinds():
    from dean06.evidence.archive import SPAN_KINDS

    assert NEW_SPAN_KINDS <= set(SPAN_KINDS)


@pytest.fixture
def cleaned(root):
    from dean06.clean.step import clean_claims, load_raw

    return clean_claims(*load_raw(root))


def real_rows(table):
    from dean06.paths import project_root, raw_dir

    return read_csv(raw_dir(project_root()) / f"{table}.csv")[1]


def test_fixture_tables_have_the_real_columns():
    from dean06.paths import project_root, raw_dir

    for path in sorted(FIXTURES.glob("*.csv")):
        assert read_csv(path)[0] == read_csv(raw_dir(project_root()) / path.name)[0], path.name


def test_enlarged_corpus_passes_the_audit(root):
    from dean06.evidence.audit import run_audit

    result = run_audit(root)
    assert result.ok, "\n".join(str(p) for p in result.problems)
    fixture_files = {r["file"] for r in fixture_rows("sources")}
    assert fixture_files <= {a.file for a in result.articles.values()}
    assert result.claim_count == len(real_rows("claims")) + len(fixture_rows("claims"))
    assert all(t.accounted_by for t in result.tokens)


def test_enlarged_corpus_cleans(cleaned):
    fixture_ids = {r["claim_id"] for r in fixture_rows("claims")}
    missing = fixture_ids - set(cleaned["claim_id"])
    assert not missing, sorted(missing)


def test_every_fixture_article_has_at_least_five_claims():
    per_source = {}
    for r in fixture_rows("claims"):
        per_source[r["source_id"]] = per_source.get(r["source_id"], 0) + 1
    assert {r["source_id"] for r in fixture_rows("sources")} == set(per_source)
    assert min(per_source.values()) >= 5


def test_fixtures_add_a_programme_area():
    real_areas = {r["area"] for r in real_rows("metrics")}
    fixture_areas = {r["area"] for r in fixture_rows("metrics")}
    assert fixture_areas - real_areas
    assert not {r["metric"] for r in fixture_rows("metrics")} & {r["metric"] for r in real_rows("metrics")}


def test_fixtures_give_existing_metrics_new_dates(cleaned):
    fixture_ids = {r["claim_id"] for r in fixture_rows("claims")}
    real_metrics = {r["metric"] for r in real_rows("metrics")}
    reported = cleaned[~cleaned["flag_derived"]]
    real = reported[~reported["claim_id"].isin(fixture_ids)]
    fixtures = reported[reported["claim_id"].isin(fixture_ids) & reported["metric"].isin(real_metrics)]
    real_dates = real.groupby("metric")["as_of"].apply(set).to_dict()
    new = [(m, d) for m, d in zip(fixtures["metric"], fixtures["as_of"]) if d not in real_dates.get(m, set())]
    assert new
    # at least one new date falls between two real dates of the same metric, and one after all of them
    assert any(min(real_dates[m]) < d < max(real_dates[m]) for m, d in new if m in real_dates)
    assert any(d > max(real_dates[m]) for m, d in new if m in real_dates)


def _falls(series):
    """(earlier, later) claim ids of each figure below one dated before it (bounds as reconciliation
    reads them: 'hơn X' may be any higher, an exact X no higher)."""
    rows = series.sort_values(["as_of", "claim_id"]).to_dict("records")
    low = lambda r: r["lower"] if r["lower"] == r["lower"] else r["value"]  # noqa: E731 (NaN: no lower bound)
    high = lambda r: r["upper"] if r["upper"] == r["upper"] else float("inf")  # noqa: E731
    return [(a["claim_id"], b["claim_id"]) for i, b in enumerate(rows) for a in rows[:i]
            if a["as_of"] < b["as_of"] and high(b) < low(a)]


def test_fixture_cumulative_counts_do_not_fall(root, cleaned):
    """Read alone, the fixtures' cumulative counts and fractions never fall. Beside the archive they
    were written next to they did not either; but the archive grows, and a real article added later
    may print a figure this fiction contradicts. Such a fall is a real case: it must be reported as a
    conflict (a cumulative count cannot go down), never published as growth."""
    from dean06.clean.step import write_claims_clean
    from dean06.reconcile import step as reconcile

    fixture_ids = {r["claim_id"] for r in fixture_rows("claims")}
    kinds = {r["metric"]: r["kind"] for r in real_rows("metrics") + fixture_rows("metrics")}
    rows = cleaned[~cleaned["flag_derived"] & ~cleaned["flag_repeated"]]
    touched = sorted(m for m in set(rows.loc[rows["claim_id"].isin(fixture_ids), "metric"])
                     if kinds[m] in ("cumulative_count", "fraction"))
    assert touched
    for metric in touched:
        series = rows[rows["metric"] == metric]
        alone = series[series["claim_id"].isin(fixture_ids)]
        assert not _falls(alone), (metric, alone[["claim_id", "as_of", "value_text"]].to_dict("records"))
    write_claims_clean(cleaned, root / "data/processed/claims_clean.csv")
    ledger = reconcile.run(root).discrepancies
    for metric in touched:
        series = rows[rows["metric"] == metric]
        beside = [pair for pair in _falls(series) if fixture_ids & set(pair)]
        if beside:  # the fiction and a later real figure disagree: the ledger says the count fell
            found = ledger[(ledger["type"] == "cumulative_decrease") & (ledger["metrics"] == metric)]
            assert not found.empty and (found["severity"] == "conflict").all(), (metric, beside)


def test_fixture_figures_cover_the_printed_forms():
    values = [r["value_text"] for r in fixture_rows("claims")]
    assert any("triệu" in v for v in values)
    assert any("tỉ" in v or "tỷ" in v for v in values)
    assert any("đồng" in v for v in values)
    assert any(re.fullmatch(r"[\d.]+/[\d.]+", v) for v in values)
    assert any(v.startswith(("hơn ", "trên ")) for v in values) and any(v.startswith("gần ") for v in values)
    assert any(v.endswith("%") for v in values)


def test_fixture_spans_use_the_new_kinds():
    kinds = {r["kind"] for r in fixture_rows("excluded_spans")}
    assert {"retrieval_header", "truncated_end"} <= kinds


def test_truncated_end_covers_the_cut_figure():
    """The truncated span ends where the story's copy stops, and no claim is taken from inside it."""
    files = {r["source_id"]: r["file"] for r in fixture_rows("sources")}
    for span in fixture_rows("excluded_spans"):
        if span["kind"] != "truncated_end":
            continue
        text = (FIXTURES / "articles" / files[span["source_id"]]).read_text(encoding="utf-8")
        fragment = text[int(span["start"]):int(span["end"])]
        assert re.search(r"\d", fragment)
        assert not fragment.rstrip().endswith((".", "!", "?", "…"))
        for claim in fixture_rows("claims"):
            if claim["source_id"] == span["source_id"]:
                assert claim["quote"] not in fragment
