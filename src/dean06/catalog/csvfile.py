"""Strict reading of the project's hand-kept CSV files: UTF-8 only, named columns, row numbers kept."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from dean06.problems import Problem


@dataclass
class Table:
    path: Path
    name: str  # the path as shown in messages, relative to the project
    columns: list[str]
    rows: list[dict] = field(default_factory=list)  # each row carries "_row", its line number

    def where(self, row: dict, column: str | None = None, value: str | None = None, message: str = "") -> Problem:
        return Problem(self.name, message, row=row["_row"], column=column, value=value)


def display_name(path: Path, root: Path | None) -> str:
    try:
        return str(path.relative_to(root)) if root else str(path)
    except ValueError:
        return str(path)


def decode_utf8(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Decode strictly; on failure, say where the first bad byte is."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        bad = data[err.start : err.start + 4]
        return None, [Problem(name, f"not valid UTF-8: byte {err.start} cannot be decoded ({err.reason})",
                              row=line, value=bad.hex(" "))]
    if text.startswith("\ufeff"):
        text = text[1:]  # a BOM from a spreadsheet export is harmless
    return text, []


def read_table(path: Path, required: list[str], *, nonempty: list[str] | None = None,
               root: Path | None = None) -> tuple[Table | None, list[Problem]]:
    name = display_name(path, root)
    if not path.exists():
        return None, [Problem(name, f"file is missing: restore it with `git checkout -- {name}`")]
    text, problems = decode_utf8(path.read_bytes(), name)
    if text is None:
        return None, problems
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return None, [Problem(name, "file is empty: a header row is required", row=1)]
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    for col in missing:
        problems.append(Problem(name, f"required column '{col}' is missing (found: {', '.join(header)})",
                                row=1, column=col))
    dupes = sorted({h for h in header if header.count(h) > 1})
    for col in dupes:
        problems.append(Problem(name, "column name appears more than once", row=1, column=col))
    if missing or dupes:
        return None, problems
    table = Table(path, name, header)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.append(Problem(name, f"malformed CSV: {err}", row=start))
            break
        if not record or all(not cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(Problem(name, f"has {len(record)} fields, the header has {len(header)}", row=start))
            continue
        row = dict(zip(header, record))
        row["_row"] = start
        for col in nonempty or []:
            if not row[col].strip():
                problems.append(table.where(row, col, row[col], "a value is required"))
        table.rows.append(row)
    return table, problems
