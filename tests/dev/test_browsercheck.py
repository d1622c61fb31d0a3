"""Browser check: a rendered report passes in real Chromium; each kind of fault is reported."""

from pathlib import Path

import pytest
from report_fixtures import rendered_chart

from dean06_dev import browsercheck

pytestmark = pytest.mark.slow

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"



def page(tmp_path: Path, body: str, head: str = "", name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>t</title>{head}</head>'
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    return path


def test_rendered_report_passes_and_is_screenshotted(tmp_path_factory, tmp_path, chromium):
    html = rendered_chart(tmp_path_factory)
    shot = tmp_path / "shots" / "chart.png"
    # the public call, which opens a browser or, as here, uses the one already open
    assert browsercheck.check_page(html, shot) == []
    data = shot.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 5_000


def test_external_script_is_recorded_and_blocked(tmp_path, chromium):
    html = page(tmp_path, "<p>x</p>", head='<script src="https://cdn.example.com/require.min.js"></script>')
    problems = browsercheck.check_page(html, tmp_path / "s.png", browser_instance=chromium)
    assert problems == ["network request: GET https://cdn.example.com/require.min.js (script)"]


def test_requests_made_by_scripts_and_preconnects_are_reported(tmp_path, chromium):
    html = page(
        tmp_path,
        '<script>fetch("http://tracker.example.org/p").catch(() => {});'
        'new WebSocket("wss://live.example.org/feed");</script>',
        head='<link rel="preconnect" href="https://fonts.example.net">',
    )
    problems = browsercheck.check_page(html, tmp_path / "s.png", browser_instance=chromium)
    assert "network request: GET http://tracker.example.org/p (fetch)" in problems
    assert "network request: WebSocket wss://live.example.org/feed" in problems
    assert "<link rel='preconnect'> to https://fonts.example.net/" in problems


def test_broken_images_are_reported(tmp_path, chromium):
    (tmp_path / "not-an-image.png").write_text("plain text", encoding="utf-8")
    html = page(
        tmp_path,
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="truncated">'
        '<img src="not-an-image.png" alt="wrong bytes">'
        '<img src="missing.png" alt="missing">',
    )
    problems = browsercheck.check_page(html, tmp_path / "s.png", browser_instance=chromium)
    images = [p for p in problems if p.startswith("image ")]
    assert [p.split(" does not decode")[0] for p in images] == ["image 1", "image 2", "image 3"]
    assert images[0].endswith("data:image/png;base64,iVBORw0KGgo=")
    assert images[1].endswith(": not-an-image.png") and images[2].endswith(": missing.png")
    assert any(p.startswith("failed to load file://") and "missing.png" in p for p in problems)


def test_dangling_internal_and_relative_links_are_reported(tmp_path, chromium):
    (tmp_path / "exists.html").write_text("<p>ok</p>", encoding="utf-8")
    html = page(
        tmp_path,
        '<h2 id="Bi%E1%BB%83u-%C4%91%E1%BB%93">Biểu đồ</h2><a name="named"></a><p id="đích">x</p>'
        '<a href="#Bi%E1%BB%83u-%C4%91%E1%BB%93">ok encoded</a><a href="#named">ok name</a>'
        '<a href="#%C4%91%C3%ADch">ok decoded</a><a href="#">top</a>'
        '<a href="#nguon">dangling</a>'
        '<a href="exists.html#s">ok file</a><a href="sources/missing.pdf">gone</a>'
        '<a href="https://example.org/">outside link, never followed</a>',
    )
    problems = browsercheck.check_page(html, tmp_path / "s.png", browser_instance=chromium)
    missing = tmp_path.resolve() / "sources" / "missing.pdf"
    assert problems == [
        "dangling link #nguon ('dangling'): no element with that id or name",
        f"broken link sources/missing.pdf ('gone'): {missing} does not exist",
    ]


def test_console_errors_and_uncaught_exceptions_are_reported(tmp_path, chromium):
    html = page(tmp_path, '<script>console.error("số liệu thiếu"); console.log("fine");'
                          'setTimeout(() => { throw new Error("late failure"); }, 10);</script>')
    problems = browsercheck.check_page(html, tmp_path / "s.png", browser_instance=chromium)
    assert problems == [
        "console error: số liệu thiếu",
        "page error (uncaught exception): late failure",
    ]


def test_cli_lists_problems_and_exits_one(tmp_path, capsys, chromium):
    good = page(tmp_path, "<p>fine</p>", name="good.html")
    bad = page(tmp_path, '<a href="#nowhere">x</a>', name="bad.html")
    assert browsercheck.main([str(good), str(bad), "--screenshots", str(tmp_path / "shots")]) == 1
    out = capsys.readouterr().out
    assert "good.html: ok" in out and "bad.html: 1 problem(s)" in out and "#nowhere" in out
    assert sorted(p.name for p in (tmp_path / "shots").iterdir()) == ["bad.png", "good.png"]
    assert browsercheck.main([str(good), "--screenshots", str(tmp_path / "shots")]) == 0
