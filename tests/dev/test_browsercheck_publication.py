"""The publication checks of the browser check (layouts, links across pages, axe-core, print): each
kind of fault is caught on a constructed page, and a clean page passes."""

import base64
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from dean06_dev import browsercheck as bc

pytestmark = pytest.mark.slow

CLEAN_HEAD = '<meta name="viewport" content="width=device-width, initial-scale=1"><style>figure { break-inside: avoid; }</style>'



def page(folder: Path, body: str, head: str = "", name: str = "page.html", lang: str = "en") -> Path:
    path = folder / name
    path.write_text(
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>t</title>{CLEAN_HEAD}{head}'
        f"</head><body><main>{body}</main></body></html>", encoding="utf-8")
    return path


def png(width: int, height: int) -> str:
    data = io.BytesIO()
    Image.new("RGB", (width, height), (31, 95, 139)).save(data, "PNG")
    return "data:image/png;base64," + base64.b64encode(data.getvalue()).decode()


def test_clean_page_passes_every_check(tmp_path, chromium):
    html = page(tmp_path, f'<h1>Tiêu đề</h1><p>Body text.</p><figure id="chart-a"><img src="{png(40, 30)}" '
                          'alt="a chart"><figcaption>Caption.</figcaption></figure>')
    assert bc.check_publication(html, tmp_path / "out", browser_instance=chromium) == []
    assert (tmp_path / "out" / "page.pdf").read_bytes().startswith(b"%PDF")


def test_element_wider_than_a_phone_is_reported(tmp_path, chromium):
    html = page(tmp_path, '<p>fine</p><pre id="wide" style="white-space: pre; font-size: 16px">' + "0123456789abcdef" * 8 + "</pre>")
    phone = bc.check_layout(html, "phone", browser_instance=chromium, axe=False)
    assert any(p.startswith("phone: the page scrolls sideways") for p in phone)
    assert any(p.startswith("phone: pre#wide has content wider than its box") for p in phone)
    scroller = page(tmp_path, '<div id="box" style="overflow-x: auto" tabindex="0"><p style="width: 900px">x</p></div>',
                    name="scroller.html")
    inside = bc.check_layout(scroller, "phone", browser_instance=chromium, axe=False)
    assert any(p.startswith("phone: div#box scrolls sideways inside the page") for p in inside)
    assert any(p.startswith("phone: p in #box reaches beyond the window") for p in inside)
    assert bc.check_layout(html, "desktop", browser_instance=chromium, axe=False) == []


def test_small_body_text_on_a_phone_and_small_chart_text_are_reported(tmp_path, chromium):
    svg = ('<figure><svg viewBox="0 0 1200 600" width="100%" role="img" aria-label="chart">'
           '<text x="10" y="50" font-size="20">tiny label</text><text x="10" y="200" font-size="60">big</text></svg></figure>')
    html = page(tmp_path, f'<p style="font-size: 13px">small print</p><p>normal</p>{svg}')
    phone = bc.check_layout(html, "phone", browser_instance=chromium, axe=False)
    assert [p for p in phone if "body text" in p] == ["phone: body text 13.0 px < 16 px in p ('small print')"]
    [chart] = [p for p in phone if "chart text" in p]
    assert chart.startswith("phone: chart text ") and chart.endswith("px < 11 px in svg ('tiny label')")
    assert float(chart.split()[3]) < 11 < 60 * float(chart.split()[3]) / 20  # the 60-unit label is large enough
    desktop = bc.check_layout(html, "desktop", browser_instance=chromium, axe=False)
    assert not any("body text" in p for p in desktop)  # the 16 px floor is the phone's


def test_links_to_other_pages_must_land_on_an_anchor_in_the_right_language(tmp_path, chromium):
    page(tmp_path, '<h2 id="s1">Một</h2>', name="other.vi.html", lang="vi")
    html = page(tmp_path, '<a href="other.vi.html#s1">ok</a> <a href="other.vi.html#s2">missing anchor</a> '
                          '<a href="other.vi.html" hreflang="en">wrong language</a> '
                          '<a href="other.vi.html#s1" hreflang="vi">switch</a> <a href="gone.html">gone</a>')
    problems = bc.check_layout(html, "desktop", browser_instance=chromium, axe=False)
    assert problems == [
        "dangling link other.vi.html#s2 ('missing anchor'): other.vi.html has no element #s2",
        "language link other.vi.html says hreflang='en'; other.vi.html is <html lang='vi'>",
        f"broken link gone.html ('gone'): {tmp_path.resolve() / 'gone.html'} does not exist",
    ]


