"""The chart fixture notebook, executed once per test run and shared by the render and browser-check
tests of every worker (executing it starts a kernel and imports matplotlib and pandas): the first
worker to need it executes it, the others wait for it."""

from pathlib import Path

from built_tree import locked, shared_dir

from dean06.pipeline import render, runner

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def executed_chart(tmp_path_factory) -> Path:
    folder = shared_dir(tmp_path_factory, "shared-report")
    out = folder / "chart.ipynb"
    with locked(folder):
        if not out.exists():  # runner.execute writes it whole or not at all
            runner.execute(FIXTURES / "chart.ipynb", out, {"region": "Quảng Ninh"}, progress=False)
    return out


def rendered_chart(tmp_path_factory) -> Path:
    executed = executed_chart(tmp_path_factory)
    html = executed.with_suffix(".html")
    with locked(executed.parent):
        if not html.exists():
            render.render_html(executed, html)
    return html
