"""The edition: language and cut-off validated once, and the one rule for what had been published."""

import pandas as pd
import pytest

from dean06.edition import Edition, ParameterError, parse_as_of


def sources(*dates):
    return pd.DataFrame({"source_id": [f"S{i}" for i in range(len(dates))], "published_date": list(dates)})


@pytest.mark.parametrize("lang,as_of", [("fr", None), ("vi", "17/2/2023"), ("en", "2023-02-30"), ("vi", "2023-2-5")])
def test_bad_parameters_are_refused_with_what_to_give(lang, as_of):
    with pytest.raises(ParameterError) as err:
        Edition.parse(lang, as_of)
    assert ("lang must be one of vi, en" in str(err.value)) or ("ISO date such as" in str(err.value))


def test_empty_dates_mean_no_cut_off():
    assert parse_as_of(None) is None and parse_as_of("") is None and parse_as_of(" none ") is None
    assert Edition.parse("en", "2024-01-31") == Edition("en", "2024-01-31")
    assert Edition.parse().is_default


def test_published_keeps_sources_up_to_and_including_the_date():
    table = sources("2022-08-09", "2023-02-25", "2023-12-21", "")
    dates = sorted(table["published_date"][table["published_date"] != ""])
    middle = dates[1]
    kept = Edition(as_of=middle).published(table)
    assert list(kept["published_date"]) == [d for d in table["published_date"] if d and d <= middle]
    assert Edition().published(table) is table  # the default edition keeps everything, undated rows too


def test_claims_follow_their_sources():
    table = sources("2022-08-09", "2023-12-21")
    claims = pd.DataFrame({"claim_id": ["a", "b", "c"], "source_id": ["S0", "S1", "S0"]})
    kept = Edition(as_of="2023-01-01").claims(claims, table)
    assert list(kept["claim_id"]) == ["a", "c"]


def test_a_date_before_the_first_article_is_refused():
    table = sources("2022-08-09", "2023-12-21")
    with pytest.raises(ParameterError, match="before any archived article was published.*2022-08-09"):
        Edition(as_of="2022-08-08").published(table)
