"""The audit's number table: every number mapped back onto the archived text, written only when the audit passes."""

import csv
import io
import os
import subprocess
import sys
from collections import Counter

from conftest import ROOT, edit_csv

from dean06.evidence.archive import Article
from dean06.evidence.audit import run_audit
from dean06.evidence.coverage import NUMBER, Token
from dean06.evidence.numbers import COLUMNS, archived_offsets, numbers_path, write_numbers


def rows_of(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_offsets_map_back_through_folded_white_space():
    text = "Ngày 9/8\u00a0 có\n\n   1.234 người,\tđạt 5%\n 38/53 tỉnh "
    article = Article("S", "s.txt", text)
    tokens = [Token("S", m.start(), m.end(), m.group()) for m in NUMBER.finditer(article.norm)]
    spans = archived_offsets(article, tokens)
    assert [text[s:e] for s, e in spans] == ["9/8", "1.234", "5", "38/53"]
    assert spans[1][0] == text.index("1.234")


def test_table_holds_every_number_of_the_audit_as_archived(project_copy):
    target = write_numbers(project_copy)
    assert target == numbers_path(project_copy)
    result = run_audit(project_copy)
    rows = rows_of(target)
    assert list(rows[0]) == COLUMNS
    assert len(rows) == len(result.tokens)
    assert Counter(r["accounted_by"] for r in rows) == Counter(t.accounted_by for t in result.tokens)
    for row in rows:
        text = result.articles[row["source_id"]].text
        assert text[int(row["start"]):int(row["end"])] == row["text"]
        assert row["accounted_by"].split(":")[0] in {"claim", "date", "span", "rule"}
    # deterministic, and what the repository publishes
    first = target.read_bytes()
    write_numbers(project_copy)
    assert target.read_bytes() == first == (ROOT / "data/processed/numbers.csv").read_bytes()


def test_failing_audit_writes_nothing_and_lists_the_problem(project_copy, capsys):
    def edit(header, rows):
        rows[0]["quote"] = rows[0]["quote"] + " (không có trong bài)"
    edit_csv(project_copy / "data/raw/claims.csv", edit)
    assert write_numbers(project_copy) is None
    assert not numbers_path(project_copy).exists()
    err = capsys.readouterr().err
    assert "data/raw/claims.csv, row 2, column 'quote': quote not found" in err


def test_command_exits_one_without_traceback(project_copy):
    edit_csv(project_copy / "data/raw/claims.csv", lambda h, rows: rows[0].update(quote="không có"))
    env = {**os.environ, "DEAN06_ROOT": str(project_copy), "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-m", "dean06.evidence.numbers"], env=env, capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and "row 2, column 'quote'" in run.stderr
    assert not numbers_path(project_copy).exists()
