"""Charts in the house style, one module per chart, registered once in `AREAS`.

Each chart module has `NAME` (the file stem of its outputs, the same as the module's name), `AREA`
(its entry in the registry's `AREAS`: the metrics.csv area it draws, or "ledger"), `PLACE` (its
entry in `PLACES`: where the pages show it), `data(tables, edition)` (the exact data drawn, published as the chart's CSV),
`draw(frame, edition)`, `title(frame, edition)` (a finding computed from the data),
`subtitle(frame, edition)` and `alt_text(frame, edition)`. The Makefile's CHARTS, the build's
figure list, the report and the tests all read the registry.

    tables = Tables.load(root)
    charts = build_all(tables, "vi", as_of="2023-12-31")   # {name: (figure, data, alt_text)}
    save_all(charts, "vi", root)   # figures/vi/<name>.png/.narrow.png/.svg/.csv/.alt.txt
"""

from __future__ import annotations

import importlib

from dean06.edition import Edition

# The registry, in the report's order: each name is a module of this package. Only names and areas
# here, so that the build's step table and the report's layout read them without importing
# matplotlib and pandas (about a second in every process); the modules, `REGISTRY`, `BY_NAME`,
# `Tables` and the savers load on first use.
AREAS = {  # each chart and the part of the programme it draws: a metrics.csv area, or "ledger"
    "timeline": "conference",
    "identity": "eid",
    "coverage": "online_services",
    "policy_documents": "policy",
    "source_agreement": "ledger",
}
# Where the pages show each chart: "lead" (the story's lead chart, under its opening), "area:<area>"
# (the story's section on that part of the programme) or "sources" (the companion page, "Sources and
# method": charts about the sources rather than the programme).
PLACES = {
    "timeline": "sources",
    "identity": "lead",
    "coverage": "area:online_services",
    "policy_documents": "area:policy",
    "source_agreement": "sources",
}
PLACE_KINDS = ("lead", "area", "sources")
# The files of one chart, figures/<lang>/<name>.<kind>: the page's layout, the phone's, the vector
# file, the data drawn and the alt text.
FILES = ("png", "narrow.png", "svg", "csv", "alt.txt")
NAMES = list(AREAS)
_FROM_MODULES = {"Tables": "inputs", "save_all": "save", "save_chart": "save"}


def _modules() -> list:
    modules = [importlib.import_module(f"{__name__}.{name}") for name in NAMES]
    for name, module in zip(NAMES, modules):
        if module.NAME != name:
            raise RuntimeError(f"chart module {module.__name__} has NAME {module.NAME!r}; it must be {name!r}")
    return modules


def __getattr__(attr: str):
    if attr == "REGISTRY":
        value = _modules()
    elif attr == "BY_NAME":
        value = dict(zip(NAMES, _modules()))
    elif attr in _FROM_MODULES:
        value = getattr(importlib.import_module(f"{__name__}.{_FROM_MODULES[attr]}"), attr)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")
    globals()[attr] = value
    return value


def place(name: str) -> tuple[str, str]:
    """(kind, area) of a chart's place: ("lead", ""), ("area", "<area>") or ("sources", "")."""
    kind, _, area = PLACES[name].partition(":")
    if kind not in PLACE_KINDS or (kind == "area") != bool(area):
        raise ValueError(f"chart {name!r} has place {PLACES[name]!r}; it must be 'lead', 'area:<area>' or 'sources'")
    return kind, area


def chart(name: str):
    by_name = globals().get("BY_NAME") or __getattr__("BY_NAME")
    return by_name[name]


def build(name: str, tables, lang):
    """One chart from tables already cut to their as-of date: (figure, data, alt text). The figure is
    the page's layout (style.WIDE); `narrow(name, frame, lang)` draws the phone's from the same data.
    What fits (the data a chart keeps, its alt text) is chosen at the narrow width, so that both
    layouts draw the same data."""
    from dean06.publish.charts import style

    edition = lang if isinstance(lang, Edition) else Edition.parse(lang, tables.as_of)
    module = chart(name)
    with style.drawn_at(style.NARROW):
        frame = module.data(tables, edition)
        frame.attrs["as_of"] = edition.as_of
        alt = module.alt_text(frame, edition)
    with style.drawn_at(style.WIDE):
        return module.draw(frame, edition), frame, alt


def narrow(name: str, frame, lang):
    """The phone's layout of a chart (style.NARROW inches across), drawn from the data `build` chose."""
    from dean06.publish.charts import style

    edition = lang if isinstance(lang, Edition) else Edition.parse(lang, frame.attrs.get("as_of"))
    with style.drawn_at(style.NARROW):
        return chart(name).draw(frame, edition)


def build_all(tables, lang: str, as_of: str | None = None) -> dict:
    """Every chart for `lang`, using only sources published on or before `as_of` (ISO date)."""
    edition = Edition.parse(lang, as_of)
    cut = tables.published_by(edition.as_of)
    return {name: build(name, cut, edition) for name in NAMES}


__all__ = ["AREAS", "BY_NAME", "FILES", "NAMES", "PLACES", "REGISTRY", "Tables", "build", "build_all", "chart", "narrow", "place", "save_all", "save_chart"]