def test_serious_accessibility_violations_are_reported(tmp_path, chromium):
    html = page(tmp_path, f'<p>x</p><img src="{png(10, 10)}"><a href="#x"></a><p id="x">y</p>')
    problems = bc.check_layout(html, "desktop", browser_instance=chromium)
    ids = sorted(p.split(": ", 1)[1].split(" —")[0] for p in problems if p.startswith("accessibility"))
    assert ids == ["image-alt", "link-name"]
    assert all(p.startswith(("accessibility (serious)", "accessibility (critical)")) for p in problems)


def test_a_long_list_is_checked_by_axe_in_its_first_entries(tmp_path, chromium):
    """A long list is one template repeated: a violation in one of its first entries is reported (in a
    list, a definition list, or a short list at any place); past them the entries are left to the
    first ones, so axe-core's time does not grow with the archive."""
    bad = f'<img src="{png(10, 10)}">'
    keep = bc.AXE_LIST_ENTRIES

    def listed(at, tag="ul"):
        if tag == "dl":
            entries = "".join(f"<dt>t{i}</dt><dd>{bad if i == at else 'ok'}</dd>" for i in range(1, keep + 6))
        else:
            entries = "".join(f"<li>{bad if i == at else 'ok'}</li>" for i in range(1, keep + 6))
        return page(tmp_path, f"<{tag}>{entries}</{tag}>", name=f"{tag}-{at}.html")

    def flagged(html):
        return [p for p in bc.check_layout(html, "desktop", browser_instance=chromium) if "image-alt" in p]

    assert flagged(listed(1)) and flagged(listed(keep)) and flagged(listed(keep, "dl"))
    assert flagged(listed(keep + 3)) == [] and flagged(listed(keep + 3, "dl")) == []
    short = page(tmp_path, f"<ol><li>ok</li><li>{bad}</li></ol>", name="short.html")
    assert flagged(short)


def test_figure_that_can_split_or_is_taller_than_a_page_is_reported(tmp_path, chromium):
    lines = "".join(f"<p>line {i}</p>" for i in range(5))
    html = page(tmp_path, f'{lines}<figure id="tall" style="break-inside: auto"><img src="{png(40, 100)}" alt="x" '
                          'style="display: block; width: 600px; height: 1500px; max-height: none"></figure><p>after</p>')
    problems = bc.check_print(html, tmp_path / "tall.pdf", browser_instance=chromium)
    assert "print: figure #tall may be split across pages (break-inside: auto)" in problems
    assert any(p.startswith("print: figure #tall is ") and "more than a page" in p for p in problems)
    assert any(re.fullmatch(r"print: image 1 of the PDF is drawn on pages \[\d+(, \d+)+\]: split across pages", p) for p in problems), problems


def test_network_requests_are_blocked_in_every_layout(tmp_path, chromium):
    html = page(tmp_path, "<p>x</p>", head='<link rel="stylesheet" href="https://cdn.example.com/x.css">')
    problems = bc.check_layout(html, "phone", browser_instance=chromium, axe=False)
    assert "network request: GET https://cdn.example.com/x.css" in problems


def test_pages_checked_one_after_another_in_one_tab_keep_their_own_problems(tmp_path, chromium):
    wide = page(tmp_path, '<pre id="wide" style="white-space: pre">' + "0123456789abcdef" * 8 + "</pre>", name="wide.html")
    fine = page(tmp_path, "<p>fine</p>", name="fine.html")
    remote = page(tmp_path, "<p>x</p>", head='<link rel="stylesheet" href="https://cdn.example.com/x.css">',
                  name="remote.html")
    found = bc.check_layouts([wide, fine, remote, fine], "phone", browser_instance=chromium, axe=False)
    assert list(found) == [wide.resolve(), fine.resolve(), remote.resolve()]
    assert any(p.startswith("phone: the page scrolls sideways") for p in found[wide.resolve()])
    assert not any("network" in p for p in found[wide.resolve()])
    assert found[fine.resolve()] == []
    assert found[remote.resolve()] == ["network request: GET https://cdn.example.com/x.css"]


