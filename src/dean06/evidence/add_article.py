"""Start adding an article: archive the file, and draft its rows for the journalist to complete.

    python -m dean06.evidence.add_article PATH [--source-id ABC-240131]
    make add-article FILE=PATH [SOURCE=ABC-240131]

1. The file is copied byte for byte into data/raw/articles/ as `NNN_<first 16 hex of its sha256>.txt`
   (the next number), and made read-only.
2. data/raw/sources.csv gets a draft row: id, file and hash filled in, the address and title the copy
   prints, the dates left empty and every cell the journalist must write marked TODO.
3. data/raw/excluded_spans.csv gets draft rows for what the copy shows is not the story: a
   retrieval header above it (a first block naming an address or an access date) and, when the copy
   ends mid-sentence, its unfinished end (`truncated_end`); their reasons are marked TODO.
4. data/raw/claims.csv gets one draft row for every number that no rule accounts for and no draft
   span leaves out: the sentence as quote, the figure as printed with its qualifier, scale word,
   currency or % (`gần 8 triệu`, `24,7 tỉ đồng`, `16,48%`, `12.275/13.047`, `01`), a guessed as-of
   wording, and the metric marked TODO: choose it, or delete the row if the number is not a statistic.

Nothing else is touched. `make check` then lists every TODO and every other problem at once.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from pathlib import Path

from dean06 import paths
from dean06.catalog.contracts import QUALIFIERS, SOURCE_ID
from dean06.catalog import tables
from dean06.catalog.csvfile import display_name
from dean06.catalog.vocabulary import CURRENCIES, LANGUAGE_NAMES, LEVEL_WORDS, MONTHS, PERCENT, RELATIVE_AS_OF, SCALES
from dean06.evidence.archive import DRAFT, Article
from dean06.evidence.coverage import NUMBER, account_for_numbers, ends_mid_sentence, load_rules
from dean06.problems import run_cli
from dean06.textnorm import fold, normalise

URL = re.compile(r"https?://[^\s\"'<>]+")
ACCESS_WORDS = re.compile(r"(?i)(truy cập|truy xuất|lưu trữ|nguồn:|url:|accessed|retrieved|archived|saved from)")
DATE_DMY = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
AS_OF_DATE = re.compile(r"(?i)(?:tính )?(?:đến|tới) (?:hết )?(?:ngày )?(\d{1,2}/\d{1,2}(?:/\d{4})?)")
AS_OF_RELATIVE = re.compile(r"(?i)\b(tính đến nay|cho đến nay|đến nay|tới nay|hiện nay|hiện tại)\b")
# A sentence ends at . ! ? … before white space, or before a capital where the copy left no space
# after a full stop ("…received.The ministry"); a lower-case letter must precede it, so "13.8" and
# "U.S." stay whole.
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)|(?<=[a-zà-ỹđ][.!?])(?=[A-ZÀ-ỸĐ])")
# Letters only Vietnamese writes: a copy with many of them is Vietnamese, one with none English.
_VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]",
                                 re.IGNORECASE)
EN_AS_OF_DATE = re.compile(r"(?i)\b(?:by|as of|up to|until) (?:\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+\.?"
                           r"|[A-Z][a-z]+\.? \d{1,2}(?:st|nd|rd|th)?)(?:,? \d{4})?")


class AddError(Exception):
    """The file cannot be added as it is."""


def next_name(folder: Path, digest: str) -> str:
    taken = [int(m.group(1)) for p in folder.iterdir() if (m := re.match(r"^(\d+)_", p.name))] if folder.is_dir() else []
    return f"{(max(taken) + 1) if taken else 0:03d}_{digest[:16]}.txt"


def guess_source_id(text: str, taken: set[str]) -> tuple[str, str]:
    """(id, how it was guessed): the outlet from the copy's address, the date from its first d/m/yyyy."""
    url = URL.search(text)
    outlet, why = "NEW", "no address in the copy, so 'NEW'"
    if url:
        host = re.sub(r"^www\.|^m\.", "", url.group().split("/")[2].lower())
        letters = re.sub(r"[^a-z]", "", host.split(".")[0]).upper()
        if letters:
            outlet, why = letters[:8], f"the address {host}"
    date = DATE_DMY.search(text)
    stamp = "000000"
    if date:
        day, month, year = (int(g) for g in date.groups())
        stamp = f"{year % 100:02d}{month:02d}{day:02d}"
        why += f" and the first date printed, {date.group()}"
    else:
        why += "; no date printed, so 000000"
    sid = f"{outlet}-{stamp}"
    base, n = sid, 1
    while sid in taken:  # an outlet and day already archived: a letter keeps the id unique and valid
        sid = f"{base.split('-')[0]}{chr(ord('A') + n - 1)}-{stamp}"
        n += 1
    return sid, why


