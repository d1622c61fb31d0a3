"""Notebook 02 really executes under papermill, writes both tables, and honours as_of."""

import shutil

import pandas as pd
import papermill as pm
import pytest
from conftest import ROOT, published_by, read_rows
from kernels import START_TIMEOUT, started_again

from dean06.clean import step as clean
from dean06.reconcile import step as reconcile

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    clean.write_claims_clean(clean.clean_claims(*clean.load_raw(root)), root / "data/processed/claims_clean.csv")
    # the default outputs as the step writes them, for the tests that run the notebook with a cut-off
    reconcile.write_outputs(reconcile.run(root), root / "data/processed")
    return root


def run(project, tmp_path, **params):
    out = tmp_path / "02.ipynb"
    started_again(lambda: pm.execute_notebook(
        str(ROOT / "notebooks/02_reconcile.ipynb"), str(out), parameters={"root": str(project), **params},
        cwd=str(ROOT / "notebooks"), progress_bar=False, kernel_name="python3", start_timeout=START_TIMEOUT))
    return out


def test_default_run_writes_ledger_and_reconciled(project, tmp_path):
    for name in ("discrepancies.csv", "reconciled.csv"):
        (project / "data/processed" / name).unlink()
    out = run(project, tmp_path)
    ledger = pd.read_csv(project / "data/processed/discrepancies.csv", keep_default_na=False)
    assert list(ledger["finding_id"]) == list(reconcile.run(project).discrepancies["finding_id"]) != []
    reconciled = pd.read_csv(project / "data/processed/reconciled.csv")
    cleaned = pd.read_csv(project / "data/processed/claims_clean.csv")
    # one published row per metric and date printed
    assert len(reconciled) == reconciled[["metric", "as_of"]].drop_duplicates().shape[0] \
        == cleaned[["metric", "as_of"]].drop_duplicates().shape[0]
    assert "wrote data/processed/reconciled.csv" in out.read_text()


def test_as_of_run_writes_beside_the_default_outputs(project, tmp_path):
    before = (project / "data/processed/reconciled.csv").read_bytes()
    dates = sorted({r["published_date"] for r in read_rows(project / "data/raw/sources.csv")[1]})
    cut = dates[(len(dates) - 1) // 2]  # some of the archive, not all of it, when it spans several dates
    run(project, tmp_path, as_of=cut)
    early = pd.read_csv(project / f"data/processed/as-of-{cut}/reconciled.csv")
    assert set(";".join(early["sources"]).split(";")) == published_by(cut)
    assert (project / "data/processed/reconciled.csv").read_bytes() == before


def test_invalid_as_of_fails_before_any_work(project, tmp_path):
    with pytest.raises(pm.PapermillExecutionError, match="as_of must be an ISO date"):
        run(project, tmp_path, as_of="25/02/2023")
