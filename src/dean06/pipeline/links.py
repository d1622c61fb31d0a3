"""Audit the published reports: every figure link lands on an appendix entry whose claim and hash are real."""

from __future__ import annotations

import re
from pathlib import Path

from dean06 import paths
from dean06.catalog import tables
from dean06.problems import Problem

_HREF = re.compile(r'href="#([^"]+)"')
_ID = re.compile(r'id="([^"]+)"')
_ENTRY = re.compile(r'<dt id="claim-([^"]+)">.*?</dd>', re.S)
_SOURCE = re.compile(r'href="#source-([^"]+)"')
_HASH = re.compile(r'<code class="hash">([0-9a-f]{64})</code>')


def _rows(root: Path, name: str, key: str) -> dict[str, dict]:
    """A table's rows by `key`; none when it is missing or unreadable (the audit reports that itself)."""
    table, _ = tables.read_rows(name, root, required_cells=False)
    return {row[key]: row for row in table.rows} if table is not None else {}


def verify_reports(root: Path | None = None) -> list[Problem]:
    root = Path(root or paths.project_root())
    sources = _rows(root, "sources", "source_id")
    claims = _rows(root, "claims_clean", "claim_id")
    problems = []
    for page in sorted(paths.reports_dir(root).glob("de-an-06.*.html")):
        name = str(page.relative_to(root))
        text = page.read_text(encoding="utf-8")
        for target in sorted(set(_HREF.findall(text)) - set(_ID.findall(text))):
            problems.append(Problem(name, f"internal link #{target} points nowhere"))
        for entry in _ENTRY.finditer(text):
            claim_id = entry.group(1)
            if claim_id not in claims:
                problems.append(Problem(name, f"appendix entry for claim {claim_id} names no claim in claims_clean.csv"))
                continue
            source = sources.get(claims[claim_id]["source_id"], {})
            hashes = _HASH.findall(entry.group(0))
            if source and hashes and hashes[-1] != source.get("sha256"):
                problems.append(Problem(name, f"appendix entry for claim {claim_id} gives article hash {hashes[-1]}, "
                                              f"data/raw/sources.csv records {source.get('sha256')}"))
    return problems
