"""The published data package: the report's tables as a Frictionless Data Package.

`write_datapackage(root)` copies the tables behind the report into `reports/data/` — the
reconciled figures, the cleaned claims with their verbatim quotes, the findings, the sources and
the audit's table of every number in the articles — byte for byte, and writes
`reports/data/datapackage.json` describing them: for each resource its path, format, encoding,
SHA-256 (`hash`, as `sha256:<hex>`), size, and a Table Schema generated from the table itself
(field types inferred from the values, descriptions taken from `docs/data_dictionary.md`, the
primary key). The package sits beside the report pages, so the self-contained pages link it by a
relative URL (`data/datapackage.json`). The package also carries how to cite the project, in
Vietnamese and English, generated from `CITATION.cff`.

    python -m dean06.publish.datapackage
"""

from __future__ import annotations

import html
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from dean06 import atomic, paths
from dean06.catalog import tables
from dean06.catalog.csvfile import display_name
from dean06.edition import LANGS
from dean06.problems import InputError, Problem, raise_if_any, run_cli
from dean06.wording import report as t


@dataclass(frozen=True)
class Resource:
    name: str
    table: str  # the table's name in the catalog (dean06.catalog.tables)
    primary_key: tuple[str, ...]
    dictionary: str = ""  # its section in the data dictionary, when not its path
    title_key: str = ""  # its title in the wording files (report.package_title_<key>), when not its name
    title_lang: str = ""  # the report language a per-language table belongs to, named in its title

    @property
    def source(self) -> str:
        """The table's path in the project."""
        return tables.SPECS[self.table].relative()

    def title(self, lang: str) -> str:
        language = t("language_name", self.title_lang) if self.title_lang else ""
        return t(f"package_title_{self.title_key or self.name}", lang, language=language)


RESOURCES = (
    Resource("figures", "reconciled", ("metric", "as_of")),
    Resource("claims", "claims_clean", ("claim_id",)),
    Resource("findings", "discrepancies", ("finding_id",)),
    Resource("sources", "sources", ("source_id",)),
    Resource("numbers", "numbers", ("source_id", "start")),
    *(Resource(f"printed-{lang}", f"printed_{lang}", ("ref", "claim_id"), paths.edition_tables("<lang>")["printed"],
               "printed", lang) for lang in LANGS),
)
PACKAGE_NAME = "dean06-population-data-programme"
DICTIONARY = "docs/data_dictionary.md"
CITATION = "CITATION.cff"

_INTEGER = re.compile(r"^-?(0|[1-9]\d*)$")
_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOLEAN = {"true", "false"}


def data_dir(root: Path | None = None) -> Path:
    return paths.reports_dir(root) / "data"


def outputs(root: Path | None = None) -> list[Path]:
    folder = data_dir(root)
    return [folder / Path(r.source).name for r in RESOURCES] + [folder / "datapackage.json"]


def _is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def field_type(values: list[str]) -> str:
    """The narrowest Table Schema type that every non-empty value of a column fits."""
    present = [v for v in values if v != ""]
    if not present:
        return "string"
    for name, fits in (("boolean", lambda v: v in _BOOLEAN), ("integer", _INTEGER.match),
                       ("number", _NUMBER.match), ("date", _is_date)):
        if all(fits(v) for v in present):
            return name
    return "string"


def dictionary_descriptions(text: str) -> dict[str, dict[str, str]]:
    """Column descriptions per table from the data dictionary's `## <path> — …` sections."""
    tables: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            # a heading may escape a placeholder for Markdown viewers: printed.&lt;lang&gt;.csv
            current = tables.setdefault(html.unescape(line[3:].split(" ", 1)[0]), {})
            continue
        if current is None or not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[0] == "column":
            continue
        for column in cells[0].split(","):
            current.setdefault(column.strip(), cells[-1])
    return tables


def _read_csv(root: Path, resource: Resource, problems: list[Problem]) -> tuple[bytes, list[str], list[list[str]]] | None:
    """The table's bytes (published as they are), its header and its rows, read through the catalog."""
    table, found = tables.read_rows(resource.table, root, required_cells=False)
    problems += found
    if table is None:
        return None
    return (tables.SPECS[resource.table].path(root).read_bytes(), table.columns,
            [[row[column] for column in table.columns] for row in table.rows])


