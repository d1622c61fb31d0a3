"""Open rendered pages in headless Chromium and list what a reader's browser would trip over.

Problems reported, one string each:
  - any request for something other than a file:, data:, about: or blob: URL (all are recorded and
    aborted before they leave the machine; WebSockets too),
  - a local file that fails to load,
  - console errors and uncaught exceptions,
  - images that do not decode,
  - links to `#id` with no element of that id or name,
  - relative links to files that do not exist.
A screenshot of each page's first screens is saved (`--full-page` for the whole page).

With --publication, each page is also checked as a publication (`check_publication`): at 390 px
(phone emulation, device pixel ratio 2) and 1280 px nothing is wider than the window or scrolls
sideways inside it, body text on a phone is at least 16 px and inline-SVG chart text at least
11 px as displayed, links to other local pages land on an existing anchor (and a link with
hreflang on a page in that language), axe-core (shipped in the axe-playwright-python wheel)
finds no serious or critical violation, and printed to A4 PDF no figure can split or is taller
than a page, no image is drawn on two pages and no page but the last is more than half blank
(read with PDFium).

    python -m dean06_dev.browsercheck HTML... --screenshots DIR [--publication]

Exit status 1 with the problems listed when any page has one. Uses Debian's Chromium
(/usr/bin/chromium, or DEAN06_CHROMIUM); Playwright's own browser downloads are not needed.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

from dean06 import atomic

CHROMIUM = os.environ.get("DEAN06_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Requests are aborted before they are sent, but <link rel=preconnect|dns-prefetch> only
    # opens connections and never shows up as a request: no host name resolves at all.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
LOCAL_SCHEMES = ("file", "data", "about", "blob")
VIEWPORT = {"width": 1024, "height": 768}
TIMEOUT_MS = 30_000
# after `load`, how long the page must be quiet before it is checked (late requests, timers)
SETTLE_MS = 300

# Images are checked after forcing eager loading, so lazy images below the fold count too.
_IMAGES_JS = """
async () => {
  const bad = [];
  const images = Array.from(document.images);
  for (const img of images) img.loading = "eager";
  for (const [index, img] of images.entries()) {
    let reason = "";
    try { await img.decode(); } catch (e) { reason = String(e && e.message || e); }
    if (!reason && img.naturalWidth === 0) reason = "naturalWidth is 0";
    if (reason) bad.push({index, src: img.getAttribute("src") || "", reason});
  }
  return bad;
}
"""

_LINKS_JS = """
() => {
  const dangling = [];
  const files = [];
  for (const a of document.querySelectorAll("a[href], area[href]")) {
    const href = a.getAttribute("href");
    const text = (a.textContent || "").trim().slice(0, 60);
    if (href.startsWith("#")) {
      const raw = href.slice(1);
      if (raw === "" || raw.toLowerCase() === "top") continue;  // both scroll to the top
      let decoded = raw;
      try { decoded = decodeURIComponent(raw); } catch (e) {}
      // browsers try the fragment as written, then percent-decoded
      const found = [raw, decoded].some(
        (id) => document.getElementById(id) || document.getElementsByName(id).length);
      if (!found) dangling.push({href, text});
    } else if (a.href.startsWith("file:")) {
      files.push({href, url: a.href, text});
    }
  }
  const links = [];
  for (const l of document.querySelectorAll("link[href]")) {
    links.push({rel: l.getAttribute("rel") || "", url: l.href});
  }
  return {dangling, files, links};
}
"""


def _short(text: str, limit: int = 100) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scheme(url: str) -> str:
    return url.split(":", 1)[0].lower() if ":" in url else ""


def _file_path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


_active: list = []  # browsers open in this thread, innermost last


@contextmanager
def browser() -> Iterator[object]:
    """One headless Chromium for several pages (start-up is the slow part).

    Re-entrant: inside an open `browser()` block the same browser is handed out again, since
    Playwright's sync API cannot run twice in one thread. `launch` gives the browser a fresh
    temporary profile and deletes it afterwards.
    """
    if _active:
        yield _active[-1]
        return
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, timeout=TIMEOUT_MS
        )
        _active.append(instance)
        try:
            yield instance
        finally:
            _active.pop()
            _forget_tabs(instance)
            instance.close()


SCREENSHOT_MAX_PX = 4_000  # the first screens: a whole long page costs seconds to capture


def check_page(html: Path, screenshot: Path, *, browser_instance=None, full_page: bool = False) -> list[str]:
    """Load `html` in Chromium, save a PNG of its first screens (or, with `full_page`, of the whole
    page) to `screenshot`, return the problems found."""
    if browser_instance is None:
        with browser() as b:
            return check_page(html, screenshot, browser_instance=b, full_page=full_page)

    html = Path(html).resolve()
    if not html.is_file():
        return [f"no such file: {html}"]
    problems: list[str] = []
    blocked: list[str] = []

    def on_route(route) -> None:
        request = route.request
        if _scheme(request.url) in LOCAL_SCHEMES:
            route.continue_()
        else:
            blocked.append(request.url)
            problems.append(
                f"network request: {request.method} {_short(request.url)} ({request.resource_type})"
            )
            route.abort("blockedbyclient")

    def on_websocket(ws) -> None:
        # never connected to a server: the socket is answered here and closed
        blocked.append(ws.url)
        problems.append(f"network request: WebSocket {_short(ws.url)}")
        ws.close()

    def on_request_failed(request) -> None:
        if request.url in blocked:
            return
        problems.append(f"failed to load {_short(request.url)}: {request.failure}")

    def on_console(message) -> None:
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        # the browser's own note on a request we aborted or that failed, already reported
        if message.text.startswith("Failed to load resource") and where:
            return
        problems.append(f"console error: {_short(message.text, 300)}")

    def on_page_error(error) -> None:
        problems.append(f"page error (uncaught exception): {_short(str(error), 300)}")

    handlers = {"route": on_route, "websocket": on_websocket, "requestfailed": on_request_failed,
                "console": on_console, "pageerror": on_page_error}
    with offline_page(browser_instance, problems, handlers=handlers, viewport=VIEWPORT) as page:
        page.goto(html.as_uri(), wait_until="load", timeout=TIMEOUT_MS)
        try:
            page.wait_for_load_state("networkidle", timeout=5_000)
        except Exception:  # noqa: BLE001 - a page that never goes quiet is still checked
            problems.append("page never went quiet on the network within 5 s")
        page.wait_for_timeout(SETTLE_MS)
        page.evaluate("document.fonts.ready.then(() => true)")

        for img in page.evaluate(_IMAGES_JS):
            problems.append(
                f"image {img['index'] + 1} does not decode ({img['reason']}): {_short(img['src'], 80)}"
            )

        links = page.evaluate(_LINKS_JS)
        for link in links["dangling"]:
            problems.append(
                f"dangling link {link['href']} ({link['text']!r}): no element with that id or name"
            )
        for link in links["files"]:
            target = _file_path(link["url"])
            if not target.exists():
                problems.append(f"broken link {link['href']} ({link['text']!r}): {target} does not exist")
        for link in links["links"]:
            if _scheme(link["url"]) not in LOCAL_SCHEMES and link["url"] not in blocked:
                problems.append(f"<link rel={link['rel']!r}> to {_short(link['url'])}")

        height = page.evaluate("document.documentElement.scrollHeight")
        clip = None if full_page else {"x": 0, "y": 0, "width": VIEWPORT["width"],
                                       "height": min(height, SCREENSHOT_MAX_PX)}
        atomic.write_bytes(screenshot, page.screenshot(full_page=True, clip=clip, animations="disabled"))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dean06_dev.browsercheck", description=__doc__.splitlines()[0]
    )
    parser.add_argument("html", nargs="+", type=Path)
    parser.add_argument("--screenshots", type=Path, required=True, help="folder for the PNG screenshots")
    parser.add_argument("--publication", action="store_true",
                        help="also check phone and desktop layouts, links across pages, axe-core and print")
    parser.add_argument("--full-page", action="store_true", help="screenshot the whole page, not its first screens")
    parser.add_argument("--story", action="store_true",
                        help="with --publication: the pages are story pages (first screen, length, repeats, print widths)")
    args = parser.parse_args(argv)

    failed = 0
    with browser() as b:
        for html in args.html:
            shot = args.screenshots / f"{html.stem}.png"
            problems = check_page(html, shot, browser_instance=b, full_page=args.full_page)
            if args.publication:
                problems += check_publication(html, args.screenshots, browser_instance=b, load_check=False,
                                              story=args.story)
            if problems:
                failed += 1
                print(f"{html}: {len(problems)} problem(s)")
                for problem in problems:
                    print(f"  - {problem}")
            else:
                print(f"{html}: ok (screenshot {shot})")
    return 1 if failed else 0



# ---------------------------------------------------------------------------------------------
# The page as a publication: phone and desktop layouts, links across pages, the language
# switch, accessibility (axe-core) and print. Each check returns problems, one string each.

LAYOUTS = {
    # a phone as a reader holds it: 390 CSS px wide, device pixel ratio 2, touch
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
              "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
MIN_BODY_PX = 16  # body text on a phone
MIN_CHART_PX = 11  # chart text as displayed (inline SVG)
AXE_IMPACTS = ("serious", "critical")
# A4 with the print stylesheet's margins (18 mm top and bottom, 16 mm left and right), in CSS px
MM = 96 / 25.4
PRINT_WIDTH_PX = (210 - 2 * 16) * MM
PRINT_HEIGHT_PX = (297 - 2 * 18) * MM

_LAYOUT_JS = """
([minBody, checkBody, width]) => {
  // the device's width, not window.innerWidth: a phone widens its layout viewport to content that
  // overflows it, so innerWidth would hide the overflow it is meant to measure
  const out = {scrollWidth: document.scrollingElement.scrollWidth, width, wide: [], small: [], chart: []};
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    else if (el.classList.length) name += "." + Array.from(el.classList).slice(0, 2).join(".");
    const parent = el.closest("[id]");
    if (parent && parent !== el) name += " in #" + parent.id;
    return name;
  };
  const flagged = [];
  const overflowing = [];
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 0.5 || box.left < -0.5) {
      if (flagged.some((f) => f.contains(el))) continue;  // report the outermost only
      flagged.push(el);
      out.wide.push({what: describe(el), how: "reaches beyond the window",
                     left: Math.round(box.left), right: Math.round(box.right)});
    }
    // content wider than its box: it spills out (overflow visible) or scrolls sideways inside the page
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && style.overflowX !== "hidden"
        && style.overflowX !== "clip") overflowing.push(el);
  }
  for (const el of overflowing) {
    if (overflowing.some((o) => o !== el && el.contains(o))) continue;  // the innermost is the culprit
    if (flagged.some((f) => f.contains(el))) continue;
    const scrolls = ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
    out.wide.push({what: describe(el), how: scrolls ? "scrolls sideways inside the page" : "has content wider than its box",
                   left: 0, right: el.scrollWidth, inner: el.clientWidth});
  }
  if (checkBody) {
    const text = "main :is(p, li, dd, dt, td, th, blockquote, figcaption, pre, caption)";
    for (const el of document.querySelectorAll(text)) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || el.closest("figure svg")) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < minBody - 0.01) out.small.push({what: describe(el), size, text: el.textContent.trim().slice(0, 40)});
    }
  }
  for (const t of document.querySelectorAll("svg text")) {
    const matrix = t.getScreenCTM();
    if (!matrix || !t.textContent.trim()) continue;
    const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(matrix.a, matrix.b);
    out.chart.push({what: describe(t.closest("svg") || t), size, text: t.textContent.trim().slice(0, 30)});
  }
  return out;
}
"""

# A story page (the report, not its companion or the audit pages): the story first, short, said once.
STORY_WORDS = {"en": 3_000, "vi": 3_900}  # visible words at most; in Vietnamese each syllable counts
REPEAT_WORDS = 8  # no sentence of this many words or more is printed twice
MIN_PRINT_SHARE = 0.8  # a printed chart fills at least this share of the text column…
FULL_PAGE = 0.9  # …unless it is too tall for that and takes (this share of) a page's height instead

# The lists whose wrapped entries must keep their hanging indent (each line of an entry starts where its
# first line's text does) and, outside a grid, line up with each other (their numbers or bullets align).
LISTS = {"contents": "nav li", "key numbers": "#key-numbers li", "sources box": "#about-sources li"}
INDENT_TOLERANCE_PX = 1.5

_STORY_JS = """
(lists) => {
  const bottom = (el) => el ? el.getBoundingClientRect().bottom + window.scrollY : null;
  const main = document.querySelector("main") || document.body;
  // where each line of an entry's text starts: its text's line boxes, merged where they overlap vertically
  const range = document.createRange();
  const lineStarts = (el) => {
    const rects = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) rects.push(r);
    }
    rects.sort((a, b) => a.top - b.top || a.left - b.left);
    const lines = [];
    for (const r of rects) {
      const last = lines[lines.length - 1];
      if (last && r.top < last.bottom - 2) { last.left = Math.min(last.left, r.left); last.bottom = Math.max(last.bottom, r.bottom); }
      else lines.push({left: r.left, bottom: r.bottom});
    }
    return lines.map((line) => Math.round(line.left * 10) / 10);
  };
  const found = {};
  for (const [name, selector] of Object.entries(lists)) {
    const entries = Array.from(document.querySelectorAll(selector)).filter((el) => el.getClientRects().length);
    found[name] = {grid: entries.some((el) => ["grid", "flex", "inline-grid", "inline-flex"].includes(
                     getComputedStyle(el.parentElement).display)),
                   entries: entries.map((el) => ({text: el.textContent.trim().slice(0, 80), lines: lineStarts(el)}))};
  }
  return {first: bottom(document.querySelector("a.figure-ref")), headline: bottom(document.querySelector("h1")),
          height: window.innerHeight, text: main.innerText, lang: document.documentElement.lang, lists: found};
}
"""


def words(text: str) -> list[str]:
    """The words of a text as a reader counts them: runs between spaces holding a letter or a digit
    (a Vietnamese syllable is one; a figure such as 78,553,494 is one)."""
    return [w for w in text.split() if any(c.isalnum() for c in w)]


def repeated_sentences(text: str, least: int = REPEAT_WORDS) -> list[str]:
    """Sentences of `least` words or more that the text prints more than once."""
    sentences = [" ".join(s.split()) for s in re.split(r"(?<=[.!?…])\s+|\n+", text)]
    long = [s for s in sentences if len(words(s)) >= least]
    return sorted({s for s in long if long.count(s) > 1})


def story_problems(found: dict, layout: str) -> list[str]:
    """The story page's own checks, from _STORY_JS at one layout: the headline and a cited number on the
    first screen; its length and no sentence printed twice (the same at every layout)."""
    problems = []
    if found["first"] is None:
        problems.append(f"{layout}: the story page cites no number")
    elif not (found["headline"] or 0) < found["first"] <= found["height"]:
        problems.append(f"{layout}: the first cited number ends at {found['first']:.0f} px, below the first "
                        f"screen ({found['height']} px) or above the headline")
    limit = STORY_WORDS.get(found["lang"])
    count = len(words(found["text"]))
    if limit and count > limit:
        problems.append(f"the story page has {count:,} visible words, more than {limit:,} ({found['lang']})")
    for sentence in repeated_sentences(found["text"]):
        problems.append(f"the story page prints this sentence twice or more: {_short(sentence)!r}")
    return problems + list_problems(found.get("lists", {}), layout)


def list_problems(lists: dict, layout: str) -> list[str]:
    """A wrapped list entry keeps its hanging indent: every line starts where its first line's text does
    (a marker inside the text, or a negative indent, breaks it); outside a grid the entries' text starts
    line up, so their numbers align. Measured by _STORY_JS on the page already loaded."""
    problems = []
    for name, found in lists.items():
        starts = []
        for entry in found["entries"]:
            if not entry["lines"]:
                continue
            first, *rest = entry["lines"]
            off = [x for x in rest if abs(x - first) > INDENT_TOLERANCE_PX]
            if off:
                problems.append(f"{layout}: a wrapped entry of the {name} loses its hanging indent (its first line "
                                f"starts at {first:.0f} px, a later one at {off[0]:.0f} px): {_short(entry['text'])!r}")
            starts.append(first)
        if not found["grid"] and starts and max(starts) - min(starts) > INDENT_TOLERANCE_PX:
            problems.append(f"{layout}: the entries of the {name} do not line up (their text starts between "
                            f"{min(starts):.0f} and {max(starts):.0f} px)")
    return problems


_ALL_LINKS_JS = """
() => Array.from(document.querySelectorAll("a[href], link[rel=alternate][href]")).map((a) => ({
  href: a.getAttribute("href"), url: a.href, hreflang: a.getAttribute("hreflang") || "",
  text: (a.textContent || "").trim().slice(0, 60)}))
