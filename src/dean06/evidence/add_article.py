"""Start adding an article: archive the file, and draft its rows for the journalist to complete.

    python -m dean06.evidence.add_article PATH [--source-id ABC-240131]
    make add-article FILE=PATH [SOURCE=ABC-240131]

1. The file is copied byte for byte into data/raw/articles/ as `NNN_<first 16 hex of its sha256>.txt`
   (the next number), and made read-only.
2. data/raw/sources.csv gets a draft row: id, file and hash filled in, the address and title the copy
   prints, the dates left empty and every cell the journalist must write marked TODO.
3. data/raw/excluded_spans.csv gets draft rows for what the copy shows is not the story: a
   retrieval header above it (`dean06.evidence.retrieval`: `KEY: value` lines, a separator line, an
   address, an access date; it ends where the story starts, blank line or not) and, when the copy
   ends mid-sentence or with a retriever's end note (`[hết trích đoạn]`), its unfinished end
   (`truncated_end`); their reasons are marked TODO. A drafted span never covers the story.
4. data/raw/non_statistics.csv gets each rule of `recurring_non_statistics.csv` (unit codes such as
   C06, document numbers, times of day, dates in English, names of levels such as `level 2` or
   `mức độ 2`) that the story needs and the project does not have yet, complete with its reasons.
5. data/raw/claims.csv gets one draft row for every number of the story that no rule accounts for:
   the sentence as quote, the figure as printed with its qualifier, scale word, currency or % in
   the copy's language (`gần 8 triệu`, `24,7 tỉ đồng`, `16,48%`, `12.275/13.047`, `01`;
   `over 13.8 million`, `about 62.5 percent`), a guessed as-of wording, and the metric marked
   TODO: choose it, or delete the row if the number is not a statistic.

The copy's language (`vi` or `en`, from the letters of the story) is written in the draft row; it
decides how the drafts and, later, cleaning read the figures and dates.

The title, the date in the source id and the dates offered for the event come from the story, never
from the header; the header's dates are the retrieval's, drafted as `date_accessed`. The file and
the rows are written together or not at all; `make remove-article SOURCE=…` undoes it
(`dean06.evidence.remove_article`). `make check` then lists every TODO and every other problem.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from pathlib import Path

from dean06 import atomic, paths
from dean06.catalog.contracts import QUALIFIERS, SOURCE_ID
from dean06.catalog import tables
from dean06.catalog.csvfile import display_name
from dean06.catalog.vocabulary import CURRENCIES, EVENT_KINDS, LANGUAGE_NAMES, MONTHS, PERCENT, RELATIVE_AS_OF, SCALES
from dean06.evidence.archive import DRAFT, Article
from dean06.evidence.coverage import NUMBER, account_for_numbers, ends_mid_sentence, load_rules
from dean06.evidence.hidden import held_figures, rule_matches
from dean06.evidence.retrieval import URL, end_note, retrieval_header
from dean06.problems import run_cli
from dean06.textnorm import fold, normalise

RECURRING = Path(__file__).with_name("recurring_non_statistics.csv")  # rules add-article adds when a story needs them
DATE_DMY = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
# A full English date, by the month's name (babel's, `vocabulary.MONTHS`): `21 November 2026`, `November 8, 2022`.
_MONTH = "|".join(sorted(MONTHS["en"], key=len, reverse=True))
DATE_EN = re.compile(rf"(?i)(?<!\d)(?P<d1>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<m1>{_MONTH})\b\.?,? (?P<y1>\d{{4}})\b"
                     rf"|\b(?P<m2>{_MONTH})\b\.? (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?, (?P<y2>\d{{4}})\b")
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


def guess_source_id(text: str, taken: set[str], address: str | None = None) -> tuple[str, str]:
    """(id, how it was guessed): the outlet from the copy's address (`address`, or the first in `text`),
    the date from the first d/m/yyyy of `text` (the story, never a retrieval header)."""
    url = URL.search(address or text)
    outlet, why = "NEW", "no address in the copy, so 'NEW'"
    if url:
        host = re.sub(r"^www\.|^m\.", "", url.group().split("/")[2].lower())
        letters = re.sub(r"[^a-z]", "", host.split(".")[0]).upper()
        if letters:
            outlet, why = letters[:8], f"the address {host}"
    date = DATE_DMY.search(text) or DATE_EN.search(text)
    stamp = "000000"
    if date:
        day, month, year = ((int(date.group(1)), int(date.group(2)), int(date.group(3))) if date.re is DATE_DMY else
                            (int(date.group("d1") or date.group("d2")),
                             MONTHS["en"][(date.group("m1") or date.group("m2")).lower()],
                             int(date.group("y1") or date.group("y2"))))
        stamp = f"{year % 100:02d}{month:02d}{day:02d}"
        why += f" and the first date the story prints, {date.group()}"
    else:
        why += "; the story prints no full date, so 000000"
    sid = f"{outlet}-{stamp}"
    base, n = sid, 1
    while sid in taken:  # an outlet and day already archived: a letter keeps the id unique and valid
        sid = f"{base.split('-')[0]}{chr(ord('A') + n - 1)}-{stamp}"
        n += 1
    return sid, why


def header_block(text: str) -> tuple[int, int] | None:
    """The retrieval header's range (dean06.evidence.retrieval), or None."""
    header = retrieval_header(text)
    return (header.start, header.end) if header else None


