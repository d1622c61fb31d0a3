"""Source agreement (for reviewers): the metrics two or more sources report, down; sources across. A cell says whether that source
reported the metric and how its figure stands against the other sources' figures of the same metric:
'conflicts' (a finding of severity conflict involves the cell's claim), 'agrees' (a corroborated
reconciled row rests on it and on another source), 'series' (other sources report the metric at
other dates), 'single' (no other source reports the metric). Each metric falls in exactly one of
these classes (the first that any of its cells has), so the counts in the title add up. Only the
first three are drawn: a metric of a single source could not be checked, and is counted in the
subtitle (the frame's attrs["n_single"]).
A column is one source while every source's column fits the page; past that (dozens of articles on
a phone) each column gathers the sources of one month, quarter or year (the finest that fits), its
cell the strongest status of those sources (`drawn_in`), so the matrix keeps its rows however many
articles the archive holds."""

from __future__ import annotations

import sys
from collections import Counter

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from dean06.edition import Edition
from dean06.publish.charts import AREAS, PLACES, common, figtext, style, timeline
from dean06.publish.charts.inputs import Tables, split_ids
from dean06.publish.charts.style import COLORS, SIZE
from dean06.wording import chart as t

NAME = "source_agreement"
AREA = AREAS[NAME]
PLACE = PLACES[NAME]
STATUSES = ["conflicts", "agrees", "series", "single"]  # in order of precedence
STYLE = {"conflicts": (COLORS["vermillion"], "✕"), "agrees": (COLORS["blue"], "✓"),
         "series": (COLORS["sky"], "→"), "single": ("#D4D4D4", "•"), "": ("#F6F6F6", "")}
CELL = 0.23  # inches: the width of a source's column
COLUMNS = ["metric", "label", "source_id", "outlet", "published_date", "published_date_inferred", "status",
           "metric_status", "claims", "evidence", "drawn_in"]
# What a column stands for: one source, or the sources published in one month, quarter or year
GRAINS = ("source", "month", "quarter", "year")


@common.chart_data
def data(tables: Tables, edition: Edition) -> pd.DataFrame:
    """Long form of the matrix: one row per reported metric × source that reported anything."""
    lang = edition.lang
    stats = common.statistics(tables, derived=False)
    names = common.labels(tables, lang)
    src = common.sources_frame(tables, lang)
    src = src[src["source_id"].isin(stats["source_id"])].sort_values(["published_date", "source_id"])
    order = [m for m in tables.metrics["metric"] if m in set(stats["metric"])]

    conflict: dict[tuple[str, str], list[str]] = {}
    for f in tables.discrepancies[tables.discrepancies["severity"] == "conflict"].itertuples():
        for claim in split_ids(f.claims):
            for metric in split_ids(f.metrics):
                conflict.setdefault((metric, claim), []).append(f.finding_id)
    source_of = dict(zip(tables.claims_clean["claim_id"], tables.claims_clean["source_id"]))
    agrees: dict[str, list[str]] = {}
    for r in tables.reconciled[tables.reconciled["status"] == "corroborated"].itertuples():
        claims = split_ids(r.supporting_claims)
        if len({source_of.get(i, "") for i in claims} - {""}) >= 2:
            for claim in claims:
                agrees.setdefault(claim, []).append(f"{r.metric}@{r.as_of}")

    claims_of: dict[tuple[str, str], list[str]] = {}
    for metric, source, claim in zip(stats["metric"], stats["source_id"], stats["claim_id"]):
        claims_of.setdefault((metric, source), []).append(claim)
    reporting = stats.groupby("metric")["source_id"].nunique()
    rows = []
    for metric in order:
        n_sources = reporting[metric]
        for s in src.itertuples():
            ids = sorted(claims_of.get((metric, s.source_id), []))
            status, why = "", []
            if ids:
                why = sorted({f for i in ids for f in conflict.get((metric, i), [])})
                status = "conflicts" if why else ""
                if not status:
                    why = sorted({f for i in ids for f in agrees.get(i, [])})
                    status = "agrees" if why else ("series" if n_sources >= 2 else "single")
            rows.append({"metric": metric, "label": names[metric], "source_id": s.source_id, "outlet": s.outlet,
                         "published_date": s.published_date, "published_date_inferred": bool(s.published_date_inferred),
                         "status": status, "claims": ";".join(ids), "evidence": ";".join(why)})
    out = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in ("metric_status", "drawn_in")])
    cells = out[out["status"] != ""].groupby("metric")["status"].agg(set)
    out["metric_status"] = out["metric"].map(lambda m: next(s for s in STATUSES if s in cells[m]))
    # Only what two sources could check is drawn: a metric of a single source is counted, not drawn.
    single = out[out["metric_status"] == "single"]
    out = out[out["metric_status"] != "single"]
    out = out[out["source_id"].isin(out.loc[out["status"] != "", "source_id"])]
    out = out.assign(drawn_in=out["source_id"])[COLUMNS].reset_index(drop=True)
    out.attrs["n_single"] = int(single["metric"].nunique())
    return _fitted(out, edition)


