"""Vietnamese numerals as printed in the copy, and the ones we must refuse to guess at."""

from decimal import Decimal

import pytest

from dean06.clean.numerals import NumeralError, parse_number, parse_numeral, reading_checked

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
    with pytest.raises(NumeralError, match="it reads 1.3"):
        parse_number("1.3")


# English copy, read with babel's `en` locale and the English words of the catalog.
@pytest.mark.parametrize("text, value, qualifier, bound, unit", [
    ("600,000", D(600000), "", "exact", None),
    ("over 13.8 million", D(13800000), "over", "lower", None),
    ("more than 400,000", D(400000), "more than", "lower", None),
    ("above 2 million", D(2000000), "above", "lower", None),
    ("nearly 5 mln", D(5000000), "nearly", "upper", None),
    ("almost 1.2 billion", D(1200000000), "almost", "upper", None),
    ("about 3 bn", D(3000000000), "about", "approx", None),
    ("around 66,000", D(66000), "around", "approx", None),
    ("approximately 4.5 thousand", D(4500), "approximately", "approx", None),
    ("reaching 66,000", D(66000), "reaching", "exact", None),
    ("reached 92%", D(92), "reached", "exact", "percent"),
    ("13.2 percent", D("13.2"), "", "exact", "percent"),
    ("13.2 per cent", D("13.2"), "", "exact", "percent"),
    ("2.5 trillion dong", D(2500000000000), "", "exact", "VND"),
    ("VND 2.5 trillion", D(2500000000000), "", "exact", "VND"),
    ("over VND2.5 trillion", D(2500000000000), "over", "lower", "VND"),
    ("Over 13.8 million", D(13800000), "over", "lower", None),  # sentence-initial capital
    ("78,553,494", D(78553494), "", "exact", None),
])
def test_reads_english_figures(text, value, qualifier, bound, unit):
    n = parse_numeral(text, lang="en")
    assert (n.value, n.qualifier, n.bound, n.unit, n.vague) == (value, qualifier, bound, unit, False)


def test_english_fraction_and_share():
    n = parse_numeral("12,275/13,047", lang="en")
    assert (n.numerator, n.denominator) == (D(12275), D(13047))
    assert parse_numeral("13.2 percent", lang="en").share == D("0.132")


@pytest.mark.parametrize("text, lang, readings", [
    # a comma and three digits: a decimal in Vietnamese, a thousands group in English
    ("600,000", "vi", ("600 with Vietnamese separators", "600000 with English separators")),
    ("400,000", "vi", ("400 with Vietnamese separators", "400000 with English separators")),
    ("66,000", "vi", ("66 with Vietnamese separators", "66000 with English separators")),
    # a point and three digits: a decimal in English, a thousands group in Vietnamese
    ("1.234", "en", ("1.234 with English separators", "1234 with Vietnamese separators")),
    ("10.000", "en", ("10 with English separators", "10000 with Vietnamese separators")),
])
def test_a_figure_read_two_ways_is_an_error_naming_both_readings_and_the_quote(text, lang, readings):
    quote = f"the copy printed {text} applications"
    with pytest.raises(NumeralError) as err:
        parse_numeral(text, lang=lang, quote=quote)
    message = str(err.value)
    assert "can be read two ways" in message
    assert all(r in message for r in readings)
    assert repr(quote) in message


@pytest.mark.parametrize("text, lang, other_reading", [
    ("13.2", "vi", "with English separators (thousands ',', decimals '.') it reads 13.2"),
    ("13.8", "vi", "it reads 13.8"),
    ("1,234.5", "vi", "it reads 1234.5"),
    ("78.553.494", "en", "with Vietnamese separators (thousands '.', decimals ',') it reads 78553494"),
    ("11,2", "en", "it reads 11.2"),
])
def test_grouping_that_contradicts_the_language_is_an_error_naming_the_other_reading(text, lang, other_reading):
    with pytest.raises(NumeralError) as err:
        parse_numeral(text, lang=lang, quote=f"in all, {text} were counted")
    assert other_reading in str(err.value)
    assert f"quote: 'in all, {text} were counted'" in str(err.value)


@pytest.mark.parametrize("text, value, lang", [
    # unambiguous in their own language: a group sign, or a decimal mark not followed by three digits
    ("10.000", D(10000), "vi"), ("12.275", D(12275), "vi"), ("0,123", D("0.123"), "vi"), ("11,2", D("11.2"), "vi"),
    ("600,000", D(600000), "en"), ("13.2", D("13.2"), "en"), ("0.123", D("0.123"), "en"),
])
def test_figures_with_one_reading_are_read(text, value, lang):
    assert parse_number(text, lang) == value


