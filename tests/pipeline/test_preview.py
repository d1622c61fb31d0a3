"""`make preview`: the pages served from the built tables, rendered again on a save, errors in the page,
Ctrl-C; and the published pages carry none of it."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

from dean06 import paths
from dean06.pipeline import preview

RELOAD_MARKS = ("EventSource", preview.EVENTS)


def test_an_edit_renders_again_only_what_depends_on_it():
    assert preview.affected(["src/dean06/publish/story/vi.md"]) == ({"vi"}, False)
    assert preview.affected(["src/dean06/wording/en/report.yaml"]) == ({"en"}, False)
    assert preview.affected(["src/dean06/wording/vi/charts.yaml"]) == ({"vi"}, True)
    assert preview.affected(["figures/en/timeline.png"]) == ({"en"}, False)
    assert preview.affected(["data/processed/reconciled.csv"]) == ({"vi", "en"}, False)
    assert preview.affected(["src/dean06/publish/charts/timeline.py"]) == ({"vi", "en"}, True)


def test_the_reload_script_goes_into_served_pages_only():
    page = "<html><body><p>x</p></body></html>\n"
    served = preview.with_reload(page, 3)
    assert served.startswith("<html><body><p>x</p><script>") and served.endswith("</script></body></html>\n")
    assert f'"{preview.EVENTS}?v=3"' in served
    assert page.count("<script>") == 0  # the rendered page itself is left as it is


def test_the_committed_pages_carry_no_reload_code():
    pages = sorted((ROOT / "reports").rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not any(mark in text for mark in RELOAD_MARKS), page


def test_an_error_names_the_template_file_and_line():
    from jinja2 import Environment, TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError) as err:
        Environment().parse("a\n{% nosuchtag %}\n", filename=str(ROOT / "src/dean06/publish/templates/x.j2"))
    assert preview.describe(err.value, ROOT).startswith("src/dean06/publish/templates/x.j2:2: TemplateSyntaxError: ")
    page = preview.error_page("en", "src/dean06/publish/story/en.md, line 9: <unknown tag>")
    assert "src/dean06/publish/story/en.md, line 9: &lt;unknown tag&gt;" in page
    assert not any(mark in page for mark in RELOAD_MARKS)


# ----- the server, on a copy of the session's build -----

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


class Server:
    """`python -m dean06.pipeline.preview` on a project copy, its output collected line by line."""

    def __init__(self, root: Path):
        self.port = _free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("DEAN06_READ_LOG", "MAKEFLAGS")}
        env.update(DEAN06_ROOT=str(root), PYTHONPATH=os.pathsep.join([str(root / "src"), str(root / "dev")]))
        self.proc = subprocess.Popen([sys.executable, "-m", "dean06.pipeline.preview", "--port", str(self.port)],
                                     cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.port}"
        self.wait_for(lambda: any(line.startswith("preview: http://") for line in self.lines), 120)

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, condition, seconds: float):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if condition():
                return
            if self.proc.poll() is not None:
                raise AssertionError("the preview server stopped:\n" + "\n".join(self.lines))
            time.sleep(0.02)
        raise AssertionError("timed out; the server said:\n" + "\n".join(self.lines))

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
            self.proc.wait(timeout=30)
        time.sleep(0.1)
        return self.proc.returncode, "\n".join(self.lines)


@pytest.fixture(scope="module")
def project(built_tree, tmp_path_factory):
    from built_tree import cheap_copy

    return cheap_copy(built_tree.root, tmp_path_factory.mktemp("preview") / "project")


@pytest.mark.slow
def test_the_preview_serves_the_published_page_and_renders_a_story_edit_within_a_second(project):
    server = Server(project)
    try:
        for lang in ("vi", "en"):
            for page in (paths.report_page(lang), paths.evidence_page(lang)):  # the story and its companion
                served = _get(f"{server.url}/{page.removeprefix('reports/')}")
                published = (project / page).read_text(encoding="utf-8")
                script = re.search(r"<script>/\* make preview.*?</script>", served).group(0)
                assert served.replace(script, "") == published, page  # the same code as the published build
                assert not any(mark in published for mark in RELOAD_MARKS)
        assert "EventSource" in _get(f"{server.url}/sources/" + next((project / "reports/sources").glob("*.en.html")).name)

        story = project / "src/dean06/publish/story/en.md"
        original = story.read_text(encoding="utf-8")
        headline = re.search(r"{% block headline %}(.*?){% endblock %}", original, re.S).group(1).strip()
        word = "Previewed"
        events = urllib.request.urlopen(f"{server.url}{preview.EVENTS}?v=1", timeout=30)  # as the page listens
        start = time.monotonic()
        story.write_text(original.replace(headline, f"{word} {headline}", 1), encoding="utf-8")
        assert events.readline().decode().startswith("data: ")  # the browser is told to reload
        seconds = time.monotonic() - start
        page = _get(f"{server.url}/de-an-06.en.html")
        assert f"{word} " in page and f"{word} " not in _get(f"{server.url}/de-an-06.vi.html")
        # the companion page is rendered again with it: its title carries the story's headline
        assert f"{word} " in _get(f"{server.url}/{paths.evidence_page('en').removeprefix('reports/')}")
        assert seconds <= 1.0 or os.getloadavg()[0] > os.cpu_count(), f"re-rendered in {seconds:.2f} s"
        print(f"story edit to page: {seconds:.2f} s")
    finally:
        code, out = server.stop()
        story.write_text(original, encoding="utf-8")
    assert code == 0 and out.splitlines()[-1] == "preview: stopped" and "Traceback" not in out


@pytest.mark.slow
def test_a_broken_template_shows_in_the_page_and_the_terminal_and_the_server_keeps_running(project):
    server = Server(project)
    story = project / "src/dean06/publish/story/vi.md"
    original = story.read_text(encoding="utf-8")
    try:
        before = _get(f"{server.url}/de-an-06.vi.html")
        line = original.splitlines().index(next(l for l in original.splitlines() if "{%" in l)) + 1
        story.write_text(original.replace("{%", "{% nosuchtag", 1), encoding="utf-8")
        message = f"src/dean06/publish/story/vi.md, line {line}: Encountered unknown tag 'nosuchtag'."
        server.wait_for(lambda: any(message in l for l in server.lines), 30)
        page = _get(f"{server.url}/de-an-06.vi.html")
        assert 'id="preview-error"' in page and message.replace("'", "&#x27;") in page
        assert "EventSource" in page  # it reloads by itself once the file is fixed
        story.write_text(original, encoding="utf-8")
        server.wait_for(lambda: _get(f"{server.url}/de-an-06.vi.html") == before.replace("?v=1", "?v=3"), 30)
    finally:
        story.write_text(original, encoding="utf-8")
        code, out = server.stop()
    assert code == 0 and "Traceback" not in out
