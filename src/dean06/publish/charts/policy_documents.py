"""Policy documents: the policy area's cumulative counts (metrics.csv area 'policy'), one row per
metric and one mark per report date, coloured by its date. Reported at more dates than there are
colours, or too many for the page's height, each metric shows its first and latest report (the
subtitle counts those in between), so the chart keeps its height and each colour one meaning
however many articles the archive holds.
Look-alike metrics (one family, different scope) are separate rows, so a count of one scope is never
read as growth of another."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from matplotlib import ticker as mpl_ticker
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
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
LOG_SPAN = 20  # counts further apart than this share a logarithmic axis (see log_scale)
LOG_TICKS = 6  # labelled powers of ten on a logarithmic axis at most: more would overlap
SHADES = [COLORS[c] for c in ("sky", "blue", "green", "orange", "purple", "vermillion")]
# `mark`: what a mark's colour stands for: its report `date` (every report drawn), or `first` and
# `latest` (each metric's first and latest report: more dates than SHADES)
MARKS = {"first": COLORS["sky"], "latest": COLORS["blue"]}
COLUMNS = ["metric", "family", "label", "claim_id", "source_id", "as_of", "period", "value", "bound", "value_text",
           "mark", "outlet", "published_date", "published_date_inferred"]


def metrics(tables: Tables) -> list[str]:
    m = common.catalogue(tables)
    return [k for k, r in m.iterrows() if r["area"] == AREA and r["kind"] in KINDS]


@common.chart_data
def data(tables: Tables, edition: Edition) -> pd.DataFrame:
    """One row per metric and report date: each mark sits at its `value` on the chart's one axis."""
    every = {lang: _every_report(tables, lang) for lang in LANGS}
    frame = every[edition.lang]
    # a colour per date while there are colours enough and the page has room in both editions
    if frame["as_of"].nunique() <= len(SHADES) and all(_fits(f, Edition(lang, edition.as_of))
                                                       for lang, f in every.items()):
        frame.attrs["not_drawn"] = 0
        return frame
    ends = frame.groupby("metric", sort=False)
    kept = pd.concat([ends.head(1).assign(mark="first"), ends.tail(1).assign(mark="latest")])
    kept = kept[~kept.index.duplicated(keep="last")].sort_index().reset_index(drop=True)  # one report: the latest
    kept.attrs["not_drawn"] = len(frame) - len(kept)
    return kept


def _every_report(tables: Tables, lang: str) -> pd.DataFrame:
    """One row per metric and report date, each coloured by its date."""
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


def _growth(frame: pd.DataFrame) -> pd.DataFrame:
    """Per metric reported at two or more dates: first and last figure, and the rise between them."""
    out = []
    for metric, rows in frame.groupby("metric", sort=False):
        if len(rows) >= 2:
            a, b = rows.iloc[0], rows.iloc[-1]
            out.append({"metric": metric, "label": a["label"], "first": a, "last": b,
                        "rise": (b["value"] - a["value"]) / a["value"] if a["value"] else np.inf})
    return pd.DataFrame(out)


def title(frame: pd.DataFrame, edition: Edition) -> str:
    lang = edition.lang
    if frame.empty:
        return t("empty.title", lang)
    growth = _growth(frame)
    if len(growth):
        g = growth.sort_values(["rise", "metric"], ascending=[False, True]).iloc[0]
        return t("policy_documents.title", lang, label=g["label"], first=g["first"]["value_text"],
                 last=g["last"]["value_text"], first_period=g["first"]["period"], last_period=g["last"]["period"])
    top = frame.sort_values(["value", "metric"], ascending=[False, True]).iloc[0]  # one date each
    return t("policy_documents.title.single", lang, n=figtext.count(frame["metric"].nunique(), lang),
             period=figtext.month(frame["as_of"].max(), lang), label=common.mid_sentence(top["label"]),
             value=top["value_text"])


def _look_alikes(frame: pd.DataFrame) -> list[list[str]]:
    """Labels of the metrics that share a family: counts that look alike but are not one series."""
    groups = frame.drop_duplicates("metric").groupby("family", sort=False)["label"].agg(list)
    return [labels for labels in groups if len(labels) >= 2]


