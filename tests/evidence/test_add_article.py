"""Adding an article with the team-written fictional fixture (tests/fixtures/add_article/): the
drafting in-process on a copy of data/raw, and the whole journey once, end to end, with the real
commands in a copy of the project.
"""

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, edit_csv, read_rows
from journalist import FIXTURE, complete_drafts

from dean06.evidence.add_article import add_article, figure_as_printed, header_block, truncated_tail
from dean06.reconcile.check import run_check
from dean06.textnorm import fold

pytestmark = pytest.mark.slow

COPIED = ["Makefile", "pyproject.toml", "requirements.lock", "requirements.in", "environment.yml", "CITATION.cff", "src", "dev",
          "notebooks", "data", "figures", "reports", "tests", "docs"]
# The suites that read the data, run again on the enlarged corpus (the notebooks, charts, report and
# browser suites build and render; the byte-identical rebuild needs a git clone; the generator's suite,
# tests/dev/test_synthetic.py, grows the archive by generated articles and runs on the real one).
DATA_SUITES = ["tests/evidence/test_audit.py", "tests/reconcile/test_check.py", "tests/reconcile/test_decisions.py", "tests/clean/test_clean.py",
               "tests/reconcile/test_reconcile_real.py", "tests/pipeline/test_audit_build.py"]