def table_schema(header: list[str], rows: list[list[str]], resource: Resource, descriptions: dict[str, str],
                 relative: str, problems: list[Problem]) -> dict:
    fields = []
    for index, column in enumerate(header):
        spec = {"name": column, "type": field_type([r[index] if index < len(r) else "" for r in rows])}
        if column in descriptions:
            spec["description"] = descriptions[column]
        fields.append(spec)
    for key in resource.primary_key:
        if key not in header:
            problems.append(Problem(relative, f"primary-key column '{key}' is missing", row=1, column=key))
    seen: dict[tuple, int] = {}
    if all(k in header for k in resource.primary_key):
        positions = [header.index(k) for k in resource.primary_key]
        for line, row in enumerate(rows, start=2):
            key = tuple(row[p] for p in positions)
            if key in seen:
                problems.append(Problem(relative, f"duplicate primary key {'/'.join(resource.primary_key)} "
                                                  f"(first at row {seen[key]})", row=line, value="/".join(key)))
            seen.setdefault(key, line)
    return {"fields": fields, "primaryKey": list(resource.primary_key), "missingValues": [""]}


def load_citation(root: Path) -> dict:
    path = root / CITATION
    if not path.is_file():
        raise InputError([Problem(CITATION, "file is missing")], "citation")
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise InputError([Problem(CITATION, f"not valid YAML: {err}")], "citation") from None
    problems = [Problem(CITATION, "a value is required", column=key)
                for key in ("title", "version", "authors") if not (isinstance(cff, dict) and cff.get(key))]
    raise_if_any(problems, "citation")
    return cff


def _named(text: str, lang: str) -> str:
    """A name or title of CITATION.cff in `lang`: CITATION.cff is written in English, and the wording
    files' `report.cff_names` give each its form in the edition's language (one not listed stays as written)."""
    names = t("cff_names", lang)
    return names.get(text, text) if isinstance(names, dict) else text


def _authors(cff: dict, lang: str = "en") -> str:
    names = []
    for author in cff["authors"]:
        if "name" in author:
            names.append(_named(author["name"], lang))
        else:
            names.append(" ".join(p for p in (author.get("given-names"), author.get("family-names")) if p))
    return ", ".join(names)


def credit(cff: dict, lang: str = "en") -> str:
    """Who the page is by: the authors of CITATION.cff, in `lang` where the wording gives their name."""
    return _authors(cff, lang)


def how_to_cite(cff: dict, lang: str) -> str:
    """One citation line for a reader, from CITATION.cff."""
    authors, title, version = _authors(cff, lang), _named(cff["title"], lang), cff["version"]
    released = cff.get("date-released")
    if released and isinstance(released, date):  # a release date reads as the language writes dates
        released = released.strftime("%d/%m/%Y") if lang == "vi" else released.isoformat()
    return t("how_to_cite_line", lang, authors=authors, title=title, version=version,
             released=t("how_to_cite_released", lang, date=released) if released else "")


def build_package(root: Path) -> tuple[dict, dict[str, bytes]]:
    """The descriptor and the bytes of every resource; raises InputError listing every problem."""
    problems: list[Problem] = []
    dictionary_path = root / DICTIONARY
    descriptions = dictionary_descriptions(dictionary_path.read_text(encoding="utf-8")) if dictionary_path.is_file() else {}
    cff = load_citation(root)
    resources, files = [], {}
    for resource in RESOURCES:
        read = _read_csv(root, resource, problems)
        if read is None:
            continue
        data, header, rows = read
        file_name = Path(resource.source).name
        files[file_name] = data
        resources.append({
            "name": resource.name,
            "path": file_name,
            "title": resource.title("en"),
            "title_vi": resource.title("vi"),
            "description": t("package_resource_description", "en", source=resource.source, dictionary=DICTIONARY),
            "description_vi": t("package_resource_description", "vi", source=resource.source, dictionary=DICTIONARY),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
            "schema": table_schema(header, rows, resource, descriptions.get(resource.dictionary or resource.source, {}),
                                   resource.source, problems),
        })
    raise_if_any(problems, "tables of the data package")
    descriptor = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": cff["title"],
        "version": str(cff["version"]),
        "licenses": [{"name": cff.get("license", "MIT"), "title": f"{cff.get('license', 'MIT')} License"}],
        "contributors": [{"title": _authors(cff), "role": "author"}],
        "citation": {"vi": how_to_cite(cff, "vi"), "en": how_to_cite(cff, "en")},
        "resources": resources,
    }
    return descriptor, files


def render_descriptor(descriptor: dict) -> str:
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def write_datapackage(root: Path | None = None) -> list[Path]:
    """Write reports/data/: the resources, then datapackage.json; return the paths written."""
    root = Path(root or paths.project_root())
    descriptor, files = build_package(root)
    folder = data_dir(root)
    written = []
    for name, data in files.items():
        atomic.write_bytes(folder / name, data)
        written.append(folder / name)
    atomic.write_text(folder / "datapackage.json", render_descriptor(descriptor))
    written.append(folder / "datapackage.json")
    return written


def main(argv: list[str] | None = None) -> int:
    root = paths.project_root()

    def work():
        written = write_datapackage(root)
        print(f"wrote the data package ({len(written)} files) in {display_name(data_dir(root), root)}")

    return run_cli(work)


if __name__ == "__main__":
    sys.exit(main())
