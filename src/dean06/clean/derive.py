"""Figures we compute from printed ones. Never reported by a source, so every row says how it was made.

Each derived figure is a row of data/raw/derivations.csv (which rule, which metric, which claim
plays each of the rule's roles); this module holds the rules, RULES, selected by that row's `rule`.
A row naming a rule, role, claim, source or metric that does not exist is an error, and so is one
whose inputs are missing or unreadable, so a change to claims.csv cannot silently drop a derived figure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Iterable

import pandas as pd
from babel.numbers import format_decimal

from dean06.catalog.contracts import derivation_problems
from dean06.catalog.tables import split_ids
from dean06 import wording
from dean06.clean.records import Record
from dean06.problems import Problem

DERIVATIONS_FILE = "data/raw/derivations.csv"
# (derivation id the problem is about, message)
DeriveProblem = tuple[str, str]


def _num(x: Decimal) -> str:
    """A Decimal as a reader would write it: 20081536, 92, 32.5."""
    return format(x.normalize(), "f")


def _base_row(spec_id: str, metric: str, source_id: str, inputs: list[Record]) -> dict:
    first = inputs[0].row
    return {
        "claim_id": spec_id, "source_id": source_id, "metric": metric, "value_text": "", "quote_display": "",
        "attributed_to": "",  # ours: no copy credits it to anyone
        "qualifier": "", "numerator": math.nan, "denominator": math.nan, "share": math.nan, "as_of_text": "",
        "language": first["language"], "event_date": first["event_date"], "published_date": first["published_date"],
        "flag_year_inferred": any(r.row["flag_year_inferred"] for r in inputs),
        "flag_as_of_inferred": any(r.row["flag_as_of_inferred"] for r in inputs),
        "flag_vague": False, "flag_repeated": False, "repeat_of": "", "flag_derived": True,
        "derived_from": ";".join(r.row["claim_id"] for r in inputs),
    }


def _in(value, lang: str):
    """A number of a derivation as the language writes it: 21827756.5 (en, as computed) or
    21.827.756,5 (vi, babel's separators); any other value as it is."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        return value
    if lang == "en":
        return _num(value) if isinstance(value, Decimal) else str(value)
    return format_decimal(value, locale=lang, decimal_quantization=False)


def _described(rule: str, labels: dict[str, str] | None = None, **values) -> dict[str, str]:
    """How a derived figure was computed, in English (`derivation`) and Vietnamese (`derivation_vi`),
    from the wording files' part `derivations`: numbers in each language's form, and the metric by
    its Vietnamese label (`labels`, from metrics.csv) where the English text names its key."""
    vi = {k: _in(v, "vi") for k, v in values.items()}
    vi["metric"] = (labels or {}).get(values["metric"], values["metric"])
    return {"derivation": wording.t(f"derivations.{rule}", "en", **{k: _in(v, "en") for k, v in values.items()}),
            "derivation_vi": wording.t(f"derivations.{rule}", "vi", **vi)}


def _inputs(spec_id: str, wanted: dict[str, str], records: dict[str, Record],
            failed: set[str]) -> tuple[dict[str, Record] | None, list[DeriveProblem]]:
    """Look up each input claim by role; a claim that failed to parse was reported already."""
    found, problems = {}, []
    for role, cid in wanted.items():
        if cid in failed:
            return None, []
        if cid not in records:
            problems.append((spec_id, f"derivation {spec_id} needs claim {cid} ({role}), which is not in claims.csv"))
            continue
        found[role] = records[cid]
    if problems:
        return None, problems
    sources = {r.row["source_id"] for r in found.values()}
    if len(sources) != 1:
        return None, [(spec_id, f"derivation {spec_id}: inputs come from different sources "
                                f"({', '.join(sorted(sources))})")]
    return found, []


@dataclass(frozen=True)
class BaseFromRate:
    """The base a printed rate implies: count / rate (approved applications / approval rate = received).

    The rate is printed rounded, so the base is a range: 92% means [91.5%, 92.5%).
    """

    ROLES: ClassVar[tuple[str, ...]] = ("count", "rate")
    claim_id: str
    metric: str
    count: str  # claim id of the count (numerator of the rate)
    rate: str  # claim id of the percentage

    def apply(self, records: dict[str, Record], failed: set[str],
              labels: dict[str, str] | None = None) -> tuple[dict | None, list[DeriveProblem]]:
        found, problems = _inputs(self.claim_id, {"count": self.count, "rate": self.rate}, records, failed)
        if found is None:
            return None, problems
        count, rate = found["count"], found["rate"]
        c, r = count.numeral, rate.numeral
        if r.unit != "percent" or c.unit == "percent":
            return None, [(self.claim_id, f"derivation {self.claim_id} needs a count and a percentage")]
        if c.bound != "exact" or r.bound != "exact" or r.value == 0:
            return None, [(self.claim_id, f"derivation {self.claim_id} needs an exact count and a non-zero exact rate")]
        if count.row["as_of"] != rate.row["as_of"]:
            return None, [(self.claim_id, f"derivation {self.claim_id}: count and rate describe different dates "
                                      f"({count.row['as_of']} and {rate.row['as_of']})")]
        half = r.step / 2
        lo_rate, hi_rate = (r.value - half) / 100, (r.value + half) / 100
        central = c.value / (r.value / 100)
        value = central.quantize(Decimal(1), rounding="ROUND_HALF_EVEN")
        # Whole applications: rate in [lo, hi) means base in (count/hi, count/lo].
        lower = math.floor(c.value / hi_rate) + 1
        upper = math.floor(c.value / lo_rate)
        if lower > upper:  # a small count: no whole base gives the rate as printed
            return None, [(self.claim_id, f"derivation {self.claim_id}: no whole number N has {_num(c.value)} / N "
                                          f"in [{_num(lo_rate * 100)}%, {_num(hi_rate * 100)}%), so the count and "
                                          f"the rate cannot both be as printed")]
        row = _base_row(self.claim_id, self.metric, count.row["source_id"], [count, rate])
        row.update(
            bound="approx", value=float(value), lower=float(lower), upper=float(upper), unit=count.row["unit"],
            as_of=count.row["as_of"], as_of_method=count.row["as_of_method"],
            flag_year_inferred=count.row["flag_year_inferred"],  # the count's date, read as the count's was
            **_described("base_from_rate", labels, metric=self.metric, count=self.count, rate=self.rate,
                         c=c.value, r=r.value, central=central.quantize(Decimal("0.1")), value=value, step=r.step,
                         lo=lo_rate * 100, hi=hi_rate * 100, hi_rate=hi_rate, lo_rate=lo_rate,
                         lower=lower, upper=upper),
        )
        return row, []


@dataclass(frozen=True)
class LevelBeforeChange:
    """The earlier level of a share implied by its current level and a printed rise 'tăng X% so với năm Y'.

    Copy does not say whether X is percentage points or a relative rise, so both readings are
    kept: the row is a range from the lower reading to the higher one, with no single value.
    """

    ROLES: ClassVar[tuple[str, ...]] = ("level", "change")
    claim_id: str
    metric: str
    level: str  # claim id of the current share (percent)
    change: str  # claim id of the rise (percent)
    baseline: str = r"so với năm (\d{4})"  # where the quote names the comparison year
    decimals: int = 4

    def apply(self, records: dict[str, Record], failed: set[str],
              labels: dict[str, str] | None = None) -> tuple[dict | None, list[DeriveProblem]]:
        found, problems = _inputs(self.claim_id, {"level": self.level, "change": self.change}, records, failed)
        if found is None:
            return None, problems
        level, change = found["level"], found["change"]
        l, x = level.numeral.value, change.numeral.value
        if level.numeral.unit != "percent" or change.numeral.unit != "percent":
            return None, [(self.claim_id, f"derivation {self.claim_id} needs two percentages")]
        year = re.search(self.baseline, change.row["quote_display"])
        if year is None:
            return None, [(self.claim_id, f"derivation {self.claim_id}: the quote does not name the comparison year "
                                        f"(pattern {self.baseline!r})")]
        points = l - x
        relative = l / (1 + x / 100)
        q = Decimal(1).scaleb(-self.decimals)
        lower, upper = sorted([points.quantize(q).normalize(), relative.quantize(q).normalize()])
        if lower < 0:
            return None, [(self.claim_id, f"derivation {self.claim_id}: the percentage-point reading is negative "
                                        f"({_num(points)}%)")]
        row = _base_row(self.claim_id, self.metric, level.row["source_id"], [level, change])
        row.update(
            bound="range", value=math.nan, lower=float(lower), upper=float(upper), unit="percent",
            as_of=f"{year[1]}-12-31", as_of_method=f"inferred: end of {year[1]} ({year[0]})",
            flag_as_of_inferred=True, flag_year_inferred=False,  # the year is printed in the change's quote
            **_described("level_before_change", labels, year=year[1], metric=self.metric, level=self.level, l=l,
                         change=self.change, quote=change.row["quote_display"], x=x, points=points,
                         factor=1 + x / 100, relative=relative.quantize(q), lower=lower, upper=upper),
        )
        return row, []


# The `rule` column of data/raw/derivations.csv -> its implementation (contracts.DERIVATION_RULES
# names the same keys, so the table's contract needs no import from this stage).
RULES: dict[str, type] = {"base_from_rate": BaseFromRate, "level_before_change": LevelBeforeChange}


@dataclass(frozen=True)
class Spec:
    """One row of data/raw/derivations.csv, checked: the rule applied to the claims it names."""

    line: int | None  # the row's line in the file (header = 1)
    inputs_cell: str
    rule: object  # an instance of one of RULES

    @property
    def claim_id(self) -> str:
        return self.rule.claim_id


def _lines(frame: pd.DataFrame) -> list[int]:
    rows = frame.attrs.get("rows")
    return list(rows) if rows is not None and len(rows) == len(frame) else [i + 2 for i in range(len(frame))]


def read_specs(frame: pd.DataFrame, claim_sources: dict[str, str], sources: set[str],
               metrics: set[str]) -> tuple[list[Spec], list[Problem]]:
    """The derivation table's rows as specs, and every problem with them at once.

    `claim_sources`: every claim id in claims.csv -> its source id (claims that failed to parse
    included: their own problem is reported by cleaning, not again here)."""
    frame = frame.reset_index(drop=True)
    lines = _lines(frame)
    frame.attrs = {"file": DERIVATIONS_FILE, "rows": lines}
    problems = derivation_problems(frame)
    bad_cells = {(p.row, p.column) for p in problems}
    bad_rows = {p.row for p in problems}
    specs: list[Spec] = []
    for i, r in enumerate(frame.to_dict("records")):
        line, before = lines[i], len(problems)

        def bad(column: str, message: str) -> None:
            problems.append(Problem(DERIVATIONS_FILE, f"derivation {r['derivation_id'] or '(no id)'}: {message}",
                                    row=line, column=column, value=r[column]))

        did, sid, metric = r["derivation_id"].strip(), r["source_id"].strip(), r["metric"].strip()
        if (line, "source_id") not in bad_cells and sid not in sources:
            bad("source_id", "unknown source id (not in data/raw/sources.csv)")
        elif (line, "derivation_id") not in bad_cells and not did.startswith(f"DER-{sid}-"):
            bad("derivation_id", f"a figure derived from source {sid} has an id DER-{sid}-NN")
        if (line, "metric") not in bad_cells and metric not in metrics:
            bad("metric", "unknown metric key (not in data/raw/metrics.csv)")
        cls = RULES.get(r["rule"].strip())
        if cls is None or (line, "inputs") in bad_cells:
            continue  # an unknown rule or unreadable inputs: reported by the contract
        roles: dict[str, str] = {}
        wrong: list[str] = []  # one problem per cell (make check lists one per cell), naming every fault
        for pair in split_ids(r["inputs"]):
            role, _, cid = (part.strip() for part in pair.partition("="))
            if role not in cls.ROLES:
                wrong.append(f"rule {r['rule']} has no role {role!r}")
                continue
            if role in roles:
                wrong.append(f"role {role!r} is given twice")
            elif cid not in claim_sources:
                wrong.append(f"{role}={cid}: unknown claim id (not in data/raw/claims.csv)")
            elif claim_sources[cid] != sid and sid in sources:  # an unknown source is its own problem
                wrong.append(f"{role}={cid}: a claim of source {claim_sources[cid]}, not of {sid}")
            roles.setdefault(role, cid)
        missing = [role for role in cls.ROLES if role not in roles]
        if missing:
            wrong.append(f"role(s) {', '.join(missing)} missing")
        if wrong:
            bad("inputs", "; ".join(wrong) + f" (rule {r['rule']} takes {', '.join(f'{x}=claim id' for x in cls.ROLES)})")
        if len(problems) == before and line not in bad_rows:
            specs.append(Spec(line, r["inputs"], cls(claim_id=did, metric=metric, **roles)))
    order = {column: k for k, column in enumerate(frame.columns)}
    return specs, sorted(problems, key=lambda p: (p.row or 0, order.get(p.column, 0)))


def derive_rows(records: dict[str, Record], failed: set[str], specs: Iterable[Spec],
                labels: dict[str, str] | None = None) -> tuple[list[dict], list[Problem]]:
    """The derived rows, and each spec whose inputs do not allow its rule (at its row, column 'inputs').
    `labels`: each metric's Vietnamese label (metrics.csv `label_vi`), for the Vietnamese derivation text."""
    rows, problems = [], []
    for spec in specs:
        row, found = spec.rule.apply(records, failed, labels)
        problems += [Problem(DERIVATIONS_FILE, message, row=spec.line, column="inputs", value=spec.inputs_cell)
                     for _, message in found]
        if row is not None:
            rows.append(row)
    return rows, problems
