"""`make preview [PORT=8000]`: both editions on http://127.0.0.1:PORT, re-rendered when a file they
are made from is saved, and reloaded in the browser.

The pages are rendered in this process from the built tables with the published build's own code:
`dean06.publish.report.build` for the parts, the report notebook with papermill's parameters cell
for the page's cells, and the project's nbconvert template (`dean06.pipeline.render`). Only the
notebook is not executed: the published pages stay the papermill and nbconvert outputs of
`make report`, and carry no preview code. A served page gets one small script that listens to
`/__preview/events` (server-sent events) and reloads when the server says a page changed.

What is watched (modification times, polled ten times a second): the story, the wording, the
templates, the chart modules, the built tables (data/processed/) and charts (figures/), and the raw
tables the report reads. A story or wording edit of one language re-renders that language; a chart
module or chart wording edit draws the charts again in memory. A template or data error shows in
the page and in the terminal (file, line, message); the server keeps running and renders again on
the next save. Other files under reports/ (the audit pages, the data package) are served as built.
"""

from __future__ import annotations

import argparse
import html
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from dean06 import paths
from dean06.edition import LANGS

EVENTS = "/__preview/events"
POLL_S = 0.1
KEEPALIVE_S = 10.0
RELOAD = ('<script>/* make preview: reload when the page is rendered again */'
          'new EventSource("' + EVENTS + '?v={version}").onmessage = function () {{ location.reload(); }};</script>')
WATCHED = ["src/dean06/publish/story/*.md", "src/dean06/wording/*/*.yaml", "src/dean06/publish/templates/**/*",
           "src/dean06/publish/charts/*.py", "data/processed/*.csv", "figures/*/*", "data/raw/*.csv",
           "notebooks/04_report.ipynb"]


def watched_times(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns
            for pattern in WATCHED for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts}


def affected(changed: list[str]) -> tuple[set[str], bool]:
    """The languages to render again, and whether the charts must be drawn again, for changed files."""
    langs: set[str] = set()
    charts = False
    for rel in changed:
        parts = rel.split("/")
        if rel.startswith("src/dean06/publish/story/") and parts[-1].split(".")[0] in LANGS:
            langs.add(parts[-1].split(".")[0])
        elif rel.startswith("src/dean06/wording/") and parts[-2] in LANGS:
            langs.add(parts[-2])
            charts |= parts[-1] == "charts.yaml"
        elif rel.startswith("figures/") and parts[1] in LANGS:
            langs.add(parts[1])
        else:
            langs.update(LANGS)
            charts |= rel.startswith("src/dean06/publish/charts/")
    return langs, charts


def _location(err: BaseException, root: Path) -> tuple[str, int | None]:
    """Where an error is: a template's file and line (Jinja puts them in the error or its traceback),
    else the innermost frame in the project."""
    filename, line = getattr(err, "filename", None), getattr(err, "lineno", None)
    if filename and line:
        return _shown(filename, root), line
    frames = traceback.extract_tb(err.__traceback__)
    for frame in reversed(frames):  # a template's own frame first: that is what the journalist edits
        if not frame.filename.endswith(".py") and Path(frame.filename).exists():
            return _shown(frame.filename, root), frame.lineno
    for frame in reversed(frames):
        if str(root) in frame.filename or "/dean06/" in frame.filename:
            return _shown(frame.filename, root), frame.lineno
    return "", None


def _shown(filename: str, root: Path) -> str:
    try:
        return Path(filename).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return filename


def describe(err: BaseException, root: Path) -> str:
    """One line: file:line: what is wrong."""
    message = getattr(err, "message", None) or str(err) or type(err).__name__
    if any(folder in message for folder in ("src/", "data/", "figures/", "notebooks/")):
        return message  # the project's own errors name the file, the line or row, and what is wrong
    where, line = _location(err, root)
    place = f"{where}:{line}: " if where and line else (f"{where}: " if where else "")
    return f"{place}{type(err).__name__}: {message}"