"""

_PRINT_JS = """
() => {
  const main = document.querySelector("main") || document.body;
  const style = getComputedStyle(main);
  const column = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return Array.from(document.querySelectorAll("figure")).map((f) => {
    const box = f.getBoundingClientRect();
    const image = f.querySelector("img, svg");
    const drawn = image ? image.getBoundingClientRect() : {width: 0, height: 0};
    return {id: f.id || "", height: box.height, breakInside: getComputedStyle(f).breakInside,
            images: f.querySelectorAll("img, svg").length, width: drawn.width, imageHeight: drawn.height, column};
  });
}
"""


EVENTS = ("console", "pageerror", "requestfailed")  # the tab's events a check may listen to


@dataclass
class _Pooled:
    """A browser context and its one tab, kept open for the browser's life; the handlers of the check
    using it now (none between uses)."""
    browser: object
    context: object
    page: object = None
    handlers: dict | None = None


_pool: dict[tuple[int, str], _Pooled] = {}


def _blocking(problems: list[str]) -> dict:
    """The default handlers: a request that would leave the machine is aborted and reported."""
    def on_route(route) -> None:
        if _scheme(route.request.url) in LOCAL_SCHEMES:
            route.continue_()
        else:
            problems.append(f"network request: {route.request.method} {_short(route.request.url)}")
            route.abort("blockedbyclient")

    def on_websocket(ws) -> None:
        problems.append(f"network request: WebSocket {_short(ws.url)}")
        ws.close()

    return {"route": on_route, "websocket": on_websocket}


def _abort(route) -> None:
    route.abort("blockedbyclient")


def _close(ws) -> None:
    ws.close()


def _open(browser_instance, options: dict) -> _Pooled:
    pooled = _Pooled(browser_instance, browser_instance.new_context(service_workers="block", accept_downloads=False,
                                                                    **options))

    def handler(event, fallback=None):
        def handle(arg) -> None:
            chosen = (pooled.handlers or {}).get(event) or fallback
            if chosen is not None:
                chosen(arg)
        return handle

    # between uses the tab is blank; were a request to come then, it is aborted all the same
    pooled.context.route("**/*", handler("route", _abort))
    pooled.context.route_web_socket(re.compile(".*"), handler("websocket", _close))
    pooled.page = pooled.context.new_page()
    for event in EVENTS:
        pooled.page.on(event, handler(event))
    return pooled


@contextmanager
def offline_page(browser_instance, problems: list[str], *, handlers: dict | None = None, **options):
    """A tab in which every request other than file:, data:, about: and blob: is aborted (and reported
    in `problems`, unless `handlers` has its own 'route' and 'websocket'): nothing leaves the machine.
    `handlers` may also name a function for each of the tab's EVENTS.

    A new browser context and tab cost several times a check in them (about half a CPU-second), so
    each browser keeps one tab per set of context options for its life, lent to one check at a time with
    that check's handlers, and left blank after it. The pages checked keep nothing there: no cookies,
    storage or service workers (blocked), and media emulation is reset."""
    key = (id(browser_instance), repr(sorted(options.items())))
    pooled = _pool.get(key)
    if pooled is not None and pooled.browser is not browser_instance:
        pooled = None  # a closed browser's id, reused
    if pooled is None or pooled.handlers is not None:
        nested = pooled is not None  # lent to an enclosing check: this one gets a tab of its own
        pooled = _open(browser_instance, options)
        if not nested:
            _pool[key] = pooled
    pooled.handlers = {**_blocking(problems), **(handlers or {})}
    try:
        yield pooled.page
    finally:
        pooled.handlers = None
        kept = _pool.get(key) is pooled
        if kept:
            try:
                pooled.page.emulate_media(media="null")
                pooled.page.goto("about:blank")
            except Exception:  # noqa: BLE001 - a tab that cannot be reset (it crashed) is not lent again
                del _pool[key]
                kept = False
        if not kept:
            pooled.context.close()


def _forget_tabs(browser_instance) -> None:
    for key in [k for k, pooled in _pool.items() if pooled.browser is browser_instance]:
        del _pool[key]


_anchor_cache: dict[tuple[Path, float], tuple[set[str], str]] = {}


def anchors_of(path: Path) -> tuple[set[str], str]:
    """The ids and `<a name>`s of an HTML file, and its `<html lang>`."""
    from html.parser import HTMLParser

    key = (path, path.stat().st_mtime)
    if key not in _anchor_cache:
        found: set[str] = set()
        lang = {"value": ""}

        class Collect(HTMLParser):
            def handle_starttag(self, tag, attrs):
                attrs = dict(attrs)
                if attrs.get("id"):
                    found.add(attrs["id"])
                if tag == "a" and attrs.get("name"):
                    found.add(attrs["name"])
                if tag == "html" and not lang["value"]:
                    lang["value"] = attrs.get("lang") or ""

        Collect().feed(path.read_text(encoding="utf-8"))
        _anchor_cache[key] = (found, lang["value"])
    return _anchor_cache[key]


def check_links_across_pages(html: Path, links: list[dict]) -> list[str]:
    """Every link to another local page lands on an existing file and, with a #fragment, on an
    element of that id; a link with hreflang lands on a page in that language."""
    problems = []
    for link in links:
        if not link["url"].startswith("file:"):
            continue
        parts = urlsplit(link["url"])
        target = Path(unquote(parts.path))
        if target == Path(html).resolve() and not link["hreflang"]:
            continue  # links within the page are checked in the page
        if not target.is_file():
            problems.append(f"broken link {link['href']} ({link['text']!r}): {target} does not exist")
            continue
        if target.suffix not in (".html", ".htm"):
            continue
        ids, lang = anchors_of(target)
        fragment = parts.fragment
        if fragment and fragment not in ids and unquote(fragment) not in ids:
            problems.append(f"dangling link {link['href']} ({link['text']!r}): {target.name} has no element #{fragment}")
        if link["hreflang"] and lang != link["hreflang"]:
            problems.append(f"language link {link['href']} says hreflang={link['hreflang']!r}; "
                            f"{target.name} is <html lang={lang!r}>")
    return problems


def axe_source() -> str:
    """axe-core's script, as shipped inside the axe-playwright-python wheel: nothing is fetched."""
    from importlib import resources

    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


