"""Policy documents: how the Government's push grew. The policy area's cumulative counts
(metrics.csv area 'policy') that were reported at two dates or more, one group of bars per metric,
one bar per report on one linear scale from zero. A count reported at one date says nothing about
growth: it is not drawn (the section's text gives it, and a note under the chart counts it). While
there are few report dates each bar is coloured by its date (the legend names each date once);
past that, or when the page has no room, each metric shows its first and latest report, the bar
labelled with its month, so the chart's height follows the number of metrics, never of articles.
Look-alike metrics (one family, different scope) are separate groups, never one series."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from matplotlib import ticker as mpl_ticker
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from dean06.edition import Edition
from dean06.formatting import LANGS
from dean06.publish.charts import AREAS, PLACES, common, figtext, style
from dean06.publish.charts.inputs import Tables
from dean06.publish.charts.style import COLORS, SIZE
from dean06.wording import chart as t

NAME = "policy_documents"
AREA = AREAS[NAME]
PLACE = PLACES[NAME]
KINDS = ("cumulative_count",)
SHADES = [COLORS[c] for c in ("sky", "blue", "green", "orange", "purple", "vermillion")]
# `mark`: what a bar's colour stands for: its report `date` (every report drawn, the legend names
# the dates), or `first` and `latest` (each metric's first and latest report, the bar names its month)
MARKS = {"first": COLORS["sky"], "latest": COLORS["blue"]}
COLUMNS = ["metric", "family", "label", "claim_id", "source_id", "as_of", "period", "value", "bound", "value_text",
           "mark", "outlet", "published_date", "published_date_inferred"]


def metrics(tables: Tables) -> list[str]:
    m = common.catalogue(tables)
    return [k for k, r in m.iterrows() if r["area"] == AREA and r["kind"] in KINDS]


@common.chart_data
def data(tables: Tables, edition: Edition) -> pd.DataFrame:
    """One row per bar drawn: each metric reported at two dates or more, at each report date while
    the dates are few enough for a colour each and the page has room in both editions, else at its
    first and latest. attrs: `not_drawn` (reports in between left out), `once` (metrics reported at
    one date only, not drawn)."""
    every = {lang: _every_report(tables, lang) for lang in LANGS}
    dates = every[edition.lang].groupby("metric")["as_of"].nunique()
    over_time, once = list(dates[dates >= 2].index), int((dates < 2).sum())
    every = {lang: _ordered(f[f["metric"].isin(over_time)]) for lang, f in every.items()}
    for f in every.values():
        f.attrs.update(not_drawn=0, once=once)
    frame = every[edition.lang]
    if frame["as_of"].nunique() <= len(SHADES) and all(_fits(f, Edition(lang, edition.as_of))
                                                       for lang, f in every.items()):
        return frame
    ends = {lang: _ends(f) for lang, f in every.items()}
    order = list(dict.fromkeys(frame["metric"]))
    # the largest rises that fit; the others are counted in a note
    keep = common.most_that_fit(len(order), lambda n: all(_fits(_first(f, order, n), Edition(lang, edition.as_of))
                                                          for lang, f in ends.items()))
    return _first(ends[edition.lang], order, keep)


def _ends(frame: pd.DataFrame) -> pd.DataFrame:
    """Each metric's first and latest report; `not_drawn` counts the reports in between."""
    ends = frame.groupby("metric", sort=False)
    kept = pd.concat([ends.head(1).assign(mark="first"), ends.tail(1).assign(mark="latest")]).sort_index()
    kept = kept.reset_index(drop=True)
    kept.attrs.update(frame.attrs, not_drawn=len(frame) - len(kept))
    return kept


def _first(frame: pd.DataFrame, order: list[str], keep: int) -> pd.DataFrame:
    """The first `keep` metrics of `order`; `no_room` counts the others (not drawn for lack of room)."""
    out = frame[frame["metric"].isin(order[:keep])].reset_index(drop=True)
    out.attrs.update(frame.attrs, no_room=len(order) - keep)
    return out


def _every_report(tables: Tables, lang: str) -> pd.DataFrame:
    """One row per metric and report date, oldest first."""
    wanted = metrics(tables)
    m = common.catalogue(tables)
    names = common.labels(tables, lang)
    stats = common.statistics(tables, wanted, derived=False)
    rows = []
    for metric in wanted:
        mine = stats[stats["metric"] == metric].sort_values(["as_of", "claim_id"]).drop_duplicates("as_of")
        for r in mine.to_dict("records"):
            rows.append({"metric": metric, "family": m.loc[metric, "family"], "label": names[metric],
                         "claim_id": r["claim_id"], "source_id": r["source_id"], "as_of": r["as_of"],
                         "period": figtext.month(r["as_of"], lang), "value": r["value"], "bound": r["bound"],
                         "value_text": figtext.figure(r["value"], r["unit"], r["bound"], lang), "mark": "date"})
    return common.typed(common.with_sources(pd.DataFrame(rows, columns=COLUMNS[:-3]), tables, lang))


