"""Timeline: one bar per event, as long as the number of statistics published at it.

Sources with the same event date and kind report one event; a figure printed again, in the same
article or in another about the same event, counts once; derived figures are not counted. The title
counts review conferences (`event_kind`); an event of another kind is a bar labelled with its kind
and named in the title as what it is, never counted as a conference."""

from __future__ import annotations

import sys

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from dean06.edition import Edition
from dean06.publish.charts import AREAS, PLACES, common, figtext, style
from dean06.publish.charts.inputs import Tables
from dean06.publish.charts.style import COLORS, SIZE
from dean06.catalog.vocabulary import EVENT_KINDS, REVIEW_CONFERENCE
from dean06.wording import chart as t
from dean06.wording import report as report_t

NAME = "timeline"
AREA = AREAS[NAME]
PLACE = PLACES[NAME]
# One colour per kind of event, so a seminar or a status report is never read as a review conference.
KIND_COLOURS = dict(zip(EVENT_KINDS, [COLORS[c] for c in ("blue", "orange", "green", "purple", "vermillion")]))
COLUMNS = ["event_date", "event_kind", "date_inferred", "n_articles", "n_figures", "source_ids", "outlets", "published_dates",
           "published_dates_inferred"]


@common.chart_data
def data(tables: Tables, edition: Edition) -> pd.DataFrame:
    """One row per event (sources sharing an event date and kind), earliest first, with its sources
    (`;`-joined, in order: id, outlet, publication date, whether that date is inferred)."""
    src = common.sources_frame(tables, edition.lang).sort_values(["event_date", "published_date", "source_id"])
    stats = common.statistics(tables, derived=False)
    rows = []
    src["event_kind"] = tables.sources.set_index("source_id").loc[src["source_id"], "event_kind"].to_numpy()
    for (event, kind), group in src[src["event_date"].ne("")].groupby(["event_date", "event_kind"], sort=True):
        mine = stats[stats["source_id"].isin(group["source_id"])]
        figures = mine[["metric", "as_of", "bound", "value", "lower", "upper"]].astype(str).drop_duplicates()
        rows.append({"event_date": event, "event_kind": kind, "date_inferred": bool(group["event_date_inferred"].all()),
                     "n_articles": len(group), "n_figures": len(figures),
                     "source_ids": ";".join(group["source_id"]), "outlets": ";".join(group["outlet"]),
                     "published_dates": ";".join(group["published_date"]),
                     "published_dates_inferred": ";".join(str(bool(v)).lower() for v in group["published_date_inferred"])})
    return pd.DataFrame(rows, columns=COLUMNS)


def _articles(n: int, lang: str) -> str:
    return t("timeline.articles_one" if n == 1 else "timeline.articles", lang, n=figtext.count(n, lang))


def _figures(n: int, lang: str) -> str:
    return t("timeline.figures_one" if n == 1 else "timeline.figures", lang, n=figtext.count(n, lang))


def _others(frame: pd.DataFrame, lang: str) -> str:
    """The events that are not review conferences, counted by kind ('1 seminar, 2 press briefings')."""
    counts = frame.loc[frame["event_kind"].ne(REVIEW_CONFERENCE), "event_kind"].value_counts()
    return t("list.and", lang).join(
        t("timeline.kind_count", lang, n=figtext.count(n, lang),
          kind=report_t("event_kinds" if n == 1 else "event_kinds_plural", lang)[kind])
        for kind, n in sorted(counts.items(), key=lambda item: EVENT_KINDS.index(item[0])))


def title(frame: pd.DataFrame, edition: Edition) -> str:
    lang = edition.lang
    if frame.empty:
        return t("empty.title", lang)
    reviews = frame[frame["event_kind"].eq(REVIEW_CONFERENCE)]
    others = _others(frame, lang)
    if reviews.empty:
        return t("timeline.title.no_review", lang, others=others)
    first, last = figtext.month(reviews["event_date"].iloc[0], lang), figtext.month(reviews["event_date"].iloc[-1], lang)
    if len(reviews) == 1:
        found = t("timeline.title.one", lang, first=first)
    else:
        found = t("timeline.title", lang, n=figtext.count(len(reviews), lang), first=first, last=last)
    return t("timeline.title.others", lang, title=found, others=others) if others else found


def subtitle(frame: pd.DataFrame, edition: Edition) -> str:
    lang = edition.lang
    if frame.empty:
        return t("empty.subtitle", lang)
    top = frame.sort_values(["n_figures", "event_date"], ascending=[False, True]).iloc[0]
    return t("timeline.subtitle", lang, top_day=figtext.day(top["event_date"], lang),
             top_n=figtext.count(int(top["n_figures"]), lang), top_articles=_articles(int(top["n_articles"]), lang))


