"""Dates as printed in Vietnamese news copy (`Sáng 9/8`, `17/2/2023`, `25/02/2023`, `đến nay`) -> ISO.

Day comes before month. A date printed without a year takes its year from the article's event
date, and the caller is told so; relative wording (`đến nay`, `Hiện nay`) means the event date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dean06.textnorm import normalise

# Words that may introduce a printed date ("Sáng 9/8", "Tính đến ngày 17/2/2023").
LEAD_IN = {"sáng", "trưa", "chiều", "tối", "đêm", "ngày", "hôm", "tính", "đến", "tới", "vào", "lúc", "từ"}
# As-of wording that points at the time of the report rather than printing a date.
RELATIVE = {"đến nay", "tính đến nay", "tới nay", "cho đến nay", "hiện nay", "hiện tại"}

_DAY_MONTH = re.compile(r"^(?P<prefix>\D*?)\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?\s*[.,;:]?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def parse_vi_date(text: str, reference: dt.date) -> tuple[dt.date, bool]:
    """`d/m/yyyy` or `d/m` (with optional lead-in words) -> (date, year_inferred).

    Without a year, the reference (event) date's year is used; if that puts the date after the
    reference, the previous year is meant, since copy does not report figures from the future.
    """
    norm = normalise(text)
    match = _DAY_MONTH.match(norm)
    if match is None:
        raise DateError(f"{norm!r} is not a date of the form d/m or d/m/yyyy")
    words = match["prefix"].strip().lower().split()
    unknown = [w for w in words if w not in LEAD_IN]
    if unknown:
        raise DateError(f"unknown word {unknown[0]!r} before the date (known: {', '.join(sorted(LEAD_IN))})")
    day, month = int(match["d"]), int(match["m"])
    if match["y"]:
        return _make(int(match["y"]), month, day, norm), False
    date = _make(reference.year, month, day, norm)
    if date > reference:
        date = _make(reference.year - 1, month, day, norm)
    return date, True


def resolve_as_of(text: str, event_date: dt.date) -> AsOf:
    """The date a figure describes, from its printed as-of wording and the source's event date."""
    norm = normalise(text or "")
    if not norm:
        return AsOf(event_date, "inferred: event date", year_inferred=False, as_of_inferred=True)
    if norm.lower().rstrip(",.") in RELATIVE:
        # The wording itself says "as of now", i.e. the report: stated, not inferred.
        return AsOf(event_date, f"relative ({norm}): event date", year_inferred=False, as_of_inferred=False)
    date, year_inferred = parse_vi_date(norm, event_date)
    return AsOf(date, "stated, year inferred" if year_inferred else "stated", year_inferred, as_of_inferred=False)
