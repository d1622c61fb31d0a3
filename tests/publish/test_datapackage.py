"""The published data package: valid Frictionless, hashes that match, schemas generated from the tables."""

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys

import frictionless
import pytest
import yaml
from conftest import ROOT, read_rows, write_rows

from dean06.problems import InputError
from dean06.publish import datapackage as dp

SOURCES = sorted({r.source for r in dp.RESOURCES})


@pytest.fixture
def tree(tmp_path):
    for relative in SOURCES + [dp.CITATION, dp.DICTIONARY]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / relative, tmp_path / relative)
    return tmp_path


def descriptor_of(root):
    return json.loads((dp.data_dir(root) / "datapackage.json").read_text(encoding="utf-8"))


def test_package_validates_and_every_hash_matches_its_file(tree):
    written = dp.write_datapackage(tree)
    assert sorted(written) == sorted(dp.outputs(tree))
    report = frictionless.validate(str(dp.data_dir(tree) / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    descriptor = descriptor_of(tree)
    assert [r["name"] for r in descriptor["resources"]] == [r.name for r in dp.RESOURCES]
    for resource, spec in zip(dp.RESOURCES, descriptor["resources"]):
        data = (dp.data_dir(tree) / spec["path"]).read_bytes()
        assert data == (tree / resource.source).read_bytes()
        assert spec["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert spec["bytes"] == len(data)
        header, rows = read_rows(tree / resource.source)
        assert [f["name"] for f in spec["schema"]["fields"]] == header
        assert spec["schema"]["primaryKey"] == list(resource.primary_key)
        for field in spec["schema"]["fields"]:
            values = [row[field["name"]] for row in rows if row[field["name"]]]
            assert dp.field_type(values) == field["type"]


def test_schemas_carry_the_data_dictionary(tree):
    dp.write_datapackage(tree)
    dictionary = dp.dictionary_descriptions((ROOT / dp.DICTIONARY).read_text(encoding="utf-8"))
    for resource, spec in zip(dp.RESOURCES, descriptor_of(tree)["resources"]):
        documented = dictionary.get(resource.dictionary or resource.source, {})
        for field in spec["schema"]["fields"]:
            assert field.get("description") == documented.get(field["name"]), (resource.source, field["name"])
        assert any("description" in f for f in spec["schema"]["fields"]), f"{resource.source} has no documented column"


def test_field_types_are_the_narrowest_that_fit():
    assert dp.field_type(["1", "20", ""]) == "integer"
    assert dp.field_type(["1", "2.5", "1e6"]) == "number"
    assert dp.field_type(["true", "false"]) == "boolean"
    assert dp.field_type(["2023-02-25", ""]) == "date"
    assert dp.field_type(["2023-02-30"]) == "string"
    assert dp.field_type(["01", "2"]) == "string"  # a leading zero is not an integer's spelling
    assert dp.field_type(["", ""]) == "string"


def test_a_changed_resource_fails_validation(tree):
    dp.write_datapackage(tree)
    target = dp.data_dir(tree) / descriptor_of(tree)["resources"][0]["path"]
    target.write_bytes(target.read_bytes().replace(b",", b";", 1))
    report = frictionless.validate(str(dp.data_dir(tree) / "datapackage.json"))
    assert not report.valid
    assert "hash-count" in {error[0] for error in report.flatten(["type"])}


def test_output_is_deterministic_and_is_what_the_repository_publishes(tree):
    first = {p: p.read_bytes() for p in dp.write_datapackage(tree)}
    second = {p: p.read_bytes() for p in dp.write_datapackage(tree)}
    assert first == second
    for path, data in first.items():
        assert data == (ROOT / path.relative_to(tree)).read_bytes(), path.name


def test_how_to_cite_in_both_languages_from_citation_cff(tree):
    cff = yaml.safe_load((tree / dp.CITATION).read_text(encoding="utf-8"))
    vi, en = dp.how_to_cite(cff, "vi"), dp.how_to_cite(cff, "en")
    assert vi != en and str(cff["version"]) in vi and str(cff["version"]) in en
    assert "Phiên bản" in vi and "Version" in en and "Version" not in vi and "Phiên bản" not in en
    dp.write_datapackage(tree)
    assert descriptor_of(tree)["citation"] == {"vi": vi, "en": en}
    with pytest.raises(ValueError):
        dp.how_to_cite(cff, "fr")


def test_bad_tables_are_listed_at_once_with_file_and_row(tree):
    claims = next(r for r in dp.RESOURCES if r.name == "claims")
    header, rows = read_rows(tree / claims.source)
    write_rows(tree / claims.source, header, rows + [rows[0]])
    (tree / "data/raw/sources.csv").unlink()
    with pytest.raises(InputError) as err:
        dp.write_datapackage(tree)
    text = str(err.value)
    assert f"{claims.source}, row {len(rows) + 2}: duplicate primary key claim_id (first at row 2)" in text
    assert "data/raw/sources.csv: file is missing" in text
    assert not dp.data_dir(tree).exists()
    env = {**os.environ, "DEAN06_ROOT": str(tree), "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-m", "dean06.publish.datapackage"], env=env, capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr and "duplicate primary key" in run.stderr


def test_citation_file_needs_title_version_and_authors(tree):
    (tree / dp.CITATION).write_text("cff-version: 1.2.0\ntitle: x\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        dp.write_datapackage(tree)
    assert "CITATION.cff, column 'version': a value is required" in str(err.value)
    assert "CITATION.cff, column 'authors': a value is required" in str(err.value)


def test_resources_are_titled_in_both_languages_from_the_wording(tree):
    """Titles are wording-file entries: each resource has its own, different in each language, and
    a per-language table's title names the language of the page it belongs to."""
    from dean06.wording import report as t

    dp.write_datapackage(tree)
    specs = descriptor_of(tree)["resources"]
    for lang, key in (("en", "title"), ("vi", "title_vi")):
        titles = [spec[key] for spec in specs]
        assert all(titles) and len(set(titles)) == len(titles), titles
    assert all(spec["title"] != spec["title_vi"] for spec in specs)
    for resource, spec in zip(dp.RESOURCES, specs):
        if resource.title_lang:
            assert t("language_name", resource.title_lang) in spec["title"]
            assert t("language_name", resource.title_lang) in spec["title_vi"]
        assert resource.source in spec["description"] and resource.source in spec["description_vi"]
