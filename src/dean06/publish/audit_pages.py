"""A visual audit page for every archived article, in Vietnamese and English.

Each page shows the article's text exactly as archived, with every number in it marked by what
accounts for it — a claim (linked to its entry in the report), a non-statistics rule (with the
rule's reason) or a span that is not part of the story (with its kind) — and the counts at the
top. The verdict on each number is the audit's, read from `data/processed/numbers.csv` (written
by `dean06.evidence.numbers`): the pages never run the audit again. Pages are self-contained
(one inlined stylesheet, no script, nothing loaded from a network).

    python -m dean06.publish.audit_pages       # reports/sources/<source_id>.<lang>.html
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dean06 import atomic, paths
from dean06.catalog import tables
from dean06.catalog.csvfile import Table, decode_utf8, display_name
from dean06.problems import Problem
from dean06.publish import html
from dean06.wording import entry, part_texts

LANGS = ("vi", "en")
# how a number is accounted for (numbers.csv `accounted_by`): a claim's figure, its as-of date
# printed in its quote, a span that is not the story, a non-statistics rule
KINDS = ("claim", "date", "span", "rule")
TEMPLATES = html.TEMPLATES
REPORT_CSS = TEMPLATES / "report" / "static" / "report.css"

@dataclass
class Piece:
    """A run of the archived text with one marking."""
    text: str
    excluded: str = ""  # span kind when the run lies in a span that is not the story
    number: dict | None = None  # the number this run belongs to
    first: bool = False  # the number's first run carries its id


@dataclass
class SourcePage:
    source: dict
    text: str
    numbers: list[dict] = field(default_factory=list)
    spans: list[tuple[int, int, str]] = field(default_factory=list)


def page_path(root: Path, source_id: str, lang: str) -> Path:
    return paths.reports_dir(root) / "sources" / f"{source_id}.{lang}.html"


def _read(root: Path, name: str, problems: list[Problem]) -> Table | None:
    table, found = tables.read_rows(name, root, required_cells=False)
    problems += found
    return table


def load_pages(root: Path) -> tuple[list[SourcePage], dict, list[Problem]]:
    """Read the sources, articles, audit numbers and rules; check them against each other."""
    problems: list[Problem] = []
    sources, numbers, rules, spans, claims, metrics = (
        _read(root, name, problems) for name in ("sources", "numbers", "non_statistics", "excluded_spans",
                                                   "claims_clean", "metrics"))
    if None in (sources, numbers, rules, spans, claims, metrics):
        return [], {}, problems
    lookups = {
        "rules": {r["rule_id"]: r for r in rules.rows},
        "claims": {r["claim_id"]: r for r in claims.rows},
        "metrics": {r["metric"]: r for r in metrics.rows},
    }
    pages: dict[str, SourcePage] = {}
    for row in sources.rows:
        path = paths.articles_dir(root) / row["file"]
        if not path.is_file():
            problems.append(sources.where(row, "file", row["file"], "article file is missing"))
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            problems.append(sources.where(row, "sha256", row["sha256"], f"{row['file']} does not hash to this value"))
            continue
        text, found = decode_utf8(data, display_name(path, root))
        problems += found
        if text is not None:
            pages[row["source_id"]] = SourcePage(row, text)
    for row in spans.rows:
        if row["source_id"] in pages and row["start"].isdigit() and row["end"].isdigit():
            pages[row["source_id"]].spans.append((int(row["start"]), int(row["end"]), row["kind"]))
    for row in numbers.rows:
        page = pages.get(row["source_id"])
        if page is None:
            problems.append(numbers.where(row, "source_id", row["source_id"], "names no article in data/raw/sources.csv"))
            continue
        try:
            start, end = int(row["start"]), int(row["end"])
        except ValueError:
            problems.append(numbers.where(row, "start", f"{row['start']}..{row['end']}", "offsets must be whole numbers"))
            continue
        if page.text[start:end] != row["text"]:
            problems.append(numbers.where(row, "text", row["text"],
                                          f"the archived text at {start}..{end} reads {page.text[start:end]!r}; "
                                          "numbers.csv is stale: rebuild it (make data/processed/numbers.csv)"))
            continue
        kind, _, ref = row["accounted_by"].partition(":")
        if kind not in KINDS:
            problems.append(numbers.where(row, "accounted_by", row["accounted_by"],
                                          "the number is not accounted for: the audit must pass first"))
            continue
        if (kind in ("claim", "date") and ref not in lookups["claims"]) or (kind == "rule" and ref not in lookups["rules"]):
            problems.append(numbers.where(row, "accounted_by", row["accounted_by"], f"names no known {kind}"))
            continue
        page.numbers.append({"start": start, "end": end, "text": row["text"], "kind": kind, "ref": ref})
    for page in pages.values():
        page.numbers.sort(key=lambda n: n["start"])
    return [pages[k] for k in sorted(pages)], lookups, problems


def pieces(page: SourcePage) -> list[Piece]:
    """Cut the text into runs that share one marking (span kind, number)."""
    excluded = [""] * len(page.text)
    for start, end, kind in page.spans:
        for i in range(start, min(end, len(page.text))):
            excluded[i] = kind
    owner: list[int | None] = [None] * len(page.text)
    for index, number in enumerate(page.numbers):
        for i in range(number["start"], number["end"]):
            owner[i] = index
    runs: list[Piece] = []
    seen: set[int] = set()
    start = 0
    for i in range(1, len(page.text) + 1):
        if i == len(page.text) or excluded[i] != excluded[start] or owner[i] != owner[start]:
            index = owner[start]
            number = page.numbers[index] if index is not None else None
            runs.append(Piece(page.text[start:i], excluded[start], number, index is not None and index not in seen))
            if index is not None:
                seen.add(index)
            start = i
    return runs


def strings(lang: str) -> dict:
    """Every fixed text of the page (part `audit` of the wording files)."""
    return {key: text for key, text in part_texts("audit", lang).items() if isinstance(text, str)}


def span_kind(kind: str, lang: str) -> str:
    return entry("audit.span_kinds", lang).get(kind, kind)


def _detail(number: dict, lookups: dict, lang: str) -> str:
    s = strings(lang)
    if number["kind"] == "claim":
        claim = lookups["claims"][number["ref"]]
        metric = lookups["metrics"].get(claim["metric"], {})
        label = metric.get(f"label_{lang}", claim["metric"])
        return f"{s['claim_detail'].format(claim_id=number['ref'])}: {label}"
    if number["kind"] == "date":
        return s["date_detail"].format(claim_id=number["ref"])
    if number["kind"] == "rule":
        rule = lookups["rules"][number["ref"]]
        return rule["reason_vi"] if lang == "vi" else rule["reason"]
    return span_kind(number["ref"], lang)


def page_context(page: SourcePage, lookups: dict, lang: str) -> dict:
    source_id = page.source["source_id"]
    counts = Counter(n["kind"] for n in page.numbers)
    rules = Counter(n["ref"] for n in page.numbers if n["kind"] == "rule")
    span_kinds = Counter(n["ref"] for n in page.numbers if n["kind"] == "span")
    for number in page.numbers:
        number[f"detail_{lang}"] = _detail(number, lookups, lang)
    return {
        "lang": lang,
        "other": "en" if lang == "vi" else "vi",
        "s": strings(lang),
        "source": page.source,
        "source_lang": page.source.get("language") or "vi",  # the copy's own language, for its text and title
        # a language's own form of the outlet's description, where sources.csv gives one (outlet_vi, outlet_en)
        "outlet": page.source.get(f"outlet_{lang}") or page.source["outlet"],
        "source_id": source_id,
        "total": len(page.numbers),
        "counts": {kind: counts.get(kind, 0) for kind in KINDS},
        # an as-of date printed in a quote that no rule accounts for is rare: its row only where there is one
        "kinds": [kind for kind in KINDS if kind != "date" or counts.get(kind)],
        # each rule by its reason in the page's language (its id, a reviewer's handle, on hover)
        "by_rule": [(rule_id, _detail({"kind": "rule", "ref": rule_id}, lookups, lang), n)
                    for rule_id, n in sorted(rules.items())],
        "by_span": sorted((span_kind(k, lang), v) for k, v in span_kinds.items()),
        "pieces": pieces(page),
        "numbers": page.numbers,
        "css": stylesheet(),
    }


def stylesheet() -> str:
    css = REPORT_CSS.read_text(encoding="utf-8")
    if "</" in css:  # inlined unescaped into <style>: it must not be able to close the element
        raise ValueError(f"{REPORT_CSS.name} contains '</', which would end the inlined <style> element")
    return css


def render(page: SourcePage, lookups: dict, lang: str) -> str:
    env = html.environment(TEMPLATES / "audit", TEMPLATES, keep_trailing_newline=True, trim=True)
    return env.get_template("source.html.j2").render(page_context(page, lookups, lang))


def write_audit_pages(root: Path | None = None) -> list[Path]:
    """Write reports/sources/<source_id>.<lang>.html for every article and language.

    Raises InputError with every problem found when the inputs disagree.
    """
    from dean06.problems import raise_if_any

    root = Path(root or paths.project_root())
    pages, lookups, problems = load_pages(root)
    raise_if_any(problems, "inputs of the audit pages")
    written = []
    for page in pages:
        for lang in LANGS:
            target = page_path(root, page.source["source_id"], lang)
            atomic.write_text(target, render(page, lookups, lang))
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    from dean06.problems import run_cli

    root = paths.project_root()

    def work():
        written = write_audit_pages(root)
        print(f"wrote {len(written)} audit pages in {display_name(paths.reports_dir(root) / 'sources', root)}")

    return run_cli(work)


if __name__ == "__main__":
    sys.exit(main())