def error_page(lang: str, message: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>preview: error</title></head>'
            '<body style="font-family:sans-serif;margin:2em"><h1>The page could not be rendered</h1>'
            f'<pre id="preview-error" style="white-space:pre-wrap;background:#fee;padding:1em">{html.escape(message)}</pre>'
            "<p>Fix the file and save it: the page renders again by itself.</p></body></html>\n")


class Renderer:
    """Renders an edition's page in-process, as the published build does, without executing the notebook."""

    def __init__(self, root: Path):
        self.root = root
        self.charts: dict[str, dict] = {}  # drawn in memory after a chart edit; else the built figures

    def notebook(self, lang: str, parts: dict[str, str], meta: dict, head: dict | None = None):
        import nbformat

        from dean06.pipeline import runner
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        nb = parameterize_notebook(load_notebook_node(str(self.root / "notebooks/04_report.ipynb")), {"lang": lang})
        shown = [c for c in nb.cells if c.cell_type == "code"
                 and not {"remove-cell", "injected-parameters", "parameters"} & set(c.metadata.get("tags", []))]
        if len(shown) != 1:
            raise RuntimeError("notebooks/04_report.ipynb: the preview needs exactly one code cell that shows "
                               f"the page's parts; it has {len(shown)}")
        from dean06.pipeline.render import HEAD_TYPE

        shown[0].outputs = [nbformat.v4.new_output("display_data", data={HEAD_TYPE: head})] if head else []
        shown[0].outputs += [nbformat.v4.new_output("display_data", data={
            "text/html": part, "text/plain": "<IPython.core.display.HTML object>"}) for part in parts.values()]
        nb.metadata["dean06"] = meta
        return runner.normalise(nb, self.root / "notebooks/04_report.ipynb")  # cell ids as the build numbers them

    def draw_charts(self, lang: str) -> dict:
        from dean06.publish.charts import Tables, build_all
        from dean06.publish.report import drawn_files

        return drawn_files(build_all(Tables.load(self.root), lang, None), lang)

    def render(self, lang: str, redraw_charts: bool = False) -> dict[str, str]:
        """The edition's story page and its companion page, by file name."""
        from dean06 import wording
        from dean06.pipeline import render, steps
        from dean06.publish import report

        wording.clear()  # a wording file saved since the last render is read again
        if redraw_charts:
            self.charts[lang] = self.draw_charts(lang)
        edition = report.build(self.root, lang, figures=self.charts.get(lang))
        [run] = [run for run in steps.steps("report")["report"] if run.meta["lang"] == lang]
        nb = self.notebook(lang, edition.parts, run.meta, report.head(edition))
        return {Path(paths.report_page(lang)).name: render.render_node(nb, Path(run.executed)),
                Path(paths.evidence_page(lang)).name: report.evidence_html(edition)}


class Preview:
    """The pages, their version, and the thread that watches the files they are made from."""

    def __init__(self, root: Path, log=print):
        self.root = root
        self.renderer = Renderer(root)
        self.pages: dict[str, str] = {}
        self.version = 0
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self.log = log
        self.times = watched_times(root)

    def render(self, langs, redraw_charts: bool = False, why: str = "") -> None:
        for lang in sorted(langs, key=list(LANGS).index):
            start = time.perf_counter()
            try:
                pages = self.renderer.render(lang, redraw_charts)
                self.log(f"preview: [{lang}] rendered in {time.perf_counter() - start:.2f} s{why}")
            except Exception as err:  # noqa: BLE001 - any error is shown, and the server keeps running
                message = describe(err, self.root)
                pages = dict.fromkeys(served_pages(lang), error_page(lang, message))
                self.log(f"preview: [{lang}] {message}")
            self.pages.update(pages)
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def watch(self) -> None:
        while not self.stopping.wait(POLL_S):
            now = watched_times(self.root)
            changed = sorted(rel for rel in set(now) | set(self.times) if now.get(rel) != self.times.get(rel))
            if not changed:
                continue
            self.times = now
            langs, charts = affected(changed)
            self.render(langs, charts, why=f" ({', '.join(changed[:3])}{' …' if len(changed) > 3 else ''} changed)")

    def page(self, name: str) -> str:
        return with_reload(self.pages[name], self.version)

    def wait_for_change(self, version: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != version or self.stopping.is_set(), timeout)
            return self.version


