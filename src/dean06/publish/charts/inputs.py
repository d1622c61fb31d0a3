"""The tables charts are drawn from, read through the catalog (dean06.catalog.tables)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from dean06 import paths
from dean06.catalog import tables as catalog
from dean06.edition import Edition, parse_as_of

# The tables a chart may draw from; their columns and types are the catalog's.
TABLES = ("claims_clean", "reconciled", "discrepancies", "sources", "metrics")
COLUMNS = {name: catalog.COLUMNS[name] for name in TABLES}
conform, split_ids = catalog.conform, catalog.split_ids


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
        """The published tables, each through the catalog's one reader (InputError names file and row)."""
        root = Path(root) if root else paths.project_root()
        return cls(**{name: catalog.read(name, root) for name in TABLES})

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
