"""Chart-sized wording of figures, built on dean06.formatting (which owns the locale rules)."""

from __future__ import annotations

import math
from datetime import date

from babel.dates import format_date

from dean06 import formatting


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def figure(value: float, unit: str, bound: str, lang: str, *, derived: bool = False) -> str:
    """An exact count in full ('78.553.494'); a bound or a derived value rounded, with its qualifier
    ('hơn 70 triệu', 'khoảng 21,8 triệu'): rounding an exact count would hide its precision, and
    printing a derived value in full would claim a precision it does not have."""
    if is_missing(value):
        return "—"
    if unit == "percent":
        return formatting.with_bound(percent(value, lang), bound, lang)
    if derived and bound == "exact":
        bound = "approx"
    if bound == "exact" and unit != "VND":
        return formatting.number(value, lang)
    return formatting.amount(value, unit, lang, bound)


def percent(value: float, lang: str) -> str:
    """A percentage (in percent, not a proportion): as printed up to two decimals ('94,03%')."""
    value = round(float(value), 2)
    return formatting.percent(value, lang, 0 if value.is_integer() else (1 if round(value, 1) == value else 2))


def share(proportion: float, lang: str) -> str:
    """A computed proportion (0–1) to one decimal of a percent: 38/53 -> '71,7%'."""
    value = round(float(proportion) * 100, 1)
    return formatting.percent(value, lang, 0 if value.is_integer() else 1)


def fraction(numerator: float, denominator: float, lang: str) -> str:
    return f"{formatting.number(numerator, lang)}/{formatting.number(denominator, lang)}"


def count(n: int, lang: str) -> str:
    return formatting.number(n, lang)


def day(iso: str, lang: str) -> str:
    return formatting.long_date(iso, lang) if iso else "—"


def short_day(iso: str, lang: str) -> str:
    """'09/08/2022' / '9 Aug 2022': a date that fits a table column."""
    if not iso:
        return "—"
    if lang == "vi":
        return formatting.long_date(iso, lang)
    return format_date(date.fromisoformat(iso), format="d MMM y", locale="en")


def month(iso: str, lang: str) -> str:
    return formatting.month_year(iso, lang) if iso else "—"


def axis_month(iso: str, lang: str) -> str:
    """A month as a time axis labels it: '12/2023' / 'Dec 2023' (the axis says it is time, so
    Vietnamese needs no 'tháng' before each label)."""
    if lang == "vi":
        return f"{int(iso[5:7])}/{iso[:4]}"
    return formatting.month_year(iso, lang)


def join(items: list[str], lang: str) -> str:
    """'a, b và c' / 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    word = " và " if lang == "vi" else " and "
    return ", ".join(items[:-1]) + word + items[-1]
