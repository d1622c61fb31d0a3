"""Notebook 01 run by papermill as the pipeline runs it, on the archive (with a claim of every kind) and
on damaged data."""

import math
import re

import nbformat
import pandas as pd
import papermill
import pytest
from cases import corpus as build_corpus
from claim_cases import CASES, DEC, WHOLE, match, num, printed
from conftest import ROOT, edit_csv, read_rows
from kernels import START_TIMEOUT, started_again

from dean06.catalog import tables
from dean06.clean import step as clean

NOTEBOOK = ROOT / "notebooks" / "01_clean.ipynb"
pytestmark = pytest.mark.slow


def run(tmp_path, **parameters):
    return started_again(lambda: papermill.execute_notebook(
        str(NOTEBOOK), str(tmp_path / "01_clean.out.ipynb"), parameters=parameters, cwd=str(ROOT / "notebooks"),
        kernel_name="python3", progress_bar=False, start_timeout=START_TIMEOUT))


def test_committed_notebook_is_clean_and_parameterised():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    [params] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert 'root = None' in params.source and 'output = "data/processed/claims_clean.csv"' in params.source
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    ids = [c.id for c in nb.cells]
    assert len(set(ids)) == len(ids) and "parameters" in ids  # explicit, readable ids


def test_notebook_writes_the_clean_table(tmp_path):
    # The archive plus a constructed claim for each kind of figure it lacks, so every kind is shown.
    corpus = build_corpus(ROOT, tmp_path / "corpus", CASES)
    out = tmp_path / "claims_clean.csv"
    executed = run(tmp_path, root=str(corpus.root), output=str(out))
    table = pd.read_csv(out, dtype={c: str for c in ("claim_id", "value_text", "as_of_text", "repeat_of")},
                        keep_default_na=False, na_values=[""])
    by_id = table.set_index("claim_id")

    for cid in corpus["millions_above"]:
        r, x = by_id.loc[cid], float(num(match(rf"hơn ({DEC}) triệu", corpus.claims[cid])[1]) * 10**6)
        assert (r.value, r.bound, r.lower, r.unit) == (x, "lower", x, corpus.metrics[r.metric]["unit"])
        assert math.isnan(r.upper)
    for cid in corpus["trillions_of_dong"]:
        x = float(num(match(rf"(?:hơn|trên) ({DEC}) nghìn tỷ đồng", corpus.claims[cid])[1]) * 10**12)
        assert (by_id.loc[cid, "value"], by_id.loc[cid, "unit"]) == (x, "VND")
    for cid in corpus["fraction"]:
        r = by_id.loc[cid]
        a, b = (int(num(g)) for g in match(rf"({WHOLE})/({WHOLE})", corpus.claims[cid]).groups())
        assert (r.numerator, r.denominator) == (a, b) and r.share == pytest.approx(a / b, abs=1e-14)
    for cid in corpus["stated_date"]:
        r = by_id.loc[cid]
        d, m, y = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})$", corpus.claims[cid]["as_of_text"]).groups()
        assert (r.as_of, r.as_of_method, bool(r.flag_as_of_inferred)) == (f"{y}-{int(m):02d}-{int(d):02d}", "stated", False)
    for cid in corpus["repeat"]:
        r = by_id.loc[cid]
        assert bool(r.flag_repeated) and r.repeat_of == corpus.claims[cid]["same_statistic_as"]
    for cid in corpus["leading_zero"]:
        assert by_id.loc[cid, "value"] == int(printed(corpus.claims[cid]))
    for cid in corpus["billions_decimal_comma"]:
        x = float(num(match(r"(?:hơn |trên )?(\d+,\d+) tỷ", corpus.claims[cid])[1]) * 10**9)
        assert by_id.loc[cid, "value"] == x
    derived = list(tables.read("derivations", corpus.root)["derivation_id"])  # their arithmetic: test_derive.py
    assert sorted(table.claim_id[table.flag_derived]) == sorted(derived)

    # The notebook's file is the CLI's file, byte for byte.
    assert out.read_text(encoding="utf-8") == clean.to_csv_text(clean.clean_claims(*clean.load_raw(corpus.root)))

    # It shows the summary and lists every inferred value.
    shown = "\n".join(o.get("data", {}).get("text/plain", "") + o.get("text", "")
                      for c in executed.cells if c.cell_type == "code" for o in c.outputs)
    for cid in derived:
        assert cid in shown
    for case in ("relative_as_of", "undated"):  # a figure dated by relative wording, one with no date printed
        assert corpus[case][0] in shown
    [inferred] = [c for c in executed.cells if c.get("id") == "inferred"]
    listed = inferred.outputs[0]["data"]["text/html"]
    assert "as-of read from relative wording" in listed and "derived from" in listed
    assert "as-of inferred (inferred: event date)" in listed
    if table.flag_year_inferred.any():  # a date printed without its year ('8/11', 'By August 6')
        assert "year inferred from the event date" in listed
    supplied = (table.flag_as_of_inferred | table.flag_year_inferred | table.flag_derived
                | table.as_of_method.str.startswith("relative"))
    for cid in table.claim_id[supplied]:
        assert f"<td>{cid}</td>" in listed
    for cid in table.claim_id[~supplied]:  # the claims whose copy prints their date, year included
        assert f"<td>{cid}</td>" not in listed
    _, raw_claims = read_rows(corpus.root / "data/raw/claims.csv")
    assert (~supplied).sum() == sum(bool(re.search(r"\d{4}", c["as_of_text"])) for c in raw_claims)


def test_notebook_fails_on_bad_input_and_keeps_previous_output(project_copy, tmp_path):
    claims = tables.read("claims", project_copy)
    bad_value, bad_date = claims.claim_id.iloc[0], claims.claim_id.iloc[-1]  # any two claims

    def edit(header, rows):
        next(r for r in rows if r["claim_id"] == bad_value)["value_text"] = "hơn 1.3 tỷ"
        next(r for r in rows if r["claim_id"] == bad_date)["as_of_text"] = "31/2/2023"
    edit_csv(project_copy / "data/raw/claims.csv", edit)
    out = project_copy / "data/processed/claims_clean.csv"
    out.parent.mkdir(parents=True)
    out.write_text("previous output\n")
    with pytest.raises(papermill.PapermillExecutionError) as err:
        run(tmp_path, root=str(project_copy))  # default output, relative to the damaged root
    message = str(err.value)
    assert "InputError" in message and f"claim {bad_value}:" in message and f"claim {bad_date}:" in message
    assert out.read_text() == "previous output\n"
    assert [p.name for p in out.parent.iterdir()] == ["claims_clean.csv"]
