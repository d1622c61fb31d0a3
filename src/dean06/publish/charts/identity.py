"""Identity: how many chip-ID cards and e-ID accounts have been issued, over time. Every cumulative
count of the chip-ID and e-ID areas whose unit is what those areas issue (cards, accounts), one
series per metric, in one panel on one scale from zero. Applications and the other steps of the
process are counts of another thing: the story and the area's section print them."""

from __future__ import annotations

import sys
from datetime import date

import matplotlib.dates as mdates
from matplotlib import transforms
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from dean06 import formatting
from dean06.edition import Edition
from dean06.publish.charts import AREAS, PLACES, common, figtext, style
from dean06.publish.charts.inputs import Tables
from dean06.publish.charts.style import COLORS, SIZE
from dean06.wording import chart as t

NAME = "identity"
AREA = AREAS[NAME]
PLACE = PLACES[NAME]
DRAWN_AREAS = ("chip_id", "eid")  # the metrics this chart draws: ID cards and e-ID
KINDS = ("cumulative_count",)
ISSUED_UNITS = ("cards", "accounts")  # metrics.csv units of what the areas issue (not applications)
MARKER = 7  # points
PALETTE = [COLORS[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky", "muted")]
COLUMNS = ["area", "family", "series", "label", "claim_id", "source_id", "as_of", "period", "value", "bound", "lower",
           "upper", "unit", "flag_derived", "derived_from", "value_text", "color", "outlet", "published_date",
           "published_date_inferred"]


def metrics(tables: Tables) -> list[str]:
    """The counts this chart shows, in metrics.csv order: cumulative counts of the chip-ID and e-ID
    areas of what those areas issue (ISSUED_UNITS)."""
    m = common.catalogue(tables)
    return [k for k, r in m.iterrows()
            if r["area"] in DRAWN_AREAS and r["kind"] in KINDS and r["unit"] in ISSUED_UNITS]


@common.chart_data
def data(tables: Tables, edition: Edition) -> pd.DataFrame:
    """One row per figure (derived rows as claims_clean.csv holds them); series = metric."""
    lang = edition.lang
    wanted = metrics(tables)
    m = common.catalogue(tables)
    names = common.labels(tables, lang)
    stats = common.statistics(tables, wanted)
    rows = []
    for r in stats.to_dict("records"):
        value = common.number(r["value"])
        rows.append({"area": m.loc[r["metric"], "area"], "family": m.loc[r["metric"], "family"], "series": r["metric"], "label": names[r["metric"]],
                     "claim_id": r["claim_id"], "source_id": r["source_id"], "as_of": r["as_of"],
                     "period": figtext.month(r["as_of"], lang), "value": value, "bound": r["bound"],
                     "lower": common.number(r["lower"]), "upper": common.number(r["upper"]), "unit": r["unit"],
                     "flag_derived": bool(r["flag_derived"]), "derived_from": r["derived_from"],
                     "value_text": figtext.figure(value, r["unit"], r["bound"], lang, derived=bool(r["flag_derived"]))})
    out = pd.DataFrame(rows, columns=COLUMNS[:-3])
    order = {k: i for i, k in enumerate(wanted)}
    out = out.assign(_o=out["series"].map(order)).sort_values(["_o", "as_of", "claim_id"]).drop(columns="_o")
    out["color"] = out["series"].map(colours(out))
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


def _other(frame: pd.DataFrame, top: pd.Series) -> pd.Series | None:
    """The latest reported figure of the largest other area (chip-ID cards beside e-ID accounts)."""
    reported = frame[~frame["flag_derived"] & frame["area"].ne(top["area"]) & frame["area"].isin(DRAWN_AREAS)]
    if reported.empty:
        return None
    return reported.sort_values(["as_of", "value", "claim_id"], ascending=[False, False, True]).iloc[0]


def title(frame: pd.DataFrame, edition: Edition) -> str:
    """The finding: how the headline count grew, or where it stands beside the other area's count."""
    lang = edition.lang
    if frame.empty:
        return t("empty.title", lang)
    top = _headline(frame)
    mine = frame[(frame["series"] == top["series"]) & ~frame["flag_derived"]].sort_values(["as_of", "claim_id"])
    if mine["as_of"].nunique() >= 2:
        first = mine.iloc[0]
        return t("identity.title.growth", lang, label=top["label"], first=first["value_text"],
                 first_period=first["period"], last=top["value_text"], last_period=top["period"])
    other = _other(frame, top)
    if other is None:
        return t("identity.title", lang, label=top["label"], value=top["value_text"], period=top["period"])
    return t("identity.title.beside", lang, label=top["label"], value=top["value_text"], period=top["period"],
             other_label=common.mid_sentence(other["label"]), other_value=other["value_text"],
             other_period=other["period"])


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
    joined = frame.groupby("series")["as_of"].size().max() >= 2  # a line is drawn: the subtitle says what it joins
    return t("identity.subtitle" if joined else "identity.subtitle.points", lang)


def alt_text(frame: pd.DataFrame, edition: Edition) -> str:
    """The title, then every measure with its figures: what the chart's marks and labels show."""
    lang = edition.lang
    if frame.empty:
        return common.empty_alt(frame, edition)
    items = [_item(m, rows, lang) for m, rows in _series(frame)]
    # one alt text for both layouts: the phone's may number the measures where the page's names them
    return t("identity.alt", lang, title=title(frame, edition), finding=subtitle(frame, edition) + ". " + "; ".join(items))


def _x(iso: str) -> float:
    return mdates.date2num(date.fromisoformat(iso))


def _mark(r) -> str:
    return "D" if r.flag_derived else ("^" if r.bound == "lower" else "o")


def handles(frame: pd.DataFrame, lang: str) -> list:
    """The kinds of mark drawn, as drawn (markers alone: the series are named on the chart)."""
    kinds = set(_mark(r) for r in frame.itertuples())
    out = []
    for marker, key, face in (("o", "legend.reported", COLORS["muted"]), ("^", "legend.lower", "white"),
                              ("D", "legend.derived", "white")):
        if marker in kinds:
            out.append(Line2D([], [], color=COLORS["muted"], marker=marker, linestyle="", markerfacecolor=face,
                              markersize=MARKER, markeredgewidth=1.6, label=style.legend_label(t(key, lang))))
    return out


def colours(frame: pd.DataFrame) -> dict[str, str]:
    """One colour a series while the palette lasts; beyond it every series is ink and named by its
    label on the chart alone, so no colour stands for two series."""
    series = list(dict.fromkeys(frame["series"]))
    if len(series) <= len(PALETTE):
        return dict(zip(series, PALETTE))
    return {k: COLORS["ink"] for k in series}


def dodges(points: list[tuple[str, float, float]], px_per_unit: float, min_px: float,
           px_per_day: float = 0.0) -> dict[str, float]:
    """Horizontal offsets (in points) that keep marks apart on the page: (key, x, y in data units),
    placed earliest first (of one date, lowest first), each at its own date while no mark placed
    before it is within `min_px`, else moved sideways by the smallest half-step of a marker that
    clears them all, at most two: where none does (reports a few weeks apart along a long axis), the
    step that leaves it farthest from the others, so no mark strays far from its date or covers
    another. Marks of one date at one height stand side by side."""
    step = MARKER * 0.7  # points: half the spacing of two marks set side by side
    px = style.DPI / 72
    placed: list[tuple[float, float]] = []
    out = {}
    for key, x, y in sorted(points, key=lambda p: (p[1], p[2], p[0])):
        def nearest(k: int) -> float:
            at = (x * px_per_day + k * step * px, y * px_per_unit)
            return min([((at[0] - q[0]) ** 2 + (at[1] - q[1]) ** 2) ** 0.5 for q in placed] or [min_px])
        ks = (0, 1, -1, 2, -2)
        k = next((k for k in ks if nearest(k) >= min_px), None)
        if k is None:
            k = max(ks, key=lambda k: (round(nearest(k), 6), -abs(k)))
        out[key] = k * step
        placed.append((x * px_per_day + k * step * px, y * px_per_unit))
    return out


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in inches from the panel's lower left corner


def _hits(box: Box, boxes: list[Box]) -> int:
    return sum(1 for b in boxes if min(box[2], b[2]) > max(box[0], b[0]) and min(box[3], b[3]) > max(box[1], b[1]))


def _crossed(box: Box, segments: list[tuple[float, float, float, float]]) -> int:
    """How many of the drawn lines (segments, inches) run through the box: sampled along each."""
    n = 0
    for x0, y0, x1, y1 in segments:
        steps = max(2, int(max(abs(x1 - x0), abs(y1 - y0)) / 0.02))
        n += any(box[0] < x0 + (x1 - x0) * k / steps < box[2] and box[1] < y0 + (y1 - y0) * k / steps < box[3]
                 for k in range(steps + 1))
    return n


def place_labels(anchors: list[tuple[float, float]], sizes: list[tuple[float, float]], marks: list[Box],
                 segments: list[tuple[float, float, float, float]], area: Box, gap: float = 0.13) -> list[Box]:
    """A box for each label beside its anchor (a series' last mark, inches), none on another label,
    on a mark or across a drawn line, inside `area`: to the right of the mark, a little higher or
    lower if it must, else above, below or to its left; never far from its mark, so no leader line
    is needed. `sizes`: (width, height) of each label. Of the places that touch something, the one
    that touches least."""
    shifts = [0.0] + [d * k for k in range(1, 31) for d in (0.05, -0.05)]
    placed: list[Box] = []
    for (x, y), (w, h) in zip(anchors, sizes):
        candidates = [(x + gap, y - h / 2 + dy, x + gap + w, y + h / 2 + dy) for dy in shifts]
        candidates += [(x - w * f, y + gap, x - w * f + w, y + gap + h) for f in (0.0, 0.5, 1.0)]
        candidates += [(x - w * f, y - gap - h, x - w * f + w, y - gap) for f in (0.0, 0.5, 1.0)]
        candidates += [(x - gap - w, y - h / 2 + dy, x - gap, y + h / 2 + dy) for dy in shifts]
        inside = [c for c in candidates if c[0] >= area[0] and c[2] <= area[2] and c[1] >= area[1] and c[3] <= area[3]]

        def cost(c: Box) -> tuple:
            return (_hits(c, placed) + _hits(c, marks) + _crossed(c, segments), candidates.index(c))
        placed.append(min(inside or candidates, key=cost))
    return placed


def _months(lo: float, hi: float, step: int) -> list[str]:
    """The first days ('YYYY-MM-01') between `lo` and `hi` (date numbers) of every `step`-th month
    of the year (January, then every `step` months)."""
    start, end = mdates.num2date(lo).date(), mdates.num2date(hi).date()
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        iso = f"{y}-{m:02d}-01"
        if (m - 1) % step == 0 and lo <= _x(iso) <= hi:
            out.append(iso)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _stand_apart(ticks: list[float], labels: list[str], lo: float, hi: float, plot_w: float) -> bool:
    widths = [style.text_width(label, SIZE["small"]) for label in labels]
    return all((b - a) / (hi - lo) * plot_w >= (wa + wb) / 2 + 0.08
               for a, b, wa, wb in zip(ticks, ticks[1:], widths, widths[1:]))


def _time_ticks(dates: list[str], lo: float, hi: float, plot_w: float, lang: str) -> tuple[list, list, list]:
    """(ticks, labels, boundaries) of the time axis, the first layout whose labels stand apart:
    each month with data, labelled at its middle; else the first day of every 1, 2, 3 or 6 months;
    else each year labelled at its middle between tick marks at 1 January. Every mark then sits at
    its own date between the labelled months (21 December after the '12/2023' tick, before 2024)."""
    months = sorted({d[:7] for d in dates})
    xs = [_x(m + "-15") for m in months]
    labels = [figtext.axis_month(m + "-01", lang) for m in months]
    if len(months) <= 6 and _stand_apart(xs, labels, lo, hi, plot_w):
        return xs, labels, []
    for step in (1, 2, 3, 6):
        firsts = _months(lo, hi, step)
        if len(firsts) >= 2:
            ticks, labels = [_x(d) for d in firsts], [figtext.axis_month(d, lang) for d in firsts]
            if _stand_apart(ticks, labels, lo, hi, plot_w):
                return ticks, labels, []
    years = sorted({int(d[:4]) for d in dates})  # the axis then spans whole years, each labelled at its middle
    return ([_x(f"{y}-07-02") for y in years], [str(y) for y in years],
            [_x(f"{y}-01-01") for y in range(years[0], years[-1] + 2)])


def _ticks_fit(dates: list[str], plot_w: float, lang: str) -> bool:
    """Whether the time axis's labels stand apart on a plot area `plot_w` inches wide (years alone
    only when the dates span two years or more): else the panel takes the page's width."""
    if not dates:
        return True
    first, last = min(_x(d) for d in dates), max(_x(d) for d in dates)
    pad = max(60.0, (last - first) * 0.22)
    ticks, labels, bounds = _time_ticks(dates, first - pad, last + pad, plot_w, lang)
    if not bounds:
        return True
    # years: only across two years or more, and only while the years' labels stand apart (each
    # labelled at its middle, between the 1 January lines)
    return len({d[:4] for d in dates}) >= 2 and _stand_apart(ticks, labels, bounds[0], bounds[-1], plot_w)


def _unbroken(figure: str) -> str:
    """A figure's number kept with its scale word on a wrapped name ('hơn' / '70 triệu', never
    'hơn 70' / 'triệu'); its qualifier may stand on the line before, so the name keeps its width."""
    return "\u00a0".join(figure.rsplit(" ", 1))


def _layout(frame: pd.DataFrame, edition: Edition) -> dict:
    """Where the series are named: beside the panel while the names fit there, else by numbers at
    their latest marks and a key under a panel as wide as the page; and the page's measures."""
    lang = edition.lang
    line = style.line_height(SIZE["small"])
    label_w = 1.75
    series = list(_series(frame))
    below_axis = 0.45
    module = sys.modules[__name__]
    marks = handles(frame, lang)
    dates = list(frame["as_of"])

    def beside(with_value: bool) -> tuple[list[str], list[float], float]:
        chars = style.chars_for(label_w, SIZE["small"])
        texts = [style.wrap_label(f"{rows['label'].iloc[0]}: {_unbroken(rows['value_text'].iloc[-1])}" if with_value
                                  else rows["label"].iloc[0], chars) for _, rows in series]
        heights = [(txt.count("\n") + 1) * line * 1.05 + 0.06 for txt in texts]
        return texts, heights, sum(heights)

    def keyed(with_value: bool) -> tuple[list[str], list[float], float]:
        chars = style.chars_for(style.page_width() - 2 * style.PAD - number_w, SIZE["small"])
        texts = [style.wrap_label(f"{rows['label'].iloc[0]}: {_unbroken(rows['value_text'].iloc[-1])}" if with_value
                                  else rows["label"].iloc[0], chars) for _, rows in series]
        heights = [(txt.count("\n") + 1) * line * 1.05 + 0.04 for txt in texts]
        return texts, heights, sum(heights)

    left = 1.2
    budget = common.body_budget(module, frame, edition, handles=marks, below=below_axis)
    keyed_mode = False
    texts, heights, need = beside(True)
    if need + 0.1 > budget:  # each series named by its name alone (the figures: alt text and CSV)
        texts, heights, need = beside(False)
    right = style.PAD + label_w + 0.1
    if need + 0.1 > budget or budget < 3.4 or not _ticks_fit(dates, style.page_width() - left - right, lang):
        keyed_mode = True
    if keyed_mode:
        number_w = style.text_width(str(len(series)), SIZE["small"]) + 0.12
        right = style.PAD + number_w + 0.1
        for with_value in (True, False):
            texts, heights, need = keyed(with_value)
            below = below_axis + 0.15 + need
            budget = common.body_budget(module, frame, edition, handles=marks, below=below)
            if budget >= max(2.4, len(series) * line * 1.05 + 0.1):
                break
        body = max(min(3.4, budget), len(series) * line * 1.05 + 0.1)
    else:
        below = below_axis
        body = max(3.4, min(need * 1.25 + 0.3, max(budget, need + 0.1)))
    return {"keyed": keyed_mode, "texts": texts, "heights": heights, "body": body, "left": left, "right": right,
            "below": below, "below_axis": below_axis, "number_w": number_w if keyed_mode else 0.0}


def draw(frame: pd.DataFrame, edition: Edition) -> Figure:
    """One panel, one shared scale from zero: each series' marks at their dates, joined by a line only
    when the series has two or more. Each series is named beside the panel at its latest mark while
    the names fit there; with more series (or a time axis that needs the width) the panel takes the
    page's width, each series ends in a number, and a key under the panel names the numbers."""
    lang = edition.lang
    colour = colours(frame)
    line = style.line_height(SIZE["small"])
    series = list(_series(frame))
    module = sys.modules[__name__]
    marks = handles(frame, lang)
    g = _layout(frame, edition)
    keyed_mode, texts, heights, body = g["keyed"], g["texts"], g["heights"], g["body"]
    left, right, below, below_axis, number_w = g["left"], g["right"], g["below"], g["below_axis"], g["number_w"]
    with style.context():
        fig, ax = common.frame_page(module, frame, edition, body_height=body, left=left, right=right,
                                    below=below, handles=marks)
        if frame.empty:
            style.empty(ax, lang)
            return fig
        W = fig.get_figwidth()
        plot_w = W - left - right
        first, last = min(_x(d) for d in frame["as_of"]), max(_x(d) for d in frame["as_of"])
        pad = max(60.0, (last - first) * 0.22)  # room for the first date's label beside the value axis
        lo, hi = first - pad, last + pad
        top = float(np.nanmax(frame[["value", "upper"]].to_numpy(dtype=float)))
        yticks = [v for v in MaxNLocator(nbins=4).tick_values(0, top * 1.05)]
        ymax = max(yticks[-1], top * 1.05)
        ax.set_xlim(lo, hi)
        ax.set_ylim(0, ymax)
        px_per_unit = body * style.DPI / ymax
        ticks, tick_labels, bounds = _time_ticks(list(frame["as_of"]), lo, hi, plot_w, lang)
        x_lo, x_hi = (bounds[0], bounds[-1]) if bounds else (lo, hi)
        offsets = dodges([(r.claim_id, _x(r.as_of), r.value) for r in frame.itertuples()], px_per_unit,
                         MARKER * 1.3 * style.DPI / 72, plot_w * style.DPI / (x_hi - x_lo))
        for metric, rows in series:
            c = colour[metric]
            xs = [_x(d) for d in rows["as_of"]]
            if len(rows) >= 2:
                ax.plot(xs, rows["value"], color=c, lw=1.6, zorder=2)  # one metric: one line
            for x, r in zip(xs, rows.itertuples()):
                where = transforms.offset_copy(ax.transData, fig=fig, x=offsets[r.claim_id], y=0, units="points")
                kind = _mark(r)
                if kind == "D" and not np.isnan(r.lower) and not np.isnan(r.upper):
                    ax.errorbar([x], [r.value], yerr=[[r.value - r.lower], [r.upper - r.value]], fmt="none",
                                ecolor=c, elinewidth=1, capsize=3, zorder=3, transform=where)
                ax.plot([x], [r.value], linestyle="", marker=kind, markersize=MARKER, color=c,
                        markerfacecolor=c if kind == "o" else "white", markeredgewidth=1.6, zorder=4, transform=where,
                        clip_on=False)  # a point at the axis's first days is drawn whole
        # names (or numbers keyed under the panel) just beside each series' latest mark: no leader
        # line, which would read as a count holding steady
        def inch(x: float, v: float, off: float = 0.0) -> tuple[float, float]:
            return (x - x_lo) / (x_hi - x_lo) * plot_w + off / 72, v / ymax * body
        half = MARKER / 72 / 2 + 0.02
        marks_in = [inch(_x(r.as_of), r.value, offsets[r.claim_id]) for r in frame.itertuples()]
        mark_boxes = [(a - half, b - half, a + half, b + half) for a, b in marks_in]
        segments = []
        for _, rows in series:
            pts = [inch(_x(r.as_of), r.value, offsets[r.claim_id]) for r in rows.itertuples()]
            segments += [(a[0], a[1], b[0], b[1]) for a, b in zip(pts, pts[1:])]
            for r in rows.itertuples():  # a derived figure's range is drawn too
                if _mark(r) == "D" and not np.isnan(r.lower) and not np.isnan(r.upper):
                    a, lo_in = inch(_x(r.as_of), r.lower, offsets[r.claim_id])
                    segments.append((a, lo_in, a, inch(_x(r.as_of), r.upper)[1]))
        order = sorted(range(len(series)), key=lambda i: -float(series[i][1]["value"].iloc[-1]))
        # numbered top to bottom by their latest figure, so the key reads in the same order
        names = {i: str(n) for n, i in enumerate(order, 1)} if keyed_mode else dict(enumerate(texts))
        weight = "bold" if keyed_mode else "normal"
        sizes = [(max(style.text_width(x, SIZE["small"]) for x in names[i].split("\n")),
                  (names[i].count("\n") + 1) * line * 1.05) for i in order]
        anchors = [marks_in[list(frame["claim_id"]).index(series[i][1]["claim_id"].iloc[-1])] for i in order]
        area = (0.0, 0.0, W - left - style.PAD * 0.6, body + 0.1)
        for i, box in zip(order, place_labels(anchors, sizes, mark_boxes, segments, area)):
            ax.text(box[0] / plot_w, (box[1] + box[3]) / 2 / body, names[i], transform=ax.transAxes, ha="left",
                    va="center", fontsize=SIZE["small"], color=colour[series[i][0]], linespacing=1.05,
                    clip_on=False, fontweight=weight)
        if keyed_mode:  # the key under the panel: each number, then its series' name (and latest figure)
            y_in = -(below_axis + 0.15)
            for i in order:
                metric = series[i][0]
                ax.text((style.PAD - left) / plot_w, y_in / body, names[i], transform=ax.transAxes, ha="left",
                        va="top", fontsize=SIZE["small"], fontweight="bold", color=colour[metric], clip_on=False)
                ax.text((style.PAD + number_w - left) / plot_w, y_in / body, texts[i], transform=ax.transAxes,
                        ha="left", va="top", fontsize=SIZE["small"], color=colour[metric], linespacing=1.05,
                        clip_on=False)
                y_in -= heights[i]
        if bounds:
            ax.set_xlim(bounds[0], bounds[-1])
        ax.set_xticks(ticks)
        ax.set_xticklabels(tick_labels)
        ax.tick_params(axis="x", length=0, pad=9)  # clear of the value axis's 0
        for b in bounds:
            ax.axvline(b, color=COLORS["grid"], lw=0.8, zorder=0)
        ax.set_yticks([v for v in yticks if v <= ymax])
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.compact(v, lang) if v else "0"))
        ax.grid(axis="y", color=COLORS["grid"], lw=0.5)
        ax.set_axisbelow(True)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        return fig
