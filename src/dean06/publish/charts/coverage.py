"""Coverage: how much of a whole the chart's area has reached, at each date it was reported.

The measures are those of the chart's area (AREAS) that are part of a whole: metrics.csv kind
'fraction', or a 'share' outside any family of counts (a share inside a family of counts, such as
an approval rate, is a rate of those counts and no progress toward a whole). One bar per measure
and report date, as a share of the whole reported then, on one 0–100% scale; where the whole
itself changed from the measure's previous date (38/53 after 20/25), the bar says so. The title
is the lead measure's progress (the measure reported at the most dates)."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter

from dean06 import formatting
from dean06.edition import Edition
from dean06.publish.charts import AREAS, PLACES, common, figtext, style
from dean06.publish.charts.inputs import Tables
from dean06.publish.charts.style import COLORS, SIZE
from dean06.wording import chart as t

NAME = "coverage"
AREA = AREAS[NAME]
PLACE = PLACES[NAME]
COLUMNS = ["metric", "label", "area", "claim_id", "source_id", "as_of", "period", "share", "percent", "numerator",
           "denominator", "denominator_from", "whole_before", "dates_reported", "bound", "share_text", "value_text",
           "outlet", "published_date", "published_date_inferred"]
BAR_H, GAP = 0.16, 0.12  # inches: a bar, and the space under it


def metrics(tables: Tables) -> list[str]:
    """The area's parts of a whole, in the catalogue's order."""
    m = common.catalogue(tables)
    count_families = set(m[m["kind"] == "cumulative_count"]["family"])
    return [k for k, r in m.iterrows() if r["area"] == AREA
            and (r["kind"] == "fraction" or (r["kind"] == "share" and r["family"] not in count_families))]


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


def _figures(tables: Tables, metric: str, stats: pd.DataFrame, lang: str) -> list[dict]:
    """A measure's figures readable as a share, one per report date (on a date with several, one
    that prints its own whole first), oldest first."""
    mine = stats[stats["metric"] == metric]
    own_whole = mine["share"].notna() | mine["denominator"].notna()
    mine = mine.assign(_own=own_whole).sort_values(["as_of", "_own", "claim_id"], ascending=[True, False, True])
    out, seen = [], set()
    for r in mine.drop(columns="_own").to_dict("records"):
        if r["as_of"] in seen:
            continue
        share, num, den, borrowed = _share(r, stats)
        if np.isnan(share):
            continue
        seen.add(r["as_of"])
        share_text = formatting.with_bound(
            figtext.percent(r["value"], lang) if r["unit"] == "percent" else figtext.share(share, lang), r["bound"], lang)
        text = share_text
        if not np.isnan(num) and not np.isnan(den):
            text = f"{figtext.fraction(num, den, lang)} ({share_text})"
        before = out[-1]["denominator"] if out else np.nan
        out.append({"claim_id": r["claim_id"], "source_id": r["source_id"], "as_of": r["as_of"],
                    "period": figtext.month(r["as_of"], lang), "share": share, "percent": share * 100,
                    "numerator": num, "denominator": den, "denominator_from": borrowed,
                    "whole_before": before if not np.isnan(before) and not np.isnan(den) and before != den else np.nan,
                    "bound": r["bound"], "share_text": share_text, "value_text": text})
    return out


def _blocks(frame: pd.DataFrame, lang: str) -> list[tuple[str, list[tuple[object, str]]]]:
    """Per measure, its name and, per bar, the text above it (figure · date, and a changed whole)."""
    width = style.page_width() - 2 * style.PAD
    blocks, borrowed = [], 0
    for metric, rows in frame.groupby("metric", sort=False):
        bars = []
        for r in rows.itertuples():
            text = t("coverage.bar", lang, value=r.value_text, period=r.period)
            changed = not np.isnan(r.whole_before)  # set in bold: wrapped to bold letters' width
            if changed:
                text += t("coverage.bar.whole_changed", lang, before=figtext.count(r.whole_before, lang),
                          whole=figtext.count(r.denominator, lang))
            if r.denominator_from:
                borrowed += 1
                text += f" ({borrowed})"
            bars.append((r, style.wrap_label(text, style.chars_for(width, SIZE["small"], bold=changed))))
        blocks.append((style.wrap_label(rows["label"].iloc[0], style.chars_for(width, SIZE["small"], bold=True)), bars))
    return blocks


def _body(blocks) -> float:
    line = style.line_height(SIZE["small"])
    height = 0.0
    for name, bars in blocks:
        height += (name.count("\n") + 1) * line + 0.04
        height += sum((text.count("\n") + 1) * line + 0.04 + BAR_H + GAP for _, text in bars)
    return max(1.0, height + 0.2)


@common.chart_data
def data(tables: Tables, edition: Edition) -> pd.DataFrame:
    """One row per measure and report date, the lead measure first (the one reported at the most
    dates, then the catalogue's order), each measure's dates oldest first. When every date would
    make the page more than style.MAX_ASPECT times as tall as wide, the earliest dates of the
    measure with the most are left out (`dates_reported` keeps the count: the subtitle says so)."""
    lang = edition.lang
    wanted = metrics(tables)
    m = common.catalogue(tables)
    names = common.labels(tables, lang)
    stats = common.statistics(tables, wanted, derived=False)
    groups = []
    for order, metric in enumerate(wanted):
        figures = _figures(tables, metric, stats, lang)
        if figures:
            groups.append((-len(figures), order, metric, figures))
    rows = []
    for _, _, metric, figures in sorted(groups):
        for f in figures:
            rows.append({"metric": metric, "label": names[metric], "area": m.loc[metric, "area"],
                         "dates_reported": len(figures), **f})
    out = common.with_sources(pd.DataFrame(rows, columns=COLUMNS[:-3]), tables, lang)
    while len(out) > len(set(out["metric"])):  # at least each measure's latest date
        typed = common.typed(out)
        budget = common.body_budget(sys.modules[__name__], typed, edition, _notes(typed, lang), refs=True,
                                    below=0.45)
        if _body(_blocks(typed, lang)) <= budget:
            break
        most = out.groupby("metric", sort=False).size().idxmax()
        out = out.drop(index=out[out["metric"] == most].index[0])
    return out


def _lead(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["metric"] == frame["metric"].iloc[0]]


def title(frame: pd.DataFrame, edition: Edition) -> str:
    """The lead measure's progress: where it stands, from where it started, and whether its whole
    changed on the way."""
    lang = edition.lang
    if frame.empty:
        return t("empty.title", lang)
    lead = _lead(frame)
    first, last = lead.iloc[0], lead.iloc[-1]
    values = dict(label=last["label"], value=last["value_text"], period=last["period"])
    if len(lead) == 1:
        return t("coverage.title.one", lang, **values)
    changed = [k for k in range(1, len(lead)) if not np.isnan(lead["whole_before"].iloc[k])]
    if changed:  # the latest change of the whole, with the date of the whole before it
        before = lead.iloc[changed[-1] - 1]
        return t("coverage.title.whole_changed", lang, **values, before=figtext.count(before["denominator"], lang),
                 before_period=before["period"])
    return t("coverage.title.growth", lang, **values, first=first["value_text"], first_period=first["period"])


def subtitle(frame: pd.DataFrame, edition: Edition) -> str:
    lang = edition.lang
    if frame.empty:
        return t("empty.subtitle", lang)
    text = t("coverage.subtitle", lang)
    left_out = int(frame.groupby("metric")["dates_reported"].first().sum() - len(frame))
    if left_out:
        text += t("coverage.subtitle.left_out", lang, n=figtext.count(left_out, lang))
    return text


def alt_text(frame: pd.DataFrame, edition: Edition) -> str:
    if frame.empty:
        return common.empty_alt(frame, edition)
    lang = edition.lang
    bars = "; ".join(f"{rows['label'].iloc[0]}: " + ", ".join(
        t("coverage.bar", lang, value=r.value_text, period=r.period) for r in rows.itertuples())
        for _, rows in frame.groupby("metric", sort=False))
    return t("coverage.alt", lang, title=title(frame, edition), finding=subtitle(frame, edition), bars=bars)


def _notes(frame: pd.DataFrame, lang: str) -> list[str]:
    return [t("coverage.note.borrowed", lang, label=r.label, period=r.period, value=figtext.count(r.numerator, lang),
              denominator=figtext.count(r.denominator, lang), source=r.denominator_from.rsplit("-", 1)[0])
            for r in frame[frame["denominator_from"].ne("")].itertuples()]


def draw(frame: pd.DataFrame, edition: Edition) -> Figure:
    """Per measure, its name, then per date its figure · date and its bar on a 100% track, all on one
    scale from zero. The axes' vertical unit is an inch, so text and bars are laid out without overlap."""
    lang = edition.lang
    line = style.line_height(SIZE["small"])
    blocks = _blocks(frame, lang)
    body = _body(blocks)
    with style.context():
        fig, ax = common.frame_page(sys.modules[__name__], frame, edition, _notes(frame, lang), refs=True,
                                    body_height=body, left=style.PAD, right=style.PAD, below=0.45)
        if frame.empty:
            style.empty(ax, lang)
            return fig
        ax.set_ylim(body, 0)  # inches from the top
        ax.set_xlim(0, 100)
        y = 0.0
        for name, bars in blocks:
            ax.text(0, y, name, ha="left", va="top", fontsize=SIZE["small"], fontweight="bold", color=COLORS["ink"],
                    linespacing=1.2)
            y += (name.count("\n") + 1) * line + 0.04
            for r, text in bars:
                changed = not np.isnan(r.whole_before)
                ax.text(0, y, text, ha="left", va="top", fontsize=SIZE["small"], linespacing=1.2,
                        color=COLORS["ink"], fontweight="bold" if changed else "normal")
                bar_y = y + (text.count("\n") + 1) * line + 0.04 + BAR_H / 2
                ax.barh(bar_y, 100, height=BAR_H, color=COLORS["track"], linewidth=0, zorder=1)
                if r.bound == "lower":
                    style.lower_bound_bar(ax, bar_y, r.percent, BAR_H, COLORS["blue"], extend=min(8, 100 - r.percent))
                else:
                    style.reported_bar(ax, bar_y, r.percent, BAR_H, COLORS["blue"])
                ax.plot([100, 100], [bar_y - BAR_H / 2 - 0.03, bar_y + BAR_H / 2 + 0.03], color=COLORS["ink"],
                        lw=2.2 if changed else 1.0, zorder=3, clip_on=False)  # the whole: 100%, heavier when it changed
                y += (text.count("\n") + 1) * line + 0.04 + BAR_H + GAP
        ax.xaxis.set_major_locator(FixedLocator([0, 50, 100]))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.percent(v, lang, 0)))
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        return fig
