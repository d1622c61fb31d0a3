"""Execute parameterised notebooks with papermill, in-process, and write normalised results.

Importing papermill and the Jupyter stack costs about a second per process, so a build runs all
its notebooks from one process (`execute_many`, or `--jobs` on the command line); each notebook
still gets its own fresh kernel.

The executed notebook is normalised before it is written so that rebuilding from the same inputs
gives the same bytes: papermill's and nbclient's timings are dropped, every cell gets an id from
its position (`cell-000`, …; the injected-parameters cell included), widget state is dropped and
memory addresses in object reprs (`<… at 0x7f…>`) are blanked. Outputs are otherwise kept as they are.

The output is written atomically: when a notebook fails, the previous output stays in place and
`NotebookExecutionError` names the notebook and the failing cell.

    python -m dean06.runner NOTEBOOK OUTPUT [-p NAME VALUE]... [--cwd DIR] [--no-progress]
    python -m dean06.runner --jobs JOBS.json [--no-progress]

JOBS.json is a list (or {"jobs": [...]}) of objects with `notebook`, `output` and optional
`parameters` and `cwd`; relative paths are taken from the folder where the command runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from dean06 import atomic
from dean06 import paths

# Honoured by matplotlib (SVG/PDF dates) and other tools that stamp files with the build time;
# a fixed hash seed makes set/dict-of-str ordering, and so printed output, the same every run.
# Values already set in the environment are respected.
KERNEL_ENV = {
    "SOURCE_DATE_EPOCH": "0",
    "PYTHONHASHSEED": "0",
    # debugpy's warning about frozen modules is noise on every kernel start
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}
# Always set: CI machines often export MPLBACKEND=Agg, which would leave every figure out of the
# executed notebook (and so out of the report). The inline backend draws with Agg anyway.
KERNEL_ENV_FORCED = {"MPLBACKEND": "module://matplotlib_inline.backend_inline"}

_TIMING_KEYS = ("start_time", "end_time", "duration")
_ADDRESS = re.compile(r"(<[^<>\n]*? at )0x[0-9a-fA-F]{4,}(>)")
INJECTED_TAG = "injected-parameters"


class NotebookExecutionError(RuntimeError):
    """A cell raised. Carries the notebook, the failing cell's id and position, and the error."""

    def __init__(
        self,
        notebook: Path,
        cell_id: str,
        cell_index: int | None,
        exec_count: int | None,
        ename: str,
        evalue: str,
        detail: str,
    ):
        self.notebook = notebook
        self.cell_id = cell_id
        self.cell_index = cell_index
        self.exec_count = exec_count
        self.ename = ename
        self.evalue = evalue
        where = f"cell {cell_id!r}"
        if cell_index is not None:
            where += f" (cell {cell_index + 1} of the notebook"
            where += f", In [{exec_count}])" if exec_count is not None else ")"
        self.where = where
        self.detail = detail
        super().__init__(f"{notebook}: {where} raised {ename}: {evalue}\n{detail}".rstrip())

    def brief(self) -> str:
        """The failure without the kernel's traceback: notebook, cell, error and message."""
        return f"{_display_path(self.notebook)}: {self.where} raised {self.ename}: {self.evalue}"


@dataclass
class Job:
    notebook: Path
    output: Path
    parameters: dict[str, Any] = field(default_factory=dict)
    cwd: Path | None = None

    @classmethod
    def from_dict(cls, data: dict, base: Path | None = None) -> Job:
        base = base or Path.cwd()
        unknown = set(data) - {"notebook", "output", "parameters", "cwd"}
        if unknown:
            raise ValueError(f"unknown job keys {sorted(unknown)} in {data}")
        return cls(
            notebook=base / data["notebook"],
            output=base / data["output"],
            parameters=dict(data.get("parameters") or {}),
            cwd=base / data["cwd"] if data.get("cwd") else None,
        )


