"""Where the project's files live. DEAN06_ROOT points the whole pipeline at another checkout."""

import os
from pathlib import Path


def code_root() -> Path:
    """The checkout this code was installed from (src/dean06/paths.py lies two folders down)."""
    return Path(__file__).resolve().parents[2]


def project_root() -> Path:
    env = os.environ.get("DEAN06_ROOT")
    return Path(env).resolve() if env else code_root()


def raw_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data" / "raw"


def articles_dir(root: Path | None = None) -> Path:
    return raw_dir(root) / "articles"


def processed_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data" / "processed"


def figures_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "figures"


def reports_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "reports"


def report_page(lang: str, as_of: str | None = None) -> str:
    """A report's path in the project: the default edition in reports/, a dated one in reports/editions/."""
    return f"reports/de-an-06.{lang}.html" if as_of is None else f"reports/editions/de-an-06.{lang}.{as_of}.html"


def evidence_page(lang: str, as_of: str | None = None) -> str:
    """An edition's companion page, "Sources and method": its ledger, method, source dossiers, the
    appendix of every cited number and the run manifest, beside the story page."""
    return report_page(lang, as_of)[: -len(".html")] + ".sources.html"


DOWNLOAD_KINDS = ("csv", "svg")  # what a chart's caption offers to download: the data drawn, the vector file


def chart_downloads(lang: str, as_of: str | None, names) -> dict[tuple[str, str], str]:
    """(chart, kind) -> where the page's download of that chart lives: a file beside the page, so the
    page stays light and still works offline from its folder (reports/figures/<lang>/<name>.svg; a
    dated edition's under reports/editions/figures/<lang>/<date>/)."""
    folder = Path(report_page(lang, as_of)).parent / "figures" / lang
    if as_of is not None:
        folder = folder / as_of
    return {(name, kind): f"{folder.as_posix()}/{name}.{kind}" for name in names for kind in DOWNLOAD_KINDS}


def twin_pages(lang: str, as_of: str | None, langs) -> list[tuple[str, str]]:
    """The same edition in each other language of `langs`: (language, file name beside this page)."""
    return [(other, Path(report_page(other, as_of)).name) for other in langs if other != lang]


def edition_tables(lang: str, as_of: str | None = None) -> dict[str, str]:
    """The tables an edition writes about itself: every printed number; a dated edition also keeps its
    own reconciliation beside its page (the default one's are data/processed/reconciled.csv and
    discrepancies.csv)."""
    if as_of is None:
        return {"printed": f"data/processed/printed.{lang}.csv"}
    stem = report_page(lang, as_of)[: -len(".html")]
    return {"printed": f"{stem}.printed.csv", "reconciled": f"{stem}.reconciled.csv",
            "discrepancies": f"{stem}.discrepancies.csv"}
