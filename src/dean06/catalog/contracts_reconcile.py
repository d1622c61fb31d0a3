"""pandera schemas for the reconciliation outputs: checked before anything is written."""

import pandera.pandas as pa

STATUSES = ["corroborated", "single_source", "superseded", "conflicting", "not_comparable", "derived", "ambiguous",
            "omitted"]
FINDING_TYPES = ["repeated_in_source", "same_event", "cumulative_growth", "cumulative_decrease", "not_comparable",
                 "share_without_base", "ambiguous_percentage", "bound_vs_exact", "derived_figure", "as_of_inferred",
                 "conflict"]

RECONCILED = pa.DataFrameSchema(
    {
        "metric": pa.Column(str),
        "as_of": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "value": pa.Column(float, nullable=True),
        "lower": pa.Column(float, nullable=True),
        "upper": pa.Column(float, nullable=True),
        "bound": pa.Column(str, pa.Check.isin(["exact", "lower", "upper", "approx", "range"])),
        "unit": pa.Column(str),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "supporting_claims": pa.Column(str, pa.Check.str_length(min_value=1)),
        "sources": pa.Column(str, pa.Check.str_length(min_value=1)),
        "rule": pa.Column(str),
        "decision_id": pa.Column(str),
        "note_en": pa.Column(str),
        "note_vi": pa.Column(str),
    },
    checks=[pa.Check(lambda df: (df["lower"].isna() | df["upper"].isna() | (df["lower"] <= df["upper"])),
                     error="lower must not exceed upper")],
    unique=["metric", "as_of"],
    strict=True,
)

DISCREPANCIES = pa.DataFrameSchema(
    {
        "finding_id": pa.Column(str, unique=True),
        "type": pa.Column(str, pa.Check.isin(FINDING_TYPES)),
        "severity": pa.Column(str, pa.Check.isin(["info", "caution", "conflict"])),
        "metrics": pa.Column(str),
        "claims": pa.Column(str),
        "sources": pa.Column(str, pa.Check.str_length(min_value=1)),
        "explanation_en": pa.Column(str, pa.Check.str_length(min_value=10)),
        "explanation_vi": pa.Column(str, pa.Check.str_length(min_value=10)),
        "decision_id": pa.Column(str),
        "status": pa.Column(str, pa.Check.isin(["decided", "open"])),
    },
    strict=True,
)


def validate_outputs(reconciled, discrepancies) -> None:
    RECONCILED.validate(reconciled, lazy=True)
    DISCREPANCIES.validate(discrepancies, lazy=True)
