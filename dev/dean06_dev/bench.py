"""`make bench`: how long the build takes against what it cannot avoid, how the data steps scale, and
how long the test suite takes.

Four measurements, written to bench/results.json and printed as a table:

* build — in a temporary copy of the project's tracked files (with a symlink to this .venv),
  `make report` from no outputs, timed as a whole and per recipe command (make's SHELL is
  replaced by a wrapper that logs each command's start and end) and per notebook (from the
  build's progress lines); three times (--builds), each in a fresh copy; then `make report`
  again, which must do nothing (goal ≤ 0.3 s); then edit-to-page: the time of `make report` after a
  story edit (a line added to src/dean06/publish/story/vi.md: only the report step reruns; goal ≤ 40% of
  the full build of the same run) and after a data edit (data/raw/claims.csv rewritten: every step);
* floor — measured right after each build: one Python process doing as many papermill executions
  of an empty notebook (importing pandas, matplotlib, seaborn) as the build executes notebooks,
  plus one nbconvert HTML render per report; the counts come from the Makefile's EXECUTED and
  REPORTS variables (goal: the median of the builds' build / floor ≤ 1.3);
* scaling — synthetic corpora of 50, 500 and 5,000 articles (dean06_dev.synthetic); cleaning,
  reconciliation and the audit each timed (best of a few runs) in a separate process per corpus,
  with a time limit (goal: 5,000 articles within 5 s per step, time growing roughly linearly);
* suite — `make test` as a journalist runs it (the Makefile's environment), on every core, in a
  checkout of its own (git init, outputs built and committed): on the archive and with 10
  generated articles added (--suite-articles), twice each in alternation (--suite-rounds), the
  median of each corpus's runs compared (goal: at most about 2 s more per added article).

A missed goal is printed clearly; it does not fail the command (speed is measured, not asserted).

    python -m dean06_dev.bench [--skip-build] [--skip-scaling] [--skip-suite] [--builds 3] [--sizes 50,500,5000]
                            [--repeats 3] [--suite-articles 10] [--suite-rounds 2]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dean06 import atomic
from dean06 import paths

RESULTS = Path("bench") / "results.json"
GOALS = {"story_edit_over_build": 0.4, "noop_rebuild_s": 0.3, "build_over_floor": 1.3, "step_at_largest_s": 5.0, "linear_slack": 1.5}
SIZES = (50, 500, 5000)
STEPS = ("audit", "clean", "reconcile")  # the slowest last: a time limit then loses the least
VENV_STAMP = ".venv/.installed"  # the Makefile's VENV_STAMP: never remade from a benchmark copy
OUTPUT_DIRS = ("data/processed", "figures", "reports")  # removed from the copy so the build starts clean
SINGLE_RUN_ABOVE_S = 10.0  # one run is enough when it takes this long: noise is small beside it
# dean06.pipeline's lines: "[charts-vi] notebooks/03_charts.ipynb {"lang": "vi"}" when a notebook starts,
# the runner's "[charts-vi] … -> …: 12 cells in 9.8 s" when it ends, "[report-vi] rendered …" per page
PROGRESS_RUN = re.compile(r"^\[(?P<name>[^\]]+)\] (?P<notebook>\S+\.ipynb) (?P<parameters>\{.*\})$")
PROGRESS_DONE = re.compile(r"^\[(?P<name>[^\]]+)\] \S+ -> \S+: \d+ cells in (?P<seconds>[\d.]+) s$")
PROGRESS_RENDER = re.compile(r"^\[(?P<name>[^\]]+)\] rendered (?P<html>\S+)")

WRAPPER = r"""#!/bin/bash
# make's SHELL during the benchmark: run the command exactly as make would, logging its wall time.
start=$EPOCHREALTIME
/bin/bash "$@"
rc=$?
cmd="${@: -1}"
printf '%s\t%s\t%s\t%s\n' "$start" "$EPOCHREALTIME" "$rc" "${cmd//$'\n'/ }" >> "$DEAN06_BENCH_LOG"
exit $rc
"""

FLOOR = r"""
import sys, time
import nbformat, papermill
from nbconvert import HTMLExporter
executions, renders, kernel = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
nb = nbformat.v4.new_notebook()
nb.cells = [nbformat.v4.new_code_cell("import pandas, matplotlib, seaborn")]
nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
nbformat.write(nb, "empty.ipynb")
for i in range(executions):
    papermill.execute_notebook("empty.ipynb", f"executed{i}.ipynb", kernel_name=kernel, progress_bar=False)
exporter = HTMLExporter()
for i in range(renders):
    body, _ = exporter.from_notebook_node(nbformat.read("empty.ipynb" if not executions else "executed0.ipynb", 4))
    open(f"render{i}.html", "w", encoding="utf-8").write(body)
