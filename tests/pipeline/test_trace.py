"""`make trace`: a published number back to its quote and archived article, re-verified in one go."""

import csv
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from dean06.pipeline.trace import Printed, Tracer, main, match_claims, trace
from dean06.textnorm import normalise


def claims():
    with (ROOT / "data/raw/claims.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def built(tmp_path):
    for folder in ("data", "reports"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for path in (tmp_path / "data/raw").rglob("*"):
        path.chmod(0o644)
    return tmp_path


def test_every_claim_id_traces_to_its_quote_and_verified_article():
    tracer = Tracer(ROOT)  # one reading of the tables for every claim, as trace() reads them for one
    for claim in claims():
        chains, problems = tracer(claim["claim_id"])
        assert not problems and [c.claim["claim_id"] for c in chains] == [claim["claim_id"]]
        chain = chains[0]
        assert chain.problems == [], chain.problems
        assert chain.claim["_source"]["source_id"] == claim["source_id"]
        assert chain.claim["_clean"]["value_text"] == claim["value_text"]
    assert tracer(claim["claim_id"]) == trace(ROOT, claim["claim_id"])  # a second query, as a first


def test_a_number_as_printed_finds_every_claim_that_prints_it(capsys):
    claim = claims()[0]
    assert main([claim["value_text"], "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    same = [c["claim_id"] for c in claims() if normalise(claim["value_text"]) in normalise(c["value_text"])]
    for claim_id in same:
        assert f"claim {claim_id} " in out
    assert normalise(claim["quote"]) in out and "verified:" in out


def test_a_number_is_found_by_part_of_what_a_page_prints_in_either_language():
    """A reviewer types the figure as read on the English page, without its qualifier, or the copy's
    own Vietnamese form: either finds the claim."""
    claims = [{"claim_id": "A-1", "metric": "cards", "value_text": "hơn 35,4 triệu"},
              {"claim_id": "A-2", "metric": "cards", "value_text": "70 triệu"}]
    places = {"A-1": [Printed("reports/de-an-06.en.html", "lead", "more than 35.4 million")],
              "A-2": [Printed("reports/de-an-06.en.html", "lead", "over 70 million")]}
    for query in ("more than 35.4 million", "35.4 million", "35,4 triệu", "hơn 35,4 triệu"):
        assert [c["claim_id"] for c in match_claims(query, claims, places)] == ["A-1"], query
    assert [c["claim_id"] for c in match_claims("70 million", claims, places)] == ["A-2"]
    assert match_claims("12.5 million", claims, places) == []


def test_cited_claims_name_the_report_section_that_prints_them():
    tracer = Tracer(ROOT)
    cited = [c for c in claims() if tracer(c["claim_id"])[0][0].printed]
    assert cited, "the published reports cite claims"
    chain = trace(ROOT, cited[0]["claim_id"])[0][0]
    place = chain.printed[0]
    page = (ROOT / place.page).read_text(encoding="utf-8")
    # a section of the story, the box of key numbers beside it, or the header (headline and standfirst)
    assert re.search(rf'<(section|aside|header)\b[^>]*\bid="{place.section}"', page) and f'#claim-{cited[0]["claim_id"]}"' in page
    section = re.search(rf'<(section|aside|header)\b[^>]*\bid="{place.section}".*?</\1>', page, flags=re.S).group(0)
    assert f'id="{place.ref}"' in section  # the place the table names is inside that section
    by_section, _ = trace(ROOT, place.section)
    assert cited[0]["claim_id"] in {c.claim["claim_id"] for c in by_section}


def test_an_altered_article_fails_the_trace(built, capsys):
    claim = claims()[0]
    with (built / "data/raw/sources.csv").open(encoding="utf-8", newline="") as f:
        source = next(r for r in csv.DictReader(f) if r["source_id"] == claim["source_id"])
    article = built / "data/raw/articles" / source["file"]
    article.write_text(article.read_text(encoding="utf-8").replace(normalise(claim["quote"])[:12], "đã sửa"), encoding="utf-8")
    assert main([claim["claim_id"], "--root", str(built)]) == 1
    out = capsys.readouterr().out
    assert "FAILED:" in out and "no longer hashes to the recorded sha256" in out


def test_nothing_matching_says_what_to_give():
    proc = subprocess.run([sys.executable, "-m", "dean06.pipeline.trace", "no such thing", "--root", str(ROOT)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "nothing matches 'no such thing'" in proc.stderr
    assert "Traceback" not in proc.stderr
