"""Every fixed piece of wording, one data file per language and part (<lang>/<part>.yaml beside this file).

The parts: `report` (the page's labels), `charts` (every word on a chart), `findings` (the
explanations of reconciliation findings), `derivations` (how a derived figure was computed) and
`audit` (the audit page of each archived article). One file per part, so that each build step reads,
and depends on, only the parts it prints: a report label edited reruns the report, not the charts.
A key names its part first:

    t("report.title", "vi")
    t("findings.conflict", "en", label=..., date=..., first=..., ...)

No figures here: they come from data, already formatted by `dean06.formatting`. It sits on the ground
floor so that reconciliation and publishing read the same files. A key missing in a language or a
placeholder left without a value is a WordingError naming the file and the key.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

import yaml

from dean06.edition import parse_lang
from dean06.problems import _Brief

FOLDER = Path(__file__).resolve().parent
PARTS = ("report", "charts", "findings", "derivations", "audit")
# libyaml's safe loader reads the same YAML about ten times faster than the pure-Python one; every
# build process and kernel reads both files
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class WordingError(_Brief, LookupError):
    """A wording key that a language's file lacks, or a placeholder given no value."""


def relative(lang: str, key: str = "") -> str:
    """The file a key lives in (its first name is its part), relative to the project."""
    part = key.partition(".")[0]
    return f"src/dean06/wording/{lang}/{part}.yaml" if part in PARTS else f"src/dean06/wording/{lang}/"


def files() -> list[str]:
    """Every wording file, relative to the project."""
    return [f"src/dean06/wording/{lang}/{part}.yaml" for lang in ("vi", "en") for part in PARTS]


@lru_cache(maxsize=None)
def part_texts(part: str, lang: str) -> dict:
    """One part of a language: {key: text}."""
    with (FOLDER / parse_lang(lang) / f"{part}.yaml").open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_LOADER) or {}


def texts(lang: str) -> dict:
    """Every part of a language: {part: {key: text}}."""
    return {part: part_texts(part, lang) for part in PARTS}


def clear() -> None:
    """Forget what was read, so that an edited file is read again (the preview server)."""
    part_texts.cache_clear()


def entry(key: str, lang: str):
    """The entry named `part.key`, as written (a text, or a mapping such as report.areas)."""
    part, _, name = key.partition(".")
    found = part_texts(part, lang).get(name) if part in PARTS else None
    if found is None:
        raise WordingError(f"{relative(lang, key)} has no entry {key!r}")
    return found


def placeholders(text: str) -> frozenset[str]:
    """The {names} a text needs: '{n} of {total}' -> {'n', 'total'}."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


def differences(first: dict, second: dict, names: tuple[str, str] = ("vi", "en"), prefix: str = "") -> list[str]:
    """Where two languages' wording disagree: a key only one has, or a text whose {placeholders}
    differ. An empty text (a part left out in that language) and lists (words, not sentences) are
    not compared."""
    found = []
    for key in sorted(set(first) | set(second), key=str):
        name = f"{prefix}{key}"
        if key not in first or key not in second:
            lacking = names[0] if key not in first else names[1]
            found.append(f"{relative(lacking, name)} has no entry {name!r}")
            continue
        a, b = first[key], second[key]
        if isinstance(a, dict) and isinstance(b, dict):
            found += differences(a, b, names, f"{name}.")
        elif isinstance(a, list) and isinstance(b, list):
            continue
        elif isinstance(a, str) and isinstance(b, str):
            if a and b and placeholders(a) != placeholders(b):
                found.append(f"entry {name!r}: {relative(names[0], name)} uses {sorted(placeholders(a))}, "
                             f"{relative(names[1], name)} uses {sorted(placeholders(b))}")
        else:
            found.append(f"entry {name!r} is a {type(a).__name__} in {relative(names[0], name)} "
                         f"and a {type(b).__name__} in {relative(names[1], name)}")
    return found


def t(key: str, lang: str, **values) -> str:
    """One label or sentence; `values` fill its {placeholders} (extra values are ignored). A group
    of entries (report.severity) comes back as the mapping it is."""
    text = entry(key, lang)
    if not isinstance(text, str):
        return text
    try:
        return text.format(**values)
    except KeyError:
        missing = sorted(placeholders(text) - set(values))
        raise WordingError(f"{relative(lang, key)}: entry {key!r} needs a value for "
                           + ", ".join("{" + m + "}" for m in missing)) from None


def report(key: str, lang: str, **values) -> str:
    return t(f"report.{key}", lang, **values)


def chart(key: str, lang: str, **values) -> str:
    return t(f"charts.{key}", lang, **values)


def finding(key: str, lang: str, **values) -> str:
    return t(f"findings.{key}", lang, **values)


def in_language(row, column: str, lang: str) -> str:
    """A row's text in a language where the data keeps both: English in `column`, Vietnamese in
    `column_vi` (sources.csv's descriptions, claims_clean.csv's derivation; docs/data_dictionary.md).
    An empty Vietnamese cell falls back to the English one."""
    if lang == "vi":
        vi = row.get(f"{column}_vi", "") if hasattr(row, "get") else ""
        if isinstance(vi, str) and vi.strip():
            return vi
    return row[column]


def date_method(method: str, lang: str) -> str:
    """How a date was set, in the reader's language: 'stated', 'year inferred', 'relative' or 'inferred'."""
    kinds = entry("report.date_methods", lang)
    if method.startswith("inferred"):
        return kinds["inferred"]
    if "year inferred" in method:
        return kinds["year_inferred"]
    if method.startswith("relative"):
        return kinds["relative"]
    return kinds["stated"]
