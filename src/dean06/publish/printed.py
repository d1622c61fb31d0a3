"""The table of every number a page prints: where (section), the text as printed, the reconciled row
(metric, as-of), each claim behind it with its quote and the archived article's SHA-256, the derivation
and the editor's decision. Built from the same records that render the page's links (citations.py).
"""

from __future__ import annotations

import pandas as pd

from dean06.catalog.tables import PRINTED as COLUMNS  # the table's columns, declared in the catalog
from dean06.publish.citations import Printed
from dean06.wording import in_language


def chart_numbers(charts: dict, reconciled: pd.DataFrame, shown: dict[str, str]) -> list[Printed]:
    """The figures each chart on the page labels (`shown`: chart name -> the section that shows it): the
    rows of its CSV (the data drawn) with a claim and the text as the chart prints it (`value_text`)."""
    import io

    decided = {(r["metric"], r["as_of"]): r["decision_id"] for r in reconciled.to_dict("records")}
    out = []
    for name, chart in charts.items():
        if name not in shown or not chart.csv:
            continue
        frame = pd.read_csv(io.BytesIO(chart.csv), dtype=str, keep_default_na=False)
        if not {"claim_id", "value_text"} <= set(frame.columns):
            continue  # a chart that labels no figure (a timeline, a matrix of agreement)
        for row in frame.to_dict("records"):
            if row["claim_id"] and row["value_text"]:
                metric, as_of = row.get("metric") or row.get("series", ""), row.get("as_of", "")
                out.append(Printed(f"chart-{name}", "chart", row["value_text"], [row["claim_id"]], metric, as_of,
                                   decision_id=decided.get((metric, as_of), ""), section=shown[name]))
    return out


def table(printed: list[Printed], clean: pd.DataFrame, sources: pd.DataFrame, decisions: pd.DataFrame,
          lang: str) -> pd.DataFrame:
    """One row per printed number and claim behind it, in the order the pages print them, each with the
    part of the page its rendering recorded."""
    claims = clean.set_index("claim_id").to_dict("index")  # plain mappings: frame row lookups are slow
    sha256 = sources["sha256"].to_dict()
    reasons = decisions.set_index("decision_id")[f"reason_{lang}"] if len(decisions) else pd.Series(dtype=str)
    rows = []
    for p in printed:
        if not p.section:
            raise ValueError(f"printed number {p.ref} ({p.text!r}) was recorded outside any part of the page")
        for claim_id in dict.fromkeys(p.claims):
            c = claims[claim_id]
            rows.append({"ref": p.ref, "section": p.section, "kind": p.kind, "text": p.text, "metric": p.metric,
                         "as_of": p.as_of, "claim_id": claim_id, "source_id": c["source_id"],
                         "quote": c["quote_display"], "sha256": sha256[c["source_id"]],
                         "derived_from": c["derived_from"], "derivation": in_language(c, "derivation", lang),
                         "decision_id": p.decision_id, "decision_reason": reasons.get(p.decision_id, "")})
    return pd.DataFrame(rows, columns=COLUMNS)