@contextmanager
def _kernel_environment(extra: dict[str, str] | None = None) -> Iterator[None]:
    """Set KERNEL_ENV (unless already set), KERNEL_ENV_FORCED and `extra` for kernels started inside the block."""
    extra = dict(extra or {})
    saved = {k: os.environ.get(k) for k in {**KERNEL_ENV, **KERNEL_ENV_FORCED, **extra}}
    for key, value in KERNEL_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.update(KERNEL_ENV_FORCED)
    os.environ.update(extra)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _display_path(path: Path) -> str:
    """Project-relative POSIX path when inside the project, so the record does not depend on the checkout."""
    path = Path(path).resolve()
    try:
        return path.relative_to(paths.project_root().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _scrub_addresses(text: Any) -> Any:
    if isinstance(text, list):
        return [_ADDRESS.sub(r"\g<1>0x0\g<2>", t) for t in text]
    if isinstance(text, str):
        return _ADDRESS.sub(r"\g<1>0x0\g<2>", text)
    return text


def normalise(nb, notebook: Path):
    """Strip what changes from run to run (timings, random ids, widget state, addresses); keep outputs."""
    pm = nb.metadata.get("papermill")
    if pm is not None:
        for key in _TIMING_KEYS:
            pm.pop(key, None)
        pm["input_path"] = _display_path(notebook)
        # a notebook need not record where it was written; the path differs between build folders
        pm.pop("output_path", None)
    nb.metadata.pop("widgets", None)
    nb.nbformat_minor = max(nb.nbformat_minor, 5)  # cell ids need nbformat 4.5
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:03d}"
        cell.metadata.pop("execution", None)
        cell_pm = cell.metadata.get("papermill")
        if cell_pm is not None:
            for key in _TIMING_KEYS:
                cell_pm.pop(key, None)
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data and "text/plain" in data:
                data["text/plain"] = _scrub_addresses(data["text/plain"])
    return nb


def _serialise(nb) -> str:
    import nbformat

    return nbformat.writes(nb, version=4) + "\n"


def _failing_cell(failed_output: Path, notebook: Path, error) -> tuple[str, int | None]:
    """The failing cell's id in the source notebook and its position there.

    papermill writes the failed notebook with a marker cell just before the failing one; the cells
    it came from keep their ids, so the id can be looked up in the source notebook.
    """
    import nbformat
    from papermill.execute import ERROR_MARKER_TAG

    try:
        failed = nbformat.read(failed_output, as_version=4)
        source = nbformat.read(notebook, as_version=4)
    except Exception:  # noqa: BLE001 - fall back to papermill's own index
        return f"#{error.cell_index}", None
    cells = failed.cells
    for i, cell in enumerate(cells[1:], start=1):
        tags = cell.metadata.get("tags", [])
        if ERROR_MARKER_TAG in tags and i + 1 < len(cells):
            target = cells[i + 1]
            if INJECTED_TAG in target.metadata.get("tags", []):
                return INJECTED_TAG, None
            cell_id = target.get("id", "")
            for j, src in enumerate(source.cells):
                if cell_id and src.get("id") == cell_id:
                    return cell_id, j
            return cell_id or f"#{error.cell_index}", None
    return f"#{error.cell_index}", None


