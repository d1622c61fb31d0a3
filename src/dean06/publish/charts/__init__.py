"""Charts in the house style: data (CSV) -> figure -> PNG, SVG, alt text, per language.

    tables = Tables.load(root)
    charts = build_all(tables, "vi", as_of="2023-12-31")   # {name: (figure, data, alt_text)}
    save_all(charts, "vi", root)                            # figures/vi/<name>.png/.svg/.csv/.alt.txt
"""

from __future__ import annotations

from dean06.publish.charts import data, draw
from dean06.publish.charts.captions import alt_text
from dean06.publish.charts.save import save_all, save_chart
from dean06.publish.charts.inputs import Tables

NAMES = list(draw.CHARTS)


def build(name: str, tables: Tables, lang: str):
    """One chart from tables already cut to their as-of date: (figure, data, alt text)."""
    frame = data.BUILDERS[name](tables, lang)
    frame.attrs["as_of"] = tables.as_of
    return draw.CHARTS[name](frame, lang), frame, alt_text(name, frame, lang)


def build_all(tables: Tables, lang: str, as_of: str | None = None) -> dict:
    """Every chart for `lang`, using only sources published on or before `as_of` (ISO date)."""
    cut = tables.published_by(as_of)
    return {name: build(name, cut, lang) for name in NAMES}


__all__ = ["NAMES", "Tables", "build", "build_all", "save_all", "save_chart", "alt_text"]
