"""Reconcile the sources: apply the rules, apply the editor's decisions, and say what to publish.

Outputs (see docs/data_dictionary.md): data/processed/reconciled.csv, one row per metric and as-of
date with the value or range to publish and its status, and data/processed/discrepancies.csv, the
ledger of findings, each decided or open.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from dean06 import atomic
from dean06 import paths
from dean06.reconcile.rules import Context, Finding, find_all
from dean06.problems import InputError, ParameterError, Problem
from dean06.catalog.csvfile import read_table

DECISION_COLUMNS = ["decision_id", "finding_id", "metric", "as_of", "publish", "claims", "reason_en", "reason_vi"]
PUBLISH_CHOICES = {"value", "range", "lower_bound", "not_comparable", "omit"}
BOOL_COLUMNS = ["flag_as_of_inferred", "flag_year_inferred", "flag_repeated", "flag_derived"]
RECONCILED_COLUMNS = ["metric", "as_of", "value", "lower", "upper", "bound", "unit", "status", "supporting_claims",
                      "sources", "rule", "decision_id", "note_en", "note_vi"]
DISCREPANCY_COLUMNS = ["finding_id", "type", "severity", "metrics", "claims", "sources", "explanation_en",
                       "explanation_vi", "decision_id", "status"]
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Reconciliation:
    reconciled: pd.DataFrame
    discrepancies: pd.DataFrame
    findings: list[Finding]
    as_of: str | None


def parse_as_of(value) -> str | None:
    """None/'' means no cut-off; otherwise a real ISO date, checked before any work is done."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none", "all")):
        return None
    text = str(value).strip()
    try:
        if not ISO.match(text):
            raise ValueError
        date.fromisoformat(text)
    except ValueError:
        raise ParameterError(f"as_of must be an ISO date such as 2023-02-25 (or empty for no cut-off); got {value!r}") from None
    return text


def load_clean(path: Path) -> pd.DataFrame:
    return load_clean_frame(pd.read_csv(path, dtype=str, keep_default_na=False))


def load_clean_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """claims_clean as the rules want it: floats, booleans, empty strings for missing text."""
    clean = frame.copy()
    for col in ("value", "lower", "upper", "numerator", "denominator", "share"):
        clean[col] = pd.to_numeric(clean[col].replace("", None), errors="raise").astype(float)
    for col in BOOL_COLUMNS:
        clean[col] = clean[col].astype(str).str.lower().map({"true": True, "false": False}).astype(bool)
    text_cols = [c for c in clean.columns if c not in BOOL_COLUMNS and clean[c].dtype == object]
    clean[text_cols] = clean[text_cols].fillna("")
    return clean


def load_sources_frame(root: Path) -> pd.DataFrame:
    return pd.read_csv(paths.raw_dir(root) / "sources.csv", dtype=str, keep_default_na=False).set_index("source_id", drop=False)


def load_metrics_frame(root: Path) -> pd.DataFrame:
    return pd.read_csv(paths.raw_dir(root) / "metrics.csv", dtype=str, keep_default_na=False).set_index("metric", drop=False)


def load_decisions(root: Path) -> tuple[pd.DataFrame, list[Problem], object]:
    table, problems = read_table(paths.raw_dir(root) / "decisions.csv", DECISION_COLUMNS,
                                 nonempty=["decision_id", "publish", "reason_en", "reason_vi"], root=root)
    if table is None:
        raise InputError(problems, "editor's decisions")
    frame = pd.DataFrame([{k: v for k, v in r.items()} for r in table.rows], columns=DECISION_COLUMNS + ["_row"])
    return frame, problems, table