def execute(
    notebook: Path,
    output: Path,
    parameters: dict | None = None,
    *,
    cwd: Path | None = None,
    progress: bool = True,
    label: str = "",
    kernel_env: dict[str, str] | None = None,
    shown: str | None = None,
) -> None:
    """Run `notebook` with `parameters` in a fresh kernel and write the normalised result to `output`.

    `cwd` is the kernel's working folder; by default the notebook's own folder, as in JupyterLab,
    so relative paths behave the same interactively and in the build. `kernel_env` adds to the
    kernel's environment (the build points DEAN06_ROOT at a step's staging view); `shown` is how
    the output is named in the progress line.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook, output = Path(notebook), Path(output)
    if not notebook.is_file():
        raise FileNotFoundError(f"no notebook at {notebook}")
    parameters = dict(parameters or {})
    run_dir = Path(cwd) if cwd is not None else notebook.resolve().parent
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="dean06-run-") as scratch:
        # papermill saves as it goes and once more on failure; that copy stays out of `output`
        scratch_out = Path(scratch) / "executed.ipynb"
        # read before the kernel's environment points DEAN06_ROOT at a step's staging view
        config = _client_config(Path(scratch), kernel_log=paths.project_root() / ".tmp" / "kernels.log")

        def run():
            with _kernel_environment(kernel_env):
                return papermill.execute_notebook(
                    str(notebook),
                    str(scratch_out),
                    parameters=parameters,
                    cwd=str(run_dir),
                    progress_bar=progress,
                    request_save_on_cell_execute=False,
                    kernel_name=_kernel_name(notebook),
                    config=config,
                )

        def say(exc: RuntimeError) -> None:
            print(f"{label}{_display_path(notebook)}: the kernel did not start ({exc}); starting another",
                  file=sys.stderr, flush=True)

        try:
            nb = started_again(run, say)
        except PapermillExecutionError as exc:
            cell_id, index = _failing_cell(scratch_out, notebook, exc)
            print(f"{label}FAILED {_display_path(notebook)} at cell {cell_id!r}", file=sys.stderr, flush=True)
            raise NotebookExecutionError(
                notebook, cell_id, index, exc.exec_count, exc.ename, exc.evalue, str(exc)
            ) from exc
    nb = normalise(nb, notebook)
    atomic.write_text(output, _serialise(nb))
    elapsed = time.monotonic() - started
    print(f"{label}{_display_path(notebook)} -> {shown or _display_path(output)}: {len(nb.cells)} cells in {elapsed:.1f} s",
          flush=True)


# A kernel that talks over TCP listens on ports chosen by binding and releasing them before it starts;
# another process's kernel can take one of them in between, and the first kernel then dies at start
# ("Address already in use") or its client waits a minute for a reply that never comes. The runner's
# kernels talk over Unix sockets in the execution's own scratch folder instead (_client_config), so
# no two kernels can want the same address; where that is not possible, or a kernel dies at start
# for another reason, no cell has run yet: start another.
KERNEL_STARTS = 3
NOT_STARTED = ("Kernel died before replying to kernel_info", "Kernel didn't respond in")


def kernel_did_not_start(exc: BaseException) -> bool:
    return str(exc).startswith(NOT_STARTED)


def started_again(execute, said=None):
    """`execute()` (a notebook's execution), called again while its kernel did not start, up to
    KERNEL_STARTS times; `said(exc)` hears of each new start. The tests that execute notebooks with
    papermill or nbclient themselves use it too (tests/kernels.py)."""
    for attempt in range(1, KERNEL_STARTS + 1):
        try:
            return execute()
        except RuntimeError as exc:
            if not kernel_did_not_start(exc) or attempt == KERNEL_STARTS:
                raise
            if said is not None:
                said(exc)


# The longest path a Unix socket may have, less room for the numbered suffix: 108 bytes with the
# closing NUL on Linux, 104 on macOS.
SOCKET_PATH_MAX = 96


def _client_config(scratch: Path | None = None, kernel_log: Path | None = None):
    """Kernel traffic over Unix sockets in `scratch` where the platform and the path's length allow
    (see KERNEL_STARTS), encrypted when the kernelspec supports it (ipykernel warns on plain TCP
    otherwise); the kernel process's own log appended to `kernel_log`; shut kernels down without the
    interrupt jupyter_client sends first (see QuietKernelManager)."""
    from traitlets.config import Config

    config = Config()
    config.KernelManager.transport_encryption = "auto"
    if scratch is not None and os.name == "posix":
        address = str(scratch.resolve() / "kernel")
        if len(os.fsencode(address)) <= SOCKET_PATH_MAX:
            config.KernelManager.transport = "ipc"
            config.KernelManager.ip = address
    config.NotebookClient.kernel_manager_class = "dean06.pipeline.runner.QuietKernelManager"
    if kernel_log is not None:
        config.QuietKernelManager.kernel_log = str(kernel_log)
    return config


def _quiet_kernel_manager():
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Unicode

    class QuietKernelManager(AsyncKernelManager):
        """jupyter_client interrupts a kernel (SIGINT) before asking it to shut down; an idle kernel
        that catches it mid-message logs `ERROR | KeyboardInterrupt caught in kernel` although
        nothing went wrong. A notebook that finished has nothing to interrupt, so shutdown skips it."""

        kernel_log = Unicode("", config=True, help="the file the kernel process's own log is appended to")

        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

        async def _async_start_kernel(self, **kw) -> None:
            # The kernel's own log (start-up and shutdown chatter, such as tornado's report of a
            # socket closed under it while exiting) goes to a file, not into the build's output;
            # a cell's error still reaches the build through the kernel's messages.
            if "stderr" in kw or not self.kernel_log:
                return await super()._async_start_kernel(**kw)
            log = Path(self.kernel_log)
            log.parent.mkdir(parents=True, exist_ok=True)
            with open(log, "ab") as handle:  # the kernel process keeps its own copy of the file
                await super()._async_start_kernel(stderr=handle, **kw)

        # AsyncKernelManager binds start_kernel to its parent's function, not to this method
        start_kernel = _async_start_kernel

    return QuietKernelManager


def __getattr__(name: str):  # the kernel manager class imports jupyter_client only when a kernel starts
    if name == "QuietKernelManager":
        cls = _quiet_kernel_manager()
        globals()[name] = cls
        return cls
    raise AttributeError(name)


def _kernel_name(notebook: Path) -> str | None:
    """The notebook's own kernel; `python3` (this interpreter) when it names none."""
    try:
        meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return None
    return None if meta.get("kernelspec", {}).get("name") else "python3"


def execute_many(jobs: list[Job], *, progress: bool = True) -> None:
    """Run jobs in order in this process; stop at the first failure (later notebooks may need its output)."""
    for n, job in enumerate(jobs, start=1):
        execute(
            job.notebook,
            job.output,
            job.parameters,
            cwd=job.cwd,
            progress=progress,
            label=f"[{n}/{len(jobs)}] ",
        )


def parse_value(text: str) -> Any:
    """Interpret a -p value as papermill's CLI does: booleans, None, ints and floats; else a string."""
    lowered = text.strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    if lowered in ("none", "null"):
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return text
    # "nan"/"inf" are words before they are numbers
    return value if any(c.isdigit() for c in text) else text


def load_jobs(path: Path) -> list[Job]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("jobs")
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of jobs or {{\"jobs\": [...]}}")
    return [Job.from_dict(item) for item in data]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dean06.runner", description=__doc__.splitlines()[0]
    )
    parser.add_argument("notebook", nargs="?", type=Path)
    parser.add_argument("output", nargs="?", type=Path)
    parser.add_argument(
        "-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE")
    )
    parser.add_argument("--cwd", type=Path, help="kernel working folder (default: the notebook's)")
    parser.add_argument("--jobs", type=Path, help="JSON file listing several notebooks to run")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    if args.jobs:
        if args.notebook or args.output or args.parameter or args.cwd:
            parser.error("--jobs takes no NOTEBOOK, OUTPUT, -p or --cwd")
        jobs = load_jobs(args.jobs)
    elif args.notebook and args.output:
        params = {name: parse_value(value) for name, value in args.parameter}
        jobs = [Job(args.notebook, args.output, params, args.cwd)]
    else:
        parser.error("give NOTEBOOK OUTPUT, or --jobs JOBS.json")
    try:
        execute_many(jobs, progress=not args.no_progress)
    except NotebookExecutionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