"""


# ---------------------------------------------------------------- the build and its floor

def copy_project(root: Path, dest: Path, untracked: bool = False) -> Path:
    """Copy the files git tracks (with their times, so make sees them as in the project) and link .venv."""
    args = ["git", "ls-files", "-z"] + (["--cached", "--others", "--exclude-standard"] if untracked else [])
    listed = subprocess.run(args, cwd=root, check=True, capture_output=True).stdout.decode().split("\0")
    for rel in sorted(set(filter(None, listed))):
        src = root / rel
        if not (src.is_file() or src.is_symlink()):
            continue  # deleted in the working tree
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target, follow_symlinks=False)
    for rel in OUTPUT_DIRS:
        shutil.rmtree(dest / rel, ignore_errors=True)
    (dest / ".venv").symlink_to((root / ".venv").resolve(), target_is_directory=True)
    return dest


def _make_env() -> dict:
    env = dict(os.environ)
    for key in ("DEAN06_ROOT", "PYTHONPATH", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(key, None)  # the copy's Makefile sets its own; a parent `make bench` must not leak in
    return env


def make_variable(project: Path, name: str) -> list[str]:
    """The words of a Makefile variable (e.g. EXECUTED, REPORTS), asked of make itself."""
    probe = f"print-var:\n\t@echo $({name})\n"
    out = subprocess.run(["make", "--no-print-directory", "-s", "-f", "Makefile", "-f", "-", "print-var"],
                         cwd=project, input=probe, text=True, capture_output=True, env=_make_env())
    return out.stdout.split() if out.returncode == 0 else []


def make_plan(project: Path, target: str = "report") -> list[str]:
    """The recipe commands `make -n` says the target runs (from no outputs)."""
    out = subprocess.run(["make", "-n", "-o", VENV_STAMP, target], cwd=project, text=True,
                         capture_output=True, env=_make_env())
    return [line.strip() for line in out.stdout.splitlines() if line.strip()]


def run_make(project: Path, target: str = "report", log: Path | None = None) -> dict:
    """Run make, timestamping every output line; with `log`, every shell command is timed by the wrapper."""
    args = ["make", "-o", VENV_STAMP, target]
    env = _make_env()
    if log is not None:
        wrapper = log.with_suffix(".sh")
        wrapper.write_text(WRAPPER, encoding="utf-8")
        wrapper.chmod(0o755)
        env["DEAN06_BENCH_LOG"] = str(log)
        args.append(f"SHELL={wrapper}")
    start_wall, start = time.time(), time.perf_counter()
    proc = subprocess.Popen(args, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, text=True, bufsize=1)
    lines = [(time.time(), line.rstrip("\n")) for line in proc.stdout]
    returncode = proc.wait()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "returncode": returncode, "start": start_wall, "end": start_wall + seconds,
            "lines": lines}


def read_command_log(log: Path, plan: list[str]) -> list[dict]:
    commands = []
    if not log.exists():
        return commands
    for row in log.read_text(encoding="utf-8").splitlines():
        start, end, rc, command = row.split("\t", 3)
        commands.append({"command": command, "start": float(start), "seconds": float(end) - float(start),
                         "returncode": int(rc), "kind": "recipe" if command.strip() in plan else "make $(shell …)"})
    return commands


def notebook_runs(lines: list[tuple[float, str]], commands: list[dict], end: float) -> tuple[list[dict], int]:
    """Per-notebook wall times from the build's progress lines: from a run's first line to its last
    (executed, or rendered for a report). Also counts the reports rendered."""
    recipes = [(c["start"], c["start"] + c["seconds"], c["command"]) for c in commands if c["kind"] == "recipe"]

    def stop_of(t: float) -> float:
        # the end of the build step running at t; make runs other commands beside it, which end sooner
        own = [e for s, e, command in recipes if s <= t <= e and "dean06.pipeline" in command]
        return min(own or [e for _, e, _ in recipes if e >= t] or [end])

    runs, renders = [], 0

    def last(name: str) -> dict | None:
        return next((r for r in reversed(runs) if r["name"] == name), None)

    for t, line in lines:
        if m := PROGRESS_RENDER.match(line):
            renders += 1
            if (run := last(m["name"])) is not None:
                run["until"] = t  # a report's page is rendered after its notebook ran
        elif m := PROGRESS_RUN.match(line):
            runs.append({"name": m["name"], "notebook": m["notebook"], "parameters": m["parameters"], "start": t,
                         "execute_s": None})
        elif (m := PROGRESS_DONE.match(line)) and (run := last(m["name"])) is not None:
            run["execute_s"] = float(m["seconds"])  # the runner's own time for the kernel's work
            run["until"] = t
    for i, run in enumerate(runs):
        # runs of one step print their start side by side: each ends at its own last line; without
        # one (a failure), at the next run's start or the end of its build step
        stop = run.pop("until", None)
        if stop is None:
            stop = stop_of(run["start"])
            if i + 1 < len(runs):
                stop = min(stop, runs[i + 1]["start"])
        run["seconds"] = max(0.0, stop - run.pop("start"))
    return runs, renders


def measure_floor(executions: int, renders: int, kernel: str = "python3") -> dict:
    python = paths.project_root() / ".venv" / "bin" / "python"
    python = python if python.exists() else Path(sys.executable)
    with tempfile.TemporaryDirectory(prefix="dean06-floor-") as tmp:
        start = time.perf_counter()
        proc = subprocess.run([str(python), "-c", FLOOR, str(executions), str(renders), kernel], cwd=tmp,
                              capture_output=True, text=True, env=_make_env())
        seconds = time.perf_counter() - start
    result = {"seconds": seconds, "executions": executions, "renders": renders, "returncode": proc.returncode}
    if proc.returncode:
        result["error"] = proc.stderr.strip().splitlines()[-1:] or ["(no message)"]
    return result


def _one_build(project: Path) -> dict:
    """`make report` from no outputs in a fresh copy, timed as a whole, per command and per notebook."""
    plan = make_plan(project)
    log = project.parent / f"{project.name}.commands.log"
    build = run_make(project, log=log)
    commands = read_command_log(log, plan)
    runs, rendered = notebook_runs(build["lines"], commands, build["end"])
    return {"plan": plan, "build": build, "commands": commands, "runs": runs, "rendered": rendered}


def build_bench(root: Path, builds: int = 3, noop_repeats: int = 3, untracked: bool = False,
                keep: bool = False) -> dict:
    """`builds` full builds from clean outputs, each followed by the floor, so that a build and its
    floor see the same machine; the ratio is the median of the pairs' ratios (the detail shown is
    the median pair's). Then the no-op rebuild, on the first copy."""
    tmp = Path(tempfile.mkdtemp(prefix="dean06-bench-"))
    try:
        pairs, executed, reports = [], [], []
        for i in range(max(1, builds)):
            project = copy_project(root, tmp / f"project-{i + 1}", untracked=untracked)
            if i == 0:  # declared in the Makefile, the same in every copy
                executed, reports = make_variable(project, "EXECUTED"), make_variable(project, "REPORTS")
            run = _one_build(project)
            # counts declared in the Makefile; the build's own progress lines when it declares none
            run["floor"] = measure_floor(len(executed) or len(run["runs"]), len(reports) or run["rendered"])
            ok = run["build"]["returncode"] == 0 and run["floor"]["returncode"] == 0 and run["floor"]["seconds"]
            run["ratio"] = run["build"]["seconds"] / run["floor"]["seconds"] if ok else None
            pairs.append(run)
            if run["ratio"] is None:
                break  # a failed build or floor: its output says why; more runs would say it again
        ratios = [p["ratio"] for p in pairs]
        ratio = statistics.median(ratios) if None not in ratios else None
        shown = pairs[-1] if ratio is None else min(pairs, key=lambda p: (abs(p["ratio"] - ratio), p["ratio"]))
        project = tmp / "project-1"
        noops = [run_make(project) for _ in range(max(1, noop_repeats))]
        up_to_date = subprocess.run(["make", "-q", "-o", VENV_STAMP, "report"], cwd=project,
                                    env=_make_env(), capture_output=True).returncode == 0
        edits = edit_to_page(project)
        build, floor, commands, runs = shown["build"], shown["floor"], shown["commands"], shown["runs"]
        out = {
            "project_copy": "git ls-files" + (" + untracked" if untracked else "") + ", .venv symlinked",
            "make_plan": shown["plan"],
            "pairs": [{"build_s": p["build"]["seconds"], "floor_s": p["floor"]["seconds"], "ratio": p["ratio"]}
                      for p in pairs],
            "shown_pair": pairs.index(shown) + 1,
            "build": {"seconds": build["seconds"], "returncode": build["returncode"],
                      "output_tail": [line for _, line in build["lines"][-15:]] if build["returncode"] else []},
            "commands": [{k: c[k] for k in ("command", "kind", "seconds", "returncode")} for c in commands],
            "notebooks": runs,
            "counts": {"executions_declared": len(executed), "renders_declared": len(reports),
                       "executions_seen": len(runs), "renders_seen": shown["rendered"]},
            "noop": {"seconds": min(n["seconds"] for n in noops), "runs": [n["seconds"] for n in noops],
                     "returncode": max(n["returncode"] for n in noops), "up_to_date": up_to_date,
                     "output": [line for _, line in noops[-1]["lines"]][:5]},
            "floor": floor,
            "edits": edits,
        }
        out["goals"] = {
            "noop_rebuild": {"goal_s": GOALS["noop_rebuild_s"], "measured_s": out["noop"]["seconds"],
                             "met": pairs[0]["build"]["returncode"] == 0 and up_to_date
                             and out["noop"]["seconds"] <= GOALS["noop_rebuild_s"]},
            "story_edit": story_goal(edits.get("story"), pairs[0]["build"]["seconds"]),
            "build_vs_floor": {"goal_ratio": GOALS["build_over_floor"], "ratio": ratio, "of": "median",
                               "pairs": len(pairs),
                               "met": ratio is not None and ratio <= GOALS["build_over_floor"]},
        }
        if keep:
            out["kept_at"] = str(tmp)
        return out
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


