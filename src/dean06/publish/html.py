"""The report's HTML parts: Jinja macros (templates/report/parts.html.j2) rendered with autoescape."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"

__all__ = ["Markup", "environment", "escape", "parts", "quoted_in_language"]


@lru_cache(maxsize=64)  # a few in a build; a test run renders from many scratch folders
def environment(*folders: Path, autoescape: bool = True, keep_trailing_newline: bool = False,
                trim: bool = False) -> Environment:
    """The Jinja environment of these template folders and options, one per process: it compiles each
    template once, and again only when its file changes (Jinja checks the file's time), not for every
    page it renders. `trim` drops the newline after a block tag and the indentation before it."""
    return Environment(loader=FileSystemLoader(list(folders)), autoescape=autoescape, undefined=StrictUndefined,
                       keep_trailing_newline=keep_trailing_newline, trim_blocks=trim, lstrip_blocks=trim)


@lru_cache(maxsize=1)
def parts():
    """The macros of parts.html.j2, callable from Python; each returns Markup."""
    return environment(TEMPLATES).get_template("report/parts.html.j2").module


_QUOTED = re.compile(r"'([^']+)'")


def quoted_in_language(text: str, lang: str, copy: dict[str, str] | str) -> Markup:
    """A text in the edition's language `lang` whose single-quoted passages ('accounts.The ministry')
    are a copy's own words: each passage in another language is marked with it. `copy` is the copy's
    language, or maps what the copies print to their language (a passage found in none stays as it is)."""
    out, at = [], 0
    for m in _QUOTED.finditer(text):
        if isinstance(copy, str):
            language = copy
        else:
            words = m.group(1).casefold()  # a passage may open a sentence ('Tăng 32,5%…' for 'tăng 32,5%…')
            language = next((found for printed, found in copy.items() if words in printed.casefold()), lang)
        if language != lang:
            out += [Markup.escape(text[at:m.start()]), Markup('<span lang="{}">{}</span>').format(language, m.group())]
            at = m.end()
    return Markup("").join(out + [Markup.escape(text[at:])])
