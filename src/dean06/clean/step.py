"""The cleaning step: data/raw/{claims,sources,metrics,derivations}.csv -> data/processed/claims_clean.csv.

`clean_claims` is pure: raw tables in (strings, as read), one typed row per claim plus the rows
data/raw/derivations.csv declares out, or an InputError listing every problem with file, row, claim id and value.
`write_claims_clean` validates against the pandera schema and replaces the file atomically, so
bad input never leaves a partial or stale-but-overwritten output.

Run as `python -m dean06.clean [--root DIR] [--output PATH]` (exit 1 with the problems listed).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from pandera.errors import SchemaError, SchemaErrors

from dean06 import atomic
from dean06 import paths
from dean06.clean.dates import AsOf, DateError, parse_iso, resolve_as_of
from dean06.catalog import tables
from dean06.clean.derive import derive_rows, read_specs
from dean06.clean.numerals import Numeral, NumeralError, check_language, parse_numeral, reading_checked
from dean06.clean.records import Record
from dean06.problems import InputError, Problem, raise_if_any, run_cli
from dean06.catalog.contracts import BOOL_COLUMNS, CLAIMS_CLEAN_COLUMNS, FLOAT_COLUMNS, validate_claims_clean
from dean06.catalog.vocabulary import ATTRIBUTIONS
from dean06.catalog import tables
from dean06.textnorm import normalise

DEFAULT_OUTPUT = "data/processed/claims_clean.csv"
TABLES = ("claims", "sources", "metrics")  # what cleaning reads, in the catalog's names
CLAIMS_FILE, SOURCES_FILE, METRICS_FILE = (tables.SPECS[name].relative() for name in TABLES)


class RawTables(NamedTuple):
    """What step 01 reads, in the order `clean_claims` takes it: `clean_claims(*load_raw(root))`."""

    claims: pd.DataFrame
    sources: pd.DataFrame
    metrics: pd.DataFrame
    derivations: pd.DataFrame


def load_raw(root: Path | str | None = None) -> RawTables:
    """The raw tables as all-string DataFrames (claims, sources, metrics, derivations).

    Read strictly (UTF-8, field counts); each frame's attrs keep its file name and the CSV line of
    each row, so problems point at the line an editor sees even when a quoted field spans lines.
    """
    root = Path(root) if root is not None else paths.project_root()
    frames, problems = [], []
    for name in TABLES:
        # empty cells are cleaning's to report, with the claim or source they belong to
        table, found = tables.read_rows(name, root, required_cells=False)
        problems += found
        if table is None:
            continue
        df = pd.DataFrame([[r[c] for c in table.columns] for r in table.rows], columns=table.columns, dtype=str)
        df.attrs = {"file": tables.SPECS[name].relative(), "rows": [r["_row"] for r in table.rows]}
        frames.append(df)
    try:
        frames.append(tables.read("derivations", root))
    except InputError as err:
        problems += err.problems
    raise_if_any(problems, "raw tables")
    return RawTables(*frames)


def _lines(df: pd.DataFrame) -> list[int]:
    rows = df.attrs.get("rows")
    # Without line numbers from load_raw, assume one line per record (header is line 1).
    return list(rows) if rows is not None and len(rows) == len(df) else [i + 2 for i in range(len(df))]


def _records(df: pd.DataFrame, name: str, problems: list[Problem]) -> list[tuple[int, dict]] | None:
    missing = [c for c in tables.COLUMNS[name] if c not in df.columns]
    for col in missing:
        problems.append(Problem(tables.SPECS[name].relative(), "required column is missing", row=1, column=col))
    if missing:
        return None
    rows = df.astype(str).to_dict("records")
    return list(zip(_lines(df), rows))


def _f(x) -> float:
    return math.nan if x is None else float(x)


def _unit(numeral: Numeral, metric_unit: str) -> str:
    if numeral.unit:
        return numeral.unit
    return "VND" if metric_unit.startswith("VND") else metric_unit


def _unit_problem(numeral: Numeral, metric: str, metric_unit: str) -> str | None:
    """A figure whose printed unit contradicts its metric is almost always the wrong metric key."""
    if numeral.unit == "percent" and metric_unit != "percent":
        return f"a percentage, but metric {metric!r} is measured in {metric_unit!r}"
    if metric_unit == "percent" and numeral.unit != "percent":
        return f"metric {metric!r} is a percentage, but the figure has no %"
    if numeral.unit == "VND" and not metric_unit.startswith("VND"):
        return f"an amount in đồng, but metric {metric!r} is measured in {metric_unit!r}"
    return None


def clean_claims(claims: pd.DataFrame, sources: pd.DataFrame, metrics: pd.DataFrame,
                 derivations: pd.DataFrame) -> pd.DataFrame:
    """One typed row per claim, plus derived rows, sorted by claim_id; InputError with all problems."""
    problems: list[Problem] = []
    claim_rows = _records(claims, "claims", problems)
    source_rows = _records(sources, "sources", problems)
    metric_rows = _records(metrics, "metrics", problems)
    raise_if_any(problems, "raw tables")

    source_dates: dict[str, tuple] = {}
    languages: dict[str, str] = {}  # the language each source is read in
    event_inferred: dict[str, bool] = {}
    for line, r in source_rows:
        sid, dates = r["source_id"].strip(), {}
        try:
            languages[sid] = check_language(r["language"].strip())
        except NumeralError as err:
            problems.append(Problem(SOURCES_FILE, f"source {sid}: {err}; the language decides how its figures and "
                                                  f"dates are read", row=line, column="language", value=r["language"]))
        for col in ("event_date", "published_date"):
            try:
                dates[col] = parse_iso(r[col].strip())
            except DateError as err:
                problems.append(Problem(SOURCES_FILE, f"source {sid}: {err}", row=line, column=col, value=r[col]))
        if sid in source_dates:
            problems.append(Problem(SOURCES_FILE, f"duplicate source id {sid}", row=line, column="source_id", value=sid))
        elif len(dates) == 2 and dates["event_date"] > dates["published_date"]:
            problems.append(Problem(SOURCES_FILE, f"source {sid}: event date is after the publication date",
                                    row=line, column="event_date", value=r["event_date"]))
            source_dates[sid] = None
        else:
            source_dates[sid] = (dates["event_date"], dates["published_date"]) if len(dates) == 2 else None
        # a figure "as of now" takes the event's date: inferred too when the event's date was
        event_inferred[sid] = r.get("event_date_method", "").strip().startswith("inferred:")
    metric_info = {r["metric"].strip(): (r["unit"].strip(), r["kind"].strip()) for _, r in metric_rows}

    records: dict[str, Record] = {}
    failed: set[str] = set()  # claims already reported, so derivations do not report them again
    lines: dict[str, int] = {}
    claim_sources: dict[str, str] = {}  # every claim id -> its source, parsed or not, for the derivations
    for line, r in claim_rows:
        cid = r["claim_id"].strip()
        before = len(problems)
        if cid:
            claim_sources.setdefault(cid, r["source_id"].strip())

        def bad(column: str, message: str) -> None:
            problems.append(Problem(CLAIMS_FILE, f"claim {cid or '(no id)'}: {message}", row=line,
                                    column=column, value=r[column]))

        if not cid:
            bad("claim_id", "a claim id is required")
            continue
        if cid in lines:
            bad("claim_id", f"duplicate claim id (first at row {lines[cid]})")
            continue
        lines[cid] = line
        if cid.startswith("DER-"):
            bad("claim_id", "ids starting with DER- are reserved for derived rows")
        sid, metric = r["source_id"].strip(), r["metric"].strip()
        if sid not in source_dates:
            bad("source_id", "unknown source id (not in data/raw/sources.csv)")
        if metric not in metric_info:
            bad("metric", "unknown metric key (not in data/raw/metrics.csv)")
        if r["attributed_to"].strip() not in ("", *ATTRIBUTIONS):
            bad("attributed_to", f"unknown attribution; use one of: {', '.join(ATTRIBUTIONS)} (or leave it empty "
                                 f"when the copy states the figure in its own voice)")
        metric_unit, kind = metric_info.get(metric, ("", ""))
        numeral: Numeral | None = None
        lang = languages.get(sid)
        if lang is not None:
            try:
                # A `change` percentage (tăng 150%) is not a share of a whole, so it may exceed 100%.
                numeral = parse_numeral(r["value_text"], lang=lang, quote=r["quote"],
                                        checked=reading_checked(r["notes"]), proportion=kind != "change")
            except NumeralError as err:
                for message in err.messages:  # every problem of the cell, each on its own line
                    bad("value_text", message)
        if numeral is not None and metric in metric_info:
            message = _unit_problem(numeral, metric, metric_unit)
            if message:
                bad("value_text", message)
        as_of: AsOf | None = None
        dates = source_dates.get(sid)
        if dates is not None:
            event, published = dates
            try:
                as_of = resolve_as_of(r["as_of_text"], event, lang or "vi", event_inferred.get(sid, False))
            except DateError as err:
                bad("as_of_text", str(err))
            if as_of is not None and as_of.date > published:
                bad("as_of_text", f"as-of date {as_of.date} is after the source's publication date {published}")
        if len(problems) > before or numeral is None or as_of is None:
            failed.add(cid)
            continue
        repeat_of = r["same_statistic_as"].strip()
        records[cid] = Record(line=line, numeral=numeral, row={
            "claim_id": cid, "source_id": sid, "metric": metric, "value_text": r["value_text"], "language": lang,
            "quote_display": normalise(r["quote"]), "attributed_to": r["attributed_to"].strip(),
            "qualifier": numeral.qualifier, "bound": numeral.bound,
            "value": _f(numeral.value), "lower": _f(numeral.lower), "upper": _f(numeral.upper),
            "unit": _unit(numeral, metric_unit), "numerator": _f(numeral.numerator),
            "denominator": _f(numeral.denominator), "share": _f(numeral.share),
            "as_of": as_of.date.isoformat(), "as_of_text": r["as_of_text"], "as_of_method": as_of.method,
            "event_date": event.isoformat(), "published_date": published.isoformat(),
            "flag_as_of_inferred": as_of.as_of_inferred, "flag_year_inferred": as_of.year_inferred,
            "flag_vague": numeral.vague,
            "flag_repeated": bool(repeat_of), "repeat_of": repeat_of,
            "flag_derived": False, "derived_from": "", "derivation": "", "derivation_vi": "",
        })

    for cid, rec in records.items():
        twin = rec.row["repeat_of"]
        if not twin:
            continue
        where = dict(file=CLAIMS_FILE, row=rec.line, column="same_statistic_as", value=twin)
        if twin == cid:
            problems.append(Problem(message=f"claim {cid}: a claim cannot repeat itself", **where))
        elif twin not in lines:
            problems.append(Problem(message=f"claim {cid}: names a claim id that does not exist", **where))
        elif twin in records:
            other = records[twin].row
            if (other["source_id"], other["metric"]) != (rec.row["source_id"], rec.row["metric"]):
                problems.append(Problem(message=f"claim {cid}: the repeated statistic must come from the same "
                                                f"source and metric as {twin}", **where))
            elif records[twin].numeral.value != rec.numeral.value or other["bound"] != rec.row["bound"]:
                problems.append(Problem(message=f"claim {cid}: said to repeat {twin}, but the figures differ "
                                                f"({rec.row['value_text']!r} and {other['value_text']!r})", **where))

    specs, spec_problems = read_specs(derivations, claim_sources, set(source_dates), set(metric_info))
    labels_vi = {r["metric"].strip(): r["label_vi"].strip() for _, r in metric_rows if r.get("label_vi", "").strip()}
    derived, derive_problems = derive_rows(records, failed, specs, labels_vi)
    problems += spec_problems + derive_problems
    raise_if_any(problems, "raw tables")

    df = pd.DataFrame([rec.row for rec in records.values()] + derived, columns=CLAIMS_CLEAN_COLUMNS)
    for col in FLOAT_COLUMNS:
        df[col] = df[col].astype("float64")
    for col in BOOL_COLUMNS:
        df[col] = df[col].astype(bool)
    return df.sort_values("claim_id", kind="stable").reset_index(drop=True)


def to_csv_text(df: pd.DataFrame) -> str:
    """Deterministic CSV: sorted, "\\n" line ends, plain numbers (78553494, 0.9403), true/false."""
    out = df.sort_values("claim_id", kind="stable").copy()
    for col in BOOL_COLUMNS:
        out[col] = out[col].map({True: "true", False: "false"})
    return out.to_csv(index=False, lineterminator="\n", float_format="%.15g")


def write_claims_clean(df: pd.DataFrame, path: Path | str) -> Path:
    """Validate against the schema, then replace `path` atomically (nothing is written on failure)."""
    validate_claims_clean(df)
    path = Path(path)
    atomic.write_text(path, to_csv_text(df))
    return path


def inferred(df: pd.DataFrame) -> pd.DataFrame:
    """Every row carrying a value or date we supplied: inferred years and as-of dates, relative dates, derived rows."""
    mask = (df["flag_year_inferred"] | df["flag_as_of_inferred"] | df["flag_derived"]
            | df["as_of_method"].str.startswith("relative"))
    reasons = []
    for _, r in df[mask].iterrows():
        why = []
        if r["flag_derived"]:
            why.append(f"derived from {r['derived_from']}")
        if r["flag_year_inferred"]:
            why.append("year inferred from the event date")
        if r["as_of_method"].startswith("relative"):
            why.append(f"as-of read from relative wording {r['as_of_text']!r}")
        if r["flag_as_of_inferred"]:
            why.append(f"as-of inferred ({r['as_of_method']})")
        reasons.append("; ".join(why))
    cols = ["claim_id", "metric", "value_text", "bound", "value", "lower", "upper", "unit", "as_of", "as_of_method"]
    return df.loc[mask, cols].assign(why=reasons).reset_index(drop=True)


def summary(df: pd.DataFrame) -> pd.DataFrame:
    """Counts per source: claims, how they are bounded, and how their dates were set."""
    g = df.groupby("source_id")
    return pd.DataFrame({
        "rows": g.size(),
        "exact": g["bound"].apply(lambda s: int((s == "exact").sum())),
        "lower_bound": g["bound"].apply(lambda s: int((s == "lower").sum())),
        "other_bound": g["bound"].apply(lambda s: int((~s.isin(["exact", "lower"])).sum())),
        "fractions": g["numerator"].apply(lambda s: int(s.notna().sum())),
        "percentages": g["unit"].apply(lambda s: int((s == "percent").sum())),
        "as_of_stated": g["as_of_method"].apply(lambda s: int(s.str.startswith("stated").sum())),
        "as_of_inferred": g["flag_as_of_inferred"].sum().astype(int),
        "year_inferred": g["flag_year_inferred"].sum().astype(int),
        "repeated": g["flag_repeated"].sum().astype(int),
        "derived": g["flag_derived"].sum().astype(int),
    })


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dean06.clean", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=None, help="project root (default: DEAN06_ROOT or this checkout)")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help=f"output CSV, relative to the root (default: {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)
    root = (args.root or paths.project_root()).resolve()
    output = root / args.output

    def work():
        table = clean_claims(*load_raw(root))
        write_claims_clean(table, output)
        print(f"wrote {len(table)} rows ({int(table['flag_derived'].sum())} derived) to {output}")

    def describe(err) -> str:
        if isinstance(err, InputError):
            return str(err)
        return f"the cleaned table breaks its schema (a bug in the cleaning step):\n{err}"

    return run_cli(work, catch=(InputError, SchemaError, SchemaErrors), describe=describe,
                   after=f"nothing written; {output} is unchanged")


if __name__ == "__main__":
    sys.exit(main())