def _rise(rows: pd.DataFrame) -> float:
    """How many times its first report the latest is: a rise from zero is the largest of all."""
    first, last = float(rows["value"].iloc[0]), float(rows["value"].iloc[-1])
    return (last - first) / first if first else (np.inf if last > first else 0.0)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """The metrics by their rise, the largest first (the title's), each metric's reports oldest first."""
    if frame.empty:
        return frame.reset_index(drop=True)
    rises = {m: _rise(rows) for m, rows in frame.groupby("metric", sort=False)}
    order = sorted(rises, key=lambda m: (-rises[m], m))
    out = pd.concat([frame[frame["metric"] == m] for m in order]).reset_index(drop=True)
    out.attrs.update(frame.attrs)
    return out


def title(frame: pd.DataFrame, edition: Edition) -> str:
    """The largest rise: the first metric drawn (see _ordered)."""
    lang = edition.lang
    if frame.empty:
        return t("empty.title", lang)
    rows = frame[frame["metric"] == frame["metric"].iloc[0]]
    first, last = rows.iloc[0], rows.iloc[-1]
    key = "policy_documents.title" if last["value"] > first["value"] else "policy_documents.title.flat"
    return t(key, lang, label=first["label"], first=first["value_text"], last=last["value_text"],
             first_period=first["period"], last_period=last["period"])


def _look_alikes(frame: pd.DataFrame) -> list[list[str]]:
    """Labels of the metrics that share a family: counts that look alike but are not one series."""
    groups = frame.drop_duplicates("metric").groupby("family", sort=False)["label"].agg(list)
    return [labels for labels in groups if len(labels) >= 2]


def _by_date(frame: pd.DataFrame) -> bool:
    return not frame["mark"].isin(list(MARKS)).any()


def subtitle(frame: pd.DataFrame, edition: Edition) -> str:
    lang = edition.lang
    if frame.empty:
        return t("empty.subtitle", lang)
    if _by_date(frame):
        text = t("policy_documents.subtitle", lang)
    else:
        text = t("policy_documents.subtitle.ends", lang)
        if frame.attrs.get("not_drawn"):
            text += t("policy_documents.subtitle.between", lang, n=figtext.count(frame.attrs["not_drawn"], lang))
    for labels in _look_alikes(frame):
        text += t("policy_documents.subtitle.apart", lang,
                  labels=figtext.join([f"“{common.mid_sentence(x)}”" for x in labels], lang))
    return text


def notes(frame: pd.DataFrame, lang: str) -> list[str]:
    """The counts reported at one date only: not drawn, and the reader is told where they are."""
    once, no_room = frame.attrs.get("once", 0), frame.attrs.get("no_room", 0)
    return ([t("policy_documents.note.once", lang, n=figtext.count(once, lang))] if once else []) + \
        ([t("policy_documents.note.no_room", lang, n=figtext.count(no_room, lang))] if no_room else [])


def alt_text(frame: pd.DataFrame, edition: Edition) -> str:
    if frame.empty:
        return common.empty_alt(frame, edition)
    lang = edition.lang
    bars = "; ".join(t("policy_documents.alt.metric", lang, label=rows["label"].iloc[0],
                       reports=", ".join(t("policy_documents.alt.report", lang, value=r.value_text, period=r.period)
                                         for r in rows.itertuples()))
                     for _, rows in frame.groupby("metric", sort=False))
    text = t("policy_documents.alt", lang, title=title(frame, edition), finding=subtitle(frame, edition), bars=bars)
    return " ".join([text, *notes(frame, lang)])


def _name(rows: pd.DataFrame, by_date: bool, lang: str) -> str:
    """The metric's name; with first and latest reports (no legend of dates) their months too, the
    span kept on one line: 'Directives issued · Aug 2022 → Dec 2023'."""
    label = rows["label"].iloc[0]
    if by_date:
        return label
    span = t("policy_documents.span", lang, first=figtext.axis_month(rows["as_of"].iloc[0], lang),
             last=figtext.axis_month(rows["as_of"].iloc[-1], lang))
    return t("policy_documents.name_span", lang, label=label, span=span.replace(" ", "\u00a0"))


def _lines(frame: pd.DataFrame, by_date: bool, lang: str) -> dict[str, list[tuple[list[int], str]]]:
    """Per metric, its lines of bars top down: (frame indices, the figure past the line's longest
    bar). A bar coloured by its date is a line of its own; a metric's first and latest report share
    one line, the longer bar behind the shorter, labelled '1 → 6'."""
    out = {}
    for metric, rows in frame.groupby("metric", sort=False):
        if by_date:
            out[metric] = [([i], r.value_text) for i, r in zip(rows.index, rows.itertuples())]
        else:
            out[metric] = [(list(rows.index), t("policy_documents.first_latest", lang, first=rows["value_text"].iloc[0],
                                                 last=rows["value_text"].iloc[-1]))]
    return out


STEP, BAR, GAP = 0.24, 0.17, 0.12  # inches: a bar's line, the bar, the room above each metric's name
OFFSET = 4 / 72  # inches between a bar's end and its figure
BELOW = 0.62  # inches under the plot: the axis and its name


