"""Cleaning reads each figure and date in the language of its source (sources.csv `language`).

A constructed corpus (fictional sources and claims, built here): one English and one Vietnamese
source, and every way a figure in the wrong convention must be stopped, not misread.
"""

import pandas as pd
import pytest

from dean06.catalog import tables
from dean06.catalog.contracts import validate_claims_clean
from dean06.clean import step as clean
from dean06.problems import InputError


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=columns, dtype=str)


SOURCES = [{"source_id": "ENG-221108", "event_date": "2022-11-08", "published_date": "2022-11-08", "language": "en"},
           {"source_id": "VIE-221108", "event_date": "2022-11-08", "published_date": "2022-11-09", "language": "vi"}]
METRICS = [{"metric": "received", "kind": "cumulative_count", "unit": "applications"},
           {"metric": "rate", "kind": "share", "unit": "percent"},
           {"metric": "savings", "kind": "amount", "unit": "VND"}]


def claim(cid, value_text, quote, as_of_text="", metric="received", notes=""):
    return {"claim_id": cid, "source_id": cid[:10], "metric": metric, "value_text": value_text,
            "quote": quote, "as_of_text": as_of_text, "notes": notes}


def cleaned(claims: list[dict], sources=SOURCES):
    return clean.clean_claims(frame(claims, tables.COLUMNS["claims"]), frame(sources, tables.COLUMNS["sources"]),
                              frame(METRICS, tables.COLUMNS["metrics"]),
                              frame([], tables.COLUMNS["derivations"]))


def test_an_english_source_is_read_in_english():
    t = cleaned([
        claim("ENG-221108-01", "over 13.8 million", "By November 7, over 13.8 million applications had been received.",
              "By November 7"),
        claim("ENG-221108-02", "600,000", "Level-1 applications reached 600,000 at the current time.",
              "at the current time"),
        claim("ENG-221108-03", "13.2 percent", "The rate was 13.2 percent to date.", "to date", metric="rate"),
        claim("ENG-221108-04", "trillions of dong", "It saves trillions of dong.", metric="savings"),
    ]).set_index("claim_id")
    validate_claims_clean(t.reset_index())
    assert set(t["language"]) == {"en"}
    r = t.loc["ENG-221108-01"]
    assert (r["value"], r["bound"], r["qualifier"], r["as_of"], r["as_of_method"], r["flag_year_inferred"]) == \
        (13_800_000, "lower", "over", "2022-11-07", "stated, year inferred", True)
    r = t.loc["ENG-221108-02"]
    assert (r["value"], r["bound"], r["as_of"], r["as_of_method"]) == \
        (600_000, "exact", "2022-11-08", "relative (at the current time): event date")
    assert (t.loc["ENG-221108-03", "value"], t.loc["ENG-221108-03", "share"]) == (13.2, 0.132)
    r = t.loc["ENG-221108-04"]
    assert (r["value"], r["lower"], r["bound"], r["unit"], r["flag_vague"]) == (1e12, 1e12, "lower", "VND", True)
    assert not t.loc["ENG-221108-01", "flag_vague"]


def test_a_vietnamese_vague_magnitude_is_a_flagged_lower_bound():
    t = cleaned([claim("VIE-221108-01", "hàng nghìn tỷ đồng", "tiết kiệm hàng nghìn tỷ đồng ngân sách",
                       metric="savings")]).set_index("claim_id")
    r = t.loc["VIE-221108-01"]
    assert (r["value"], r["lower"], r["bound"], r["unit"], r["flag_vague"], r["language"]) == \
        (1e12, 1e12, "lower", "VND", True, "vi")


def test_english_separators_in_a_vietnamese_source_are_caught_not_misread():
    quote = "Đã tiếp nhận 600,000 hồ sơ định danh mức 1"
    with pytest.raises(InputError) as err:
        cleaned([claim("VIE-221108-01", "600,000", quote)])
    [problem] = err.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == \
        ("data/raw/claims.csv", 2, "value_text", "600,000")
    assert "600 with Vietnamese separators" in problem.message
    assert "600000 with English separators" in problem.message
    assert repr(quote) in problem.message


def test_the_notes_say_which_reading_is_meant():
    t = cleaned([claim("VIE-221108-01", "600,000", "Đã tiếp nhận 600,000 hồ sơ",
                       notes="reading checked: en — this copy uses English separators")])
    assert t.loc[0, "value"] == 600_000


def test_every_problem_in_a_cell_is_reported_at_once_each_with_file_row_column_and_value():
    with pytest.raises(InputError) as err:
        cleaned([claim("VIE-221108-01", "over 13.8 million", "By November 7, over 13.8 million applications",
                       "By November 7")])
    problems = err.value.problems
    assert {(p.row, p.column) for p in problems} == {(2, "value_text"), (2, "as_of_text")}
    figure = [p.message for p in problems if p.column == "value_text"]
    assert len(figure) == 3
    assert any("unknown qualifier 'over'" in m for m in figure)
    assert any("'13.8' is not a Vietnamese number" in m for m in figure)
    assert any("unknown scale word or unit 'million'" in m for m in figure)
    assert all(p.value in ("over 13.8 million", "By November 7") for p in problems)


def test_a_source_in_no_known_language_is_an_error():
    sources = [dict(SOURCES[0], language="fr"), SOURCES[1]]
    with pytest.raises(InputError) as err:
        cleaned([claim("ENG-221108-01", "600,000", "600,000 applications")], sources)
    [problem] = err.value.problems
    assert (problem.file, problem.column, problem.value) == ("data/raw/sources.csv", "language", "fr")
    assert "unknown language 'fr'" in problem.message
