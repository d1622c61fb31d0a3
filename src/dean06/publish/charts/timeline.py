"""Timeline: one bar per event, as long as the number of statistics published at it; when the
events are too many for a bar each within the page's height (style.MAX_ASPECT, and in print
style.PRINT_ASPECT), one bar per month, quarter or year and kind of event, as long as the figures
its events published (`drawn_in` names the bar each event is in).

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
from dean06.formatting import LANGS
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
COLUMNS = ["event_date", "event_kind", "date_inferred", "n_articles", "n_figures", "drawn_in", "source_ids", "outlets",
           "published_dates", "published_dates_inferred"]
GRAINS = ("day", "month", "quarter", "year")  # the finest whose bars fit the page is drawn
ROW = 0.42  # inches a bar of one event takes, with the room between bars
ROW_GROUPED = 0.36  # a bar of a month, quarter or year: tighter, so that more periods keep their bars
BELOW = 0.6  # inches under the bars: the axis and its name


def period_of(event_date: str, grain: str) -> str:
    """The bar an event of `event_date` is drawn in: '2023-12-21', '2023-12', '2023-Q4' or '2023'."""
    if grain == "day":
        return event_date
    if grain == "month":
        return event_date[:7]
    if grain == "quarter":
        return f"{event_date[:4]}-Q{(int(event_date[5:7]) - 1) // 3 + 1}"
    return event_date[:4]


def grain_of(frame: pd.DataFrame) -> str:
    """What one bar stands for, read back from `drawn_in`."""
    if frame.empty or (frame["drawn_in"] == frame["event_date"]).all():
        return "day"
    sample = frame["drawn_in"].iloc[0]
    return "quarter" if "-Q" in sample else ("month" if len(sample) == 7 else "year")


def _bars(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per bar drawn: its period and kind, the events in it, their figures and articles."""
    if frame.empty:
        return pd.DataFrame(columns=["drawn_in", "event_kind", "n_events", "n_figures", "n_articles", "event_date",
                                     "date_inferred"])
    order = {k: i for i, k in enumerate(EVENT_KINDS)}
    bars = (frame.assign(_k=frame["event_kind"].map(order))
            .groupby(["drawn_in", "_k", "event_kind"], sort=True)
            .agg(n_events=("event_date", "size"), n_figures=("n_figures", "sum"), n_articles=("n_articles", "sum"),
                 event_date=("event_date", "first"), date_inferred=("date_inferred", "all"))
            .reset_index().drop(columns="_k"))
    return bars


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
                     "n_articles": len(group), "n_figures": len(figures), "drawn_in": event,
                     "source_ids": ";".join(group["source_id"]), "outlets": ";".join(group["outlet"]),
                     "published_dates": ";".join(group["published_date"]),
                     "published_dates_inferred": ";".join(str(bool(v)).lower() for v in group["published_date_inferred"])})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for grain in GRAINS:  # the finest grain whose bars fit both layouts
        frame["drawn_in"] = [period_of(d, grain) for d in frame["event_date"]]
        if _fits(frame, edition):
            break
    return frame


def _chrome_fits(frame: pd.DataFrame, edition: Edition, width: float, aspect: float) -> bool:
    """Whether the page, `width` inches wide, stays within `aspect` times as tall as wide."""
    module = sys.modules[__name__]
    with style.drawn_at(width):
        header, footer = style.chrome(module.title(frame, edition), module.subtitle(frame, edition),
                                      style.source_line(source_rows(frame), edition.lang, edition.as_of),
                                      style.numbered(_notes(frame, edition.lang), edition.lang),
                                      handles=handles(frame, edition.lang), below=BELOW)
    return header + _body(frame) + footer <= aspect * width


def _fits(frame: pd.DataFrame, edition: Edition) -> bool:
    """Whether the bars fit the phone's layout (style.MAX_ASPECT) and the page's in print
    (style.PRINT_ASPECT), in every language, so that both editions draw the same bars."""
    return all(_chrome_fits(frame, Edition(lang, edition.as_of), width, aspect) for lang in LANGS
               for width, aspect in ((style.NARROW, style.MAX_ASPECT), (style.WIDE, style.PRINT_ASPECT)))


def _body(frame: pd.DataFrame) -> float:
    return (ROW if grain_of(frame) == "day" else ROW_GROUPED) * max(len(_bars(frame)), 1) + 0.1


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
    grain = grain_of(frame)
    if grain == "day":
        return t("timeline.alt", edition.lang, title=title(frame, edition), finding=subtitle(frame, edition))
    return t("timeline.alt.grouped", edition.lang, title=title(frame, edition), finding=subtitle(frame, edition),
             grain=t(f"timeline.grain.{grain}", edition.lang))


def _notes(frame: pd.DataFrame, lang: str) -> list[str]:
    grain = grain_of(frame)
    notes = [t("timeline.note", lang) if grain == "day"
             else t("timeline.note.grouped", lang, grain=t(f"timeline.grain.{grain}", lang))]
    if frame["event_kind"].ne(REVIEW_CONFERENCE).any():
        notes.append(t("timeline.note_kinds", lang) if grain == "day" else t("timeline.note_kinds.grouped", lang))
    if frame["date_inferred"].any():
        notes.append(t("timeline.date_inferred", lang) if grain == "day"
                     else t("timeline.date_inferred.grouped", lang, n=figtext.count(int(frame["date_inferred"].sum()), lang)))
    return notes


