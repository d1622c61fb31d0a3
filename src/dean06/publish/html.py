"""The report's HTML parts: Jinja macros (templates/report/parts.html.j2) rendered with autoescape."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"

__all__ = ["Markup", "escape", "parts"]


@lru_cache(maxsize=1)
def parts():
    """The macros of parts.html.j2, callable from Python; each returns Markup."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=False)
    return env.get_template("report/parts.html.j2").module