# A long list repeats one template around other text (the companion page's appendix has an entry per
# figure): axe-core checks its first entries, and its cost no longer grows with the archive.
AXE_LIST_ENTRIES = 20
_MARK_REPEATED_JS = """
(keep) => {
  for (const list of document.querySelectorAll("ul, ol, dl")) {
    let entries = 0;
    for (const child of list.children) {
      if (child.tagName === "LI" || child.tagName === "DT") entries += 1;
      if (entries > keep && ["LI", "DT", "DD"].includes(child.tagName)) child.setAttribute("data-axe-repeated", "");
    }
  }
}
"""


def axe_violations(page, impacts=AXE_IMPACTS) -> list[str]:
    page.add_script_tag(content=axe_source())
    page.evaluate(_MARK_REPEATED_JS, AXE_LIST_ENTRIES)
    found = page.evaluate(
        """async () => (await axe.run({exclude: [["[data-axe-repeated]"]]}, {resultTypes: ["violations"]}))
             .violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                                      target: v.nodes.length ? v.nodes[0].target.join(" ") : ""}))""")
    return [f"accessibility ({v['impact']}): {v['id']} — {v['help']}; {v['count']} element(s), first {v['target']}"
            for v in found if v["impact"] in impacts]


def check_layout(html: Path, layout: str, *, browser_instance, axe: bool = True, story: bool = False) -> list[str]:
    """Open `html` at a layout of LAYOUTS: nothing wider than the window, text sizes, links across
    pages, and (with `axe`) no serious or critical accessibility violation. A `story` page also has
    its headline and a cited number on the first screen, at most STORY_WORDS visible words, no
    sentence printed twice, and wrapped entries of its lists (LISTS) that keep their hanging indent
    (story_problems, list_problems), all measured on the page this function loaded."""
    [problems] = check_layouts([html], layout, browser_instance=browser_instance, axe=axe, story=story).values()
    return problems


