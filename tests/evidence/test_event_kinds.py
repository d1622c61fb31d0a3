"""Sources carry an event kind from a fixed vocabulary: the check names a wrong one, the draft asks for one."""

import pytest
from conftest import edit_csv, read_rows

from dean06.catalog.vocabulary import EVENT_KINDS, REVIEW_CONFERENCE
from dean06.evidence.archive import load_sources
from dean06.wording import entry


def test_every_kind_has_a_label_in_both_languages():
    for lang in ("vi", "en"):
        for key in ("report.event_kinds", "report.event_kinds_plural"):
            labels = entry(key, lang)
            assert set(labels) == set(EVENT_KINDS), (lang, key)
            assert all(label.strip() for label in labels.values())
    assert REVIEW_CONFERENCE in EVENT_KINDS


def test_the_archive_gives_every_source_a_known_kind_with_its_evidence(project_copy):
    _, rows = read_rows(project_copy / "data/raw/sources.csv")
    assert rows and all(r["event_kind"] in EVENT_KINDS and r["event_kind_evidence"].strip() for r in rows)


@pytest.mark.parametrize("value", ["conference", ""])
def test_an_unknown_or_missing_kind_is_named_with_file_row_column_and_value(project_copy, value):
    path = project_copy / "data/raw/sources.csv"
    _, rows = read_rows(path)
    edit_csv(path, lambda header, rows: rows[-1].__setitem__("event_kind", value))
    _, problems = load_sources(project_copy)
    text = "\n".join(map(str, problems))
    row = len(rows) + 1  # the header is line 1
    assert f"data/raw/sources.csv, row {row}, column 'event_kind'" in text, text
    if value:
        assert f"'{value}'" in text and "unknown event kind" in text and all(k in text for k in EVENT_KINDS)
