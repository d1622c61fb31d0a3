"""Numbers and dates for readers, in the report's language (babel does the locale rules)."""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache

from babel.dates import format_date as _babel_date
from babel.numbers import get_decimal_symbol, get_group_symbol

LANGS = ("vi", "en")
_SCALES = {  # largest first; Vietnamese news copy uses nghìn tỷ for 10^12
    "vi": [(1e12, "nghìn tỷ"), (1e9, "tỷ"), (1e6, "triệu")],
    "en": [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")],
}
_QUALIFIERS = {
    "vi": {"lower": "hơn ", "upper": "gần ", "approx": "khoảng ", "exact": "", "range": ""},
    "en": {"lower": "more than ", "upper": "nearly ", "approx": "about ", "exact": "", "range": ""},
}
_UNIT_WORDS = {"VND": {"vi": "đồng", "en": "dong"}}
# Scale words as Vietnamese copy prints them (longest first) and the word each language uses for them.
_PRINTED_SCALES = [("nghìn tỷ", 1e12), ("nghìn tỉ", 1e12), ("ngàn tỷ", 1e12), ("ngàn tỉ", 1e12), ("nghìn", 1e3),
                   ("ngàn", 1e3), ("triệu", 1e6), ("tỷ", 1e9), ("tỉ", 1e9)]
_SCALE_WORDS = {1e12: {"en": "trillion"}, 1e9: {"en": "billion"}, 1e6: {"en": "million"}, 1e3: {"en": "thousand"}}
# A printed qualifier keeps its own word in Vietnamese; English says what it means.
_PRINTED_QUALIFIERS = {"hơn": "more than ", "trên": "over ", "gần": "nearly ", "khoảng": "about ", "đạt": "", "": ""}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        from dean06.problems import ParameterError

        raise ParameterError(f"lang must be one of {', '.join(LANGS)}; got {lang!r}")
    return lang


@lru_cache(maxsize=None)
def _symbols(lang: str) -> dict[int, str]:
    """The locale's group and decimal signs, from babel's CLDR data, as a translation table."""
    return str.maketrans({",": get_group_symbol(locale=lang), ".": get_decimal_symbol(locale=lang)})


def number(value: float, lang: str, decimals: int = 0) -> str:
    """78553494 -> '78.553.494' (vi) or '78,553,494' (en).

    The separators are the locale's own (babel); the digits come from Python's formatting, which
    is much faster than a full babel pattern per call, and reconciliation formats every figure.
    """
    check_lang(lang)
    return f"{value:,.{decimals}f}".translate(_symbols(lang))


def compact(value: float, lang: str) -> str:
    """78553494 -> '78,6 triệu' / '78.6 million'; small numbers stay whole."""
    for size, word in _SCALES[check_lang(lang)]:
        if abs(value) >= size:
            scaled = value / size
            decimals = 0 if scaled >= 100 or float(scaled).is_integer() else 1
            return f"{number(round(scaled, decimals), lang, decimals)} {word}"
    return number(value, lang, 0 if float(value).is_integer() else 2)


def percent(value: float, lang: str, decimals: int | None = None) -> str:
    """94.03 -> '94,03%' / '94.03%'. `value` is in percent, not a proportion."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else len(f"{value:.4g}".split(".")[1]) if "." in f"{value:.4g}" else 0
    return number(value, lang, decimals) + "%"


def with_bound(text: str, bound: str, lang: str) -> str:
    """Prefix the wording of a bound: 'hơn 70 triệu', 'more than 70 million'."""
    return _QUALIFIERS[check_lang(lang)].get(bound, "") + text


def amount(value: float, unit: str, lang: str, bound: str = "exact") -> str:
    """A figure as a reader should see it, with its qualifier and unit."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "percent":
        text = percent(value, lang)
    elif bound == "exact" and float(value).is_integer():
        text = number(value, lang)  # an exact count is shown to the unit, as printed: 78.553.494
    else:
        text = compact(value, lang)  # bounds and estimates read as the copy wrote them: hơn 70 triệu
    if _currency(unit):
        text += " " + _UNIT_WORDS[_currency(unit)][lang]
    return with_bound(text, bound, lang)


def _currency(unit: str) -> str | None:
    """'VND' and 'VND per year' are amounts of money in dong."""
    head = (unit or "").split(" ")[0]
    return head if head in _UNIT_WORDS else None


def printed_scale(value_text: str) -> tuple[str, float, int] | None:
    """The scale word of a figure as printed and its decimals: 'hơn 18,5 triệu' -> ('triệu', 1e6, 1)."""
    text = " ".join((value_text or "").split())
    for word, size in _PRINTED_SCALES:
        at = text.find(" " + word)
        if at > 0 and text[at - 1].isdigit():
            digits = text[:at].split(" ")[-1]
            decimals = len(digits.split(",")[1]) if "," in digits else 0
            return word, size, decimals
    return None


def as_printed(value: float, unit: str, lang: str, bound: str = "exact", value_text: str = "",
               qualifier: str = "") -> str:
    """A reported figure as the copy printed it, in the report's language.

    A figure printed with a scale word keeps it ('18,5 triệu' -> '18,5 triệu' / '18.5 million'); one
    printed in full stays in full ('17.518.220'); an amount keeps its currency ('24,7 tỉ đồng' /
    '24.7 billion dong'); a bound keeps its word ('trên 70 triệu' / 'over 70 million').
    """
    check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "percent":
        text = percent(value, lang)
    else:
        scale = printed_scale(value_text)
        if scale is not None:
            word, size, decimals = scale
            shown = number(round(value / size, decimals), lang, decimals)
            text = f"{shown} {word if lang == 'vi' else _SCALE_WORDS[size]['en']}"
        elif value_text:
            text = number(value, lang, 0 if float(value).is_integer() else 2)
        else:  # not printed (a figure we derived): as a reader would round it
            text = compact(value, lang)
        currency = _currency(unit)
        if currency:
            text += " " + _UNIT_WORDS[currency][lang]
    if not qualifier or qualifier not in _PRINTED_QUALIFIERS or bound == "range":
        return with_bound(text, bound, lang)
    if lang == "vi":
        return text if qualifier == "đạt" else f"{qualifier} {text}"
    return _PRINTED_QUALIFIERS[qualifier] + text


@lru_cache(maxsize=4096)  # a corpus repeats few dates many times
def long_date(iso: str, lang: str) -> str:
    """'2023-12-21' -> '21/12/2023' (vi) or '21 December 2023' (en)."""
    day = date.fromisoformat(iso)
    if check_lang(lang) == "vi":
        return day.strftime("%d/%m/%Y")
    return _babel_date(day, format="d MMMM y", locale="en")


@lru_cache(maxsize=4096)
def month_year(iso: str, lang: str) -> str:
    """'2023-12-21' -> 'tháng 12/2023' / 'Dec 2023' (chart axes and labels)."""
    day = date.fromisoformat(iso)
    if check_lang(lang) == "vi":
        return f"tháng {day.month}/{day.year}"
    return _babel_date(day, format="MMM y", locale="en")
