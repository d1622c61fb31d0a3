"""Charts in the house style, one module per chart, registered once in `REGISTRY`.

Each chart module has `NAME` (the file stem of its outputs), `AREA` (the metrics.csv area whose
report section shows it, or "ledger"), `data(tables, edition)` (the exact data drawn, published as
the chart's CSV), `draw(frame, edition)`, `title(frame, edition)` (a finding computed from the data),
`subtitle(frame, edition)` and `alt_text(frame, edition)`. The Makefile's CHARTS, the build's figure
list, the report and the tests all read the registry.

    tables = Tables.load(root)
    charts = build_all(tables, "vi", as_of="2023-12-31")   # {name: (figure, data, alt_text)}
    save_all(charts, "vi", root)                            # figures/vi/<name>.png/.svg/.csv/.alt.txt
"""

from __future__ import annotations

from dean06.edition import Edition
from dean06.publish.charts import coverage, identity, policy_documents, source_agreement, timeline
from dean06.publish.charts.inputs import Tables
from dean06.publish.charts.save import save_all, save_chart

REGISTRY = [timeline, identity, coverage, policy_documents, source_agreement]
NAMES = [chart.NAME for chart in REGISTRY]
BY_NAME = {chart.NAME: chart for chart in REGISTRY}


def chart(name: str):
    return BY_NAME[name]


def build(name: str, tables: Tables, lang: str | Edition):
    """One chart from tables already cut to their as-of date: (figure, data, alt text)."""
    edition = lang if isinstance(lang, Edition) else Edition.parse(lang, tables.as_of)
    module = BY_NAME[name]
    frame = module.data(tables, edition)
    frame.attrs["as_of"] = edition.as_of
    return module.draw(frame, edition), frame, module.alt_text(frame, edition)


def build_all(tables: Tables, lang: str, as_of: str | None = None) -> dict:
    """Every chart for `lang`, using only sources published on or before `as_of` (ISO date)."""
    edition = Edition.parse(lang, as_of)
    cut = tables.published_by(edition.as_of)
    return {name: build(name, cut, edition) for name in NAMES}


__all__ = ["BY_NAME", "NAMES", "REGISTRY", "Tables", "build", "build_all", "chart", "save_all", "save_chart"]
