"""What a retrieval adds to a copy: a header above the story and an end note below it.

Copies arrive as a tool or a person saved them. Above the story there may be a retrieval header, a
block of lines of these shapes, blank lines between them allowed:

- `KEY: value`, the key in capitals (`TITLE:`, `URL:`, `PUBLISHER:`) or a known retrieval key in any
  case (`Nguồn:`, `Ngày truy cập:`, `Tiêu đề:`, `Accessed:`, `Source:` …, see RETRIEVAL_KEYS);
- a separator line of dashes, equals signs, underscores or stars (at least three);
- an address on a line of its own;
- an access line: a retrieval word (`truy cập`, `lưu lúc`, `accessed`, `retrieved`, `saved from` …)
  with an address or a date.

The header ends where the first line of another shape starts, blank line or not: that line is the
story's first. A block counts as a header only when it names an address, an access or a retrieval
key; a block of separators alone is not one.

Below the story a retriever may leave an end note, the copy's last line: `[excerpt ends here …]`,
`[hết trích đoạn]`, `--- hết trích đoạn ---`, `(còn tiếp)` — in brackets, parentheses or between
dashes, with a word that says the text ends or was cut (END_WORDS). Separator lines just above it
belong to it. It marks a truncated copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

URL = re.compile(r"https?://[^\s\"'<>]+")
RETRIEVAL_KEYS = {
    "url", "link", "địa chỉ", "nguồn", "source", "title", "tiêu đề", "publisher", "nhà xuất bản", "cơ quan",
    "outlet", "báo", "date", "ngày", "ngày đăng", "ngày xuất bản", "published", "ngày truy cập", "truy cập",
    "ngày lưu", "lưu lúc", "accessed", "access date", "retrieved", "retrieval date", "archived", "saved",
    "author", "tác giả", "byline", "language", "ngôn ngữ", "category", "chuyên mục",
}
ACCESS_WORDS = re.compile(r"(?i)(truy cập|truy xuất|lưu trữ|lưu lúc|bản lưu|accessed|retrieved|archived|saved from)")
SEPARATOR = re.compile(r"[ \t\u00a0]*[-=_*—–~]{3,}[ \t\u00a0]*")
KEY_LINE = re.compile(r"[ \t\u00a0]*([^\W\d_][^:\n]{0,30}?)[ \t\u00a0]*:(?!//)[ \t\u00a0]*(.*)")
DATE = re.compile(r"(?<![\d/])(?:\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})(?![\d/])")
END_WORDS = re.compile(r"(?i)(excerpt|extract|trích|hết|\bends?\b|\bended\b|truncated|cắt|cut off|còn tiếp|"
                       r"continued|tiếp theo|xem tiếp|đọc tiếp)")
ENCLOSED = re.compile(r"[ \t\u00a0]*(?:\[[^\[\]\n]+\]|\([^()\n]+\)|[-—–=*]{2,}[^\n]+?[-—–=*]{2,})[ \t\u00a0]*")


@dataclass(frozen=True)
class Header:
    start: int
    end: int  # the end of its last line (the line break after it is the story's)
    text: str

    @property
    def dates(self) -> list[str]:
        """The dates it prints (d/m/yyyy or ISO), in order: when the copy was retrieved, not the event."""
        return list(dict.fromkeys(m.group() for m in DATE.finditer(self.text)))

    @property
    def access_dates(self) -> list[str]:
        """The dates on lines that name the access, or every date when no line does."""
        named = [m.group() for line in self.text.splitlines() if ACCESS_WORDS.search(line) for m in DATE.finditer(line)]
        return list(dict.fromkeys(named)) or self.dates


def _key(line: str) -> str | None:
    match = KEY_LINE.fullmatch(line)
    if not match:
        return None
    key = match.group(1).strip()
    if key.lower() in RETRIEVAL_KEYS:
        return "known"
    letters = [c for c in key if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters) and len(key.split()) <= 3:
        return "capitals"
    return None


def header_shape(line: str) -> str | None:
    """Which header shape a line has: 'blank', 'separator', 'address', 'key', 'access', or None."""
    if not line.strip():
        return "blank"
    if SEPARATOR.fullmatch(line):
        return "separator"
    if URL.fullmatch(line.strip().strip("<>")):
        return "address"
    if _key(line):
        return "key"
    if ACCESS_WORDS.search(line) and (URL.search(line) or DATE.search(line)):
        return "access"
    return None


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, at = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((at, at + len(body), body))
        at += len(line)
    return out


def retrieval_header(text: str) -> Header | None:
    """The retrieval header at the top of the copy, or None (see the module's description)."""
    start = end = None
    named = False
    for at, stop, line in _lines(text):
        shape = header_shape(line)
        if shape is None:
            break
        if shape == "blank":
            continue
        start = at if start is None else start
        end = stop
        named = named or shape != "separator"
    else:
        return None  # the whole copy has header shapes: there is no story to set apart
    if start is None or not named:
        return None
    return Header(start, end, text[start:end])


def end_note(text: str) -> tuple[int, int] | None:
    """The retriever's end note as (start, end of file), separator lines above it included, or None."""
    lines = [entry for entry in _lines(text) if entry[2].strip()]
    if len(lines) < 2:
        return None
    at, _, last = lines[-1]
    if not (ENCLOSED.fullmatch(last) and END_WORDS.search(last)):
        return None
    for before, _, line in reversed(lines[:-1]):
        if not SEPARATOR.fullmatch(line):
            break
        at = before
    return at, len(text)
