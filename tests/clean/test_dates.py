"""Printed dates and as-of wording -> ISO dates, with what was inferred recorded."""

import datetime as dt

import pytest

from dean06.clean.dates import DateError, parse_en_date, parse_iso, parse_vi_date, resolve_as_of

D = dt.date


@pytest.mark.parametrize("text, reference, expected, year_inferred", [
    ("Sáng 9/8", D(2022, 8, 9), D(2022, 8, 9), True),
    ("Chiều 21/12/2023", D(2023, 12, 21), D(2023, 12, 21), False),
    ("21/12/2023", D(2023, 12, 21), D(2023, 12, 21), False),
    ("17/2/2023", D(2023, 2, 25), D(2023, 2, 17), False),
    ("25/02/2023", D(2023, 2, 25), D(2023, 2, 25), False),
    ("Tính đến ngày 17/2/2023", D(2023, 2, 25), D(2023, 2, 17), False),
    ("ngày 17/2", D(2023, 2, 25), D(2023, 2, 17), True),
    ("09/08", D(2022, 8, 9), D(2022, 8, 9), True),
    ("29/2/2024", D(2024, 6, 10), D(2024, 2, 29), False),
    # A day-month later than the event belongs to the year before: copy does not report the future.
    ("28/12", D(2023, 2, 25), D(2022, 12, 28), True),
])
def test_printed_dates(text, reference, expected, year_inferred):
    assert parse_vi_date(text, reference) == (expected, year_inferred)


@pytest.mark.parametrize("text, fragment", [
    ("31/2/2023", "is not a date"),
    ("29/2/2023", "is not a date"),
    ("1/13/2023", "is not a date"),
    ("31/4", "is not a date"),
    ("2023-02-17", "is not a date of the form"),
    ("17/2/23", "is not a date of the form"),
    ("tuần trước 17/2", "unknown word 'tuần'"),
    ("quý I", "is not a date of the form"),
])
def test_rejected_dates(text, fragment):
    with pytest.raises(DateError) as err:
        parse_vi_date(text, D(2023, 2, 25))
    assert fragment in str(err.value)


@pytest.mark.parametrize("text, date, method, year_inferred, as_of_inferred", [
    ("17/2/2023", D(2023, 2, 17), "stated", False, False),
    ("17/2", D(2023, 2, 17), "stated, year inferred", True, False),
    ("đến nay", D(2023, 2, 25), "relative (đến nay): event date", False, False),
    ("Hiện nay", D(2023, 2, 25), "relative (Hiện nay): event date", False, False),
    ("", D(2023, 2, 25), "inferred: event date", False, True),
    ("  ", D(2023, 2, 25), "inferred: event date", False, True),
])
def test_as_of(text, date, method, year_inferred, as_of_inferred):
    a = resolve_as_of(text, D(2023, 2, 25))
    assert (a.date, a.method, a.year_inferred, a.as_of_inferred) == (date, method, year_inferred, as_of_inferred)


def test_as_of_now_is_inferred_when_the_events_date_is():
    """'Hiện nay' in a copy whose event date is itself inferred: the figure's date is inferred too, so
    the page marks it like every other date of that copy; a stated date stays stated."""
    now = resolve_as_of("Hiện nay", D(2023, 12, 21), "vi", event_inferred=True)
    assert (now.date, now.method, now.as_of_inferred) == (D(2023, 12, 21), "relative (Hiện nay): event date, inferred", True)
    stated = resolve_as_of("17/2/2023", D(2023, 2, 25), "vi", event_inferred=True)
    assert (stated.method, stated.as_of_inferred) == ("stated", False)


def test_unknown_as_of_wording_is_an_error():
    with pytest.raises(DateError):
        resolve_as_of("gần đây", D(2023, 2, 25))


@pytest.mark.parametrize("text", ["2023-02-30", "2023-2-5", "25/02/2023", ""])
def test_iso_is_strict(text):
    with pytest.raises(DateError):
        parse_iso(text)


def test_iso():
    assert parse_iso("2023-12-21") == D(2023, 12, 21)


# English copy: the month by name (babel's `en` month names), lead-in words of the catalog.
@pytest.mark.parametrize("text, reference, expected, year_inferred", [
    ("By November 7", D(2022, 11, 8), D(2022, 11, 7), True),
    ("7 November 2022", D(2022, 11, 8), D(2022, 11, 7), False),
    ("November 7, 2022", D(2022, 11, 8), D(2022, 11, 7), False),
    ("Nov. 7, 2022", D(2022, 11, 8), D(2022, 11, 7), False),
    ("as of 7th November", D(2022, 11, 8), D(2022, 11, 7), True),
    ("up to 7 Nov 2022,", D(2022, 11, 8), D(2022, 11, 7), False),
    ("by the end of 30 September", D(2022, 11, 8), D(2022, 9, 30), True),
    # as in Vietnamese copy: a day-month later than the event belongs to the year before
    ("By December 28", D(2023, 2, 25), D(2022, 12, 28), True),
])
def test_printed_english_dates(text, reference, expected, year_inferred):
    assert parse_en_date(text, reference) == (expected, year_inferred)


@pytest.mark.parametrize("text, fragment", [
    ("7/11", "a date of digits only is not read in English copy"),
    ("7/11/2022", "a date of digits only"),
    ("February 30", "is not a date"),
    ("last week, November 7", "unknown word 'last'"),
    ("Smarch 7", "is not a date of the form"),
    ("Sáng 9/8", "a date of digits only"),
])
def test_rejected_english_dates(text, fragment):
    with pytest.raises(DateError) as err:
        parse_en_date(text, D(2023, 2, 25))
    assert fragment in str(err.value)


@pytest.mark.parametrize("text, date, method, year_inferred, as_of_inferred", [
    ("By November 7", D(2022, 11, 7), "stated, year inferred", True, False),
    ("7 November 2022", D(2022, 11, 7), "stated", False, False),
    ("to date", D(2022, 11, 8), "relative (to date): event date", False, False),
    ("At the current time", D(2022, 11, 8), "relative (At the current time): event date", False, False),
    ("So far,", D(2022, 11, 8), "relative (So far,): event date", False, False),
    ("", D(2022, 11, 8), "inferred: event date", False, True),
])
def test_english_as_of(text, date, method, year_inferred, as_of_inferred):
    a = resolve_as_of(text, D(2022, 11, 8), "en")
    assert (a.date, a.method, a.year_inferred, a.as_of_inferred) == (date, method, year_inferred, as_of_inferred)


@pytest.mark.parametrize("text, lang", [("to date", "vi"), ("đến nay", "en"), ("17/2", "en"), ("By November 7", "vi")])
def test_as_of_wording_is_read_in_its_source_language_only(text, lang):
    with pytest.raises(DateError):
        resolve_as_of(text, D(2023, 2, 25), lang)