def header_block(text: str) -> tuple[int, int] | None:
    """The retrieval header: the first block of lines (up to a blank line) naming an address or an access."""
    match = re.match(r"\s*(.+?)(?:\n[ \t\u00a0]*\n|\Z)", text, flags=re.S)
    if not match or match.end(1) >= len(text.rstrip()):
        return None
    block = match.group(1)
    if URL.search(block) or ACCESS_WORDS.search(block):
        return match.start(1), match.end(1)
    return None


def truncated_tail(text: str) -> tuple[int, int] | None:
    """When the copy ends mid-sentence: from the start of the unfinished sentence to the end of the file."""
    body = text.rstrip()
    if not ends_mid_sentence(fold(body)):
        return None
    starts = [m.end() for m in re.finditer(r"[.!?…][\"”)»]?\s+|\n[ \t\u00a0]*\n", body)]
    start = starts[-1] if starts else 0
    return start, len(text)


def sentences(text: str) -> list[str]:
    """The copy's sentences, white space folded: paragraphs split at blank lines, then at sentence ends."""
    out = []
    for paragraph in re.split(r"\n[ \t\u00a0]*\n", text):
        folded = fold(paragraph)
        out += [s for s in SENTENCE_END.split(folded) if s]
    return out


def detect_language(text: str) -> str:
    """`vi` when at least one word in ten carries a letter only Vietnamese writes, else `en`."""
    words = re.findall(r"[^\W\d_]+", text)
    marked = sum(1 for w in words if _VIETNAMESE_LETTERS.search(w))
    return "vi" if words and marked * 10 >= len(words) else "en"


def _word_after(tail: str, word: str) -> bool:
    """`tail` starts with `word` as a whole word (after a space, or at once for a sign such as %)."""
    if word[0].isalnum():
        return tail.startswith(" " + word) and not tail[len(word) + 1:len(word) + 2].isalnum()
    return tail.startswith(word)


def figure_as_printed(norm: str, start: int, end: int, lang: str = "vi") -> str:
    """The number with its qualifier (and, in English, a currency) before it and its %, scale word
    and currency after it, in the words of the article's language: `gần 8 triệu`, `over 13.8 million`."""
    before = norm[:start].lower()
    for word in sorted(CURRENCIES[lang], key=len, reverse=True):  # "VND 2.5 trillion", "VND2.5 trillion"
        for gap in (" ", ""):
            if before.endswith(word + gap) and (len(before) == len(word + gap)
                                                or not before[-len(word + gap) - 1].isalnum()):
                start -= len(word + gap)
                before = before[:len(before) - len(word + gap)]
                break
        else:
            continue
        break
    for q in sorted((q for q in QUALIFIERS[lang] if q), key=len, reverse=True):
        if before.endswith(q + " ") and (len(before) == len(q) + 1 or not before[-len(q) - 2].isalnum()):
            start -= len(q) + 1
            break
    tail = norm[end:].lower()
    for word in PERCENT[lang]:
        if _word_after(tail, word):
            return norm[start:end + len(word) + (1 if word[0].isalnum() else 0)]
    for word in SCALES[lang]:  # longest first
        if _word_after(tail, word):
            end += len(word) + 1
            tail = tail[len(word) + 1:]
            break
    for word in CURRENCIES[lang]:
        if _word_after(tail, word):
            end += len(word) + 1
            break
    return norm[start:end]


def level_name(norm: str, start: int, lang: str) -> int | None:
    """Where a level's name starts when the number at `start` ends one (`level 1`, `Level-2`, `mức 1`,
    `mức độ 2`): the name of a level, not a statistic; else None."""
    before = norm[:start].lower()
    for word in LEVEL_WORDS[lang]:  # longest first
        match = re.search(rf"(?<!\w){re.escape(word)}[ -]$", before)
        if match:
            return match.start()
    return None