# what a journalist edits: the story (a line added), a data table (rewritten as it is)
EDITS = {"story": "src/dean06/publish/story/vi.md", "data": "data/raw/claims.csv"}


def _rewritten(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")  # now: newer than every output make built before


def edit_to_page(project: Path, edits: dict[str, str] | None = None) -> dict:
    """`make report` after a story edit (a line added to the story) and after a data edit (the claims
    table rewritten as it is), each in the built copy; what make reran, from its step lines. A file
    the project lacks is left out."""
    out = {}
    for name, rel in (edits or EDITS).items():
        change = (lambda text: text + "\n") if name == "story" else (lambda text: text)
        path = project / rel
        if not path.is_file():
            continue
        original = path.read_text(encoding="utf-8")
        _rewritten(path, change(original))
        run = run_make(project)
        steps = sorted({m["name"] for _, line in run["lines"] if (m := PROGRESS_RUN.match(line))})
        out[name] = {"edited": rel, "seconds": run["seconds"], "returncode": run["returncode"], "reran": steps}
        if change(original) != original:
            _rewritten(path, original)
            run_make(project)  # back to the built state for the next edit
    return out


def story_goal(story: dict | None, build_s: float) -> dict:
    """A story edit's make against the full build of the same run."""
    ratio = story["seconds"] / build_s if story and build_s else None
    return {"goal_ratio": GOALS["story_edit_over_build"], "ratio": ratio,
            "met": ratio is not None and story["returncode"] == 0 and ratio <= GOALS["story_edit_over_build"]}


# ---------------------------------------------------------------- scaling

def _best(fn, repeats: int) -> tuple[float, object, int]:
    """Best wall time of up to `repeats` calls (one when a call is long enough to swamp the noise)."""
    best, value, runs = math.inf, None, 0
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        value = fn()
        elapsed = time.perf_counter() - start
        best, runs = min(best, elapsed), runs + 1
        if elapsed > SINGLE_RUN_ABOVE_S:
            break
    return best, value, runs


def worker(root: Path, steps: list[str], repeats: int) -> None:
    """Time each step on one corpus; print one JSON line per step as soon as it is done."""
    import io

    def emit(step: str, **fields) -> None:
        print(json.dumps({"step": step, **fields}), flush=True)

    clean_frame = None
    for step in steps:
        try:
            if step == "audit":
                from dean06.evidence.audit import run_audit

                seconds, result, runs = _best(lambda: run_audit(root), repeats)
                emit(step, seconds=seconds, runs=runs, ok=result.ok, claims=result.claim_count,
                     problems=[str(p) for p in result.problems[:3]])
            elif step == "clean":
                from dean06.clean.step import clean_claims, load_raw

                load_s, tables, _ = _best(lambda: load_raw(root), 1)
                seconds, frame, runs = _best(lambda: clean_claims(*tables), repeats)
                clean_frame = frame
                emit(step, seconds=seconds, runs=runs, ok=True, rows=len(frame), load_s=load_s)
            elif step == "reconcile":
                import pandas as pd

                from dean06.clean import step as clean
                from dean06.reconcile import step as reconcile

                if clean_frame is None:
                    clean_frame = clean.clean_claims(*clean.load_raw(root))
                # as notebook 02 reads it: claims_clean.csv round trip, outside the timing
                text = clean.to_csv_text(clean_frame)
                frame = reconcile.load_clean_frame(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False))
                sources, metrics = reconcile.load_sources_frame(root), reconcile.load_metrics_frame(root)
                decisions, _, _ = reconcile.load_decisions(root)
                seconds, result, runs = _best(lambda: reconcile.reconcile(frame, sources, metrics, decisions), repeats)
                emit(step, seconds=seconds, runs=runs, ok=True, rows=len(result.reconciled),
                     findings=len(result.discrepancies))
            else:
                emit(step, ok=False, error=f"unknown step {step!r}")
        except Exception as err:  # one step failing must not hide the others' timings
            emit(step, ok=False, error=f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}")