def _fitted(frame: pd.DataFrame, edition: Edition) -> pd.DataFrame:
    """The rows the page has room for. Metrics go in order of what a reviewer needs first:
    conflicts, agreements, then metrics of other dates by how many sources report them (then
    metrics.csv order). When they do not all fit within style.max_aspect(), the last ones are left
    out and named in attrs["hidden"] ((status, label) pairs): the subtitle counts them and the alt
    text lists them, so the frame (the chart's CSV) holds exactly what is drawn."""
    reporting = frame[frame["status"] != ""].groupby("metric")["source_id"].nunique()
    catalogue = {m: i for i, m in enumerate(dict.fromkeys(frame["metric"]))}
    rank = {m: (STATUSES.index(s), -reporting.get(m, 0), catalogue[m])
            for m, s in zip(frame["metric"], frame["metric_status"])}
    metrics = sorted(catalogue, key=rank.get)
    frame = frame.assign(_r=frame["metric"].map(lambda m: metrics.index(m))).sort_values(
        ["_r"], kind="stable").drop(columns="_r").reset_index(drop=True)
    frame.attrs["hidden"] = []
    for grain in GRAINS:  # the finest columns at which every metric fits
        frame = frame.assign(drawn_in=_columns(frame, grain))
        if _fits(_first(frame, metrics, len(metrics)), edition):
            return _first(frame, metrics, len(metrics))
    keep = common.most_that_fit(len(metrics), lambda n: _fits(_first(frame, metrics, n), edition))
    return _first(frame, metrics, keep)


def _fits(frame: pd.DataFrame, edition: Edition) -> bool:
    """Whether both layouts hold the frame: the phone's (style.MAX_ASPECT, its narrow columns) and the
    page's, which print shows (style.PRINT_ASPECT); both draw the same data."""
    fits = []
    for width in (style.NARROW, style.WIDE):
        with style.drawn_at(width):
            fits.append(_layout(frame, edition)["fits"])
    return all(fits)


def _columns(frame: pd.DataFrame, grain: str) -> list[str]:
    """The column each row is drawn in: its source, or its source's month, quarter or year."""
    if grain == "source":
        return list(frame["source_id"])
    return [timeline.period_of(d, grain) if d else "" for d in frame["published_date"]]


def grain_of(frame: pd.DataFrame) -> str:
    """What a column stands for, read back from `drawn_in`."""
    if frame.empty or (frame["drawn_in"] == frame["source_id"]).all():
        return "source"
    sample = frame["drawn_in"].iloc[0]
    return "quarter" if "-Q" in sample else ("month" if len(sample) == 7 else "year")


def _column_label(period: str, grain: str, lang: str) -> str:
    if grain == "month":
        return figtext.axis_month(period + "-01", lang)
    if grain == "quarter":
        return t("timeline.quarter", lang, q=period[-1], year=period[:4])
    return period


def _strongest(statuses) -> str:
    """A column of several sources: the status that ranks first among its cells ('' if none)."""
    return next((s for s in STATUSES if s in set(statuses)), "")


def _first(frame: pd.DataFrame, metrics: list[str], keep: int) -> pd.DataFrame:
    """The first `keep` metrics of the frame and the sources that report one of them; the rest
    recorded as hidden."""
    out = frame[frame["metric"].isin(metrics[:keep])]
    out = out[out["source_id"].isin(out.loc[out["status"] != "", "source_id"])].reset_index(drop=True)
    dropped = frame[frame["metric"].isin(metrics[keep:])].drop_duplicates("metric")
    out.attrs = {**frame.attrs, "hidden": [(r.metric_status, r.label) for r in dropped.itertuples()]}
    return out