def test_suggestions_are_only_readings_the_quote_prints():
    # babel would suggest '132' and '13,2'; only what the quote prints may be offered
    with pytest.raises(NumeralError) as err:
        parse_numeral("13.2", quote="tỷ lệ 13.2 (tức 13,2%)")
    assert "the quote prints '13,2'" in str(err.value)
    assert "'132'" not in str(err.value)
    with pytest.raises(NumeralError) as err:
        parse_numeral("13.2", quote="over 13.2 million")
    assert "the quote prints" not in str(err.value) and "'13,2'" not in str(err.value)
    assert "'132'" not in str(err.value)


@pytest.mark.parametrize("notes, text, lang, value", [
    ("reading checked: en — the copy uses English separators", "600,000", "vi", D(600000)),
    ("reading checked: vi", "600,000", "vi", D(600)),
    ("reading checked: en", "13.2", "vi", D("13.2")),
    ("reading checked: vi", "1.234", "en", D(1234)),
])
def test_the_editor_says_which_reading_the_copy_means(notes, text, lang, value):
    assert reading_checked(notes) in ("vi", "en")
    assert parse_numeral(text, lang=lang, checked=reading_checked(notes)).value == value


def test_a_checked_reading_that_does_not_read_is_an_error():
    with pytest.raises(NumeralError, match="as the claim's notes say"):
        parse_numeral("78.553.494", lang="vi", checked="en")
    assert reading_checked("first sentence; reading checked: en") is None  # only at the start of the notes


def test_every_problem_of_a_figure_is_reported_at_once():
    with pytest.raises(NumeralError) as err:
        parse_numeral("over 13.8 million", lang="vi", quote="By November 7, over 13.8 million applications")
    messages = err.value.messages
    assert len(messages) == 3
    assert "unknown qualifier 'over'" in messages[0] and "'over' is English" in messages[0]
    assert "'13.8' is not a Vietnamese number" in messages[1] and "it reads 13.8" in messages[1]
    assert "unknown scale word or unit 'million'" in messages[2] and "'million' is English" in messages[2]


@pytest.mark.parametrize("text, lang, fragment", [
    ("hơn 11,2 triệu", "en", "unknown qualifier 'hơn'"),
    ("chừng 5 triệu", "vi", "unknown qualifier 'chừng'"),
    ("some 5 million", "en", "unknown qualifier 'some'"),
    ("5 crore", "en", "unknown scale word or unit 'crore'"),
    ("5 million USD", "en", "unknown scale word or unit 'usd'"),
    ("101 percent", "en", "a share over 100%"),
    ("5 percent million", "en", "a percentage cannot carry"),
    ("5", "fr", "unknown language 'fr'"),
])
def test_words_of_another_language_or_none_are_refused(text, lang, fragment):
    with pytest.raises(NumeralError) as err:
        parse_numeral(text, lang=lang)
    assert fragment in str(err.value)


# Vague magnitudes: the least value of the order they name, a lower bound, flagged as vague.
@pytest.mark.parametrize("text, lang, value, unit", [
    ("hàng nghìn tỷ đồng", "vi", D(10) ** 12, "VND"),
    ("hàng nghìn tỉ đồng", "vi", D(10) ** 12, "VND"),
    ("hàng trăm", "vi", D(100), None),
    ("hàng chục triệu", "vi", D(10) ** 7, None),
    ("Hàng triệu", "vi", D(10) ** 6, None),
    ("hàng vạn", "vi", D(10) ** 4, None),
    ("tens of millions", "en", D(10) ** 7, None),
    ("hundreds of thousands", "en", D(10) ** 5, None),
    ("hundreds", "en", D(100), None),
    ("trillions of dong", "en", D(10) ** 12, "VND"),
])
def test_vague_magnitudes_are_lower_bounds_flagged_as_vague(text, lang, value, unit):
    n = parse_numeral(text, lang=lang)
    assert (n.value, n.bound, n.lower, n.upper, n.unit, n.vague, n.qualifier) == (value, "lower", value, None, unit,
                                                                                   True, "")


@pytest.mark.parametrize("text, lang", [("hàng", "vi"), ("hàng loạt", "vi"), ("hàng chục người", "vi"),
                                        ("tens of people", "en"), ("hàng trăm", "en"), ("hundreds", "vi")])
def test_words_that_are_not_a_vague_magnitude_are_refused(text, lang):
    with pytest.raises(NumeralError, match="not a vague magnitude"):
        parse_numeral(text, lang=lang)