def available_steps(steps=STEPS) -> tuple[list[str], dict[str, str]]:
    """The steps whose modules are importable, and why the others are skipped."""
    needs = {"clean": ["dean06.clean"], "reconcile": ["dean06.clean", "dean06.reconcile"], "audit": ["dean06.evidence.audit"]}
    ready, skipped = [], {}
    for step in steps:
        missing = [m for m in needs.get(step, []) if importlib.util.find_spec(m) is None]
        if missing:
            skipped[step] = f"module {', '.join(missing)} not importable yet"
        else:
            ready.append(step)
    return ready, skipped


def _growth(times: dict[int, float | None], sizes: list[int]) -> dict:
    ok = [n for n in sizes if times.get(n) is not None]
    per_article = {str(n): times[n] / n * 1000 for n in ok}
    out: dict = {"ms_per_article": per_article}
    if len(ok) >= 2:
        small, big = ok[-2], ok[-1]
        ratio = times[big] / times[small] if times[small] else None
        out.update({f"ratio_{big}_{small}": ratio, "size_ratio": big / small,
                    "exponent": math.log(ratio) / math.log(big / small) if ratio else None,
                    "roughly_linear": ratio is not None and ratio <= GOALS["linear_slack"] * big / small})
    return out


def scaling(sizes=SIZES, repeats: int = 3, steps=STEPS, workdir: Path | None = None,
            timeout: float = 600.0, seed: int = 6) -> dict:
    """Generate each corpus, time each available step on it in a fresh process, report the growth."""
    from dean06_dev.synthetic import generate

    sizes = sorted(int(n) for n in sizes)
    ready, skipped = available_steps(steps)
    tmp = Path(tempfile.mkdtemp(prefix="dean06-scaling-", dir=workdir))
    corpora, timings = {}, {step: {} for step in ready}
    try:
        for n in sizes:
            root = tmp / f"corpus-{n}"
            start = time.perf_counter()
            generate(root, n, seed=seed)
            corpora[str(n)] = {"articles": n, "generate_s": time.perf_counter() - start,
                               "claims": sum(1 for _ in open(root / "data/raw/claims.csv", encoding="utf-8")) - 1}
            env = {**os.environ, "DEAN06_ROOT": str(root)}
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]), str(paths.code_root() / "src"),
                                                              env.get("PYTHONPATH", "")]))
            cmd = [sys.executable, "-m", "dean06_dev.bench", "--worker", str(root), ",".join(ready), str(repeats)]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
                stdout, note = proc.stdout, (proc.stderr.strip().splitlines() or [""])[-1] if proc.returncode else ""
            except subprocess.TimeoutExpired as err:
                stdout = err.stdout.decode() if isinstance(err.stdout, bytes) else (err.stdout or "")
                note = f"timed out after {timeout:.0f} s"
            done = {}
            for line in stdout.splitlines():
                if line.startswith("{"):
                    record = json.loads(line)
                    done[record.pop("step")] = record
            for step in ready:
                record = done.get(step) or {"ok": False, "error": note or "no result"}
                if record.get("seconds") is not None:
                    record["ms_per_article"] = record["seconds"] / n * 1000
                timings[step][str(n)] = record
            shutil.rmtree(root, ignore_errors=True)  # 5,000 articles take room; one corpus at a time
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    growth, goals = {}, {}
    largest = sizes[-1]
    for step in ready:
        times = {n: timings[step][str(n)].get("seconds") if timings[step][str(n)].get("ok") else None for n in sizes}
        growth[step] = _growth(times, sizes)
        at_largest = times.get(largest)
        goals[step] = {"goal_s": GOALS["step_at_largest_s"], "articles": largest, "measured_s": at_largest,
                       "met": at_largest is not None and at_largest <= GOALS["step_at_largest_s"]
                       and growth[step].get("roughly_linear", True)}
    total = [timings[s][str(largest)].get("seconds") for s in ready]
    return {"sizes": sizes, "repeats": repeats, "seed": seed, "steps": ready, "skipped": skipped,
            "corpora": corpora, "timings": timings, "growth": growth, "goals": goals,
            "total_at_largest_s": sum(total) if total and None not in total else None}


