"""The audit over the real data, and every kind of bad input it must catch, with file, row and column."""

import hashlib
import os
import subprocess
import sys

from conftest import ROOT, edit_csv, read_rows, write_rows

from dean06.evidence.audit import run_audit, summary


def messages(result):
    return [str(p) for p in result.problems]


def test_real_data_passes_with_full_coverage():
    result = run_audit(ROOT)  # the built outputs are audited in test_audit_build.py
    assert result.ok, "\n".join(messages(result))
    _, claims = read_rows(ROOT / "data" / "raw" / "claims.csv")
    _, sources = read_rows(ROOT / "data" / "raw" / "sources.csv")
    assert result.claim_count == len(claims)
    assert len(result.articles) == len(sources)
    assert result.tokens and all(t.accounted_by for t in result.tokens)
    by_claim = {t.accounted_by for t in result.tokens if t.accounted_by.startswith("claim:")}
    # claims sharing one quote (two figures in one phrase) are one stretch of text: the first one holds it
    assert len(by_claim) == len({(c["source_id"], " ".join(c["quote"].split())) for c in claims})
    assert "unaccounted 0" in summary(result)


def test_archived_articles_are_the_received_files():
    shared = ROOT.parent / "shared" / "sources"
    if not shared.is_dir():  # a clone without shared/ beside it still checks the manifest hashes
        shared = None
    _, sources = read_rows(ROOT / "data" / "raw" / "sources.csv")
    for row in sources:
        data = (ROOT / "data" / "raw" / "articles" / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        if shared:
            assert data == (shared / row["file"]).read_bytes()


def test_quote_not_in_article_names_row_and_closest_passage(project_copy):
    def edit(header, rows):
        rows[2]["quote"] = "Tính đến ngày 17/2/2023, Bộ Công an đã phê duyệt 20.081.563 hồ sơ cấp định danh điện tử"
        rows[2]["value_text"] = "20.081.563"
    edit_csv(project_copy / "data/raw/claims.csv", edit)
    result = run_audit(project_copy)
    [problem] = [p for p in result.problems if p.column == "quote"]
    assert problem.file == "data/raw/claims.csv" and problem.row == 4
    assert "quote not found in 004_c09c795d1ac2cc25.txt" in problem.message
    assert "closest passage: 'Tính đến ngày 17/2/2023, Bộ Công an đã phê duyệt 20.081.536" in problem.message


def test_altered_article_fails_hash_check(project_copy):
    path = project_copy / "data/raw/articles/004_c09c795d1ac2cc25.txt"
    path.write_bytes(path.read_bytes().replace("94,03%".encode(), "95,03%".encode()))
    result = run_audit(project_copy)
    text = "\n".join(messages(result))
    assert "data/raw/sources.csv, row 6, column 'sha256'" in text
    assert "article 004_c09c795d1ac2cc25.txt has been altered" in text
    # the changed figure no longer matches its quote either: both reported at once
    assert "quote not found" in text


def test_missing_article_and_unlisted_file(project_copy):
    folder = project_copy / "data/raw/articles"
    (folder / "001_eee44b86639e807f.txt").unlink()
    (folder / "999_new.txt").write_text("Một bài mới 12 điểm", encoding="utf-8")
    text = "\n".join(messages(run_audit(project_copy)))
    assert "row 3, column 'file': article file is missing" in text
    assert "data/raw/articles/999_new.txt: article is not listed in data/raw/sources.csv" in text


def test_unknown_metric_unknown_source_and_duplicate_id_all_at_once(project_copy):
    def edit(header, rows):
        rows[0]["metric"] = "chip_cards"
        rows[1]["source_id"] = "QNO-999999"
        rows[3]["claim_id"] = rows[2]["claim_id"]
    edit_csv(project_copy / "data/raw/claims.csv", edit)
    result = run_audit(project_copy)
    text = "\n".join(messages(result))
    assert "data/raw/claims.csv, row 2, column 'metric': unknown metric key" in text
    assert "row 3, column 'source_id': unknown source id" in text
    assert "row 5, column 'claim_id': duplicate id (first at row 4)" in text
    assert not result.ok


def test_missing_required_column(project_copy):
    path = project_copy / "data/raw/claims.csv"
    header, rows = read_rows(path)
    header.remove("value_text")
    for row in rows:
        del row["value_text"]
    write_rows(path, header, rows)
    text = "\n".join(messages(run_audit(project_copy)))
    assert "data/raw/claims.csv, row 1, column 'value_text': required column 'value_text' is missing" in text


def test_file_that_is_not_utf8(project_copy):
    path = project_copy / "data/raw/metrics.csv"
    data = path.read_bytes()
    path.write_bytes(data.decode("utf-8").encode("cp1258", errors="replace"))
    text = "\n".join(messages(run_audit(project_copy)))
    assert "data/raw/metrics.csv, row 2: not valid UTF-8" in text


def test_value_must_occur_in_its_quote(project_copy):
    def edit(header, rows):
        rows[5]["value_text"] = "94.03%"
    edit_csv(project_copy / "data/raw/claims.csv", edit)
    text = "\n".join(messages(run_audit(project_copy)))
    assert "row 7, column 'value_text': the value as written does not occur in the quote (value: '94.03%')" in text


def test_number_not_covered_is_reported_with_context(project_copy):
    def edit(header, rows):
        rows[:] = [r for r in rows if r["claim_id"] != "QNO-230225-07"]
    edit_csv(project_copy / "data/raw/claims.csv", edit)
    result = run_audit(project_copy)
    [problem] = result.problems
    assert problem.file == "data/raw/articles/004_c09c795d1ac2cc25.txt"
    assert "number '17.518.220' is neither inside a claim's quote" in problem.message


def test_stale_rule_and_bad_span_are_errors(project_copy):
    def add_rule(header, rows):
        rows.append({"rule_id": "phone", "pattern": r"\d{3}-\d{4}", "category": "x", "reason": "y"})
    edit_csv(project_copy / "data/raw/non_statistics.csv", add_rule)

    def shift_span(header, rows):
        rows[0]["start"] = str(int(rows[0]["start"]) + 3)
    edit_csv(project_copy / "data/raw/excluded_spans.csv", shift_span)
    text = "\n".join(messages(run_audit(project_copy)))
    rules_row = len(read_rows(project_copy / "data/raw/non_statistics.csv")[1]) + 1  # the appended rule
    assert f"non_statistics.csv, row {rules_row}, column 'rule_id': rule accounts for no number" in text
    assert "excluded_spans.csv, row 2, column 'excerpt'" in text


def test_quotes_survive_hard_line_breaks_and_no_break_spaces():
    """TTXVN-220809 wraps lines mid-sentence; its quotes are typed on one line and still match."""
    result = run_audit(ROOT)
    article = result.articles["TTXVN-220809"]
    assert "hơn 10.000\n\nđiểm cầu" in article.text
    assert "hơn 10.000 điểm cầu" in article.norm


def test_cli_exits_non_zero_and_lists_problems(project_copy):
    (project_copy / "data/raw/articles/002_c2d1e0bfa2a946b7.txt").write_text("thay đổi", encoding="utf-8")
    env = dict(os.environ, DEAN06_ROOT=str(project_copy))
    proc = subprocess.run([sys.executable, "-m", "dean06.build.audit"], env=env, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "audit: FAILED" in proc.stderr
    assert "has been altered" in proc.stderr
    assert "quote not found in 002_c2d1e0bfa2a946b7.txt" in proc.stderr
