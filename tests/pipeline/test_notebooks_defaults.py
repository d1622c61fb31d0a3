"""Every notebook runs top to bottom with its default parameters, as in JupyterLab: nbclient, no
parameter injection, working folder notebooks/, on a scratch copy of the project."""

import os
import shutil

import nbformat
import pytest
from conftest import ROOT
from kernels import START_TIMEOUT, started_again
from nbclient import NotebookClient

from dean06 import paths

pytestmark = pytest.mark.slow
NOTEBOOKS = ["01_clean.ipynb", "02_reconcile.ipynb", "03_charts.ipynb", "04_report.ipynb"]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    for folder in ("data", "figures", "notebooks"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "requirements.lock", root / "requirements.lock")
    shutil.copy(ROOT / "CITATION.cff", root / "CITATION.cff")  # the report prints how to cite
    return root


def test_notebooks_run_in_order_with_defaults(scratch, monkeypatch):
    monkeypatch.setenv("DEAN06_ROOT", str(scratch))  # what `make lab` exports for the checkout
    for name in NOTEBOOKS:
        nb = nbformat.read(scratch / "notebooks" / name, as_version=4)
        started_again(NotebookClient(nb, timeout=300, startup_timeout=START_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(scratch / "notebooks")}}).execute)
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert errors == [], name
    assert (scratch / "data/processed/claims_clean.csv").read_bytes() == (ROOT / "data/processed/claims_clean.csv").read_bytes()
    assert (scratch / "figures/vi/identity.csv").read_bytes() == (ROOT / "figures/vi/identity.csv").read_bytes()
    # the run manifest is on the companion page the notebook writes beside the story
    evidence = (scratch / paths.evidence_page("vi")).read_text(encoding="utf-8")
    assert 'id="manifest"' in evidence and "<td><code>vi</code></td>" in evidence
