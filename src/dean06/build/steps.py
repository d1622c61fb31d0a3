"""The build's steps: which notebook each runs, with what parameters, reading and writing what.

The Makefile decides *when* a step runs (its inputs changed); this module runs it: every notebook
of the step executes in this one Python process (papermill and jupyter cost about a second of
imports per process), its executed copy is kept under reports/executed/ for audit, reports are
rendered with the project's template, and lineage.json records inputs, outputs and their hashes.

    python -m dean06.build clean reconcile charts report
    python -m dean06.build edition --lang en --as-of 2023-02-25
"""

from __future__ import annotations

import sys

# rfc3987_syntax compiles a large grammar when imported (about 2.7 s, most of papermill's import
# time); jsonschema loads it only for an optional 'iri' format check that notebook validation never
# uses. Marking it absent before anything imports jsonschema makes each build process start fast.
sys.modules.setdefault("rfc3987_syntax", None)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from dean06 import paths  # noqa: E402

LANGS = ("vi", "en")
RAW_TABLES = ["data/raw/sources.csv", "data/raw/claims.csv", "data/raw/metrics.csv",
              "data/raw/excluded_spans.csv", "data/raw/non_statistics.csv"]
CLEAN = "data/processed/claims_clean.csv"
RECONCILED = ["data/processed/reconciled.csv", "data/processed/discrepancies.csv"]
NUMBERS = "data/processed/numbers.csv"  # every number in the articles, as the evidence step accounted for it


@dataclass
class Run:
    name: str  # the lineage entry
    notebook: str
    executed: str  # where the executed notebook is kept
    parameters: dict
    inputs: list[str]
    outputs: list[str]
    html: str | None = None  # for reports: the rendered page
    meta: dict = field(default_factory=dict)  # notebook metadata the renderer reads (lang, title)


def figure_files(lang: str) -> list[str]:
    from dean06.publish.charts import NAMES  # the chart registry: one list for the build, report and tests

    return [f"figures/{lang}/{name}.{ext}" for name in NAMES for ext in ("png", "svg", "csv", "alt.txt")]


def report_html(lang: str, as_of: str | None = None) -> str:
    return f"reports/de-an-06.{lang}.html" if as_of is None else f"reports/editions/de-an-06.{lang}.{as_of}.html"


def steps() -> dict[str, list[Run]]:
    from dean06.publish.wording import t

    articles = sorted(str(p.relative_to(paths.project_root())) for p in paths.articles_dir().glob("*.txt"))
    return {
        "clean": [Run("clean", "notebooks/01_clean.ipynb", "reports/executed/01_clean.ipynb", {},
                      RAW_TABLES + articles, [CLEAN])],
        "reconcile": [Run("reconcile", "notebooks/02_reconcile.ipynb", "reports/executed/02_reconcile.ipynb", {},
                          [CLEAN, "data/raw/sources.csv", "data/raw/metrics.csv", "data/raw/decisions.csv"], RECONCILED)],
        "charts": [Run(f"charts-{lang}", "notebooks/03_charts.ipynb", f"reports/executed/03_charts.{lang}.ipynb",
                       {"lang": lang}, [CLEAN, *RECONCILED, "data/raw/sources.csv", "data/raw/metrics.csv"],
                       figure_files(lang)) for lang in LANGS],
        "report": [Run(f"report-{lang}", "notebooks/04_report.ipynb", f"reports/executed/04_report.{lang}.ipynb",
                       {"lang": lang}, [CLEAN, *RECONCILED, NUMBERS, *RAW_TABLES, "data/raw/decisions.csv",
                                        *figure_files(lang)],
                       [report_html(lang)], html=report_html(lang), meta={"lang": lang, "title": t("title", lang)})
                   for lang in LANGS],
    }


def edition(lang: str, as_of: str) -> Run:
    """A report as it could have been written on `as_of`: outside the default build, never committed."""
    import pandas as pd

    from dean06.edition import Edition, ParameterError
    from dean06.formatting import long_date
    from dean06.publish.wording import t

    edition = Edition.parse(lang, as_of)
    if edition.is_default:
        raise ParameterError("an edition needs a cut-off date: make edition lang=en as_of=2023-02-25")
    edition.check_sources(pd.DataFrame(_source_rows(), columns=["published_date"]))
    lang, as_of = edition.lang, edition.as_of
    out = report_html(lang, as_of)
    return Run(f"edition-{lang}-{as_of}", "notebooks/04_report.ipynb",
               f"reports/editions/executed/04_report.{lang}.{as_of}.ipynb", {"lang": lang, "as_of": as_of},
               [CLEAN, *RAW_TABLES, "data/raw/decisions.csv"], [out], html=out,
               meta={"lang": lang, "title": t("title_edition", lang, as_of=long_date(as_of, lang))})


