"""The date line gives when the copies were retrieved as a range (first to last), or one date when
they were all retrieved the same day."""

import re

import pandas as pd
import pytest
from conftest import ROOT

from dean06 import formatting as fmt
from dean06.catalog import tables
from dean06.publish.furniture import dateline


def times(markup: str) -> list[str]:
    return re.findall(r'<time datetime="([^"]+)">', str(markup))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_retrieval_dates_are_a_range(lang):
    sources = tables.read("sources", ROOT)
    days = sorted(set(sources["date_accessed"]))
    spread = sources.assign(date_accessed=[f"{2030 + i}-01-0{1 + i % 9}" for i in range(len(sources))])
    line = str(dateline(spread, None, lang))
    wanted = sorted(spread["date_accessed"])
    assert times(line)[-2:] == [wanted[0], wanted[-1]]
    assert fmt.long_date(wanted[0], lang) in line and fmt.long_date(wanted[-1], lang) in line
    # the archive as it is: its own first and last retrieval dates (one date when they are the same day)
    assert times(dateline(sources, None, lang))[3:] == ([days[0]] if len(days) == 1 else [days[0], days[-1]])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_one_retrieval_day_is_one_date(lang):
    sources = tables.read("sources", ROOT).assign(date_accessed="2031-05-06")
    line = dateline(sources, None, lang)
    assert times(line).count("2031-05-06") == 1 and len(times(line)) == 4
