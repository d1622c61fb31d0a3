"""No number is typed into the story: every figure, date and year in its prose comes from a helper that
reads the data. The only digits a journalist may write are inside names, which the archive's own
non-statistics rules of category `name` recognise (the programme's name)."""

import re

import pytest
from conftest import ROOT

from dean06.catalog import tables
from dean06.publish.story import FOLDER

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def names() -> list[re.Pattern]:
    rules = tables.read("non_statistics", ROOT)
    return [re.compile(p) for p in rules.loc[rules["category"] == "name", "pattern"]]


def typed_numbers(text: str) -> list[tuple[int, str]]:
    """(line, text) of every digit in the prose outside Jinja and outside a name."""
    prose = JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)  # keep line numbers
    for pattern in names():
        prose = pattern.sub(lambda m: " " * len(m.group(0)), prose)
    return [(prose.count("\n", 0, m.start()) + 1, m.group(0)) for m in re.finditer(r"\d(?:[.,/]?\d)*%?", prose)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_story_types_no_number(lang):
    path = FOLDER / f"{lang}.md"
    assert typed_numbers(path.read_text(encoding="utf-8")) == [], path


def test_a_typed_year_is_found_with_its_line():
    assert typed_numbers("{% block lead %}\nĐề án 06 được phê duyệt\ntháng 1/2022.\n{% endblock %}") == [(3, "1/2022")]
    assert typed_numbers('so với năm {{ year_of("x", "first") }}') == []
