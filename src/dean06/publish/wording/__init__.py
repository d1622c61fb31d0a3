"""Every fixed piece of report wording, one data file per language (vi.yaml, en.yaml beside this file).

No figures here: they come from data. Labels are looked up by key; a key missing in a language is an
error naming the file, so the two files cannot drift apart silently.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from dean06.edition import parse_lang

FOLDER = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def texts(lang: str) -> dict:
    path = FOLDER / f"{parse_lang(lang)}.yaml"
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def t(key: str, lang: str, **values) -> str:
    """One label or sentence; `values` fill its {placeholders}."""
    try:
        text = texts(lang)[key]
    except KeyError:
        raise KeyError(f"src/dean06/publish/wording/{lang}.yaml has no entry {key!r}") from None
    return text.format(**values) if values else text


def date_method(method: str, lang: str) -> str:
    """How a date was set, in the reader's language: 'stated', 'year inferred', 'relative' or 'inferred'."""
    kinds = texts(lang)["date_methods"]
    if method.startswith("inferred"):
        return kinds["inferred"]
    if "year inferred" in method:
        return kinds["year_inferred"]
    if method.startswith("relative"):
        return kinds["relative"]
    return kinds["stated"]
