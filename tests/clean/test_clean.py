"""The cleaning step over the real claims, its derived rows, its output format and its refusals."""

import math
import subprocess
import sys

import pandas as pd
import pandera.errors
import pytest
from conftest import ROOT, edit_csv

from dean06.catalog import tables
from dean06.clean import step as clean
from dean06.problems import InputError
from dean06.catalog.contracts import CLAIMS_CLEAN_COLUMNS, validate_claims_clean


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return clean.clean_claims(*clean.load_raw(ROOT))


def row(table, cid) -> dict:
    [r] = table[table.claim_id == cid].to_dict("records")
    return r


def nan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)


def line_of(path, claim_id) -> int:
    """The CSV line of a claim (header = 1); claims.csv has no multi-line fields."""
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.startswith(claim_id + ","):
            return n
    raise AssertionError(claim_id)


def test_columns_rows_and_order(table):
    assert list(table.columns) == CLAIMS_CLEAN_COLUMNS
    raw = pd.read_csv(ROOT / "data/raw/claims.csv", dtype=str, keep_default_na=False)
    derived = tables.read("derivations", ROOT)["derivation_id"]  # one row per derived figure (test_derive.py)
    assert len(table) == len(raw) + len(derived)
    assert list(table.claim_id) == sorted(table.claim_id)
    assert set(raw.claim_id) | set(derived) == set(table.claim_id)


def test_lower_bound_in_millions(table):
    r = row(table, "LAK-231221-07")
    assert (r["value"], r["bound"], r["qualifier"], r["lower"], r["unit"]) == (11200000, "lower", "hơn", 11200000, "accounts")
    assert nan(r["upper"]) and nan(r["share"]) and nan(r["numerator"])
    assert r["value_text"] == "hơn 11,2 triệu"


def test_trillions_of_dong(table):
    r = row(table, "LAK-231221-10")
    assert (r["value"], r["unit"], r["bound"], r["lower"]) == (2.5e12, "VND", "lower", 2.5e12)


def test_billions_with_a_decimal_comma(table):
    assert row(table, "LAK-231221-13")["value"] == 1.3e9


def test_fraction(table):
    r = row(table, "QNO-230225-02")
    assert (r["value"], r["numerator"], r["denominator"]) == (58, 58, 63)
    assert r["share"] == pytest.approx(58 / 63, abs=1e-15)
    assert (r["as_of"], r["as_of_method"], r["flag_as_of_inferred"]) == ("2023-02-25", "relative (đến nay): event date", False)


def test_stated_as_of_and_percentage(table):
    r = row(table, "QNO-230225-03")
    assert (r["value"], r["as_of"], r["as_of_method"], r["flag_as_of_inferred"], r["flag_year_inferred"]) == \
        (20081536, "2023-02-17", "stated", False, False)
    r = row(table, "QNO-230225-04")
    assert (r["value"], r["unit"], r["share"], r["qualifier"], r["bound"], r["as_of"]) == \
        (92, "percent", 0.92, "đạt", "exact", "2023-02-17")
    r = row(table, "QNO-230225-06")
    assert (r["value"], r["share"], r["lower"], r["upper"]) == (94.03, 0.9403, 94.03, 94.03)


def test_repeat_and_inferred_as_of(table):
    r = row(table, "QNO-230225-05")
    assert (r["flag_repeated"], r["repeat_of"], r["value"]) == (True, "QNO-230225-01", 78553494)
    assert (r["as_of"], r["as_of_method"], r["flag_as_of_inferred"]) == ("2023-02-25", "inferred: event date", True)
    assert row(table, "QNO-230225-01")["flag_repeated"] is False


def test_leading_zero_and_relative_now(table):
    assert row(table, "LAK-231221-19")["value"] == 9
    r = row(table, "LAK-231221-16")
    assert (r["as_of"], r["as_of_method"], r["share"]) == ("2023-12-21", "relative (Hiện nay): event date", 0.63)


def test_change_percentage_is_not_a_share(table):
    r = row(table, "LAK-231221-17")
    assert (r["value"], r["unit"]) == (32.5, "percent") and nan(r["share"])


def test_quote_display_folds_no_break_spaces(table):
    assert not table.quote_display.str.contains("\u00a0").any()
    raw = pd.read_csv(ROOT / "data/raw/claims.csv", dtype=str, keep_default_na=False).set_index("claim_id")
    r = row(table, "TTXVN-220809-01")
    assert r["value_text"] == raw.loc["TTXVN-220809-01", "value_text"]


def test_plain_read_csv_frames_give_the_same_table(table):
    frames = [pd.read_csv(ROOT / f"data/raw/{n}.csv", dtype=str, keep_default_na=False)
              for n in ("claims", "sources", "metrics", "derivations")]
    pd.testing.assert_frame_equal(clean.clean_claims(*frames), table)


