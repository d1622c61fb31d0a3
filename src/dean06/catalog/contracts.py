"""The pandera contracts of the processed tables (docs/data_dictionary.md), checked before a step writes them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa

from dean06.catalog.tables import COLUMNS, SPECS, problem
from dean06.catalog.vocabulary import ATTRIBUTIONS, LANGUAGES
from dean06.problems import Problem


# Qualifier as printed (lower-cased), per language of the source -> how the figure bounds the true value.
QUALIFIERS = {
    "vi": {
        "": "exact",
        "đạt": "exact",  # "reached": a plain statement of the figure
        "hơn": "lower",  # "more than"
        "trên": "lower",  # "above"
        "gần": "upper",  # "nearly": just under
        "khoảng": "approx",  # "about"
    },
    "en": {
        "": "exact",
        "reaching": "exact",
        "reached": "exact",
        "more than": "lower",
        "over": "lower",
        "above": "lower",
        "nearly": "upper",
        "almost": "upper",
        "approximately": "approx",
        "around": "approx",
        "about": "approx",
    },
}
ALL_QUALIFIERS = sorted({word for words in QUALIFIERS.values() for word in words})
BOUNDS = ("exact", "lower", "upper", "approx", "range")  # range: derived rows carrying two readings

CLAIMS_CLEAN_COLUMNS = COLUMNS["claims_clean"]
FLOAT_COLUMNS = [c for c in CLAIMS_CLEAN_COLUMNS if c in SPECS["claims_clean"].numeric]
BOOL_COLUMNS = [c for c in CLAIMS_CLEAN_COLUMNS if c in SPECS["claims_clean"].boolean]
DATE_COLUMNS = ["as_of", "event_date", "published_date"]
AS_OF_METHOD = r"^(stated|stated, year inferred|relative \(.+\): event date(, inferred)?|inferred: .+)$"
# Id patterns, shared with the evidence check so a bad id is reported there, before any work.
SOURCE_ID = r"^[A-Z]+-\d{6}$"
CLAIM_ID = r"^[A-Z]+-\d{6}-\d{2}$"  # a reported claim; derived rows add the prefix DER-
DERIVED_CLAIM_ID = r"^(DER-)?[A-Z]+-\d{6}-\d{2}$"
METRIC_KEY = r"^[a-z0-9_]+$"
# The rules a row of data/raw/derivations.csv may name; each is implemented (with its roles) in
# clean/derive.py, and a test keeps the two lists equal.
DERIVATION_RULES = ("base_from_rate", "level_before_change")
DERIVATION_INPUTS = r"^[a-z_]+=[^;=\s]+(;[a-z_]+=[^;=\s]+)*$"  # role=claim id, ';'-joined


def _is_iso_date(text: str) -> bool:
    try:
        return len(text) == 10 and dt.date.fromisoformat(text).isoformat() == text
    except (TypeError, ValueError):
        return False


def _le(a: str, b: str):
    """a <= b wherever both are present (empty means "no bound")."""
    return pa.Check(lambda df: df[a].isna() | df[b].isna() | (df[a] <= df[b]), name=f"{a} <= {b}")


def _bound_shape(df: pd.DataFrame) -> pd.Series:
    """Which of value/lower/upper each bound must fill, so a reader can rely on them."""
    v, lo, up, b = df["value"].notna(), df["lower"].notna(), df["upper"].notna(), df["bound"]
    exact = v & lo & up & (df["lower"] == df["value"]) & (df["upper"] == df["value"])
    return ((b == "exact") & exact) | ((b == "lower") & v & lo & ~up) | ((b == "upper") & v & ~lo & up) \
        | ((b == "approx") & v) | ((b == "range") & ~v & lo & up)


def _str(*checks, unique: bool = False) -> pa.Column:
    return pa.Column(str, checks=list(checks), nullable=False, unique=unique)


def _float(*checks) -> pa.Column:
    return pa.Column(float, checks=list(checks), nullable=True)


def _date() -> pa.Column:
    return pa.Column(str, pa.Check(lambda s: s.map(_is_iso_date), element_wise=False, name="ISO date"))


CLAIMS_CLEAN = pa.DataFrameSchema(
    {
        "claim_id": _str(pa.Check.str_matches(DERIVED_CLAIM_ID), unique=True),
        "source_id": _str(pa.Check.str_matches(SOURCE_ID)),
        "metric": _str(pa.Check.str_matches(METRIC_KEY)),
        "value_text": _str(),
        "quote_display": _str(),
        "attributed_to": _str(pa.Check.isin(["", *ATTRIBUTIONS])),
        "qualifier": _str(pa.Check.isin(ALL_QUALIFIERS)),
        "bound": _str(pa.Check.isin(list(BOUNDS))),
        "value": _float(),
        "lower": _float(),
        "upper": _float(),
        "unit": _str(pa.Check.str_length(min_value=1)),
        "numerator": _float(pa.Check.ge(0)),
        "denominator": _float(pa.Check.gt(0)),
        "share": _float(pa.Check.in_range(0, 1)),
        "as_of": _date(),
        "as_of_text": _str(),
        "as_of_method": _str(pa.Check.str_matches(AS_OF_METHOD)),
        "event_date": _date(),
        "published_date": _date(),
        "language": _str(pa.Check.isin(list(LANGUAGES))),
        "flag_as_of_inferred": pa.Column(bool),
        "flag_year_inferred": pa.Column(bool),
        "flag_vague": pa.Column(bool),
        "flag_repeated": pa.Column(bool),
        "repeat_of": _str(),
        "flag_derived": pa.Column(bool),
        "derived_from": _str(),
        "derivation": _str(),
        "derivation_vi": _str(),
    },
    checks=[
        _le("lower", "value"),
        _le("value", "upper"),
        _le("lower", "upper"),
        _le("numerator", "denominator"),
        pa.Check(_bound_shape, name="value/lower/upper filled as the bound requires"),
        pa.Check(lambda df: df["numerator"].isna() == df["denominator"].isna(), name="fraction has both parts"),
        pa.Check(lambda df: df["flag_repeated"] == (df["repeat_of"] != ""), name="flag_repeated iff repeat_of"),
        pa.Check(lambda df: (df["flag_derived"] == df["claim_id"].str.startswith("DER-"))
                 & (df["flag_derived"] == (df["derived_from"] != ""))
                 & (df["flag_derived"] == (df["derivation"] != ""))
                 & (df["flag_derived"] == (df["derivation_vi"] != ""))
                 & ~(df["flag_derived"] & (df["attributed_to"] != "")),
                 name="derived rows: DER- id, derived_from and derivation"),
        pa.Check(lambda df: ~df["flag_vague"] | (df["bound"] == "lower"), name="a vague magnitude is a lower bound"),
        pa.Check(lambda df: df["as_of"] <= df["published_date"], name="as_of not after publication"),
        pa.Check(lambda df: df["flag_year_inferred"] == (df["as_of_method"] == "stated, year inferred"),
                 name="flag_year_inferred matches as_of_method"),
    ],
    strict=True,
    ordered=True,
    coerce=False,
    name="claims_clean",
)


def validate_claims_clean(df: pd.DataFrame) -> pd.DataFrame:
    """Every failure at once (lazy), so a broken build reports all its faults."""
    return CLAIMS_CLEAN.validate(df, lazy=True)


def _text(pattern: str | None = None, error: str = "", *, isin=None, unique: bool = False) -> pa.Column:
    checks = [pa.Check.str_matches(pattern, error=error)] if pattern else []
    checks += [pa.Check.isin(list(isin), error=error)] if isin else []
    return pa.Column(str, checks=checks, nullable=False, unique=unique, report_duplicates="exclude_first")


# data/raw/derivations.csv as an editor writes it: the shape of each cell. Whether the claims,
# roles, source and metric it names exist is for cleaning to say (clean/derive.py).
DERIVATIONS = pa.DataFrameSchema(
    {
        "derivation_id": _text(r"^DER-[A-Z]+-\d{6}-\d{2}$", "must be DER- followed by a claim id of the form "
                               "SOURCE-YYMMDD-NN", unique=True),
        "source_id": _text(SOURCE_ID, "must be a source id of the form OUTLET-YYMMDD"),
        "rule": _text(error=f"unknown rule (one of: {', '.join(DERIVATION_RULES)})", isin=DERIVATION_RULES),
        "metric": _text(METRIC_KEY, "must be a metric key (lower case, digits and _)"),
        "inputs": _text(DERIVATION_INPUTS, "must be role=claim id pairs joined by ';' (count=ID;rate=ID)"),
        "note": _text(),
    },
    strict=True,
    ordered=True,
    coerce=True,  # only the cells are checked: an empty table's columns may have any dtype
    name="derivations",
)


def derivation_problems(frame: pd.DataFrame) -> list[Problem]:
    """Every cell of data/raw/derivations.csv that breaks its contract, with file, row, column and value."""
    return schema_problems(DERIVATIONS, frame, "duplicate derivation id")


# data/raw/areas.csv as an editor writes it: the keys' shape; that the areas of one section give it the
# same titles is checked row by row (evidence/quotes.py, load_areas).
AREAS = pa.DataFrameSchema(
    {
        "area": _text(METRIC_KEY, "an area key is lower-case letters, digits and _", unique=True),
        "label_vi": _text(),
        "label_en": _text(),
        "section": _text(METRIC_KEY, "a section key is lower-case letters, digits and _"),
        "section_vi": _text(),
        "section_en": _text(),
    },
    strict=True,
    ordered=True,
    coerce=True,
    name="areas",
)


def schema_problems(schema: pa.DataFrameSchema, frame: pd.DataFrame, duplicate: str) -> list[Problem]:
    """Every cell of a raw table that breaks its contract, with file, row, column and value."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        found = []
        for case in err.failure_cases.itertuples():
            if case.column not in frame.columns or case.index is None or pd.isna(case.index):
                found.append(Problem(frame.attrs.get("file", f"data/raw/{schema.name}.csv"), str(case.check),
                                     column=case.column))
                continue
            message = duplicate if case.check == "field_uniqueness" else str(case.check)
            found.append(problem(frame, frame.index.get_loc(case.index), case.column, message))
        return found
    return []


# Reconciliation's outputs.
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
        "decision_note": pa.Column(str),
    },
    strict=True,
)


def validate_outputs(reconciled, discrepancies) -> None:
    RECONCILED.validate(reconciled, lazy=True)
    DISCREPANCIES.validate(discrepancies, lazy=True)