def english_dates(norm: str) -> list[tuple[int, int]]:
    """Where English copy prints a date by the month's name (`November 7`, `7 Nov 2022`): its day and
    year are not statistics, and cleaning reads such a date as as-of wording."""
    months = "|".join(sorted(MONTHS["en"], key=len, reverse=True))
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    pattern = rf"(?i)\b(?:(?:{months})\.? {day}|{day} (?:of )?(?:{months})\b\.?)(?:,? \d{{4}})?"
    return [(m.start(), m.end()) for m in re.finditer(pattern, norm)]


def guess_as_of(quote: str, figure_at: int, lang: str = "vi") -> str:
    before = quote[:figure_at]
    if lang == "en":
        return _guess_english_as_of(before)
    dated = list(AS_OF_DATE.finditer(before))
    if dated:
        return dated[-1].group(1)
    relative = list(AS_OF_RELATIVE.finditer(before))
    return relative[-1].group(1) if relative else ""


def _guess_english_as_of(before: str) -> str:
    """The last `By November 7` or relative wording (`to date`) before the figure, as cleaning reads it."""
    dated = list(EN_AS_OF_DATE.finditer(before))
    if dated:
        return dated[-1].group()
    words = "|".join(re.escape(w) for w in sorted(RELATIVE_AS_OF["en"], key=len, reverse=True))
    relative = list(re.finditer(rf"(?i)\b(?:{words})\b", before))
    return relative[-1].group() if relative else ""


