"""Figures as printed in news copy, read in the language of their source.

Vietnamese: `hơn 11,2 triệu`, `trên 2,5 nghìn tỷ đồng`, `94,03%`, `38/53`, `hàng chục triệu`.
English: `over 13.8 million`, `more than 600,000`, `13.2 percent`, `VND 2.5 trillion`, `tens of millions`.

Digits are read by babel in strict mode with the source's locale (`vi`: `.` groups thousands and
`,` marks decimals; `en` the reverse). No figure is read by guessing: one whose separators contradict
its language (`13.2` in Vietnamese copy) or that could be read two ways (`600,000` in Vietnamese
copy: 600 or 600000; `1.234` in English copy) is an error naming both readings and the quote,
unless the claim's notes say which reading the copy means (`reading checked: en`). Everything
around the digits must be a qualifier, scale word, currency or percent word of the language
(catalog); a word we do not know may change the number. Every problem of a figure is reported at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

from dean06.catalog.contracts import QUALIFIERS
from dean06.catalog.vocabulary import (CURRENCIES, LANGUAGE_NAMES, LANGUAGES, PERCENT, SCALES, VAGUE_JOINER,
                                       VAGUE_MARKER, VAGUE_ORDERS)
from dean06.textnorm import normalise


_NUMBER = r"\d(?:[\d.,]*\d)?"  # must end in a digit: trailing punctuation is not part of a figure
_SHAPE = re.compile(rf"^(?P<prefix>\D*?)\s*(?P<num>{_NUMBER})(?:\s*/\s*(?P<den>{_NUMBER}))?(?P<suffix>.*)$")
# A claim's notes open with this when the editor has checked which separators a figure uses.
READING_MARK = "reading checked:"
_READING = re.compile(rf"^\s*{READING_MARK}\s*(?P<lang>[a-z]+)\b")


class NumeralError(ValueError):
    """The text is not a figure we can read without guessing; `messages` holds every reason."""

    def __init__(self, messages: str | list[str]):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


@dataclass(frozen=True)
class Numeral:
    text: str  # normalised text that was parsed
    qualifier: str  # as printed, lower-cased; "" when none
    bound: str  # exact / lower / upper / approx
    value: Decimal  # scale applied; for a fraction, the numerator; for a vague magnitude, its least value
    unit: str | None  # "percent", "VND", or None: the metric's own unit applies
    step: Decimal  # one unit in the last printed digit, in the same units as value (92% -> 1)
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    share: Decimal | None = None  # proportion 0-1 for fractions and percentages read as shares
    vague: bool = False  # a magnitude named in words ("hàng chục triệu"), not a printed number

    @property
    def lower(self) -> Decimal | None:
        return self.value if self.bound in ("exact", "lower") else None

    @property
    def upper(self) -> Decimal | None:
        return self.value if self.bound in ("exact", "upper") else None


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise NumeralError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")
    return lang


def reading_checked(notes: str) -> str | None:
    """The language whose separators the editor says a figure uses (`reading checked: en` in its notes)."""
    match = _READING.match(notes or "")
    return match["lang"] if match else None


def _separators(lang: str) -> str:
    return f"thousands {get_group_symbol(locale=lang)!r}, decimals {get_decimal_symbol(locale=lang)!r}"


def _strict(text: str, lang: str) -> tuple[Decimal | None, list[str]]:
    """The reading of `text` with `lang`'s separators, or None and babel's suggested spellings."""
    try:
        return parse_decimal(text, locale=lang, strict=True), []
    except NumberFormatError as err:
        return None, list(getattr(err, "suggestions", None) or [])


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f") if number == number.to_integral() else format(number, "f")


def _excerpt(quote: str, text: str) -> str:
    """The quote around the figure, enough to see which reading the copy means."""
    quote = normalise(quote)
    at = quote.find(text)
    if at < 0 or len(quote) <= 120:
        return quote
    start, end = max(0, at - 50), min(len(quote), at + len(text) + 50)
    return ("…" if start else "") + quote[start:end] + ("…" if end < len(quote) else "")


def _decimal_of_three(text: str, lang: str) -> bool:
    """One decimal mark followed by exactly three digits and no group sign: the shape a thousands
    group has in the other convention (`600,000` in Vietnamese, `1.234` in English)."""
    decimal, group = get_decimal_symbol(locale=lang), get_group_symbol(locale=lang)
    return group not in text and text.count(decimal) == 1 and len(text.split(decimal)[1]) == 3


def read_digits(text: str, lang: str, *, quote: str = "", checked: str | None = None) -> Decimal:
    """Digits with the separators of `lang` (or of `checked`, the reading the editor confirmed)."""
    if checked is not None:
        check_language(checked)
        value, _ = _strict(text, checked)
        if value is None:
            raise NumeralError(f"{text!r} is not a number with {LANGUAGE_NAMES[checked]} separators "
                               f"({_separators(checked)}), as the claim's notes say ({READING_MARK} {checked})")
        return value
    readings = {other: _strict(text, other) for other in LANGUAGES}
    own, suggestions = readings[lang]
    others = {o: v for o, (v, _) in readings.items() if o != lang and v is not None}
    in_quote = f"; quote: {_excerpt(quote, text)!r}" if quote else ""
    how = (f"; if the copy means the {{name}} reading, begin the claim's notes with '{READING_MARK} {{code}}'")
    if own is None:
        name = LANGUAGE_NAMES[lang]
        message = f"{text!r} is not {'an' if name[0] in 'AEIOU' else 'a'} {name} number ({_separators(lang)})"
        for other, value in others.items():
            message += (f"; with {LANGUAGE_NAMES[other]} separators ({_separators(other)}) it reads {_plain(value)}"
                        + how.format(name=LANGUAGE_NAMES[other], code=other)
                        + f" (or, if the whole article is {LANGUAGE_NAMES[other]}, set its language to {other!r} "
                          f"in data/raw/sources.csv)")
        # Only spellings the quote prints are worth suggesting: the value must be copied from it.
        seen = [s for s in suggestions if quote and s != text and re.search(rf"(?<![\d.,]){re.escape(s)}(?![\d])",
                                                                            normalise(quote))]
        if seen:
            message += f"; the quote prints {' and '.join(repr(s) for s in seen)}"
        raise NumeralError(message + in_quote)
    for other, value in others.items():
        if value != own and _decimal_of_three(text, lang):
            raise NumeralError(
                f"{text!r} can be read two ways: {_plain(own)} with {LANGUAGE_NAMES[lang]} separators "
                f"({_separators(lang)}), or {_plain(value)} with {LANGUAGE_NAMES[other]} separators "
                f"({_separators(other)}); begin the claim's notes with '{READING_MARK} {lang}' or "
                f"'{READING_MARK} {other}' to say which the copy means{in_quote}")
    return own


def parse_number(text: str, lang: str = "vi", *, quote: str = "", checked: str | None = None) -> Decimal:
    """Digits as printed (`78.553.494`, `11,2`, `09` in Vietnamese; `600,000`, `13.8` in English)."""
    return read_digits(text, check_language(lang), quote=quote, checked=checked)


def _step(number: Decimal, scale: Decimal) -> Decimal:
    exponent = number.as_tuple().exponent
    return (Decimal(10) ** min(int(exponent), 0)) * scale


def _take(rest: str, words) -> tuple[str | None, str]:
    """The first of `words` that `rest` starts with, as a whole word, and what follows it."""
    for word in words:
        if rest == word or rest.startswith(word + " ") or (not word[0].isalnum() and rest.startswith(word)):
            return word, rest[len(word):].strip()
    return None, rest


def _read_suffix(suffix: str, lang: str, problems: list[str]) -> tuple[bool, str | None, str | None]:
    """Split what follows the digits into (percent, scale word, currency); report anything else."""
    rest = suffix.strip().lower()
    percent_word, rest = _take(rest, PERCENT[lang])
    scale, rest = _take(rest, SCALES[lang])
    currency, rest = _take(rest, CURRENCIES[lang])
    if rest:
        word = rest.split(" ")[0]
        known = [*SCALES[lang], *CURRENCIES[lang], *PERCENT[lang]]
        problems.append(f"unknown scale word or unit {word!r} (known in {LANGUAGE_NAMES[lang]}: {', '.join(known)})"
                        + _other_language(word, lang, lambda o: [*SCALES[o], *CURRENCIES[o], *PERCENT[o]]))
    return percent_word is not None, scale, currency


def _other_language(word: str, lang: str, vocabulary) -> str:
    """A hint when the word belongs to another language: the source's language may be wrong."""
    for other in LANGUAGES:
        if other != lang and word in vocabulary(other):
            return (f"; {word!r} is {LANGUAGE_NAMES[other]}: is the source's language ({lang!r} in "
                    f"data/raw/sources.csv) right?")
    return ""


