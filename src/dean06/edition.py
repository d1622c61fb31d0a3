"""An edition of the report: its language and its cut-off date, validated once.

Every stage that honours a cut-off asks the edition; nothing else decides what had been
published by a date. `as_of=None` is the default edition: everything archived.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dean06.problems import ParameterError  # noqa: F401 - an edition's parameter errors are these

if TYPE_CHECKING:  # the build's step table imports this module: it must not pay for pandas
    import pandas as pd

LANGS = ("vi", "en")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_lang(lang) -> str:
    if lang not in LANGS:
        raise ParameterError(f"lang must be one of {', '.join(LANGS)}; got {lang!r}")
    return lang


def parse_as_of(value) -> str | None:
    """None, '' or 'none' mean no cut-off; otherwise a real calendar date in ISO form."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none", "all")):
        return None
    text = str(value).strip()
    try:
        if not _ISO.match(text):
            raise ValueError
        dt.date.fromisoformat(text)
    except ValueError:
        raise ParameterError(f"as_of must be an ISO date such as 2023-02-25 (or empty for no cut-off); "
                             f"got {value!r}") from None
    return text


@dataclass(frozen=True)
class Edition:
    lang: str = "vi"
    as_of: str | None = None

    @classmethod
    def parse(cls, lang="vi", as_of=None) -> "Edition":
        return cls(parse_lang(lang), parse_as_of(as_of))

    @property
    def is_default(self) -> bool:
        return self.as_of is None

    def keeps(self, published_date: str) -> bool:
        """Whether a source published on this ISO date had appeared by the edition's date."""
        return self.as_of is None or (bool(published_date) and published_date <= self.as_of)

    def check_sources(self, sources: pd.DataFrame) -> None:
        """An edition dated before the first archived article has nothing to say: refuse it."""
        if self.as_of is None or sources.empty:
            return
        first = sources["published_date"].min()
        if self.as_of < first:
            raise ParameterError(f"as_of {self.as_of} is before any archived article was published "
                                 f"(the first was on {first}); choose a date on or after {first}")

    def published(self, sources: pd.DataFrame) -> pd.DataFrame:
        """The sources (rows with `published_date`) that had appeared by the edition's date."""
        self.check_sources(sources)
        if self.as_of is None:
            return sources
        dates = sources["published_date"]
        return sources[dates.ne("") & dates.le(self.as_of)]

    def claims(self, claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
        """The claims whose source had appeared by the edition's date."""
        if self.as_of is None:
            return claims
        kept = set(self.published(sources)["source_id"])
        return claims[claims["source_id"].isin(kept)]
