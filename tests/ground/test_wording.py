"""The wording files: one per language and part, the same keys and placeholders in both languages, and clear errors."""

import pytest

from dean06 import wording
from dean06.problems import _Brief
from dean06.wording import WordingError, differences, placeholders, t, texts


def test_both_languages_have_the_same_keys_and_placeholders():
    assert set(texts("vi")) == set(texts("en")) == set(wording.PARTS)
    assert differences(texts("vi"), texts("en")) == []


def test_every_text_fills_with_its_own_placeholders():
    def texts_of(tree, prefix=""):
        for key, value in tree.items():
            if isinstance(value, dict):
                yield from texts_of(value, f"{prefix}{key}.")
            elif isinstance(value, str):
                yield f"{prefix}{key}", value

    for lang in ("vi", "en"):
        for part in wording.PARTS:
            for key, text in texts_of(texts(lang)[part]):
                if "." in key and isinstance(texts(lang)[part].get(key.split(".")[0]), dict):
                    continue  # inside a group (report.areas): read as a mapping, not through t()
                filled = t(f"{part}.{key}", lang, **{name: f"<{name}>" for name in placeholders(text)})
                assert all(f"<{name}>" in filled for name in placeholders(text)), (lang, part, key)


def test_a_key_one_language_lacks_or_a_placeholder_that_differs_is_named():
    vi = {"findings": {"a": "{x} và {y}", "b": "chỉ một", "c": ""}, "report": {"areas": {"p": {"title": "T"}}}}
    en = {"findings": {"a": "{x} and {z}", "c": "left out in vi: {w}"}, "report": {"areas": {"p": {}}}}
    found = differences(vi, en)
    assert any("'findings.a'" in f and "src/dean06/wording/vi/findings.yaml uses ['x', 'y']" in f
               and "src/dean06/wording/en/findings.yaml uses ['x', 'z']" in f for f in found)
    assert "src/dean06/wording/en/findings.yaml has no entry 'findings.b'" in found
    assert "src/dean06/wording/en/report.yaml has no entry 'report.areas.p.title'" in found
    assert not any("findings.c" in f for f in found)  # an empty text leaves the part out in that language
    assert len(found) == 3


def test_an_unknown_key_names_the_file_and_the_key():
    for key in ("findings.no_such_rule", "nowhere.title", "title"):
        with pytest.raises(WordingError) as err:
            t(key, "en")
        assert str(err.value) == f"{wording.relative('en', key)} has no entry {key!r}"
        assert not isinstance(err.value, KeyError)
        assert isinstance(err.value, _Brief)  # a notebook shows the message, not a traceback


def test_a_missing_placeholder_names_the_file_the_key_and_the_placeholder():
    key = next(f"findings.{k}" for k, v in texts("vi")["findings"].items() if len(placeholders(v)) >= 2)
    needed = sorted(placeholders(wording.entry(key, "vi")))
    with pytest.raises(WordingError) as err:
        t(key, "vi", **{needed[0]: "x"})
    assert str(err.value).startswith(f"src/dean06/wording/vi/findings.yaml: entry {key!r} needs a value for ")
    assert all("{" + name + "}" in str(err.value) for name in needed[1:])
    assert "{" + needed[0] + "}" not in str(err.value)


def test_a_group_comes_back_as_its_mapping():
    assert t("report.severity", "en") == texts("en")["report"]["severity"]
    assert set(t("report.severity", "vi")) == set(t("report.severity", "en"))


def test_an_unknown_language_is_a_parameter_error():
    from dean06.problems import ParameterError

    with pytest.raises(ParameterError):
        t("report.title", "fr")
