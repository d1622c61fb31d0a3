"""Derived figures: declared in data/raw/derivations.csv, computed by the rules of clean/derive.py.

The arithmetic is tested on a constructed corpus (fictional sources, claims and metrics, built
here); the real table is only checked for what holds of any row (each row gives one derived row
built from the claims it names); every kind of bad row is made in a copy of data/raw and must be
reported with file, row, column and value, all at once, by cleaning, `make check` and step 01.
"""

import math
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, edit_csv, read_rows

from dean06.catalog import contracts, tables
from dean06.catalog.contracts import validate_claims_clean
from dean06.clean import derive
from dean06.clean import step as clean
from dean06.problems import InputError
from dean06.reconcile.check import run_check

FILE = "data/raw/derivations.csv"


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=columns, dtype=str)


def corpus(claims: list[dict], derivations: list[dict]):
    """Frames as load_raw gives them (every declared column; cells the rules do not read left empty):
    two fictional sources and the metrics the claims use."""
    sources = frame([{"source_id": "TST-230301", "event_date": "2023-03-01", "published_date": "2023-03-02", "language": "vi"},
                     {"source_id": "OTH-230301", "event_date": "2023-03-01", "published_date": "2023-03-01", "language": "vi"}],
                    tables.COLUMNS["sources"])
    metrics = frame([{"metric": "approved", "kind": "cumulative_count", "unit": "applications"},
                     {"metric": "approval_rate", "kind": "share", "unit": "percent"},
                     {"metric": "received", "kind": "cumulative_count", "unit": "applications"},
                     {"metric": "secure_share", "kind": "share", "unit": "percent"},
                     {"metric": "secure_change", "kind": "change", "unit": "percent"}],
                    tables.COLUMNS["metrics"])
    return (frame(claims, tables.COLUMNS["claims"]), sources, metrics,
            frame(derivations, tables.COLUMNS["derivations"]))


def claim(cid, metric, value_text, quote=None, as_of_text="", source="TST-230301"):
    return {"claim_id": cid, "source_id": source, "metric": metric, "value_text": value_text,
            "quote": quote or f"con số {value_text}", "as_of_text": as_of_text}


def spec(did, rule, metric, inputs, source="TST-230301"):
    return {"derivation_id": did, "source_id": source, "rule": rule, "metric": metric, "inputs": inputs,
            "note": "constructed for the test"}


RATE = [claim("TST-230301-01", "approved", "1.000.000", as_of_text="20/2/2023"),
        claim("TST-230301-02", "approval_rate", "80%", as_of_text="20/2/2023")]
BASE = spec("DER-TST-230301-01", "base_from_rate", "received", "rate=TST-230301-02;count=TST-230301-01")
CHANGE = [claim("TST-230301-03", "secure_share", "60%"),
          claim("TST-230301-04", "secure_change", "20%", quote="tăng 20% so với năm 2022")]
LEVEL = spec("DER-TST-230301-02", "level_before_change", "secure_share", "level=TST-230301-03;change=TST-230301-04")


def derived(table, did) -> dict:
    [row] = table[table.claim_id == did].to_dict("records")
    return row


def test_the_contract_names_exactly_the_implemented_rules():
    assert set(contracts.DERIVATION_RULES) == set(derive.RULES)


def test_base_from_rate_is_the_range_of_whole_numbers_the_rounded_rate_allows():
    table = clean.clean_claims(*corpus(RATE, [BASE]))
    r = derived(table, BASE["derivation_id"])
    assert (r["metric"], r["source_id"], r["flag_derived"], r["bound"]) == ("received", "TST-230301", True, "approx")
    assert r["derived_from"] == "TST-230301-01;TST-230301-02"  # the rule's order of roles, not the cell's
    assert r["value"] == 1_250_000 and r["unit"] == "applications" and r["as_of"] == "2023-02-20"
    # every whole N with 79.5% <= 1,000,000 / N < 80.5%, and no other
    assert 0.795 <= 1e6 / r["lower"] < 0.805 and 1e6 / (r["lower"] - 1) >= 0.805
    assert 0.795 <= 1e6 / r["upper"] < 0.805 and 1e6 / (r["upper"] + 1) < 0.795
    assert "1000000 / 80%" in r["derivation"]