def check_layouts(htmls: list[Path], layout: str, *, browser_instance, axe: bool = True,
                  story: bool = False) -> dict[Path, list[str]]:
    """`check_layout` for each page of `htmls`, one after another in one tab: page -> its problems."""
    found_by_page: dict[Path, list[str]] = {}
    current: list[str] = []
    # the tab's requests and errors are the page's being checked
    network: list[str] = []

    def on_page_error(error) -> None:
        current.append(f"page error: {_short(str(error), 300)}")

    with offline_page(browser_instance, network, handlers={"pageerror": on_page_error}, **LAYOUTS[layout]) as page:
        for html in htmls:
            html = Path(html).resolve()
            current = found_by_page.setdefault(html, [])
            network.clear()
            page.goto(html.as_uri(), wait_until="load", timeout=TIMEOUT_MS)
            current += _layout_problems(page, html, layout, axe=axe, story=story)
            current += network
    return found_by_page


def _layout_problems(page, html: Path, layout: str, *, axe: bool, story: bool) -> list[str]:
    problems: list[str] = []
    page.evaluate("document.fonts.ready.then(() => true)")
    found = page.evaluate(_LAYOUT_JS, [MIN_BODY_PX, layout == "phone", LAYOUTS[layout]["viewport"]["width"]])
    if found["scrollWidth"] > found["width"]:
        problems.append(f"{layout}: the page scrolls sideways ({found['scrollWidth']} px wide in a "
                        f"{found['width']} px window)")
    for box in found["wide"]:
        if "inner" in box:
            problems.append(f"{layout}: {box['what']} {box['how']} ({box['right']} px of content "
                            f"in {box['inner']} px)")
        else:
            problems.append(f"{layout}: {box['what']} {box['how']} "
                            f"({box['left']}..{box['right']} px of {found['width']})")
    for text in found["small"]:
        problems.append(f"{layout}: body text {text['size']:.1f} px < {MIN_BODY_PX} px in {text['what']} "
                        f"({text['text']!r})")
    for text in found["chart"]:
        if text["size"] < MIN_CHART_PX - 0.01:
            problems.append(f"{layout}: chart text {text['size']:.1f} px < {MIN_CHART_PX} px in "
                            f"{text['what']} ({text['text']!r})")
    problems += check_links_across_pages(html, page.evaluate(_ALL_LINKS_JS))
    if story:
        problems += story_problems(page.evaluate(_STORY_JS, LISTS), layout)
    if axe:
        problems += axe_violations(page)
    return problems


