"""Notebook 03 is thin, parameterised for papermill and committed clean; the charts build from the
real archive through the real cleaning and reconciliation code."""

import json

import pytest
from conftest import ROOT, published_by

from dean06.clean import step as clean
from dean06.reconcile import step as reconcile
from dean06.publish.charts import NAMES, Tables, build_all

NOTEBOOK = ROOT / "notebooks" / "03_charts.ipynb"


def test_notebook_is_parameterised_clean_and_stable():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    ids = [c["id"] for c in nb["cells"]]
    assert ids == ["intro", "parameters", "setup", "save-md", "save", "charts-md", "show"]
    params = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1 and "".join(params[0]["source"]) == 'lang = "vi"\nas_of = None\nroot = None'
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["id"]
    code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "build_all(tables, lang, as_of)" in code and "save_all(" in code and "def " not in code


@pytest.fixture(scope="module")
def real_tables(tmp_path_factory):
    """The processed tables built afresh from data/raw by the project's own steps (no checkout state)."""
    root = tmp_path_factory.mktemp("real")
    (root / "data").mkdir()
    (root / "data" / "raw").symlink_to(ROOT / "data" / "raw")
    claims, sources, metrics = clean.load_raw(root)
    clean.write_claims_clean(clean.clean_claims(claims, sources, metrics), root / "data" / "processed" / "claims_clean.csv")
    reconcile.write_outputs(reconcile.run(root), root / "data" / "processed")
    return Tables.load(root)


def test_real_data_charts(real_tables):
    vi = build_all(real_tables, "vi")
    assert list(vi) == NAMES
    identity = vi["identity"][1].set_index("series")
    assert identity.loc["eid_applications_approved", "value_text"] == "20.081.536"
    assert identity.loc["eid_accounts_issued", "value_text"] == "hơn 70 triệu"
    assert identity.loc["eid_applications_received", "flag_derived"]
    assert identity.loc["chip_id_issuance_share", "plot_as"] == "share_without_base"
    coverage = vi["coverage"][1]
    assert {"30,5%", "47,5%", "63%", "94,03%", "71,7%"} <= set(coverage["value_text"])
    policy = vi["policy_documents"][1].set_index(["family", "as_of"])
    assert policy.loc[("resolutions", "2023-12-21"), "comparable_to_previous"] is False
    assert policy.loc[("directives", "2023-12-21"), "comparable_to_previous"] is True
    statuses = vi["source_agreement"][1]
    assert set(statuses["status"]) <= {"", "reported", "agrees", "conflicts", "not_comparable"}
    assert statuses[statuses["metric"] == "resolutions_issued"]["status"].tolist().count("not_comparable") == 1
    en = build_all(real_tables, "en", as_of="2023-02-25")
    page = " ".join(t.get_text().replace("\n", " ") for t in en["coverage"][0].texts)
    assert "Only articles published by 25 February 2023." in page
    assert set(en["timeline"][1]["source_id"]) == published_by("2023-02-25", with_claims=False)
