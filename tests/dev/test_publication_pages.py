"""The published pages as a reader gets them, in real Chromium, on the session's build
(tests/built_tree.py): every page is loaded; one page of each template and language (the report, and
the longest audit page) goes through every check — 390 px (phone) and 1280 px, axe-core, print, the
language switch — and every other audit page through the cheap ones at 390 px: nothing wider than
the window, readable text, every link and anchor resolving (across pages too). Also the published
data package: valid, with matching hashes."""

import hashlib
import json
import re

import frictionless
import pytest
from conftest import ROOT

from dean06_dev import browsercheck

pytestmark = pytest.mark.slow

LANGS = ("vi", "en")
OUT = ROOT / ".tmp" / "publication"


def reports(tree):
    return {lang: tree.root / f"reports/de-an-06.{lang}.html" for lang in LANGS}


def evidence_pages(tree):
    """Each edition's companion page, Sources and method."""
    return {lang: tree.root / f"reports/de-an-06.{lang}.sources.html" for lang in LANGS}


def audit_pages(tree, lang=None):
    """Every audit page the build published (of one language, if given), as listed on disk."""
    pattern = f"*.{lang}.html" if lang else "*.html"
    return sorted((tree.root / "reports/sources").glob(pattern))


def largest(tree, lang):
    """The longest audit page of a language: the one most likely to break print or a layout. Every
    audit page is the same template around another article, and a full check costs seconds a page,
    which would grow with the archive."""
    pages = audit_pages(tree, lang)
    return max(pages, key=lambda p: (p.stat().st_size, p.name)) if pages else None


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template", ["report", "sources and method", "audit page"])
def test_one_page_of_each_template_passes_every_publication_check(built_tree, chromium, template, lang):
    page = {"report": reports(built_tree)[lang], "sources and method": evidence_pages(built_tree)[lang],
            "audit page": largest(built_tree, lang)}[template]
    assert page is not None, f"the build published no {lang} {template}"
    # the reports' load check runs in test_browser_reports.py; the audit pages have no script or image
    # the report is a story page: headline and a cited number on the first screen at both widths, its
    # length, no sentence printed twice, charts printed across the column (browsercheck.story_problems)
    problems = browsercheck.check_publication(page, OUT, browser_instance=chromium, load_check=template != "report",
                                              story=template == "report")
    assert problems == [], page.name


def test_every_other_audit_page_fits_a_phone_and_its_links_resolve(built_tree, chromium):
    fully = {largest(built_tree, lang) for lang in LANGS}
    pages = [p for p in audit_pages(built_tree) if p not in fully]
    checked = browsercheck.check_layouts(pages, "phone", browser_instance=chromium, axe=False)
    assert len(checked) == len(pages)
    assert {p.name: found for p, found in checked.items() if found} == {}


def ids(path):
    return set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))


def test_both_editions_share_their_anchors(built_tree):
    """A language switch to the same #anchor lands on the same section of the other edition."""
    vi, en = (ids(page) for page in reports(built_tree).values())
    assert vi == en
    stems = {p.name.rsplit(".", 2)[0] for p in audit_pages(built_tree)}
    assert stems, "no audit page was published"
    differ = sorted(s for s in stems if ids(built_tree.root / f"reports/sources/{s}.vi.html")
                    != ids(built_tree.root / f"reports/sources/{s}.en.html"))
    assert differ == []


def test_every_audit_page_switches_language_to_its_twin(built_tree):
    wrong = []
    for page in audit_pages(built_tree):
        text = page.read_text(encoding="utf-8")
        stem, lang = page.name.rsplit(".", 2)[:2]
        other = "en" if lang == "vi" else "vi"
        if (f'<a href="{stem}.{other}.html" hreflang="{other}"' not in text
                or f'<link rel="alternate" hreflang="{other}" href="{stem}.{other}.html">' not in text):
            wrong.append(page.name)
    assert wrong == []


def test_published_data_package_validates_and_its_hashes_match(built_tree):
    descriptor_path = built_tree.root / "reports/data/datapackage.json"
    report = frictionless.validate(str(descriptor_path))
    assert report.valid, report.flatten(["type", "note"])
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    assert descriptor["resources"]
    for resource in descriptor["resources"]:
        data = (descriptor_path.parent / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), resource["path"]
        assert resource["bytes"] == len(data)


@pytest.mark.parametrize("lang", LANGS)
def test_a_figure_shows_its_quote_on_focus_and_its_target_is_highlighted(built_tree, chromium, lang):
    """Hover shows a figure's quote (its title); a keyboard reader sees it on focus; following the link
    highlights the appendix entry, which links back."""
    context = chromium.new_context()
    try:
        tab = context.new_page()
        tab.goto(reports(built_tree)[lang].as_uri())
        link = tab.locator("a.figure-ref").first
        title = link.get_attribute("title")
        assert title and title.startswith("«")
        link.focus()
        tab.keyboard.press("Shift+Tab")
        tab.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
        shown = tab.evaluate("() => getComputedStyle(document.activeElement, '::after').content")
        assert title in shown
        ref = link.get_attribute("id")
        link.click()
        target = tab.evaluate("() => location.hash.slice(1)")
        assert target.startswith("claim-")
        entry = tab.locator(f"[id='{target}']")
        assert entry.evaluate("e => getComputedStyle(e).outlineStyle") != "none"  # :target is outlined
        assert tab.evaluate("() => location.pathname").endswith(f"de-an-06.{lang}.sources.html")  # the companion page
        back = entry.locator(f"a[href='de-an-06.{lang}.html#{ref}']")
        assert back.count() == 1  # and links back to where it was cited
        back.click()
        assert tab.evaluate("() => [location.pathname.split('/').pop(), location.hash]") == [f"de-an-06.{lang}.html", f"#{ref}"]
    finally:
        context.close()


STORY_PAGE_BYTES = 1_500_000  # an edition's story page, charts included, is at most 1.5 MB


@pytest.mark.parametrize("lang", LANGS)
def test_the_story_page_is_light_and_its_downloads_are_the_charts_files(built_tree, lang):
    """The story page is at most 1.5 MB: it links each chart's data and SVG as files beside it, which
    are the charts' own files byte for byte, recorded in the build's lineage."""
    from dean06 import paths
    from dean06.publish.charts import NAMES

    page = reports(built_tree)[lang]
    assert page.stat().st_size <= STORY_PAGE_BYTES, page.stat().st_size
    html = page.read_text(encoding="utf-8")
    lineage = (built_tree.root / "data/processed/lineage.json").read_text(encoding="utf-8")
    for (name, kind), rel in paths.chart_downloads(lang, None, NAMES).items():
        assert (built_tree.root / rel).read_bytes() == (built_tree.root / f"figures/{lang}/{name}.{kind}").read_bytes()
        assert f'"{rel}"' in lineage, rel
        if f'id="chart-{name}"' in html:
            assert f'href="{rel.removeprefix("reports/")}"' in html
