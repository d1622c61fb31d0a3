"""The build's runner: each notebook step of the step graph (steps.toml, dean06.pipeline.graph), run.

make decides *when* a step runs (its rules are generated from the same graph); this module runs it: every notebook
of the step executes in this one Python process (papermill and jupyter cost about a second of
imports per process), its executed copy is kept under reports/executed/ for audit, reports are
rendered with the project's template, and lineage.json records inputs, outputs and their hashes.

    python -m dean06.pipeline clean reconcile charts report
    python -m dean06.pipeline edition --lang en --as-of 2023-02-25
"""

from __future__ import annotations

import sys

from dean06.pipeline import start_light

start_light()  # before papermill is imported: each build process starts fast

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from dean06 import paths  # noqa: E402
from dean06.command import Interrupted, interrupt_on_signals, whole_lines  # noqa: E402

from dean06.pipeline import graph  # noqa: E402
from dean06.edition import LANGS  # noqa: E402


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
    """The charts' files in one language, chart by chart as the registry orders them."""
    files = graph.expand(graph.step("charts").outputs, lang=lang)
    return [f for name in graph.chart_names() for f in files if f.rpartition("/")[2].split(".")[0] == name]


report_html = paths.report_page


def alternates(lang: str, as_of: str | None = None) -> list[list[str]]:
    """The page in the other languages, for the head's <link rel="alternate" hreflang>."""
    return [list(twin) for twin in paths.twin_pages(lang, as_of, LANGS)]


def steps(*only: str) -> dict[str, list[Run]]:
    """The runs of the step graph's notebook steps (steps.toml); with names, only those steps (a
    step's process then loads nothing the others need, such as the chart registry or the report's
    wording: tests/pipeline/test_step_reads.py)."""
    return {name: runs(step) for name, step in graph.steps().items() if step.notebook and (not only or name in only)}


def runs(step: graph.Step) -> list[Run]:
    """One run per language (or one), with the inputs and outputs the graph declares."""
    root = paths.project_root()
    found = []
    for lang in step.runs():
        name = f"{step.name}-{lang}" if lang else step.name
        parameters = {"lang": lang} if lang else {}
        html = step.page.format(lang=lang) if step.page else None
        found.append(Run(name, step.notebook, step.executed(lang), parameters, graph.expand(step.inputs, root, lang),
                         graph.expand(step.outputs, root, lang), html=html, meta=_page_meta(lang) if html else {}))
    return found


def _page_meta(lang: str) -> dict:
    """The page's language and alternates; its title is the report step's (the notebook's head output,
    dean06.pipeline.render.HEAD_TYPE): the headline it computes from the data."""
    return {"lang": lang, "alternates": alternates(lang)}


def edition_inputs() -> list[str]:
    """An edition reconciles and draws in memory: the report step's inputs without the tables and figures
    of the default edition, the archive and the notebooks the default page's manifest digests."""
    report = graph.step("report")
    return [rel for rel in graph.expand(report.inputs)
            if graph.producer(rel) not in ("reconcile", "charts") and not rel.startswith(("data/raw/articles/", "notebooks/"))]


def edition(lang: str, as_of: str) -> Run:
    """A report as it could have been written on `as_of`: outside the default build, never committed."""
    from dean06.catalog import tables
    from dean06.edition import Edition, ParameterError

    edition = Edition.parse(lang, as_of)
    if edition.is_default:
        raise ParameterError("an edition needs a cut-off date: make edition lang=en as_of=2023-02-25")
    edition.check_sources(tables.read("sources"))
    lang, as_of = edition.lang, edition.as_of
    out = report_html(lang, as_of)
    return Run(f"edition-{lang}-{as_of}", "notebooks/04_report.ipynb",
               f"reports/editions/executed/04_report.{lang}.{as_of}.ipynb", {"lang": lang, "as_of": as_of},
               edition_inputs(),
               [out, paths.evidence_page(lang, as_of), *paths.edition_tables(lang, as_of).values(),
                *paths.chart_downloads(lang, as_of, graph.chart_names()).values()], html=out,
               meta={"lang": lang, "alternates": alternates(lang, as_of)})


DEBUG_ENV = "DEAN06_DEBUG"  # DEAN06_DEBUG=1: a failing step also prints its tracebacks
# what a notebook raises for bad input, a bad parameter or a refused write: the message is the whole story
USER_ERRORS = {"InputError", "ParameterError", "WordingError", "ValueError", "WriteError", "SchemaErrors", "SchemaError",
               "FileNotFoundError", "OSError", "PermissionError"}


