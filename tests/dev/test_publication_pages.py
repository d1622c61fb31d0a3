"""The published pages as a reader gets them, in real Chromium at 390 px (phone) and 1280 px (every
audit page at 390 px, the longest of each language at both and in print, see FULLY_CHECKED): nothing
wider than the window, readable text, every link and anchor resolving (across pages too), the
language switch landing in the other edition, no serious or critical axe-core violation, charts
kept whole in print; and the published data package valid with matching hashes."""

import csv
import hashlib
import json
import re

import frictionless
import pytest
from conftest import ROOT

from dean06_dev import browsercheck

pytestmark = pytest.mark.slow

with (ROOT / "data/raw/sources.csv").open(encoding="utf-8", newline="") as f:
    SOURCE_IDS = [row["source_id"] for row in csv.DictReader(f)]
REPORTS = [f"reports/de-an-06.{lang}.html" for lang in ("vi", "en")]
AUDIT_PAGES = [f"reports/sources/{sid}.{lang}.html" for sid in SOURCE_IDS for lang in ("vi", "en")]
OUT = ROOT / ".tmp" / "publication"


@pytest.fixture(scope="module")
def chromium():
    with browsercheck.browser() as instance:
        yield instance


def largest(lang):
    """The longest audit page of a language: the one most likely to break print or a layout."""
    pages = [p for p in AUDIT_PAGES if p.endswith(f".{lang}.html")]
    return max(pages, key=lambda p: ((ROOT / p).stat().st_size, p)) if pages else None


# Every audit page is the same template around a different article: each is checked where its text
# can break it (the phone's width, its links); the longest of each language also goes through every
# check (desktop, axe-core, print, the language switch in the browser), which costs about five
# seconds a page and would grow with the archive.
FULLY_CHECKED = REPORTS + [p for p in (largest("vi"), largest("en")) if p]
PHONE_CHECKED = [p for p in AUDIT_PAGES if p not in FULLY_CHECKED]


@pytest.mark.parametrize("page", FULLY_CHECKED)
def test_page_passes_every_publication_check(page, chromium):
    # the load check of the reports runs in test_browser_reports.py; the audit pages have no script or image
    assert browsercheck.check_publication(ROOT / page, OUT, browser_instance=chromium, load_check=False) == []


@pytest.mark.parametrize("page", PHONE_CHECKED)
def test_audit_page_fits_a_phone_and_its_links_resolve(page, chromium):
    assert browsercheck.check_layout(ROOT / page, "phone", browser_instance=chromium, axe=False) == []


def ids(path):
    return set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))


def test_both_editions_share_their_anchors():
    """A language switch to the same #anchor lands on the same section of the other edition."""
    vi, en = (ids(ROOT / page) for page in REPORTS)
    assert vi == en
    for sid in SOURCE_IDS:
        assert ids(ROOT / f"reports/sources/{sid}.vi.html") == ids(ROOT / f"reports/sources/{sid}.en.html")


@pytest.mark.parametrize("page", AUDIT_PAGES)
def test_audit_page_switches_language_to_its_twin(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    stem, lang = page.rsplit("/", 1)[1].rsplit(".", 2)[:2]
    other = "en" if lang == "vi" else "vi"
    assert f'<a href="{stem}.{other}.html" hreflang="{other}"' in text
    assert f'<link rel="alternate" hreflang="{other}" href="{stem}.{other}.html">' in text


def test_published_data_package_validates_and_its_hashes_match():
    descriptor_path = ROOT / "reports/data/datapackage.json"
    report = frictionless.validate(str(descriptor_path))
    assert report.valid, report.flatten(["type", "note"])
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    assert descriptor["resources"]
    for resource in descriptor["resources"]:
        data = (descriptor_path.parent / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), resource["path"]
        assert resource["bytes"] == len(data)


@pytest.mark.parametrize("page", REPORTS)
def test_a_figure_shows_its_quote_on_focus_and_its_target_is_highlighted(page, chromium):
    """Hover shows a figure's quote (its title); a keyboard reader sees it on focus; following the link
    highlights the appendix entry, which links back."""
    context = chromium.new_context()
    try:
        tab = context.new_page()
        tab.goto((ROOT / page).as_uri())
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
        assert entry.locator(f"a[href='#{ref}']").count() == 1  # and links back to where it was cited
    finally:
        context.close()
