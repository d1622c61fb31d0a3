"""Numbers and dates for readers, in the report's language (babel does the locale rules)."""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache

from babel.dates import format_date as _babel_date
from babel.numbers import get_decimal_symbol, get_group_symbol

from dean06.catalog.vocabulary import SCALES as _PRINTED_SCALES

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
_SCALE_WORDS = {1e12: {"en": "trillion", "vi": "nghìn tỷ"}, 1e9: {"en": "billion", "vi": "tỷ"},
                1e6: {"en": "million", "vi": "triệu"}, 1e3: {"en": "thousand", "vi": "nghìn"}}
# A printed Vietnamese qualifier keeps its own word in Vietnamese; English says what it means.
_PRINTED_QUALIFIERS = {"hơn": "more than ", "trên": "over ", "gần": "nearly ", "khoảng": "about ", "đạt": "", "": ""}
# Qualifiers that state the figure plainly ("đạt", "reaching"): the report prints the figure alone.
_PLAIN = {"", "đạt", "reaching", "reached"}
# A vague magnitude ("hàng chục triệu") in the other language: its order, 10^n -> words.
_VAGUE = {
    "vi": {1: "hàng chục", 2: "hàng trăm", 3: "hàng nghìn", 4: "hàng chục nghìn", 5: "hàng trăm nghìn",
           6: "hàng triệu", 7: "hàng chục triệu", 8: "hàng trăm triệu", 9: "hàng tỷ", 10: "hàng chục tỷ",
           11: "hàng trăm tỷ", 12: "hàng nghìn tỷ"},
    "en": {1: "tens", 2: "hundreds", 3: "thousands", 4: "tens of thousands", 5: "hundreds of thousands",
           6: "millions", 7: "tens of millions", 8: "hundreds of millions", 9: "billions", 10: "tens of billions",
           11: "hundreds of billions", 12: "trillions"},
}


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


def printed_scale(value_text: str, source_lang: str = "vi") -> tuple[str, float, int] | None:
    """The scale word of a figure as printed and its decimals, in the words of the source's language:
    'hơn 18,5 triệu' -> ('triệu', 1e6, 1); 'over 13.8 million' (en) -> ('million', 1e6, 1)."""
    text = " ".join((value_text or "").split())
    lower = text.lower()
    mark = get_decimal_symbol(locale=source_lang)
    for word, size in _PRINTED_SCALES.get(source_lang, {}).items():  # longest first
        for gap in (" ", ""):
            at = lower.find(gap + word)
            after = lower[at + len(gap + word):at + len(gap + word) + 1]
            if at > 0 and text[at - 1].isdigit() and not after.isalpha():
                digits = text[:at].split(" ")[-1].lstrip("VNDvnd")
                decimals = len(digits.split(mark)[1]) if mark in digits else 0
                return word, float(size), decimals
    return None


def is_vague(value_text: str) -> bool:
    """A magnitude printed in words, without digits ('hàng chục triệu', 'tens of millions')."""
    return bool((value_text or "").strip()) and not any(c.isdigit() for c in value_text)


def _vague(value: float, unit: str, lang: str, value_text: str, source_lang: str) -> str:
    """As printed in its own language; in the other, the words for the same order of magnitude."""
    if lang == source_lang:
        return " ".join(value_text.split())
    order = round(math.log10(value)) if value > 0 else 0
    text = _VAGUE[lang].get(order) or compact(value, lang)
    currency = _currency(unit)
    if currency:
        text += (" " if lang == "vi" else " of ") + _UNIT_WORDS[currency][lang]
    return text


def as_printed(value: float, unit: str, lang: str, bound: str = "exact", value_text: str = "",
               qualifier: str = "", source_lang: str = "vi") -> str:
    """A reported figure as the copy printed it, in the report's language.

    A figure printed with a scale word keeps it ('18,5 triệu' -> '18,5 triệu' / '18.5 million'); one
    printed in full stays in full ('17.518.220'); an amount keeps its currency ('24,7 tỉ đồng' /
    '24.7 billion dong'); a bound keeps its word in the copy's own language ('trên 70 triệu' / 'over
    70 million') and is said from the cleaned bound in the other ('over 13.8 million' -> 'hơn 13,8
    triệu'); a vague magnitude is printed as printed ('hàng nghìn tỷ đồng' / 'trillions of dong').
    """
    check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if is_vague(value_text):
        return _vague(value, unit, lang, value_text, source_lang)
    if unit == "percent":
        text = percent(value, lang)
    else:
        scale = printed_scale(value_text, source_lang)
        if scale is not None:
            word, size, decimals = scale
            shown = number(round(value / size, decimals), lang, decimals)
            text = f"{shown} {word if lang == source_lang else _SCALE_WORDS[size][lang]}"
        elif value_text:
            text = number(value, lang, 0 if float(value).is_integer() else 2)
        else:  # not printed (a figure we derived): as a reader would round it
            text = compact(value, lang)
        currency = _currency(unit)
        if currency:
            text += " " + _UNIT_WORDS[currency][lang]
    if bound == "range" or not qualifier:
        return with_bound(text, bound, lang)
    if lang == source_lang:  # the copy's own word
        return text if qualifier in _PLAIN else f"{qualifier} {text}"
    if source_lang == "vi" and qualifier in _PRINTED_QUALIFIERS:
        return _PRINTED_QUALIFIERS[qualifier] + text
    return with_bound(text, bound, lang)  # a word of another language: said from the cleaned bound


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
