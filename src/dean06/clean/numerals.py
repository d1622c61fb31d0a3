"""Vietnamese numerals as printed in news copy: `hơn 11,2 triệu`, `trên 2,5 nghìn tỷ đồng`, `94,03%`, `38/53`.

Digits are read by babel in strict mode for the `vi` locale (`.` groups thousands, `,` marks
decimals), so a figure typed with the wrong separator (`1.3` for `1,3`) is rejected rather than
silently read as 13. Everything around the digits must be a known qualifier, scale word,
currency or `%`; anything else is an error, because a word we do not know may change the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

from dean06.catalog.contracts import BOUNDS, QUALIFIERS
from dean06.catalog.vocabulary import CURRENCIES, SCALES
from dean06.textnorm import normalise


_NUMBER = r"\d(?:[\d.,]*\d)?"  # must end in a digit: trailing punctuation is not part of a figure
_SHAPE = re.compile(rf"^(?P<prefix>\D*?)\s*(?P<num>{_NUMBER})(?:\s*/\s*(?P<den>{_NUMBER}))?(?P<suffix>.*)$")


class NumeralError(ValueError):
    """The text is not a figure we can read without guessing."""


@dataclass(frozen=True)
class Numeral:
    text: str  # normalised text that was parsed
    qualifier: str  # as printed, lower-cased; "" when none
    bound: str  # exact / lower / upper / approx
    value: Decimal  # scale applied; for a fraction, the numerator
    unit: str | None  # "percent", "VND", or None: the metric's own unit applies
    step: Decimal  # one unit in the last printed digit, in the same units as value (92% -> 1)
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    share: Decimal | None = None  # proportion 0-1 for fractions and percentages read as shares

    @property
    def lower(self) -> Decimal | None:
        return self.value if self.bound in ("exact", "lower") else None

    @property
    def upper(self) -> Decimal | None:
        return self.value if self.bound in ("exact", "upper") else None


def parse_number(text: str) -> Decimal:
    """Digits with Vietnamese separators, strictly: `78.553.494`, `11,2`, `09`."""
    try:
        return parse_decimal(text, locale="vi", strict=True)
    except NumberFormatError as err:
        # babel's message suggests the likely intended spelling, which is what the editor needs.
        raise NumeralError(f"{text!r} is not a Vietnamese number (thousands '.', decimals ','): {err}") from None


def _step(number: Decimal, scale: Decimal) -> Decimal:
    exponent = number.as_tuple().exponent
    return (Decimal(10) ** min(int(exponent), 0)) * scale


def _read_suffix(suffix: str) -> tuple[bool, str | None, str | None]:
    """Split what follows the digits into (percent, scale word, currency); reject anything else."""
    rest = suffix.strip().lower()
    percent = rest.startswith("%")
    if percent:
        rest = rest[1:].strip()
    scale = currency = None
    for word in SCALES:  # dict order is longest first
        if rest == word or rest.startswith(word + " "):
            scale, rest = word, rest[len(word):].strip()
            break
    for word in CURRENCIES:
        if rest == word or rest.startswith(word + " "):
            currency, rest = word, rest[len(word):].strip()
            break
    if rest:
        raise NumeralError(f"unknown scale word or unit {rest.split(' ')[0]!r} "
                           f"(known: {', '.join(SCALES)}, {', '.join(CURRENCIES)}, %)")
    return percent, scale, currency


def parse_numeral(text: str, *, proportion: bool = True) -> Numeral:
    """Read a figure with its qualifier, scale word and currency.

    `proportion`: a percentage is a share of a whole, so it must lie in 0-100% and gets a share.
    Pass False for changes (`tăng 150%` is possible and is not a share of anything).
    """
    norm = normalise(text)
    if not norm:
        raise NumeralError("empty figure")
    match = _SHAPE.match(norm)
    if match is None:
        raise NumeralError("no digits in the figure")
    qualifier = match["prefix"].strip().lower()
    if qualifier not in QUALIFIERS:
        raise NumeralError(f"unknown qualifier {qualifier!r} (known: {', '.join(q for q in QUALIFIERS if q)})")
    bound = QUALIFIERS[qualifier]
    number = parse_number(match["num"])
    percent, scale_word, currency = _read_suffix(match["suffix"])

    if match["den"] is not None:
        if percent or scale_word or currency:
            raise NumeralError("a fraction a/b cannot carry %, a scale word or a currency")
        denominator = parse_number(match["den"])
        if denominator == 0:
            raise NumeralError("the denominator of the fraction is zero")
        if number > denominator:
            raise NumeralError(f"the numerator {number} is larger than the denominator {denominator}")
        return Numeral(norm, qualifier, bound, number, None, _step(number, Decimal(1)),
                       numerator=number, denominator=denominator, share=number / denominator)

    if percent:
        if scale_word or currency:
            raise NumeralError("a percentage cannot carry a scale word or a currency")
        share = None
        if proportion:
            if number > 100:
                raise NumeralError(f"a share over 100% ({number}%)")
            share = number / 100
        return Numeral(norm, qualifier, bound, number, "percent", _step(number, Decimal(1)), share=share)

    scale = SCALES[scale_word] if scale_word else Decimal(1)
    value = number * scale
    return Numeral(norm, qualifier, bound, value, CURRENCIES[currency] if currency else None,
                   _step(number, scale))
