"""Claims by what they are, for the tests of cleaning: each case a property of a raw claim and the
claim constructed when the archive has none (see cases.py)."""

import datetime as dt
import re
from decimal import Decimal

from cases import Case, append_claim, metric_of

from dean06.catalog import tables

# A number as printed: dots group thousands, a comma is the decimal mark.
DEC = r"\d+(?:,\d+)?"
WHOLE = r"\d{1,3}(?:\.\d{3})*|\d+"
COUNT_KINDS = ("cumulative_count", "level")


def num(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def printed(claim: dict) -> str:
    """The value as printed, its spaces (no-break ones too) folded."""
    return " ".join(claim["value_text"].split())


def is_count(metric: dict) -> bool:
    return metric.get("kind") in COUNT_KINDS and metric.get("unit") != "percent" and not metric.get("unit", "").startswith("VND")


def count_metric(root):
    return metric_of(root, is_count, kind="cumulative_count", unit="items")


def kind_metric(root, kind, unit):
    return metric_of(root, lambda m: m["kind"] == kind and m["unit"] == unit, kind=kind, unit=unit)


def event_date_text(root) -> str:
    """The first source's event date as copy prints it (d/m/yyyy)."""
    event = dt.date.fromisoformat(tables.read("sources", root)["event_date"].iloc[0])
    return f"{event.day}/{event.month}/{event.year}"


def _repeat_build(root):
    claims = tables.read("claims", root)
    first = claims[claims.same_statistic_as == ""].iloc[0]
    append_claim(root, metric=first.metric, value_text=first.value_text, as_of_text=first.as_of_text,
                 same_statistic_as=first.claim_id, source_id=first.source_id)


# What each test below needs of a claim, and the claim built when the archive has none.
CASES = {
    "millions_above": Case(lambda c, m: bool(re.fullmatch(rf"hơn ({DEC}) triệu", printed(c))) and is_count(m),
                           lambda root: append_claim(root, metric=count_metric(root), value_text="hơn 11,2 triệu")),
    "trillions_of_dong": Case(lambda c, m: bool(re.fullmatch(rf"(?:hơn|trên) ({DEC}) nghìn tỷ đồng", printed(c))),
                              lambda root: append_claim(root, metric=metric_of(
                                  root, lambda m: m["unit"].startswith("VND"), kind="flow", unit="VND per year"),
                                  value_text="trên 2,5 nghìn tỷ đồng")),
    "billions_decimal_comma": Case(lambda c, m: bool(re.fullmatch(r"(?:hơn |trên )?(\d+,\d+) tỷ", printed(c))),
                                   lambda root: append_claim(root, metric=count_metric(root), value_text="hơn 1,3 tỷ")),
    "fraction": Case(lambda c, m: bool(re.fullmatch(rf"({WHOLE})/({WHOLE})", printed(c))),
                     lambda root: append_claim(root, metric=kind_metric(root, "fraction", "localities"), value_text="58/63")),
    "relative_as_of": Case(lambda c, m: bool(re.fullmatch(r"(?i)(?:đến|hiện) nay", c["as_of_text"].strip())),
                           lambda root: append_claim(root, metric=count_metric(root), value_text="16", as_of_text="đến nay")),
    "stated_date": Case(lambda c, m: bool(re.fullmatch(r"(?:.*\D)?\d{1,2}/\d{1,2}/\d{4}", c["as_of_text"])),
                        lambda root: append_claim(root, metric=count_metric(root), value_text="20.081.536",
                                                  as_of_text=event_date_text(root))),
    "share_reached": Case(lambda c, m: bool(re.fullmatch(rf"đạt ({DEC})%", printed(c))) and m.get("kind") == "share",
                          lambda root: append_claim(root, metric=kind_metric(root, "share", "percent"), value_text="đạt 92%")),
    "share_plain": Case(lambda c, m: bool(re.fullmatch(rf"({DEC})%", printed(c))) and m.get("kind") == "share",
                        lambda root: append_claim(root, metric=kind_metric(root, "share", "percent"), value_text="94,03%")),
    "repeat": Case(lambda c, m: c["same_statistic_as"] != "", _repeat_build),
    "undated": Case(lambda c, m: c["as_of_text"].strip() == "",
                    lambda root: append_claim(root, metric=count_metric(root), value_text="7")),
    "leading_zero": Case(lambda c, m: bool(re.fullmatch(r"0\d+", printed(c))),
                         lambda root: append_claim(root, metric=count_metric(root), value_text="09")),
    "change_percent": Case(lambda c, m: m.get("kind") == "change" and bool(re.fullmatch(rf"({DEC})%", printed(c))),
                           lambda root: append_claim(root, metric=kind_metric(root, "change", "percent"), value_text="32,5%")),
    "no_break_space": Case(lambda c, m: "\u00a0" in c["value_text"],
                           lambda root: append_claim(root, metric=count_metric(root), value_text="hơn\u00a010.000")),
}


def match(pattern, claim):
    return re.fullmatch(pattern, printed(claim))
