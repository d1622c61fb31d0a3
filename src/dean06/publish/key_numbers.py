"""The key-numbers box under the headline: four to six cited figures, chosen from the data by one rule.

The rule (README, "The page"): every metric's latest figure is a candidate unless it is our own
derivation, a conflict or an ambiguous reading (those need the story's words around them). A figure
is a *shortfall* when it says how much is not done yet: a fraction below its whole (38 of 53) or a
share below 100%. The box takes up to two shortfalls, lowest completion first, then the largest
counts (`cumulative_count` and `level` metrics), one per part of the programme, in areas.csv's order
of their size, until it holds six; an edition with fewer candidates shows what it has.
"""

from __future__ import annotations

import pandas as pd

from dean06.publish.citations import Citations
from dean06.publish.facts import Fact, Facts
from dean06.publish.html import Markup, parts
from dean06.wording import report as t

MOST, SHORTFALLS = 6, 2
SKIP = {"conflicting", "ambiguous"}


def completion(fact: Fact, facts: Facts, kind: str) -> float | None:
    """How complete a figure says the work is (0–1), when it says so and falls short; else None."""
    lead = facts.lead_claim(fact)
    denominator = lead["denominator"]
    if kind == "fraction" and not pd.isna(denominator) and float(denominator) > 0:
        share = float(lead["numerator"]) / float(denominator)
        return share if share < 1 else None
    if kind == "share" and fact.unit == "percent" and fact.bound == "exact" and fact.value < 100:
        return fact.value / 100
    return None


def choose(facts: Facts) -> list[Fact]:
    """The box's figures, in the order printed: shortfalls first, then counts."""
    metrics = facts.metrics
    latest = [f for m in metrics.index if (f := facts.pick(m)) is not None and not f.derived and f.status not in SKIP]
    short = sorted(((c, f) for f in latest if (c := completion(f, facts, metrics.loc[f.metric, "kind"])) is not None),
                   key=lambda cf: (cf[0], cf[1].metric))
    chosen = [f for _, f in short[:SHORTFALLS]]
    counts = sorted((f for f in latest if metrics.loc[f.metric, "kind"] in ("cumulative_count", "level")),
                    key=lambda f: (-float(f.value), f.metric))
    areas = set()
    for fact in counts:
        area = metrics.loc[fact.metric, "area"]
        if len(chosen) >= MOST:
            break
        if area not in areas:
            areas.add(area)
            chosen.append(fact)
    return chosen


def box(facts: Facts, cites: Citations, lang: str) -> Markup:
    items = []
    for fact in choose(facts):
        figure = cites.link(fact.text, fact.claims, fact.derived, metric=fact.metric, as_of=fact.as_of,
                            decision_id=fact.decision_id)
        items.append((figure, facts.metrics.loc[fact.metric, f"label_{lang}"], cites.date(fact.claims[0], fact.as_of)))
    # a phone shows no hover: the inferred-date mark is explained in words once, under the box
    note = t("key_numbers_note", lang) if any(t("inferred_mark", lang) in str(date) for _, _, date in items) else ""
    return parts().key_numbers(t("key_numbers", lang), items, note) if items else Markup("")
