"""The audit's number table: every number printed in every article and what accounts for it.

The audit labels each number in the normalised text of a story (`dean06.evidence.coverage`);
this writer maps each number back onto the article's text exactly as archived and writes
`data/processed/numbers.csv`, so later stages (the audit pages) read the audit's verdict instead
of running the audit again. Nothing is written unless the audit passes.

    python -m dean06.evidence.numbers
"""

from __future__ import annotations

import bisect
import csv
import io
import re
import sys
from pathlib import Path

from dean06 import atomic, paths
from dean06.catalog import tables
from dean06.evidence.archive import Article
from dean06.evidence.audit import report, run_audit
from dean06.evidence.coverage import Token

COLUMNS = tables.COLUMNS["numbers"]
_WORD = re.compile(r"\S+")


def numbers_path(root: Path | None = None) -> Path:
    return paths.processed_dir(root) / "numbers.csv"


class _OffsetMap:
    """Maps offsets in an article's folded text (`textnorm.fold`) back onto the archived text.

    Folding keeps every run of non-space characters and joins the runs with one space, so a
    number (which contains no white space) lies inside one run.
    """

    def __init__(self, text: str):
        self.raw_starts: list[int] = []
        self.norm_starts: list[int] = []
        position = 0
        for match in _WORD.finditer(text):
            self.raw_starts.append(match.start())
            self.norm_starts.append(position)
            position += len(match.group()) + 1

    def raw(self, norm_offset: int) -> int:
        index = bisect.bisect_right(self.norm_starts, norm_offset) - 1
        return self.raw_starts[index] + norm_offset - self.norm_starts[index]


def archived_offsets(article: Article, tokens: list[Token]) -> list[tuple[int, int]]:
    """[start, end) of each token in the article's text (NFC, which the archive's files are)."""
    mapping = _OffsetMap(article.text_nfc)
    spans = []
    for token in tokens:
        start = mapping.raw(token.start)
        end = start + (token.end - token.start)
        if article.text_nfc[start:end] != token.text:  # a broken mapping must never pass silently
            raise AssertionError(f"{article.file}: number {token.text!r} maps to {article.text_nfc[start:end]!r}")
        spans.append((start, end))
    return spans


def number_rows(articles: dict[str, Article], tokens: list[Token]) -> list[dict]:
    by_source: dict[str, list[Token]] = {}
    for token in tokens:
        by_source.setdefault(token.source_id, []).append(token)
    rows = []
    for source_id in sorted(by_source):
        found = by_source[source_id]
        for token, (start, end) in zip(found, archived_offsets(articles[source_id], found)):
            rows.append({"source_id": source_id, "start": start, "end": end, "text": token.text,
                         "accounted_by": token.accounted_by})
    return rows


def render_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_numbers(root: Path | None = None) -> Path | None:
    """Run the evidence audit; when it passes, write numbers.csv and return its path, else None."""
    root = Path(root or paths.project_root())
    result = run_audit(root)
    if not result.ok:
        report(result, "", quiet=True)
        return None
    target = numbers_path(root)
    atomic.write_text(target, render_csv(number_rows(result.articles, result.tokens)))
    return target


def main(argv: list[str] | None = None) -> int:
    target = write_numbers()
    if target is None:
        return 1
    print(f"wrote {target.relative_to(paths.project_root())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
