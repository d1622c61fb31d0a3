"""Lineage: record, verify, and the two ways a built output goes wrong (edited by hand, or stale)."""

import json

import pytest

from dean06.pipeline import lineage


@pytest.fixture
def built(tmp_path):
    """A project with one input, one notebook and two outputs, recorded as step 'clean'."""
    (tmp_path / "data/raw").mkdir(parents=True)
    (tmp_path / "data/processed").mkdir(parents=True)
    (tmp_path / "data/raw/claims.csv").write_text("claim_id\nA-01\n", encoding="utf-8")
    (tmp_path / "data/processed/claims_clean.csv").write_text("claim_id,value\nA-01,1\n", encoding="utf-8")
    (tmp_path / "data/processed/summary.csv").write_text("n\n1\n", encoding="utf-8")

    def run_record():
        lineage.record(tmp_path, "clean", "notebooks/01_clean.ipynb", {"as_of": None, "lang": "vi"},
                       inputs=[tmp_path / "data/raw/claims.csv"],
                       outputs=[tmp_path / "data/processed/claims_clean.csv", tmp_path / "data/processed/summary.csv"])

    run_record()
    return tmp_path, run_record


def test_round_trip(built):
    root, _ = built
    assert lineage.verify(root) == []
    data = json.loads((root / "data/processed/lineage.json").read_text(encoding="utf-8"))
    entry = data["steps"]["clean"]
    assert entry["notebook"] == "notebooks/01_clean.ipynb"
    assert entry["parameters"] == {"as_of": None, "lang": "vi"}
    assert list(entry["inputs"]) == ["data/raw/claims.csv"]
    assert list(entry["outputs"]) == ["data/processed/claims_clean.csv", "data/processed/summary.csv"]
    assert all(len(h) == 64 for h in [*entry["inputs"].values(), *entry["outputs"].values()])
    assert entry["packages"]["pandas"] and "python" in entry["packages"]


def test_other_steps_are_kept(built):
    root, _ = built
    (root / "data/processed/reconciled.csv").write_text("metric\n", encoding="utf-8")
    lineage.record(root, "reconcile", "notebooks/02_reconcile.ipynb", {},
                   inputs=[root / "data/processed/claims_clean.csv"], outputs=[root / "data/processed/reconciled.csv"])
    assert sorted(json.loads((root / "data/processed/lineage.json").read_text())["steps"]) == ["clean", "reconcile"]
    assert lineage.verify(root) == []


def test_tampered_output_is_named(built):
    root, _ = built
    (root / "data/processed/claims_clean.csv").write_text("claim_id,value\nA-01,2\n", encoding="utf-8")
    [problem] = lineage.verify(root)
    assert problem.file == "data/processed/claims_clean.csv"
    assert "altered after it was built" in problem.message and "'clean'" in problem.message


def test_missing_output_is_named(built):
    root, _ = built
    (root / "data/processed/summary.csv").unlink()
    [problem] = lineage.verify(root)
    assert problem.file == "data/processed/summary.csv" and "missing" in problem.message


def test_changed_input_names_the_stale_outputs(built, monkeypatch):
    root, _ = built
    (root / "data/raw/claims.csv").write_text("claim_id\nA-01\nA-02\n", encoding="utf-8")
    [problem] = lineage.verify(root)
    assert problem.file == "data/raw/claims.csv"
    assert "stale" in problem.message
    assert "data/processed/claims_clean.csv, data/processed/summary.csv" in problem.message


def test_json_is_byte_identical_across_records_of_the_same_state(built):
    root, run_record = built
    path = root / "data/processed/lineage.json"
    first = path.read_bytes()
    run_record()
    assert path.read_bytes() == first
    assert first.endswith(b"}\n") and b"\n  \"format\"" in first  # indent 2, sorted keys, trailing newline
    assert str(root).encode() not in first  # paths are relative: clones agree


def test_folder_input_stands_for_its_files(built):
    root, _ = built
    folder = root / "data/raw/articles"
    folder.mkdir()
    (folder / "b.txt").write_text("b", encoding="utf-8")
    (folder / "a.txt").write_text("a", encoding="utf-8")
    lineage.record(root, "clean", "notebooks/01_clean.ipynb", {}, inputs=[folder], outputs=[])
    entry = lineage.load(root)["steps"]["clean"]
    assert list(entry["inputs"]) == ["data/raw/articles/a.txt", "data/raw/articles/b.txt"]


def test_path_outside_the_project_is_refused(built, tmp_path_factory):
    root, _ = built
    outside = tmp_path_factory.mktemp("elsewhere") / "x.csv"
    outside.write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="outside the project"):
        lineage.record(root, "clean", "nb.ipynb", {}, inputs=[outside], outputs=[])


def test_corrupt_lineage_file_is_a_problem(built):
    root, _ = built
    (root / "data/processed/lineage.json").write_text("{", encoding="utf-8")
    [problem] = lineage.verify(root)
    assert problem.file == "data/processed/lineage.json"


def test_no_lineage_yet_is_fine(tmp_path):
    assert lineage.verify(tmp_path) == []