# ---------------------------------------------------------------- output

SUITE_ADDED = 10  # generated articles added to the archive for the suite's growth
SUITE_GOAL_PER_ARTICLE_S = 2.0
SUITE_ROUNDS = 2  # runs of the suite per corpus, in alternation (suite_order)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", *args], cwd=cwd, check=True,
                   capture_output=True)


def suite_project(root: Path, dest: Path, added: int = 0) -> Path:
    """A checkout of its own (git init, outputs built and committed, as a newsroom's is) of this
    project's files, with `added` generated articles beside the archived ones when asked."""
    copy_project(root, dest, untracked=True)
    if added:
        from dean06_dev.synthetic import generate

        real = paths.raw_dir(dest)
        n_real = len(list((real / "articles").glob("*.txt")))
        corpus = dest.parent / f"{dest.name}-corpus"
        generate(corpus, n_real + added, include_real=True, archive=real)
        for table in sorted(paths.raw_dir(corpus).glob("*.csv")):
            shutil.copy2(table, real / table.name)
        for article in sorted((paths.raw_dir(corpus) / "articles").glob("*.txt")):
            if not (real / "articles" / article.name).exists():
                shutil.copy2(article, real / "articles" / article.name)
        review_decisions(dest, dest.parent / f"{dest.name}-review")
    _git(dest, "init", "-q")
    built = run_make(dest, "report")
    if built["returncode"] != 0:
        raise RuntimeError("make report failed in the suite's copy:\n" + "\n".join(l for _, l in built["lines"][-30:]))
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "the project as the suite sees it")
    return dest