PRINT_MARGIN_PT = (18 * 72 / 25.4, 18 * 72 / 25.4)  # top and bottom margins of the print stylesheet
MAX_BLANK = 0.5  # no page but the last may be more than half blank


@dataclass(frozen=True)
class PrintedPage:
    """What the print check reads off one page of a PDF: the images drawn on it (each named by its
    data, so the same image drawn on two pages has one name) and how low its lowest text or image
    reaches (PDF points from the page's bottom edge; None for an empty page)."""
    images: frozenset[str]
    lowest: float | None
    bottom: float  # the media box's bottom and height
    height: float


def pdf_pages(pdf: Path) -> list[PrintedPage]:
    """Read a PDF's pages with PDFium's own calls (a long printout has tens of thousands of text runs;
    wrapping each in a Python object would cost more than the reading). A form (a group of drawing
    operations) counts by its own bounds, which hold its contents."""
    import ctypes
    import hashlib

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    def contents(obj):
        """The object itself, or the text runs and images a form holds, however deeply."""
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_FORM:
            yield raw.FPDFPageObj_GetType(obj), obj
            return
        for index in range(raw.FPDFFormObj_CountObjects(obj)):
            yield from contents(raw.FPDFFormObj_GetObject(obj, index))

    def bottom_of(obj) -> float:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        return bottom.value

    def text_of(obj, textpage) -> str:
        size = raw.FPDFTextObj_GetText(obj, textpage, None, 0)
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFTextObj_GetText(obj, textpage, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
        return buffer.raw[:size].decode("utf-16-le", errors="replace").rstrip("\0")

    def image_name(obj) -> str:
        width, height = ctypes.c_uint(), ctypes.c_uint()
        raw.FPDFImageObj_GetImagePixelSize(obj, width, height)
        size = raw.FPDFImageObj_GetImageDataRaw(obj, None, 0)
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFImageObj_GetImageDataRaw(obj, buffer, size)
        return hashlib.sha256(f"{width.value}x{height.value}:".encode() + buffer.raw[:size]).hexdigest()

    pages = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for page in document:
            textpage = page.get_textpage()
            images, candidates = set(), []
            for index in range(raw.FPDFPage_CountObjects(page)):
                top = raw.FPDFPage_GetObject(page, index)
                for kind, obj in contents(top):
                    if kind == raw.FPDF_PAGEOBJ_IMAGE:
                        images.add(image_name(obj))
                        candidates.append((bottom_of(top), 0, None))
                    elif kind == raw.FPDF_PAGEOBJ_TEXT:
                        candidates.append((bottom_of(top), len(candidates), obj))
            # lowest first; only the lowest run that shows a character is read as text
            lowest = next((bottom for bottom, _, obj in sorted(candidates, key=lambda c: c[:2])
                           if obj is None or text_of(obj, textpage).strip()), None)
            left, bottom, right, top_edge = page.get_mediabox()
            pages.append(PrintedPage(frozenset(images), lowest, bottom, top_edge - bottom))
    finally:
        document.close()
    return pages


def pdf_image_pages(pdf: Path | list[PrintedPage]) -> dict[int, list[int]]:
    """For each image drawn in a PDF (numbered in order of first appearance), the pages it is drawn on
    (1-based)."""
    pages = pdf if isinstance(pdf, list) else pdf_pages(pdf)
    names: dict[str, list[int]] = {}
    for number, page in enumerate(pages, start=1):
        for name in sorted(page.images):
            names.setdefault(name, []).append(number)
    return {index: on_pages for index, on_pages in enumerate(names.values(), start=1)}


def pdf_blank_below(pdf: Path | list[PrintedPage]) -> list[float]:
    """For each page of a PDF, the share of its printable height left empty below the last text or
    image drawn on it (1.0 for an empty page)."""
    shares = []
    for page in pdf if isinstance(pdf, list) else pdf_pages(pdf):
        bottom = page.bottom + PRINT_MARGIN_PT[1]
        height = page.height - sum(PRINT_MARGIN_PT)
        shares.append(1.0 if page.lowest is None else max(0.0, min(1.0, (page.lowest - bottom) / height)))
    return shares


def check_print(html: Path, pdf: Path, *, browser_instance, story: bool = False) -> list[str]:
    """Print `html` to `pdf` (A4, the print stylesheet) and check that no chart is split across pages
    — each figure keeps together (break-inside: avoid) and fits a page, and in the PDF each image is
    drawn on one page only — and that no page but the last is more than half blank. On a `story` page
    each chart fills at least MIN_PRINT_SHARE of the text column, or a page's height when it is too
    tall for that."""
    html = Path(html).resolve()
    problems: list[str] = []
    viewport = {"width": round(PRINT_WIDTH_PX), "height": round(PRINT_HEIGHT_PX)}
    with offline_page(browser_instance, problems, viewport=viewport) as page:
        page.goto(html.as_uri(), wait_until="load", timeout=TIMEOUT_MS)
        page.emulate_media(media="print")
        page.evaluate("document.fonts.ready.then(() => true)")
        for figure in page.evaluate(_PRINT_JS):
            name = f"figure #{figure['id']}" if figure["id"] else "a figure"
            if figure["breakInside"] not in ("avoid", "avoid-page"):
                problems.append(f"print: {name} may be split across pages (break-inside: {figure['breakInside']})")
            if story and figure["images"] and figure["width"] < MIN_PRINT_SHARE * figure["column"] \
                    and figure["imageHeight"] < FULL_PAGE * PRINT_HEIGHT_PX:
                problems.append(f"print: {name} is {figure['width'] / figure['column']:.0%} of the text column "
                                f"wide ({figure['width']:.0f} of {figure['column']:.0f} px), less than "
                                f"{MIN_PRINT_SHARE:.0%}")
            if figure["height"] > PRINT_HEIGHT_PX:
                problems.append(f"print: {name} is {figure['height']:.0f} px tall, more than a page "
                                f"({PRINT_HEIGHT_PX:.0f} px): it must split")
        pdf = Path(pdf)
        pdf.parent.mkdir(parents=True, exist_ok=True)
        with atomic.atomic_path(pdf) as tmp:
            page.pdf(path=str(tmp), format="A4", prefer_css_page_size=True, print_background=True)
    printed = pdf_pages(pdf)
    for number, on_pages in sorted(pdf_image_pages(printed).items()):
        if len(on_pages) > 1:
            problems.append(f"print: image {number} of the PDF is drawn on pages {on_pages}: split across pages")
    blank = pdf_blank_below(printed)
    for number, share in enumerate(blank[:-1], start=1):
        if share > MAX_BLANK:
            problems.append(f"print: page {number} of {len(blank)} is {share:.0%} blank below its last line")
    return problems


def check_language_switch(html: Path, *, browser_instance) -> list[str]:
    """From a section of the page, the language switch (a[hreflang][rel=alternate]) lands on the same
    section of the other language's page."""
    problems: list[str] = []
    with offline_page(browser_instance, problems) as page:
        page.goto(Path(html).resolve().as_uri())
        section = page.evaluate("() => { const s = document.querySelectorAll('section[id]'); "
                                "return s.length ? s[Math.floor(s.length / 2)].id : ''; }")
        switch = page.locator('a[hreflang][rel~="alternate"]').first
        if not section or switch.count() == 0:
            return problems  # a page in one language, or without sections: nothing to keep
        page.goto(f"{Path(html).resolve().as_uri()}#{section}")
        href = switch.get_attribute("href") or ""
        if not href.endswith(f"#{section}"):
            problems.append(f"{Path(html).name}: from #{section}, the language switch points to {href!r}")
            return problems
        switch.click()
        page.wait_for_load_state()
        landed = page.evaluate("() => [location.hash, document.documentElement.lang, "
                               "!!document.getElementById(location.hash.slice(1))]")
        if landed[0] != f"#{section}" or not landed[2]:
            problems.append(f"{Path(html).name}: the language switch from #{section} landed on {landed[0]!r} "
                            f"({'found' if landed[2] else 'no such element'})")
    return problems


def check_publication(html: Path, out_dir: Path, *, browser_instance=None, axe: bool = True,
                      load_check: bool = True, story: bool = False) -> list[str]:
    """Every publication check on one page: the load check (`check_page`, with a screenshot in
    `out_dir`; leave it out with `load_check=False` where it has run already), phone and desktop
    layouts, and print (the PDF is kept in `out_dir`); a `story` page's own checks at each."""
    if browser_instance is None:
        with browser() as b:
            return check_publication(html, out_dir, browser_instance=b, axe=axe, load_check=load_check, story=story)
    html = Path(html)
    out_dir = Path(out_dir)
    problems = []
    if load_check:
        problems += check_page(html, out_dir / f"{html.stem}.png", browser_instance=browser_instance)
    for layout in LAYOUTS:  # axe-core once, at the desktop layout: its rules do not depend on the width
        problems += check_layout(html, layout, browser_instance=browser_instance, axe=axe and layout == "desktop",
                                 story=story)
    problems += check_print(html, out_dir / f"{html.stem}.pdf", browser_instance=browser_instance, story=story)
    problems += check_language_switch(html, browser_instance=browser_instance)
    return list(dict.fromkeys(problems))  # a link problem found at both layouts is listed once


if __name__ == "__main__":
    sys.exit(main())
