"""A conflicting figure is printed as each source's figure, a derived range as its two readings."""

import pandas as pd
import pytest

from dean06 import formatting as fmt
from dean06.publish.facts import Facts
from dean06.reconcile.step import reconcile

NAN = float("nan")
METRICS = pd.DataFrame([{"metric": "secure", "family": "security", "kind": "share", "unit": "percent",
                         "label_en": "Secure", "label_vi": "an toàn"}]).set_index("metric", drop=False)
SOURCES = pd.DataFrame([{"source_id": s, "outlet": f"Outlet {s}", "outlet_short": s, "event_date": "2023-12-21", "published_date": "2023-12-21",
                         "event_date_method": "stated"} for s in ("B", "C")]).set_index("source_id", drop=False)
DECISIONS = pd.DataFrame(columns=["decision_id", "finding_id", "metric", "as_of", "publish", "claims", "reason_en", "reason_vi"])


def level_before(cid, source, lower, upper):
    """A level before a rise derived as its two readings (fictional figures)."""
    return {"claim_id": cid, "source_id": source, "metric": "secure", "value": NAN, "lower": lower, "upper": upper,
            "bound": "range", "unit": "percent", "numerator": NAN, "denominator": NAN, "as_of": "2022-12-31",
            "value_text": "", "qualifier": "", "language": "vi", "flag_repeated": False, "repeat_of": "",
            "flag_derived": True, "derived_from": f"{source}-1;{source}-2", "derivation": "a / b", "derivation_vi": "a / b",
            "flag_as_of_inferred": True, "flag_year_inferred": False, "flag_vague": False}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_two_sources_derived_readings_that_disagree_are_printed_side_by_side(lang):
    clean = pd.DataFrame([level_before("DER-B-01", "B", 30.5, 47.5472), level_before("DER-C-01", "C", 49.0, 61.5094)])
    reconciled = reconcile(clean, SOURCES, METRICS, DECISIONS).reconciled
    [fact] = Facts(reconciled, clean, METRICS, lang).all("secure")
    assert fact.status == "conflicting"
    for figure in (30.5, 47.5, 49.0, 61.5):
        assert fmt.as_printed(figure, "percent", lang) in fact.text
    assert "—" not in fact.text