def check_upstream(run: Run, root: Path) -> None:
    """Refuse to build on an output of an earlier step that was edited by hand after it was built:
    the fix is to change the raw data, or rebuild that step, never to edit its output."""
    from dean06.pipeline import lineage
    from dean06.digest import sha256_of

    recorded = lineage.load(root).get("steps", {})
    altered = []
    for rel in run.inputs:
        step = graph.producer(rel)  # the step the graph declares to write it, and its runs' entries
        entries = [entry for name, entry in sorted(recorded.items()) if step and name.partition("-")[0] == step]
        built = next((entry["outputs"][rel] for entry in entries if rel in entry.get("outputs", {})), None)
        if step is None or run.name.partition("-")[0] == step or built is None:
            continue
        if (root / rel).is_file() and sha256_of(root / rel) != built:
            altered.append((rel, step))
    if altered:
        names = ", ".join(f"{rel} (built by step '{step}')" for rel, step in altered)
        files = " ".join(rel for rel, _ in altered)
        raise RuntimeError(f"[{run.name}] inputs were altered after they were built: {names}; "
                           f"restore them with `git checkout -- {files}`, or delete them and run `make report` "
                           f"to rebuild them")


def set_metadata(executed: Path, meta: dict) -> None:
    """Give the executed report the language and title the page template reads."""
    from dean06 import atomic

    nb = json.loads(executed.read_text(encoding="utf-8"))
    nb.setdefault("metadata", {})["dean06"] = meta
    atomic.write_text(executed, json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _writes_from_kernel(run: Run) -> bool:
    """Whether the run's notebook itself writes outputs (the build writes executed notebooks and pages)."""
    return any(out != run.html for out in run.outputs)


def execute_run(run: Run, root: Path, tree: Path, kernel_root: Path) -> None:
    """Run one notebook with its kernel working on `kernel_root`; the executed copy and any page go to `tree`."""
    from dean06.pipeline import runner

    print(f"[{run.name}] {run.notebook} {json.dumps(run.parameters, ensure_ascii=False)}", flush=True)
    # The notebooks find the project through DEAN06_ROOT (the kernel inherits it), so no checkout
    # path is written into an executed notebook and two clones build identical bytes.
    runner.execute(root / run.notebook, tree / run.executed, run.parameters, cwd=root / "notebooks",
                   progress=sys.stderr.isatty(), label=f"[{run.name}] ",
                   kernel_env={"DEAN06_ROOT": str(kernel_root)}, shown=run.executed)
    if run.html:
        from dean06.pipeline.render import render_html

        set_metadata(tree / run.executed, run.meta)
        render_html(tree / run.executed, tree / run.html)
        print(f"[{run.name}] rendered {run.html}", flush=True)


def describe(err: BaseException) -> str:
    """One clear message for a failure; tracebacks only with DEAN06_DEBUG=1."""
    from dean06.pipeline.runner import NotebookExecutionError

    if isinstance(err, NotebookExecutionError):
        return err.brief()
    if isinstance(err, OSError):
        from dean06 import atomic

        return str(atomic.failure(err, err.filename or "?")) if err.filename else f"{type(err).__name__}: {err}"
    from dean06.pipeline.stage import CommitError
    from dean06.problems import ParameterError

    if isinstance(err, (CommitError, ParameterError)) or type(err) in (RuntimeError, ValueError):
        return str(err)
    return f"{type(err).__name__}: {err}"


def _debug() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


def _run_here(runs: list[Run], root: Path, tree: Path, kernel_root: Path) -> None:
    for run in runs:
        execute_run(run, root, tree, kernel_root)


def _run_side_by_side(runs: list[Run], root: Path, tree: Path, kernel_root: Path, errors: Path) -> None:
    """Each run in a forked copy of this process with its own kernel; all must succeed."""
    children: dict[int, Run] = {}
    try:
        for run in runs:
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:  # the child: run, report, and leave without running the parent's cleanup
                code = 0
                try:
                    interrupt_on_signals()
                    execute_run(run, root, tree, kernel_root)
                except BaseException as err:  # noqa: BLE001 - reported to the parent, which decides
                    code = 130 if isinstance(err, (KeyboardInterrupt, Interrupted)) else 1
                    if code == 1:
                        text = describe(err)
                        if _is_bug(err) and not _debug():
                            text += f" (an internal error: set {DEBUG_ENV}=1 to see its traceback)"
                        if _debug():
                            import traceback

                            text += "\n" + "".join(traceback.format_exception(err))
                        (errors / f"{run.name}.error").write_text(text, encoding="utf-8")
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(code)
            children[pid] = run
        failed, interrupted = [], False
        while children:
            pid, status = os.wait()
            run = children.pop(pid, None)
            if run is None:
                continue
            if os.waitstatus_to_exitcode(status) != 0:
                message = errors / f"{run.name}.error"
                if message.exists():
                    failed.append(message.read_text(encoding="utf-8"))
                else:
                    interrupted = True
        if failed:
            raise RuntimeError("\n".join(failed))
        if interrupted:
            raise KeyboardInterrupt
    finally:
        for pid in children:  # interrupted while waiting: stop the others, then wait for them
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for pid in list(children):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def perform_step(step: str, runs: list[Run], root: Path, *, record: bool = True) -> None:
    """Run every notebook of a step into its staging area, then publish all its outputs and its
    lineage entries in one commit (`dean06.pipeline.stage`): after a failure or an interrupt the
    published tree is exactly as before.

    Runs of one step (one per language) are independent: on a machine with two or more cores they
    execute side by side, each in a forked copy of this process with its own kernel."""
    from dean06.pipeline import lineage
    from dean06.pipeline.stage import Stage

    for run in runs:
        check_upstream(run, root)
    with Stage(root, step) as stage:
        needs_view = any(_writes_from_kernel(run) for run in runs)
        tree = stage.make_view() if needs_view else stage.tree
        kernel_root = tree if needs_view else root
        workers = min(len(runs), os.cpu_count() or 1)
        if workers < 2:
            _run_here(runs, root, tree, kernel_root)
        else:
            _run_side_by_side(runs, root, tree, kernel_root, stage.dir)
        expected = sorted({*(o for run in runs for o in run.outputs), *(run.executed for run in runs)})
        produced = stage.produced()
        missing = sorted(set(expected) - set(produced))
        if missing:
            raise RuntimeError(f"[{step}] the step did not write {', '.join(missing)}")
        unlisted = sorted(set(produced) - set(expected))
        if unlisted:
            raise RuntimeError(f"[{step}] the step wrote files the step graph (src/dean06/pipeline/steps.toml) "
                               f"does not declare: {', '.join(unlisted)}; add them to the step's outputs there")
        entries = None
        if record:
            entries = lambda: lineage.with_entries(root, {  # noqa: E731 - computed under the lineage lock
                run.name: lineage.entry(root, run.notebook, run.parameters, [root / p for p in [run.notebook, *run.inputs]],
                                        [*run.outputs, run.executed], built_in=tree) for run in runs})
        stage.commit(expected, entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run build steps (the Makefile decides which are due).")
    parser.add_argument("steps", nargs="+", help="clean, reconcile, charts, report, edition, check-edition or recover")
    parser.add_argument("--lang", default="vi")
    parser.add_argument("--as-of", default=None)
    args = parser.parse_args(argv)
    root = paths.project_root()
    whole_lines()  # the runs of a step print side by side, and beside make's other commands
    interrupt_on_signals()
    try:
        from dean06.pipeline.stage import recover

        recover(root)
        todo: list[tuple[str, list[Run], bool]] = []
        plan = steps(*args.steps)
        for name in args.steps:
            if name == "recover":
                continue
            if name == "check-edition":  # parameters only, before make brings anything up to date
                edition(args.lang, args.as_of)
            elif name == "edition":
                run = edition(args.lang, args.as_of)
                todo.append((run.name, [run], False))
            elif name in plan:
                todo.append((name, plan[name], True))
            else:
                raise ValueError(f"unknown step {name!r}; choose from {', '.join([*steps(), 'edition'])}")
        for step, runs, record in todo:  # steps in the order given; the runs within a step side by side
            perform_step(step, runs, root, record=record)
    except (KeyboardInterrupt, Interrupted) as err:
        # the kernel's tasks abandoned by the interrupt end in errors asyncio would log at exit
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        name = signal.Signals(err.signum).name if isinstance(err, Interrupted) else "SIGINT"
        print(f"build: interrupted ({name}); the step's new outputs were discarded, the previous ones are unchanged",
              file=sys.stderr)
        return 128 + (err.signum if isinstance(err, Interrupted) else signal.SIGINT)
    except Exception as err:  # every failure ends with one clear line and a non-zero exit
        if _debug():
            import traceback

            traceback.print_exc()
        hint = f" (an internal error: set {DEBUG_ENV}=1 to see its traceback)" if _is_bug(err) and not _debug() else ""
        print(f"build: {describe(err)}{hint}", file=sys.stderr)
        return 1
    return 0


def _is_bug(err: BaseException) -> bool:
    """Errors that are not the user's input, a parameter or the machine (those have clear messages)."""
    from dean06.pipeline.runner import NotebookExecutionError
    from dean06.pipeline.stage import CommitError

    if isinstance(err, NotebookExecutionError):
        return err.ename not in USER_ERRORS
    return not isinstance(err, (RuntimeError, ValueError, OSError, CommitError))


if __name__ == "__main__":
    sys.exit(main())
