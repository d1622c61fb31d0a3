"""The audit pages: the archived text exactly, every number marked as the audit accounts for it, counts that match."""

import html
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

import pytest
from conftest import ROOT, edit_csv, read_rows

from dean06.evidence.audit import run_audit
from dean06.problems import InputError
from dean06.publish import audit_pages
from dean06.publish.audit_pages import page_path, strings, write_audit_pages
from dean06.wording import entry

PROCESSED = ["numbers.csv", "claims_clean.csv"]
# the stylesheet, and the article's own words (text, title, numbers as printed), which stay as printed
QUOTED = r'<style>.*?</style>|<(pre|cite|td) [^>]*lang="vi"[^>]*>.*?</\1>' 


@pytest.fixture
def built(project_copy):
    (project_copy / "data/processed").mkdir(parents=True)
    for name in PROCESSED:
        shutil.copy(ROOT / "data/processed" / name, project_copy / "data/processed" / name)
    return project_copy


@pytest.fixture(scope="module")
def audit():
    result = run_audit(ROOT)
    assert result.ok
    return result


def article_text(page: str) -> str:
    body = re.search(r'<pre class="article"[^>]*>(.*?)</pre>', page, re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_every_page_shows_the_archived_text_and_the_audits_verdict(built, audit):
    written = write_audit_pages(built)
    assert len(written) == 2 * len(audit.articles)
    for source_id, article in audit.articles.items():
        tokens = [t for t in audit.tokens if t.source_id == source_id]
        kinds = Counter(t.accounted_by.split(":")[0] for t in tokens)
        for lang in ("vi", "en"):
            page = page_path(built, source_id, lang).read_text(encoding="utf-8")
            assert f'<html lang="{lang}">' in page
            assert article_text(page) == article.text
            counts = dict(re.findall(r'<tr data-kind="(\w+)">.*?<td class="count">(\d+)</td>', page))
            # a row for the as-of dates printed in a figure's quote only on a page that has such a date
            dates = {"date": str(kinds["date"])} if kinds["date"] else {}
            assert counts == {"total": str(len(tokens)), "claim": str(kinds["claim"]), "span": str(kinds["span"]),
                              "rule": str(kinds["rule"]), "unaccounted": "0", **dates}
            marks = re.findall(r'<a class="n n-\w+" id="n-\d+" href="[^"]*" title="[^"]*" data-accounted-by="([^"]+)"', page)
            assert marks == [t.accounted_by for t in tokens]
            # the claims and the source dossiers are on the edition's companion page, Sources and method
            report = (ROOT / "reports" / f"de-an-06.{lang}.sources.html").read_text(encoding="utf-8")
            for claim_id in re.findall(rf'href="\.\./de-an-06\.{lang}\.sources\.html#claim-([^"]+)"', page):
                assert f'id="claim-{claim_id}"' in report
            other = "en" if lang == "vi" else "vi"
            assert f'<a href="{source_id}.{other}.html" hreflang="{other}"' in page
            assert f'href="../de-an-06.{lang}.sources.html#source-{source_id}"' in page and f'id="source-{source_id}"' in report
            # one inline script, the language switch's (it keeps the reader's place); nothing from the network
            assert len(re.findall(r"<script\b", page)) == 1 and "<script>" in page and "location.hash" in page
            assert not re.search(r'(src|href)="https?:', page)


def foreign_text(root) -> list[str]:
    """The other language's fixed texts found on each audit page, each naming the page, the wording
    file and key, and the value. Fields are compared, not strings: the page's own fields (its
    language's wording and data, such as an English article's own word "English") are set aside
    before the other language's fixed texts are looked for."""
    from page_fields import own_fields, without

    keys = {lang: {**{text: f"audit.{key}" for key, text in strings(lang).items()},
                   **{text: f"audit.span_kinds.{key}" for key, text in entry("audit.span_kinds", lang).items()}}
            for lang in ("vi", "en")}
    found = []
    for lang, other in (("vi", "en"), ("en", "vi")):
        foreign = {text: key for text, key in keys[other].items() if text not in keys[lang] and "{" not in text and len(text) > 3}
        mine = {m for m in set(keys[lang]) | own_fields(root, lang) if "{" not in m}
        for path in sorted((root / "reports" / "sources").glob(f"*.{lang}.html")):
            page = without(html.unescape(re.sub(QUOTED, "", path.read_text(encoding="utf-8"), flags=re.S)), mine)
            found += [f"reports/sources/{path.name}: src/dean06/wording/{other}/audit.yaml, key '{key}', value {text!r}"
                      for text, key in sorted(foreign.items()) if text in page]
    return found


def test_each_edition_holds_only_its_own_fixed_text(built):
    write_audit_pages(built)
    assert not foreign_text(built)


def test_own_data_holding_a_foreign_word_is_no_alarm_but_a_foreign_label_is(built):
    """An outlet whose English form lies inside its Vietnamese one, and an English source's own word
    for its language, are the page's data; a fixed text of the other language is still found."""
    other_label = strings("vi")["other_lang"]  # the vi page's link to the en page: a vi fixed text
    edit_csv(built / "data/raw/sources.csv", lambda h, rows: rows[0].update(
        outlet=f"VietNamNet (vietnamnet.vn), {other_label} edition", outlet_vi=f"Báo VietNamNet (vietnamnet.vn), bản {other_label}"))
    write_audit_pages(built)
    assert not foreign_text(built)
    page = page_path(built, read_rows(built / "data/raw/sources.csv")[1][0]["source_id"], "en")
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", f"<p>{strings('vi')['text_label']}</p></main>"),
                    encoding="utf-8")
    [found] = foreign_text(built)
    assert found.startswith(f"reports/sources/{page.name}: src/dean06/wording/vi/audit.yaml, key 'audit.text_label'")


