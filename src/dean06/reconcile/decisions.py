"""The editor's decisions (data/raw/decisions.csv): checked in full, and reviewed against the findings.

Two kinds of trouble, kept apart:

- errors, which stop the build: a row that cannot mean anything (an impossible date, an unknown
  metric or claim, a choice that does not exist, a metric and date that the finding it settles does
  not contain);
- decisions to review, which never stop the build: a decision whose finding the rules no longer
  produce (its id changed because the data changed), and a stale decision, whose finding's claims
  are no longer the claims it settled (`settled_claims`). Their findings stay open, and the ledger
  (discrepancies.csv) says why, so the editor can read the new ids there and update the decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dean06.catalog.csvfile import Table
from dean06.evidence.archive import date_problem
from dean06.problems import Problem

PUBLISH_CHOICES = {"value", "range", "lower_bound", "not_comparable", "omit"}
DECISION_ID = re.compile(r"^D\d{2,}$")
FINDING_ID = re.compile(r"^[a-z_]+:\S+$")


def ids(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


@dataclass
class Review:
    """What the editor must look at again: never a reason to stop the build."""
    stale: dict[str, str] = field(default_factory=dict)  # decision id -> "D05 settled X, Y; the finding now has X, Y, Z"
    unknown: dict[str, str] = field(default_factory=dict)  # decision id -> what it named, and where to look
    notes: dict[str, list[str]] = field(default_factory=dict)  # finding id -> ledger notes
    problems: list[Problem] = field(default_factory=list)  # the same, as lines for `make check`

    @property
    def set_aside(self) -> set[str]:
        return set(self.stale) | set(self.unknown)


def check_rows(table: Table, claims: set[str], metrics: set[str]) -> list[Problem]:
    """Every row on its own: ids, dates, choices, and names of claims and metrics that exist."""
    problems = []
    seen: dict[str, int] = {}
    for row in table.rows:
        did = row["decision_id"]
        if did in seen:
            problems.append(table.where(row, "decision_id", did, f"duplicate decision id (first at row {seen[did]})"))
        seen.setdefault(did, row["_row"])
        if did and not DECISION_ID.match(did):
            problems.append(table.where(row, "decision_id", did, "a decision id is D and two or more digits (D01)"))
        if row["finding_id"] and not FINDING_ID.match(row["finding_id"]):
            problems.append(table.where(row, "finding_id", row["finding_id"],
                                        "a finding id is its type, a colon and its key, as in discrepancies.csv"))
        if row["metric"] and row["metric"] not in metrics:
            problems.append(table.where(row, "metric", row["metric"], "unknown metric key (not in data/raw/metrics.csv)"))
        if row["metric"] and not row["as_of"]:
            problems.append(table.where(row, "as_of", row["as_of"], "a decision on a metric names the as-of date it settles"))
        if not row["finding_id"] and not row["metric"]:
            problems.append(table.where(row, "metric", row["metric"], "a decision names a finding, or a metric and date"))
        for column in ("claims", "settled_claims"):
            for cid in ids(row[column]):
                if cid not in claims:
                    problems.append(table.where(row, column, cid, "names a claim id that does not exist"))
        if row["finding_id"] and not ids(row["settled_claims"]):
            problems.append(table.where(row, "settled_claims", row["settled_claims"],
                                        "a decision records the claims of the finding it settles "
                                        "(copy them from the finding's 'claims' in discrepancies.csv)"))
        if row["publish"] and row["publish"] not in PUBLISH_CHOICES:
            problems.append(table.where(row, "publish", row["publish"], f"must be one of {sorted(PUBLISH_CHOICES)}"))
        why = date_problem(row["as_of"]) if row["as_of"] else None
        if why:
            problems.append(table.where(row, "as_of", row["as_of"], why))
    return problems


def review(table: Table, findings: list, claim_dates: dict[str, tuple[str, str]],
           groups: set[tuple[str, str]]) -> tuple[list[Problem], Review]:
    """Each decision against the findings of the full data.

    `claim_dates`: claim id -> (metric, as_of) of every cleaned claim; `groups`: every (metric, as_of)
    that reconciliation publishes a row for. Returns the errors and the decisions to review.
    """
    problems: list[Problem] = []
    out = Review()
    by_id = {f.finding_id: f for f in findings}
    decided_findings = {row["finding_id"] for row in table.rows if row["finding_id"] in by_id}
    for row in table.rows:
        did, fid = row["decision_id"], row["finding_id"]
        metric, as_of = row["metric"], row["as_of"]
        settled = ids(row["settled_claims"])
        if not fid:
            if metric and as_of and (metric, as_of) not in groups:
                problems.append(table.where(row, "as_of", as_of, f"no figure of {metric} is dated {as_of}: the decision "
                                                                 f"would settle nothing"))
            continue
        finding = by_id.get(fid)
        if finding is None:
            kind = fid.split(":", 1)[0]
            near = sorted(f.finding_id for f in findings if f.type == kind and f.finding_id not in decided_findings
                          and (set(f.claims) & set(settled) or (metric and metric in f.metrics)))
            where = f"; the open finding(s) of that type that share its claims or metric: {', '.join(near)}" if near else ""
            out.unknown[did] = (f"{did} settled {fid}, which the rules no longer produce (the data changed){where}")
            for nid in near:
                out.notes.setdefault(nid, []).append(f"{did} settled {fid}, which the rules no longer produce; "
                                                     f"it may be meant for this finding")
            out.problems.append(table.where(row, "finding_id", fid, out.unknown[did] + ": update the decision"))
            continue
        dates = {claim_dates[c] for c in finding.claims if c in claim_dates}
        if metric and finding.metrics and metric not in finding.metrics:
            problems.append(table.where(row, "metric", metric, f"the finding {fid} is about {', '.join(finding.metrics)}"))
        elif metric and as_of and (metric, as_of) not in dates:
            shown = sorted(d for m, d in dates if m == metric)
            problems.append(table.where(row, "as_of", as_of, f"the finding's figures of {metric} are dated "
                                                             f"{', '.join(shown) or 'nowhere'}"))
        elif not metric and as_of and as_of not in {d for _, d in dates}:
            problems.append(table.where(row, "as_of", as_of, f"the finding's figures are dated "
                                                             f"{', '.join(sorted({d for _, d in dates}))}"))
        if settled and sorted(settled) != sorted(finding.claims):
            added = sorted(set(finding.claims) - set(settled))
            gone = sorted(set(settled) - set(finding.claims))
            change = "; ".join(part for part in (f"new: {', '.join(added)}" if added else "",
                                                 f"no longer in it: {', '.join(gone)}" if gone else "") if part)
            out.stale[did] = (f"{did} settled {', '.join(sorted(settled))}; the finding now has "
                              f"{', '.join(finding.claims)} ({change})")
            out.notes.setdefault(fid, []).append(f"stale decision: {out.stale[did]}")
            out.problems.append(table.where(row, "settled_claims", row["settled_claims"],
                                            f"stale: {out.stale[did]}. The finding is open until the editor reviews "
                                            f"the new claims and updates settled_claims"))
    return problems, out
