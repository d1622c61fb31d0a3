"""Rendering: one offline page, no code or prompts, language and title from metadata, same bytes every time."""

import base64
import re
from pathlib import Path

import nbformat
import pytest
from report_fixtures import executed_chart, rendered_chart

from dean06.pipeline import render

pytestmark = pytest.mark.slow

# any attribute or CSS url() that would make a browser fetch from the network
NETWORK_REFERENCE = re.compile(
    r"""(?:\b(?:src|href|srcset|poster|data|action)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)|@import""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    return rendered_chart(tmp_path_factory).read_text(encoding="utf-8")


def test_page_is_self_contained(page):
    assert "<script" not in page.lower()
    assert not NETWORK_REFERENCE.search(page), NETWORK_REFERENCE.search(page)
    # no address at all, not even as plain text: the fixture cites none
    assert "http://" not in page and "https://" not in page
    for name in ("require", "mathjax", "mermaid", "cdnjs"):
        assert name not in page.lower()


def test_page_has_no_code_and_no_prompts(page):
    assert "In [" not in page and "In&nbsp;[" not in page and "Out[" not in page
    assert "import matplotlib" not in page and "plt.show" not in page and "pd.DataFrame" not in page
    assert "jp-InputArea-editor" not in page and 'class="highlight' not in page


def test_page_carries_language_title_text_table_and_chart(page):
    assert re.search(r'<html lang="vi">', page)
    assert "<title>Đề án 06: thẻ căn cước</title>" in page
    assert "hơn 11,2 triệu" in page and "Nguồn: Bộ Công an" in page
    assert "<table" in page and "triệu thẻ" in page

    images = re.findall(r'<img [^>]*src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == 1
    png = base64.b64decode(images[0])
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and b"Matplotlib" in png
    assert "No description has been provided" not in page  # nbconvert's English filler


def test_rendering_is_deterministic(tmp_path_factory, tmp_path):
    executed = executed_chart(tmp_path_factory)
    first, second = tmp_path / "a.html", tmp_path / "b" / "a.html"
    render.render_html(executed, first)
    render.render_html(executed, second)
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b"]  # no temporaries left


def test_language_title_alt_and_script_outputs_follow_the_notebook(tmp_path):
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n fake").decode()
    chart = nbformat.v4.new_output(
        "display_data", data={"image/png": png, "text/plain": "<Figure>"},
        metadata={"image/png": {"alt": 'Cards "issued" by year'}},
    )
    script = nbformat.v4.new_output(
        "display_data", data={"application/javascript": "alert(1)", "text/plain": "fallback text"}
    )
    hidden = nbformat.v4.new_code_cell("secret()", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="do not show")])
    hidden.metadata["tags"] = ["remove-cell"]
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Cards"),
        nbformat.v4.new_code_cell("show()", outputs=[chart, script]),
        hidden,
    ])
    nb.metadata["dean06"] = {"lang": "en", "title": "Chip cards & more"}
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    source = tmp_path / "english.ipynb"
    nbformat.write(nb, source)

    out = tmp_path / "english.html"
    assert render.main([str(source), str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "<title>Chip cards &amp; more</title>" in page
    assert re.search(r'''alt=(?:'Cards "issued" by year'|"Cards &quot;issued&quot; by year")''', page)
    assert "fallback text" in page and "alert(1)" not in page and "<script" not in page
    assert "do not show" not in page


def test_default_language_is_vietnamese_and_title_falls_back_to_the_file_name(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Xin chào")])
    nb.cells[0].id = "only"
    source = tmp_path / "bai-viet.ipynb"
    nbformat.write(nb, source)
    page = render.render_string(source)
    assert '<html lang="vi">' in page and "<title>bai-viet</title>" in page


def test_template_is_the_packaged_one():
    assert (render.TEMPLATES / "report" / "conf.json").is_file()
    assert (render.TEMPLATES / "report" / "static" / "report.css").is_file()
    assert Path(render._exporter().template_paths[0]).resolve() == (render.TEMPLATES / "report").resolve()


def test_the_notebook_names_its_page_through_a_head_output(tmp_path):
    """The step that computes the page gives its title (an output of type HEAD_TYPE); it overrides the
    metadata's, and is never shown on the page."""
    head = nbformat.v4.new_output("display_data", data={render.HEAD_TYPE: {"title": "Cards <issued> & counted"}})
    shown = nbformat.v4.new_output("display_data", data={"text/html": "<p>body text</p>", "text/plain": "body"})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("show()", outputs=[head, shown])])
    nb.metadata["dean06"] = {"lang": "en", "title": "a fixed label"}
    nb.cells[0].id = "only"
    source = tmp_path / "story.ipynb"
    nbformat.write(nb, source)
    page = render.render_string(source)
    assert "<title>Cards &lt;issued&gt; &amp; counted</title>" in page and '<html lang="en">' in page
    assert "a fixed label" not in page and "body text" in page
    assert page.count("Cards") == 1  # in the head only
    assert nbformat.read(source, as_version=4).metadata["dean06"]["title"] == "a fixed label"  # the file is untouched


def test_the_report_step_leaves_the_title_to_the_report():
    """The pipeline gives the report's pages their language and alternates; the title is the report's
    (its headline, computed from the data), so the runs carry none."""
    from dean06.pipeline import steps

    runs = steps.steps("report")["report"]
    assert runs and all("title" not in run.meta and run.meta["lang"] for run in runs)
