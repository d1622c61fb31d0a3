"""The data behind each chart, exactly as drawn: each function returns the frame the chart is drawn
from, which is also published as the chart's CSV. Pure functions of the tables and the language
(labels are in the chart's language; numbers stay in machine form)."""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from dean06 import formatting
from dean06.publish.charts import figtext
from dean06.publish.charts.inputs import Tables, split_ids
from dean06.publish.charts.text import conference, outlet, t

# Which metrics each chart shows: an editorial choice, stated once here.
IDENTITY_METRICS = ["chip_id_cards_issued", "chip_id_issuance_share", "eid_applications_approved",
                    "eid_applications_received", "eid_accounts_issued", "portal_accounts"]
COVERAGE_METRICS = ["localities_connected_population_db", "health_facilities_chip_id_share", "eid_approval_rate",
                    "essential_online_services_deployed", "info_systems_security_approved_share"]
POLICY_FAMILIES = ["directives", "official_dispatches", "resolutions", "notices", "meetings"]
SECURITY_SHARE, SECURITY_CHANGE = "info_systems_security_approved_share", "info_systems_security_change"
APPROVED, RATE, RECEIVED = "eid_applications_approved", "eid_approval_rate", "eid_applications_received"
NOT_COMPARABLE_TYPES = {"not_comparable", "definition_change"}
STATUSES = ["reported", "agrees", "conflicts", "not_comparable"]  # '' = not reported
SOURCE_COLUMNS = ["outlet", "published_date", "published_date_inferred"]


