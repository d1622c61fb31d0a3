"""The data fields a page in one language may print, for tests that look for the other language's
fixed text on a page: a page's own fields are set aside before the search, so that a foreign text
found inside one of them (the English outlet "VietNamNet (vietnamnet.vn)" inside the Vietnamese
"Báo VietNamNet (vietnamnet.vn)", an English article's own word "English") is not a false alarm."""

from pathlib import Path

from conftest import read_rows

TABLES = ("sources", "claims", "metrics", "areas", "non_statistics", "excluded_spans", "derivations", "decisions")


def language_of(column: str, columns: list[str]) -> str | None:
    """'vi' or 'en' for a column of one language (`x_vi`, `x_en`, or `x` beside `x_vi`); None for a
    column both languages print (ids, titles, quotes, numbers, addresses)."""
    for lang in ("vi", "en"):
        if column.endswith(f"_{lang}"):
            return lang
    return "en" if f"{column}_vi" in columns else None


def own_fields(root: Path, lang: str) -> set[str]:
    """Every cell of data/raw of more than one word a page in `lang` may print: its language's columns
    and the shared ones (single words and ids are left out: blanking them would hide foreign text)."""
    fields = set()
    for name in TABLES:
        header, rows = read_rows(root / "data" / "raw" / f"{name}.csv")
        for column in header:
            if language_of(column, header) in (lang, None):
                fields |= {row[column].strip() for row in rows if " " in row[column].strip()}
    return fields


def without(text: str, fields: set[str]) -> str:
    """`text` with every occurrence of the fields blanked, longest first."""
    for field in sorted(fields, key=len, reverse=True):
        text = text.replace(field, " ")
    return text