def truncated_tail(text: str) -> tuple[int, int] | None:
    """The end of a truncated copy, to the end of the file: from the start of the unfinished sentence
    when the copy ends mid-sentence (before a retriever's end note, if any), else from the end note."""
    note = end_note(text)
    body = text[:note[0]].rstrip() if note else text.rstrip()
    if not ends_mid_sentence(fold(body)):
        return (note[0], len(text)) if note else None
    starts = [m.end() for m in re.finditer(r"[.!?…][\"”)»]?\s+|\n[ \t\u00a0]*\n", body)]
    start = starts[-1] if starts else 0
    return start, len(text)


def iso_date(text: str) -> str:
    """A header date (d/m/yyyy or ISO) in ISO form."""
    if "/" in text:
        day, month, year = (int(p) for p in text.split("/"))
        return f"{year:04d}-{month:02d}-{day:02d}"
    return text


def recurring_rules(norm: str, start: int, end: int, have: dict[str, re.Pattern],
                    unaccounted: list) -> list[tuple[dict, list[str]]]:
    """The recurring non-statistics rules the story needs, each with what it matches around the
    numbers it takes out of `unaccounted` (`level-1`, `November 7`): a rule the project does not
    have (by id) that accounts for a number of the story no rule accounts for yet."""
    with RECURRING.open(encoding="utf-8", newline="") as f:
        proposed = list(csv.DictReader(f))
    needed = []
    for rule in proposed:
        if rule["rule_id"] in have:
            continue
        rx = re.compile(rule["pattern"])
        spans = [(m.start(), m.end()) for m in rx.finditer(norm, start, end)]
        taken = [t for t in unaccounted if any(s <= t.start and t.end <= e for s, e in spans)]
        if taken:
            matched = [norm[s:e] for s, e in spans if any(s <= t.start and t.end <= e for t in taken)]
            needed.append((rule, list(dict.fromkeys(matched))))
            unaccounted[:] = [t for t in unaccounted if t not in taken]
    return needed


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


