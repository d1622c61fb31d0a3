"""Policy documents: the policy area's cumulative counts (metrics.csv area 'policy'), one row per
metric and one bar per report date. Look-alike metrics (one family, different scope) are separate
rows, so a count of one scope is never read as growth of another."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from matplotlib import ticker as mpl_ticker
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from dean06.edition import Edition
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
COLUMNS = ["metric", "family", "label", "claim_id", "source_id", "as_of", "period", "value", "bound", "value_text",
           "outlet", "published_date", "published_date_inferred"]


def metrics(tables: Tables) -> list[str]:
    m = common.catalogue(tables)
    return [k for k, r in m.iterrows() if r["area"] == AREA and r["kind"] in KINDS]


@common.chart_data
def data(tables: Tables, edition: Edition) -> pd.DataFrame:
    """One row per metric and report date: each mark sits at its `value` on the chart's one axis."""
    lang = edition.lang
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
                         "value_text": figtext.figure(r["value"], r["unit"], r["bound"], lang)})
    return common.with_sources(pd.DataFrame(rows, columns=COLUMNS[:-3]), tables, lang)


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
    top = frame.sort_values(["value", "metric"], ascending=[False, True]).iloc[0]
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
    text = t("policy_documents.subtitle", lang, k=figtext.count(len(_growth(frame)), lang),
             n=figtext.count(frame["metric"].nunique(), lang))
    for labels in _look_alikes(frame):
        text += t("policy_documents.subtitle.apart", lang,
                  labels=figtext.join([f"“{common.mid_sentence(x)}”" for x in labels], lang))
    return text


def alt_text(frame: pd.DataFrame, edition: Edition) -> str:
    if frame.empty:
        return common.empty_alt(frame, edition)
    return t("policy_documents.alt", edition.lang, title=title(frame, edition), finding=subtitle(frame, edition))


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


def _text_in(text: str) -> float:
    return len(text) * SIZE["small"] * 0.58 / 72 + 0.1


def _limits(frame: pd.DataFrame, labels: list[str], plot_w: float, log: bool) -> tuple[float, float]:
    """The axis range: from zero (bars) or from half the smallest count (dots), wide enough that each
    mark's label fits to its right."""
    values = frame["value"].astype(float).tolist()
    if log:
        lo = min(values) / 2
        span = max(np.log10(v / lo) / max(0.2, 1 - _text_in(text) / plot_w) for v, text in zip(values, labels))
        return lo, lo * 10 ** span
    top = max(max(v / max(0.2, 1 - _text_in(text) / plot_w) for v, text in zip(values, labels)), 1.0)
    return 0.0, top


def draw(frame: pd.DataFrame, edition: Edition) -> Figure:
    """Per metric: its name on a line, then one mark per report date, each with its figure. Every mark
    of the chart is on one shared x axis, in the data's own unit; the vertical unit is an inch."""
    lang = edition.lang
    periods = sorted(set(frame["as_of"]))
    by_colour = len(periods) <= len(SHADES)  # more dates than colours: each mark names its date instead
    shade = {p: SHADES[i] if by_colour else COLORS["blue"] for i, p in enumerate(periods)}
    log = log_scale(frame["value"])

    def handle(p):  # the legend shows the mark as drawn: a dot on a log axis, a bar on a linear one
        label = frame[frame["as_of"] == p]["period"].iloc[0]
        if log:
            return Line2D([], [], linestyle="", marker="o", markersize=8, color=shade[p], label=label)
        return Patch(color=shade[p], label=label)
    handles = [handle(p) for p in periods] if by_colour else []
    line = style.line_height(SIZE["small"])
    # names in a column on the left, each metric's marks beside its name, one under another: a row is
    # as tall as its name or its marks, so many metrics stay within the page's height
    bar_h, step, gap = 0.18, 0.21, 0.1
    marks = [r.value_text if by_colour else f"{r.value_text} · {r.period}" for r in frame.itertuples()]
    notes = [t("policy_documents.note.log", lang)] if log else []

    def rows_at(label_w: float):
        blocks = [(metric, rows, style.fit_label(rows["label"].iloc[0], label_w - 0.05))
                  for metric, rows in frame.groupby("metric", sort=False)]
        return blocks, [max((text.count("\n") + 1) * line, len(rows) * step) + gap for _, rows, text in blocks]
    # the name column at which names wrap least (the shortest chart); of equals, the narrowest, so
    # the marks keep the most room. A page still taller than its budget takes the shortest.
    widths = (1.85, 2.05, 2.25, 2.45, 2.65)

    def overflows(w: float) -> bool:  # a word longer than the column would run off the page
        return any(style.text_width(x, SIZE["small"]) > w for _, _, text in rows_at(w)[0] for x in text.split("\n"))
    label_w = min(widths, key=lambda w: (overflows(w), round(sum(rows_at(w)[1]), 6), w))
    blocks, heights = rows_at(label_w)
    body = max(1.0, sum(heights))
    left = style.PAD + label_w + 0.1
    with style.context():
        fig, ax = common.frame_page(sys.modules[__name__], frame, edition, notes, body_height=body, left=left,
                                    right=style.PAD, below=0.62, handles=handles)
        if frame.empty:
            style.empty(ax, lang)
            return fig
        plot_w = ax.get_position().width * fig.get_figwidth()
        lo, hi = _limits(frame, marks, plot_w, log)
        if log:
            ax.set_xscale("log")
        ax.set_xlim(lo, hi)
        ax.set_ylim(body, 0)
        label_of = dict(zip(frame.index, marks))
        y = 0.0
        for (metric, rows, text), h in zip(blocks, heights):
            inner = h - gap
            ax.text(-0.1 / plot_w, y + gap / 2 + inner / 2, text, ha="right", va="center", fontsize=SIZE["small"],
                    color=COLORS["ink"], linespacing=1.2, transform=ax.get_yaxis_transform())
            yb = y + gap / 2 + (inner - len(rows) * step) / 2 + step / 2
            for i, r in zip(rows.index, rows.itertuples()):
                if log:  # a faint guide across the row: a line from the axis's edge would read as a length
                    ax.axhline(yb, color=COLORS["track"], lw=1, zorder=1)
                    ax.plot([r.value], [yb], linestyle="", marker="o", markersize=8, color=shade[r.as_of], zorder=3)
                else:
                    ax.barh(yb, r.value, height=bar_h, color=shade[r.as_of], linewidth=0, zorder=2)
                ax.annotate(label_of[i], (r.value, yb), xytext=(6 if log else 4, 0), textcoords="offset points",
                            ha="left", va="center", fontsize=SIZE["small"], color=COLORS["ink"])
                yb += step
            y += h
            if y < body - 1e-9:  # a rule between metrics
                ax.axhline(y, color=COLORS["grid"], lw=0.6, zorder=0)
        if log:
            ax.set_xticks(log_ticks(lo, hi))
            ax.xaxis.set_minor_locator(mpl_ticker.NullLocator())
        else:
            ax.xaxis.set_major_locator(mpl_ticker.MaxNLocator(nbins=4, integer=True))
        ax.xaxis.set_major_formatter(mpl_ticker.FuncFormatter(lambda v, _: figtext.count(v, lang)))
        ax.grid(axis="x", color=COLORS["grid"], lw=0.5)
        ax.set_axisbelow(True)
        ax.set_yticks([])
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        # the axis's name starts at the page's margin, under the names, so it never runs off the page
        ax.set_xlabel(t("policy_documents.axis.log" if log else "policy_documents.axis", lang), loc="left")
        ax.xaxis.label.set_x(-(label_w + 0.1) / plot_w)

        return fig
