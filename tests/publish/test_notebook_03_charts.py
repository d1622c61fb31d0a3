"""Notebook 03 under papermill with a cut-off date: charts of that edition, written beside the published ones."""

import shutil

import papermill as pm
import pytest
from conftest import ROOT, published_by, read_rows
from kernels import START_TIMEOUT, started_again

pytestmark = pytest.mark.slow


def test_as_of_run_writes_its_own_folder(tmp_path):
    root = tmp_path / "p"
    for folder in ("data", "figures"):
        shutil.copytree(ROOT / folder, root / folder)
    # a cut-off between the first and the last publication of the sources the identity chart shows
    shown = sorted({(r["published_date"], r["source_id"]) for r in read_rows(root / "figures/en/identity.csv")[1]})
    assert shown[0][0] < shown[-1][0], "the identity chart shows one publication date only"
    cut = shown[0][0]
    before = {p.name: p.read_bytes() for p in (root / "figures/en").iterdir() if p.is_file()}
    started_again(lambda: pm.execute_notebook(
        str(ROOT / "notebooks/03_charts.ipynb"), str(tmp_path / "03.ipynb"),
        parameters={"lang": "en", "as_of": cut, "root": str(root)}, cwd=str(ROOT / "notebooks"), progress_bar=False,
        kernel_name="python3", start_timeout=START_TIMEOUT))
    edition = root / f"figures/en/as-of-{cut}"
    written = sorted(p.name for p in edition.glob("*.csv"))
    assert "identity.csv" in written and set(written) <= {p.name for p in (root / "figures/en").glob("*.csv")}
    _, rows = read_rows(edition / "identity.csv")
    ids = {r["source_id"] for r in rows}
    assert ids and ids <= published_by(cut, root=root)  # nothing published after the cut-off
    assert {s for d, s in shown if d <= cut} <= ids
    after = {p.name: p.read_bytes() for p in (root / "figures/en").iterdir() if p.is_file()}
    assert after == before


def test_bad_language_stops_before_any_work(tmp_path):
    with pytest.raises(pm.PapermillExecutionError, match="lang must be one of vi, en"):
        started_again(lambda: pm.execute_notebook(
            str(ROOT / "notebooks/03_charts.ipynb"), str(tmp_path / "03.ipynb"), parameters={"lang": "fr"},
            cwd=str(ROOT / "notebooks"), progress_bar=False, kernel_name="python3", start_timeout=START_TIMEOUT))
