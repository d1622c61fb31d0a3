"""The words copy prints around a figure, per language of the source (`language` in
data/raw/sources.csv): scale words, currencies, percent words and vague magnitudes. The
qualifiers live with the table contract, `contracts.QUALIFIERS`. Shared by the numeral parser,
the draft of claims that `add_article` writes, and the report's figures as printed. Also the
kinds of event a source reports.

Every mapping is keyed by language; within a language, longer words come first, so that
`nghìn tỷ` wins over `nghìn` and `per cent` is tried before `percent`.
"""

from decimal import Decimal

from babel.dates import get_month_names

LANGUAGES = ("vi", "en")  # the languages a source may be written in; each is read by its babel locale
LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}

SCALES: dict[str, dict[str, Decimal]] = {
    "vi": {
        "nghìn tỷ": Decimal(10) ** 12,
        "nghìn tỉ": Decimal(10) ** 12,
        "ngàn tỷ": Decimal(10) ** 12,
        "ngàn tỉ": Decimal(10) ** 12,
        "nghìn": Decimal(10) ** 3,
        "ngàn": Decimal(10) ** 3,
        "triệu": Decimal(10) ** 6,
        "tỷ": Decimal(10) ** 9,
        "tỉ": Decimal(10) ** 9,
    },
    "en": {
        "thousand": Decimal(10) ** 3,
        "trillion": Decimal(10) ** 12,
        "billion": Decimal(10) ** 9,
        "million": Decimal(10) ** 6,
        "mln": Decimal(10) ** 6,
        "bn": Decimal(10) ** 9,
    },
}
# Lower-cased as compared; the value is the unit cleaning records.
CURRENCIES: dict[str, dict[str, str]] = {"vi": {"đồng": "VND"}, "en": {"dong": "VND", "vnd": "VND"}}
PERCENT: dict[str, tuple[str, ...]] = {"vi": ("%",), "en": ("%", "per cent", "percent")}

# Vague magnitudes: "hàng nghìn tỷ đồng", "hàng chục triệu", "tens of millions", "hundreds".
# Read as a lower bound: the least value of the order they name (hàng chục triệu: 10 million).
VAGUE_MARKER = {"vi": "hàng", "en": ""}  # the word that opens one ("hàng"); English needs none
VAGUE_JOINER = {"vi": " ", "en": " of "}  # between the order words: "hàng chục triệu", "tens of millions"
VAGUE_ORDERS: dict[str, dict[str, Decimal]] = {
    "vi": {"chục": Decimal(10), "trăm": Decimal(100), "nghìn": Decimal(10) ** 3, "ngàn": Decimal(10) ** 3,
           "vạn": Decimal(10) ** 4, "triệu": Decimal(10) ** 6, "tỷ": Decimal(10) ** 9, "tỉ": Decimal(10) ** 9},
    "en": {"tens": Decimal(10), "hundreds": Decimal(100), "thousands": Decimal(10) ** 3,
           "millions": Decimal(10) ** 6, "billions": Decimal(10) ** 9, "trillions": Decimal(10) ** 12},
}

# Dates. Words that may introduce a printed date ("Sáng 9/8", "Tính đến ngày 17/2/2023", "By November 7",
# "As of 7 November 2022"); the month names of English dates are babel's (`en` locale).
DATE_LEAD_IN: dict[str, frozenset[str]] = {
    "vi": frozenset({"sáng", "trưa", "chiều", "tối", "đêm", "ngày", "hôm", "tính", "đến", "tới", "vào", "lúc", "từ"}),
    "en": frozenset({"by", "as", "of", "on", "until", "till", "up", "to", "since", "at", "the", "end", "in"}),
}
# As-of wording that points at the time of the report rather than printing a date: the event date.
RELATIVE_AS_OF: dict[str, frozenset[str]] = {
    "vi": frozenset({"đến nay", "tính đến nay", "tới nay", "cho đến nay", "hiện nay", "hiện tại"}),
    "en": frozenset({"to date", "so far", "until now", "up to now", "as of now", "by now", "now", "currently",
                     "at present", "at the current time", "at the moment", "at the time of the report"}),
}


def _month_names(lang: str) -> dict[str, int]:
    """Month names, wide and abbreviated, lower-cased (babel's CLDR data): `november`, `nov` -> 11."""
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale=lang).items():
            names[name.lower().rstrip(".")] = number
    return names


# English dates name the month ("7 November 2022"); Vietnamese ones print it as a number ("7/11/2022").
MONTHS: dict[str, dict[str, int]] = {"en": {**_month_names("en"), "sept": 9}}

# What a source reports (sources.csv `event_kind`; labels in report.event_kinds of the wording
# files). The story and the timeline count review conferences; the other kinds are shown as what
# they are, never counted as reviews.
REVIEW_CONFERENCE = "review_conference"
EVENT_KINDS = (REVIEW_CONFERENCE, "working_group_meeting", "seminar", "press_briefing", "status_report")

# Whom the copy credits with a figure (claims.csv `attributed_to`): the words around the quote
# ("Theo báo cáo tại hội nghị", "Thủ tướng yêu cầu…"). Empty: the copy states the figure in its own
# voice, so the outlet is its source. The words for each, in both languages, are the wording files'
# `report.attributions`.
ATTRIBUTIONS = ("report", "conference_report", "prime_minister", "ministry_public_security")
