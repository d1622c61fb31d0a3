"""What each chart shows, in a sentence: its subtitle and its alt text, written from the chart data
(never typed numbers), in the chart's language."""

from __future__ import annotations

import pandas as pd

from dean06.publish.charts import figtext
from dean06.publish.charts.text import t


def _mid_sentence(label: str) -> str:
    """'Hệ thống thông tin …' -> 'hệ thống thông tin …', but leave acronyms ('CCCD …') alone."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def timeline(data: pd.DataFrame, lang: str) -> str:
    if data.empty:
        return t("empty.subtitle", lang)
    dates = sorted(set(data["event_date"]))
    values = dict(n_conf=figtext.count(len(dates), lang), first=figtext.month(dates[0], lang), last=figtext.month(dates[-1], lang))
    top = data.sort_values(["n_figures", "event_date"], ascending=[False, True]).iloc[0]
    if top["n_figures"] == 0:
        return t("timeline.subtitle.none", lang, **values)
    return t("timeline.subtitle", lang, **values, top_month=figtext.month(top["event_date"], lang),
             top_n=figtext.count(top["n_figures"], lang))


def identity(data: pd.DataFrame, lang: str) -> str:
    if data.empty:
        return t("empty.subtitle", lang)
    approved = data[(data["series"] == "eid_applications_approved") & ~data["flag_derived"]]
    accounts = data[data["series"] == "eid_accounts_issued"]
    if len(approved) and len(accounts):
        a, b = approved.iloc[-1], accounts.iloc[-1]
        return t("identity.subtitle", lang, approved=a["value_text"], approved_date=figtext.day(a["as_of"], lang),
                 accounts=b["value_text"], accounts_date=figtext.month(b["as_of"], lang))
    items = [f"{_mid_sentence(r.label)} {r.value_text} ({r.period})" for r in data.itertuples()]
    return t("identity.subtitle.list", lang, items="; ".join(items))


def _latest_reported(data: pd.DataFrame) -> pd.DataFrame:
    return data[~data["flag_derived"] & data["share"].notna()].sort_values("sort_date").groupby("metric").tail(1)


def coverage(data: pd.DataFrame, lang: str) -> str:
    latest = _latest_reported(data)
    if latest.empty:
        return t("empty.subtitle", lang)
    low = latest.sort_values(["share", "metric"]).iloc[0]
    return t("coverage.subtitle", lang, n_full=figtext.count(int((latest["share"] >= 1 - 1e-9).sum()), lang),
             n=figtext.count(len(latest), lang), label=_mid_sentence(low["label"]), value=low["value_text"],
             date=low["period"])


def policy_documents(data: pd.DataFrame, lang: str) -> str:
    reported = data[data["reported"]]
    if reported.empty:
        return t("empty.subtitle", lang)
    periods = sorted(set(reported["as_of"]))
    changes = [t("policy_documents.change", lang, label=_mid_sentence(r.family_label),
                 a=figtext.count(r.previous_value, lang), b=figtext.count(r.value, lang))
               for r in reported.itertuples() if r.comparable_to_previous is True]
    apart = [_mid_sentence(r.family_label) for r in reported.itertuples() if r.comparable_to_previous is False]
    if apart:
        changes.append(t("policy_documents.not_comparable", lang, labels=figtext.join(apart, lang)))
    if len(periods) < 2 or not changes:
        items = [f"{_mid_sentence(r.family_label)} {r.value_text}" for r in reported[reported["as_of"] == periods[-1]].itertuples()]
        return t("policy_documents.subtitle.single", lang, period=figtext.month(periods[-1], lang), items="; ".join(items))
    return t("policy_documents.subtitle", lang, first=figtext.month(periods[0], lang), last=figtext.month(periods[-1], lang),
             changes="; ".join(changes))


def agreement_counts(data: pd.DataFrame) -> dict[str, int]:
    cells = data[data["status"] != ""]
    by_metric = cells.groupby("metric")["status"].agg(set)
    return {
        "n_metrics": len(by_metric),
        "n_sources": cells["source_id"].nunique(),
        "n_multi": int(cells.groupby("metric")["source_id"].nunique().ge(2).sum()),
        "n_agree": int(by_metric.map(lambda s: "agrees" in s).sum()),
        "n_conflict": int(by_metric.map(lambda s: "conflicts" in s).sum()),
        "n_nc": int(by_metric.map(lambda s: "not_comparable" in s).sum()),
    }


def source_agreement(data: pd.DataFrame, lang: str) -> str:
    counts = agreement_counts(data)
    if counts["n_metrics"] == 0:
        return t("empty.subtitle", lang)
    return t("source_agreement.subtitle", lang, **{k: figtext.count(v, lang) for k, v in counts.items()})


SUBTITLES = {
    "timeline": timeline,
    "identity": identity,
    "coverage": coverage,
    "policy_documents": policy_documents,
    "source_agreement": source_agreement,
}


def subtitle(name: str, data: pd.DataFrame, lang: str) -> str:
    text = SUBTITLES[name](data, lang)
    return text[:1].upper() + text[1:]  # a finding may open with a month ('tháng 8/2022: …')


def alt_text(name: str, data: pd.DataFrame, lang: str) -> str:
    """A sentence or two: what the chart is, and its finding with the numbers from the data."""
    finding = subtitle(name, data, lang)
    if finding == t("empty.subtitle", lang):
        return t("empty.alt", lang, finding=finding.rstrip("."))
    if name == "timeline":
        top = data.sort_values(["n_figures", "event_date"], ascending=[False, True]).iloc[0]
        dates = sorted(set(data["event_date"]))
        if top["n_figures"] == 0:
            return finding + "."
        return t("timeline.alt", lang, n_conf=figtext.count(len(dates), lang), first=figtext.month(dates[0], lang),
                 last=figtext.month(dates[-1], lang), top_outlet=top["outlet"], top_month=figtext.month(top["event_date"], lang),
                 top_n=figtext.count(top["n_figures"], lang),
                 top_value=f"{top['headline_text']} ({_mid_sentence(top['headline_label'])})")
    return t(f"{name}.alt", lang, finding=finding.rstrip("."))
