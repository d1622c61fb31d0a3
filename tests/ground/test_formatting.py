import pytest

from dean06 import formatting as fmt


@pytest.mark.parametrize("value,lang,expected", [
    (78553494, "vi", "78.553.494"),
    (78553494, "en", "78,553,494"),
])
def test_number(value, lang, expected):
    assert fmt.number(value, lang) == expected


@pytest.mark.parametrize("value,lang,expected", [
    (78553494, "vi", "78,6 triệu"),
    (78553494, "en", "78.6 million"),
    (70_000_000, "en", "70 million"),
    (1.3e9, "vi", "1,3 tỷ"),
    (2.5e12, "vi", "2,5 nghìn tỷ"),
    (2.5e12, "en", "2.5 trillion"),
    (413, "en", "413"),
])
def test_compact(value, lang, expected):
    assert fmt.compact(value, lang) == expected


@pytest.mark.parametrize("value,unit,bound,lang,expected", [
    (70e6, "accounts", "lower", "vi", "hơn 70 triệu"),
    (70e6, "accounts", "lower", "en", "more than 70 million"),
    (94.03, "percent", "exact", "vi", "94,03%"),
    (94.03, "percent", "exact", "en", "94.03%"),
    (2.5e12, "VND", "lower", "en", "more than 2.5 trillion dong"),
    (78553494, "cards", "exact", "vi", "78.553.494"),
    (21827757, "applications", "approx", "en", "about 21.8 million"),
])
def test_amount(value, unit, bound, lang, expected):
    assert fmt.amount(value, unit, lang, bound) == expected


def test_dates():
    assert fmt.long_date("2023-12-21", "vi") == "21/12/2023"
    assert fmt.long_date("2023-12-21", "en") == "21 December 2023"
    assert fmt.month_year("2022-08-09", "vi") == "tháng 8/2022"
    assert fmt.month_year("2022-08-09", "en") == "Aug 2022"


def test_unknown_language_is_rejected():
    with pytest.raises(ValueError, match="lang must be one of vi, en; got 'fr'"):
        fmt.number(1, "fr")


@pytest.mark.parametrize("value,unit,bound,text,qualifier,lang,expected", [
    (18.5e6, "citizens", "exact", "18,5 triệu", "", "vi", "18,5 triệu"),
    (18.5e6, "citizens", "exact", "18,5 triệu", "", "en", "18.5 million"),
    (24.7e9, "VND per year", "approx", "khoảng 24,7 tỉ đồng", "khoảng", "vi", "khoảng 24,7 tỉ đồng"),
    (24.7e9, "VND per year", "approx", "khoảng 24,7 tỉ đồng", "khoảng", "en", "about 24.7 billion dong"),
    (2.5e12, "VND", "lower", "trên 2,5 nghìn tỷ đồng", "trên", "en", "over 2.5 trillion dong"),
    (612e3, "accounts", "lower", "hơn 612 nghìn", "hơn", "en", "more than 612 thousand"),
    (17518220, "citizens", "exact", "17.518.220", "", "en", "17,518,220"),
    (8e6, "lookups", "upper", "gần 8 triệu", "gần", "vi", "gần 8 triệu"),
    (10000, "points", "lower", "hơn 10.000", "hơn", "en", "more than 10,000"),
    (92, "percent", "exact", "đạt 92%", "đạt", "vi", "92%"),
    (21827757, "applications", "approx", "", "", "en", "about 21.8 million"),
])
def test_as_printed_keeps_scale_words_currency_and_bounds(value, unit, bound, text, qualifier, lang, expected):
    assert fmt.as_printed(value, unit, lang, bound, text, qualifier) == expected