def test_level_before_change_keeps_both_readings():
    table = clean.clean_claims(*corpus(CHANGE, [LEVEL]))
    r = derived(table, LEVEL["derivation_id"])
    assert r["bound"] == "range" and math.isnan(r["value"])
    assert r["lower"] == 40 and r["upper"] == pytest.approx(60 / 1.2, abs=1e-4)
    assert (r["as_of"], r["flag_as_of_inferred"], r["unit"]) == ("2022-12-31", True, "percent")
    assert "percentage points" in r["derivation"] and "relative" in r["derivation"]
    assert "điểm phần trăm" in r["derivation_vi"] and "tương đối" in r["derivation_vi"]  # the same, in Vietnamese


def test_inputs_printed_without_a_year_give_a_row_the_contract_accepts():
    """The level's date takes its year from the event; the earlier level's year is printed in the change."""
    no_year = [dict(CHANGE[0], as_of_text="20/2"), CHANGE[1],
               dict(RATE[0], as_of_text="20/2"), dict(RATE[1], as_of_text="20/2")]
    table = clean.clean_claims(*corpus(no_year, [LEVEL, BASE]))
    validate_claims_clean(table)
    assert derived(table, BASE["derivation_id"])["flag_year_inferred"]
    assert not derived(table, LEVEL["derivation_id"])["flag_year_inferred"]


def test_no_derivations_no_derived_rows():
    table = clean.clean_claims(*corpus(RATE + CHANGE, []))
    assert not table["flag_derived"].any() and len(table) == len(RATE + CHANGE)


BAD_ROWS = [  # (row as written, column the problem names, words of the message)
    (spec("DER-TST-230301-01", "guess", "received", "count=TST-230301-01"), "rule", "unknown rule"),
    (spec("DER-TST-230301-01", "base_from_rate", "received", "count=TST-230301-01;size=TST-230301-02"),
     "inputs", "has no role 'size'"),
    (spec("DER-TST-230301-01", "base_from_rate", "received", "count=TST-230301-01"), "inputs", "rate missing"),
    (spec("DER-TST-230301-01", "base_from_rate", "received", "count=TST-230301-01;rate=TST-230301-09"),
     "inputs", "unknown claim id"),
    (spec("DER-TST-230301-01", "base_from_rate", "received", "count=TST-230301-01;rate=OTH-230301-01"),
     "inputs", "a claim of source OTH-230301"),
    (spec("DER-TST-230301-01", "base_from_rate", "no_such_metric", "count=TST-230301-01;rate=TST-230301-02"),
     "metric", "unknown metric key"),
    (spec("DER-TST-230301-01", "base_from_rate", "received", "count TST-230301-01"), "inputs", "role=claim id"),
    (spec("DER-TST-230301-01", "base_from_rate", "received", "count=TST-230301-01;rate=TST-230301-02",
          source="NON-230301"), "source_id", "unknown source id"),
    (spec("DER-OTH-230301-01", "base_from_rate", "received", "count=TST-230301-01;rate=TST-230301-02"),
     "derivation_id", "has an id DER-TST-230301-NN"),
    (spec("TST-230301-01", "base_from_rate", "received", "count=TST-230301-01;rate=TST-230301-02"),
     "derivation_id", "must be DER-"),
    (spec("DER-TST-230301-01", "base_from_rate", "received", "count=TST-230301-02;rate=TST-230301-01"),
     "inputs", "needs a count and a percentage"),
]


@pytest.mark.parametrize("row, column, words", BAD_ROWS, ids=[f"{c}: {w}" for _, c, w in BAD_ROWS])
def test_a_bad_row_names_file_row_column_and_value(row, column, words):
    other = claim("OTH-230301-01", "approval_rate", "80%", source="OTH-230301")
    with pytest.raises(InputError) as err:
        clean.clean_claims(*corpus(RATE + [other], [row]))
    [problem] = err.value.problems
    assert (problem.file, problem.row, problem.column) == (FILE, 2, column)
    assert problem.value == row[column] and words in problem.message, str(problem)


def test_a_count_too_small_for_its_rounded_rate_is_an_error():
    """7 / N is never in [30.5%, 31.5%): no whole base is consistent with both figures."""
    small = [dict(RATE[0], value_text="7", quote="con số 7"), dict(RATE[1], value_text="31%", quote="con số 31%")]
    with pytest.raises(InputError) as err:
        clean.clean_claims(*corpus(small, [BASE]))
    [problem] = err.value.problems
    assert (problem.file, problem.row, problem.column) == (FILE, 2, "inputs") and "no whole number" in problem.message


