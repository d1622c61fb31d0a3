"""One function per chart: chart data + language -> matplotlib Figure, in the house style.

Figures are made with matplotlib.figure.Figure, not pyplot, so building charts never opens windows
or leaks figures; Jupyter still displays them."""

from __future__ import annotations

from datetime import date

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter
from matplotlib.transforms import blended_transform_factory

from dean06 import formatting
from dean06.publish.charts import captions, figtext, style
from dean06.publish.charts.style import COLORS, SIZE
from dean06.publish.charts.text import t

alt_text = captions.alt_text  # the alt text lives with the subtitle it restates


def _frame(name: str, data: pd.DataFrame, lang: str, notes=(), *, refs: bool = False, **layout):
    """The page for chart `name`; `refs` numbers the notes even when there is one, because marks on
    the chart point to them."""
    source = style.source_line(data, lang, data.attrs.get("as_of"))
    return style.page(t(f"{name}.title", lang), captions.subtitle(name, data, lang), source,
                      style.numbered(list(notes), lang, always=refs), **layout)


# ---------------------------------------------------------------------------------------------


def timeline(data: pd.DataFrame, lang: str) -> Figure:
    """Time runs down the page; each article is a bar as long as the number of statistics it
    printed, placed at its conference's date (articles about one conference sit side by side)."""
    handles = [
        Line2D([], [], marker="o", linestyle="", color=COLORS["blue"], label=t("timeline.date_stated", lang)),
        Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color=COLORS["blue"],
               label=t("timeline.date_inferred", lang)),
    ]
    with style.context():
        fig, ax = _frame("timeline", data, lang, [t("timeline.note", lang)], body_height=4.6, left=2.7,
                         right=0.25, below=0.55, handles=handles)
        if data.empty:
            style.empty(ax, lang)
            return fig
        spread = 34.0  # days between articles on one conference: room for their labels
        ys = []
        for event, group in data.groupby("event_date", sort=False):
            centre = mdates.date2num(date.fromisoformat(event))
            offsets = (np.arange(len(group)) - (len(group) - 1) / 2) * spread
            ys.extend(zip(group.index, centre + offsets))
        y = pd.Series(dict(ys)).reindex(data.index)
        top = max(int(data["n_figures"].max()), 1)
        ax.set_xlim(0, top * 2.3)
        lo, hi = y.min() - 45, y.max() + 45
        ax.set_ylim(hi, lo)  # earliest at the top

        for i, r in data.iterrows():
            yi = y[i]
            ax.barh(yi, r["n_figures"], height=16, color=COLORS["blue"], linewidth=0, zorder=2)
            ax.plot([0], [yi], marker="o", markersize=7, color=COLORS["blue"], zorder=3, clip_on=False,
                    markerfacecolor="white" if r["event_date_inferred"] else COLORS["blue"], markeredgewidth=1.4)
            key = "timeline.figures_one" if r["n_figures"] == 1 else "timeline.figures"
            lines = [f"{r['outlet']} · {r['source_id']}: {t(key, lang, n=figtext.count(r['n_figures'], lang))}"]
            if r["headline_text"]:
                lines.append(style.wrap_label(t("timeline.largest", lang, value=r["headline_text"],
                                                label=captions._mid_sentence(r["headline_label"])), 44))
            ax.text(r["n_figures"] + top * 0.04, yi, "\n".join(lines), va="center", ha="left",
                    fontsize=SIZE["small"], color=COLORS["ink"], linespacing=1.25)

        label_at = blended_transform_factory(ax.transAxes, ax.transData)
        for event, group in data.groupby("event_date", sort=False):
            centre = mdates.date2num(date.fromisoformat(event))
            ax.text(-0.06, centre, figtext.day(event, lang) + "\n" + style.wrap_label(group["conference"].iloc[0], 36),
                    transform=label_at, ha="right", va="center", fontsize=SIZE["small"], linespacing=1.25,
                    color=COLORS["ink"])
            if len(group) > 1:  # a bracket joins the articles that report one conference
                ax.plot([-0.025, -0.025], [y[group.index].min(), y[group.index].max()], transform=label_at,
                        color=COLORS["faint"], lw=0.8, clip_on=False)

        ax.set_yticks([])
        ax.spines["left"].set_color(COLORS["faint"])
        ax.xaxis.set_major_locator(FixedLocator([v for v in range(0, top + 1, 5 if top > 10 else 1)]))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: figtext.count(v, lang)))
        ax.set_xlabel(t("timeline.xlabel", lang), loc="left")
        ax.spines["bottom"].set_bounds(0, top)
        return fig