def make(root, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("DEAN06_ROOT", "PYTHONPATH", "MAKEFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=root, env=env, capture_output=True, text=True)


@pytest.fixture
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("newsroom")
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
         if source.is_dir() else shutil.copy2(source, root / name))
    (root / ".venv").symlink_to((ROOT / ".venv").resolve())
    for path in (root / "data").rglob("*"):
        path.chmod(path.stat().st_mode | 0o200)
    return root


def test_forms_as_printed():
    text = "Có gần 8 triệu lượt, 12.275/13.047 hồ sơ, khoảng 24,7 tỉ đồng, 01 doanh nghiệp (chiếm 16,48%)."
    norm = fold(text)
    found = {}
    for token in re.finditer(r"\d+(?:[.,/:]\d+)*", norm):
        found[token.group()] = figure_as_printed(norm, token.start(), token.end())
    assert found == {"8": "gần 8 triệu", "12.275/13.047": "12.275/13.047", "24,7": "khoảng 24,7 tỉ đồng",
                     "01": "01", "16,48": "16,48%"}


def test_header_and_cut_are_found_in_the_fixture():
    text = FIXTURE.read_text(encoding="utf-8")
    start, end = header_block(text)
    assert start == 0 and "https://" in text[start:end] and "\n\n" not in text[start:end]
    cut = truncated_tail(text)
    assert cut[1] == len(text) and fold(text[cut[0]:]).endswith("2,5 ng")
    assert not text[:cut[0]].rstrip()[-1:].isalnum()  # the cut starts at a sentence


def test_drafts_every_statistic_and_the_check_lists_each_draft(project_copy):
    """Drafting, in-process on a copy of data/raw: the copy archived read-only, every figure drafted
    with its form as printed, the retrieval header and the cut end drafted as spans, and the input
    check listing every draft left to complete at once."""
    raw = project_copy / "data/raw"
    _, before = read_rows(raw / "claims.csv")
    said = add_article(FIXTURE, project_copy)
    _, sources = read_rows(raw / "sources.csv")
    new = sources[-1]
    sid = new["source_id"]
    archived = raw / "articles" / new["file"]
    assert archived.read_bytes() == FIXTURE.read_bytes()
    assert oct(archived.stat().st_mode & 0o777) == "0o444"
    assert f"archived {FIXTURE} as data/raw/articles/{new['file']} (read-only), sha256 {new['sha256']}" in said
    assert new["event_date"] == "" and new["event_date_method"].startswith("TODO")
    # the short name readers meet after the first mention: the copy's host, else the id's outlet code
    host = new["url"].split("/")[2].lower().removeprefix("www.").removeprefix("m.") if new["url"] else ""
    assert new["outlet_short"] == new["outlet_short_vi"] == (host or sid.split("-")[0])
    _, claims = read_rows(raw / "claims.csv")
    drafts = claims[len(before):]
    assert {c["value_text"] for c in drafts} >= {"gần 8 triệu", "12.275/13.047", "khoảng 24,7 tỉ đồng", "01", "16,48%"}
    assert all(c["source_id"] == sid and c["metric"].startswith("TODO") for c in drafts)
    assert any(c["as_of_text"] == "10/3/2025" for c in drafts)  # guessed from 'tính đến ngày 10/3/2025'
    assert all(c["attributed_to"] == "" for c in drafts)  # the copy's own voice until the journalist says whom
    _, spans = read_rows(raw / "excluded_spans.csv")
    assert {s["kind"] for s in spans if s["source_id"] == sid} == {"retrieval_header", "truncated_end"}
    for line in ("make check", "make report", "discrepancies.csv"):
        assert line in said

    problems = [str(p) for p in run_check(project_copy).problems]
    todo = [line for line in problems if "draft left to complete" in line]
    assert len([line for line in todo if "claims.csv" in line]) == len(drafts)
    assert any("sources.csv" in line and "'event_date': a value is required" in line for line in problems)


@pytest.mark.long
def test_the_journey(project):
    """The whole journey with the real commands, as the README tells it: `make add-article`, the
    journalist completes the drafts, `make check`, `make report`, `make audit`, and the suites that read
    the data pass on the enlarged corpus (nothing in them is pinned to the archive); then the editor
    reads a new finding in the ledger, decides it, and the ledger says so."""
    raw = project / "data/raw"
    _, real = read_rows(raw / "sources.csv")
    proc = make(project, "add-article", f"FILE={FIXTURE}")
    assert proc.returncode == 0, proc.stderr
    _, sources = read_rows(raw / "sources.csv")
    sid = sources[-1]["source_id"]
    assert len(sources) == len(real) + 1

    proc = make(project, "check")
    assert proc.returncode != 0 and "check: FAILED" in proc.stderr and "Traceback" not in proc.stderr

    # the journalist completes the drafts; the check passes
    complete_drafts(project, sid)
    proc = make(project, "check")
    assert proc.returncode == 0, proc.stderr
    assert "check: OK" in proc.stdout

    # build, and read the new findings in the ledger
    proc = make(project, "report")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with (project / "data/processed/discrepancies.csv").open(encoding="utf-8", newline="") as f:
        ledger = list(csv.DictReader(f))
    new_findings = [r for r in ledger if sid in r["sources"].split(";")]
    assert new_findings and all(r["status"] == "open" for r in new_findings)
    caution = next(r for r in new_findings if r["severity"] == "caution")

    # the whole corpus audits, the new article with it, and so does the built tree
    _, sources = read_rows(raw / "sources.csv")
    proc = make(project, "audit")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"Audit of {len(sources)} articles" in proc.stdout and "audit: OK" in proc.stdout

    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "PYTEST_XDIST_WORKER",
                                                            "PYTEST_XDIST_TESTRUNUID", "PYTEST_CURRENT_TEST")}
    env.update(DEAN06_ROOT=str(project), PYTHONPATH=f"{project / 'src'}:{project / 'dev'}")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *DATA_SUITES],
                          cwd=project, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:]

    # the editor decides it: the decision records the claims it settled
    _, decisions = read_rows(raw / "decisions.csv")
    number = max(int(d["decision_id"][1:]) for d in decisions) + 1
    _, cleaned = read_rows(project / "data/processed/claims_clean.csv")
    first_claim = next(c for c in cleaned if c["claim_id"] in caution["claims"].split(";"))

    def decide(header, rows):
        rows.append({"decision_id": f"D{number:02d}", "finding_id": caution["finding_id"], "metric": first_claim["metric"],
                     "as_of": first_claim["as_of"], "publish": "value",
                     "claims": first_claim["claim_id"], "settled_claims": caution["claims"],
                     "reason_en": "Published with the caveat that no base is given.",
                     "reason_vi": "Nêu kèm lưu ý rằng không có mẫu số."})
    edit_csv(raw / "decisions.csv", decide)
    proc = make(project, "check")
    assert proc.returncode == 0, proc.stderr
    proc = make(project, "reconcile")  # the step that writes the ledger (`make report` runs it and the rest)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with (project / "data/processed/discrepancies.csv").open(encoding="utf-8", newline="") as f:
        decided = {r["finding_id"]: r for r in csv.DictReader(f)}[caution["finding_id"]]
    assert (decided["status"], decided["decision_id"]) == ("decided", f"D{number:02d}")


def test_errors_change_nothing(tmp_path, project_copy):
    before = {p: p.read_bytes() for p in (project_copy / "data/raw").rglob("*") if p.is_file()}
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Bài viết".encode("cp1258", errors="replace") + b"\xff")
    from dean06.evidence.add_article import AddError
    with pytest.raises(AddError, match="not valid UTF-8"):
        add_article(bad, project_copy)
    with pytest.raises(AddError, match="name the article's file"):
        add_article(Path(""), project_copy)
    existing = sorted((project_copy / "data/raw/articles").iterdir())[0]
    with pytest.raises(AddError, match="already archived"):
        add_article(existing, project_copy)
    after = {p: p.read_bytes() for p in (project_copy / "data/raw").rglob("*") if p.is_file()}
    assert after == before
