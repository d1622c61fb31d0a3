"""`make audit` also re-verifies the built outputs: lineage hashes and the reports' citation links."""

import shutil

import pytest
from conftest import ROOT

from dean06.build.audit import run as run_audit


@pytest.fixture
def built(tmp_path):
    for folder in ("data", "reports", "figures", "notebooks"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "CITATION.cff", tmp_path / "CITATION.cff")  # an input of the report step
    for path in (tmp_path / "data" / "raw").rglob("*"):
        path.chmod(0o644)
    return tmp_path


def messages(root):
    return "\n".join(str(p) for p in run_audit(root).problems)


def test_committed_build_passes(built):
    assert messages(built) == ""


def test_altered_output_is_named(built):
    path = built / "data/processed/reconciled.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("single_source", "corroborated", 1), encoding="utf-8")
    text = messages(built)
    assert "data/processed/reconciled.csv: output of step 'reconcile' (notebooks/02_reconcile.ipynb) was altered" in text


def test_changed_input_makes_outputs_stale(built):
    path = built / "data/raw/decisions.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "data/raw/decisions.csv: input of step 'reconcile'" in messages(built)


def test_report_link_to_wrong_hash_is_named(built):
    page = built / "reports/de-an-06.en.html"
    text = page.read_text(encoding="utf-8")
    good = "1b98e727155ea2f7648f1a25b5c310e42bb54ccdd0dd9ec690b0762331a37306"
    page.write_text(text.replace(good, "0" * 64), encoding="utf-8")
    out = messages(built)
    assert "reports/de-an-06.en.html: appendix entry for claim QNO-230225-03 gives article hash 0000" in out
    # the page was also altered after it was built
    assert "output of step 'report-en'" in out


def test_dangling_link_in_report_is_named(built):
    page = built / "reports/de-an-06.vi.html"
    page.write_text(page.read_text(encoding="utf-8").replace('id="claim-LAK-231221-15"', 'id="gone"'), encoding="utf-8")
    assert "internal link #claim-LAK-231221-15 points nowhere" in messages(built)