# ---------------------------------------------------------------------------------------------

IDENTITY_COLORS = {
    "chip_id_cards_issued": COLORS["blue"],
    "eid_applications_approved": COLORS["orange"],
    "eid_applications_received": COLORS["orange"],
    "eid_accounts_issued": COLORS["green"],
    "portal_accounts": COLORS["faint"],  # a different thing altogether: kept grey
}


def identity(data: pd.DataFrame, lang: str) -> Figure:
    """One bar per figure, grouped by month. No line joins any two bars: each bar is its own metric."""
    counts = data[data["plot_as"] == "count"]
    shares = data[data["plot_as"] == "share_without_base"]
    handles = style.mark_legend(lang, COLORS["muted"], lower=counts["bound"].eq("lower").any(),
                                derived=counts["flag_derived"].any())
    with style.context():
        fig, ax = _frame("identity", data, lang, body_height=3.9, left=0.85, right=0.25, below=0.95,
                         above=0.35, handles=handles)
        if counts.empty:
            style.empty(ax, lang)
            return fig
        ymax = float(counts["value"].max()) * 1.3
        extend = ymax * 0.1
        pos, groups, x = [], [], 0.0
        slots = pd.concat([counts, shares]).sort_values("as_of", kind="stable")
        for period, group in _by_month(slots):
            start = x
            for i in [*group.index[group["plot_as"] == "count"], *group.index[group["plot_as"] != "count"]]:
                pos.append((i, x))
                x += 1.0
            groups.append((period, start, x - 1.0))
            x += 1.3
        where = dict(pos)
        for i, r in shares.iterrows():
            ax.text(where[i], ymax * 0.04, r["value_text"], ha="center", va="bottom", fontsize=SIZE["subtitle"],
                    fontweight="bold", color=IDENTITY_COLORS["chip_id_cards_issued"])
            ax.text(where[i], ymax * 0.04 + ymax * 0.07, style.wrap_label(t("identity.share_no_base", lang), 16),
                    ha="center", va="bottom", fontsize=SIZE["note"], style="italic", color=COLORS["muted"],
                    linespacing=1.15)
        for i, r in counts.iterrows():
            colour = IDENTITY_COLORS.get(r["series"], COLORS["blue"])
            xi = where[i]
            if r["flag_derived"]:
                style.derived_bar(ax, xi, r["value"], 0.68, colour, horizontal=False)
                if not np.isnan(r["lower"]) and not np.isnan(r["upper"]) and r["upper"] > r["lower"]:
                    style.range_whisker(ax, xi, r["lower"], r["upper"], colour)
            elif r["bound"] == "lower":
                style.lower_bound_bar(ax, xi, r["value"], 0.68, colour, extend, horizontal=False)
            else:
                style.reported_bar(ax, xi, r["value"], 0.68, colour, horizontal=False)
            top = r["value"] + (extend * 1.15 if r["bound"] == "lower" else 0)
            text = r["value_text"] + ("\n" + style.wrap_label(f"({r['note']})", 14) if r["note"] else "")
            # a derived bar stands beside the reported one it comes from: lift its longer label clear
            lift = ymax * (0.08 if r["flag_derived"] else 0.015)
            # a white backing keeps a long label legible where it reaches over a neighbouring bar
            ax.text(xi, top + lift, text, ha="center", va="bottom", fontsize=SIZE["small"],
                    color=COLORS["ink"], linespacing=1.15, zorder=5,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5, "alpha": 0.9})
        ticks = sorted(pos, key=lambda p: p[1])
        ax.set_xticks([x_ for _, x_ in ticks])
        ax.set_xticklabels([style.wrap_label(slots.loc[i, "label"], 13) for i, _ in ticks], fontsize=SIZE["note"])
        ax.tick_params(axis="x", length=0, pad=4)
        for period, start, end in groups:
            ax.text((start + end) / 2, 1.02, period, transform=blended_transform_factory(ax.transData, ax.transAxes),
                    ha="center", va="bottom", fontsize=SIZE["label"], fontweight="bold", color=COLORS["ink"])
        for (_, _, end), (_, start, _) in zip(groups, groups[1:]):
            mid = (end + start) / 2
            ax.axvline(mid, color=COLORS["faint"], lw=0.9, ls=(0, (4, 3)), zorder=1)
            ax.text(mid, ymax * 0.5, style.wrap_label(t("identity.break", lang), 19), ha="center", va="center",
                    fontsize=SIZE["note"], style="italic", color=COLORS["muted"], linespacing=1.2,
                    bbox=dict(facecolor="white", edgecolor="none", pad=2))
        ax.set_xlim(-0.7, x - 0.2)
        ax.set_ylim(0, ymax)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.compact(v, lang) if v else "0"))
        ax.grid(axis="y", color=COLORS["grid"], lw=0.5)
        ax.set_axisbelow(True)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        return fig