def _read_prefix(prefix: str, lang: str, problems: list[str]) -> tuple[str, str, str | None]:
    """(qualifier, bound, currency) from the words before the digits: `over`, `VND`, `over VND`."""
    words = prefix.strip().lower()
    currency = None
    for word in CURRENCIES[lang]:  # English copy often puts the currency first: "VND 2.5 trillion"
        if words == word or words.endswith(" " + word):
            currency, words = word, words[:len(words) - len(word)].strip()
            break
    if words in QUALIFIERS[lang]:
        return words, QUALIFIERS[lang][words], currency
    known = ", ".join(q for q in QUALIFIERS[lang] if q)
    problems.append(f"unknown qualifier {words!r} (known in {LANGUAGE_NAMES[lang]}: {known})"
                    + _other_language(words, lang, lambda o: QUALIFIERS[o]))
    return "", "exact", currency


def parse_vague(text: str, lang: str = "vi") -> Numeral | None:
    """A magnitude named in words, or None: `hàng nghìn tỷ đồng` -> at least 10^12 VND,
    `hàng trăm` -> at least 100, `tens of millions` -> at least 10^7. Its least value is a lower bound."""
    check_language(lang)
    norm = normalise(text)
    rest = norm.lower()
    marker = VAGUE_MARKER[lang]
    if marker:
        if not rest.startswith(marker + " "):
            return None
        rest = rest[len(marker):].strip()
    parts = rest.split(VAGUE_JOINER[lang])
    currency = None
    if len(parts) > 1 and parts[-1] in CURRENCIES[lang]:
        currency = CURRENCIES[lang][parts.pop()]
    if not parts or any(p not in VAGUE_ORDERS[lang] for p in parts):
        return None
    value = Decimal(1)
    for part in parts:
        value *= VAGUE_ORDERS[lang][part]
    return Numeral(norm, "", "lower", value, currency, value, vague=True)


