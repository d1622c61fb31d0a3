"""What the report may print for each metric and date, formatted for the reader, with the claims behind it.

Reads the reconciled table (one row per metric and as-of date) and claims_clean; an omitted row
(an editor's `omit`) is never offered. A figure is written as the copy printed it: a scale word kept,
an amount with its currency, a bound with its word (dean06.formatting.as_printed).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dean06 import formatting as fmt
from dean06.wording import report as t


@dataclass
class Fact:
    metric: str
    as_of: str
    text: str  # as a reader sees it, in the report's language (plain text)
    claims: list[str]
    derived: bool
    status: str
    decision_id: str
    value: float
    lower: float
    upper: float
    bound: str
    unit: str
    scale_printed: bool  # printed with a scale word (so a change is shown the same way)


def _language(claim) -> str:
    """The language the claim was printed in (claims_clean `language`; tables built in memory may lack it)."""
    return claim.get("language") or "vi"


def _missing(value) -> bool:
    return value == "" if isinstance(value, str) else value is None or bool(pd.isna(value))


def fraction(claim, lang: str) -> str | None:
    """A claim's part of a whole as the edition writes it ("38 of 53"); None when it gives no whole."""
    if _missing(claim["denominator"]):
        return None
    return t("fraction", lang, n=fmt.number(claim["numerator"], lang), d=fmt.number(claim["denominator"], lang))


class Facts:
    """The figures of one edition, by metric, oldest first."""

    def __init__(self, reconciled: pd.DataFrame, clean: pd.DataFrame, metrics: pd.DataFrame, lang: str):
        # rows by id as plain mappings: frame row lookups are slow
        self.claim = clean.set_index("claim_id", drop=False).to_dict("index")
        self.metrics = metrics
        self.lang = lang
        self.series: dict[str, list[Fact]] = {}
        for row in reconciled.sort_values(["metric", "as_of"]).to_dict("records"):
            if row["status"] == "omitted":
                continue
            self.series.setdefault(row["metric"], []).append(self._fact(row))

    def known(self, metric: str) -> bool:
        return metric in self.metrics.index

    def all(self, metric: str) -> list[Fact]:
        return self.series.get(metric, [])

    def pick(self, metric: str, which: str = "last") -> Fact | None:
        facts = self.all(metric)
        if not facts:
            return None
        if which == "first":
            return facts[0]
        if which == "last":
            return facts[-1]
        return next((f for f in facts if f.as_of == which), None)

    def lead_claim(self, fact: Fact) -> dict:
        return self.claim[fact.claims[0]]

    def _lead(self, claims: list[str]) -> dict:
        rows = [self.claim[c] for c in claims]
        rows.sort(key=lambda r: (bool(r["flag_derived"]), bool(r["flag_repeated"]), r["claim_id"]))
        return rows[0]

    def _fact(self, row: dict) -> Fact:
        claims = row["supporting_claims"].split(";")
        lead = self._lead(claims)
        claims = [lead["claim_id"]] + [c for c in claims if c != lead["claim_id"]]
        lang, unit = self.lang, row["unit"]
        figure = lambda value, bound: fmt.as_printed(value, unit, lang, bound)  # noqa: E731
        if row["status"] == "conflicting":
            shown = [self.claim[c] for c in claims if not self.claim[c]["flag_repeated"]]
            text = t("conflict", lang, figures=" / ".join(
                # a derived level before a change has two readings and no single value
                t("range_readings", lang, low=figure(round(r["lower"], 1), "exact"), high=figure(round(r["upper"], 1), "exact"))
                if r["bound"] == "range" else
                fmt.as_printed(r["value"], unit, lang, r["bound"], r["value_text"], r["qualifier"], _language(r))
                for r in shown))
        elif row["bound"] == "range":
            low, high = figure(round(row["lower"], 1), "exact"), figure(round(row["upper"], 1), "exact")
            readings = lead["bound"] == "range"  # two readings of one ambiguous figure, not an interval
            text = t("range_readings" if readings else "range_between", lang, low=low, high=high)
        elif not _missing(lead["denominator"]) and row["bound"] == lead["bound"]:
            text = fraction(lead, lang)
        else:
            qualifier = lead["qualifier"] if row["bound"] == lead["bound"] else ""
            text = fmt.as_printed(row["value"], unit, lang, row["bound"], lead["value_text"], qualifier,
                                  _language(lead))
        return Fact(row["metric"], row["as_of"], text, claims, bool(lead["flag_derived"]), row["status"],
                    row["decision_id"], row["value"], row["lower"], row["upper"], row["bound"], unit,
                    fmt.printed_scale(lead["value_text"], _language(lead)) is not None
                    or fmt.is_vague(lead["value_text"]) or bool(lead["flag_derived"]))