def subtitle(frame: pd.DataFrame, edition: Edition) -> str:
    lang = edition.lang
    if frame.empty:
        return t("empty.subtitle", lang)
    if _by_date(frame):
        text = t("policy_documents.subtitle", lang, k=figtext.count(len(_growth(frame)), lang),
                 n=figtext.count(frame["metric"].nunique(), lang))
    else:  # the colours' key, in words: no legend to take the page's height
        text = t("policy_documents.subtitle.ends", lang)
        if frame.attrs.get("not_drawn"):
            text += t("policy_documents.subtitle.between", lang, n=figtext.count(frame.attrs["not_drawn"], lang))
    for labels in _look_alikes(frame):
        text += t("policy_documents.subtitle.apart", lang,
                  labels=figtext.join([f"“{common.mid_sentence(x)}”" for x in labels], lang))
    return text


def alt_text(frame: pd.DataFrame, edition: Edition) -> str:
    if frame.empty:
        return common.empty_alt(frame, edition)
    return t("policy_documents.alt" if _by_date(frame) else "policy_documents.alt.ends", edition.lang,
             title=title(frame, edition), finding=subtitle(frame, edition))


def log_scale(values) -> bool:
    """Counts that span more than LOG_SPAN times (4 and 413) are dots on one shared logarithmic axis:
    on a shared linear axis from zero the small ones would vanish, and bars need a zero. Closer
    counts are bars on one shared axis from zero, their length proportional to the count."""
    values = [float(v) for v in values]
    return bool(values) and min(values) > 0 and max(values) / min(values) > LOG_SPAN


