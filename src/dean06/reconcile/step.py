"""Reconcile the sources: apply the rules, apply the editor's decisions, and say what to publish.

Outputs (see docs/data_dictionary.md): data/processed/reconciled.csv, one row per metric and as-of
date with the value or range to publish and its status, and data/processed/discrepancies.csv, the
ledger of findings, each decided or open.
"""

from __future__ import annotations

import argparse
import gc
import math
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dean06 import atomic
from dean06 import paths
from dean06.reconcile.decisions import PUBLISH_CHOICES, Review, check_rows, review
from dean06.reconcile.rules import Context, Finding, disagree, find_all, spanned
from dean06.problems import InputError, Problem, run_cli
from dean06.catalog import tables
from dean06.edition import Edition, parse_as_of

RECONCILED_COLUMNS = tables.COLUMNS["reconciled"]
DISCREPANCY_COLUMNS = tables.COLUMNS["discrepancies"]
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Reconciliation:
    reconciled: pd.DataFrame
    discrepancies: pd.DataFrame
    findings: list[Finding]
    as_of: str | None
    review: Review = field(default_factory=Review)  # decisions set aside: stale, or naming a finding that is gone


def load_clean_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """claims_clean as the rules want it: floats, booleans, empty strings for missing text."""
    return tables.conform("claims_clean", frame)


def load_sources_frame(root: Path) -> pd.DataFrame:
    return tables.read("sources", root).set_index("source_id", drop=False)


def load_metrics_frame(root: Path) -> pd.DataFrame:
    return tables.read("metrics", root).set_index("metric", drop=False)


def load_decisions(root: Path) -> tuple[pd.DataFrame, list[Problem], object]:
    table, problems = tables.read_rows("decisions", root)
    if table is None:
        raise InputError(problems, "editor's decisions")
    frame = pd.DataFrame([{k: v for k, v in r.items()} for r in table.rows], columns=tables.COLUMNS["decisions"] + ["_row"])
    return frame, problems, table


def check_decisions(table, clean: pd.DataFrame, metrics: set[str],
                    findings: list[Finding]) -> tuple[list[Problem], Review]:
    """Every decision checked against the full data: errors (which stop the step) and the decisions
    the editor must review (stale, or naming a finding that is gone: never a reason to stop)."""
    problems = check_rows(table, set(clean["claim_id"]), metrics)
    claim_dates = dict(zip(clean["claim_id"], zip(clean["metric"], clean["as_of"])))
    found, to_review = review(table, findings, claim_dates, set(claim_dates.values()))
    return problems + found, to_review