def test_a_tab_lent_to_one_check_keeps_nothing_for_the_next(tmp_path, chromium):
    """Each browser lends one tab per set of options to one check at a time: a check after another
    gets only its own problems, screen media after a print check, and a check inside another its own tab."""
    remote = page(tmp_path, "<p>x</p>", head='<link rel="stylesheet" href="https://cdn.example.com/x.css">',
                  name="remote.html")
    fine = page(tmp_path, "<p>fine</p>", name="fine.html")
    noisy = page(tmp_path, "<p>x</p><script>console.error('first page')</script>", name="noisy.html")
    small_in_print = page(tmp_path, "<p>fine</p>", head="<style>@media print { p { font-size: 9px } }</style>",
                          name="print.html")
    assert bc.check_layout(remote, "phone", browser_instance=chromium, axe=False) == [
        "network request: GET https://cdn.example.com/x.css"]
    assert bc.check_layout(fine, "phone", browser_instance=chromium, axe=False) == []
    assert bc.check_page(noisy, tmp_path / "noisy.png", browser_instance=chromium) == ["console error: first page"]
    assert bc.check_page(fine, tmp_path / "fine.png", browser_instance=chromium) == []
    width = {"viewport": {"width": round(bc.PRINT_WIDTH_PX), "height": round(bc.PRINT_HEIGHT_PX)}}
    with bc.offline_page(chromium, [], **width) as printing:
        printing.goto(small_in_print.as_uri())
        printing.emulate_media(media="print")
        assert printing.evaluate("getComputedStyle(document.querySelector('p')).fontSize") == "9px"
        nested: list[str] = []
        with bc.offline_page(chromium, nested, **width) as inner:
            assert inner is not printing
            inner.goto(remote.as_uri())
        assert nested == ["network request: GET https://cdn.example.com/x.css"]
    with bc.offline_page(chromium, [], **width) as again:
        assert again is printing and again.url == "about:blank"
        again.goto(small_in_print.as_uri())
        assert again.evaluate("getComputedStyle(document.querySelector('p')).fontSize") == "16px"


def test_cli_runs_the_publication_checks(tmp_path, chromium):
    good = page(tmp_path, "<p>fine</p>", name="good.html")
    narrow = page(tmp_path, '<p style="font-size: 12px">tiny</p>', name="tiny.html")
    assert bc.main([str(good), "--screenshots", str(tmp_path / "s"), "--publication"]) == 0
    assert bc.main([str(narrow), "--screenshots", str(tmp_path / "s")]) == 0  # the load check alone passes
    assert bc.main([str(narrow), "--screenshots", str(tmp_path / "s"), "--publication"]) == 1
    assert (tmp_path / "s" / "good.pdf").is_file()