def _by_month(frame: pd.DataFrame):
    """Groups of rows that share a month, in date order (17/2 and 25/2/2023 report one period)."""
    months = frame["as_of"].str[:7]
    for month in sorted(set(months)):
        group = frame[months == month]
        yield group["period"].iloc[0], group


# ---------------------------------------------------------------------------------------------


def coverage(data: pd.DataFrame, lang: str) -> Figure:
    """Horizontal bars against a 100% reference line, one row per figure, grouped by measure."""
    notes, refs = [], {}  # refs: row index -> note number shown beside its label
    derived = data[data["flag_derived"] & data["reading"].ne("")]
    if len(derived) >= 2:
        change = _security_change_text(data, lang)
        values = derived.sort_values("share")["value_text"].tolist()
        notes.append(t("coverage.note.ambiguous", lang, change=change, a=values[0], b=values[-1]))
        refs.update({i: len(notes) for i in derived.index})
    for i, r in data[data["denominator_from"].ne("")].iterrows():
        notes.append(t("coverage.note.borrowed_denominator", lang, label=r["label"], date=r["period"],
                       value=figtext.count(r["numerator"], lang), denominator=figtext.count(r["denominator"], lang),
                       source=r["denominator_from"].rsplit("-", 1)[0]))
        refs[i] = len(notes)
    handles = style.mark_legend(lang, COLORS["blue"], lower=data["bound"].eq("lower").any(),
                                derived=data["flag_derived"].any())
    n = len(data)
    with style.context():
        fig, ax = _frame("coverage", data, lang, notes, refs=True,
                         body_height=max(1.2, 0.36 * n + 0.2 * data["metric"].nunique()),
                         left=2.4, right=2.25, below=0.4, handles=handles)
        if data.empty:
            style.empty(ax, lang)
            return fig
        y, ys, previous = 0.0, [], None
        for r in data.itertuples():
            if previous is not None and r.metric != previous:
                y += 0.45
            ys.append(y)
            y += 1.0
            previous = r.metric
        for yi, (i, r) in zip(ys, zip(data.index, data.itertuples())):
            ax.barh(yi, 100, height=0.62, color=COLORS["track"], linewidth=0, zorder=1)
            if np.isnan(r.percent):
                continue
            if r.flag_derived:
                style.derived_bar(ax, yi, r.percent, 0.62, COLORS["blue"])
            elif r.bound == "lower":
                style.lower_bound_bar(ax, yi, r.percent, 0.62, COLORS["blue"], extend=min(8, 100 - r.percent))
            else:
                style.reported_bar(ax, yi, r.percent, 0.62, COLORS["blue"])
            parts = [r.value_text] + ([r.fraction_text] if r.fraction_text else []) + [r.period]
            label = " · ".join(parts)
            if i in refs:
                label += f" ({refs[i]})"
            if r.reading:
                label += "\n" + t(f"coverage.reading.{r.reading}", lang)
            ax.text(103, yi, label, va="center", ha="left", fontsize=SIZE["small"], color=COLORS["ink"],
                    linespacing=1.2, clip_on=False)
        ax.axvline(100, color=COLORS["ink"], lw=1.0, ls=(0, (3, 2)), zorder=3)
        ax.text(100, -0.75, t("coverage.target", lang), ha="center", va="bottom", fontsize=SIZE["small"],
                fontweight="bold")
        first = ~data["metric"].eq(data["metric"].shift())
        ax.set_yticks([yi for yi, f in zip(ys, first) if f])
        ax.set_yticklabels([style.wrap_label(label, 34) for label, f in zip(data["label"], first) if f])
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(y - 0.4, -0.8)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_locator(FixedLocator([0, 25, 50, 75, 100]))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.percent(v, lang, 0)))
        ax.spines["left"].set_visible(False)
        return fig