def test_committed_pages_are_what_the_data_renders(built):
    for path in write_audit_pages(built):
        assert path.read_bytes() == (ROOT / path.relative_to(built)).read_bytes(), path.name


def test_stale_number_table_is_refused_with_file_row_and_column(built):
    numbers = built / "data/processed/numbers.csv"
    header, rows = read_rows(numbers)
    rows[3]["text"] = rows[3]["text"] + "9"
    rows[5]["accounted_by"] = ""
    edit_csv(numbers, lambda h, r: r.__setitem__(slice(None), rows))
    with pytest.raises(InputError) as err:
        write_audit_pages(built)
    text = str(err.value)
    assert "data/processed/numbers.csv, row 5, column 'text': the archived text at" in text
    assert "numbers.csv is stale" in text
    assert "data/processed/numbers.csv, row 7, column 'accounted_by': the number is not accounted for" in text
    assert not (built / "reports").exists()
    env = {**os.environ, "DEAN06_ROOT": str(built), "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-m", "dean06.publish.audit_pages"], env=env, capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr and "row 5, column 'text'" in run.stderr


def test_pieces_keep_every_character_once(built):
    pages, _, problems = audit_pages.load_pages(built)
    assert not problems
    for page in pages:
        runs = audit_pages.pieces(page)
        assert "".join(r.text for r in runs) == page.text
        assert sum(r.first for r in runs) == len(page.numbers)


def test_outlet_in_the_pages_language(built):
    sources = built / "data/raw/sources.csv"
    header, rows = read_rows(sources)
    edit_csv(sources, lambda h, r: [row.update(outlet_vi=f"Cơ quan {i}") for i, row in enumerate(r)])
    write_audit_pages(built)
    for i, row in enumerate(rows):
        vi = page_path(built, row["source_id"], "vi").read_text(encoding="utf-8")
        en = page_path(built, row["source_id"], "en").read_text(encoding="utf-8")
        assert f"<dd>Cơ quan {i}</dd>" in vi
        assert f"<dd>{html.escape(row['outlet'], quote=False)}</dd>" in en
