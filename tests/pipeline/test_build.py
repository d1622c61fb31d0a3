"""The build's own guards: parameters checked first, hand-edited intermediate outputs refused."""

import datetime as dt
import subprocess

import pytest
from conftest import ROOT, read_rows

from dean06.pipeline import lineage
from dean06.pipeline import steps as build
from dean06.publish import report


def test_edition_rejects_a_date_before_the_first_article():
    first = min(r["published_date"] for r in read_rows(ROOT / "data/raw/sources.csv")[1])
    day_before = (dt.date.fromisoformat(first) - dt.timedelta(days=1)).isoformat()
    with pytest.raises(ValueError, match=rf"as_of {day_before} is before any archived article was published "
                                         rf"\(the first was on {first}\)"):
        build.edition("en", day_before)


def test_report_rejects_a_date_before_the_first_article(tmp_path):
    with pytest.raises(ValueError, match="before any archived article was published"):
        report.build(ROOT, "vi", "2019-01-01")


def test_edition_needs_a_date_and_a_known_language():
    with pytest.raises(ValueError, match="an edition needs a cut-off date"):
        build.edition("vi", None)
    with pytest.raises(ValueError, match="lang must be one of vi, en"):
        build.edition("fr", "2023-02-25")


def test_make_edition_checks_parameters_before_any_work():
    proc = subprocess.run(["make", "-s", "edition", "lang=fr", "as_of=2023-02-25"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "lang must be one of vi, en; got 'fr'" in proc.stderr
    assert "[clean]" not in proc.stdout and "[report" not in proc.stdout


def test_a_hand_edited_upstream_output_is_refused(tmp_path):
    (tmp_path / "data/processed").mkdir(parents=True)
    table = tmp_path / "data/processed/claims_clean.csv"
    table.write_text("claim_id\nA-1\n", encoding="utf-8")
    (tmp_path / "nb.ipynb").write_text("{}", encoding="utf-8")
    lineage.record(tmp_path, "clean", "nb.ipynb", {}, [tmp_path / "nb.ipynb"], [table])
    run = build.Run("reconcile", "nb.ipynb", "out.ipynb", {}, ["data/processed/claims_clean.csv"], [])
    build.check_upstream(run, tmp_path)  # untouched: fine
    table.write_text("claim_id\nA-1\nA-2\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"data/processed/claims_clean.csv \(built by step 'clean'\)"):
        build.check_upstream(run, tmp_path)


@pytest.mark.slow
def test_an_edition_keeps_what_it_knew_beside_its_page(tmp_path):
    """`make edition`'s step, for real: the dated page, and beside it the numbers it prints and its own
    reconciliation, which match the same cut-off reconciled in memory."""
    import os
    import shutil
    import sys

    import pandas as pd

    from dean06 import paths
    from dean06.reconcile import step as reconcile

    root = tmp_path / "project"
    for folder in ("data", "notebooks", "figures", "reports"):
        shutil.copytree(ROOT / folder, root / folder)
    for name in ("requirements.lock", "pyproject.toml", "CITATION.cff"):
        shutil.copy(ROOT / name, root / name)
    dates = sorted({r["published_date"] for r in read_rows(ROOT / "data/raw/sources.csv")[1]})
    cut = dates[len(dates) // 2]
    env = dict(os.environ, DEAN06_ROOT=str(root))
    proc = subprocess.run([sys.executable, "-m", "dean06.pipeline", "edition", "--lang", "en", "--as-of", cut],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    page = (root / paths.report_page("en", cut)).read_text(encoding="utf-8")
    kept = paths.edition_tables("en", cut)
    for rel in kept.values():
        assert (root / rel).is_file(), rel
        assert f'href="{rel.rsplit("/", 1)[-1]}"' in page  # linked from the page's downloads
    ledger = pd.read_csv(root / kept["discrepancies"], dtype=str, keep_default_na=False)
    assert list(ledger["finding_id"]) == list(reconcile.run(root, cut).discrepancies["finding_id"])
    printed = pd.read_csv(root / kept["printed"], dtype=str, keep_default_na=False)
    published = {r["source_id"] for r in read_rows(root / "data/raw/sources.csv")[1] if r["published_date"] <= cut}
    assert not printed.empty and set(printed["source_id"]) <= published
