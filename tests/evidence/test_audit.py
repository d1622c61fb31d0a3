"""The audit over the real data, and every kind of bad input it must catch, with file, row and column.

The claims and articles a test damages are chosen from the data by what they are, never by id."""

import hashlib
import os
import re
import subprocess
import sys

from cases import lines
from conftest import ROOT, edit_csv, read_rows, write_rows

from dean06.evidence.audit import run_audit, summary
from dean06.textnorm import normalise

NUMBER = r"\d+(?:[.,/]\d+)*"


def bump_last_digit(text: str) -> str:
    """The same text with its last digit changed: a figure that is not the printed one."""
    last = re.search(r"\d(?=\D*$)", text)
    return text[:last.start()] + str((int(last[0]) + 1) % 10) + text[last.end():]


def claims_and_sources(root):
    _, claims = read_rows(root / "data/raw/claims.csv")
    _, sources = read_rows(root / "data/raw/sources.csv")
    return claims, {s["source_id"]: s for s in sources}


def article_text(root, source) -> str:
    return (root / "data/raw/articles" / source["file"]).read_text(encoding="utf-8")


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
    # each claim accounts for its own figure, also where claims share one quote
    assert by_claim == {f"claim:{c['claim_id']}" for c in claims}
    assert "unaccounted 0" in summary(result)


def test_archived_articles_are_the_received_files():
    """Every archived copy hashes as recorded. The seeds the project was
    started from (../shared/sources, beside some checkouts only) are one fixture of this check, not the
    archive: a copy a journalist added is not there, and only the copies present there are compared."""
    shared = ROOT.parent / "shared" / "sources"
    _, sources = read_rows(ROOT / "data" / "raw" / "sources.csv")
    for row in sources:
        data = (ROOT / "data" / "raw" / "articles" / row["file"]).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        assert digest == row["sha256"], (row["file"], digest)
        received = shared / row["file"]
        if received.is_file():
            assert data == received.read_bytes(), row["file"]


def test_quote_not_in_article_names_row_and_closest_passage(project_copy):
    claims, sources = claims_and_sources(project_copy)
    # a claim whose figure is printed once in its quote, after some words: the closest passage shows them
    claim = next(c for c in claims if c["quote"].count(c["value_text"]) == 1 and not c["quote"].startswith(c["value_text"]))
    before = claim["quote"][:claim["quote"].index(claim["value_text"])]
    wrong = bump_last_digit(claim["value_text"])

    def edit(header, rows):
        r = next(r for r in rows if r["claim_id"] == claim["claim_id"])
        r["quote"], r["value_text"] = r["quote"].replace(r["value_text"], wrong), wrong
    edit_csv(project_copy / "data/raw/claims.csv", edit)
    result = run_audit(project_copy)
    [problem] = [p for p in result.problems if p.column == "quote"]
    assert problem.file == "data/raw/claims.csv" and problem.row == lines("claims", project_copy, "claim_id")[claim["claim_id"]]
    assert f"quote not found in {sources[claim['source_id']]['file']}" in problem.message
    assert f"closest passage: '{normalise(before + claim['value_text'])}" in problem.message


def test_altered_article_fails_hash_check(project_copy):
    claims, sources = claims_and_sources(project_copy)
    # a figure printed in the article exactly as in its claim
    claim = next(c for c in claims if c["quote"] in article_text(project_copy, sources[c["source_id"]]))
    source = sources[claim["source_id"]]
    path = project_copy / "data/raw/articles" / source["file"]
    path.write_text(article_text(project_copy, source).replace(
        claim["quote"], claim["quote"].replace(claim["value_text"], bump_last_digit(claim["value_text"]))), encoding="utf-8")
    result = run_audit(project_copy)
    text = "\n".join(messages(result))
    row = lines("sources", project_copy, "source_id")[source["source_id"]]
    assert f"data/raw/sources.csv, row {row}, column 'sha256'" in text
    assert f"article {source['file']} has been altered" in text
    # the changed figure no longer matches its quote either: both reported at once
    assert "quote not found" in text


def test_missing_article_and_unlisted_file(project_copy):
    folder = project_copy / "data/raw/articles"
    _, sources = read_rows(project_copy / "data/raw/sources.csv")
    gone = sources[-1]
    (folder / gone["file"]).unlink()
    (folder / "999_new.txt").write_text("Một bài mới 12 điểm", encoding="utf-8")
    text = "\n".join(messages(run_audit(project_copy)))
    row = lines("sources", project_copy, "source_id")[gone["source_id"]]
    assert f"row {row}, column 'file': article file is missing" in text
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