def log_ticks(lo: float, hi: float) -> list[float]:
    """The powers of ten within [lo, hi], at most LOG_TICKS of them, every so many decades. Floats:
    a power of ten past 2**63 as a Python int makes an object array numpy cannot take the log of."""
    first, last = int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi)))
    ticks = [v for v in (10.0 ** k for k in range(first, last + 1)) if lo <= v <= hi]
    return ticks[::-(-len(ticks) // LOG_TICKS)] if ticks else ticks


OFFSET = 6 / 72  # inches between a mark and its label


def _limits(values: list[float], labels: list[tuple[float, float]], plot_w: float, log: bool) -> tuple[float, float]:
    """The axis range: from zero (bars) or from half the smallest count (dots), wide enough that each
    line's label fits to the right of its farthest mark. `labels`: (that mark's value, inches the
    label needs)."""
    if log:
        lo = min(values) / 2
        span = max([np.log10(max(values) / lo) * 1.02]
                   + [np.log10(v / lo) / max(0.2, 1 - w / plot_w) for v, w in labels])
        return lo, lo * 10 ** span
    top = max([max(values)] + [v / max(0.2, 1 - w / plot_w) for v, w in labels] + [1.0])
    return 0.0, top


def _by_date(frame: pd.DataFrame) -> bool:
    return not frame["mark"].isin(list(MARKS)).any()


def _thin(ticks: list[float], lo: float, hi: float, plot_w: float, lang: str) -> list[float]:
    """Every other labelled power of ten until the labels stand apart on a plot `plot_w` inches wide."""
    def apart(ts):
        at = [np.log10(v / lo) / np.log10(hi / lo) * plot_w for v in ts]
        wide = [style.text_width(figtext.count(v, lang), SIZE["small"]) for v in ts]
        return all(b - a >= (wa + wb) / 2 + 0.12 for a, b, wa, wb in zip(at, at[1:], wide, wide[1:]))
    while len(ticks) > 1 and not apart(ticks):
        ticks = ticks[::2]
    return ticks


def _handles(frame: pd.DataFrame, periods: list[str], shade: dict, log: bool) -> list:
    """The legend shows the marks as drawn (a dot on a log axis, a bar on a linear one), one entry
    per report date. First and latest reports have none: the subtitle says which colour is which."""
    if not _by_date(frame):
        return []
    keys = [(shade[p], frame[frame["as_of"] == p]["period"].iloc[0]) for p in periods]
    if log:
        return [Line2D([], [], linestyle="", marker="o", markersize=8, color=c, label=label) for c, label in keys]
    return [Patch(color=c, label=label) for c, label in keys]


def _lines(frame: pd.DataFrame, lang: str) -> dict[str, list[tuple[list[int], str]]]:
    """Per metric, its lines of marks top down: (frame indices, label right of the line's farthest
    mark). A mark coloured by its date is a line of its own, labelled with its figure; a metric's
    first and latest report share one line, labelled 'first → latest' (their dates stand with the
    metric's name)."""
    out = {}
    for metric, rows in frame.groupby("metric", sort=False):
        if _by_date(frame):
            out[metric] = [([i], r.value_text) for i, r in zip(rows.index, rows.itertuples())]
        elif len(rows) == 1:
            out[metric] = [([rows.index[0]], rows["value_text"].iloc[0])]
        else:
            out[metric] = [(list(rows.index), t("policy_documents.first_latest", lang, first=rows["value_text"].iloc[0],
                                                 last=rows["value_text"].iloc[-1]))]
    return out


def _name(rows: pd.DataFrame, lang: str) -> str:
    """The metric's name; with first and latest reports, their months ('8/2022', 'Aug 2022') too,
    the span kept on one line."""
    first, last = rows.iloc[0], rows.iloc[-1]
    if _by_date(rows):
        return first["label"]
    if len(rows) == 1:
        return t("policy_documents.name_period", lang, label=first["label"], period=figtext.axis_month(first["as_of"], lang))
    span = t("policy_documents.span", lang, first=figtext.axis_month(first["as_of"], lang),
             last=figtext.axis_month(last["as_of"], lang))
    return t("policy_documents.name_span", lang, label=first["label"], span=span.replace(" ", "\u00a0"))


STEP, GAP = 0.21, 0.08  # inches: a line of marks; the room between metrics


def _layout(frame: pd.DataFrame, lang: str) -> dict:
    """Where names and marks go at the width being drawn, and how tall the plot is (inches). Names
    stand in a column on the left when each mark is a line of its own (the column as wide as makes
    names wrap least); above their marks, which take the full width, when a metric's first and
    latest report share a line and its name carries their dates."""
    line = style.line_height(SIZE["small"])
    beside = _by_date(frame)
    lines = _lines(frame, lang)

    def names_at(label_w: float):
        return {metric: style.fit_label(_name(rows, lang), label_w - 0.05)
                for metric, rows in frame.groupby("metric", sort=False)}

    def heights(names: dict) -> list[float]:
        return [(max((names[m].count("\n") + 1) * line, len(lines[m]) * STEP) if beside
                 else (names[m].count("\n") + 1) * line + len(lines[m]) * STEP) + GAP for m in names]
    if beside:
        widths = (1.85, 2.05, 2.25, 2.45, 2.65)

        def overflows(w: float) -> bool:  # a word longer than the column would run off the page
            return any(style.text_width(x, SIZE["small"]) > w for text in names_at(w).values() for x in text.split("\n"))
        # of equals, the narrowest column, so the marks keep the most room
        label_w = min(widths, key=lambda w: (overflows(w), round(sum(heights(names_at(w))), 6), w))
        left = style.PAD + label_w + 0.1
    else:
        left = style.PAD
        label_w = style.page_width() - 2 * style.PAD
    names = names_at(label_w)
    return {"beside": beside, "left": left, "names": names, "lines": lines, "heights": heights(names),
            "body": max(1.0, sum(heights(names)))}


def _fits(frame: pd.DataFrame, edition: Edition) -> bool:
    """Whether the chart fits the phone's layout (style.MAX_ASPECT) and the page's in print
    (style.PRINT_ASPECT)."""
    module = sys.modules[__name__]
    log = log_scale(frame["value"])
    periods = sorted(set(frame["as_of"]))
    shade = {p: SHADES[i % len(SHADES)] for i, p in enumerate(periods)}
    for width, aspect in ((style.NARROW, style.MAX_ASPECT), (style.WIDE, style.PRINT_ASPECT)):
        with style.drawn_at(width):
            header, footer = style.chrome(module.title(frame, edition), module.subtitle(frame, edition),
                                          style.source_line(frame, edition.lang, edition.as_of),
                                          style.numbered(_notes(log, edition.lang), edition.lang),
                                          handles=_handles(frame, periods, shade, log), below=BELOW)
            if header + _layout(frame, edition.lang)["body"] + footer > aspect * width:
                return False
    return True


def _notes(log: bool, lang: str) -> list[str]:
    return [t("policy_documents.note.log", lang)] if log else []


BELOW = 0.62  # inches under the plot: the axis and its name


def draw(frame: pd.DataFrame, edition: Edition) -> Figure:
    """Per metric: its name, then its marks (every report date, or its first and latest), each line
    with its figures (see _layout). Every mark of the chart is on one shared x axis, in the data's
    own unit; the vertical unit is an inch."""
    lang = edition.lang
    periods = sorted(set(frame["as_of"]))
    by_date = _by_date(frame)
    shade = {p: SHADES[i % len(SHADES)] for i, p in enumerate(periods)}
    colour = {i: shade[r.as_of] if by_date else MARKS[r.mark] for i, r in zip(frame.index, frame.itertuples())}
    log = log_scale(frame["value"])
    handles = _handles(frame, periods, shade, log) if len(frame) else []
    line = style.line_height(SIZE["small"])
    bar_h, step, gap = 0.18, STEP, GAP
    notes = _notes(log, lang)
    g = _layout(frame, lang)
    beside, left, names, lines, body = g["beside"], g["left"], g["names"], g["lines"], g["body"]
    with style.context():
        fig, ax = common.frame_page(sys.modules[__name__], frame, edition, notes, body_height=body, left=left,
                                    right=style.PAD, below=BELOW, handles=handles)
        if frame.empty:
            style.empty(ax, lang)
            return fig
        plot_w = ax.get_position().width * fig.get_figwidth()
        need = [(float(frame.loc[ix, "value"].max()), style.text_width(text, SIZE["small"]) + OFFSET + 0.05)
                for lns in lines.values() for ix, text in lns]
        lo, hi = _limits(frame["value"].astype(float).tolist(), need, plot_w, log)
        if not log:  # the labelled axis reaches the longest bar: its last tick is at or past it
            most = float(frame["value"].max())
            ticks = [v for v in mpl_ticker.MaxNLocator(nbins=4, integer=True).tick_values(0, most) if v >= 0]
            ticks = [v for v in ticks if v < most] + [next(v for v in ticks if v >= most)]
            hi = max(hi, ticks[-1])
        if log:
            ax.set_xscale("log")
        ax.set_xlim(lo, hi)
        ax.set_ylim(body, 0)
        marker_in = 8 / 72
        y = 0.0
        for metric, h in zip(names, g["heights"]):
            text = names[metric]
            inner = h - gap
            if beside:
                ax.text(-0.1 / plot_w, y + gap / 2 + inner / 2, text, ha="right", va="center", fontsize=SIZE["small"],
                        color=COLORS["ink"], linespacing=1.2, transform=ax.get_yaxis_transform())
                yb = y + gap / 2 + (inner - len(lines[metric]) * step) / 2 + step / 2
            else:  # the name on its own line above its marks, clear of the gridlines under it
                ax.text(0, y + gap / 2, text, ha="left", va="top", fontsize=SIZE["small"], color=COLORS["ink"],
                        linespacing=1.2, transform=ax.get_yaxis_transform(),
                        bbox=dict(facecolor="white", edgecolor="none", pad=1))
                yb = y + gap / 2 + (text.count("\n") + 1) * line + step / 2
            for ix, label in lines[metric]:
                values = [float(frame.loc[i, "value"]) for i in ix]
                if log:
                    ax.axhline(yb, color=COLORS["track"], lw=1, zorder=1)  # a faint guide: not a length
                    xs = [np.log10(v / lo) / np.log10(hi / lo) * plot_w for v in values]
                    # two dots closer than a marker and a half: the first a little above, the latest below
                    close = len(xs) == 2 and abs(xs[1] - xs[0]) < 1.5 * marker_in
                    ys = [yb - 0.045, yb + 0.045] if close else [yb] * len(xs)
                    if len(xs) == 2 and not close:  # first and latest joined
                        ax.plot(values, ys, color=COLORS["faint"], lw=1.2, zorder=2)
                    for i, v, yy in zip(ix, values, ys):
                        ax.plot([v], [yy], linestyle="", marker="o", markersize=8, color=colour[i], zorder=3)
                else:  # the longer bar behind, the shorter over it and thinner, so both show
                    for k, i in enumerate(sorted(ix, key=lambda i: -frame.loc[i, "value"])):
                        ax.barh(yb, frame.loc[i, "value"], height=bar_h * (0.5 if k else 1), color=colour[i],
                                linewidth=0, zorder=2 + k)
                ax.annotate(label, (max(values), yb), xytext=(6 if log else 4, 0), textcoords="offset points",
                            ha="left", va="center", fontsize=SIZE["small"], color=COLORS["ink"])
                yb += step
            y += h
            if y < body - 1e-9:  # a rule between metrics
                ax.axhline(y, color=COLORS["grid"], lw=0.6, zorder=0)
        if log:
            ax.set_xticks(_thin(log_ticks(lo, hi), lo, hi, plot_w, lang))
            ax.xaxis.set_minor_locator(mpl_ticker.NullLocator())
        else:
            ax.set_xticks(ticks)
        ax.xaxis.set_major_formatter(mpl_ticker.FuncFormatter(lambda v, _: figtext.count(v, lang)))
        ax.grid(axis="x", color=COLORS["grid"], lw=0.5)
        ax.set_axisbelow(True)
        ax.set_yticks([])
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        # the axis's name starts at the page's margin, under the names, so it never runs off the page
        ax.set_xlabel(t("policy_documents.axis.log" if log else "policy_documents.axis", lang), loc="left")
        ax.xaxis.label.set_x(-(left - style.PAD) / plot_w)

        return fig
