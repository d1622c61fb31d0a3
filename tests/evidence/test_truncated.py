"""Span kinds for what retrieval adds to a copy, and figures touching the end of a truncated copy.

Uses the team-written fictional fixture (tests/fixtures/add_article/), whose copy ends
'… tiết kiệm thêm trên 2,5 ng': read as a claim, 'trên 2,5' would silently be 2.5 đồng.
"""

import pytest
from conftest import edit_csv, read_rows
from journalist import FIXTURE, complete_drafts

from dean06.evidence.add_article import add_article
from dean06.evidence.archive import SPAN_KINDS
from dean06.evidence.audit import run_audit
from dean06.textnorm import fold


@pytest.fixture
def added(project_copy):
    add_article(FIXTURE, project_copy)
    _, sources = read_rows(project_copy / "data/raw/sources.csv")
    sid = sources[-1]["source_id"]
    complete_drafts(project_copy, sid)
    return project_copy, sid


def problems(root):
    return "\n".join(map(str, run_audit(root).problems))


def cut_span(root, sid):
    _, spans = read_rows(root / "data/raw/excluded_spans.csv")
    return next(s for s in spans if s["source_id"] == sid and s["kind"] == "truncated_end")


def claim_the_cut_figure(root, sid, notes=""):
    """The journalist narrows the cut to the broken word and claims the figure before it."""
    text = FIXTURE.read_text(encoding="utf-8")
    start = text.rindex("ng")

    def spans(header, rows):
        row = next(r for r in rows if r["source_id"] == sid and r["kind"] == "truncated_end")
        row.update(start=str(start), excerpt="ng")
    edit_csv(root / "data/raw/excluded_spans.csv", spans)
    quote = fold(text[text.rindex("yêu cầu", 0, start):start])  # the unfinished sentence, up to the broken word

    def claims(header, rows):
        rows.append({"claim_id": f"{sid}-99", "source_id": sid, "metric": "province_savings_vnd", "quote": quote,
                     "value_text": "trên 2,5", "as_of_text": "", "same_statistic_as": "", "notes": notes})
    edit_csv(root / "data/raw/claims.csv", claims)


def test_new_span_kinds():
    assert {"retrieval_header", "truncated_end", "appended_excerpt"} <= SPAN_KINDS


def test_completed_fixture_passes_with_its_header_and_cut_left_out(added):
    root, sid = added
    result = run_audit(root)
    assert result.ok, problems(root)
    kinds = {t.accounted_by for t in result.tokens if t.source_id == sid}
    assert {"span:retrieval_header", "span:truncated_end"} <= kinds


def test_figure_touching_the_cut_is_an_error(added):
    root, sid = added
    claim_the_cut_figure(root, sid)
    _, claims = read_rows(root / "data/raw/claims.csv")
    text = problems(root)
    assert (f"data/raw/claims.csv, row {len(claims) + 1}, column 'value_text': the figure '2,5' touches the end of "
            f"a truncated copy") in text
    assert "(value: 'trên 2,5')" in text


def test_the_journalist_can_mark_a_figure_near_the_cut_as_complete(added):
    root, sid = added
    claim_the_cut_figure(root, sid, notes="cut-off checked: the council's own release prints 'trên 2,5 nghìn tỷ'")
    assert "touches the end" not in problems(root)


def test_a_copy_ending_mid_sentence_without_a_cut_span(added):
    root, sid = added
    claim_the_cut_figure(root, sid)
    edit_csv(root / "data/raw/excluded_spans.csv",
             lambda header, rows: rows.remove(next(r for r in rows if r["source_id"] == sid and r["kind"] == "truncated_end")))
    _, sources = read_rows(root / "data/raw/sources.csv")
    assert (f"data/raw/articles/{sources[-1]['file']}: the copy ends mid-sentence just after the figure '2,5'"
            in problems(root))


def test_a_cut_span_must_run_to_the_end_of_the_copy(added):
    root, sid = added
    span = cut_span(root, sid)

    def shorten(header, rows):
        next(r for r in rows if r["span_id"] == span["span_id"])["end"] = str(int(span["end"]) - 5)
    edit_csv(root / "data/raw/excluded_spans.csv", shorten)
    assert "column 'end': a truncated_end span runs to the end of the story" in problems(root)
