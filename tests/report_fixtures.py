"""The chart fixture notebook, executed once per test session and shared by the render and
browser-check tests (executing it starts a kernel and imports matplotlib and pandas)."""

from pathlib import Path

from dean06.pipeline import render, runner

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def executed_chart(tmp_path_factory) -> Path:
    out = tmp_path_factory.getbasetemp() / "shared-report" / "chart.ipynb"
    if not out.exists():
        runner.execute(FIXTURES / "chart.ipynb", out, {"region": "Quảng Ninh"}, progress=False)
    return out


def rendered_chart(tmp_path_factory) -> Path:
    html = tmp_path_factory.getbasetemp() / "shared-report" / "chart.html"
    if not html.exists():
        render.render_html(executed_chart(tmp_path_factory), html)
    return html
