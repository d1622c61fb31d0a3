"""`make trace Q=…`: the whole chain behind a published number, re-verified against the archive.

A reviewer names a number as printed ("78.553.494", "hơn 11,2 triệu"), a claim id, a metric key
or a section of a report (its anchor). For every claim that matches, this prints where the claim
is printed in the reports, the reconciled row and the decision that shaped it, the findings that
name it, the cleaned value, the verbatim quote and the archived article — and checks, in the same
run, that the quote is in the article and that the article still hashes as recorded.

    python -m dean06.pipeline.trace QUERY [--root DIR]

Exit 0 when something matched and every check held; 1 otherwise (what failed is said).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from dean06 import paths
from dean06.catalog import tables
from dean06.textnorm import fold, normalise



@dataclass
class Printed:
    page: str
    section: str
    text: str
    ref: str = ""  # the number's element id in the page


@dataclass
class Chain:
    claim: dict
    printed: list[Printed] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _rows(root: Path, name: str) -> list[dict]:
    """A table's rows as text; none when it is missing or unreadable (a chain then stops at that link)."""
    table, _ = tables.read_rows(name, root, required_cells=False)
    return table.rows if table is not None else []


def printed_places(root: Path) -> dict[str, list[Printed]]:
    """Every number the published reports print, by claim id, with its place in the page: read from
    each page's table of printed numbers (data/processed/printed.<lang>.csv), which the page's links
    are rendered from."""
    from dean06.edition import LANGS
    from dean06.publish.report import EVIDENCE_PARTS

    places: dict[str, list[Printed]] = {}
    for lang in LANGS:
        for row in _rows(root, f"printed_{lang}"):
            # the appendix's dates are on the companion page, Sources and method
            page = paths.evidence_page(lang) if row["section"] in EVIDENCE_PARTS else paths.report_page(lang)
            entry = Printed(page, row["section"], row["text"], row["ref"])
            if entry not in places.setdefault(row["claim_id"], []):
                places[row["claim_id"]].append(entry)
    return places


def match_claims(query: str, claims: list[dict], places: dict[str, list[Printed]]) -> list[dict]:
    q = normalise(query)
    by_id = [c for c in claims if c["claim_id"] == q]
    if by_id:
        return by_id
    by_metric = [c for c in claims if c["metric"] == q]
    if by_metric:
        return by_metric
    in_section = {cid for cid, where in places.items() if any(p.section == q for p in where)}
    if in_section:
        return [c for c in claims if c["claim_id"] in in_section]
    # a number as a page prints it, or part of it: '35.4 million' of 'more than 35.4 million'
    printed_as = {cid for cid, where in places.items() if any(q in normalise(p.text) for p in where)}
    return [c for c in claims if normalise(c["value_text"]) == q or q in normalise(c["value_text"])
            or c["claim_id"] in printed_as]