def _header(path: Path, columns: list[str]) -> list[str]:
    if not path.is_file():
        raise AddError(f"{path.name} is missing")
    header = [h.strip() for h in next(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"))), [])]
    missing = [c for c in columns if c not in header]
    if missing:
        raise AddError(f"{path.name} lacks the column(s) {', '.join(missing)}")
    return header


def _append(path: Path, columns: list[str], rows: list[dict]) -> list[int]:
    """Append rows in the file's own column order; return the line numbers they start on."""
    header = _header(path, columns)
    data = path.read_bytes()
    text = data.decode("utf-8")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", restval="")
    lines = []
    line = text.count("\n") + (0 if text.endswith("\n") else 1) + 1  # physical lines: a quoted cell may span two
    for row in rows:
        lines.append(line)
        before = out.tell()
        writer.writerow(row)
        line += out.getvalue()[before:].count("\n")
    sep = "" if not text or text.endswith("\n") else "\n"
    path.write_bytes(data + (sep + out.getvalue()).encode("utf-8"))
    return lines


def add_article(source: Path, root: Path | None = None, source_id: str | None = None) -> str:
    """Archive `source` and write the drafts; return what to tell the journalist."""
    root = Path(root or paths.project_root())
    raw, folder = paths.raw_dir(root), paths.articles_dir(root)
    if str(source) in ("", ".") or source.is_dir():
        raise AddError("name the article's file: make add-article FILE=path (or python -m dean06.evidence.add_article path)")
    if not source.is_file():
        raise AddError(f"{source}: no such file")
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise AddError(f"{source}: not valid UTF-8 (byte {err.start}); convert the copy to UTF-8 and say so in "
                       f"the source's defects") from None
    if not fold(text):
        raise AddError(f"{source}: the file is empty")
    digest = hashlib.sha256(data).hexdigest()
    sources, problems = tables.read_rows("sources", root, required_cells=False)
    if sources is None:
        raise AddError("; ".join(map(str, problems)))
    for row in sources.rows:
        if row["sha256"] == digest:
            raise AddError(f"{source}: already archived as {row['file']} (source {row['source_id']})")
    taken = {row["source_id"] for row in sources.rows}
    if source_id:
        if not re.match(SOURCE_ID, source_id):
            raise AddError(f"source id {source_id!r}: use the outlet's code in capitals, a hyphen and the event "
                           f"date as YYMMDD (e.g. ABC-240131)")
        if source_id in taken:
            raise AddError(f"source id {source_id!r} is already in data/raw/sources.csv")
        sid, how = source_id, "as given"
    else:
        sid, how = guess_source_id(text, taken)
    for name in ("sources", "excluded_spans", "claims"):
        _header(tables.SPECS[name].path(root), tables.COLUMNS[name])  # before anything is written
    name = next_name(folder, digest)
    target = folder / name

    # what the copy shows is not the story
    spans = []
    header = header_block(text)
    if header:
        spans.append({"source_id": sid, "span_id": f"{sid}-header", "kind": "retrieval_header",
                      "start": header[0], "end": header[1], "excerpt": normalise(text[header[0]:header[1]])[:40].rstrip(),
                      "reason": f"{DRAFT}: confirm: what the retrieval added above the copy (address, access date)"})
    tail = truncated_tail(text)
    if tail:
        spans.append({"source_id": sid, "span_id": f"{sid}-cut", "kind": "truncated_end", "start": tail[0],
                      "end": tail[1], "excerpt": normalise(text[tail[0]:tail[1]])[:40].rstrip(),
                      "reason": f"{DRAFT}: confirm: the copy is cut off mid-sentence; what is left of the sentence "
                                f"is not read"})
    article = Article(sid, name, text)
    for s in spans:
        article.excluded.append((*article.norm_span(int(s["start"]), int(s["end"])), s["kind"]))
    _, rules, _ = load_rules(root)
    tokens, _ = account_for_numbers({sid: article}, {}, rules)

    # a draft claim per number nothing accounts for, read in the article's language
    lang = detect_language(text[header[1] if header else 0:])
    quotes = sentences(text)
    claims, printed = [], {}
    named_dates = english_dates(article.norm) if lang == "en" else []
    levels = [article.norm[at:t.end] for t in tokens
              if not t.accounted_by and (at := level_name(article.norm, t.start, lang)) is not None]
    dated = [article.norm[a:b] for t in tokens for a, b in named_dates if not t.accounted_by and a <= t.start and t.end <= b]
    for token in (t for t in tokens if not t.accounted_by and level_name(article.norm, t.start, lang) is None
                  and not any(a <= t.start and t.end <= b for a, b in named_dates)):
        quote = next((q for q in quotes if (at := article.norm.find(q)) >= 0 and at <= token.start
                      and token.end <= at + len(q)), None)
        value = figure_as_printed(article.norm, token.start, token.end, lang)
        if quote is None:
            quote = article.norm[max(0, token.start - 60):token.end + 60].strip()
        at = article.norm.find(quote)
        claim_id = f"{sid}-{len(claims) + 1:02d}"
        notes = [f"draft from add-article: the figure as printed is {value!r}"]
        if article.norm.count(quote) > 1:
            notes.append("the sentence occurs more than once: lengthen the quote until it is unique")
        if value in printed:
            notes.append(f"the same figure is printed in {printed[value]}: if it is the same statistic, name "
                         f"{printed[value]} in same_statistic_as")
        printed.setdefault(value, claim_id)
        claims.append({"claim_id": claim_id, "source_id": sid,
                       "metric": f"{DRAFT}: a metric key from data/raw/metrics.csv (or delete this row)",
                       "quote": quote, "value_text": value, "as_of_text": guess_as_of(quote, token.start - at, lang),
                       "same_statistic_as": "", "notes": "; ".join(notes)})

    url = URL.search(text)
    title = next((fold(line) for line in text[header[1] if header else 0:].splitlines() if fold(line)), "")
    dates = sorted({m.group() for m in DATE_DMY.finditer(text)}, key=text.index)
    printed_dates = f"the copy prints {', '.join(dates[:4])}" if dates else "the copy prints no full date"
    defects = [d for d, on in [("a retrieval header above the copy", header), ("cut off mid-sentence at the end", tail)] if on]
    source_row = {
        "source_id": sid, "file": name, "sha256": digest,
        "outlet": f"{DRAFT}: the outlet whose copy this is" + (f" (the address is {url.group()})" if url else ""),
        "outlet_vi": f"{DRAFT}: the outlet, in Vietnamese", "original_outlet": "", "original_outlet_vi": "",
        "title": title, "byline": "", "url": url.group() if url else "",
        "event_date": "", "event_date_method": f"{DRAFT}: 'stated: …' quoting the copy, or 'inferred: …' with the "
                                               f"evidence ({printed_dates})",
        "event_date_method_vi": f"{DRAFT}: the same, in Vietnamese ('ghi trong bài: …' or 'suy ra: …')",
        "published_date": "", "published_date_method": f"{DRAFT}: 'stated: …' or 'inferred: …'",
        "published_date_method_vi": f"{DRAFT}: the same, in Vietnamese",
        "language": lang, "defects": "; ".join(defects),
        "defects_vi": f"{DRAFT}: the copy's defects, in Vietnamese" if defects else "", "date_accessed": "",
        "citation": f"{DRAFT}: author, 'title', outlet, date",
    }
    folder.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    target.chmod(0o444)
    source_line = _append(raw / "sources.csv", tables.COLUMNS["sources"], [source_row])[0]
    span_lines = _append(raw / "excluded_spans.csv", tables.COLUMNS["excluded_spans"], spans) if spans else []
    claim_lines = _append(raw / "claims.csv", tables.COLUMNS["claims"], claims) if claims else []

    shown = display_name(target, root)
    out = [f"add-article: archived {source} as {shown} (read-only), sha256 {digest}",
           f"  source id {sid} ({how}; to choose another, start again with SOURCE=…)",
           f"  data/raw/sources.csv, row {source_line}: draft row for {sid}: write the event and publication dates "
           f"(ISO) and how each was established, the outlet, the date accessed and the citation",
           *language_lines(lang, levels, dated)]
    for s, line in zip(spans, span_lines):
        out.append(f"  data/raw/excluded_spans.csv, row {line}: draft {s['kind']} span {s['start']}..{s['end']} "
                   f"starting {s['excerpt']!r}: confirm it (write its reason) or delete the row")
    if claims:
        out.append(f"  data/raw/claims.csv, rows {claim_lines[0]}-{claim_lines[-1]}: {len(claims)} draft claim(s), "
                   f"one per number nothing accounts for yet:")
        for c in claims:
            as_of = f", as of {c['as_of_text']!r}" if c["as_of_text"] else ""
            out.append(f"    {c['claim_id']}  {c['value_text']!r}{as_of}  in {c['quote'][:70]!r}")
    else:
        out.append("  data/raw/claims.csv: no draft claims (every number is accounted for)")
    out += ["Next:",
            "  1. In data/raw/claims.csv choose each draft claim's metric (add one to data/raw/metrics.csv if none "
            "fits), check the value and as-of wording against the quote, or delete the row if the number is not a "
            "statistic (add a rule to data/raw/non_statistics.csv if such numbers recur).",
            "  2. Complete every cell marked TODO in sources.csv and excluded_spans.csv. A metric of a new part of the "
            "programme needs its row in data/raw/areas.csv; a figure to compute from printed ones, a row in "
            "data/raw/derivations.csv.",
            "  3. make check          # lists every problem left, at once; repeat until it prints OK",
            "  4. make report         # rebuilds; then read the new findings in data/processed/discrepancies.csv",
            "  5. Decide findings in data/raw/decisions.csv (settled_claims = the finding's claims), make report, "
            "and commit everything."]
    return "\n".join(out)


def language_lines(lang: str, levels: list[str], dates: list[str]) -> list[str]:
    """What the journalist is told about the language found, and the level names and dates left undrafted."""
    lines = [f"  language {lang} ({LANGUAGE_NAMES[lang]}, from the letters of the copy), written in the draft row: "
             f"its figures and dates are read as {LANGUAGE_NAMES[lang]} copy writes them; correct it if it is wrong"]
    if levels:
        lines.append(f"  not drafted: {len(levels)} number(s) naming a level, not a statistic "
                     f"({', '.join(map(repr, dict.fromkeys(levels)))}); make check lists them until a rule in "
                     f"data/raw/non_statistics.csv accounts for them")
    if dates:
        lines.append(f"  not drafted: {len(dates)} number(s) of dates ({', '.join(map(repr, dict.fromkeys(dates)))}); "
                     f"make check lists them until a rule in data/raw/non_statistics.csv accounts for them")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dean06.evidence.add_article", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="the article as received (UTF-8 text)")
    parser.add_argument("--source-id", default=None, help="the source id to use (default: guessed from the copy)")
    args = parser.parse_args(argv)
    return run_cli(lambda: print(add_article(args.file, source_id=args.source_id)), prefix="add-article: ",
                   catch=(AddError,), describe=lambda err: f"{err}; nothing was changed")


if __name__ == "__main__":
    sys.exit(main())