def served_pages(lang: str) -> list[str]:
    """The pages of an edition the preview renders: the story page and its companion page."""
    return [Path(paths.report_page(lang)).name, Path(paths.evidence_page(lang)).name]


def with_reload(page: str, version: int) -> str:
    """A served page: the reload script before </body>, never written to any file."""
    script = RELOAD.format(version=version)
    cut = page.rfind("</body>")
    return page[:cut] + script + page[cut:] if cut >= 0 else page + script


def handler(preview: Preview):
    reports = paths.reports_dir(preview.root)
    pages = [name for lang in LANGS for name in served_pages(lang)]

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # the terminal shows renders and errors, not every request
            pass

        def send_text(self, status: int, body: str, kind: str = "text/html; charset=utf-8") -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 - http.server's name
            url = urlparse(self.path)
            name = url.path.lstrip("/")
            if url.path == "/":
                self.send_response(302)
                self.send_header("Location", "/" + next(iter(pages)))
                self.end_headers()
            elif url.path == EVENTS:
                self.events(int(parse_qs(url.query).get("v", ["0"])[0] or 0))
            elif name in pages:
                self.send_text(200, preview.page(name))
            else:
                self.static(name)

        def static(self, name: str) -> None:
            target = (reports / name).resolve()
            if not target.is_file() or reports.resolve() not in target.parents:
                self.send_text(404, f"not found: {html.escape(name)}\n", "text/plain; charset=utf-8")
            elif target.suffix == ".html":
                self.send_text(200, with_reload(target.read_text(encoding="utf-8"), preview.version))
            else:
                data = target.read_bytes()
                kinds = {".csv": "text/csv; charset=utf-8", ".json": "application/json", ".png": "image/png",
                         ".svg": "image/svg+xml", ".ipynb": "application/json"}
                self.send_response(200)
                self.send_header("Content-Type", kinds.get(target.suffix, "application/octet-stream"))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        def events(self, version: int) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            try:
                while not preview.stopping.is_set():
                    now = preview.wait_for_change(version, KEEPALIVE_S)
                    if now != version:
                        self.wfile.write(f"data: {now}\n\n".encode())
                        self.wfile.flush()
                        return
                    self.wfile.write(b": waiting\n\n")  # finds a closed tab
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up Ctrl-C
    allow_reuse_address = True


def serve(root: Path, port: int, log=print, ready=None) -> None:
    """Serve until interrupted; `ready(url)` is called once the pages are rendered and the port is open."""
    preview = Preview(root, log)
    preview.render(LANGS)
    server = Server(("127.0.0.1", port), handler(preview))
    watcher = threading.Thread(target=preview.watch, name="preview-watch", daemon=True)
    watcher.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{Path(paths.report_page(LANGS[0])).name}"
    log(f"preview: {url} (and {', '.join(Path(paths.report_page(lang)).name for lang in LANGS[1:])}); "
        "saving the story, the wording, a template or a table renders again; Ctrl-C stops")
    if ready:
        ready(url)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        preview.stopping.set()
        with preview.changed:
            preview.changed.notify_all()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make preview", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    try:
        serve(paths.project_root(), args.port, log=lambda line: print(line, flush=True))
    except KeyboardInterrupt:
        print("preview: stopped", flush=True)
        return 0
    except OSError as err:
        print(f"preview: cannot serve on 127.0.0.1:{args.port}: {err.strerror}; choose another port: "
              "make preview PORT=8001", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    from dean06.pipeline import start_light

    start_light()  # as in the build: papermill imports fast
    sys.exit(main())
