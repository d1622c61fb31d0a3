"""Dates as printed in news copy, read in the language of their source -> ISO.

Vietnamese: `Sáng 9/8`, `17/2/2023`, `25/02/2023`, `đến nay` (day before month).
English: `By November 7`, `7 November 2022`, `Nov. 7, 2022`, `to date`, `at the current time`
(the month by name; a date of digits only, such as `7/11`, is refused: English copy may put the
month first or second).

A date printed without a year takes its year from the article's event date, and the caller is told
so; relative wording (`đến nay`, `to date`) means the event date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dean06.catalog.vocabulary import DATE_LEAD_IN, LANGUAGE_NAMES, MONTHS, RELATIVE_AS_OF
from dean06.textnorm import normalise

# Kept under their old names for the Vietnamese readers (add_article, tests).
LEAD_IN = DATE_LEAD_IN["vi"]
RELATIVE = RELATIVE_AS_OF["vi"]

_DAY_MONTH = re.compile(r"^(?P<prefix>\D*?)\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?\s*[.,;:]?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ORDINAL = r"(?:st|nd|rd|th)?"
# "7 November 2022", "7th Nov. 2022" / "November 7", "Nov. 7, 2022"
_EN_DAY_FIRST = re.compile(rf"^(?P<prefix>.*?)\b(?P<d>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<month>[a-z]+)\.?"
                           rf"(?:,?\s+(?P<y>\d{{4}}))?\s*[.,;:]?$")
_EN_MONTH_FIRST = re.compile(rf"^(?P<prefix>.*?)\b(?P<month>[a-z]+)\.?\s+(?P<d>\d{{1,2}}){_ORDINAL}"
                             rf"(?:,?\s+(?P<y>\d{{4}}))?\s*[.,;:]?$")


MONTHS_EN = MONTHS["en"]


class DateError(ValueError):
    """The text is not a date we can read."""


@dataclass(frozen=True)
class AsOf:
    date: dt.date
    method: str  # as in the data dictionary: stated / stated, year inferred / relative (...) / inferred: ...
    year_inferred: bool
    as_of_inferred: bool


def parse_iso(text: str) -> dt.date:
    if not _ISO.match(text or ""):
        raise DateError(f"{text!r} is not an ISO date YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise DateError(f"{text!r} is not a date: {err}") from None


def _make(year: int, month: int, day: int, shown: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as err:
        raise DateError(f"{shown!r} is not a date: {err}") from None


def _check_lead_in(prefix: str, lang: str) -> None:
    words = prefix.strip().lower().replace(",", " ").split()
    unknown = [w for w in words if w not in DATE_LEAD_IN[lang]]
    if unknown:
        raise DateError(f"unknown word {unknown[0]!r} before the date (known in {LANGUAGE_NAMES[lang]}: "
                        f"{', '.join(sorted(DATE_LEAD_IN[lang]))})")


def _with_year(year: str | None, month: int, day: int, reference: dt.date, shown: str) -> tuple[dt.date, bool]:
    """Without a year, the reference (event) date's year; if that puts the date after the reference,
    the previous year is meant, since copy does not report figures from the future."""
    if year:
        return _make(int(year), month, day, shown), False
    date = _make(reference.year, month, day, shown)
    if date > reference:
        date = _make(reference.year - 1, month, day, shown)
    return date, True


def parse_vi_date(text: str, reference: dt.date) -> tuple[dt.date, bool]:
    """`d/m/yyyy` or `d/m` (with optional lead-in words) -> (date, year_inferred)."""
    norm = normalise(text)
    match = _DAY_MONTH.match(norm)
    if match is None:
        raise DateError(f"{norm!r} is not a date of the form d/m or d/m/yyyy")
    _check_lead_in(match["prefix"], "vi")
    return _with_year(match["y"], int(match["m"]), int(match["d"]), reference, norm)


def parse_en_date(text: str, reference: dt.date) -> tuple[dt.date, bool]:
    """`7 November 2022`, `November 7`, `Nov. 7, 2022` (with lead-in words such as `By`) -> (date, year_inferred)."""
    norm = normalise(text)
    lower = norm.lower()
    for pattern in (_EN_DAY_FIRST, _EN_MONTH_FIRST):
        match = pattern.match(lower)
        if match and match["month"] in MONTHS_EN:
            _check_lead_in(match["prefix"], "en")
            return _with_year(match["y"], MONTHS_EN[match["month"]], int(match["d"]), reference, norm)
    if re.search(r"\d{1,2}/\d{1,2}", norm):
        raise DateError(f"{norm!r}: a date of digits only is not read in English copy (the month may come first "
                        f"or second); the as-of wording must name the month, as in '7 November 2022'")
    raise DateError(f"{norm!r} is not a date of the form '7 November 2022' or 'November 7, 2022'")


_PARSERS = {"vi": parse_vi_date, "en": parse_en_date}


def parse_date(text: str, reference: dt.date, lang: str = "vi") -> tuple[dt.date, bool]:
    """A printed date in the language of its source -> (date, year_inferred)."""
    return _PARSERS[lang](text, reference)


def resolve_as_of(text: str, event_date: dt.date, lang: str = "vi", event_inferred: bool = False) -> AsOf:
    """The date a figure describes, from its printed as-of wording and the source's event date (itself
    inferred when the copy states none: `event_inferred`)."""
    norm = normalise(text or "")
    if not norm:
        return AsOf(event_date, "inferred: event date", year_inferred=False, as_of_inferred=True)
    if norm.lower().rstrip(",.") in RELATIVE_AS_OF[lang]:
        # The wording itself says "as of now", i.e. the report: stated, not inferred — unless the
        # report's own date is.
        method = f"relative ({norm}): event date" + (", inferred" if event_inferred else "")
        return AsOf(event_date, method, year_inferred=False, as_of_inferred=event_inferred)
    date, year_inferred = parse_date(norm, event_date, lang)
    return AsOf(date, "stated, year inferred" if year_inferred else "stated", year_inferred, as_of_inferred=False)