def test_a_context_fact_needs_a_real_date_and_its_own_key(project_copy):
    def edit(header, rows):
        rows.append(dict(rows[0]))  # the same key twice
        rows[0]["date"] = "6/1/2022"
    edit_csv(project_copy / "data/raw/context.csv", edit)
    result = run_audit(project_copy)
    text = "\n".join(messages(result))
    assert "data/raw/context.csv, row 2, column 'date': must be an ISO date YYYY-MM-DD (value: '6/1/2022')" in text
    assert "data/raw/context.csv, row 3, column 'fact': duplicate fact key (first at row 2)" in text
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
    claims, _ = claims_and_sources(project_copy)
    # a decimal comma typed as a point (a figure with none gets a digit too many)
    claim = next((c for c in claims if re.search(r"\d,\d", c["value_text"])), claims[0])
    wrong = claim["value_text"].replace(",", ".") if "," in claim["value_text"] else claim["value_text"] + "9"
    assert wrong not in claim["quote"]

    def edit(header, rows):
        next(r for r in rows if r["claim_id"] == claim["claim_id"])["value_text"] = wrong
    edit_csv(project_copy / "data/raw/claims.csv", edit)
    text = "\n".join(messages(run_audit(project_copy)))
    row = lines("claims", project_copy, "claim_id")[claim["claim_id"]]
    assert f"row {row}, column 'value_text': the value as written does not occur in the quote (value: {wrong!r})" in text


def test_number_not_covered_is_reported_with_context(project_copy):
    claims, sources = claims_and_sources(project_copy)
    _, rules = read_rows(project_copy / "data/raw/non_statistics.csv")

    def alone(c):
        """Its quote prints one number, which no other quote of its article holds and no rule accounts for."""
        numbers = re.findall(NUMBER, normalise(c["quote"]))
        others = [normalise(o["quote"]) for o in claims if o["source_id"] == c["source_id"] and o is not c]
        return (len(numbers) == 1 and not any(numbers[0] in q for q in others)
                and not any(re.search(r["pattern"], normalise(c["quote"])) for r in rules))
    claim = next(c for c in claims if alone(c))
    edit_csv(project_copy / "data/raw/claims.csv",
             lambda h, rows: rows.remove(next(r for r in rows if r["claim_id"] == claim["claim_id"])))
    result = run_audit(project_copy)
    [problem] = result.problems
    assert problem.file == f"data/raw/articles/{sources[claim['source_id']]['file']}"
    [number] = re.findall(NUMBER, normalise(claim["quote"]))
    assert f"number {number!r} is neither inside a claim's quote" in problem.message


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


def test_quotes_survive_hard_line_breaks_and_no_break_spaces(project_copy):
    """A copy that wraps lines mid-sentence, or joins words with no-break spaces: its quotes are typed
    on one line with plain spaces and still match."""
    claims, sources = claims_and_sources(project_copy)
    # in a scratch copy, one quote's article gets a hard line break inside it and a no-break space
    claim = next(c for c in claims if c["quote"].count(" ") >= 2 and c["quote"] in article_text(project_copy, sources[c["source_id"]]))
    source = sources[claim["source_id"]]
    wrapped = claim["quote"].replace(" ", "\n\n", 1).replace(" ", "\u00a0", 1)
    path = project_copy / "data/raw/articles" / source["file"]
    path.write_text(article_text(project_copy, source).replace(claim["quote"], wrapped), encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    edit_csv(project_copy / "data/raw/sources.csv",
             lambda h, rows: next(r for r in rows if r["source_id"] == source["source_id"]).__setitem__("sha256", digest))
    result = run_audit(project_copy)
    assert result.ok, "\n".join(messages(result))
    article = result.articles[source["source_id"]]
    assert wrapped in article.text and normalise(claim["quote"]) in article.norm
    # and the archive's own wrapped quotes match as well
    archive = run_audit(ROOT).articles
    for c in claims:
        text = article_text(ROOT, sources[c["source_id"]])
        if c["quote"] not in text and re.search(r"\s+".join(map(re.escape, c["quote"].split())), text):
            assert normalise(c["quote"]) in archive[c["source_id"]].norm


def test_cli_exits_non_zero_and_lists_problems(project_copy):
    claims, sources = claims_and_sources(project_copy)
    damaged = sources[claims[0]["source_id"]]["file"]  # an article that has claims
    (project_copy / "data/raw/articles" / damaged).write_text("thay đổi", encoding="utf-8")
    env = dict(os.environ, DEAN06_ROOT=str(project_copy))
    proc = subprocess.run([sys.executable, "-m", "dean06.pipeline.audit"], env=env, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "audit: FAILED" in proc.stderr
    assert "has been altered" in proc.stderr
    assert f"quote not found in {damaged}" in proc.stderr
