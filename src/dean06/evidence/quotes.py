"""The hand-extracted figures (claims) and the catalogue of what they measure (metrics)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import NamedTuple

from dean06.evidence.archive import Article, date_problem
from dean06.problems import Problem
from dean06.catalog.contracts import CLAIM_ID, METRIC_KEY
from dean06.catalog import tables
from dean06.catalog.csvfile import Table
from dean06.textnorm import normalise

METRIC_KINDS = {"cumulative_count", "level", "share", "fraction", "flow", "change"}


def load_areas(root: Path) -> tuple[Table | None, list[Problem]]:
    """The parts of the programme (data/raw/areas.csv): unique keys, a name in each language, and the
    section of the story page each belongs to, whose titles every area of the section gives alike."""
    import pandas as pd

    from dean06.catalog.contracts import AREAS, schema_problems

    table, problems = tables.read_rows("areas", root)
    if table is None:
        return None, problems
    columns = tables.SPECS["areas"].columns
    frame = pd.DataFrame([{c: row[c] for c in columns} for row in table.rows], columns=columns, dtype=str)
    frame.attrs.update(file=table.name, rows=[row["_row"] for row in table.rows])
    problems += [p for p in schema_problems(AREAS, frame, "duplicate area key") if p.value != ""]  # empty: said above
    first: dict[str, dict] = {}
    for row in table.rows:
        lead = first.setdefault(row["section"], row)
        for column in ("section_vi", "section_en"):
            if row[column] != lead[column]:
                problems.append(table.where(row, column, row[column], f"section {row['section']!r} is titled "
                                            f"{lead[column]!r} at row {lead['_row']}: every area of a section gives "
                                            "it the same title"))
    return table, problems


def load_context(root: Path) -> tuple[Table | None, list[Problem]]:
    """The facts the story cites that no article states (data/raw/context.csv): unique keys, a real
    ISO date, a source."""
    table, problems = tables.read_rows("context", root)
    if table is None:
        return None, problems
    seen: dict[str, int] = {}
    for row in table.rows:
        if row["fact"] in seen:
            problems.append(table.where(row, "fact", row["fact"],
                                        f"duplicate fact key (first at row {seen[row['fact']]})"))
        seen.setdefault(row["fact"], row["_row"])
        why = date_problem(row["date"]) if row["date"] else None
        if why:
            problems.append(table.where(row, "date", row["date"], why))
    return table, problems


def unknown_areas(metrics: Table | None, areas: Table | None) -> list[Problem]:
    """A metric's area must be a row of areas.csv, which gives its section a title in each language."""
    if metrics is None or areas is None:
        return []
    known = {r["area"] for r in areas.rows}
    return [metrics.where(row, "area", row["area"], "unknown area: add a row to data/raw/areas.csv (its section "
                                                    "titles in Vietnamese and English)")
            for row in metrics.rows if row["area"] and row["area"] not in known]


def load_metrics(root: Path) -> tuple[Table | None, list[Problem]]:
    table, problems = tables.read_rows("metrics", root)
    if table is None:
        return None, problems
    seen: dict[str, int] = {}
    for row in table.rows:
        if row["metric"] in seen:
            problems.append(table.where(row, "metric", row["metric"], f"duplicate metric key (first at row {seen[row['metric']]})"))
        seen.setdefault(row["metric"], row["_row"])
        if row["metric"] and not re.match(METRIC_KEY, row["metric"]):
            problems.append(table.where(row, "metric", row["metric"], "a metric key is lower-case letters, digits and _"))
        if row["area"] and not re.match(METRIC_KEY, row["area"]):
            problems.append(table.where(row, "area", row["area"], "an area key is lower-case letters, digits and _"))
        if row["kind"] and row["kind"] not in METRIC_KINDS:
            problems.append(table.where(row, "kind", row["kind"], f"unknown kind; use one of {sorted(METRIC_KINDS)}"))
    return table, problems


def closest_passage(article: Article, quote: str) -> str:
    """The stretch of the article most like the quote, to show beside a quote that is not found."""
    words = article.norm.split(" ")
    width = max(1, len(quote.split(" ")))
    best, best_ratio = "", -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for i in range(0, max(1, len(words) - width + 1)):
        window = " ".join(words[i : i + width])
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best


class Located(NamedTuple):
    """Where a claim is in its normalised article: its quote, its value inside the quote, and its
    as-of wording inside the quote when the quote prints it (else an empty stretch)."""
    start: int
    end: int
    value_start: int
    value_end: int
    date_start: int = 0
    date_end: int = 0