def test_page_left_more_than_half_blank_is_reported(tmp_path, chromium):
    lines = "".join(f'<p style="margin: 0; line-height: 20px">line {i}</p>' for i in range(20))
    figure = (f'<figure id="f" style="break-inside: avoid; margin: 0"><img src="{png(40, 30)}" alt="x" '
              'style="display: block; width: 300px; height: 900px"></figure>')
    html = page(tmp_path, lines + figure + "<p>after</p>")
    problems = bc.check_print(html, tmp_path / "blank.pdf", browser_instance=chromium)
    [blank] = problems
    assert blank.startswith("print: page 1 of 2 is ") and blank.endswith("% blank below its last line")
    assert 50 < int(blank.split(" is ")[1].split("%")[0]) < 70
    shares = bc.pdf_blank_below(tmp_path / "blank.pdf")
    assert len(shares) == 2 and shares[0] > 0.5
    # the same figure with less text before it stays on the first page: nothing to report
    short = page(tmp_path, lines[: len(lines) // 10] + figure, name="short.html")
    assert bc.check_print(short, tmp_path / "short.pdf", browser_instance=chromium) == []


def story(folder: Path, lead: str, rest: str = "", name: str = "story.html", lang: str = "en") -> Path:
    """A story page: a headline, then `lead`, a cited number, then `rest`."""
    return page(folder, f'<h1>Headline</h1>{lead}<p><a class="figure-ref" id="p-1" href="#c" title="q">42</a></p>'
                        f'<p id="c">cited.</p>{rest}', name=name, lang=lang)


ENTRY = "An entry long enough to wrap onto a second line on a phone, as a section title or a source's line does"


def lists(style: str = "") -> str:
    """The story page's lists (contents, key numbers, sources box), with long entries that wrap at 390 px;
    `style` is added to the page to break them."""
    contents = "".join(f'<li><a href="#c">{ENTRY} (section {n})</a></li>' for n in range(1, 12))
    key = "".join(f'<li><span class="key-figure">{n}</span> <span class="key-label">{ENTRY} (figure {n})</span></li>'
                  for n in (1, 2, 3))
    return (f"<style>#key-numbers ul {{ display: grid; grid-template-columns: 1fr 1fr; list-style: none; padding: 0 }}"
            f"{style}</style><nav aria-label=\"Contents\"><ol>{contents}</ol></nav>"
            f'<aside id="key-numbers"><ul>{key}</ul></aside><aside id="about-sources"><ul><li>{ENTRY} (source)</li>'
            f"<li>Short.</li></ul></aside>")


def test_a_clean_story_page_passes_its_own_checks(tmp_path, chromium):
    html = story(tmp_path, "<p>Short lead.</p>",
                 f'<figure id="chart-a" style="margin: 0"><img src="{png(750, 500)}" alt="a chart" style="max-width: 100%"></figure>'
                 + lists())
    for layout in bc.LAYOUTS:
        assert bc.check_layout(html, layout, browser_instance=chromium, axe=False, story=True) == []
    assert bc.check_print(html, tmp_path / "story.pdf", browser_instance=chromium, story=True) == []


def test_a_story_page_whose_first_cited_number_is_below_the_first_screen_is_reported(tmp_path, chromium):
    html = story(tmp_path, '<div style="height: 1200px">a tall lead</div>')
    for layout in bc.LAYOUTS:
        [problem] = bc.check_layout(html, layout, browser_instance=chromium, axe=False, story=True)
        assert problem.startswith(f"{layout}: the first cited number ends at ") and "below the first screen" in problem
    assert bc.check_layout(html, "desktop", browser_instance=chromium, axe=False) == []  # not a story page


def test_a_long_story_page_and_a_sentence_printed_twice_are_reported(tmp_path, chromium):
    twice = "This sentence of more than eight words is printed twice on the page."
    html = story(tmp_path, f"<p>{twice}</p>", f"<p>Something else. {twice}</p><p>{'word ' * 3_000}</p>")
    problems = bc.check_layout(html, "desktop", browser_instance=chromium, axe=False, story=True)
    assert [p for p in problems if "twice" in p] == [f"the story page prints this sentence twice or more: {twice!r}"]
    [long] = [p for p in problems if "visible words" in p]
    assert long.startswith("the story page has 3,0") and long.endswith("more than 3,000 (en)")
    # in Vietnamese each syllable is a word, and the page may hold 3,900 of them
    vi = story(tmp_path, "", f"<p>{'một ' * 3_800}</p>", name="vi.html", lang="vi")
    assert bc.check_layout(vi, "desktop", browser_instance=chromium, axe=False, story=True) == []


def test_wrapped_list_entries_that_lose_their_hanging_indent_are_reported(tmp_path, chromium):
    """Markers inside the text put a wrapped line under the number, and numbers 1-9 and 10-11 no longer
    line up; a negative indent in the sources box pulls its first line out. Measured on the page the
    story checks load anyway."""
    html = story(tmp_path, "", lists("nav ol { list-style-position: inside; padding-left: 0 }"
                                     " #about-sources li { padding-left: 2em; text-indent: -2em }"))
    problems = bc.check_layout(html, "phone", browser_instance=chromium, axe=False, story=True)
    lost = [p for p in problems if "loses its hanging indent" in p]
    assert lost and all(p.startswith("phone: a wrapped entry of the ") for p in lost)
    assert {p.split(" of the ")[1].split(" loses")[0] for p in lost} == {"contents", "sources box"}
    assert "phone: the entries of the contents do not line up" in " ".join(problems)
    assert not any("key numbers" in p for p in problems)  # a grid's entries start in their own columns


def test_a_chart_printed_narrower_than_the_column_is_reported(tmp_path, chromium):
    narrow = story(tmp_path, "", f'<figure id="chart-a"><img src="{png(750, 500)}" alt="a chart" style="width: 40%"></figure>')
    [problem] = bc.check_print(narrow, tmp_path / "narrow.pdf", browser_instance=chromium, story=True)
    assert problem.startswith("print: figure #chart-a is ") and "% of the text column wide" in problem
    # a chart too tall for the column's width takes a page's height instead
    tall = story(tmp_path, "", f'<figure id="chart-b" style="margin: 0"><img src="{png(500, 1100)}" alt="a tall chart" '
                               'style="max-width: 100%; max-height: 240mm"></figure>', name="tall.html")
    assert bc.check_print(tall, tmp_path / "tall.pdf", browser_instance=chromium, story=True) == []


def test_words_and_repeated_sentences_as_a_reader_counts_them():
    assert bc.words("Có 78.553.494 thẻ — và 38 of 53 (22%).") == ["Có", "78.553.494", "thẻ", "và", "38", "of", "53", "(22%)."]
    text = "One two three four five six seven eight.\nOne two three four five six seven eight. Short one. Short one."
    assert bc.repeated_sentences(text) == ["One two three four five six seven eight."]
