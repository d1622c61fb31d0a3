"""Vietnamese numerals as printed in the copy, and the ones we must refuse to guess at."""

from decimal import Decimal

import pytest

from dean06.clean.numerals import NumeralError, parse_number, parse_numeral

D = Decimal


@pytest.mark.parametrize("text, value, qualifier, bound, unit", [
    ("78.553.494", D(78553494), "", "exact", None),
    ("20.081.536", D(20081536), "", "exact", None),
    ("hơn 10.000", D(10000), "hơn", "lower", None),
    ("hơn 130.700", D(130700), "hơn", "lower", None),
    ("hơn 11,2 triệu", D(11200000), "hơn", "lower", None),
    ("hơn 35,4 triệu", D(35400000), "hơn", "lower", None),
    ("trên 70 triệu", D(70000000), "trên", "lower", None),
    ("hơn 1,3 tỷ", D(1300000000), "hơn", "lower", None),
    ("hơn 1,3 tỉ", D(1300000000), "hơn", "lower", None),
    ("trên 2,5 nghìn tỷ đồng", D(2500000000000), "trên", "lower", "VND"),
    ("2,5 ngàn tỉ đồng", D(2500000000000), "", "exact", "VND"),
    ("3 nghìn", D(3000), "", "exact", None),
    ("5 ngàn", D(5000), "", "exact", None),
    ("1,5 tỷ đồng", D(1500000000), "", "exact", "VND"),
    ("500 đồng", D(500), "", "exact", "VND"),
    ("gần 12 triệu", D(12000000), "gần", "upper", None),
    ("khoảng 4,5 triệu", D(4500000), "khoảng", "approx", None),
    ("đạt 92%", D(92), "đạt", "exact", "percent"),
    ("94,03%", D("94.03"), "", "exact", "percent"),
    ("100%", D(100), "", "exact", "percent"),
    ("Hơn 10.000", D(10000), "hơn", "lower", None),  # sentence-initial capital
    ("09", D(9), "", "exact", None),
    ("02", D(2), "", "exact", None),
    ("16", D(16), "", "exact", None),
    ("hơn\u00a011,2\u00a0triệu", D(11200000), "hơn", "lower", None),  # no-break spaces from the copy
])
def test_reads_printed_figures(text, value, qualifier, bound, unit):
    n = parse_numeral(text)
    assert (n.value, n.qualifier, n.bound, n.unit) == (value, qualifier, bound, unit)
    assert n.numerator is None and n.denominator is None


@pytest.mark.parametrize("text, lower, upper", [
    ("78.553.494", D(78553494), D(78553494)),
    ("hơn 11,2 triệu", D(11200000), None),
    ("gần 12 triệu", None, D(12000000)),
    ("khoảng 4,5 triệu", None, None),
    ("đạt 92%", D(92), D(92)),
])
def test_qualifiers_become_bounds(text, lower, upper):
    n = parse_numeral(text)
    assert (n.lower, n.upper) == (lower, upper)


@pytest.mark.parametrize("text, numerator, denominator", [
    ("38/53", 38, 53),
    ("58/63", 58, 63),
    ("12.275/13.047", 12275, 13047),
    ("63/63", 63, 63),
    ("38 / 53", 38, 53),
])
def test_fractions_keep_both_parts_and_share(text, numerator, denominator):
    n = parse_numeral(text)
    assert (n.value, n.numerator, n.denominator) == (numerator, numerator, denominator)
    assert n.share == D(numerator) / D(denominator)
    assert n.unit is None and n.bound == "exact"


@pytest.mark.parametrize("text, share", [("94,03%", D("0.9403")), ("đạt 92%", D("0.92")), ("100%", D(1)),
                                         ("0,5%", D("0.005"))])
def test_percentages_are_shares(text, share):
    assert parse_numeral(text).share == share


def test_change_percentages_are_not_shares_and_may_exceed_100():
    n = parse_numeral("150%", proportion=False)
    assert (n.value, n.unit, n.share) == (D(150), "percent", None)


@pytest.mark.parametrize("text, step", [
    ("đạt 92%", D(1)), ("94,03%", D("0.01")), ("hơn 11,2 triệu", D(100000)), ("78.553.494", D(1)),
    ("trên 2,5 nghìn tỷ đồng", D(10) ** 11),
])
def test_step_is_the_last_printed_digit(text, step):
    assert parse_numeral(text).step == step


@pytest.mark.parametrize("text, fragment", [
    ("hơn 1.3 tỷ", "'1.3' is not a Vietnamese number"),  # decimal point where the comma is meant
    ("1.30", "is not a Vietnamese number"),
    ("78.553.49", "is not a Vietnamese number"),
    ("chừng 5 triệu", "unknown qualifier 'chừng'"),
    ("hơn 5 vạn", "unknown scale word or unit 'vạn'"),
    ("5 triệu USD", "unknown scale word or unit 'usd'"),
    ("78.553.494 thẻ", "unknown scale word or unit 'thẻ'"),
    ("101%", "a share over 100%"),
    ("120,5%", "a share over 100%"),
    ("64/63", "the numerator 64 is larger than the denominator 63"),
    ("12.275/0", "denominator of the fraction is zero"),
    ("38/53%", "a fraction a/b cannot carry"),
    ("5% triệu", "a percentage cannot carry"),
    ("", "empty figure"),
    ("nhiều", "no digits"),
])
def test_rejections(text, fragment):
    with pytest.raises(NumeralError) as err:
        parse_numeral(text)
    assert fragment in str(err.value)


def test_babel_suggests_the_intended_spelling():
    with pytest.raises(NumeralError, match="1,3"):
        parse_number("1.3")
