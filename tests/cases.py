"""The claims a test needs, chosen by what they are, never by id.

A test names a property of a raw claim (a predicate over the claims row and its metric's row);
`Corpus` holds every claim of the archive with that property. When the archive has none, a
constructed claim with the property is appended to a scratch copy of data/raw, so the behaviour
is tested whatever articles the archive holds today.
"""

from __future__ import annotations

import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from dean06.catalog import tables

# (claim row, metric row) -> whether the claim is a case
Predicate = Callable[[dict, dict], bool]


def lines(name: str, root: Path, key: str) -> dict[str, int]:
    """The CSV line (header = 1) of each row of a raw table, by its key column."""
    frame = tables.read(name, root)
    return dict(zip(frame[key], frame.attrs["rows"]))


def copy_raw(source: Path, target: Path) -> Path:
    """A writable copy of `source`'s data/raw under `target`; returns `target`."""
    shutil.copytree(source / "data" / "raw", target / "data" / "raw")
    for path in (target / "data" / "raw").rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return target


def _rows(name: str, root: Path) -> list[dict]:
    return tables.read(name, root).to_dict("records")


def _write(name: str, root: Path, rows: list[dict]) -> None:
    spec = tables.SPECS[name]
    pd.DataFrame(rows, columns=spec.columns).to_csv(spec.path(root), index=False, lineterminator="\n")


def fresh_claim_id(root: Path, source_id: str) -> str:
    taken = {r["claim_id"] for r in _rows("claims", root)}
    return next(f"{source_id}-{n:02d}" for n in range(99, 0, -1) if f"{source_id}-{n:02d}" not in taken)


def metric_of(root: Path, want: Callable[[dict], bool], *, kind: str, unit: str) -> str:
    """A metric key satisfying `want`; when the catalogue has none, one is added with `kind` and `unit`."""
    metrics = _rows("metrics", root)
    found = [m["metric"] for m in metrics if want(m)]
    if found:
        return found[0]
    key = f"constructed_{kind}"
    metrics.append({**metrics[0], "metric": key, "family": key, "kind": kind, "unit": unit})
    _write("metrics", root, metrics)
    return key


def append_claim(root: Path, *, metric: str, value_text: str, as_of_text: str = "", same_statistic_as: str = "",
                 source_id: str | None = None) -> str:
    """Append one claim to root's claims.csv (cleaning reads neither the quote nor the article); its id."""
    claims = _rows("claims", root)
    sid = source_id or _rows("sources", root)[0]["source_id"]
    cid = fresh_claim_id(root, sid)
    claims.append({"claim_id": cid, "source_id": sid, "metric": metric, "quote": f"constructed: {value_text}",
                   "value_text": value_text, "as_of_text": as_of_text, "same_statistic_as": same_statistic_as,
                   "notes": "constructed by a test"})
    _write("claims", root, claims)
    return cid


@dataclass
class Case:
    """A property of a claim, and how to construct a claim with it (`build(root)`) when none has it."""

    holds: Predicate
    build: Callable[[Path], object]


@dataclass
class Corpus:
    root: Path
    claims: dict[str, dict]  # raw claims by id, after any constructed ones were added
    metrics: dict[str, dict]
    sources: dict[str, dict]
    cases: dict[str, list[str]] = field(default_factory=dict)
    constructed: list[str] = field(default_factory=list)  # the names of the cases the archive lacked

    def __getitem__(self, name: str) -> list[str]:
        return self.cases[name]


def _matching(root: Path, case: Case) -> list[str]:
    metrics = {m["metric"]: m for m in _rows("metrics", root)}
    return [c["claim_id"] for c in _rows("claims", root) if case.holds(c, metrics.get(c["metric"], {}))]


def corpus(source: Path, target: Path, cases: dict[str, Case]) -> Corpus:
    """source's data/raw copied to target, with a constructed claim for every case it lacks."""
    root = copy_raw(source, target)
    constructed = []
    for name, case in cases.items():
        if not _matching(root, case):
            case.build(root)
            constructed.append(name)
            if not _matching(root, case):
                raise AssertionError(f"the constructed claim for case {name!r} does not have its property")
    found = {name: _matching(root, case) for name, case in cases.items()}
    return Corpus(root, {c["claim_id"]: c for c in _rows("claims", root)},
                  {m["metric"]: m for m in _rows("metrics", root)},
                  {s["source_id"]: s for s in _rows("sources", root)}, found, constructed)


def add_row(name: str, root: Path, like: dict, **changes) -> dict:
    """Append to a raw table a copy of the row `like` with `changes`; the new row."""
    rows = _rows(name, root)
    new = {**like, **changes}
    rows.append(new)
    _write(name, root, rows)
    return new
