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
    clean.write_claims_clean(clean.clean_claims(*clean.load_raw(root)), root / "data" / "processed" / "claims_clean.csv")
    reconcile.write_outputs(reconcile.run(root), root / "data" / "processed")
    return Tables.load(root)


def test_real_data_charts(real_tables):
    vi = build_all(real_tables, "vi")
    assert list(vi) == NAMES
    c = real_tables.claims_clean[~real_tables.claims_clean["flag_repeated"]]
    identity = vi["identity"][1]
    derived = c[c["flag_derived"] & c["metric"].isin(set(identity["series"]))]
    assert set(derived["claim_id"]) <= set(identity["claim_id"])  # derived rows read from claims_clean.csv
    for metric, rows in identity.groupby("series"):
        assert sorted(rows["claim_id"]) == sorted(c[c["metric"] == metric]["claim_id"])
    assert "percent" not in set(identity["unit"])
    timeline = vi["timeline"][1]
    assert len(timeline) == real_tables.sources["event_date"].nunique()
    assert timeline["n_articles"].sum() == len(real_tables.sources)
    coverage = vi["coverage"][1]
    assert not coverage[["metric", "as_of"]].duplicated().any() and coverage["period"].ne("").all()
    statuses = vi["source_agreement"][1]
    assert set(statuses["status"]) <= {"", "single", "agrees", "conflicts", "series"}
    first = real_tables.sources["published_date"].min()
    en = build_all(real_tables, "en", as_of=first)
    page = " ".join(t.get_text().replace("\n", " ") for t in en["coverage"][0].texts)
    from dean06 import formatting
    assert f"Only articles published by {formatting.long_date(first, 'en')}." in page
    kept = set(real_tables.sources[real_tables.sources["published_date"] <= first]["source_id"])
    assert {i for v in en["timeline"][1]["source_ids"] for i in v.split(";")} == kept
