"""Notebook 02 really executes under papermill, writes both tables, and honours as_of."""

import shutil

import pandas as pd
import papermill as pm
import pytest
from conftest import ROOT, published_by

from dean06.clean import step as clean

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    clean.write_claims_clean(clean.clean_claims(*clean.load_raw(root)), root / "data/processed/claims_clean.csv")
    return root


def run(project, tmp_path, **params):
    out = tmp_path / "02.ipynb"
    pm.execute_notebook(str(ROOT / "notebooks/02_reconcile.ipynb"), str(out), parameters={"root": str(project), **params},
                        cwd=str(ROOT / "notebooks"), progress_bar=False, kernel_name="python3")
    return out


def test_default_run_writes_ledger_and_reconciled(project, tmp_path):
    out = run(project, tmp_path)
    ledger = pd.read_csv(project / "data/processed/discrepancies.csv")
    assert "not_comparable:eid_accounts" in set(ledger["finding_id"])
    reconciled = pd.read_csv(project / "data/processed/reconciled.csv")
    assert len(reconciled) == reconciled[["metric", "as_of"]].drop_duplicates().shape[0] > 30
    assert "wrote data/processed/reconciled.csv" in out.read_text()


def test_as_of_run_writes_beside_the_default_outputs(project, tmp_path):
    before = (project / "data/processed/reconciled.csv").read_bytes()
    run(project, tmp_path, as_of="2023-02-25")
    early = pd.read_csv(project / "data/processed/as-of-2023-02-25/reconciled.csv")
    assert set(";".join(early["sources"]).split(";")) == published_by("2023-02-25")
    assert (project / "data/processed/reconciled.csv").read_bytes() == before


def test_invalid_as_of_fails_before_any_work(project, tmp_path):
    with pytest.raises(pm.PapermillExecutionError, match="as_of must be an ISO date"):
        run(project, tmp_path, as_of="25/02/2023")
