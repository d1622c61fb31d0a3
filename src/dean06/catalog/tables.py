"""The catalogue of the project's tables: for each, where it lives, its columns and their types, and
the one reader every stage uses (docs/data_dictionary.md describes every column).

    frame = tables.read("sources", root)          # typed, with each row's CSV line in frame.attrs
    table, problems = tables.read_rows("claims", root)  # rows as read, for checks that go row by row
    tables.COLUMNS["claims_clean"]                 # the column list, declared once

Reading is strict (UTF-8, the header must hold every column, every row as many fields) and
reports every problem at once with file, row and column. Text stays text ('' when empty), numbers
become floats, flags booleans ('true'/'false' as the build writes them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dean06 import paths
from dean06.edition import LANGS
from dean06.catalog.csvfile import Table, read_table
from dean06.problems import InputError, Problem


@dataclass(frozen=True)
class Spec:
    folder: str  # "raw" or "processed"
    file: str
    columns: list[str]
    nonempty: list[str] = field(default_factory=list)  # raw tables: cells an editor must fill
    numeric: frozenset[str] = frozenset()
    boolean: frozenset[str] = frozenset()

    def path(self, root: Path | None = None) -> Path:
        folder = paths.raw_dir(root) if self.folder == "raw" else paths.processed_dir(root)
        return folder / self.file

    def relative(self) -> str:
        return f"data/{self.folder}/{self.file}"


_FLAGS = frozenset({"flag_as_of_inferred", "flag_year_inferred", "flag_vague", "flag_repeated", "flag_derived"})
_FIGURES = frozenset({"value", "lower", "upper", "numerator", "denominator", "share"})

PRINTED = ["ref", "section", "kind", "text", "metric", "as_of", "claim_id", "source_id", "quote", "sha256",
           "derived_from", "derivation", "decision_id", "decision_reason"]

SPECS: dict[str, Spec] = {
    # English text columns have a Vietnamese twin (`_vi`), so each edition speaks one language.
    "sources": Spec("raw", "sources.csv", [
        "source_id", "file", "sha256", "outlet", "outlet_vi", "outlet_short", "outlet_short_vi", "original_outlet",
        "original_outlet_vi", "title", "byline", "url", "event_date", "event_date_method", "event_date_method_vi",
        "event_kind", "event_kind_evidence", "published_date", "published_date_method", "published_date_method_vi",
        "language", "defects", "defects_vi", "date_accessed", "citation"],
        nonempty=["source_id", "file", "sha256", "outlet", "outlet_vi", "outlet_short", "outlet_short_vi", "title",
                  "event_date", "event_date_method", "event_date_method_vi", "event_kind", "event_kind_evidence",
                  "published_date", "published_date_method", "published_date_method_vi", "language", "date_accessed",
                  "citation"]),
    "claims": Spec("raw", "claims.csv", [
        "claim_id", "source_id", "metric", "quote", "attributed_to", "value_text", "as_of_text", "same_statistic_as",
        "notes"],
        nonempty=["claim_id", "source_id", "metric", "quote", "value_text"]),
    "metrics": Spec("raw", "metrics.csv", [
        "metric", "area", "family", "scope", "kind", "unit", "label_vi", "label_en", "definition_vi",
        "definition_en"],
        nonempty=["metric", "area", "family", "scope", "kind", "unit", "label_vi", "label_en", "definition_vi",
                  "definition_en"]),
    # the parts of the programme, each with its name and the section of the story page it belongs to:
    # the sections, their order (of first row) and their titles in both languages are data
    "areas": Spec("raw", "areas.csv", ["area", "label_vi", "label_en", "section", "section_vi", "section_en"],
                  nonempty=["area", "label_vi", "label_en", "section", "section_vi", "section_en"]),
    # facts the story needs that no archived article states (the programme's approval date), each
    # with the document it comes from: the story cites them, never types them
    "context": Spec("raw", "context.csv", ["fact", "date", "label_en", "label_vi", "source", "url"],
                    nonempty=["fact", "date", "label_en", "label_vi", "source"]),
    "excluded_spans": Spec("raw", "excluded_spans.csv", [
        "source_id", "span_id", "kind", "start", "end", "excerpt", "reason"],
        nonempty=["source_id", "span_id", "kind", "start", "end", "excerpt", "reason"]),
    "non_statistics": Spec("raw", "non_statistics.csv", ["rule_id", "pattern", "category", "reason", "reason_vi"],
                           nonempty=["rule_id", "pattern", "category", "reason", "reason_vi"]),
    # One row per figure we derive from printed ones: which rule, which metric, which claim plays
    # each of the rule's roles (`count=ID;rate=ID`), and why.
    "derivations": Spec("raw", "derivations.csv", ["derivation_id", "source_id", "rule", "metric", "inputs", "note"],
                        nonempty=["derivation_id", "source_id", "rule", "metric", "inputs", "note"]),
    "decisions": Spec("raw", "decisions.csv", [
        "decision_id", "finding_id", "metric", "as_of", "publish", "claims", "settled_claims", "reason_en",
        "reason_vi"],
        nonempty=["decision_id", "publish", "reason_en", "reason_vi"]),
    "numbers": Spec("processed", "numbers.csv", ["source_id", "start", "end", "text", "accounted_by"]),
    "claims_clean": Spec("processed", "claims_clean.csv", [
        "claim_id", "source_id", "metric", "value_text", "quote_display", "attributed_to", "qualifier", "bound", "value",
        "lower", "upper", "unit", "numerator", "denominator", "share", "as_of", "as_of_text", "as_of_method",
        "event_date", "published_date", "language", "flag_as_of_inferred", "flag_year_inferred", "flag_vague",
        "flag_repeated",
        "repeat_of", "flag_derived", "derived_from", "derivation", "derivation_vi"], numeric=_FIGURES, boolean=_FLAGS),
    "reconciled": Spec("processed", "reconciled.csv", [
        "metric", "as_of", "value", "lower", "upper", "bound", "unit", "status", "supporting_claims", "sources",
        "rule", "decision_id", "note_en", "note_vi"], numeric=frozenset({"value", "lower", "upper"})),
    "discrepancies": Spec("processed", "discrepancies.csv", [
        "finding_id", "type", "severity", "metrics", "claims", "sources", "explanation_en", "explanation_vi",
        "decision_id", "status", "decision_note"]),
    # every number a report prints, one table per language (dean06.publish.printed)
    **{f"printed_{lang}": Spec("processed", Path(paths.edition_tables(lang)["printed"]).name, PRINTED)
       for lang in LANGS},
}
COLUMNS: dict[str, list[str]] = {name: spec.columns for name, spec in SPECS.items()}


def split_ids(cell) -> list[str]:
    """`;`-joined ids -> list, tolerant of spaces and empty cells."""
    if not isinstance(cell, str):
        return []
    return [part.strip() for part in cell.split(";") if part.strip()]


def conform(name: str, frame: pd.DataFrame, *, strict: bool = False) -> pd.DataFrame:
    """Give `frame` the table's columns and types. Missing columns are an error when `strict`
    (files), filled with empty values when not (frames built in memory)."""
    spec = SPECS[name]
    frame = frame.copy()
    missing = [c for c in spec.columns if c not in frame.columns]
    if missing and strict:
        raise ValueError(f"{name}: required column(s) missing: {', '.join(missing)}")
    for column in missing:
        frame[column] = ""
    for column in frame.columns:
        if column in spec.numeric:
            blank = frame[column].map(lambda v: v is None or (isinstance(v, str) and not v.strip()))
            frame[column] = pd.to_numeric(frame[column].mask(blank), errors="raise").astype(float)
        elif column in spec.boolean:
            frame[column] = frame[column].map(
                lambda v: v if isinstance(v, bool) else str(v).strip().lower() == "true").astype(bool)
        else:
            frame[column] = frame[column].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v))
                                              else str(v))
    return frame.reset_index(drop=True)


def read_rows(name: str, root: Path | None = None, *, required_cells: bool = True) -> tuple[Table | None, list[Problem]]:
    """The table's rows as read (text, each with its CSV line) and every problem found reading them,
    checked against the one declared column list: for the checks that go on row by row, collecting
    problems rather than stopping. The table is None when it cannot be read at all (missing file,
    bad encoding, a declared column missing). `required_cells=False` leaves empty cells to the caller."""
    spec = SPECS[name]
    root = Path(root) if root is not None else paths.project_root()
    return read_table(spec.path(root), spec.columns, nonempty=spec.nonempty if required_cells else None, root=root)


class Lines(tuple):
    """Each row's line in its file. pandas deep-copies a frame's attrs into every frame derived from it
    (a selection, a group); the lines never change, so they are shared instead of copied."""

    def __deepcopy__(self, memo) -> "Lines":
        return self


def read(name: str, root: Path | None = None) -> pd.DataFrame:
    """The table as a typed frame; `attrs["rows"]` holds each row's line in the file (header = 1).

    Raises InputError listing every problem (file, row, column, value)."""
    spec = SPECS[name]
    table, problems = read_rows(name, root)
    if table is None or problems:
        raise InputError(problems, spec.relative())
    raw = pd.DataFrame([[r[c] for c in spec.columns] for r in table.rows], columns=spec.columns, dtype=object)
    problems = []
    for column in spec.numeric:
        for row in table.rows:
            text = row[column].strip()
            try:
                float(text) if text else None
            except ValueError:
                problems.append(table.where(row, column, row[column], "must be a number"))
    for column in spec.boolean:
        for row in table.rows:
            if row[column].strip().lower() not in ("true", "false"):
                problems.append(table.where(row, column, row[column], "must be true or false"))
    if problems:
        raise InputError(problems, spec.relative())
    frame = conform(name, raw, strict=True)
    frame.attrs = {"file": spec.relative(), "rows": Lines(r["_row"] for r in table.rows)}
    return frame


def problem(frame: pd.DataFrame, index: int, column: str | None, message: str) -> Problem:
    """A problem about row `index` of a frame from `read`, naming the file's own line."""
    rows = frame.attrs.get("rows") or []
    line = rows[index] if index < len(rows) else None
    value = None if column is None else str(frame.iloc[index][column])
    return Problem(frame.attrs.get("file", "?"), message, row=line, column=column, value=value)
