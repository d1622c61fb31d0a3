"""Notebook 02 shows figures as the report writes them, not as floats (7.855349e+07)."""

import math

import pandas as pd

from dean06 import formatting
from dean06.reconcile.step import as_published


def rows(**overrides):
    base = {"metric": "m", "as_of": "2024-01-01", "value": math.nan, "lower": math.nan, "upper": math.nan,
            "bound": "exact", "unit": "cards", "status": "single_source", "supporting_claims": "X-000000-01",
            "decision_id": ""}
    return pd.DataFrame([{**base, **overrides}])


def test_exact_counts_lower_bounds_and_ranges_read_as_in_the_report():
    exact = as_published(rows(value=78553494.0, lower=78553494.0, upper=78553494.0))["published"][0]
    assert exact == formatting.number(78553494, "en") and "e+" not in exact
    lower = as_published(rows(value=7e7, lower=7e7, bound="lower", unit="accounts"), "vi")["published"][0]
    assert lower == formatting.amount(7e7, "accounts", "vi", "lower") and lower.startswith("hơn ")
    both = as_published(rows(lower=36.0, upper=36.4, bound="range", unit="percent"))["published"][0]
    assert both == f"{formatting.percent(36.0, 'en')} – {formatting.percent(36.4, 'en')}"


def test_the_real_ledger_has_no_scientific_notation(tmp_path):
    from conftest import ROOT

    frame = pd.read_csv(ROOT / "data/processed/reconciled.csv", dtype={"decision_id": str}, keep_default_na=False,
                        na_values={"value": [""], "lower": [""], "upper": [""]})
    shown = as_published(frame)
    assert len(shown) == len(frame)
    assert not shown["published"].str.contains(r"e\+|nan", regex=True).any()
