"""`make reconcile as_of=DATE` writes that date's ledger beside the default tables, never over them."""

import hashlib
import shutil
import subprocess
import sys

import pandas as pd
from conftest import ROOT

from dean06.catalog import tables


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_cut_off_run_writes_its_own_folder(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    sources = tables.read("sources", tmp_path)
    first = sorted(sources["published_date"])[0]
    default = {p.name: digest(p) for p in (tmp_path / "data/processed").glob("*.csv")}
    env = {"DEAN06_ROOT": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-m", "dean06.reconcile", "--as-of", first], env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "data/processed" / f"as-of-{first}"
    ledger = tables.conform("discrepancies", pd.read_csv(folder / "discrepancies.csv", dtype=str,
                                                     keep_default_na=False))
    kept = set(sources[sources["published_date"] <= first]["source_id"])
    assert all(set(s.split(";")) <= kept for s in ledger["sources"])
    assert {p.name: digest(p) for p in (tmp_path / "data/processed").glob("*.csv")} == default


def test_make_reconcile_with_a_date_runs_it():
    out = subprocess.run(["make", "-n", "reconcile", "as_of=2099-01-01"], cwd=ROOT, capture_output=True, text=True).stdout
    assert 'dean06.reconcile --as-of "2099-01-01"' in out