def counts(frame: pd.DataFrame) -> dict[str, int]:
    """Metrics per class; n_multi = agree + conflict + series, by construction."""
    first: dict[str, str] = {}  # each drawn metric's class, from its first row (the layout asks often)
    for metric, status in zip(frame["metric"], frame["metric_status"]):
        first.setdefault(metric, status)
    per = Counter([*first.values(), *(s for s, _ in frame.attrs.get("hidden", []))])
    n = {f"n_{k}": int(per.get(s, 0)) for k, s in
         (("conflict", "conflicts"), ("agree", "agrees"), ("series", "series"), ("single", "single"))}
    n["n_single"] = int(frame.attrs.get("n_single", n["n_single"]))
    n["n_multi"] = n["n_conflict"] + n["n_agree"] + n["n_series"]
    n["n_metrics"] = n["n_multi"] + n["n_single"]
    n["n_checked"] = n["n_conflict"] + n["n_agree"]  # the same metric on the same date from two sources
    n["n_hidden"] = len(frame.attrs.get("hidden", []))
    n["n_drawn"] = n["n_multi"] - n["n_hidden"]
    return n


def title(frame: pd.DataFrame, edition: Edition) -> str:
    """What was cross-checked: the same metric on the same date from two sources; if nothing was, so."""
    if frame.empty and not frame.attrs.get("n_single"):
        return t("empty.title", edition.lang)
    n = counts(frame)
    key = "source_agreement.title" if n["n_checked"] else "source_agreement.title.none"
    return t(key, edition.lang,
             **{k: figtext.count(v, edition.lang) for k, v in counts(frame).items()})


def subtitle(frame: pd.DataFrame, edition: Edition) -> str:
    if frame.empty and not frame.attrs.get("n_single"):
        return t("empty.subtitle", edition.lang)
    n = {k: figtext.count(v, edition.lang) for k, v in counts(frame).items()}
    text = t("source_agreement.subtitle", edition.lang, **n)
    if frame.attrs.get("hidden"):
        text += "; " + t("source_agreement.hidden", edition.lang, **n)
    grain = grain_of(frame)
    if grain != "source":
        text += "; " + t("source_agreement.grouped", edition.lang, grain=t(f"timeline.grain.{grain}", edition.lang))
    return text


def alt_text(frame: pd.DataFrame, edition: Edition) -> str:
    if frame.empty:
        return common.empty_alt(frame, edition)
    text = t("source_agreement.alt", edition.lang, title=title(frame, edition), finding=subtitle(frame, edition))
    hidden = frame.attrs.get("hidden", [])
    if hidden:
        text += " " + t("source_agreement.alt.hidden", edition.lang, labels="; ".join(
            f"{label} ({t('status.' + status, edition.lang)})" for status, label in hidden))
    return text