def test_output_is_deterministic_and_plain(table, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    clean.write_claims_clean(table, a)
    clean.write_claims_clean(table.sample(frac=1, random_state=1), b)  # order of rows must not matter
    data = a.read_bytes()
    assert data == b.read_bytes()
    assert b"\r" not in data and data.endswith(b"\n")
    text = data.decode("utf-8")
    assert ",78553494," in text and "78553494.0" not in text and "e+" not in text
    assert ",2500000000000," in text and ",0.9403," in text
    assert ",true," in text and "True" not in text
    back = pd.read_csv(a, dtype={"claim_id": str})
    assert back.flag_derived.dtype == bool and back.flag_derived.sum() == table.flag_derived.sum()


def test_year_inferred_from_event_date(project_copy):
    def edit(header, rows):
        next(r for r in rows if r["claim_id"] == "QNO-230225-03")["as_of_text"] = "17/2"
        next(r for r in rows if r["claim_id"] == "QNO-230225-04")["as_of_text"] = "17/2"
    edit_csv(project_copy / "data/raw/claims.csv", edit)
    t = clean.clean_claims(*clean.load_raw(project_copy))
    r = row(t, "QNO-230225-03")
    assert (r["as_of"], r["as_of_method"], r["flag_year_inferred"]) == ("2023-02-17", "stated, year inferred", True)
    # a figure derived from it carries the inferred year too
    assert t[t.derived_from.str.contains("QNO-230225-03")].flag_year_inferred.all()


BAD = {  # claim id -> (column, bad value, words the message must contain)
    "LAK-231221-13": ("value_text", "hơn 1.3 tỷ", "Did you mean"),
    "QNO-230225-03": ("as_of_text", "31/2/2023", "is not a date"),
    "QNO-230225-06": ("value_text", "194,03%", "a share over 100%"),
    "QNO-230225-02": ("value_text", "64/63", "larger than the denominator"),
    "TTXVN-220809-01": ("value_text", "chừng 10.000", "unknown qualifier"),
    "TTXVN-220809-02": ("value_text", "hơn 130.700 vạn", "unknown scale word"),
}


def damage(root):
    path = root / "data/raw/claims.csv"

    def edit(header, rows):
        for r in rows:
            if r["claim_id"] in BAD:
                column, value, _ = BAD[r["claim_id"]]
                r[column] = value
    edit_csv(path, edit)
    return path


def test_every_problem_is_reported_at_once(project_copy):
    path = damage(project_copy)
    with pytest.raises(InputError) as err:
        clean.clean_claims(*clean.load_raw(project_copy))
    assert len(err.value.problems) == len(BAD)
    text = str(err.value)
    for cid, (column, value, words) in BAD.items():
        [line] = [p for p in text.splitlines() if f"claim {cid}:" in p]
        assert f"data/raw/claims.csv, row {line_of(path, cid)}, column '{column}'" in line
        assert repr(value) in line and words in line


def test_cli_fails_and_leaves_previous_output(project_copy):
    damage(project_copy)
    out = project_copy / "data/processed/claims_clean.csv"
    out.parent.mkdir(parents=True)
    out.write_text("previous output\n")
    proc = subprocess.run([sys.executable, "-m", "dean06.clean", "--root", str(project_copy)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    for cid in BAD:
        assert f"claim {cid}:" in proc.stderr
    assert out.read_text() == "previous output\n"
    assert [p.name for p in out.parent.iterdir()] == ["claims_clean.csv"]  # no temporary file left


def test_cli_writes_the_table(project_copy):
    proc = subprocess.run([sys.executable, "-m", "dean06.clean", "--root", str(project_copy)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    written = (project_copy / "data/processed/claims_clean.csv").read_text(encoding="utf-8")
    assert written == clean.to_csv_text(clean.clean_claims(*clean.load_raw(ROOT)))


@pytest.mark.parametrize("claim_id, column, value, words", [
    ("QNO-230225-05", "same_statistic_as", "QNO-230225-99", "does not exist"),
    ("QNO-230225-05", "value_text", "78.553.495", "the figures differ"),
    ("QNO-230225-07", "metric", "no_such_metric", "unknown metric key"),
    ("QNO-230225-07", "source_id", "XX-000000", "unknown source id"),
    ("QNO-230225-07", "as_of_text", "1/3/2023", "after the source's publication date"),
    ("QNO-230225-06", "value_text", "94,03", "has no %"),
    ("QNO-230225-07", "value_text", "17,5%", "a percentage, but metric"),
    ("QNO-230225-07", "claim_id", "QNO-230225-06", "duplicate claim id"),
])
def test_other_bad_claims(project_copy, claim_id, column, value, words):
    path = project_copy / "data/raw/claims.csv"
    line = line_of(path, claim_id)  # editing keeps the order of rows
    edit_csv(path, lambda h, rows: next(r for r in rows if r["claim_id"] == claim_id).__setitem__(column, value))
    with pytest.raises(InputError) as err:
        clean.clean_claims(*clean.load_raw(project_copy))
    [problem] = err.value.problems
    assert words in problem.message and problem.row == line and problem.file == "data/raw/claims.csv"


def test_bad_source_date(project_copy):
    edit_csv(project_copy / "data/raw/sources.csv",
             lambda h, rows: next(r for r in rows if r["source_id"] == "QNO-230225").__setitem__("event_date", "2023-02-30"))
    with pytest.raises(InputError, match=r"data/raw/sources.csv, row 6, column 'event_date'"):
        clean.clean_claims(*clean.load_raw(project_copy))


@pytest.mark.parametrize("column, value", [("share", 1.2), ("lower", 1e12), ("bound", "roughly"),
                                           ("as_of", "2023-02-30"), ("numerator", 100.0)])
def test_schema_refuses_broken_tables(table, tmp_path, column, value):
    broken = table.copy()
    broken.loc[broken.claim_id == "QNO-230225-02", column] = value
    target = tmp_path / "out.csv"
    target.write_text("previous\n")
    with pytest.raises(pandera.errors.SchemaErrors):
        clean.write_claims_clean(broken, target)
    assert target.read_text() == "previous\n"


def test_schema_accepts_the_real_table(table):
    validate_claims_clean(table)
