"""`make check`: every input check of every step, up front, with every problem in one list.

What the steps would find one at a time, found at once, on the inputs only (data/raw/):

- the evidence: hashes, verbatim quotes, values inside quotes, id patterns, real dates, span kinds,
  the coverage of every number, figures touching the end of a truncated copy, excluded spans holding
  a figure-shaped number their reason does not name (`dean06.evidence.hidden`), drafts left TODO
  (`dean06.evidence.audit`);
- cleaning: every value and as-of wording read as step 01 reads it (qualifiers, scale words, units
  against the metric, dates that exist and are not after publication, repeats, derivations), in
  memory — nothing is written; every row of data/raw/derivations.csv (its rule, roles, claims,
  source and metric) is checked there too;
- the editor's decisions: every row (ids, dates, choices, claims and metrics that exist, a metric
  and date that the finding contains), and against the findings of the full data, the decisions to
  review (stale, or naming a finding that is gone) — listed, but not an error: the build still
  writes the ledger, where the editor reads the new ids.

Nothing about built outputs: whether they are stale is the build's business (`make report`), and
`make audit` checks a built tree. It sits at the reconcile stage because checking the decisions
needs the reconciliation rules.

    python -m dean06.reconcile.check [--quiet]

Exit 0 when every input checks out (decisions to review are printed, not counted); 1 otherwise.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dean06 import paths
from dean06.catalog import tables
from dean06.clean.step import clean_claims, load_raw
from dean06.evidence.audit import AuditResult, run_audit
from dean06.evidence.archive import draft_problems
from dean06.problems import InputError, Problem
from dean06.reconcile import step as reconcile
from dean06.catalog import tables
from dean06.evidence.quotes import load_metrics
from dean06.reconcile.decisions import Review, check_rows, ids
from dean06.reconcile.rules import Context, find_all


@dataclass
class CheckResult:
    audit: AuditResult
    problems: list[Problem] = field(default_factory=list)
    review: Review = field(default_factory=Review)
    claims_clean: int = 0  # rows step 01 would write (claims and derived rows); 0 when it could not run
    findings: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _merge(problems: list[Problem], more: list[Problem]) -> None:
    """Add problems not already reported for the same file, row and column (two checks, one fault)."""
    seen = {(p.file, p.row, p.column) for p in problems if p.row is not None}
    for p in more:
        if p.row is not None and (p.file, p.row, p.column) in seen:
            continue
        problems.append(p)
        if p.row is not None:
            seen.add((p.file, p.row, p.column))


def run_check(root: Path | None = None) -> CheckResult:
    root = Path(root or paths.project_root())
    audit = run_audit(root)
    result = CheckResult(audit)
    _merge(result.problems, audit.problems)
    clean: pd.DataFrame | None = None
    try:
        clean = clean_claims(*load_raw(root))
    except InputError as err:
        _merge(result.problems, err.problems)
    try:
        decisions_frame, problems, table = reconcile.load_decisions(root)
    except InputError as err:
        _merge(result.problems, err.problems)
        return result
    _merge(result.problems, problems + draft_problems(table))
    if clean is None:  # each row on its own; against the findings only once the claims can be cleaned
        metrics_table, _ = load_metrics(root)
        claims_table, _ = tables.read_rows("claims", root, required_cells=False)
        known = {r["claim_id"] for r in claims_table.rows} if claims_table else set()
        try:  # derived rows the table declares, though cleaning could not compute them
            known |= set(tables.read("derivations", root)["derivation_id"])
        except InputError:  # reported already; do not report the decisions naming them as well
            known |= {c for r in table.rows for col in ("claims", "settled_claims") for c in ids(r[col])
                      if c.startswith("DER-")}
        _merge(result.problems, check_rows(table, known, {r["metric"] for r in metrics_table.rows} if metrics_table else set()))
        return result
    result.claims_clean = len(clean)
    sources, metrics = reconcile.load_sources_frame(root), reconcile.load_metrics_frame(root)
    frame = reconcile.load_clean_frame(clean)
    findings = find_all(Context(frame.reset_index(drop=True), sources, metrics))
    result.findings = len(findings)
    problems, result.review = reconcile.check_decisions(table, frame, set(metrics.index), findings)
    _merge(result.problems, problems)
    return result


def report(result: CheckResult, *, quiet: bool = False) -> int:
    audit = result.audit
    if not quiet:
        print(f"check: {len(audit.articles)} articles, {audit.claim_count} claims, {len(audit.tokens)} numbers "
              f"in the stories" + (f"; cleaning gives {result.claims_clean} rows and reconciliation "
                                   f"{result.findings} findings" if result.claims_clean else ""))
    if result.review.problems:
        print(f"check: {len(result.review.problems)} decision(s) to review (their findings stay open; "
              f"the build still runs and writes the ledger):", file=sys.stderr)
        for problem in result.review.problems:
            print(f"  - {problem}", file=sys.stderr)
    if result.ok:
        if not quiet:
            print("check: OK — every input of every step checks out")
        return 0
    print(f"check: FAILED with {len(result.problems)} problem(s):", file=sys.stderr)
    for problem in result.problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return report(run_check(), quiet="--quiet" in args)


if __name__ == "__main__":
    sys.exit(main())
