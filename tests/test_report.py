"""The report's prose: every figure generated and linked to an appendix entry; source text escaped."""

import re
import shutil

import pytest
from conftest import ROOT, edit_csv

from dean06.clean import step as clean
from dean06.publish import report
from dean06.reconcile import step as reconcile


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project's data with the cleaned and reconciled tables built."""
    root = tmp_path_factory.mktemp("report")
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copy(ROOT / "requirements.lock", root / "requirements.lock")
    claims, sources, metrics = clean.load_raw(root)
    clean.write_claims_clean(clean.clean_claims(claims, sources, metrics), root / "data/processed/claims_clean.csv")
    return root


@pytest.fixture(scope="module", params=["vi", "en"])
def edition(project, request):
    return report.build(project, request.param, figures={})


ANCHOR = re.compile(r'<a class="figure-ref" href="#(claim-[^"]+)"[^>]*>(.*?)</a>')
DATES = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2} [A-Z][a-z]+ \d{4}\b|tháng \d{1,2}/\d{4}|\b[A-Z][a-z]{2} \d{4}\b|\b20\d\d\b")


def prose(html_text: str) -> str:
    """What a reader sees in headlines and fact lists, with linked figures, dates and the programme's name removed."""
    text = ANCHOR.sub("", html_text)
    text = re.sub(r"<[^>]+>", " ", text)
    return DATES.sub("", text.replace("Đề án 06", ""))


def test_every_figure_in_prose_is_linked_and_no_number_is_typed(edition):
    fact_lists = "".join(re.findall(r'<ul class="(?:facts|headlines)">.*?</ul>',
                                    "".join(edition.parts.values()), flags=re.S))
    assert len(ANCHOR.findall(fact_lists)) > 40
    leftover = re.findall(r"\d+", prose(fact_lists))
    assert leftover == [], f"numbers in prose not generated from a linked claim: {leftover}"


def test_every_link_points_to_an_appendix_entry(edition):
    page = "".join(edition.parts.values())
    targets = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert targets and targets <= ids, targets - ids
    entries = re.findall(r'<dt id="claim-([^"]+)">', edition.parts["appendix"])
    assert "QNO-230225-03" in entries and "DER-QNO-230225-01" in entries


def test_appendix_entry_carries_quote_source_and_hash(edition):
    entry = edition.parts["appendix"].split('<dt id="claim-QNO-230225-03">')[1].split("</dd>")[0]
    assert "Tính đến ngày 17/2/2023, Bộ Công an đã phê duyệt 20.081.536 hồ sơ cấp định danh điện tử" in entry
    assert "1b98e727155ea2f7648f1a25b5c310e42bb54ccdd0dd9ec690b0762331a37306" in entry
    assert "data/raw/articles/004_c09c795d1ac2cc25.txt" in entry


def test_headline_figures_in_each_language(project):
    vi = report.build(project, "vi", figures={}).parts["headlines"]
    en = report.build(project, "en", figures={}).parts["headlines"]
    assert ">78.553.494</a>" in vi and ">78,553,494</a>" in en
    assert ">hơn 70 triệu</a>" in vi and ">more than 70 million</a>" in en
    assert "measure different things" in en and "đo hai thứ khác nhau" in vi


def test_as_of_edition_shows_only_what_was_published(project):
    early = report.build(project, "en", "2023-02-25", figures={})
    page = "".join(early.parts.values())
    assert "This edition uses only what had been published by 25 February 2023." in page
    cited = set(re.findall(r'<dt id="claim-([^-"]+-\d+)', early.parts["appendix"]))
    assert cited == {"QNO-230225", "TTXVN-220809"}
    assert "70 million" not in page
    from dean06.evidence.audit import run_audit

    numbers = sum(1 for tok in run_audit(project).tokens if tok.source_id in cited)
    assert f"every number in the articles ({numbers})" in early.parts["method"] and numbers < 100


@pytest.mark.parametrize("lang,as_of,message", [
    ("fr", None, "lang must be one of vi, en"),
    ("vi", "2023-13-01", "as_of must be an ISO date"),
    ("en", "25/02/2023", "as_of must be an ISO date"),
])
def test_invalid_parameters_are_rejected_before_any_work(tmp_path, lang, as_of, message):
    with pytest.raises(ValueError, match=message):
        report.build(tmp_path / "nothing-here", lang, as_of)  # no data: it must fail on the parameter first


def test_source_text_is_escaped(project, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(project, root)
    edit_csv(root / "data/raw/sources.csv",
             lambda header, rows: rows[4].update(defects="<script>alert('x')</script> & <b>bold</b>"))
    page = "".join(report.build(root, "en", figures={}).parts.values())
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;" in page


def test_manifest_names_inputs_digest_parameters_and_hashes(edition, project):
    edition_root = project
    manifest = edition.parts["manifest"]
    assert "requirements.lock sha256" in manifest and "data/raw/claims.csv sha256" in manifest
    assert f"<td><code>{edition.lang}</code></td>" in manifest
    digest = report.inputs_digest(edition_root)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert f"inputs sha256</th><td><code>{digest}</code>" in manifest


def test_reconcile_decisions_are_shown_in_caveats(edition):
    caveats = edition.parts["caveats"]
    assert "D02" in caveats and 'href="#claim-LAK-231221-15"' in caveats
