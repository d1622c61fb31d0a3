"""Open rendered pages in headless Chromium and list what a reader's browser would trip over.

Problems reported, one string each:
  - any request for something other than a file:, data:, about: or blob: URL (all are recorded and
    aborted before they leave the machine; WebSockets too),
  - a local file that fails to load,
  - console errors and uncaught exceptions,
  - images that do not decode,
  - links to `#id` with no element of that id or name,
  - relative links to files that do not exist.
A full-page screenshot of each page is saved.

    python -m dean06_dev.browsercheck HTML... --screenshots DIR

Exit status 1 with the problems listed when any page has one. Uses Debian's Chromium
(/usr/bin/chromium, or DEAN06_CHROMIUM); Playwright's own browser downloads are not needed.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from contextlib import contextmanager
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
            instance.close()


def check_page(html: Path, screenshot: Path, *, browser_instance=None) -> list[str]:
    """Load `html` in Chromium, save a full-page PNG to `screenshot`, return the problems found."""
    if browser_instance is None:
        with browser() as b:
            return check_page(html, screenshot, browser_instance=b)

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

    context = browser_instance.new_context(
        viewport=VIEWPORT, service_workers="block", accept_downloads=False
    )
    try:
        context.route("**/*", on_route)
        context.route_web_socket(re.compile(".*"), on_websocket)
        page = context.new_page()
        page.on("requestfailed", on_request_failed)
        page.on("console", on_console)
        page.on("pageerror", on_page_error)
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

        atomic.write_bytes(screenshot, page.screenshot(full_page=True, animations="disabled"))
    finally:
        context.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dean06_dev.browsercheck", description=__doc__.splitlines()[0]
    )
    parser.add_argument("html", nargs="+", type=Path)
    parser.add_argument("--screenshots", type=Path, required=True, help="folder for the PNG screenshots")
    args = parser.parse_args(argv)

    failed = 0
    with browser() as b:
        for html in args.html:
            shot = args.screenshots / f"{html.stem}.png"
            problems = check_page(html, shot, browser_instance=b)
            if problems:
                failed += 1
                print(f"{html}: {len(problems)} problem(s)")
                for problem in problems:
                    print(f"  - {problem}")
            else:
                print(f"{html}: ok (screenshot {shot})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
