"""The published reports of the session's build in a real headless Chromium: no network, no console
errors, images decode, links resolve."""

import re

import pytest
from conftest import ROOT

from dean06_dev.browsercheck import check_page

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_report_loads_cleanly_in_chromium(built_tree, chromium, lang):
    page = built_tree.root / "reports" / f"de-an-06.{lang}.html"
    screenshot = ROOT / ".tmp" / "screenshots" / f"de-an-06.{lang}.png"
    problems = check_page(page, screenshot, browser_instance=chromium)
    assert problems == []
    assert screenshot.stat().st_size > 10_000
    html = page.read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    # every chart placed on the story page whose data can answer its question is there, as an image
    from dean06.publish import charts
    from dean06.publish.charts.shown import shown

    drawn = built_tree.root / "figures" / lang
    expected = [n for n in charts.NAMES if charts.place(n)[0] != "sources" and shown(n, (drawn / f"{n}.csv").read_bytes())]
    assert sorted(re.findall(r'<figure id="chart-(\w+)">', html)) == sorted(expected)
    assert html.count("<img") >= len(expected) and "data:image/png;base64," in html
    assert 'src="http' not in html and "<script src" not in html
    # nothing is loaded from the network; an outside address is only ever a link the reader may follow
    outside = re.findall(r'<(\w+)\b[^>]*\bhref="https?:', html)
    assert set(outside) <= {"a"}, outside
