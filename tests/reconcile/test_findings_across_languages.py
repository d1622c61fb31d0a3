"""Findings work across languages as within one: on the enlarged corpus, which holds a team-written
FICTIONAL English article beside the Vietnamese ones (tests/fixtures/corpus/), figures of English
sources are reconciled with Vietnamese ones of the same metric, and look-alike measures are never
joined, whatever the language. Expectations come from the data."""

import pytest
from corpus import enlarged_root

from dean06.catalog import tables
from dean06.catalog.tables import split_ids
from dean06.clean import step as clean
from dean06.reconcile import step as reconcile


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = enlarged_root(tmp_path_factory.mktemp("languages"))
    claims = clean.clean_claims(*clean.load_raw(root))
    (root / "data/processed").mkdir(parents=True, exist_ok=True)
    clean.write_claims_clean(claims, root / "data/processed/claims_clean.csv")
    return root, claims.set_index("claim_id"), reconcile.run(root)


def test_the_corpus_holds_sources_in_both_languages(built):
    root, claims, _ = built
    assert set(tables.read("sources", root)["language"]) == {"vi", "en"}
    assert set(claims["language"]) == {"vi", "en"}


def test_growth_never_joins_two_metrics_and_crosses_languages_within_one(built):
    _, claims, result = built
    growth = result.discrepancies[result.discrepancies["type"] == "cumulative_growth"]
    assert len(growth)
    crossing = 0
    for _, finding in growth.iterrows():
        ids = split_ids(finding["claims"])
        assert len({claims.loc[c, "metric"] for c in ids}) == 1, finding["finding_id"]
        crossing += len({claims.loc[c, "language"] for c in ids}) == 2
    assert crossing, "no metric is reported by an English and a Vietnamese source at different dates"


def test_look_alikes_from_an_english_source_stand_beside_vietnamese_ones_never_joined(built):
    root, claims, result = built
    metrics = tables.read("metrics", root).set_index("metric")
    english = claims[(claims["language"] == "en") & ~claims["flag_derived"]]
    families = {metrics.loc[m, "family"] for m in english["metric"]}
    found = 0
    for _, finding in result.discrepancies[result.discrepancies["type"] == "not_comparable"].iterrows():
        ids = split_ids(finding["claims"])
        languages = {claims.loc[c, "language"] for c in ids}
        if languages == {"vi", "en"} and {metrics.loc[claims.loc[c, "metric"], "family"] for c in ids} & families:
            found += 1
            assert len({claims.loc[c, "metric"] for c in ids}) > 1
    assert found
    # each reconciled row is one metric: the English measures keep rows of their own
    rows = result.reconciled
    for metric in set(english["metric"]):
        ours = rows[rows["metric"] == metric]
        assert len(ours)
        for supporting in ours["supporting_claims"]:
            assert {claims.loc[c, "metric"] for c in split_ids(supporting)} == {metric}
