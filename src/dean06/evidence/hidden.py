"""No span hides a statistic: an excluded span holding a figure-shaped number must say so.

The coverage audit counts a number inside an excluded span as accounted for, so a span drawn too
wide (a header running into the story) would hide the story's statistics and still pass. Hence:
every number inside an excluded span that no non-statistics rule accounts for is looked at, and
one that is *figure-shaped* —

- followed by a scale word of either language (`triệu`, `tỷ`, `nghìn` …, `million`, `billion`, `bn` …),
- followed by `%` or a percent word (`percent`, `per cent`),
- a fraction (`58/63`, `12.275/13.047`; a day and month such as `15/3` or `15/3/2025` is a date),
- or a count of 100 or more (`2.412`, `78.553.494`, `123,4`; a year 1900–2100 standing alone is
  a year) —

must be *named in the span's reason*: the reason says why when it prints each such number as the
copy prints its digits (`… repeats '78.553.494' and '92%' of the first copy`), so that whoever
reads the reason sees which figures the span leaves out. An excluded span that holds one the
reason does not name is an error, with file, row, column `reason` and the reason as its value.
"""

from __future__ import annotations

import re

from dean06.catalog.csvfile import Table
from dean06.catalog.vocabulary import PERCENT, SCALES
from dean06.evidence.archive import Article
from dean06.evidence.coverage import NUMBER
from dean06.problems import Problem

# Whichever language the copy is in: a span is checked before anyone has said what it holds.
SCALE_WORDS = tuple(sorted({word for words in SCALES.values() for word in words}, key=len, reverse=True))
PERCENT_WORDS = tuple(sorted({word for words in PERCENT.values() for word in words if word[0].isalpha()},
                             key=len, reverse=True))
YEARS = range(1900, 2101)


def _is_date(parts: list[str]) -> bool:
    if not all(p.isdigit() for p in parts):
        return False
    day, month = int(parts[0]), int(parts[1])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    return len(parts) == 2 or (len(parts) == 3 and len(parts[2]) == 4)


def _size(text: str) -> float:
    """The number's size, whichever of `.` and `,` groups thousands: groups of three after the first
    are thousands (`2.412`, `1,000`); otherwise the first separator is the decimal mark."""
    groups = re.split(r"[.,]", text)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))
    return float(groups[0] + ("." + groups[1] if len(groups) > 1 else ""))


def figure_shape(norm: str, start: int, end: int) -> str | None:
    """Why the number at norm[start:end] has the shape of a statistic, or None."""
    text, after = norm[start:end], norm[end:end + 12].lower()
    if after.startswith("%") or after.startswith(" %"):
        return "a percentage"
    if any(after.startswith(" " + word) and not after[len(word) + 1:len(word) + 2].isalpha() for word in PERCENT_WORDS):
        return "a percentage"
    if any(after.startswith(" " + word) and not after[len(word) + 1:len(word) + 2].isalpha() for word in SCALE_WORDS):
        return "a scale word"
    if ":" in text:
        return None  # a time of day
    if "/" in text:
        parts = text.split("/")
        return None if _is_date(parts) else "a fraction"
    if text.isdigit() and len(text) == 4 and int(text) in YEARS:
        return None
    return "a count of 100 or more" if _size(text) >= 100 else None


def names(reason: str, number: str) -> bool:
    """Whether `reason` prints `number` as a whole number (not inside a longer one)."""
    return re.search(rf"(?<![\d.,/]){re.escape(number)}(?![\d]|[.,/]\d)", reason) is not None


def held_figures(article: Article, start: int, end: int, ruled: list[tuple[int, int]]) -> list[tuple[str, str, int]]:
    """The figure-shaped numbers in article.norm[start:end] that no rule match (`ruled`) accounts for:
    (the number, why it is figure-shaped, where it starts)."""
    held = []
    for m in NUMBER.finditer(article.norm, start, end):
        if m.end() > end or any(s <= m.start() and m.end() <= e for s, e in ruled):
            continue
        shape = figure_shape(article.norm, m.start(), m.end())
        if shape:
            held.append((m.group(), shape, m.start()))
    return held


def rule_matches(article: Article, rules: dict[str, re.Pattern]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for rx in rules.values() for m in rx.finditer(article.norm)]


def hidden_figure_problems(table: Table | None, articles: dict[str, Article],
                           rules: dict[str, re.Pattern]) -> list[Problem]:
    """Every excluded span holding a figure-shaped number its reason does not name (see above)."""
    if table is None:
        return []
    problems = []
    matches: dict[str, list[tuple[int, int]]] = {}
    for row in table.rows:
        article = articles.get(row["source_id"])
        try:
            start, end = article.norm_span(int(row["start"]), int(row["end"])) if article else (0, 0)
        except ValueError:
            continue  # reported by the span check
        if article is None or start >= end:
            continue
        if article.source_id not in matches:
            matches[article.source_id] = rule_matches(article, rules)
        hidden = [f"{number!r} ({shape}, in {article.norm[max(start, at - 30):at + len(number) + 15]!r})"
                  for number, shape, at in held_figures(article, start, end, matches[article.source_id])
                  if not names(row["reason"], number)]
        if hidden:
            problems.append(table.where(
                row, "reason", row["reason"],
                f"span {row['span_id']} ({row['kind']}, {row['start']}..{row['end']}) holds figure-shaped number(s) "
                f"its reason does not name: {'; '.join(hidden)}. A span must not hide a statistic: if the span "
                f"covers the story, shorten it; if these figures are not the story's, name each in the reason "
                f"and say why"))
    return problems