def value_places(quote: str, value: str) -> list[int]:
    """Where the value occurs in the quote as whole numbers: '15' is not in '150' nor in '2,15'."""
    if not value:
        return []
    edge = re.compile(rf"(?<![\d.,/:]){re.escape(value)}(?!\d|[.,/:]\d)")
    return [m.start() for m in edge.finditer(quote)]


def locate(start: int, quote: str, value: str, as_of: str) -> Located:
    """A claim whose normalised quote starts at `start`: where its value and as-of wording are.
    A value not found once (already reported, or a draft's TODO) stands for the whole quote, so
    that no second error follows."""
    end = start + len(quote)
    dates = value_places(quote, as_of)
    date = (start + dates[0], start + dates[0] + len(as_of)) if dates else (0, 0)
    places = value_places(quote, value)
    if not places:
        return Located(start, end, start, end, *date)
    return Located(start, end, start + places[0], start + places[0] + len(value), *date)


def load_claims(root: Path, sources: set[str], metrics: set[str],
                articles: dict[str, Article]) -> tuple[Table | None, dict[str, Located], list[Problem]]:
    """Check integrity and verbatim quotes; return where each claim's quote and value are in its
    normalised article. The value's position, not its text, says which numbers the claim accounts
    for, so claims sharing a quote each account for their own figure."""
    table, problems = tables.read_rows("claims", root)
    located: dict[str, Located] = {}
    if table is None:
        return None, located, problems
    by_id: dict[str, dict] = {}
    for row in table.rows:
        cid = row["claim_id"]
        if cid in by_id:
            problems.append(table.where(row, "claim_id", cid, f"duplicate id (first at row {by_id[cid]['_row']})"))
            continue
        by_id[cid] = row
        if cid and not re.match(CLAIM_ID, cid):
            problems.append(table.where(row, "claim_id", cid, "a claim id is its source id, a hyphen and a two-digit "
                                                              "number (e.g. ABC-240131-01)"))
        elif cid and row["source_id"] and cid.rsplit("-", 1)[0] != row["source_id"]:
            problems.append(table.where(row, "claim_id", cid, f"a claim id starts with its source id {row['source_id']}"))
        if row["source_id"] and row["source_id"] not in sources:
            problems.append(table.where(row, "source_id", row["source_id"], "unknown source id (not in data/raw/sources.csv)"))
        if row["metric"] and row["metric"] not in metrics and not row["metric"].startswith("TODO"):
            problems.append(table.where(row, "metric", row["metric"], "unknown metric key (not in data/raw/metrics.csv)"))
        quote, value = normalise(row["quote"]), normalise(row["value_text"])
        places = value_places(quote, value)
        if value and quote and value not in quote:
            problems.append(table.where(row, "value_text", row["value_text"], "the value as written does not occur in the quote"))
        elif value and quote and not places:
            problems.append(table.where(row, "value_text", row["value_text"], "the value as written occurs in the quote "
                                        "only as part of a longer number: write the whole number as printed"))
        elif len(places) > 1:
            problems.append(table.where(row, "value_text", row["value_text"],
                                        f"the value as written occurs {len(places)} times in the quote, so it cannot "
                                        "say which number is the figure: shorten the quote or lengthen the value until "
                                        "it occurs once"))
        article = articles.get(row["source_id"])
        if article is None or not quote:
            continue
        start = article.norm.find(quote)
        if start < 0:
            near = closest_passage(article, quote)
            problems.append(table.where(row, "quote", row["quote"],
                                        f"quote not found in {article.file}; closest passage: {near!r}"))
            continue
        if article.norm.find(quote, start + 1) >= 0:
            problems.append(table.where(row, "quote", row["quote"],
                                        f"quote occurs more than once in {article.file}: lengthen it until it is unique"))
        end = start + len(quote)
        for s, e, kind in article.excluded:
            if start < e and s < end:
                problems.append(table.where(row, "quote", row["quote"],
                                            f"quote lies in a span marked '{kind}' (not part of the story)"))
        located[cid] = locate(start, quote, value, normalise(row["as_of_text"]))
    for row in table.rows:
        twin = row["same_statistic_as"].strip()
        if not twin:
            continue
        other = by_id.get(twin)
        if other is None:
            problems.append(table.where(row, "same_statistic_as", twin, "names a claim id that does not exist"))
        elif twin == row["claim_id"]:
            problems.append(table.where(row, "same_statistic_as", twin, "a claim cannot repeat itself"))
        elif (other["source_id"], other["metric"]) != (row["source_id"], row["metric"]):
            problems.append(table.where(row, "same_statistic_as", twin,
                                        "the repeated statistic must come from the same source and metric"))
    return table, located, problems