def in_force(clean: pd.DataFrame, sources: pd.DataFrame, as_of: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What had been published by `as_of`: the edition's cut-off applied to claims and sources."""
    edition = Edition(as_of=as_of)
    return edition.claims(clean, sources), edition.published(sources)


def _nan_max(values: list[float]) -> float:
    values = [v for v in values if not math.isnan(v)]
    return max(values) if values else float("nan")


def _status(group: list[dict], disagreeing: bool, later_exists: bool, kind: str) -> tuple[str, str]:
    """`disagreeing`: no value satisfies all the group's figures, printed or derived (rules.disagree)."""
    if disagreeing:  # before "derived" or "ambiguous": two derivations may disagree as well as two copies
        return "conflicting", "sources-disagree"
    reported = [r for r in group if not r["flag_derived"]]
    if not reported:
        return "derived", "derived-by-us"
    if kind == "change":
        return "ambiguous", "ambiguous-percentage"
    independent = [r for r in reported if not r["flag_repeated"]]
    if len({r["source_id"] for r in independent}) >= 2:
        return "corroborated", "sources-agree"
    if later_exists:
        return "superseded", "later-cumulative-figure"
    return "single_source", "one-source"


def apply_publish(choice: str, status: str, value: float, lower: float, upper: float,
                  bound: str) -> tuple[str, float, float, float, str]:
    """What an editor's `publish` choice makes of a row: (status, value, lower, upper, bound).

    value: the figure as reconciled; range: no single value, the interval [lower, upper];
    lower_bound: the lower end alone, as 'more than'; not_comparable: the value, never joined to its
    look-alikes; omit: nothing is published for that metric and date.
    """
    if choice == "range":
        if math.isnan(lower) or math.isnan(upper):
            lower = value if math.isnan(lower) else lower
            upper = value if math.isnan(upper) else upper
        return status, float("nan"), lower, upper, "range"
    if choice == "lower_bound":
        low = value if math.isnan(lower) else lower
        return status, low, low, float("nan"), "lower"
    if choice == "not_comparable":
        return "not_comparable", value, lower, upper, bound
    if choice == "omit":
        return "omitted", float("nan"), lower, upper, bound
    return status, value, lower, upper, bound


def build_reconciled(ctx: Context, findings: list[Finding], decisions: pd.DataFrame) -> pd.DataFrame:
    """One row per metric and as-of date. Works on plain records with indexes built once, so the
    cost grows with the number of claims, not with claims times groups."""
    groups: dict[tuple[str, str], list[dict]] = {}
    latest: dict[str, str] = {}
    for row in ctx.rows:
        groups.setdefault((row["metric"], row["as_of"]), []).append(row)
        latest[row["metric"]] = max(latest.get(row["metric"], ""), row["as_of"])
    decided = {(d["metric"], d["as_of"]): d for d in decisions.to_dict("records")[::-1]}  # first decision wins
    cautions: dict[str, list[Finding]] = {}
    for f in findings:
        if f.severity != "info":
            for claim_id in f.claims:
                cautions.setdefault(claim_id, []).append(f)
    rows = []
    for (metric, as_of), group in sorted(groups.items()):
        kind = ctx.kind[metric]
        later = kind in ("cumulative_count", "fraction") and latest[metric] > as_of
        best = min(group, key=lambda r: (r["flag_derived"], r["flag_repeated"], r["claim_id"]))
        independent = [r for r in group if not r["flag_repeated"]] or group  # a repeat alone stands for itself
        disagreeing = disagree(independent)
        status, rule = _status(group, disagreeing, later, kind)
        if disagreeing:  # no common value: the range spans every figure, [least, greatest]
            lower, upper = spanned(independent)
        else:
            lower = _nan_max([r["lower"] for r in independent])
            uppers = [r["upper"] for r in independent]
            upper = min(uppers) if not any(math.isnan(u) for u in uppers) else float("nan")
        value = best["value"] if not disagreeing else float("nan")
        claim_ids = sorted(r["claim_id"] for r in group)
        decision_id, note_en, note_vi = "", "", ""
        d = decided.get((metric, as_of))
        if d is not None:
            decision_id, note_en, note_vi, rule = d["decision_id"], d["reason_en"], d["reason_vi"], f"decision {d['decision_id']}"
            status, value, lower, upper, bound = apply_publish(d["publish"], status, value, lower, upper, best["bound"])
            # a decision is made on the figures its finding names; a disagreement it does not settle
            # (a later source's figure for the same date) is still told beside its reason
            unsettled = sorted({f.finding_id: f for claim_id in claim_ids for f in cautions.get(claim_id, [])
                                if f.type == "conflict" and f.finding_id != d["finding_id"]}.items())
            note_en = " ".join(filter(None, [note_en, *(f.explanation_en for _, f in unsettled)]))
            note_vi = " ".join(filter(None, [note_vi, *(f.explanation_vi for _, f in unsettled)]))
        else:
            bound = best["bound"]
            related = {}  # by finding id: a finding on several of the group's claims is told once
            for claim_id in claim_ids:
                related.update((f.finding_id, f) for f in cautions.get(claim_id, []))
            related = [related[k] for k in sorted(related)]
            note_en = " ".join(f.explanation_en for f in related)
            note_vi = " ".join(f.explanation_vi for f in related)
        rows.append({"metric": metric, "as_of": as_of, "value": value, "lower": lower, "upper": upper,
                     "bound": bound, "unit": best["unit"], "status": status,
                     "supporting_claims": ";".join(claim_ids), "sources": ";".join(sorted({r["source_id"] for r in group})),
                     "rule": rule, "decision_id": decision_id, "note_en": note_en, "note_vi": note_vi})
    return pd.DataFrame(rows, columns=RECONCILED_COLUMNS)


def build_discrepancies(findings: list[Finding], decisions: pd.DataFrame,
                        notes: dict[str, list[str]] | None = None) -> pd.DataFrame:
    by_finding = dict(zip(decisions["finding_id"], decisions["decision_id"]))
    notes = notes or {}
    rows = []
    for f in findings:
        d = dict(vars(f))  # shallow: the lists are joined below, never shared
        for key in ("metrics", "claims", "sources"):
            d[key] = ";".join(d[key])
        d["decision_id"] = by_finding.get(f.finding_id, "")
        d["status"] = "decided" if d["decision_id"] else "open"
        d["decision_note"] = " ".join(notes.get(f.finding_id, []))
        rows.append(d)
    return pd.DataFrame(rows, columns=DISCREPANCY_COLUMNS)


@contextmanager
def collection_paused():
    """Reconciliation makes hundreds of thousands of small strings, dicts and findings and keeps
    them all; Python's cyclic collector would walk them again and again and free nothing (about a
    sixth of the time at 5,000 articles). Reference counting still frees what is dropped."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def reconcile(clean: pd.DataFrame, sources: pd.DataFrame, metrics: pd.DataFrame, decisions: pd.DataFrame,
              as_of: str | None = None, *, context: Context | None = None,
              findings: list[Finding] | None = None, review: Review | None = None) -> Reconciliation:
    """`context` and `findings` may be passed when already computed for the same data and cut-off;
    `review` (from `check_decisions` on the full data) sets aside stale decisions and decisions whose
    finding is gone: their findings stay open and the ledger says why."""
    review = review or Review()
    as_of = parse_as_of(as_of)
    with collection_paused():
        if context is None:
            clean_now, sources_now = in_force(clean, sources, as_of)
            context = Context(clean_now.reset_index(drop=True), sources_now, metrics)
        ctx = context
        findings = find_all(ctx) if findings is None else findings
        active = decisions[decisions["finding_id"].isin({f.finding_id for f in findings}) | (decisions["finding_id"] == "")]
        active = active[(active["as_of"] == "") | (active["as_of"] <= (as_of or "9999-12-31"))]
        active = active[~active["decision_id"].isin(review.set_aside)]
        return Reconciliation(build_reconciled(ctx, findings, active), build_discrepancies(findings, active, review.notes),
                              findings, as_of, review)


def run(root: Path | None = None, as_of: str | None = None) -> Reconciliation:
    """Load everything, validate the decisions against the full data, reconcile at `as_of`."""
    root = root or paths.project_root()
    as_of = parse_as_of(as_of)
    clean = tables.read("claims_clean", root)
    sources, metrics = load_sources_frame(root), load_metrics_frame(root)
    decisions, problems, table = load_decisions(root)
    full = Context(clean.reset_index(drop=True), sources, metrics)
    with collection_paused():
        everything = find_all(full)
    found, to_review = check_decisions(table, clean, set(metrics.index), everything)
    problems += found
    if problems:
        raise InputError(problems, "editor's decisions")
    if as_of is None:  # the findings that checked the decisions are this edition's findings
        return reconcile(clean, sources, metrics, decisions, context=full, findings=everything, review=to_review)
    return reconcile(clean, sources, metrics, decisions, as_of, review=to_review)


def to_csv_text(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.15g")


def write_outputs(result: Reconciliation, folder: Path) -> list[Path]:
    """Validate, then write both tables atomically; nothing is written if validation fails."""
    from dean06.catalog.contracts import validate_outputs

    validate_outputs(result.reconciled, result.discrepancies)
    targets = [folder / "reconciled.csv", folder / "discrepancies.csv"]
    atomic.write_text(targets[0], to_csv_text(result.reconciled))
    atomic.write_text(targets[1], to_csv_text(result.discrepancies))
    return targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default=None, help="only what had been published by this ISO date")
    args = parser.parse_args(argv)

    def work():
        result = run(as_of=args.as_of)
        # a cut-off run writes beside the default tables (data/processed/as-of-<date>/), never over them
        for path in write_outputs(result, output_folder(paths.project_root(), result.as_of)):
            print(f"wrote {path}")
        for problem in result.review.problems:
            print(f"decision to review: {problem}", file=sys.stderr)

    return run_cli(work, prefix="reconcile: ", catch=(InputError, ValueError))



def ledger_summary(result: Reconciliation) -> pd.DataFrame:
    """Findings counted by type, severity and whether an editor has decided them, conflicts first."""
    counts = result.discrepancies.groupby(["severity", "type", "status"]).size().rename("findings").reset_index()
    rank = counts["severity"].map({"conflict": 0, "caution": 1, "info": 2})
    return counts.assign(_rank=rank).sort_values(["_rank", "type", "status"]).drop(columns="_rank").reset_index(drop=True)


def as_published(reconciled: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The reconciled rows with each figure written as a reader sees it (78,553,494; more than
    70 million; 58/63 is kept as the count 58), for looking at in a notebook."""
    from dean06 import formatting

    def shown(row) -> str:
        if row["bound"] == "range":
            return f"{formatting.amount(row['lower'], row['unit'], lang)} – {formatting.amount(row['upper'], row['unit'], lang)}"
        value = row["value"] if not math.isnan(row["value"]) else row["lower"]
        return formatting.amount(value, row["unit"], lang, row["bound"])

    published = [shown(row) for row in reconciled.to_dict("records")]
    columns = ["metric", "as_of", "published", "unit", "status", "supporting_claims", "decision_id"]
    return reconciled.assign(published=published)[columns]


def output_folder(root: Path, as_of: str | None) -> Path:
    """The default build writes data/processed/; a cut-off run writes beside it, never over it."""
    folder = paths.processed_dir(root)
    return folder if as_of is None else folder / f"as-of-{as_of}"


if __name__ == "__main__":
    sys.exit(main())