def _layout(frame: pd.DataFrame, lang: str) -> dict:
    """Each metric's name on its own line(s) across the plot's width, its bars under it: the bars
    take the full width on a phone too. Heights in inches."""
    line = style.line_height(SIZE["small"])
    width = style.page_width() - 2 * style.PAD
    by_date = frame.empty or _by_date(frame)
    names = {metric: style.fit_label(_name(rows, by_date, lang), width)
             for metric, rows in frame.groupby("metric", sort=False)}
    lines = _lines(frame, by_date, lang)
    heights = [GAP + (names[m].count("\n") + 1) * line + len(lines[m]) * STEP for m in names]
    return {"names": names, "lines": lines, "heights": heights, "body": max(1.0, sum(heights))}


def _handles(frame: pd.DataFrame) -> list:
    """One entry per report date when each bar is coloured by its date; none for first and latest
    (each bar names its month)."""
    if frame.empty or not _by_date(frame):
        return []
    dated = frame.sort_values("as_of").drop_duplicates("as_of")
    return [Patch(color=SHADES[i % len(SHADES)], label=p) for i, p in enumerate(dated["period"])]


def _fits(frame: pd.DataFrame, edition: Edition) -> bool:
    """Whether the chart fits the phone's layout (style.MAX_ASPECT) and the page's in print
    (style.PRINT_ASPECT)."""
    module = sys.modules[__name__]
    for width, aspect in ((style.NARROW, style.MAX_ASPECT), (style.WIDE, style.PRINT_ASPECT)):
        with style.drawn_at(width):
            header, footer = style.chrome(module.title(frame, edition), module.subtitle(frame, edition),
                                          style.source_line(frame, edition.lang, edition.as_of),
                                          notes(frame, edition.lang), handles=_handles(frame), below=BELOW)
            if header + _layout(frame, edition.lang)["body"] + footer > aspect * width:
                return False
    return True


def _ticks(most: float) -> list[float]:
    """A few round ticks from zero, the last at or past the longest bar."""
    ticks = [v for v in mpl_ticker.MaxNLocator(nbins=4, integer=True).tick_values(0, most) if v >= 0]
    return [v for v in ticks if v < most] + [next(v for v in ticks if v >= most)]


def draw(frame: pd.DataFrame, edition: Edition) -> Figure:
    """Per metric: its name, then one bar per report drawn, each as long as its count on the chart's
    one linear axis from zero, its figure just past its end. The vertical unit is an inch."""
    lang = edition.lang
    by_date = _by_date(frame) if len(frame) else True
    shade = {p: SHADES[i % len(SHADES)] for i, p in enumerate(sorted(set(frame["as_of"])))}
    line = style.line_height(SIZE["small"])
    g = _layout(frame, lang)
    names, body = g["names"], g["body"]
    with style.context():
        fig, ax = common.frame_page(sys.modules[__name__], frame, edition, notes(frame, lang), body_height=body,
                                    left=style.PAD, right=style.PAD, below=BELOW, handles=_handles(frame))
        if frame.empty:
            style.empty(ax, lang)
            return fig
        plot_w = ax.get_position().width * fig.get_figwidth()
        lines = g["lines"]
        most = float(frame["value"].max())
        ticks = _ticks(most)
        # the axis reaches far enough that each figure fits past its line's longest bar
        need = [float(frame.loc[ix, "value"].max()) / max(0.2, 1 - (style.text_width(x, SIZE["small"]) + OFFSET + 0.05) / plot_w)
                for lns in lines.values() for ix, x in lns]
        ax.set_xlim(0, max([ticks[-1], 1.0] + need))
        ax.set_ylim(body, 0)
        y = 0.0
        for (metric, rows), h in zip(frame.groupby("metric", sort=False), g["heights"]):
            ax.text(0, y + GAP, names[metric], ha="left", va="top", fontsize=SIZE["small"], color=COLORS["ink"],
                    linespacing=1.2, transform=ax.get_yaxis_transform(),
                    bbox=dict(facecolor="white", edgecolor="none", pad=1))  # clear of the gridlines under it
            yb = y + GAP + (names[metric].count("\n") + 1) * line + STEP / 2
            for ix, label in lines[metric]:
                # the longer bar behind, the shorter over it and thinner, so both show
                for k, i in enumerate(sorted(ix, key=lambda i: -frame.loc[i, "value"])):
                    r = frame.loc[i]
                    ax.barh(yb, r["value"], height=BAR * (0.5 if k else 1), color=shade[r["as_of"]] if by_date
                            else MARKS[r["mark"]], linewidth=0, zorder=2 + k)
                ax.annotate(label, (float(frame.loc[ix, "value"].max()), yb), xytext=(4, 0), textcoords="offset points",
                            ha="left", va="center", fontsize=SIZE["small"], color=COLORS["ink"])
                yb += STEP
            y += h
        ax.set_xticks(ticks)
        ax.xaxis.set_major_formatter(mpl_ticker.FuncFormatter(lambda v, _: figtext.count(v, lang)))
        ax.grid(axis="x", color=COLORS["grid"], lw=0.5)
        ax.set_axisbelow(True)
        ax.set_yticks([])
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(t("policy_documents.axis", lang), loc="left")
        return fig
