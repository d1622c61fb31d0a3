"""Identity: every cumulative count of the chip-ID and e-ID areas (and of the families they share
with other areas), one line per metric over time, one panel per family. Points of one metric form
one series; look-alike metrics (one family) are separate lines and are never joined."""

from __future__ import annotations

import sys
from datetime import date

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from dean06 import formatting
from dean06.edition import Edition
from dean06.publish.charts import AREAS, common, figtext, style
from dean06.publish.charts.inputs import Tables
from dean06.publish.charts.style import COLORS
from dean06.wording import chart as t

NAME = "identity"
AREA = AREAS[NAME]
DRAWN_AREAS = ("chip_id", "eid")  # the metrics this chart draws: ID cards and e-ID
KINDS = ("cumulative_count",)
PALETTE = [COLORS[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky", "muted")]
COLUMNS = ["area", "family", "series", "label", "claim_id", "source_id", "as_of", "period", "value", "bound", "lower",
           "upper", "unit", "flag_derived", "derived_from", "value_text", "color", "outlet", "published_date",
           "published_date_inferred"]


def metrics(tables: Tables) -> list[str]:
    """The counts this chart shows, in metrics.csv order: cumulative counts of the chip-ID and e-ID
    areas, and the cumulative counts of every family one of those belongs to."""
    m = common.catalogue(tables)
    counts = m[m["kind"].isin(KINDS)]
    families = set(counts[counts["area"].isin(DRAWN_AREAS)]["family"])
    return [k for k, r in counts.iterrows() if r["area"] in DRAWN_AREAS or r["family"] in families]


@common.chart_data
def data(tables: Tables, edition: Edition) -> pd.DataFrame:
    """One row per figure (derived rows as claims_clean.csv holds them); series = metric."""
    lang = edition.lang
    wanted = metrics(tables)
    m = common.catalogue(tables)
    names = common.labels(tables, lang)
    stats = common.statistics(tables, wanted)
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(wanted)}
    rows = []
    for r in stats.to_dict("records"):
        value = common.number(r["value"])
        rows.append({"area": m.loc[r["metric"], "area"], "family": m.loc[r["metric"], "family"], "series": r["metric"], "label": names[r["metric"]],
                     "claim_id": r["claim_id"], "source_id": r["source_id"], "as_of": r["as_of"],
                     "period": figtext.month(r["as_of"], lang), "value": value, "bound": r["bound"],
                     "lower": common.number(r["lower"]), "upper": common.number(r["upper"]), "unit": r["unit"],
                     "flag_derived": bool(r["flag_derived"]), "derived_from": r["derived_from"],
                     "value_text": figtext.figure(value, r["unit"], r["bound"], lang, derived=bool(r["flag_derived"])),
                     "color": colour[r["metric"]]})
    out = pd.DataFrame(rows, columns=COLUMNS[:-3])
    order = {k: i for i, k in enumerate(wanted)}
    out = out.assign(_o=out["series"].map(order)).sort_values(["_o", "as_of", "claim_id"]).drop(columns="_o")
    return common.with_sources(out, tables, lang)


def _series(frame: pd.DataFrame):
    """(metric, its rows oldest first) in the frame's order."""
    for metric in dict.fromkeys(frame["series"]):
        yield metric, frame[frame["series"] == metric].sort_values(["as_of", "claim_id"])


def _headline(frame: pd.DataFrame) -> pd.Series:
    """The most recent reported figure of the chart's own area (the section it illustrates), else of
    any area; ties go to the longer series, then the larger value."""
    reported = frame[~frame["flag_derived"]]
    pool = reported if len(reported) else frame
    points = pool.groupby("series")["as_of"].transform("size")
    return (pool.assign(_n=points, _own=pool["area"].eq(AREA))
            .sort_values(["_own", "as_of", "_n", "value", "claim_id"], ascending=[False, False, False, False, True]).iloc[0])


def title(frame: pd.DataFrame, edition: Edition) -> str:
    if frame.empty:
        return t("empty.title", edition.lang)
    top = _headline(frame)
    return t("identity.title", edition.lang, label=top["label"], value=top["value_text"], period=top["period"])


def _item(metric: str, rows: pd.DataFrame, lang: str) -> str:
    first, last = rows.iloc[0], rows.iloc[-1]
    if len(rows) == 1:
        return t("identity.series.one", lang, label=first["label"], value=first["value_text"], period=first["period"])
    return t("identity.series.many", lang, label=first["label"], first=first["value_text"],
             first_period=first["period"], last=last["value_text"], last_period=last["period"])


def subtitle(frame: pd.DataFrame, edition: Edition) -> str:
    lang = edition.lang
    if frame.empty:
        return t("empty.subtitle", lang)
    top = _headline(frame)
    # the headline's look-alikes: the measures of its family that are not it
    family = frame[frame["family"] == top["family"]]
    items = [_item(m, rows, lang) for m, rows in _series(family) if m != top["series"]]
    return t("identity.subtitle", lang, items="; ".join(items) + ("." if items else "")).strip()


def alt_text(frame: pd.DataFrame, edition: Edition) -> str:
    if frame.empty:
        return common.empty_alt(frame, edition)
    return t("identity.alt", edition.lang, title=title(frame, edition), finding=subtitle(frame, edition).rstrip("."))


def _x(iso: str) -> float:
    return mdates.date2num(date.fromisoformat(iso))


def draw(frame: pd.DataFrame, edition: Edition) -> Figure:
    lang = edition.lang
    handles = []
    for metric, rows in _series(frame):
        handles.append(Line2D([], [], color=rows["color"].iloc[0], marker="o", lw=2,
                              label=style.legend_label(rows["label"].iloc[0])))
    if frame["bound"].eq("lower").any():
        handles.append(Line2D([], [], color=COLORS["muted"], marker="^", linestyle="", markerfacecolor="white",
                              label=style.legend_label(t("legend.lower", lang))))
    if frame["flag_derived"].any():
        handles.append(Line2D([], [], color=COLORS["muted"], marker="D", linestyle="", markerfacecolor="white",
                              label=style.legend_label(t("legend.derived", lang))))
    families = list(dict.fromkeys(frame["family"]))
    panel, gap = 1.9, 0.45
    body = max(1.2, len(families) * panel + (len(families) - 1) * gap)
    with style.context():
        fig, (bottom, height) = common.frame_page(sys.modules[__name__], frame, edition, body_height=body,
                                                  below=0.45, handles=handles, axes=False)
        W, H = fig.get_figwidth(), fig.get_figheight()
        left, right = 1.0, style.PAD + 0.1
        if frame.empty:
            ax = fig.add_axes((left / W, bottom / H, (W - left - right) / W, height / H))
            style.empty(ax, lang)
            return fig
        lo = min(_x(d) for d in frame["as_of"]) - 60
        hi = max(_x(d) for d in frame["as_of"]) + 60
        years = range(int(frame["as_of"].min()[:4]), int(frame["as_of"].max()[:4]) + 2)
        for f_i, family in enumerate(families):
            top_in = bottom + height - f_i * (panel + gap)
            ax = fig.add_axes((left / W, (top_in - panel) / H, (W - left - right) / W, panel / H))
            rows_f = frame[frame["family"] == family]
            ymax = float(np.nanmax(rows_f[["value", "upper"]].to_numpy(dtype=float))) * 1.15
            for metric, rows in _series(rows_f):
                colour = rows["color"].iloc[0]
                xs = [_x(d) for d in rows["as_of"]]
                ax.plot(xs, rows["value"], color=colour, lw=2, zorder=2)  # one metric: one line
                for x, r in zip(xs, rows.itertuples()):
                    if r.flag_derived:
                        if not np.isnan(r.lower) and not np.isnan(r.upper):
                            ax.errorbar([x], [r.value], yerr=[[r.value - r.lower], [r.upper - r.value]], fmt="none",
                                        ecolor=colour, elinewidth=1, capsize=3, zorder=3)
                        ax.plot([x], [r.value], linestyle="", marker="D", color=colour, markerfacecolor="white", zorder=4)
                    elif r.bound == "lower":
                        ax.plot([x], [r.value], linestyle="", marker="^", markersize=8, color=colour, markerfacecolor="white",
                                markeredgewidth=1.6, zorder=4)
                    else:
                        ax.plot([x], [r.value], linestyle="", marker="o", color=colour, zorder=4)
            ax.set_xlim(lo, hi)
            ax.set_ylim(0, ymax)
            ticks = [_x(f"{y}-01-01") for y in years if lo <= _x(f"{y}-01-01") <= hi]
            ax.set_xticks(ticks)
            ax.set_xticklabels([str(y) for y in years if lo <= _x(f"{y}-01-01") <= hi] if f_i == len(families) - 1
                               else [])
            ax.set_yticks([v for v in MaxNLocator(nbins=3).tick_values(0, ymax) if 0 <= v <= ymax])
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.compact(v, lang) if v else "0"))
            ax.grid(axis="y", color=COLORS["grid"], lw=0.5)
            ax.set_axisbelow(True)
            ax.spines["left"].set_visible(False)
            ax.tick_params(axis="y", length=0)
        return fig