def _layout(frame: pd.DataFrame, edition: Edition) -> dict:
    """The matrix's geometry: names of the rows wrapped to their column, row heights, column labels
    (dates up the columns, or numbers keyed in the source line when dates would make the page too
    tall), and whether the page keeps within style.max_aspect()."""
    lang = edition.lang
    present = [s for s in STATUSES if s in set(frame["status"])]
    handles = [Patch(facecolor=STYLE[s][0], edgecolor=COLORS["grid"],
                     label=style.legend_label(f"{STYLE[s][1]} {t('status.' + s, lang)}")) for s in present]
    metrics = list(dict.fromkeys(frame["metric"]))
    grain = grain_of(frame)
    dated = frame.sort_values(["published_date", "source_id"], kind="stable")
    sources = list(dict.fromkeys(dated["drawn_in"]))  # the columns, oldest first
    # cells just wide enough for their symbol, so the names get the rest of the width and wrap less
    label_w = min(3.1, max(1.6, style.page_width() - 2 * style.PAD - len(sources) * CELL))
    label_of: dict[str, str] = {}
    for metric, label in zip(frame["metric"], frame["label"]):
        label_of.setdefault(metric, label)
    labels = [style.fit_label(label_of[m], label_w - 0.15) for m in metrics]
    line = style.line_height(SIZE["small"])
    # a name's lines set close (line spacing 1.05: 1.2 em a line, 1.0 em for the first, ascent to descent)
    heights = [(1.0 + 1.2 * 1.05 * lab.count("\n")) * SIZE["small"] / 72 + 0.06 for lab in labels]
    body = max(1.0, sum(heights))
    firsts = frame.drop_duplicates("drawn_in").set_index("drawn_in").reindex(sources)
    if grain != "source":
        col_labels = [_column_label(p, grain, lang) for p in sources]
    else:
        col_labels = [f"{figtext.short_day(r.published_date, lang)}{'*' if r.published_date_inferred else ''}"
                      for r in firsts.itertuples()]
    if grain == "source" and len(set(col_labels)) < len(col_labels):  # two sources of one day: name the outlet too
        col_labels = [f"{label} {style.wrap_label(r.outlet, 14).splitlines()[0]}" if col_labels.count(label) > 1
                      else label for label, r in zip(col_labels, firsts.itertuples())]
    above = max([len(c) for c in col_labels] or [1]) * SIZE["small"] * 0.6 / 72 + 0.15
    keys = None
    module = sys.modules[__name__]
    if grain == "source" and body > common.body_budget(module, frame, edition, handles=handles, below=0.1,
                                                       above=above):
        # too tall with dates written up the columns: the columns are numbered and the source line,
        # in the same order, gives each number its outlet and date
        keys = {s: str(i) for i, s in enumerate(sources, 1)}
        col_labels = list(keys.values())
        above = line + 0.15
    fits = (body <= common.body_budget(module, frame, edition, handles=handles, below=0.1, above=above,
                                       source_keys=keys)
            and label_w + len(sources) * CELL <= style.page_width() - 2 * style.PAD)  # the columns stay on the page
    return {"present": present, "handles": handles, "metrics": metrics, "sources": sources, "label_w": label_w,
            "labels": labels, "heights": heights, "body": body, "col_labels": col_labels, "above": above,
            "keys": keys, "fits": fits}


def draw(frame: pd.DataFrame, edition: Edition) -> Figure:
    lang = edition.lang
    g = _layout(frame, edition)
    present, metrics, sources, heights, keys = g["present"], g["metrics"], g["sources"], g["heights"], g["keys"]
    labels, col_labels, above, handles, label_w = g["labels"], g["col_labels"], g["above"], g["handles"], g["label_w"]
    body = g["body"]
    module = sys.modules[__name__]
    with style.context():
        fig, ax = common.frame_page(module, frame, edition, body_height=body, left=style.PAD + label_w,
                                    right=style.PAD, below=0.1, above=above, handles=handles, source_keys=keys)
        if frame.empty:
            style.empty(ax, lang)
            return fig
        grid = frame.groupby(["metric", "drawn_in"])["status"].agg(_strongest).unstack(fill_value="").loc[metrics, sources]
        codes = grid.map(lambda s: ([""] + present).index(s)).astype(int)
        cmap = ListedColormap([STYLE[s][0] for s in [""] + present])
        edges = np.concatenate([[0], np.cumsum(heights)])
        ax.pcolormesh(np.arange(len(sources) + 1), edges, codes.to_numpy(), cmap=cmap, vmin=-0.5,
                      vmax=len(present) + 0.5, edgecolors="white", linewidth=1.0)
        for i, m in enumerate(metrics):
            for j, s in enumerate(sources):
                symbol = STYLE[grid.loc[m, s]][1]
                if symbol:
                    ax.text(j + 0.5, (edges[i] + edges[i + 1]) / 2, symbol, ha="center", va="center",
                            fontsize=SIZE["small"], color=COLORS["ink"] if grid.loc[m, s] != "agrees" else "white")
        ax.set_ylim(edges[-1], 0)
        ax.set_xlim(0, len(sources))
        ax.set_yticks((edges[:-1] + edges[1:]) / 2)
        ax.set_yticklabels(labels, fontsize=SIZE["small"], linespacing=1.05)
        ax.set_xticks(np.arange(len(sources)) + 0.5)
        ax.set_xticklabels(col_labels, rotation=0 if keys else 90, fontsize=SIZE["small"])
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        return fig
