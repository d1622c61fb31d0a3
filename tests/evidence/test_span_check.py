"""No span hides a statistic: an excluded span holding a figure-shaped number its reason does not
name is reported by the check, with file, row, column and value, every one at once."""

import re

import pytest
from conftest import ROOT, edit_csv, read_rows

from dean06.evidence.audit import run_audit
from dean06.evidence.hidden import figure_shape, names
from dean06.reconcile.check import run_check
from dean06.textnorm import fold


@pytest.mark.parametrize("text, shape", [
    ("có 8 triệu lượt", "a scale word"), ("đạt 1,5 tỉ đồng", "a scale word"), ("more than 1.1 million", "a scale word"),
    ("chiếm 16,48%", "a percentage"), ("đạt 92 %", "a percentage"), ("58/63 địa phương", "a fraction"),
    ("12.275/13.047 hồ sơ", "a fraction"), ("2.412 trường hợp", "a count of 100 or more"),
    ("123,4 nghìn", "a scale word"), ("100 hồ sơ", "a count of 100 or more"), ("1,000 records", "a count of 100 or more"),
    ("ảnh 12 Đại", None), ("99 hồ sơ", None), ("2,5 ng", None), ("Tối 6/6, tuyển", None),
    ("ngày 21/12/2023", None), ("nhiệm kỳ 2021", None), ("0:00 / 0:00", None), ("01 doanh nghiệp", None),
])
def test_figure_shapes(text, shape):
    norm = fold(text)
    m = re.search(r"\d+(?:[.,/:]\d+)*", norm)
    assert figure_shape(norm, m.start(), m.end()) == shape


def test_a_reason_names_a_number_as_printed():
    assert names("the header repeats the title's '1.1' (million)", "1.1")
    assert names("repeats 78.553.494 of the first copy", "78.553.494")
    assert not names("repeats 78.553.4945", "78.553.494")
    assert not names("the header repeats the title", "1.1")
    assert not names("11", "1")


def test_the_archive_hides_no_statistic():
    result = run_audit(ROOT)
    assert not [p for p in result.problems if "figure-shaped" in p.message]


def _spans_over_claims(root):
    """Two new spans, each over a claim's quote whose figure is figure-shaped, in different articles if
    the archive allows; returns (rows appended, their figures)."""
    _, claims = read_rows(root / "data/raw/claims.csv")
    _, sources = read_rows(root / "data/raw/sources.csv")
    files = {s["source_id"]: s["file"] for s in sources}
    chosen, seen = [], set()
    for claim in claims:
        text = (root / "data/raw/articles" / files[claim["source_id"]]).read_text(encoding="utf-8")
        at = text.find(claim["quote"])
        if at < 0 or claim["source_id"] in seen:
            continue
        norm = fold(text[at:at + len(claim["quote"])])
        figures = [m.group() for m in re.finditer(r"\d+(?:[.,/:]\d+)*", norm)
                   if figure_shape(norm, m.start(), m.end())]
        if figures:
            seen.add(claim["source_id"])
            chosen.append(({"source_id": claim["source_id"], "span_id": f"{claim['source_id']}-wide{len(chosen)}",
                            "kind": "navigation", "start": str(at), "end": str(at + len(claim["quote"])),
                            "excerpt": claim["quote"][:20], "reason": "The page's menu."}, figures))
        if len(chosen) == 2:
            break
    assert chosen, "the archive has a claim with a figure-shaped number"
    return chosen


def test_a_span_over_the_story_is_reported_with_file_row_column_and_value(project_copy):
    chosen = _spans_over_claims(project_copy)
    path = project_copy / "data/raw/excluded_spans.csv"
    _, before = read_rows(path)
    edit_csv(path, lambda header, rows: rows.extend(row for row, _ in chosen))
    result = run_check(project_copy)
    found = [p for p in result.problems if "figure-shaped" in p.message]
    assert len(found) == len(chosen)  # all at once
    for problem, (row, figures), line in zip(found, chosen, range(len(before) + 2, len(before) + 2 + len(chosen))):
        assert (problem.file, problem.row, problem.column, problem.value) == \
            ("data/raw/excluded_spans.csv", line, "reason", row["reason"])
        assert all(repr(f) in problem.message for f in figures) and row["span_id"] in problem.message
    assert not result.ok


def test_a_reason_that_names_the_figures_passes(project_copy):
    chosen = _spans_over_claims(project_copy)[:1]
    row, figures = chosen[0]
    row["reason"] = f"A test span repeating {', '.join(figures)} of the story, which its claims hold."
    edit_csv(project_copy / "data/raw/excluded_spans.csv", lambda header, rows: rows.append(row))
    result = run_audit(project_copy)
    assert not [p for p in result.problems if "figure-shaped" in p.message]