class Tracer:
    """Traces queries against one reading of the tables: `Tracer(root)(query)` is `trace(root, query)`.
    Each archived article is read, hashed and searched once, when a claim first needs it, however many
    queries name its claims (a test or a review traces every claim)."""

    def __init__(self, root: Path):
        self.root = root
        table, problems = tables.read_rows("claims", root, required_cells=False)
        self.claims = table.rows if table is not None else None
        self.unreadable = [str(p) for p in problems]
        self.sources = {r["source_id"]: r for r in _rows(root, "sources")}
        self.clean = {r["claim_id"]: r for r in _rows(root, "claims_clean")}
        self.reconciled = _rows(root, "reconciled")
        self.findings = _rows(root, "discrepancies")
        self.decisions = {r["decision_id"]: r for r in _rows(root, "decisions")}
        self.places = printed_places(root)
        self._articles: dict[str, tuple[Path, list[str], str | None]] = {}

    def _article(self, source: dict) -> tuple[Path, list[str], str | None]:
        """A source's archived article (its path in the project), what is wrong with it, and its text as
        quotes are searched in (None when it is missing)."""
        if source["source_id"] not in self._articles:
            article = paths.articles_dir(self.root) / source["file"]
            rel, problems, text = article.relative_to(self.root), [], None
            if not article.is_file():
                problems.append(f"archived article {rel} is missing")
            else:
                data = article.read_bytes()
                if hashlib.sha256(data).hexdigest() != source["sha256"]:
                    problems.append(f"{rel} no longer hashes to the recorded sha256")
                text = fold(normalise(data.decode("utf-8", "replace")))
            self._articles[source["source_id"]] = (rel, problems, text)
        return self._articles[source["source_id"]]

    def __call__(self, query: str) -> tuple[list[Chain], list[str]]:
        """The chains for `query`, and problems that concern the query itself."""
        if self.claims is None:
            return [], self.unreadable
        matched = match_claims(query, self.claims, self.places)
        if not matched:
            return [], [f"nothing matches {query!r}: give a number as printed, a claim id, a metric key or a "
                        f"report section's anchor"]
        chains = []
        for claim in matched:
            chain = Chain(claim, self.places.get(claim["claim_id"], []))
            source = self.sources.get(claim["source_id"])
            chain.claim = {**claim, "_source": source, "_clean": self.clean.get(claim["claim_id"]),
                           "_reconciled": [r for r in self.reconciled
                                           if claim["claim_id"] in r["supporting_claims"].split(";")],
                           "_findings": [f for f in self.findings if claim["claim_id"] in f["claims"].split(";")],
                           "_decisions": self.decisions}
            if source is None:
                chain.problems.append(f"source {claim['source_id']} is not in data/raw/sources.csv")
            else:
                rel, problems, text = self._article(source)
                chain.problems += problems
                if text is not None and normalise(claim["quote"]) not in text:
                    chain.problems.append(f"the quote is not in {rel}")
            chains.append(chain)
        return chains, []


def trace(root: Path, query: str) -> tuple[list[Chain], list[str]]:
    """The chains for `query`, and problems that concern the query itself."""
    return Tracer(root)(query)


def describe(chain: Chain, root: Path) -> str:
    c = chain.claim
    lines = [f"claim {c['claim_id']} (data/raw/claims.csv, row {c['_row']})"]
    for p in chain.printed:
        lines.append(f"  printed in {p.page}#{p.ref} (section {p.section}) as {p.text!r}")
    if not chain.printed:
        lines.append("  printed in no published report")
    for r in c["_reconciled"]:
        decided = ""
        if r["decision_id"]:
            d = c["_decisions"].get(r["decision_id"], {})
            decided = f"; decision {r['decision_id']} ({d.get('publish', '?')}): {d.get('reason_en', '')}"
        lines.append(f"  reconciled: {r['metric']} as of {r['as_of']} -> {r['status']}, value {r['value'] or '—'} "
                     f"[{r['lower'] or '—'}, {r['upper'] or '—'}] {r['unit']}, from {r['supporting_claims']}{decided}")
    for f in c["_findings"]:
        lines.append(f"  finding {f['finding_id']} ({f['severity']}, {f['status']}"
                     + (f", decision {f['decision_id']}" if f["decision_id"] else "") + ")")
    clean = c["_clean"]
    if clean:
        lines.append(f"  cleaned: {clean['bound']} {clean['value'] or '—'} {clean['unit']}, as of {clean['as_of']} "
                     f"({clean['as_of_method']})")
    lines.append(f"  value as printed: {c['value_text']!r}; metric {c['metric']}")
    lines.append(f"  quote: {normalise(c['quote'])!r}")
    s = c["_source"]
    if s:
        lines.append(f"  source {s['source_id']}: {s['outlet']}, published {s['published_date']} "
                     f"({s['published_date_method']})")
        lines.append(f"  article data/raw/articles/{s['file']} sha256 {s['sha256']}")
    if chain.problems:
        lines += [f"  FAILED: {p}" for p in chain.problems]
    else:
        lines.append("  verified: the quote is in the archived article, whose sha256 matches")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dean06.pipeline.trace", description=__doc__.splitlines()[0])
    parser.add_argument("query", help="a number as printed, a claim id, a metric key or a section anchor")
    parser.add_argument("--root", type=Path, default=None)
    args = parser.parse_args(argv)
    root = (args.root or paths.project_root()).resolve()
    chains, problems = trace(root, args.query)
    for problem in problems:
        print(f"trace: {problem}", file=sys.stderr)
    for chain in chains:
        print(describe(chain, root))
    failed = problems or any(chain.problems for chain in chains)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
