"""The build's own guards: parameters checked first, hand-edited intermediate outputs refused."""

import datetime as dt
import subprocess

import pytest
from conftest import ROOT, read_rows

from dean06.build import lineage
from dean06.build import steps as build
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