_BOOL = {"event_date_inferred", "published_date_inferred", "flag_derived", "reported"}
_FLOAT = {"headline_value", "value", "lower", "upper", "share", "percent", "numerator", "denominator", "previous_value"}


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Fixed dtypes even when a cut-off leaves the frame empty (an empty object column would make
    `frame[frame[flag]]` select columns instead of rows)."""
    frame = frame.copy()
    for column in frame.columns:
        if column in _BOOL:
            frame[column] = frame[column].fillna(False).astype(bool)
        elif column in _FLOAT:
            frame[column] = frame[column].astype(float)
    if "n_figures" in frame.columns:
        frame["n_figures"] = frame["n_figures"].astype(int)
    return frame


def chart_data(builder):
    """Marks a chart-data builder: its frame always leaves with fixed dtypes."""
    @functools.wraps(builder)
    def build(tables: Tables, lang: str) -> pd.DataFrame:
        return _typed(builder(tables, lang))
    return build


def sources_frame(tables: Tables, lang: str) -> pd.DataFrame:
    """One row per source with its short outlet name in `lang` and whether its dates are inferred."""
    s = tables.sources
    return pd.DataFrame({
        "source_id": s["source_id"],
        "outlet": [outlet(sid, out, lang) for sid, out in zip(s["source_id"], s["outlet"])],
        "title": s["title"],
        "event_date": s["event_date"],
        # 'inferred year: …' means the day was printed; 'inferred: …' means the date itself was worked out
        "event_date_inferred": s["event_date_method"].str.startswith("inferred:"),
        "published_date": s["published_date"],
        "published_date_inferred": s["published_date_method"].str.startswith("inferred"),
    })


def _with_sources(frame: pd.DataFrame, tables: Tables, lang: str) -> pd.DataFrame:
    src = sources_frame(tables, lang)[["source_id", *SOURCE_COLUMNS]]
    out = frame.merge(src, on="source_id", how="left", validate="many_to_one")
    out["outlet"] = out["outlet"].fillna("")
    out["published_date"] = out["published_date"].fillna("")
    out["published_date_inferred"] = out["published_date_inferred"].fillna(False).astype(bool)
    return out


def metric_labels(tables: Tables, lang: str) -> dict[str, str]:
    return dict(zip(tables.metrics["metric"], tables.metrics[f"label_{lang}"]))


def _claims(tables: Tables, metrics: list[str] | None = None, *, derived: bool = True) -> pd.DataFrame:
    """Claims without in-source repeats (a figure printed twice is one statistic)."""
    c = tables.claims_clean
    c = c[~c["flag_repeated"]]
    if not derived:
        c = c[~c["flag_derived"]]
    if metrics is not None:
        c = c[c["metric"].isin(metrics)]
    return c.copy()


def _float(value) -> float:
    return np.nan if figtext.is_missing(value) else float(value)


# ---------------------------------------------------------------------------------------------
# timeline


@chart_data
def timeline(tables: Tables, lang: str) -> pd.DataFrame:
    """One row per article: its conference, how many statistics it printed, and its largest count."""
    src = sources_frame(tables, lang)
    reported = _claims(tables, derived=False)
    names = metric_labels(tables, lang)
    rows = []
    for s in src.itertuples():
        mine = reported[reported["source_id"] == s.source_id]
        counts = mine[~mine["unit"].isin(["percent", "VND", "VND per year"]) & mine["value"].notna()]
        top = counts.sort_values(["value", "claim_id"], ascending=[False, True]).head(1)
        head = top.iloc[0] if len(top) else None
        rows.append({
            "event_date": s.event_date,
            "conference": conference(s.event_date, s.title, lang),
            "event_date_inferred": bool(s.event_date_inferred),
            "source_id": s.source_id,
            "outlet": s.outlet,
            "published_date": s.published_date,
            "published_date_inferred": bool(s.published_date_inferred),
            "n_figures": int(mine["claim_id"].nunique()),
            "headline_claim_id": head["claim_id"] if head is not None else "",
            "headline_metric": head["metric"] if head is not None else "",
            "headline_label": names.get(head["metric"], head["metric"]) if head is not None else "",
            "headline_value": head["value"] if head is not None else np.nan,
            "headline_bound": head["bound"] if head is not None else "",
            "headline_unit": head["unit"] if head is not None else "",
            "headline_text": figtext.figure(head["value"], head["unit"], head["bound"], lang) if head is not None else "",
        })
    out = pd.DataFrame(rows, columns=[
        "event_date", "conference", "event_date_inferred", "source_id", "outlet", "published_date",
        "published_date_inferred", "n_figures", "headline_claim_id", "headline_metric", "headline_label",
        "headline_value", "headline_bound", "headline_unit", "headline_text"])
    out["headline_value"] = out["headline_value"].astype(float)
    return out.sort_values(["event_date", "n_figures", "source_id"], ascending=[True, False, True]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# identity


def _received_fallback(tables: Tables) -> pd.DataFrame:
    """Applications received = approved ÷ approval rate, when the cleaning step has not derived it."""
    c = _claims(tables, derived=False)
    rows = []
    for approved in c[c["metric"] == APPROVED].itertuples():
        rate = c[(c["metric"] == RATE) & (c["source_id"] == approved.source_id) & (c["as_of"] == approved.as_of)]
        if len(rate) != 1 or not rate.iloc[0]["value"]:
            continue
        r = rate.iloc[0]
        value = approved.value / (r["value"] / 100)
        rows.append({**{k: "" for k in c.columns}, "claim_id": f"DER-{RECEIVED}-{approved.source_id}",
                     "source_id": approved.source_id, "metric": RECEIVED, "bound": "approx", "value": value,
                     "lower": np.nan, "upper": np.nan, "numerator": np.nan, "denominator": np.nan, "share": np.nan,
                     "unit": approved.unit, "as_of": approved.as_of, "flag_derived": True, "flag_repeated": False,
                     "derived_from": f"{approved.claim_id};{r['claim_id']}",
                     "derivation": f"{APPROVED} / ({RATE} / 100)"})
    return pd.DataFrame(rows, columns=c.columns)


def _derived_formula(row, tables: Tables, lang: str) -> str:
    inputs = tables.claims_clean.set_index("claim_id")
    ids = [i for i in split_ids(row["derived_from"]) if i in inputs.index]
    counts = [inputs.loc[i] for i in ids if inputs.loc[i, "unit"] != "percent"]
    shares = [inputs.loc[i] for i in ids if inputs.loc[i, "unit"] == "percent"]
    if len(counts) == 1 and len(shares) == 1:
        return t("identity.derived_from", lang, a=figtext.figure(counts[0]["value"], counts[0]["unit"], counts[0]["bound"], lang),
                 b=figtext.percent(shares[0]["value"], lang))
    return t("derived", lang)


@chart_data
def identity(tables: Tables, lang: str) -> pd.DataFrame:
    """One row per figure; each row is one metric. Nothing in the frame joins one metric to another:
    approved applications and issued accounts are different measures."""
    c = _claims(tables, IDENTITY_METRICS)
    if not (c["metric"] == RECEIVED).any():
        c = pd.concat([c, _received_fallback(tables)], ignore_index=True) if len(c) else c
    names = metric_labels(tables, lang)
    order = {m: i for i, m in enumerate(IDENTITY_METRICS)}
    rows = []
    for r in c.itertuples(index=False):
        r = r._asdict()
        note = ""
        if r["flag_derived"]:
            note = _derived_formula(r, tables, lang)
        elif r["metric"] == "portal_accounts":
            note = t("identity.other_thing", lang)
        rows.append({
            "series": r["metric"], "label": names.get(r["metric"], r["metric"]), "claim_id": r["claim_id"],
            "source_id": r["source_id"], "as_of": r["as_of"], "period": figtext.month(r["as_of"], lang),
            "value": _float(r["value"]), "bound": r["bound"], "lower": _float(r["lower"]), "upper": _float(r["upper"]),
            "unit": r["unit"], "flag_derived": bool(r["flag_derived"]), "derived_from": r["derived_from"],
            # a percentage here has no base (which citizens, how many cards): it cannot sit on a count axis
            "plot_as": "share_without_base" if r["unit"] == "percent" else "count",
            "value_text": figtext.figure(r["value"], r["unit"], r["bound"], lang, derived=bool(r["flag_derived"])),
            "note": note, "_order": order.get(r["metric"], 99),
        })
    out = pd.DataFrame(rows, columns=["series", "label", "claim_id", "source_id", "as_of", "period", "value", "bound",
                                      "lower", "upper", "unit", "flag_derived", "derived_from", "plot_as",
                                      "value_text", "note", "_order"])
    out = out.sort_values(["as_of", "_order", "claim_id"]).drop(columns="_order").reset_index(drop=True)
    return _with_sources(out, tables, lang)


# ---------------------------------------------------------------------------------------------
# coverage


def _security_readings(tables: Tables) -> list[dict]:
    """The 2022 security-level share implied by 'tăng 32,5% so với năm 2022': as percentage points
    (63 − 32,5) or as a relative rise (63 ÷ 1,325). The copy does not say which."""
    c = _claims(tables, [SECURITY_SHARE, SECURITY_CHANGE], derived=False)
    out = []
    for change in c[c["metric"] == SECURITY_CHANGE].itertuples():
        now = c[(c["metric"] == SECURITY_SHARE) & (c["source_id"] == change.source_id)]
        if len(now) != 1:
            continue
        cur = now.iloc[0]
        year = re.search(r"(?:năm|nam)\s+(\d{4})", change.quote_display or "")
        out.append({"change_claim": change.claim_id, "current_claim": cur["claim_id"], "change": change.value,
                    "year": year.group(1) if year else "", "source_id": change.source_id,
                    "percentage_points": cur["value"] - change.value,
                    "relative": cur["value"] / (1 + change.value / 100)})
    return out


@chart_data
def coverage(tables: Tables, lang: str) -> pd.DataFrame:
    """One row per bar: a share of its own 100% target, with its fraction and date."""
    c = _claims(tables, COVERAGE_METRICS)
    names = metric_labels(tables, lang)
    readings = _security_readings(tables)
    rows = []
    records = []
    for r in c.to_dict("records"):
        if r["flag_derived"] and r["bound"] == "range" and figtext.is_missing(r["value"]) \
                and not figtext.is_missing(r["lower"]) and not figtext.is_missing(r["upper"]):
            # one derived row holding two readings (lower and upper end): one bar for each
            records += [{**r, "value": r["lower"]}, {**r, "value": r["upper"]}]
        else:
            records.append(r)
    for r in records:
        share, num, den, borrowed = _float(r["share"]), _float(r["numerator"]), _float(r["denominator"]), ""
        if np.isnan(share) and r["unit"] == "percent":
            share = r["value"] / 100
        if np.isnan(share) and not np.isnan(num) and den:
            share = num / den
        if np.isnan(share):
            # A count of a fraction metric printed without its base ('63 địa phương'): take the base
            # from another article's 'a/b' for the same metric, and say so.
            base = c[(c["metric"] == r["metric"]) & c["denominator"].notna()]
            if len(base):
                earlier = base[base["as_of"] <= r["as_of"]]
                b = (earlier if len(earlier) else base).sort_values(["as_of", "claim_id"]).iloc[-1]
                num, den, borrowed = r["value"], b["denominator"], b["claim_id"]
                share = num / den
        reading = ""
        if r["flag_derived"] and r["metric"] == SECURITY_SHARE:
            for rd in readings:
                for key in ("percentage_points", "relative"):
                    if abs(rd[key] - r["value"]) < 0.1:
                        reading = key
        rows.append(_coverage_row(r, names, lang, share, num, den, borrowed, reading, readings))
    if not (c["flag_derived"] & (c["metric"] == SECURITY_SHARE)).any():
        for rd in readings:  # the cleaning step did not derive the 2022 levels: derive them here
            for key in ("percentage_points", "relative"):
                r = {"metric": SECURITY_SHARE, "claim_id": f"DER-{SECURITY_SHARE}-{rd['year']}-{key}",
                     "source_id": rd["source_id"], "as_of": "", "bound": "exact", "flag_derived": True,
                     "derived_from": f"{rd['current_claim']};{rd['change_claim']}", "value": rd[key],
                     "unit": "percent", "_year": rd["year"]}
                rows.append(_coverage_row(r, names, lang, rd[key] / 100, np.nan, np.nan, "", key, readings))
    out = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    if out.empty:
        return _with_sources(out.drop(columns=SOURCE_COLUMNS), tables, lang)
    # groups ordered by their latest reported share, highest first; rows within a group oldest first
    latest = (out[~out["flag_derived"]].sort_values("sort_date").groupby("metric")["share"].last())
    out["_group"] = out["metric"].map(lambda m: -latest.get(m, -1))
    out = out.sort_values(["_group", "metric", "sort_date", "reading"]).drop(columns=["_group"]).reset_index(drop=True)
    out = out.drop(columns=SOURCE_COLUMNS)
    return _with_sources(out, tables, lang)


COVERAGE_COLUMNS = ["metric", "label", "claim_id", "source_id", "as_of", "period", "sort_date", "share", "percent",
                    "numerator", "denominator", "denominator_from", "bound", "flag_derived", "derived_from",
                    "reading", "value_text", "fraction_text", *SOURCE_COLUMNS]


def _coverage_row(r, names, lang, share, num, den, borrowed, reading, readings) -> dict:
    year = r.get("_year") or (r["as_of"][:4] if r["flag_derived"] and r["as_of"] else "")
    if r["flag_derived"] and not year:
        year = next((rd["year"] for rd in readings if rd["year"]), "")
    period = t("coverage.year", lang, year=year) if r["flag_derived"] and year else figtext.month(r["as_of"], lang)
    printed_percent = r["unit"] == "percent" and not r["flag_derived"]
    value_text = (figtext.percent(r["value"], lang) if printed_percent else figtext.share(share, lang)) if not np.isnan(share) else "—"
    return {
        "metric": r["metric"], "label": names.get(r["metric"], r["metric"]), "claim_id": r["claim_id"],
        "source_id": r["source_id"], "as_of": r["as_of"], "period": period,
        "sort_date": r["as_of"] or (f"{year}-12-31" if year else ""),
        "share": share, "percent": share * 100 if not np.isnan(share) else np.nan,
        "numerator": num, "denominator": den, "denominator_from": borrowed, "bound": r["bound"],
        "flag_derived": bool(r["flag_derived"]), "derived_from": r.get("derived_from", ""), "reading": reading,
        "value_text": formatting.with_bound(value_text, r["bound"], lang),
        "fraction_text": figtext.fraction(num, den, lang) if not np.isnan(num) and not figtext.is_missing(den) else "",
        "outlet": "", "published_date": "", "published_date_inferred": False,
    }


# ---------------------------------------------------------------------------------------------
# policy documents


@chart_data
def policy_documents(tables: Tables, lang: str) -> pd.DataFrame:
    """One row per document family and report date. A later count is comparable with an earlier one
    only if it is the same metric: 4 regular-meeting resolutions and 23 resolutions of any kind are not."""
    m = tables.metrics
    fam = dict(zip(m["metric"], m["family"]))
    wanted = [k for k, f in fam.items() if f in POLICY_FAMILIES]
    c = _claims(tables, wanted, derived=False)
    names = metric_labels(tables, lang)
    periods = sorted(set(c["as_of"]))
    rows = []
    for family in POLICY_FAMILIES:
        mine = c[c["metric"].map(fam) == family].sort_values(["as_of", "claim_id"])
        previous = None
        for period in periods:
            at = mine[mine["as_of"] == period]
            if at.empty:
                if len(mine):
                    rows.append({"family": family, "family_label": t(f"policy.family.{family}", lang), "metric": "",
                                 "label": "", "claim_id": "", "source_id": "", "as_of": period,
                                 "period": figtext.month(period, lang), "reported": False, "value": np.nan, "bound": "",
                                 "comparable_to_previous": "", "previous_value": np.nan, "value_text": ""})
                continue
            for r in at.itertuples():
                comparable = "" if previous is None else bool(previous.metric == r.metric)
                rows.append({"family": family, "family_label": t(f"policy.family.{family}", lang), "metric": r.metric,
                             "label": names.get(r.metric, r.metric), "claim_id": r.claim_id, "source_id": r.source_id,
                             "as_of": r.as_of, "period": figtext.month(r.as_of, lang), "reported": True,
                             "value": float(r.value), "bound": r.bound, "comparable_to_previous": comparable,
                             "previous_value": float(previous.value) if previous is not None else np.nan,
                             "value_text": figtext.figure(r.value, r.unit, r.bound, lang)})
                previous = r
    out = pd.DataFrame(rows, columns=["family", "family_label", "metric", "label", "claim_id", "source_id", "as_of",
                                      "period", "reported", "value", "bound", "comparable_to_previous",
                                      "previous_value", "value_text"])
    return _with_sources(out, tables, lang)


# ---------------------------------------------------------------------------------------------
# source agreement


@chart_data
def source_agreement(tables: Tables, lang: str) -> pd.DataFrame:
    """One row per metric × source (long form of the matrix). status: 'conflicts' if a finding of
    severity 'conflict' involves the cell's claims; 'not_comparable' if a not_comparable or
    definition_change finding does; 'agrees' if a corroborated reconciled row rests on claims from two
    or more sources including this one; 'reported' otherwise; '' when the source did not report it."""
    c = tables.claims_clean[~tables.claims_clean["flag_derived"]]
    source_of = dict(zip(tables.claims_clean["claim_id"], tables.claims_clean["source_id"]))
    src = sources_frame(tables, lang).sort_values(["event_date", "source_id"])
    metric_order = [m for m in tables.metrics["metric"] if m in set(c["metric"])]
    metric_order += sorted(set(c["metric"]) - set(metric_order))
    names = metric_labels(tables, lang)

    conflict, not_comparable = {}, {}
    for f in tables.discrepancies.itertuples():
        for claim in split_ids(f.claims):
            if f.severity == "conflict":
                conflict.setdefault(claim, []).append(f.finding_id)
            if f.type in NOT_COMPARABLE_TYPES:
                not_comparable.setdefault(claim, []).append(f.finding_id)
    agrees = {}
    for r in tables.reconciled[tables.reconciled["status"] == "corroborated"].itertuples():
        claims = split_ids(r.supporting_claims)
        sources = {source_of[i] for i in claims if i in source_of} or set(split_ids(r.sources))
        if len(sources) >= 2:
            for claim in claims:
                agrees.setdefault(claim, []).append(f"{r.metric}@{r.as_of}")

    rows = []
    for metric in metric_order:
        for s in src.itertuples():
            ids = sorted(c[(c["metric"] == metric) & (c["source_id"] == s.source_id)]["claim_id"])
            status, why = "", []
            for name, index in (("conflicts", conflict), ("not_comparable", not_comparable), ("agrees", agrees)):
                why = sorted({f for i in ids for f in index.get(i, [])})
                if why:
                    status = name
                    break
            if ids and not status:
                status = "reported"
            rows.append({"metric": metric, "label": names.get(metric, metric), "source_id": s.source_id,
                         "outlet": s.outlet, "published_date": s.published_date,
                         "published_date_inferred": bool(s.published_date_inferred), "status": status,
                         "claims": ";".join(ids), "evidence": ";".join(why)})
    return pd.DataFrame(rows, columns=["metric", "label", "source_id", "outlet", "published_date",
                                       "published_date_inferred", "status", "claims", "evidence"])


BUILDERS = {
    "timeline": timeline,
    "identity": identity,
    "coverage": coverage,
    "policy_documents": policy_documents,
    "source_agreement": source_agreement,
}