def _security_change_text(data: pd.DataFrame, lang: str) -> str:
    """The printed 'tăng 32,5%' recovered from a derived pair: (relative ÷ pp) tells the change."""
    d = data[data["reading"].ne("")].set_index("reading")["percent"]
    now = data[(data["metric"] == "info_systems_security_approved_share") & ~data["flag_derived"]]["percent"]
    if "percentage_points" in d and len(now):
        return figtext.percent(round(now.iloc[-1] - d["percentage_points"], 2), lang)
    return ""


# ---------------------------------------------------------------------------------------------


def policy_documents(data: pd.DataFrame, lang: str) -> Figure:
    """Grouped bars, one group per kind of document, one bar per report date. A later count of a
    different scope is drawn hollow and footnoted, so it does not read as growth."""
    reported = data[data["reported"]]
    periods = sorted(set(data["as_of"]))
    shades = dict(zip(periods, [COLORS["sky"], COLORS["blue"], COLORS["green"], COLORS["orange"]]))
    notes = []
    for r in reported[reported["comparable_to_previous"].map(lambda v: v is False)].itertuples():
        before = reported[(reported["family"] == r.family) & (reported["as_of"] < r.as_of)].iloc[-1]
        notes.append(t("policy.note.scope", lang, family=r.family_label, period_a=before["period"],
                       label_a=before["label"], a=before["value_text"], period_b=r.period, label_b=r.label,
                       b=r.value_text))
    handles = [Patch(color=shades[p], label=data[data["as_of"] == p]["period"].iloc[0]) for p in periods]
    if notes:
        handles.append(Patch(facecolor="white", edgecolor=COLORS["blue"], linewidth=1.2,
                             label=t("policy.legend.scope", lang)))
    families = list(dict.fromkeys(data["family"]))
    with style.context():
        fig, ax = _frame("policy_documents", data, lang, notes, refs=True,
                         body_height=max(1.2, 0.62 * len(families) * max(1, len(periods)) / 2 + 0.3),
                         left=2.35, right=0.5, below=0.55, handles=handles)
        if reported.empty:
            style.empty(ax, lang)
            return fig
        xmax = float(reported["value"].max()) * 1.18
        thick = 0.8 / max(1, len(periods))
        note_no = 0
        for f_i, family in enumerate(families):
            rows = data[data["family"] == family]
            for p_i, period in enumerate(periods):
                y = f_i + (p_i - (len(periods) - 1) / 2) * thick
                at = rows[rows["as_of"] == period]
                if at.empty:
                    continue
                r = at.iloc[0]
                if not r["reported"]:
                    ax.text(xmax * 0.01, y, t("policy.not_reported", lang, period=r["period"]), va="center",
                            ha="left", fontsize=SIZE["note"], style="italic", color=COLORS["faint"])
                    continue
                label = r["value_text"]
                if r["comparable_to_previous"] is False:
                    ax.barh(y, r["value"], height=thick * 0.9, facecolor="white", edgecolor=shades[period],
                            linewidth=1.4, zorder=2)
                    note_no += 1
                    label += f" ({note_no})"
                else:
                    ax.barh(y, r["value"], height=thick * 0.9, color=shades[period], linewidth=0, zorder=2)
                ax.text(r["value"] + xmax * 0.012, y, label, va="center", ha="left", fontsize=SIZE["small"])
        ax.set_yticks(range(len(families)))
        ax.set_yticklabels([style.wrap_label(data[data["family"] == f]["family_label"].iloc[0], 24) for f in families])
        ax.set_ylim(len(families) - 0.5, -0.5)
        ax.set_xlim(0, xmax)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: figtext.count(v, lang)))
        ax.set_xlabel(t("policy.xlabel", lang), loc="left")
        ax.grid(axis="x", color=COLORS["grid"], lw=0.5)
        ax.set_axisbelow(True)
        ax.spines["left"].set_visible(False)
        return fig


