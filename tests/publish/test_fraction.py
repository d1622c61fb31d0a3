"""A part of a whole, one helper for the story's figures and the appendix's glosses."""

import math

import pandas as pd
import pytest

from dean06.publish.facts import fraction


@pytest.mark.parametrize("lang,expected", [("en", "38 of 53"), ("vi", "38/53")])
def test_a_part_keeps_its_whole_in_the_editions_form(lang, expected):
    assert fraction({"numerator": 38.0, "denominator": 53.0}, lang) == expected
    assert fraction(pd.Series({"numerator": 1200, "denominator": 13047}), lang).endswith(
        "13,047" if lang == "en" else "13.047")


@pytest.mark.parametrize("missing", [None, "", math.nan, pd.NA])
def test_a_figure_without_a_whole_has_no_fraction(missing):
    assert fraction({"numerator": missing, "denominator": missing}, "en") is None
