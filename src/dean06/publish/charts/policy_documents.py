"""Policy documents: the policy area's cumulative counts (metrics.csv area 'policy'), one row per
metric and one bar per report date. Look-alike metrics (one family, different scope) are separate
rows, so a count of one scope is never read as growth of another."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from dean06.edition import Edition
from dean06.publish.charts import AREAS, common, figtext, style
from dean06.publish.charts.inputs import Tables
from dean06.publish.charts.style import COLORS, SIZE
from dean06.wording import chart as t

NAME = "policy_documents"
AREA = AREAS[NAME]
KINDS = ("cumulative_count",)
SHADES = [COLORS[c] for c in ("sky", "blue", "green", "orange", "purple", "vermillion")]
COLUMNS = ["metric", "family", "label", "claim_id", "source_id", "as_of", "period", "value", "bound", "value_text",
           "scaled", "outlet", "published_date", "published_date_inferred"]


def metrics(tables: Tables) -> list[str]:
    m = common.catalogue(tables)
    return [k for k, r in m.iterrows() if r["area"] == AREA and r["kind"] in KINDS]


@common.chart_data
def data(tables: Tables, edition: Edition) -> pd.DataFrame:
    """One row per metric and report date; `scaled` is the value over the row's largest value."""
    lang = edition.lang
    wanted = metrics(tables)
    m = common.catalogue(tables)
    names = common.labels(tables, lang)
    stats = common.statistics(tables, wanted, derived=False)
    rows = []
    for metric in wanted:
        mine = stats[stats["metric"] == metric].sort_values(["as_of", "claim_id"]).drop_duplicates("as_of")
        top = mine["value"].max()
        for r in mine.to_dict("records"):
            rows.append({"metric": metric, "family": m.loc[metric, "family"], "label": names[metric],
                         "claim_id": r["claim_id"], "source_id": r["source_id"], "as_of": r["as_of"],
                         "period": figtext.month(r["as_of"], lang), "value": r["value"], "bound": r["bound"],
                         "value_text": figtext.figure(r["value"], r["unit"], r["bound"], lang),
                         "scaled": r["value"] / top if top else 0.0})
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


def draw(frame: pd.DataFrame, edition: Edition) -> Figure:
    """Per metric: its name on a line, then one thin bar per report date (shade = date, as in the
    legend), each with its figure. The axes' vertical unit is an inch."""
    lang = edition.lang
    periods = sorted(set(frame["as_of"]))
    shade = {p: SHADES[i % len(SHADES)] for i, p in enumerate(periods)}
    handles = [Patch(color=shade[p], label=frame[frame["as_of"] == p]["period"].iloc[0]) for p in periods]
    line = style.line_height(SIZE["small"])
    width_in = style.WIDTH - 2 * style.PAD
    chars = style.chars_for(width_in, SIZE["small"], bold=True)
    blocks = [(metric, rows, style.wrap_label(rows["label"].iloc[0], chars))
              for metric, rows in frame.groupby("metric", sort=False)]
    bar_h, gap = 0.2, 0.16
    heights = [(text.count("\n") + 1) * line + len(rows) * (bar_h + 0.05) + gap for _, rows, text in blocks]
    body = max(1.0, sum(heights) + 0.1)
    label_w = max([len(v) for v in frame["value_text"]] or [1]) * SIZE["small"] * 0.58 / 72 + 0.12
    span = max(0.5, (width_in - label_w) / width_in)  # the share of the width a full bar takes
    with style.context():
        fig, ax = common.frame_page(sys.modules[__name__], frame, edition, body_height=body, left=style.PAD,
                                    right=style.PAD, below=0.2, handles=handles)
        ax.set_axis_off()
        if frame.empty:
            style.empty(ax, lang)
            return fig
        ax.set_ylim(body, 0)
        ax.set_xlim(0, 1)
        y = 0.0
        for (metric, rows, text), h in zip(blocks, heights):
            ax.text(0, y, text, ha="left", va="top", fontsize=SIZE["small"], fontweight="bold", color=COLORS["ink"],
                    linespacing=1.2)
            yb = y + (text.count("\n") + 1) * line + 0.02 + bar_h / 2
            for r in rows.itertuples():
                length = max(r.scaled * span, 0.004)
                ax.barh(yb, length, height=bar_h, color=shade[r.as_of], linewidth=0, zorder=2)
                ax.text(length + 0.012, yb, r.value_text, ha="left", va="center", fontsize=SIZE["small"],
                        color=COLORS["ink"])
                yb += bar_h + 0.05
            y += h
        return fig