# ---------------------------------------------------------------------------------------------

STATUS_STYLE = {  # code, colour, symbol: the symbol carries the meaning without colour
    "": (0, "#F6F6F6", ""),
    "reported": (1, "#D4D4D4", "•"),
    "agrees": (2, COLORS["blue"], "✓"),
    "conflicts": (3, COLORS["vermillion"], "✕"),
    "not_comparable": (4, COLORS["yellow"], "≠"),
}


def source_agreement(data: pd.DataFrame, lang: str) -> Figure:
    """Metrics down, sources across; each cell says whether that source reported the metric and how
    its figure stands against the other sources'."""
    handles = [Patch(facecolor=colour, edgecolor=COLORS["grid"],
                     label=f"{symbol} {t('status.' + (status or 'blank'), lang)}".strip())
               for status, (_, colour, symbol) in STATUS_STYLE.items()]
    metrics = list(dict.fromkeys(data["metric"]))
    sources = list(dict.fromkeys(data["source_id"]))
    with style.context():
        fig, ax = _frame("source_agreement", data, lang, body_height=max(1.2, 0.21 * len(metrics)),
                         left=3.55, right=0.2, below=0.2, above=0.75, handles=handles)
        if data.empty:
            style.empty(ax, lang)
            return fig
        grid = data.pivot(index="metric", columns="source_id", values="status").loc[metrics, sources]
        codes = grid.map(lambda s: STATUS_STYLE[s][0]).astype(int)
        symbols = grid.map(lambda s: STATUS_STYLE[s][2])
        cmap = ListedColormap([STATUS_STYLE[s][1] for s in STATUS_STYLE])
        sns.heatmap(codes, ax=ax, cmap=cmap, vmin=-0.5, vmax=len(STATUS_STYLE) - 0.5, cbar=False,
                    annot=symbols.values, fmt="", annot_kws={"fontsize": SIZE["small"]},
                    linewidths=1.0, linecolor="white", square=False)
        labels = data.drop_duplicates("metric").set_index("metric").loc[metrics, "label"]
        ax.set_yticks(np.arange(len(metrics)) + 0.5)
        ax.set_yticklabels(labels, fontsize=SIZE["note"] - 0.5, rotation=0)
        firsts = data.drop_duplicates("source_id").set_index("source_id").loc[sources]
        ax.set_xticks(np.arange(len(sources)) + 0.5)
        ax.set_xticklabels([f"{style.wrap_label(r.outlet, 14)}\n{figtext.short_day(r.published_date, lang)}"
                            f"{'*' if r.published_date_inferred else ''}" for r in firsts.itertuples()],
                           fontsize=SIZE["note"], rotation=0)
        ax.xaxis.tick_top()
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.tick_params(length=0)
        return fig


CHARTS = {
    "timeline": timeline,
    "identity": identity,
    "coverage": coverage,
    "policy_documents": policy_documents,
    "source_agreement": source_agreement,
}