def source_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The conferences' sources one a row, for the source line."""
    rows = []
    for r in frame.itertuples():
        for sid, out, pub, inf in zip(r.source_ids.split(";"), r.outlets.split(";"), r.published_dates.split(";"),
                                      r.published_dates_inferred.split(";")):
            rows.append({"source_id": sid, "outlet": out, "published_date": pub, "published_date_inferred": inf == "true"})
    return pd.DataFrame(rows, columns=["source_id", *common.SOURCE_COLUMNS])


def _bar_label(row, lang: str, grain: str = "day") -> str:
    """Figures and articles; an event that is not a review conference says what it is. A bar of a
    month, quarter or year counts its events of its kind instead: '19 figures · 2 conferences'."""
    if grain != "day":
        n = int(row["n_events"])
        if row["event_kind"] == REVIEW_CONFERENCE:
            events = t("timeline.conferences_one" if n == 1 else "timeline.conferences", lang, n=figtext.count(n, lang))
        else:
            events = t("timeline.kind_count", lang, n=figtext.count(n, lang),
                       kind=report_t("event_kinds" if n == 1 else "event_kinds_plural", lang)[row["event_kind"]])
        return t("timeline.bar", lang, figures=_figures(int(row["n_figures"]), lang), articles=events)
    label = t("timeline.bar", lang, figures=_figures(int(row["n_figures"]), lang),
              articles=_articles(int(row["n_articles"]), lang))
    if row["event_kind"] == REVIEW_CONFERENCE:
        return label
    return t("timeline.bar_kind", lang, kind=report_t("event_kinds", lang)[row["event_kind"]], bar=label)


def _day_label(row, lang: str, grain: str = "day") -> str:
    """The bar's date: its event's day (an asterisk when inferred), or its month, quarter or year."""
    if grain == "day":
        return figtext.short_day(row["event_date"], lang) + ("*" if row["date_inferred"] else "")
    if grain == "month":
        return figtext.month(row["event_date"], lang)
    if grain == "quarter":
        return t("timeline.quarter", lang, q=row["drawn_in"][-1], year=row["drawn_in"][:4])
    return row["drawn_in"]


def handles(frame: pd.DataFrame, lang: str) -> list:
    """A swatch for each kind of event drawn, in the vocabulary's order, when the bars are of more
    than one kind (bars of one kind are named by the title)."""
    kinds = [k for k in EVENT_KINDS if k in set(frame["event_kind"])]
    if len(kinds) < 2:
        return []
    return [Patch(facecolor=KIND_COLOURS[k], linewidth=0,
                  label=style.legend_label(common.sentence(report_t("event_kinds", lang)[k]))) for k in kinds]


def draw(frame: pd.DataFrame, edition: Edition) -> Figure:
    """One bar per event (or per month, quarter or year and kind: `drawn_in`), coloured by its kind,
    as long as the figures it published."""
    lang = edition.lang
    grain = grain_of(frame)
    bars = _bars(frame)
    days = [_day_label(r, lang, grain) for _, r in bars.iterrows()]
    day_w = max([style.text_width(d, SIZE["small"]) for d in days] or [0.8]) + 0.15
    with style.context():
        fig, ax = common.frame_page(sys.modules[__name__], frame, edition, _notes(frame, lang),
                                    source_rows=source_rows(frame), body_height=_body(frame),
                                    left=style.PAD + day_w, right=style.PAD, below=BELOW,
                                    handles=handles(frame, lang))
        if frame.empty:
            style.empty(ax, lang)
            return fig
        width_in = ax.get_position().width * fig.get_figwidth()
        labels = [_bar_label(r, lang, grain) for _, r in bars.iterrows()]
        label_in = max(style.text_width(s, SIZE["small"]) for s in labels) + 0.15
        most = max(int(bars["n_figures"].max()), 1)
        ticks = [v for v in MaxNLocator(nbins=3, integer=True).tick_values(0, most) if v >= 0]
        ticks = [v for v in ticks if v < most] + [next(v for v in ticks if v >= most)]  # the axis reaches the longest bar
        top = ticks[-1]
        xmax = max(top, most / max(0.2, 1 - label_in / width_in))
        for i, (r, label) in enumerate(zip(bars.itertuples(), labels)):
            ax.barh(i, r.n_figures, height=0.55, color=KIND_COLOURS[r.event_kind], linewidth=0, zorder=2)
            ax.text(r.n_figures + xmax * 0.015, i, label, va="center", ha="left", fontsize=SIZE["small"],
                    color=COLORS["ink"])
        ax.set_yticks(range(len(bars)))
        ax.set_yticklabels(days)
        ax.set_ylim(len(bars) - 0.5, -0.5)
        ax.set_xlim(0, xmax)
        ax.tick_params(axis="y", length=0)
        ax.set_xticks(ticks)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: figtext.count(v, lang)))
        ax.spines["bottom"].set_bounds(0, top)
        # the axis's name starts at the page's margin, under the dates, so it never runs off the page
        ax.set_xlabel(t("timeline.xlabel", lang), loc="left")
        ax.xaxis.label.set_x(-day_w / width_in)
        ax.spines["left"].set_visible(False)
        return fig
