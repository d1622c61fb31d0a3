"""add-article reads a copy in its own language: it detects the language and fills it in, drafts
each figure with its qualifier, scale word and unit in that language's words, splits sentences where
the copy left no space after a full stop, and drafts no level names ("level 1") or dates: the
recurring rules (src/dean06/evidence/recurring_non_statistics.csv) account for them.

Uses the team-written FICTIONAL English fixture tests/fixtures/add_article/hoa-giang-news-2022.txt.
"""

import csv
import re
from pathlib import Path

import pytest
from conftest import read_rows, write_rows

from dean06.clean.step import clean_claims, load_raw
from dean06.evidence.add_article import RECURRING, add_article, detect_language, figure_as_printed, sentences
from dean06.evidence.coverage import NUMBER
from dean06.textnorm import fold

ENGLISH = Path(__file__).resolve().parents[1] / "fixtures" / "add_article" / "hoa-giang-news-2022.txt"
VIETNAMESE = Path(__file__).resolve().parents[1] / "fixtures" / "add_article" / "son-nguyen-2025.txt"


def test_the_language_is_detected_from_the_letters_of_the_copy():
    assert detect_language(ENGLISH.read_text(encoding="utf-8")) == "en"
    assert detect_language(VIETNAMESE.read_text(encoding="utf-8")) == "vi"
    assert detect_language("Đề án 06 hoàn thành 38/53 dịch vụ công thiết yếu") == "vi"


@pytest.mark.parametrize("text, expected", [
    ("the police had received over 13.8 million applications", {"13.8": "over 13.8 million"}),
    ("more than 600,000 and nearly 5 mln", {"600,000": "more than 600,000", "5": "nearly 5 mln"}),
    ("about 62.5 percent, or 13.2 per cent, or 92%", {"62.5": "about 62.5 percent", "13.2": "13.2 per cent",
                                                      "92": "92%"}),
    ("it saved VND2.5 trillion and over VND 3 bn and 40 billion dong",
     {"2.5": "VND2.5 trillion", "3": "over VND 3 bn", "40": "40 billion dong"}),
    ("reaching 66,000 accounts, almost 12,275/13,047 files", {"66,000": "reaching 66,000",
                                                              "12,275/13,047": "almost 12,275/13,047"}),
    ("a moreover 5 thing", {"5": "5"}),  # a qualifier must be a whole word
])
def test_english_figures_keep_their_qualifier_scale_and_unit(text, expected):
    norm = fold(text)
    found = {m.group(): figure_as_printed(norm, m.start(), m.end(), "en") for m in NUMBER.finditer(norm)}
    assert found == expected


def test_a_sentence_ends_at_a_full_stop_with_no_space_after_it():
    text = "Nearly 13.2 million were level-2 accounts.The ministry approved 8,230,000 via VNeID.Done."
    assert sentences(text) == ["Nearly 13.2 million were level-2 accounts.",
                               "The ministry approved 8,230,000 via VNeID.Done."]  # a capital before: not a sentence end


def recurring(rule_id: str) -> re.Pattern:
    with RECURRING.open(encoding="utf-8", newline="") as f:
        return re.compile(next(r["pattern"] for r in csv.DictReader(f) if r["rule_id"] == rule_id))


@pytest.mark.parametrize("text, names", [
    ("applications for level-1 accounts and level 2 accounts, 600,000 in all", ["level-1", "level 2"]),
    ("định danh mức 1 và mức độ 2, tổng 600.000 hồ sơ", ["mức 1", "mức độ 2"]),
    ("a multilevel 3 count", []),
    ("đạt mức 9% và ở mức 90%", []),  # a share printed after 'mức' is a figure, not a level
])
def test_level_names_are_found(text, names):
    norm = fold(text)
    assert [m.group() for m in recurring("service-level").finditer(norm)] == names


def test_english_dates_are_found():
    norm = fold("By November 7, over 1 million; on 8 Nov. 2022 and Sept 30, 2021, 45 people")
    assert [m.group() for m in recurring("english-date").finditer(norm)] == ["November 7", "8 Nov. 2022",
                                                                            "Sept 30, 2021"]


def test_an_english_article_is_drafted_in_english_and_its_drafts_clean(project_copy):
    out = add_article(ENGLISH, project_copy, source_id="HGN-221108")
    raw = project_copy / "data/raw"
    _, sources = read_rows(raw / "sources.csv")
    assert sources[-1]["language"] == "en"
    assert "language en (English" in out
    assert "rule service-level added for 'level-1', 'level-2'" in out and "'November 7'" in out
    _, rules = read_rows(raw / "non_statistics.csv")
    assert {"service-level", "english-date"} <= {r["rule_id"] for r in rules}
    _, claims = read_rows(raw / "claims.csv")
    drafts = [c for c in claims if c["source_id"] == "HGN-221108"]
    values = [c["value_text"] for c in drafts]
    assert "over 13.8 million" in values and "more than 600,000" in values and "about 62.5 percent" in values
    assert "reaching 66,000" in values
    assert not any(re.fullmatch(r"[12]", v) or v in ("7", "8", "2022") for v in values)  # no level or date drafted
    # every quote is one sentence: none runs across the missing space after a full stop
    assert not any(re.search(r"[a-z]\.[A-Z]", c["quote"]) for c in drafts)
    by_value = {c["value_text"]: c for c in drafts}
    assert by_value["over 13.8 million"]["as_of_text"] == "By November 7"
    assert by_value["reaching 66,000"]["as_of_text"] == "At the current time"

    # once the journalist gives metrics and dates, cleaning reads every draft as English
    header, sources = read_rows(raw / "sources.csv")
    sources[-1].update(event_date="2022-11-08", published_date="2022-11-08")
    write_rows(raw / "sources.csv", header, sources)
    others = [c for c in claims if c["source_id"] != "HGN-221108"]
    share = next(c["metric"] for c in others if c["value_text"].endswith("%"))
    count = next(c["metric"] for c in others if "triệu" in c["value_text"])
    for c in drafts:
        c["metric"] = share if "percent" in c["value_text"] else count
    header, _ = read_rows(raw / "claims.csv")
    write_rows(raw / "claims.csv", header, claims)
    table = clean_claims(*load_raw(project_copy)).set_index("claim_id")
    ours = table[table["source_id"] == "HGN-221108"]
    assert len(ours) == len(drafts) and set(ours["language"]) == {"en"}
    row = ours[ours["value_text"] == "over 13.8 million"].iloc[0]
    assert (row["value"], row["bound"], row["as_of"], row["flag_year_inferred"]) == (13_800_000, "lower",
                                                                                      "2022-11-07", True)
    assert ours[ours["value_text"] == "more than 600,000"].iloc[0]["value"] == 600_000