def _append(writes: dict[Path, bytes], path: Path, columns: list[str], rows: list[dict]) -> list[int]:
    """Add to `writes` the file with rows appended in its own column order; return the line numbers
    they start on."""
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
    writes[path] = data + (sep + out.getvalue()).encode("utf-8")
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
            raise AddError(f"{source}: already archived as {row['file']} (source {row['source_id']}); to add it "
                           f"again (with another SOURCE=…), first undo the addition: make remove-article "
                           f"SOURCE={row['source_id']}")
    taken = {row["source_id"] for row in sources.rows}
    if source_id:
        if not re.match(SOURCE_ID, source_id):
            raise AddError(f"source id {source_id!r}: use the outlet's code in capitals, a hyphen and the event "
                           f"date as YYMMDD (e.g. ABC-240131)")
        if source_id in taken:
            raise AddError(f"source id {source_id!r} is already in data/raw/sources.csv")
        sid, how = source_id, "as given"
    # what the copy shows is not the story: the story is what lies between them
    header = retrieval_header(text)
    tail = truncated_tail(text)
    story_start, story_end = header.end if header else 0, tail[0] if tail else len(text)
    story = text[story_start:story_end]
    address = URL.search(header.text) if header else None
    address = address or URL.search(story)
    if not source_id:
        sid, how = guess_source_id(story, taken, address.group() if address else None)
    for name in ("sources", "excluded_spans", "claims", "non_statistics"):
        _header(tables.SPECS[name].path(root), tables.COLUMNS[name])  # before anything is written
    name = next_name(folder, digest)
    target = folder / name

    spans = []
    if header:
        spans.append({"source_id": sid, "span_id": f"{sid}-header", "kind": "retrieval_header",
                      "start": header.start, "end": header.end, "excerpt": normalise(header.text)[:40].rstrip(),
                      "reason": f"{DRAFT}: confirm: what the retrieval added above the copy (address, access date)"})
    if tail:
        note = end_note(text)
        why = ("the retriever's end note says the copy is cut off" if note else "the copy is cut off mid-sentence") + \
              ("; what is left of the sentence is not read" if not note or tail[0] < note[0] else "")
        spans.append({"source_id": sid, "span_id": f"{sid}-cut", "kind": "truncated_end", "start": tail[0],
                      "end": tail[1], "excerpt": normalise(text[tail[0]:tail[1]])[:40].rstrip(),
                      "reason": f"{DRAFT}: confirm: {why}"})
    article = Article(sid, name, text)
    for s in spans:
        article.excluded.append((*article.norm_span(int(s["start"]), int(s["end"])), s["kind"]))
    _, rules, _ = load_rules(root)
    ruled = rule_matches(article, rules)
    for s, example in zip(spans, ("the title the header repeats" if s["kind"] == "retrieval_header" else
                                  "a figure whose unit was cut off" for s in spans)):
        held = held_figures(article, *article.norm_span(int(s["start"]), int(s["end"])), ruled)
        if held:
            s["reason"] += (f"; it holds {', '.join(f'{n!r} ({shape})' for n, shape, _ in held)}: name each and say "
                            f"why it is not a figure of the story (e.g. {example})")
    tokens, _ = account_for_numbers({sid: article}, {}, rules)
    unaccounted = [t for t in tokens if not t.accounted_by]
    proposed = recurring_rules(article.norm, *article.norm_span(story_start, story_end), rules, unaccounted)

    # a draft claim per number nothing accounts for, read in the story's language
    lang = detect_language(story)
    quotes = sentences(text)
    claims, printed = [], {}
    for token in unaccounted:
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
                       # the copy's own voice until the journalist names whom it credits
                       "quote": quote, "attributed_to": "", "value_text": value,
                       "as_of_text": guess_as_of(quote, token.start - at, lang),
                       "same_statistic_as": "", "notes": "; ".join(notes)})

    # every proposed rule accounts for a number: a claim accounts only for its own figure, at its place
    # in the quote, so a level's name or a date beside it in the same sentence is the rule's
    new_rules = [rule for rule, _ in proposed]
    url = address
    title = next((fold(line) for line in story.splitlines() if any(c.isalpha() for c in line)), "")
    dates = sorted({m.group() for rx in (DATE_DMY, DATE_EN) for m in rx.finditer(story)}, key=story.index)
    printed_dates = f"the story prints {', '.join(dates[:4])}" if dates else "the story prints no full date"
    retrieved = header.access_dates if header else []
    if header and header.dates:
        printed_dates += f"; the retrieval header's dates ({', '.join(header.dates)}) are when the copy was retrieved"
    accessed = iso_date(retrieved[0]) if len(retrieved) == 1 else ""
    defects = [d for d, on in [("a retrieval header above the copy", header), ("cut off at the end", tail)] if on]
    short = re.sub(r"^www\.|^m\.", "", url.group().split("/")[2].lower()) if url else sid.split("-")[0]
    source_row = {
        "source_id": sid, "file": name, "sha256": digest,
        "outlet": f"{DRAFT}: the outlet whose copy this is" + (f" (the address is {url.group()})" if url else ""),
        "outlet_vi": f"{DRAFT}: the outlet, in Vietnamese",
        # the name a reader knows the outlet by after its first mention: the copy's host, or the id's code
        "outlet_short": short, "outlet_short_vi": short, "original_outlet": "", "original_outlet_vi": "",
        "title": title, "byline": "", "url": url.group() if url else "",
        "event_date": "", "event_date_method": f"{DRAFT}: 'stated: …' quoting the copy, or 'inferred: …' with the "
                                               f"evidence ({printed_dates})",
        "event_date_method_vi": f"{DRAFT}: the same, in Vietnamese ('ghi trong bài: …' or 'suy ra: …')",
        "event_kind": f"{DRAFT}: one of {', '.join(EVENT_KINDS)}",
        "event_kind_evidence": f"{DRAFT}: the words of the copy that name the event (quoted)",
        "published_date": "", "published_date_method": f"{DRAFT}: 'stated: …' or 'inferred: …'",
        "published_date_method_vi": f"{DRAFT}: the same, in Vietnamese",
        "language": lang, "defects": "; ".join(defects),
        "defects_vi": f"{DRAFT}: the copy's defects, in Vietnamese" if defects else "", "date_accessed": accessed,
        "citation": f"{DRAFT}: author, 'title', outlet, date",
    }
    writes: dict[Path, bytes] = {target: data}
    source_line = _append(writes, raw / "sources.csv", tables.COLUMNS["sources"], [source_row])[0]
    span_lines = _append(writes, raw / "excluded_spans.csv", tables.COLUMNS["excluded_spans"], spans) if spans else []
    rule_lines = _append(writes, raw / "non_statistics.csv", tables.COLUMNS["non_statistics"], new_rules) \
        if new_rules else []
    claim_lines = _append(writes, raw / "claims.csv", tables.COLUMNS["claims"], claims) if claims else []
    try:
        atomic.replace_together(writes, modes={target: 0o444})
    except atomic.WriteError as err:
        raise AddError(str(err)) from None

    shown = display_name(target, root)
    out = [f"add-article: archived {source} as {shown} (read-only), sha256 {digest}",
           f"  source id {sid} ({how}; to choose another: make remove-article SOURCE={sid}, then add it again "
           f"with SOURCE=…)",
           f"  data/raw/sources.csv, row {source_line}: draft row for {sid}: write the event and publication dates "
           f"(ISO) and how each was established, the outlet, the date accessed and the citation",
           f"  language {lang} ({LANGUAGE_NAMES[lang]}, from the letters of the story), written in the draft row: its "
           f"figures and dates are read as {LANGUAGE_NAMES[lang]} copy writes them; correct it if it is wrong"]
    if header and header.dates:
        out.append(f"  the retrieval header prints {', '.join(header.dates)}: when the copy was retrieved, not the "
                   f"event" + (f"; date_accessed is drafted as {accessed}, check it" if accessed else
                               "; write the date accessed"))
    for s, line in zip(spans, span_lines):
        out.append(f"  data/raw/excluded_spans.csv, row {line}: draft {s['kind']} span {s['start']}..{s['end']} "
                   f"starting {s['excerpt']!r}: confirm it (write its reason) or delete the row")
    for (rule, matched), line in zip(proposed, rule_lines):
        out.append(f"  data/raw/non_statistics.csv, row {line}: rule {rule['rule_id']} added for "
                   f"{', '.join(map(repr, matched))} ({rule['reason']}); delete it if it does not fit")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dean06.evidence.add_article", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="the article as received (UTF-8 text)")
    parser.add_argument("--source-id", default=None, help="the source id to use (default: guessed from the copy)")
    args = parser.parse_args(argv)
    return run_cli(lambda: print(add_article(args.file, source_id=args.source_id)), prefix="add-article: ",
                   catch=(AddError,), describe=lambda err: f"{err}; nothing was changed")


if __name__ == "__main__":
    sys.exit(main())
