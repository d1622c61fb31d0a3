"""Undo `make add-article`: remove an archived copy and every row add-article wrote for it.

    python -m dean06.evidence.remove_article ABC-240131
    make remove-article SOURCE=ABC-240131

Removed together, or not at all: the file in data/raw/articles/, its row in sources.csv, its rows in
claims.csv and excluded_spans.csv (as drafted or as completed since), and each rule add-article
took from `recurring_non_statistics.csv` into non_statistics.csv that no other story needs any more
(its pattern matches a number in no other archived copy). Every other line of every table is kept
byte for byte.

It refuses, naming each row (file, row, column, value) and changing nothing, when other rows
depend on the source: a decision, a derivation, or another source's claim that names the source or
one of its claims. Remove or change those first.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

from dean06 import atomic, paths
from dean06.catalog import tables
from dean06.evidence.add_article import RECURRING
from dean06.evidence.archive import Article, load_excluded_spans
from dean06.evidence.coverage import account_for_numbers
from dean06.evidence.quotes import load_claims
from dean06.problems import InputError, Problem, run_cli

# The columns of other tables that name sources or claims (ids joined by `;`, or inside a finding id).
REFERENCES = {"decisions": ("finding_id", "claims", "settled_claims"),
              "derivations": ("source_id", "inputs"),
              "claims": ("same_statistic_as",)}
ID = re.compile(r"[A-Z][A-Z0-9]*-\d{6}(?:-\d{2})?|DER-[A-Z][A-Z0-9]*-\d{6}-\d{2}")


class RemoveError(Exception):
    """The source cannot be removed as asked."""


def record_lines(text: str) -> list[tuple[int, int]]:
    """Each CSV record's first and last physical line (1-based; a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    spans, start = [], 1
    for _ in reader:
        spans.append((start, reader.line_num))
        start = reader.line_num + 1
    return spans


def without_lines(text: str, drop: set[int]) -> str:
    """`text` without the records starting on the lines in `drop` (header = line 1)."""
    lines = text.splitlines(keepends=True)
    keep = set(range(1, len(lines) + 1))
    for first, last in record_lines(text):
        if first in drop:
            keep -= set(range(first, last + 1))
    return "".join(line for n, line in enumerate(lines, start=1) if n in keep)


def _read(name: str, root: Path):
    table, problems = tables.read_rows(name, root, required_cells=False)
    if table is None:
        raise RemoveError("; ".join(map(str, problems)))
    return table


def _names(cell: str, ids: set[str]) -> bool:
    return any(token in ids for token in ID.findall(cell))


def dependents(root: Path, source_id: str, claim_ids: set[str]) -> list[Problem]:
    """Rows that name the source or its claims and that add-article did not write."""
    found = []
    ids = claim_ids | {source_id}
    for name, columns in REFERENCES.items():
        table = _read(name, root)
        for row in table.rows:
            if name == "claims" and row["source_id"] == source_id:
                continue  # its own claims go with it
            for column in columns:
                if _names(row[column], ids):
                    found.append(table.where(row, column, row[column],
                                             f"names {source_id} or one of its claims: remove or change this row first"))
    return found


def unused_recurring_rules(root: Path, rules, sources, source_id: str) -> list[dict]:
    """Rules add-article took from RECURRING that account for no number once the source is gone,
    counted as the audit counts them (a claim's own figure, its as-of date where no rule matches,
    and numbers in spans are not the rules')."""
    with RECURRING.open(encoding="utf-8", newline="") as f:
        proposed = {(r["rule_id"], r["pattern"]) for r in csv.DictReader(f)}
    candidates = [row for row in rules.rows if (row["rule_id"], row["pattern"]) in proposed]
    if not candidates:
        return []
    articles = {}
    for row in sources.rows:
        path = paths.articles_dir(root) / row["file"]
        if row["source_id"] != source_id and path.is_file():
            articles[row["source_id"]] = Article(row["source_id"], row["file"], path.read_bytes().decode("utf-8", "replace"))
    load_excluded_spans(root, articles)  # the removed source's rows are reported there as unknown: not read
    claims, located, _ = load_claims(root, set(articles), set(), articles)
    by_id = {r["claim_id"]: r["source_id"] for r in claims.rows} if claims else {}
    figures = {cid: (by_id[cid], at.value_start, at.value_end) for cid, at in located.items() if cid in by_id}
    dates = {cid: (by_id[cid], at.date_start, at.date_end) for cid, at in located.items() if cid in by_id}
    compiled = {row["rule_id"]: re.compile(row["pattern"]) for row in rules.rows if _compiles(row["pattern"])}
    _, use = account_for_numbers(articles, figures, compiled, dates)
    return [row for row in candidates if use.get(row["rule_id"], 0) == 0]


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def remove_article(source_id: str, root: Path | None = None) -> str:
    """Remove the source's copy and rows; return what was removed. Raises RemoveError or InputError."""
    root = Path(root or paths.project_root())
    if not source_id:
        raise RemoveError("name the source to remove: make remove-article SOURCE=ABC-240131")
    sources = _read("sources", root)
    mine = [row for row in sources.rows if row["source_id"] == source_id]
    if not mine:
        known = ", ".join(row["source_id"] for row in sources.rows)
        raise RemoveError(f"no source {source_id!r} in data/raw/sources.csv (the sources are: {known})")
    claims, spans, rules = _read("claims", root), _read("excluded_spans", root), _read("non_statistics", root)
    claim_ids = {row["claim_id"] for row in claims.rows if row["source_id"] == source_id}
    blocking = dependents(root, source_id, claim_ids)
    if blocking:
        raise InputError(blocking, f"data that depends on {source_id} (nothing was removed)")

    drops = {
        "sources": mine,
        "claims": [row for row in claims.rows if row["source_id"] == source_id],
        "excluded_spans": [row for row in spans.rows if row["source_id"] == source_id],
        "non_statistics": unused_recurring_rules(root, rules, sources, source_id),
    }
    writes, removed = {}, []
    for name, rows in drops.items():
        if not rows:
            continue
        path = tables.SPECS[name].path(root)
        text = path.read_bytes().decode("utf-8")
        writes[path] = without_lines(text, {row["_row"] for row in rows}).encode("utf-8")
        key = {"excluded_spans": "span_id"}.get(name, tables.COLUMNS[name][0])
        removed.append(f"  {tables.SPECS[name].relative()}: {len(rows)} row(s) removed "
                       f"({', '.join(str(row[key]) for row in rows)})")
    article = paths.articles_dir(root) / mine[0]["file"]
    gone = (article,) if article.is_file() else ()
    try:
        atomic.replace_together(writes, gone)
    except atomic.WriteError as err:
        raise RemoveError(f"{err}; nothing was removed") from None
    shown = f"data/raw/articles/{mine[0]['file']}"
    return "\n".join([f"remove-article: removed {source_id}: {shown}" + ("" if gone else " (the file was already gone)"),
                      *removed,
                      "  metrics and areas added for it are kept: delete them if nothing else uses them"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dean06.evidence.remove_article",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("source_id", help="the id of the source to remove (data/raw/sources.csv)")
    args = parser.parse_args(argv)
    return run_cli(lambda: print(remove_article(args.source_id)), prefix="remove-article: ",
                   catch=(RemoveError, InputError), describe=lambda err: f"{err}; nothing was changed")


if __name__ == "__main__":
    sys.exit(main())