def _source_rows() -> list[dict]:
    import csv

    with (paths.raw_dir() / "sources.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def check_upstream(run: Run, root: Path) -> None:
    """Refuse to build on an output of an earlier step that was edited by hand after it was built:
    the fix is to change the raw data, or rebuild that step, never to edit its output."""
    from dean06.build import lineage
    from dean06.evidence.archive import sha256_of

    altered = []
    for rel in run.inputs:
        made = lineage.producer(root, rel)
        if made is None or made[0] == run.name:
            continue
        step, entry = made
        if (root / rel).is_file() and sha256_of(root / rel) != entry["outputs"][rel]:
            altered.append(f"{rel} (built by step '{step}')")
    if altered:
        raise RuntimeError(f"[{run.name}] inputs were altered after they were built: {', '.join(altered)}; "
                           f"restore them with `git checkout` or rebuild them with `make -B`")


def set_metadata(executed: Path, meta: dict) -> None:
    """Give the executed report the language and title the page template reads."""
    from dean06 import atomic

    nb = json.loads(executed.read_text(encoding="utf-8"))
    nb.setdefault("metadata", {})["dean06"] = meta
    atomic.write_text(executed, json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def perform(run: Run, root: Path, *, record: bool = True) -> None:
    from dean06.build import lineage
    from dean06.build import runner

    check_upstream(run, root)
    print(f"[{run.name}] {run.notebook} {json.dumps(run.parameters, ensure_ascii=False)}", flush=True)
    # The notebooks find the project through DEAN06_ROOT (the kernel inherits it), so no checkout
    # path is written into an executed notebook and two clones build identical bytes.
    os.environ["DEAN06_ROOT"] = str(root)
    runner.execute(root / run.notebook, root / run.executed, run.parameters,
                   cwd=root / "notebooks", progress=sys.stderr.isatty(), label=f"[{run.name}] ")
    if run.html:
        from dean06.build.render import render_html

        set_metadata(root / run.executed, run.meta)
        render_html(root / run.executed, root / run.html)
        print(f"[{run.name}] rendered {run.html}", flush=True)
    missing = [o for o in run.outputs if not (root / o).is_file()]
    if missing:
        raise RuntimeError(f"[{run.name}] {run.notebook} did not write {', '.join(missing)}")
    if record:
        lineage.record(root, run.name, run.notebook, run.parameters, [root / p for p in [run.notebook, *run.inputs]],
                       [root / p for p in [*run.outputs, run.executed]])


def _perform_in_child(run: Run, root: Path) -> None:
    try:
        perform(run, root)
    except Exception as err:  # custom exceptions may not survive pickling back to the parent
        raise RuntimeError(f"{type(err).__name__}: {err}") from None


def perform_step(runs: list[Run], root: Path) -> None:
    """Runs of one step (one per language) are independent: on a machine with two or more cores
    they execute side by side, each in a forked copy of this process with its own kernel."""
    workers = min(len(runs), os.cpu_count() or 1)
    if workers < 2:
        for run in runs:
            perform(run, root, record=not run.name.startswith("edition"))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(_perform_in_child, run, root) for run in runs]
        errors = [future.exception() for future in futures]
    failed = [err for err in errors if err is not None]
    if failed:
        raise RuntimeError("; ".join(str(err) for err in failed))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run build steps (the Makefile decides which are due).")
    parser.add_argument("steps", nargs="+", help="clean, reconcile, charts, report, or edition")
    parser.add_argument("--lang", default="vi")
    parser.add_argument("--as-of", default=None)
    args = parser.parse_args(argv)
    root = paths.project_root()
    try:
        todo: list[list[Run]] = []
        plan = steps()
        for name in args.steps:
            if name == "check-edition":  # parameters only, before make brings anything up to date
                edition(args.lang, args.as_of)
            elif name == "edition":
                todo.append([edition(args.lang, args.as_of)])
            elif name in plan:
                todo.append(plan[name])
            else:
                raise ValueError(f"unknown step {name!r}; choose from {', '.join([*plan, 'edition'])}")
        for runs in todo:  # steps in the order given; the runs within a step side by side
            perform_step(runs, root)
    except Exception as err:  # every failure ends with one clear line and a non-zero exit
        print(f"build: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
