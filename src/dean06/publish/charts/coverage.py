"""Coverage: every measure that is a part of a whole (metrics.csv kind 'fraction', or a 'share'
outside any family of counts: a share inside a family of counts, such as an approval rate, is a rate
of those counts and no progress toward a whole), each at its latest reported date, with that date
on its bar."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter

from dean06 import formatting
from dean06.edition import Edition
from dean06.publish.charts import AREAS, common, figtext, style
from dean06.publish.charts.inputs import Tables
from dean06.publish.charts.style import COLORS, SIZE
from dean06.wording import chart as t

NAME = "coverage"
AREA = AREAS[NAME]
COLUMNS = ["metric", "label", "area", "claim_id", "source_id", "as_of", "period", "share", "percent", "numerator",
           "denominator", "denominator_from", "bound", "share_text", "value_text", "outlet", "published_date",
           "published_date_inferred"]


def metrics(tables: Tables) -> list[str]:
    m = common.catalogue(tables)
    count_families = set(m[m["kind"] == "cumulative_count"]["family"])
    return [k for k, r in m.iterrows()
            if r["kind"] == "fraction" or (r["kind"] == "share" and r["family"] not in count_families)]


def _share(r: dict, stats: pd.DataFrame) -> tuple[float, float, float, str]:
    """(share, numerator, denominator, claim the whole was taken from) of one reported figure."""
    share, num, den = common.number(r["share"]), common.number(r["numerator"]), common.number(r["denominator"])
    if np.isnan(share) and r["unit"] == "percent":
        share = common.number(r["value"]) / 100
    if np.isnan(share) and not np.isnan(num) and den:
        share = num / den
    if np.isnan(share):
        # a count printed without its whole ('63 địa phương'): the whole of the latest earlier 'a/b'
        based = stats[(stats["metric"] == r["metric"]) & stats["denominator"].notna() & (stats["as_of"] <= r["as_of"])]
        if len(based):
            b = based.sort_values(["as_of", "claim_id"]).iloc[-1]
            num, den = common.number(r["value"]), float(b["denominator"])
            return num / den, num, den, b["claim_id"]
    return share, num, den, ""


@common.chart_data
def data(tables: Tables, edition: Edition) -> pd.DataFrame:
    """One row per measure: its latest reported (not derived) figure as a share of its whole,
    highest share first."""
    lang = edition.lang
    wanted = metrics(tables)
    m = common.catalogue(tables)
    names = common.labels(tables, lang)
    stats = common.statistics(tables, wanted, derived=False)
    rows = []
    for metric in wanted:
        mine = stats[stats["metric"] == metric]
        if mine.empty:
            continue
        own_whole = mine["share"].notna() | mine["denominator"].notna()  # on one date, a figure with its own whole first
        mine = mine.assign(_own=own_whole).sort_values(["as_of", "_own", "claim_id"], ascending=[False, False, True])
        for r in mine.drop(columns="_own").to_dict("records"):
            share, num, den, borrowed = _share(r, stats)
            if np.isnan(share):
                continue
            printed = r["unit"] == "percent"
            share_text = formatting.with_bound(
                figtext.percent(r["value"], lang) if printed else figtext.share(share, lang), r["bound"], lang)
            text = share_text
            if not np.isnan(num) and not np.isnan(den):
                text = f"{figtext.fraction(num, den, lang)} ({share_text})"
            rows.append({"metric": metric, "label": names[metric], "area": m.loc[metric, "area"],
                         "claim_id": r["claim_id"], "source_id": r["source_id"], "as_of": r["as_of"],
                         "period": figtext.month(r["as_of"], lang), "share": share, "percent": share * 100,
                         "numerator": num, "denominator": den, "denominator_from": borrowed, "bound": r["bound"],
                         "share_text": share_text,
                         "value_text": text})
            break  # the latest figure that can be read as a share
    out = pd.DataFrame(rows, columns=COLUMNS[:-3])
    out = out.sort_values(["share", "metric"], ascending=[False, True])
    return common.with_sources(out, tables, lang)


def title(frame: pd.DataFrame, edition: Edition) -> str:
    lang = edition.lang
    if frame.empty:
        return t("empty.title", lang)
    low = frame.sort_values(["share", "metric"]).iloc[0]
    full = int((frame["share"] >= 1 - 1e-9).sum())
    return t("coverage.title", lang, n_full=figtext.count(full, lang), n=figtext.count(len(frame), lang),
             label=common.mid_sentence(low["label"]), value=low["share_text"])


def subtitle(frame: pd.DataFrame, edition: Edition) -> str:
    lang = edition.lang
    if frame.empty:
        return t("empty.subtitle", lang)
    first, last = frame["as_of"].min(), frame["as_of"].max()
    if first[:7] == last[:7]:
        return t("coverage.subtitle.one_date", lang, first=figtext.month(first, lang))
    return t("coverage.subtitle", lang, first=figtext.month(first, lang), last=figtext.month(last, lang))


def alt_text(frame: pd.DataFrame, edition: Edition) -> str:
    if frame.empty:
        return common.empty_alt(frame, edition)
    return t("coverage.alt", edition.lang, title=title(frame, edition), finding=subtitle(frame, edition))


def _notes(frame: pd.DataFrame, lang: str) -> list[str]:
    return [t("coverage.note.borrowed", lang, label=r.label, period=r.period, value=figtext.count(r.numerator, lang),
              denominator=figtext.count(r.denominator, lang), source=r.denominator_from.rsplit("-", 1)[0])
            for r in frame[frame["denominator_from"].ne("")].itertuples()]


def draw(frame: pd.DataFrame, edition: Edition) -> Figure:
    """Per measure, top to bottom: its name and figure · date on one or two lines, then its bar on a
    100% track. The axes' vertical unit is an inch, so text and bars are laid out without overlap."""
    lang = edition.lang
    line = style.line_height(SIZE["small"])
    track_w = style.WIDTH - 2 * style.PAD
    chars = style.chars_for(track_w, SIZE["small"])
    blocks = []
    for r in frame.itertuples():
        head = f"{r.label}: {t('coverage.bar', lang, value=r.value_text, period=r.period)}"
        if r.denominator_from:
            head += f" ({len([b for b in blocks if b[2]]) + 1})"
        blocks.append((r, style.wrap_label(head, chars), bool(r.denominator_from)))
    bar_h, gap = 0.16, 0.1
    heights = [(text.count("\n") + 1) * line + 0.04 + bar_h + gap for _, text, _ in blocks]
    body = max(1.0, sum(heights) + 0.3)
    with style.context():
        fig, ax = common.frame_page(sys.modules[__name__], frame, edition, _notes(frame, lang), refs=True, body_height=body,
                                    left=style.PAD, right=style.PAD, below=0.45)
        if frame.empty:
            style.empty(ax, lang)
            return fig
        ax.set_ylim(body, 0)  # inches from the top
        ax.set_xlim(0, 100)
        y = 0.0
        for (r, text, _), h in zip(blocks, heights):
            ax.text(0, y, text, ha="left", va="top", fontsize=SIZE["small"], color=COLORS["ink"], linespacing=1.2)
            bar_y = y + (text.count("\n") + 1) * line + 0.04 + bar_h / 2
            ax.barh(bar_y, 100, height=bar_h, color=COLORS["track"], linewidth=0, zorder=1)
            if r.bound == "lower":
                style.lower_bound_bar(ax, bar_y, r.percent, bar_h, COLORS["blue"], extend=min(8, 100 - r.percent))
            else:
                style.reported_bar(ax, bar_y, r.percent, bar_h, COLORS["blue"])
            ax.plot([100, 100], [bar_y - bar_h / 2 - 0.03, bar_y + bar_h / 2 + 0.03], color=COLORS["ink"], lw=1.0,
                    zorder=3, clip_on=False)  # the whole: 100%
            y += h
        ax.xaxis.set_major_locator(FixedLocator([0, 50, 100]))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.percent(v, lang, 0)))
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        return fig
