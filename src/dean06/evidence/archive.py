"""The archive: source manifest, the articles byte-for-byte, and spans that are not part of a story."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from dean06 import paths
from dean06.problems import Problem
from dean06.catalog.contracts import SOURCE_ID as SOURCE_ID_PATTERN
from dean06.catalog import tables
from dean06.catalog.csvfile import Table, decode_utf8, display_name
from dean06.catalog.vocabulary import EVENT_KINDS
from dean06.textnorm import fold, folded_offset, normalise

SPAN_KINDS = {
    "navigation", "teaser", "photo_caption", "video_player", "duplicate_paragraph",
    "retrieval_header",  # what the retrieval added above the copy: address, access date, tool banner
    "truncated_end",  # the copy is cut off: from the start of the unfinished sentence to the end of the file
    "appended_excerpt",  # a second excerpt (another story, or the same one again) appended to the file
}
DATE_METHOD = re.compile(r"^(stated|inferred)\b")
SOURCE_ID = re.compile(SOURCE_ID_PATTERN)
DRAFT = "TODO"  # add-article marks what the journalist must complete with this word


def date_problem(text: str) -> str | None:
    """Why `text` is not a real calendar date in ISO form, or None when it is one."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return "must be an ISO date YYYY-MM-DD"
    try:
        dt.date.fromisoformat(text)
    except ValueError as err:
        return f"is not a calendar date ({err})"
    return None


def draft_problems(table: Table | None) -> list[Problem]:
    """Cells add-article left for the journalist (they start with TODO)."""
    if table is None:
        return []
    return [table.where(row, col, row[col], "draft left to complete (add-article marked it TODO)")
            for row in table.rows for col in table.columns if row[col].lstrip().startswith(DRAFT)]


@dataclass
class Article:
    source_id: str
    file: str
    text: str  # the file decoded, exactly as archived
    norm: str = ""  # normalised text used for matching
    excluded: list[tuple[int, int, str]] = field(default_factory=list)  # norm spans not part of the story
    cut_at: int | None = None  # where a truncated copy's unfinished text starts, in the normalised text

    def __post_init__(self):
        self.text_nfc = unicodedata.normalize("NFC", self.text)  # the archive's files are NFC already
        self.norm = fold(self.text_nfc)

    def norm_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of the archived text onto the normalised text."""
        return folded_offset(self.text_nfc, start), folded_offset(self.text_nfc, end)


def load_sources(root: Path) -> tuple[Table | None, list[Problem]]:
    table, problems = tables.read_rows("sources", root)
    if table is None:
        return None, problems
    seen: dict[str, int] = {}
    for row in table.rows:
        sid = row["source_id"]
        if sid in seen:
            problems.append(table.where(row, "source_id", sid, f"duplicate id (first at row {seen[sid]})"))
        seen.setdefault(sid, row["_row"])
        if sid and not SOURCE_ID.match(sid) and not sid.startswith(DRAFT):
            problems.append(table.where(row, "source_id", sid, "a source id is the outlet's code in capitals, a hyphen "
                                                               "and the event date as YYMMDD (e.g. ABC-240131)"))
        for col in ("event_date", "published_date", "date_accessed"):
            why = date_problem(row[col]) if row[col] else None
            if why:
                problems.append(table.where(row, col, row[col], why))
        if not date_problem(row["event_date"]) and not date_problem(row["published_date"]) \
                and row["event_date"] > row["published_date"]:
            problems.append(table.where(row, "event_date", row["event_date"],
                                        f"the event date is after the publication date {row['published_date']}"))
        for col in ("event_date_method", "published_date_method"):
            if row[col] and not DATE_METHOD.match(row[col]):
                problems.append(table.where(row, col, row[col], "must start with 'stated' or 'inferred'"))
        kind = row["event_kind"]
        if kind and not kind.startswith(DRAFT) and kind not in EVENT_KINDS:
            problems.append(table.where(row, "event_kind", kind, f"unknown event kind; use one of: {', '.join(EVENT_KINDS)}"))
    return table, problems


def load_articles(root: Path, sources: Table) -> tuple[dict[str, Article], list[Problem]]:
    """Every article must exist, hash to its recorded sha256 and decode as UTF-8."""
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    folder = paths.articles_dir(root)
    for row in sources.rows:
        path = folder / row["file"]
        if not path.is_file():
            problems.append(sources.where(row, "file", row["file"], f"article file is missing from {display_name(folder, root)}"))
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != row["sha256"]:
            problems.append(sources.where(row, "sha256", row["sha256"],
                                          f"article {row['file']} has been altered: its sha256 is {digest}"))
        text, decode_problems = decode_utf8(data, display_name(path, root))
        problems += decode_problems
        if text is not None:
            articles[row["source_id"]] = Article(row["source_id"], row["file"], text)
    known = {row["file"] for row in sources.rows}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name not in known:
                problems.append(Problem(display_name(path, root), "article is not listed in data/raw/sources.csv"))
    return articles, problems


def load_excluded_spans(root: Path, articles: dict[str, Article]) -> tuple[Table | None, list[Problem]]:
    """Attach to each article the spans that later steps leave out; check each against its excerpt."""
    table, problems = tables.read_rows("excluded_spans", root)
    if table is None:
        return None, problems
    truncated: list[tuple[dict, Article, int, int]] = []
    appended: dict[str, list[int]] = {}
    for row in table.rows:
        article = articles.get(row["source_id"])
        if row["source_id"] and article is None:
            problems.append(table.where(row, "source_id", row["source_id"], "unknown source id"))
            continue
        if row["kind"] not in SPAN_KINDS:
            problems.append(table.where(row, "kind", row["kind"], f"unknown kind; use one of {sorted(SPAN_KINDS)}"))
        try:
            start, end = int(row["start"]), int(row["end"])
        except ValueError:
            problems.append(table.where(row, "start", f"{row['start']}..{row['end']}", "start and end must be whole numbers"))
            continue
        if article is None:
            continue
        if not 0 <= start < end <= len(article.text):
            problems.append(table.where(row, "end", f"{start}..{end}",
                                        f"range is outside the article (it has {len(article.text)} characters)"))
            continue
        found = normalise(article.text[start:end])
        if not found.startswith(normalise(row["excerpt"])):
            problems.append(table.where(row, "excerpt", row["excerpt"],
                                        f"the text at {start}..{end} does not start with the excerpt; it starts {found[:40]!r}"))
            continue
        if row["kind"] == "truncated_end":
            truncated.append((row, article, start, end))
            continue
        if row["kind"] == "appended_excerpt":
            appended.setdefault(article.source_id, []).append(start)
        article.excluded.append((*article.norm_span(start, end), row["kind"]))
    for row, article, start, end in truncated:
        # the story is cut off where the copy ends, or where a second, appended excerpt begins
        story_end = min(appended.get(article.source_id, []), default=len(article.text))
        if article.text[end:story_end].strip():
            problems.append(table.where(row, "end", row["end"], f"a truncated_end span runs to the end of the story: "
                                        f"the end of the copy ({len(article.text.rstrip())} characters without the "
                                        f"final white space) or the start of an appended_excerpt span"))
            continue
        article.cut_at = article.norm_span(start, end)[0]
        article.excluded.append((*article.norm_span(start, end), row["kind"]))
    return table, problems
