"""The catalogue: one declaration of each table's columns and one strict, typed reader for all."""

import csv
import io
import shutil

import pandas as pd
import pytest
from conftest import ROOT

from dean06.catalog import tables
from dean06.problems import InputError


@pytest.mark.parametrize("name", sorted(tables.SPECS))
def test_every_table_reads_with_its_declared_columns_and_types(name):
    frame = tables.read(name, ROOT)
    spec = tables.SPECS[name]
    assert list(frame.columns) == spec.columns
    assert len(frame.attrs["rows"]) == len(frame) and all(line >= 2 for line in frame.attrs["rows"])
    for column in spec.numeric:
        assert frame[column].dtype == float, column
    for column in spec.boolean:
        assert frame[column].dtype == bool, column


@pytest.fixture
def copy(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def test_bad_cells_are_all_reported_with_file_row_and_column(copy):
    path = copy / "data/processed/claims_clean.csv"
    # read as CSV: a quote holding a comma ("so far, …") is one cell, wherever the row comes from
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index("flag_derived")] = "maybe"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(InputError) as err:
        tables.read("claims_clean", copy)
    text = str(err.value)
    assert "data/processed/claims_clean.csv, row 2, column 'flag_derived': must be true or false (value: 'maybe')" in text


def test_a_missing_column_is_named(copy):
    path = copy / "data/raw/metrics.csv"
    text = path.read_text(encoding="utf-8").split("\n")
    text[0] = text[0].replace("family", "famly")
    path.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(InputError, match="required column 'family' is missing"):
        tables.read("metrics", copy)


def test_frames_built_in_memory_get_the_same_types():
    frame = tables.conform("claims_clean", pd.DataFrame({"claim_id": ["A-000000-01"],
                                                 "value": ["12"], "flag_derived": ["true"]}))
    assert list(frame.columns)[:1] == ["claim_id"] and set(tables.COLUMNS["claims_clean"]) <= set(frame.columns)
    assert frame.loc[0, "value"] == 12.0 and bool(frame.loc[0, "flag_derived"]) and frame["flag_derived"].dtype == bool
    assert tables.split_ids(" a; ;b ") == ["a", "b"] and tables.split_ids(float("nan")) == []


@pytest.mark.parametrize("name", sorted(n for n, spec in tables.SPECS.items() if spec.nonempty))
def test_rows_for_row_by_row_checks_come_with_every_problem_at_once(copy, name):
    spec = tables.SPECS[name]
    table, problems = tables.read_rows(name, copy)
    assert problems == [] and set(spec.columns) <= set(table.columns)
    assert table.rows, f"{name} has no row to empty"
    path = spec.path(copy)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    while len(rows) < 3:  # a table of one row (context.csv) gets a copy of it: two rows to empty
        rows.append(list(rows[-1]))
    header = rows[0]
    column = spec.nonempty[-1]
    for row in rows[1:3]:
        row[header.index(column)] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    table, problems = tables.read_rows(name, copy)
    assert len(table.rows) == len(rows) - 1  # the rows are still there for the caller's own checks
    lines = [table.rows[0]["_row"], table.rows[1]["_row"]]
    assert [str(p) for p in problems] == [f"{spec.relative()}, row {line}, column '{column}': a value is required "
                                          f"(value: '')" for line in lines]
    assert tables.read_rows(name, copy, required_cells=False)[1] == []


def test_rows_of_a_table_missing_a_declared_column_are_not_read(copy):
    path = copy / "data/raw/claims.csv"
    text = path.read_text(encoding="utf-8").split("\n")
    text[0] = text[0].replace("quote", "qoute")
    path.write_text("\n".join(text), encoding="utf-8")
    table, problems = tables.read_rows("claims", copy)
    assert table is None
    assert [p.column for p in problems] == ["quote"] and problems[0].file == "data/raw/claims.csv"
