"""The date line is one line: the edition's date (its latest publication), "figures to" the latest
date that carries a figure (never a publication without one), and the credit."""

import re

import pytest
from conftest import ROOT

from dean06.catalog import tables
from dean06.publish.facts import Facts
from dean06.publish.furniture import dateline
from dean06.reconcile import step as reconcile


def times(markup: str) -> list[str]:
    return re.findall(r'<time datetime="([^"]+)">', str(markup))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_figures_run_to_the_latest_date_that_carries_one(lang):
    sources = tables.read("sources", ROOT)
    reconciled = tables.read("reconciled", ROOT)
    facts = Facts(reconciled, tables.read("claims_clean", ROOT), reconcile.load_metrics_frame(ROOT), lang)
    line = dateline(sources, facts, None, "The desk", lang)
    carried = max(reconciled.loc[reconciled["status"] != "omitted", "as_of"])
    assert times(line) == [max(sources["published_date"]), carried]
    assert str(line).endswith("The desk")
    # a later publication with no figure moves the edition's date, never "figures to"
    later = sources.assign(published_date=["2031-05-06"] * len(sources))
    assert times(dateline(later, facts, None, "The desk", lang)) == ["2031-05-06", carried]