def test_a_duplicate_id_is_reported_on_its_second_row():
    with pytest.raises(InputError) as err:
        clean.clean_claims(*corpus(RATE + CHANGE, [BASE, dict(LEVEL, derivation_id=BASE["derivation_id"])]))
    [problem] = err.value.problems
    assert (problem.row, problem.column, problem.value) == (3, "derivation_id", BASE["derivation_id"])
    assert "duplicate" in problem.message


def test_an_input_that_does_not_parse_is_reported_once_at_its_claim():
    bad = [dict(RATE[0], value_text="một triệu"), RATE[1]]
    with pytest.raises(InputError) as err:
        clean.clean_claims(*corpus(bad, [BASE]))
    [problem] = err.value.problems
    assert problem.column == "value_text" and "TST-230301-01" in problem.message


# The real table: what holds of every row, whatever rows it holds.

def real_specs() -> pd.DataFrame:
    return tables.read("derivations", ROOT)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return clean.clean_claims(*clean.load_raw(ROOT))


def test_every_row_of_the_real_table_gives_one_derived_row(table):
    specs = real_specs()
    rows = table[table["flag_derived"]].set_index("claim_id")
    assert sorted(rows.index) == sorted(specs["derivation_id"])
    reported = table[~table["flag_derived"]].set_index("claim_id")
    for s in specs.itertuples():
        inputs = [pair.split("=", 1)[1] for pair in s.inputs.split(";")]
        r = rows.loc[s.derivation_id]
        assert (r["metric"], r["source_id"]) == (s.metric, s.source_id)
        assert sorted(r["derived_from"].split(";")) == sorted(inputs)
        assert set(reported.loc[inputs, "source_id"]) == {s.source_id}
        assert r["derivation"]


def test_removing_an_input_claim_is_an_error_naming_the_derivation(project_copy):
    specs = real_specs()
    if specs.empty:
        pytest.skip("the archive declares no derivation")
    first = specs.iloc[0]
    gone = first["inputs"].split(";")[0].split("=", 1)[1]
    edit_csv(project_copy / "data/raw/claims.csv", lambda h, rows: rows.remove(next(r for r in rows if r["claim_id"] == gone)))
    with pytest.raises(InputError) as err:
        clean.clean_claims(*clean.load_raw(project_copy))
    [problem] = [p for p in err.value.problems if p.file == FILE]
    assert problem.row == specs.attrs["rows"][0] and problem.column == "inputs" and gone in problem.message


def damage_real_table(root):
    """Three bad rows appended to a copy of the real table, naming real sources and claims read from the data."""
    _, claims = read_rows(root / "data/raw/claims.csv")
    a, b = list(dict.fromkeys(c["source_id"] for c in claims))[:2]  # two sources that print figures
    of_b = next(c["claim_id"] for c in claims if c["source_id"] == b)
    header, rows = read_rows(root / FILE)
    first = len(rows) + 2
    edit_csv(root / FILE, lambda h, rows: rows.extend([
        spec(f"DER-{a}-90", "guess", "no_such_metric", f"count={of_b}", source=a),
        spec(f"DER-{a}-91", "base_from_rate", "no_such_metric", f"count={of_b}", source=a),
        spec(f"DER-{a}-92", "level_before_change", "no_such_metric", f"level={a}-99;change={of_b}", source=a)]))
    return first, [(first, "rule"), (first, "metric"), (first + 1, "metric"), (first + 1, "inputs"),
                   (first + 2, "metric"), (first + 2, "inputs")]


def test_make_check_lists_every_bad_row_at_once(project_copy):
    first, expected = damage_real_table(project_copy)
    result = run_check(project_copy)
    found = [(p.row, p.column) for p in result.problems if p.file == FILE]
    assert not result.ok and found == expected
    assert all(p.value is not None for p in result.problems if p.file == FILE)


def test_step_01_stops_on_a_bad_row_without_a_traceback(project_copy):
    first, expected = damage_real_table(project_copy)
    proc = subprocess.run([sys.executable, "-m", "dean06.clean", "--root", str(project_copy)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    for row, column in expected:
        assert f"{FILE}, row {row}, column '{column}'" in proc.stderr
    assert not (project_copy / "data/processed/claims_clean.csv").exists()
