"""Findings are worded as a reader needs them: a rise in points is a number of points, never a
percentage of points ("32.5 percentage points", not "32.5% percentage points")."""

import re

from conftest import ROOT

from dean06.reconcile import step as reconcile

WRONG = {"en": re.compile(r"\d%\s+percentage points"), "vi": re.compile(r"\d%\s+điểm phần trăm")}
RIGHT = {"en": re.compile(r"\d percentage points"), "vi": re.compile(r"\d điểm phần trăm")}


def test_points_are_not_written_as_percentages():
    ledger = reconcile.run(ROOT).discrepancies
    for lang in ("en", "vi"):
        texts = list(ledger[f"explanation_{lang}"])
        assert [t for t in texts if WRONG[lang].search(t)] == []
        ambiguous = ledger.loc[ledger["type"] == "ambiguous_percentage", f"explanation_{lang}"]
        assert all(RIGHT[lang].search(t) for t in ambiguous)