def parse_numeral(text: str, *, lang: str = "vi", quote: str = "", checked: str | None = None,
                  proportion: bool = True) -> Numeral:
    """Read a figure with its qualifier, scale word and currency, in the language of its source.

    `quote`: the claim's quote, named in the errors about digits and searched for suggestions.
    `checked`: the language whose separators the editor confirmed (`reading_checked(notes)`).
    `proportion`: a percentage is a share of a whole, so it must lie in 0-100% and gets a share.
    Pass False for changes (`tăng 150%` is possible and is not a share of anything).
    Raises NumeralError with every problem of the figure.
    """
    check_language(lang)
    norm = normalise(text)
    if not norm:
        raise NumeralError("empty figure")
    match = _SHAPE.match(norm)
    if match is None:
        vague = parse_vague(norm, lang)
        if vague is not None:
            return vague
        raise NumeralError("no digits in the figure, and not a vague magnitude "
                           f"({'hàng chục triệu, hàng trăm' if lang == 'vi' else 'tens of millions, hundreds'})")
    problems: list[str] = []
    qualifier, bound, currency_before = _read_prefix(match["prefix"], lang, problems)

    def digits(raw: str) -> Decimal | None:
        try:
            return read_digits(raw, lang, quote=quote, checked=checked)
        except NumeralError as err:
            problems.extend(err.messages)
            return None

    number = digits(match["num"])
    percent, scale_word, currency = _read_suffix(match["suffix"], lang, problems)
    currency = currency or currency_before

    if match["den"] is not None:
        denominator = digits(match["den"])
        if percent or scale_word or currency:
            problems.append("a fraction a/b cannot carry %, a scale word or a currency")
        if denominator == 0:
            problems.append("the denominator of the fraction is zero")
        elif number is not None and denominator is not None and number > denominator:
            problems.append(f"the numerator {number} is larger than the denominator {denominator}")
        if problems:
            raise NumeralError(problems)
        return Numeral(norm, qualifier, bound, number, None, _step(number, Decimal(1)),
                       numerator=number, denominator=denominator, share=number / denominator)

    if percent:
        if scale_word or currency:
            problems.append("a percentage cannot carry a scale word or a currency")
        if proportion and number is not None and number > 100:
            problems.append(f"a share over 100% ({number}%)")
        if problems:
            raise NumeralError(problems)
        share = number / 100 if proportion else None
        return Numeral(norm, qualifier, bound, number, "percent", _step(number, Decimal(1)), share=share)

    if problems:
        raise NumeralError(problems)
    scale = SCALES[lang][scale_word] if scale_word else Decimal(1)
    value = number * scale
    return Numeral(norm, qualifier, bound, value, CURRENCIES[lang][currency] if currency else None,
                   _step(number, scale))
