"""Notebook 03 under papermill with a cut-off date: charts of that edition, written beside the published ones."""

import shutil

import papermill as pm
import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow


def test_as_of_run_writes_its_own_folder(tmp_path):
    root = tmp_path / "p"
    for folder in ("data", "figures"):
        shutil.copytree(ROOT / folder, root / folder)
    before = {p.name: p.read_bytes() for p in (root / "figures/en").iterdir() if p.is_file()}
    pm.execute_notebook(str(ROOT / "notebooks/03_charts.ipynb"), str(tmp_path / "03.ipynb"),
                        parameters={"lang": "en", "as_of": "2023-02-25", "root": str(root)},
                        cwd=str(ROOT / "notebooks"), progress_bar=False, kernel_name="python3")
    edition = root / "figures/en/as-of-2023-02-25"
    assert sorted(p.name for p in edition.glob("*.csv")) == [
        "coverage.csv", "identity.csv", "policy_documents.csv", "source_agreement.csv", "timeline.csv"]
    identity = (edition / "identity.csv").read_text(encoding="utf-8")
    assert "QNO-230225" in identity and "LAK-231221" not in identity  # December 2023 was not yet published
    after = {p.name: p.read_bytes() for p in (root / "figures/en").iterdir() if p.is_file()}
    assert after == before


def test_bad_language_stops_before_any_work(tmp_path):
    with pytest.raises(pm.PapermillExecutionError, match="lang must be one of vi, en"):
        pm.execute_notebook(str(ROOT / "notebooks/03_charts.ipynb"), str(tmp_path / "03.ipynb"),
                            parameters={"lang": "fr"}, cwd=str(ROOT / "notebooks"), progress_bar=False,
                            kernel_name="python3")
