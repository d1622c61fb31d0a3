"""What the chart modules share: which metrics a chart shows (read from metrics.csv), the rows of
sources and claims as charts need them, and the page every chart is drawn on."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from dean06.edition import Edition
from dean06.publish.charts import figtext, style
from dean06.publish.charts.inputs import Tables
from dean06.wording import chart as t
from dean06.wording import in_language

SOURCE_COLUMNS = ["outlet", "published_date", "published_date_inferred"]
_BOOL = {"event_date_inferred", "published_date_inferred", "flag_derived", "date_inferred"}
_INT = {"n_figures", "n_articles"}
_FLOAT = {"value", "lower", "upper", "share", "percent", "numerator", "denominator", "scaled"}


def outlet(source: dict | pd.Series, lang: str) -> str:
    """A source's short outlet name in `lang` (sources.csv `outlet_short`, `outlet_short_vi`): the
    descriptions in `outlet` are too long for a chart."""
    return in_language(source, "outlet_short", lang)


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Fixed dtypes even when a cut-off leaves the frame empty (an empty object column would make
    `frame[frame[flag]]` select columns instead of rows)."""
    frame = frame.copy()
    for column in frame.columns:
        if column in _BOOL:
            frame[column] = frame[column].fillna(False).astype(bool)
        elif column in _FLOAT:
            frame[column] = frame[column].astype(float)
        elif column in _INT:
            frame[column] = frame[column].astype(int)
    return frame.reset_index(drop=True)


def chart_data(builder):
    """Marks a chart's `data`: its frame always leaves with fixed dtypes."""
    @functools.wraps(builder)
    def build(tables: Tables, edition: Edition) -> pd.DataFrame:
        return typed(builder(tables, edition))
    return build


def sources_frame(tables: Tables, lang: str) -> pd.DataFrame:
    """One row per source with its short outlet name in `lang` and whether its dates are inferred."""
    s = tables.sources
    return pd.DataFrame({
        "source_id": s["source_id"],
        "outlet": [outlet(row, lang) for _, row in s.iterrows()],
        "title": s["title"],
        "event_date": s["event_date"],
        # 'inferred year: …' means the day was printed; 'inferred: …' means the date itself was worked out
        "event_date_inferred": s["event_date_method"].str.startswith("inferred:"),
        "published_date": s["published_date"],
        "published_date_inferred": s["published_date_method"].str.startswith("inferred"),
    })


def with_sources(frame: pd.DataFrame, tables: Tables, lang: str) -> pd.DataFrame:
    src = sources_frame(tables, lang)[["source_id", *SOURCE_COLUMNS]]
    out = frame.drop(columns=[c for c in SOURCE_COLUMNS if c in frame.columns]).merge(
        src, on="source_id", how="left", validate="many_to_one")
    out["outlet"] = out["outlet"].fillna("")
    out["published_date"] = out["published_date"].fillna("")
    out["published_date_inferred"] = out["published_date_inferred"].fillna(False).astype(bool)
    return out


def labels(tables: Tables, lang: str) -> dict[str, str]:
    return dict(zip(tables.metrics["metric"], tables.metrics[f"label_{lang}"]))


def catalogue(tables: Tables) -> pd.DataFrame:
    """metrics.csv indexed by metric, in the file's order."""
    return tables.metrics.set_index("metric")


def statistics(tables: Tables, metrics=None, *, derived: bool = True) -> pd.DataFrame:
    """Claims as statistics: a figure printed twice in one article is one. Derived rows come from
    claims_clean.csv (flag_derived), never computed here."""
    c = tables.claims_clean
    c = c[~c["flag_repeated"]]
    if not derived:
        c = c[~c["flag_derived"]]
    if metrics is not None:
        c = c[c["metric"].isin(list(metrics))]
    return c.copy()


def number(value) -> float:
    return np.nan if figtext.is_missing(value) else float(value)


def mid_sentence(label: str) -> str:
    """'Hệ thống thông tin …' -> 'hệ thống thông tin …', but leave acronyms ('CCCD …') alone."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def frame_page(module, frame: pd.DataFrame, edition: Edition, notes=(), *, refs: bool = False,
               source_rows: pd.DataFrame | None = None, source_keys: dict[str, str] | None = None, **layout):
    """The page of a chart: its title and subtitle (findings from the frame), notes, source line.
    `refs`: marks on the chart point to the notes, so they are numbered even when there is one."""
    title = module.title(frame, edition)
    subtitle = module.subtitle(frame, edition)
    source = style.source_line(frame if source_rows is None else source_rows, edition.lang, edition.as_of,
                               source_keys)
    return style.page(title, subtitle, source, style.numbered(list(notes), edition.lang, always=refs), **layout)


def empty_alt(frame: pd.DataFrame, edition: Edition) -> str:
    return t("empty.alt", edition.lang, finding=t("empty.subtitle", edition.lang))


def body_budget(module, frame: pd.DataFrame, edition: Edition, notes=(), *, refs: bool = False,
                handles=None, below: float = 0.5, above: float = 0.15,
                source_keys: dict[str, str] | None = None) -> float:
    """The tallest plot area (inches) that keeps the page within its layout's aspect (style.max_aspect:
    the phone's 2.2, the printed page's column), once the title, subtitle, legend, notes and source
    line have taken their room."""
    header, footer = style.chrome(module.title(frame, edition), module.subtitle(frame, edition),
                                  style.source_line(frame, edition.lang, edition.as_of, source_keys),
                                  style.numbered(list(notes), edition.lang, always=refs),
                                  handles=handles, below=below, above=above)
    return style.max_aspect() * style.page_width() - header - footer - 0.01


def most_that_fit(count: int, fits) -> int:
    """The largest n ≤ `count` for which `fits(n)`, else 1: how many rows, in order of what a reader
    needs first, the page has room for. Fewer rows never need more room, so halving the range finds it
    in a few layouts where counting down would lay the chart out once per row left out."""
    keep, most = 1, count  # the answer lies in [keep, most]
    while keep < most:
        middle = (keep + most + 1) // 2
        if fits(middle):
            keep = middle
        else:
            most = middle - 1
    return keep