def review_decisions(root: Path, scratch: Path) -> None:
    """What the editor does after new articles: a decision whose finding gained claims is reviewed and
    settles them all, and one whose finding is gone is withdrawn (README, "For editors"), so the
    enlarged archive carries no decision awaiting review. The
    findings are computed in a scratch copy, so `root` gets no built output make did not build."""
    import csv

    from dean06.clean import step as clean
    from dean06.reconcile import step as reconcile

    shutil.copytree(paths.raw_dir(root), paths.raw_dir(scratch))
    clean.write_claims_clean(clean.clean_claims(*clean.load_raw(scratch)), scratch / "data/processed/claims_clean.csv")
    result = reconcile.run(scratch)
    claims = {f.finding_id: f.claims for f in result.findings}
    table = paths.raw_dir(root) / "decisions.csv"
    with table.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row["decision_id"] in result.review.stale and row["finding_id"] in claims:
            row["settled_claims"] = ";".join(sorted(claims[row["finding_id"]]))
    # a decision on a finding the new figures replaced (its id names dates that changed) is withdrawn
    rows = [row for row in rows if row["decision_id"] not in result.review.unknown]
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    shutil.rmtree(scratch)


def time_suite(project: Path) -> dict:
    """`make test` in `project`, as a journalist runs it (the Makefile's environment, PYTHONPATH
    included, which the tests' subprocesses need): wall time, the CPU time of every process it ran,
    and how it ended."""
    import resource

    def children_cpu() -> float:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        return used.ru_utime + used.ru_stime

    cpu, start = children_cpu(), time.perf_counter()
    proc = subprocess.run(["make", "-o", VENV_STAMP, "test"], cwd=project, env=_make_env(),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    tail = proc.stdout.strip().splitlines()[-1:] or [""]
    return {"seconds": seconds, "cpu_seconds": children_cpu() - cpu, "returncode": proc.returncode, "summary": tail[0]}


def suite_order(rounds: int) -> list[str]:
    """seeds, enlarged, enlarged, seeds, ...: each corpus as often first as second, so that a machine
    that slows down or speeds up during the measurement weighs on both alike."""
    order: list[str] = []
    for n in range(rounds):
        order += ["seeds", "enlarged"] if n % 2 == 0 else ["enlarged", "seeds"]
    return order


def suite_bench(root: Path, added: int = SUITE_ADDED, rounds: int = SUITE_ROUNDS, keep: bool = False,
                timer=time_suite, project=None) -> dict:
    """The test suite's time on the archive and on the archive plus `added` generated articles, each
    run `rounds` times in alternation (suite_order): how much each added article costs a journalist
    who runs `make test`. Each corpus's time is the median of its runs: this machine's speed varies
    by up to a third from one run to the next, more than ten articles add. (`timer` and `project`
    stand in for time_suite and suite_project in the benchmark's own tests.)"""
    work = Path(tempfile.mkdtemp(prefix="dean06-suite-"))
    try:
        project = project or suite_project
        projects = {"seeds": project(root, work / "seeds"), "enlarged": project(root, work / "enlarged", added=added)}
        runs: dict[str, list[dict]] = {"seeds": [], "enlarged": []}
        for name in suite_order(rounds):
            runs[name].append(timer(projects[name]))
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    result = {"added": added, "rounds": rounds, "goal_per_article_s": SUITE_GOAL_PER_ARTICLE_S}
    for name, timed in runs.items():
        result[name] = {"seconds": statistics.median(r["seconds"] for r in timed),
                        "cpu_seconds": statistics.median(r["cpu_seconds"] for r in timed),
                        "returncode": max((r["returncode"] for r in timed), key=abs),
                        "summary": next((r["summary"] for r in timed if r["returncode"] != 0), timed[-1]["summary"]),
                        "runs": timed}
    per_article = (result["enlarged"]["seconds"] - result["seeds"]["seconds"]) / added if added else None
    cpu_per_article = (result["enlarged"]["cpu_seconds"] - result["seeds"]["cpu_seconds"]) / added if added else None
    result.update(per_article_s=per_article, cpu_per_article_s=cpu_per_article,
                  met=per_article is not None and per_article <= SUITE_GOAL_PER_ARTICLE_S
                  and all(r["returncode"] == 0 for timed in runs.values() for r in timed))
    return result


def _fmt(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:8.3f} s"


def _verdict(met: bool) -> str:
    return "MET" if met else "MISSED"


def table(results: dict) -> str:
    lines = [f"Benchmark ({results['machine']['cpus']} CPUs, load {results['machine']['load']}, "
             f"commit {results['machine']['commit']})"]
    b = results.get("build")
    if b:
        lines.append("")
        lines.append("Build (make report from clean outputs, in a copy of the tracked files)")
        for c in b["commands"]:
            if c["kind"] == "recipe" or c["seconds"] >= 0.05:
                label = c["command"] if len(c["command"]) <= 70 else c["command"][:67] + "..."
                lines.append(f"  {_fmt(c['seconds'])}  {label}{'  (make ' + '$(shell))' if c['kind'] != 'recipe' else ''}")
        for r in b["notebooks"]:
            inner = "" if r.get("execute_s") is None else f" (executing: {r['execute_s']:.1f} s)"
            lines.append(f"  {_fmt(r['seconds'])}    notebook [{r['name']}] {r['notebook']} {r['parameters']}{inner}")
        status = "" if b["build"]["returncode"] == 0 else f"  FAILED (exit {b['build']['returncode']})"
        lines.append(f"  {_fmt(b['build']['seconds'])}  whole build{status}")
        for line in b["build"]["output_tail"]:
            lines.append(f"      | {line}")
        f = b["floor"]
        counts = b["counts"]
        if counts["executions_declared"] != counts["executions_seen"]:
            lines.append(f"  note: the Makefile declares {counts['executions_declared']} notebook executions; "
                         f"the build printed {counts['executions_seen']}")
        lines.append(f"  {_fmt(f['seconds'])}  floor: {f['executions']} papermill runs of an empty notebook "
                     f"(pandas, matplotlib, seaborn) + {f['renders']} nbconvert renders"
                     + ("" if f["returncode"] == 0 else f"  FAILED: {f.get('error')}"))
        pairs = b.get("pairs", [])
        if len(pairs) > 1:
            lines.append(f"  (the detail above is build {b['shown_pair']} of {len(pairs)}, the median)")
        for i, p in enumerate(pairs, 1):
            ratio = "—" if p["ratio"] is None else f"{p['ratio']:.2f}"
            lines.append(f"  build {i}: {p['build_s']:.1f} s, floor {p['floor_s']:.1f} s, build / floor = {ratio}")
        g = b["goals"]["build_vs_floor"]
        ratio = "—" if g["ratio"] is None else f"{g['ratio']:.2f}"
        median = f" (median of {len(pairs)})" if len(pairs) > 1 else ""
        lines.append(f"  build / floor = {ratio}{median}   goal ≤ {g['goal_ratio']}   {_verdict(g['met'])}")
        for name, label in (("story", "a story edit"), ("data", "a data edit")):
            e = b.get("edits", {}).get(name)
            if e is None:
                continue
            lines.append(f"  {_fmt(e['seconds'])}  edit to page, {label} ({e['edited']}): reran {', '.join(e['reran']) or 'nothing'}"
                         + ("" if e["returncode"] == 0 else f"  FAILED (exit {e['returncode']})"))
        g = b["goals"].get("story_edit", {})
        if g.get("ratio") is not None:
            lines.append(f"  story edit / full build = {g['ratio']:.2f}   goal ≤ {g['goal_ratio']}   {_verdict(g['met'])}")
        n = b["goals"]["noop_rebuild"]
        lines.append(f"  {_fmt(n['measured_s'])}  no-op rebuild (best of {len(b['noop']['runs'])}; "
                     f"up to date: {b['noop']['up_to_date']})   goal ≤ {n['goal_s']} s   {_verdict(n['met'])}")
    s = results.get("scaling")
    if s:
        lines.append("")
        lines.append(f"Scaling (synthetic corpora; best of up to {s['repeats']} runs, each size in a fresh process)")
        header = "  step        " + "".join(f"{n:>9} art." for n in s["sizes"]) + "   ms/article        growth"
        lines.append(header)
        corpora = "  (claims)    " + "".join(f"{s['corpora'][str(n)]['claims']:>14}" for n in s["sizes"])
        lines.append(corpora)
        for step in s["steps"]:
            cells = []
            for n in s["sizes"]:
                r = s["timings"][step][str(n)]
                cells.append(f"{r['seconds']:>12.3f} s" if r.get("ok") and r.get("seconds") is not None
                             else f"{'error':>14}")
            g = s["growth"][step]
            per = " / ".join(f"{v:.2f}" for v in g["ms_per_article"].values())
            ratio_key = next((k for k in g if k.startswith("ratio_")), None)
            grow = f"×{g[ratio_key]:.1f} for ×{g['size_ratio']:g}" if ratio_key and g[ratio_key] else ""
            goal = s["goals"][step]
            lines.append(f"  {step:<12}" + "".join(cells) + f"   {per}   {grow}   "
                         f"goal ≤ {goal['goal_s']:.0f} s at {goal['articles']}, linear: {_verdict(goal['met'])}")
            for n in s["sizes"]:
                r = s["timings"][step][str(n)]
                if not r.get("ok"):
                    lines.append(f"      {step} at {n}: {r.get('error') or r.get('problems')}")
        if s["total_at_largest_s"] is not None:
            lines.append(f"  all steps at {s['sizes'][-1]} articles: {s['total_at_largest_s']:.3f} s")
        for step, why in s["skipped"].items():
            lines.append(f"  skipped {step}: {why}")
    u = results.get("suite")
    if u:
        lines.append("")
        lines.append("Test suite (make test, in a checkout of its own)")
        rounds = u.get("rounds", 1)
        if rounds > 1:
            lines.append(f"  (each the median of {rounds} runs, the two corpora in alternation)")
        for name, label in (("seeds", "the archive"), ("enlarged", f"the archive + {u['added']} generated articles")):
            r = u[name]
            runs = r.get("runs", [])
            times = ", ".join(f"{x['seconds']:.0f}" for x in runs)
            each = f"  [runs: {times} s]" if len(runs) > 1 else ""
            cpu = f", {r['cpu_seconds']:.0f} CPU-s" if r.get("cpu_seconds") is not None else ""
            lines.append(f"  {_fmt(r['seconds'])}  {label}: {r['summary'] or 'exit ' + str(r['returncode'])}{cpu}{each}")
        if u["per_article_s"] is not None:
            cpu = (f" ({u['cpu_per_article_s']:+.2f} CPU-s)" if u.get("cpu_per_article_s") is not None else "")
            lines.append(f"  {u['per_article_s']:+.2f} s per added article{cpu}; goal ≤ {u['goal_per_article_s']:.0f} s: "
                         f"{_verdict(u['met'])}")
    return "\n".join(lines)


def machine() -> dict:
    root = paths.project_root()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
    return {"cpus": os.cpu_count(), "load": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "platform": platform.platform(),
            "commit": commit.stdout.strip() or "unknown"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        worker(Path(argv[1]), argv[2].split(","), int(argv[3]))
        return 0
    parser = argparse.ArgumentParser(description="Benchmark the build against its floor, and the data steps at scale.")
    parser.add_argument("--skip-build", action="store_true", help="only the scaling measurements")
    parser.add_argument("--skip-scaling", action="store_true", help="only the build measurements")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="corpus sizes, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="runs per small timing (the best is kept)")
    parser.add_argument("--builds", type=int, default=3, help="full builds, each with its floor (the median ratio counts)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds allowed per corpus (all its steps)")
    parser.add_argument("--untracked", action="store_true", help="copy untracked, not ignored files too")
    parser.add_argument("--keep", action="store_true", help="keep the project copy for inspection")
    parser.add_argument("--output", type=Path, default=None, help=f"where to write the JSON (default {RESULTS})")
    parser.add_argument("--skip-suite", action="store_true", help="leave out the test suite's time")
    parser.add_argument("--suite-articles", type=int, default=SUITE_ADDED,
                        help="generated articles added for the suite's growth")
    parser.add_argument("--suite-rounds", type=int, default=SUITE_ROUNDS,
                        help="runs of the suite per corpus, the corpora in alternation (the median counts)")
    args = parser.parse_args(argv)
    root = paths.project_root()
    results: dict = {"goals": GOALS, "machine": machine()}
    if not args.skip_build:
        results["build"] = build_bench(root, builds=args.builds, noop_repeats=args.repeats, untracked=args.untracked, keep=args.keep)
    if not args.skip_scaling:
        results["scaling"] = scaling([int(n) for n in args.sizes.split(",")], repeats=args.repeats,
                                     timeout=args.timeout)
    if not args.skip_suite:
        results["suite"] = suite_bench(root, added=args.suite_articles, rounds=args.suite_rounds, keep=args.keep)
    output = args.output or root / RESULTS
    atomic.write_text(output, json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    print(table(results))
    print(f"\nwritten to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
