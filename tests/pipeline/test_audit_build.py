"""`make audit` also re-verifies the built outputs: lineage hashes and the reports' citation links."""

import re
import shutil

import pytest
from conftest import ROOT

from dean06 import paths
from dean06.pipeline.audit import run as run_audit


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
    page = built / paths.evidence_page("en")  # the appendix of every number is on the companion page
    text = page.read_text(encoding="utf-8")
    # the first appendix entry that cites an article hash: its claim and that hash
    claim, good = re.search(r'<dt id="claim-([^"]+)">(?:(?!</dd>).)*?<code class="hash">([0-9a-f]{64})</code>', text, re.S).groups()
    page.write_text(text.replace(good, "0" * 64), encoding="utf-8")
    out = messages(built)
    assert f"{paths.evidence_page('en')}: appendix entry for claim {claim} gives article hash 0000" in out
    # the page was also altered after it was built
    assert "output of step 'report-en'" in out


def test_dangling_link_in_report_is_named(built):
    page = built / paths.evidence_page("vi")  # its entries link to each other
    text = page.read_text(encoding="utf-8")
    target = next(t for t in re.findall(r'href="#(claim-[^"]+)"', text) if f'id="{t}"' in text)  # a cited claim
    page.write_text(text.replace(f'id="{target}"', 'id="gone"'), encoding="utf-8")
    assert f"internal link #{target} points nowhere" in messages(built)
