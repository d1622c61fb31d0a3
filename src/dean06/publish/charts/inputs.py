"""The tables charts are drawn from, read to the data dictionary's column contract."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from dean06 import paths
from dean06.edition import Edition, parse_as_of

# Column contracts (docs/data_dictionary.md). Columns not listed are kept as read.
COLUMNS: dict[str, list[str]] = {
    "claims_clean": [
        "claim_id", "source_id", "metric", "value_text", "quote_display", "qualifier", "bound", "value",
        "lower", "upper", "unit", "numerator", "denominator", "share", "as_of", "as_of_text", "as_of_method",
        "event_date", "published_date", "flag_as_of_inferred", "flag_year_inferred", "flag_repeated",
        "repeat_of", "flag_derived", "derived_from", "derivation",
    ],
    "reconciled": [
        "metric", "as_of", "value", "lower", "upper", "bound", "unit", "status", "supporting_claims", "sources",
        "rule", "decision_id", "note_en", "note_vi",
    ],
    "discrepancies": [
        "finding_id", "type", "severity", "metrics", "claims", "sources", "explanation_en", "explanation_vi",
        "decision_id", "status",
    ],
    "sources": [
        "source_id", "file", "sha256", "outlet", "original_outlet", "title", "byline", "url", "event_date",
        "event_date_method", "published_date", "published_date_method", "language", "defects",
        "date_accessed", "citation",
    ],
    "metrics": ["metric", "area", "family", "kind", "unit", "label_vi", "label_en", "definition_vi", "definition_en"],
}
NUMERIC = {"value", "lower", "upper", "numerator", "denominator", "share"}
BOOLEAN = {"flag_as_of_inferred", "flag_year_inferred", "flag_repeated", "flag_derived"}
FILES = {
    "claims_clean": ("processed", "claims_clean.csv"),
    "reconciled": ("processed", "reconciled.csv"),
    "discrepancies": ("processed", "discrepancies.csv"),
    "sources": ("raw", "sources.csv"),
    "metrics": ("raw", "metrics.csv"),
}
_TRUE = {"true", "1", "yes", "y", "t"}


def split_ids(cell) -> list[str]:
    """`;`-joined ids -> list, tolerant of spaces and empty cells."""
    if not isinstance(cell, str):
        return []
    return [part.strip() for part in cell.split(";") if part.strip()]


def conform(name: str, frame: pd.DataFrame, *, strict: bool = False) -> pd.DataFrame:
    """Give `frame` the contract's columns and types: text as str ('' when empty), numbers as float,
    flags as bool. Missing columns are an error when `strict` (files), filled when not (test fixtures)."""
    frame = frame.copy()
    missing = [c for c in COLUMNS[name] if c not in frame.columns]
    if missing and strict:
        raise ValueError(f"{name}: required column(s) missing: {', '.join(missing)}")
    for column in missing:
        frame[column] = ""
    for column in frame.columns:
        if column in NUMERIC:
            blank = frame[column].map(lambda v: v is None or (isinstance(v, str) and not v.strip()))
            frame[column] = pd.to_numeric(frame[column].mask(blank), errors="raise").astype(float)
        elif column in BOOLEAN:
            frame[column] = frame[column].map(
                lambda v: bool(v) if isinstance(v, bool) else str(v).strip().lower() in _TRUE).astype(bool)
        else:
            frame[column] = frame[column].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v))
                                              else str(v))
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class Tables:
    claims_clean: pd.DataFrame
    reconciled: pd.DataFrame
    discrepancies: pd.DataFrame
    sources: pd.DataFrame
    metrics: pd.DataFrame
    as_of: str | None = None  # the publication cut-off already applied, if any

    @classmethod
    def build(cls, **frames: pd.DataFrame) -> "Tables":
        """From in-memory frames (any may be omitted: it is then empty); columns are conformed."""
        return cls(**{name: conform(name, frames.get(name, pd.DataFrame(columns=COLUMNS[name])))
                      for name in COLUMNS})

    @classmethod
    def load(cls, root: Path | str | None = None) -> "Tables":
        root = Path(root) if root else paths.project_root()
        frames = {}
        for name, (kind, file) in FILES.items():
            folder = paths.processed_dir(root) if kind == "processed" else paths.raw_dir(root)
            path = folder / file
            if not path.exists():
                raise FileNotFoundError(f"{path}: missing; build it first (notebooks 01 and 02 write data/processed/)")
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
            try:
                frames[name] = conform(name, raw, strict=True)
            except ValueError as err:
                raise ValueError(f"{path}: {err}") from None
        return cls(**frames)

    def published_by(self, as_of: str | None) -> "Tables":
        """Only what was public on `as_of` (ISO date): sources published on or before it, their claims,
        and the reconciled rows and findings that rest on those claims alone."""
        if not as_of:
            return self
        edition = Edition(as_of=parse_as_of(as_of))  # the one cut-off rule
        sources = edition.published(self.sources)
        keep_sources = set(sources["source_id"])
        claims = edition.claims(self.claims_clean, self.sources)
        keep_claims = set(claims["claim_id"])

        def rests_on_kept(frame: pd.DataFrame, claim_col: str) -> pd.Series:
            return frame.apply(lambda r: set(split_ids(r[claim_col])) <= keep_claims
                               and set(split_ids(r["sources"])) <= keep_sources, axis=1).astype(bool)

        reconciled = self.reconciled[rests_on_kept(self.reconciled, "supporting_claims")] if len(self.reconciled) else self.reconciled
        findings = self.discrepancies[rests_on_kept(self.discrepancies, "claims")] if len(self.discrepancies) else self.discrepancies
        return replace(self, claims_clean=claims.reset_index(drop=True), sources=sources.reset_index(drop=True),
                       reconciled=reconciled.reset_index(drop=True), discrepancies=findings.reset_index(drop=True),
                       as_of=as_of)
