"""The words Vietnamese copy prints around a figure: scale words and currencies (the qualifiers
live with the table contract, `contracts.QUALIFIERS`), shared by the numeral parser and the
draft of claims that `add_article` writes; and the kinds of event a source reports.
"""

from decimal import Decimal

# Longest first, so `nghìn tỷ` wins over `nghìn`.
SCALES = {
    "nghìn tỷ": Decimal(10) ** 12,
    "nghìn tỉ": Decimal(10) ** 12,
    "ngàn tỷ": Decimal(10) ** 12,
    "ngàn tỉ": Decimal(10) ** 12,
    "nghìn": Decimal(10) ** 3,
    "ngàn": Decimal(10) ** 3,
    "triệu": Decimal(10) ** 6,
    "tỷ": Decimal(10) ** 9,
    "tỉ": Decimal(10) ** 9,
}
CURRENCIES = {"đồng": "VND"}

# What a source reports (sources.csv `event_kind`; labels in report.event_kinds of the wording
# files). The story and the timeline count review conferences; the other kinds are shown as what
# they are, never counted as reviews.
REVIEW_CONFERENCE = "review_conference"
EVENT_KINDS = (REVIEW_CONFERENCE, "working_group_meeting", "seminar", "press_briefing", "status_report")