def check_decisions(table, claims: set[str], metrics: set[str], findings: set[str]) -> list[Problem]:
    problems = []
    seen = set()
    for row in table.rows:
        if row["decision_id"] in seen:
            problems.append(table.where(row, "decision_id", row["decision_id"], "duplicate decision id"))
        seen.add(row["decision_id"])
        if row["finding_id"] and row["finding_id"] not in findings:
            problems.append(table.where(row, "finding_id", row["finding_id"], "names a finding that the rules do not produce"))
        if row["metric"] and row["metric"] not in metrics:
            problems.append(table.where(row, "metric", row["metric"], "unknown metric key (not in data/raw/metrics.csv)"))
        for cid in filter(None, row["claims"].split(";")):
            if cid not in claims:
                problems.append(table.where(row, "claims", cid, "names a claim id that does not exist"))
        if row["publish"] not in PUBLISH_CHOICES:
            problems.append(table.where(row, "publish", row["publish"], f"must be one of {sorted(PUBLISH_CHOICES)}"))
        if row["as_of"] and not ISO.match(row["as_of"]):
            problems.append(table.where(row, "as_of", row["as_of"], "must be an ISO date YYYY-MM-DD"))
    return problems


def in_force(clean: pd.DataFrame, sources: pd.DataFrame, as_of: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What had been published by `as_of`: claims and sources published on or before that date."""
    if as_of is None:
        return clean, sources
    kept = sources[sources["published_date"] <= as_of]
    if kept.empty:
        first = sources["published_date"].min()
        raise ParameterError(f"as_of {as_of} is before any archived article was published (the first was on {first}); "
                         f"choose a date on or after {first}")
    return clean[clean["source_id"].isin(kept.index)], kept


def _nan_max(values: list[float]) -> float:
    values = [v for v in values if not math.isnan(v)]
    return max(values) if values else float("nan")


def _status(group: list[dict], later_exists: bool, kind: str) -> tuple[str, str]:
    reported = [r for r in group if not r["flag_derived"]]
    if not reported:
        return "derived", "derived-by-us"
    if kind == "change":
        return "ambiguous", "ambiguous-percentage"
    independent = [r for r in reported if not r["flag_repeated"]]
    if len({r["source_id"] for r in independent}) >= 2:
        lo = _nan_max([r["lower"] for r in independent])
        hi = min(float("inf") if math.isnan(r["upper"]) else r["upper"] for r in independent)
        return ("corroborated", "sources-agree") if lo <= hi else ("conflicting", "sources-disagree")
    if later_exists:
        return "superseded", "later-cumulative-figure"
    return "single_source", "one-source"


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
        status, rule = _status(group, later, kind)
        best = min(group, key=lambda r: (r["flag_derived"], r["flag_repeated"], r["claim_id"]))
        independent = [r for r in group if not r["flag_repeated"]] or group  # a repeat alone stands for itself
        lower = _nan_max([r["lower"] for r in independent])
        uppers = [r["upper"] for r in independent]
        upper = min(uppers) if not any(math.isnan(u) for u in uppers) else float("nan")
        value = best["value"] if status != "conflicting" else float("nan")
        claim_ids = sorted(r["claim_id"] for r in group)
        decision_id, note_en, note_vi = "", "", ""
        d = decided.get((metric, as_of))
        if d is not None:
            decision_id, note_en, note_vi, rule = d["decision_id"], d["reason_en"], d["reason_vi"], f"decision {d['decision_id']}"
            if d["publish"] == "not_comparable":
                status = "not_comparable"
        else:
            related = []
            for claim_id in claim_ids:
                related += [f for f in cautions.get(claim_id, []) if f not in related]
            related.sort(key=lambda f: f.finding_id)
            note_en = " ".join(f.explanation_en for f in related)
            note_vi = " ".join(f.explanation_vi for f in related)
        rows.append({"metric": metric, "as_of": as_of, "value": value, "lower": lower, "upper": upper,
                     "bound": best["bound"], "unit": best["unit"], "status": status,
                     "supporting_claims": ";".join(claim_ids), "sources": ";".join(sorted({r["source_id"] for r in group})),
                     "rule": rule, "decision_id": decision_id, "note_en": note_en, "note_vi": note_vi})
    return pd.DataFrame(rows, columns=RECONCILED_COLUMNS)


def build_discrepancies(findings: list[Finding], decisions: pd.DataFrame) -> pd.DataFrame:
    by_finding = dict(zip(decisions["finding_id"], decisions["decision_id"]))
    rows = []
    for f in findings:
        d = dict(vars(f))  # shallow: the lists are joined below, never shared
        for key in ("metrics", "claims", "sources"):
            d[key] = ";".join(d[key])
        d["decision_id"] = by_finding.get(f.finding_id, "")
        d["status"] = "decided" if d["decision_id"] else "open"
        rows.append(d)
    return pd.DataFrame(rows, columns=DISCREPANCY_COLUMNS)


def reconcile(clean: pd.DataFrame, sources: pd.DataFrame, metrics: pd.DataFrame, decisions: pd.DataFrame,
              as_of: str | None = None, *, context: Context | None = None,
              findings: list[Finding] | None = None) -> Reconciliation:
    """`context` and `findings` may be passed when already computed for the same data and cut-off."""
    as_of = parse_as_of(as_of)
    if context is None:
        clean_now, sources_now = in_force(clean, sources, as_of)
        context = Context(clean_now.reset_index(drop=True), sources_now, metrics)
    ctx = context
    findings = find_all(ctx) if findings is None else findings
    active = decisions[decisions["finding_id"].isin({f.finding_id for f in findings}) | (decisions["finding_id"] == "")]
    active = active[(active["as_of"] == "") | (active["as_of"] <= (as_of or "9999-12-31"))]
    return Reconciliation(build_reconciled(ctx, findings, active), build_discrepancies(findings, active), findings, as_of)


def run(root: Path | None = None, as_of: str | None = None) -> Reconciliation:
    """Load everything, validate the decisions against the full data, reconcile at `as_of`."""
    root = root or paths.project_root()
    as_of = parse_as_of(as_of)
    clean = load_clean(paths.processed_dir(root) / "claims_clean.csv")
    sources, metrics = load_sources_frame(root), load_metrics_frame(root)
    decisions, problems, table = load_decisions(root)
    full = Context(clean.reset_index(drop=True), sources, metrics)
    everything = find_all(full)
    problems += check_decisions(table, set(clean["claim_id"]), set(metrics.index), {f.finding_id for f in everything})
    if problems:
        raise InputError(problems, "editor's decisions")
    if as_of is None:  # the findings that checked the decisions are this edition's findings
        return reconcile(clean, sources, metrics, decisions, context=full, findings=everything)
    return reconcile(clean, sources, metrics, decisions, as_of)


def to_csv_text(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.15g")


def write_outputs(result: Reconciliation, folder: Path) -> list[Path]:
    """Validate, then write both tables atomically; nothing is written if validation fails."""
    from dean06.catalog.contracts_reconcile import validate_outputs

    validate_outputs(result.reconciled, result.discrepancies)
    targets = [folder / "reconciled.csv", folder / "discrepancies.csv"]
    atomic.write_text(targets[0], to_csv_text(result.reconciled))
    atomic.write_text(targets[1], to_csv_text(result.discrepancies))
    return targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default=None, help="only what had been published by this ISO date")
    args = parser.parse_args(argv)
    try:
        result = run(as_of=args.as_of)
    except (InputError, ValueError) as err:
        print(f"reconcile: {err}", file=sys.stderr)
        return 1
    for path in write_outputs(result, paths.processed_dir()):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def ledger_summary(result: Reconciliation) -> pd.DataFrame:
    """Findings counted by type, severity and whether an editor has decided them, conflicts first."""
    counts = result.discrepancies.groupby(["severity", "type", "status"]).size().rename("findings").reset_index()
    rank = counts["severity"].map({"conflict": 0, "caution": 1, "info": 2})
    return counts.assign(_rank=rank).sort_values(["_rank", "type", "status"]).drop(columns="_rank").reset_index(drop=True)


def output_folder(root: Path, as_of: str | None) -> Path:
    """The default build writes data/processed/; a cut-off run writes beside it, never over it."""
    folder = paths.processed_dir(root)
    return folder if as_of is None else folder / f"as-of-{as_of}"