def alt_text(frame: pd.DataFrame, edition: Edition) -> str:
    if frame.empty:
        return common.empty_alt(frame, edition)
    return t("timeline.alt", edition.lang, title=title(frame, edition), finding=subtitle(frame, edition))


def source_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The conferences' sources one a row, for the source line."""
    rows = []
    for r in frame.itertuples():
        for sid, out, pub, inf in zip(r.source_ids.split(";"), r.outlets.split(";"), r.published_dates.split(";"),
                                      r.published_dates_inferred.split(";")):
            rows.append({"source_id": sid, "outlet": out, "published_date": pub, "published_date_inferred": inf == "true"})
    return pd.DataFrame(rows, columns=["source_id", *common.SOURCE_COLUMNS])


def _bar_label(row, lang: str) -> str:
    """Figures and articles; an event that is not a review conference says what it is."""
    label = t("timeline.bar", lang, figures=_figures(int(row["n_figures"]), lang),
              articles=_articles(int(row["n_articles"]), lang))
    if row["event_kind"] == REVIEW_CONFERENCE:
        return label
    return t("timeline.bar_kind", lang, kind=report_t("event_kinds", lang)[row["event_kind"]], bar=label)


def _day_label(row, lang: str) -> str:
    return figtext.short_day(row["event_date"], lang) + ("*" if row["date_inferred"] else "")


def handles(frame: pd.DataFrame, lang: str) -> list:
    """A swatch for each kind of event drawn, in the vocabulary's order, when the bars are of more
    than one kind (bars of one kind are named by the title)."""
    kinds = [k for k in EVENT_KINDS if k in set(frame["event_kind"])]
    if len(kinds) < 2:
        return []
    return [Patch(facecolor=KIND_COLOURS[k], linewidth=0,
                  label=style.legend_label(common.sentence(report_t("event_kinds", lang)[k]))) for k in kinds]


def draw(frame: pd.DataFrame, edition: Edition) -> Figure:
    """One bar per event, coloured by its kind, as long as the figures it published."""
    lang = edition.lang
    notes = [t("timeline.note", lang)]
    if frame["event_kind"].ne(REVIEW_CONFERENCE).any():
        notes.append(t("timeline.note_kinds", lang))
    if frame["date_inferred"].any():
        notes.append(t("timeline.date_inferred", lang))
    n = max(len(frame), 1)
    day_w = max([len(_day_label(r, lang)) for _, r in frame.iterrows()] or [8]) * SIZE["small"] * 0.58 / 72 + 0.15
    with style.context():
        fig, ax = common.frame_page(sys.modules[__name__], frame, edition,
                                    notes, source_rows=source_rows(frame), body_height=0.42 * n + 0.1, left=style.PAD + day_w,
                                    right=style.PAD, below=0.6, handles=handles(frame, lang))
        if frame.empty:
            style.empty(ax, lang)
            return fig
        width_in = ax.get_position().width * fig.get_figwidth()
        labels = [_bar_label(r, lang) for _, r in frame.iterrows()]
        label_in = max(len(s) for s in labels) * SIZE["small"] * 0.58 / 72 + 0.1
        top = max(int(frame["n_figures"].max()), 1)
        ticks = [v for v in MaxNLocator(nbins=3, integer=True).tick_values(0, top) if v >= 0]
        ticks = [v for v in ticks if v < top] + [next(v for v in ticks if v >= top)]  # the axis reaches the longest bar
        top = ticks[-1]
        xmax = max(top, int(frame["n_figures"].max()) / max(0.2, 1 - label_in / width_in))
        for i, (r, label) in enumerate(zip(frame.itertuples(), labels)):
            ax.barh(i, r.n_figures, height=0.55, color=KIND_COLOURS[r.event_kind], linewidth=0, zorder=2)
            ax.text(r.n_figures + xmax * 0.015, i, label, va="center", ha="left", fontsize=SIZE["small"],
                    color=COLORS["ink"])
        ax.set_yticks(range(len(frame)))
        ax.set_yticklabels([_day_label(r, lang) for _, r in frame.iterrows()])
        ax.set_ylim(len(frame) - 0.5, -0.5)
        ax.set_xlim(0, xmax)
        ax.tick_params(axis="y", length=0)
        ax.set_xticks(ticks)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: figtext.count(v, lang)))
        ax.spines["bottom"].set_bounds(0, top)
        ax.set_xlabel(t("timeline.xlabel", lang), loc="left")
        ax.spines["left"].set_visible(False)
        return fig
