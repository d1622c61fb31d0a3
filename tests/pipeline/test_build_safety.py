"""Build safety. The build's own command — staging, commit, recovery, signal handling, messages —
runs a small stub step (tests/pipeline/stub/) in a scratch project, and is interrupted at several
moments (SIGINT, SIGTERM, SIGKILL), and refused its writes (a read-only folder, a full disk): outputs
are never deleted, truncated or mixed; the next run recovers by itself. One real `make report` of
the session's build is killed while it publishes, and the next `make report` gives the clean build's
bytes. Removed and added articles and a missing table are noticed by make."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from built_tree import OUTPUT_DIRS, cheap_copy, make_env, snapshot
from conftest import ROOT
from kernels import START_TIMEOUT, run_started_again

from dean06.pipeline import lineage

pytestmark = pytest.mark.slow

STUB = Path(__file__).resolve().parent / "stub"
STUB_FILES = ["data/processed/stub.csv", "figures/vi/stub.csv", "reports/executed/stub.ipynb"]


# ----- the stub step -----

@pytest.fixture(scope="module")
def finished_stub(tmp_path_factory):
    """The stub step's previous outputs, as a finished build leaves them: built once per module."""
    root = tmp_path_factory.mktemp("finished") / "project"
    (root / "data/raw").mkdir(parents=True)
    (root / "data/raw/input.csv").write_text("id\n1\n", encoding="utf-8")
    (root / "notebooks").mkdir()
    shutil.copy(STUB / "step.ipynb", root / "notebooks/step.ipynb")
    proc = run_stub(root, "previous")
    assert proc.returncode == 0, proc.stderr
    return root


@pytest.fixture
def stub(finished_stub, tmp_path):
    """A copy of the finished stub project (times kept) for a test to interrupt or fault."""
    return Path(shutil.copytree(finished_stub, tmp_path / "project", symlinks=True))


def stub_env(root, **extra):
    return {**make_env(), "DEAN06_ROOT": str(root), "PYTHONPATH": str(ROOT / "src"),
            "STUB_STARTED": str(root / "started"), **extra}


def stub_command(version, pause):
    return [sys.executable, str(STUB / "run_step.py"), "stub", version, str(pause)]


def run_stub(root, version="new", **extra):
    return subprocess.run(stub_command(version, 0), cwd=root, env=stub_env(root, **extra), capture_output=True,
                          text=True, timeout=180)


def start_stub(root):
    """The stub step, paused once its notebook runs; returns when it is there."""
    (root / "started").unlink(missing_ok=True)
    proc = subprocess.Popen(stub_command("new", 60), cwd=root, env=stub_env(root), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (root / "started").exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the stub step did not start"
        time.sleep(0.05)
    time.sleep(0.5)  # the runner is waiting on the running cell, as it does for all but an instant of a step
    return proc


def stub_outputs(root):
    return {rel: (root / rel).read_text(encoding="utf-8").split(" ", 1)[0] if rel.endswith(".csv") else "notebook"
            for rel in STUB_FILES if (root / rel).exists()}


def assert_previous_and_whole(root):
    assert stub_outputs(root) == {"data/processed/stub.csv": "previous", "figures/vi/stub.csv": "previous",
                                  "reports/executed/stub.ipynb": "notebook"}
    assert lineage.verify(root) == [], "lineage.json disagrees with the outputs"
    leftovers = sorted(p.name for d in OUTPUT_DIRS for p in (root / d).rglob("*.tmp"))
    assert leftovers == [], f"temporary files left beside the outputs: {leftovers}"


@pytest.mark.parametrize("signum,whom", [(signal.SIGINT, "group"), (signal.SIGTERM, "process")])
def test_an_interrupt_while_a_step_runs_keeps_the_previous_outputs_and_says_so(stub, signum, whom):
    """Ctrl-C reaches the whole process group (the kernel too); SIGTERM the build alone."""
    proc = start_stub(stub)
    (os.killpg if whom == "group" else os.kill)(proc.pid, signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    name = signal.Signals(signum).name
    assert err.strip().splitlines()[-1] == (f"build: interrupted ({name}); the step's new outputs were discarded, "
                                            "the previous ones are unchanged"), err
    assert "Traceback" not in out + err
    assert_previous_and_whole(stub)
    assert not list((stub / ".tmp/stage").glob("*/plan.json")), "the interrupted step left a plan"


def test_a_kill_while_a_step_runs_changes_nothing_and_the_next_run_recovers(stub):
    proc = start_stub(stub)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert_previous_and_whole(stub)
    again = run_stub(stub)
    assert again.returncode == 0, again.stderr
    assert stub_outputs(stub)["data/processed/stub.csv"] == "new" and stub_outputs(stub)["figures/vi/stub.csv"] == "new"
    assert lineage.verify(stub) == []
    assert not [p for p in (stub / ".tmp/stage").iterdir()], "the killed step's staging area is still there"


def test_a_read_only_folder_is_named_in_one_line_and_nothing_is_published(stub):
    """The commit cannot move the executed notebook into place (the build process, not the kernel,
    writes reports/): one line names it and what to do."""
    before = snapshot(stub)
    proc = run_stub(stub, DEAN06_FAULT="EROFS:reports/")
    assert proc.returncode != 0
    said = [line for line in proc.stderr.splitlines() if line.startswith("build:")]
    assert len(said) == 1, proc.stderr
    assert said[0].startswith("build: [stub] cannot write reports/executed/stub.ipynb: Read-only file system; "
                              "make that folder writable"), proc.stderr
    assert "nothing of this step was published" in said[0]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert snapshot(stub) == before, "a refused write changed an output"
    assert_previous_and_whole(stub)


def test_a_full_disk_in_the_kernel_is_named_without_traceback_unless_asked(stub):
    """The notebook cannot write its table: one line naming it; DEAN06_DEBUG=1 adds the tracebacks."""
    before = snapshot(stub)
    quiet = run_stub(stub, DEAN06_FAULT="ENOSPC:data/processed/")
    loud = run_stub(stub, DEAN06_FAULT="ENOSPC:data/processed/", DEAN06_DEBUG="1")
    assert quiet.returncode != 0 and loud.returncode != 0
    said = [line for line in quiet.stderr.splitlines() if line.startswith("build:")]
    assert len(said) == 1, quiet.stderr
    assert ("raised WriteError: cannot write data/processed/stub.csv: No space left on device; "
            "free some space on that disk") in said[0], quiet.stderr
    assert "Traceback" not in quiet.stdout + quiet.stderr
    assert "Traceback" in loud.stderr
    assert snapshot(stub) == before, "a refused write changed an output"


# ----- a real build -----

def step_of(recorded: dict) -> dict[str, str]:
    """Each output's step, as lineage.json records it ('report-en' and 'report-vi' are the step 'report')."""
    return {rel: name.split("-")[0] for name, step in recorded["steps"].items() for rel in step["outputs"]}


def make(clone, *targets, **env):
    return subprocess.run(["make", *targets], cwd=clone, env=make_env(**env), capture_output=True, text=True)


@pytest.mark.long  # started first: it waits for the shared build while builds keep both cores busy
def test_a_real_build_killed_while_it_publishes_recovers_to_the_clean_build(built_tree, tmp_path):
    """The previous state: the session's build with every file of step 04 one line longer, as an older
    build of the report left them, and its notebook saved since. The report is rebuilt and everything is
    killed as soon as a page is rendered: around step 04's commit each file is the previous or the new
    version, whole, and the step entirely one or the other. The next `make report` recovers by itself
    (no -B) and gives the clean build's bytes."""
    clone = cheap_copy(built_tree.root, tmp_path / "clone")
    new = built_tree.outputs()
    steps = step_of(json.loads(new["data/processed/lineage.json"]))
    reported = sorted(rel for rel, step in steps.items() if step == "report")
    assert reported and all(rel in new for rel in reported)
    for rel in reported:
        (clone / rel).write_bytes(new[rel] + b"\n")
    previous = snapshot(clone)
    notebook = clone / "notebooks/04_report.ipynb"
    later = max((clone / rel).stat().st_mtime for rel in reported) + 1
    os.utime(notebook, (later, later))

    proc = subprocess.Popen(["make", "report"], cwd=clone, env=make_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if "rendered reports/" in line:
            os.killpg(proc.pid, signal.SIGKILL)
            break
    proc.communicate(timeout=60)
    assert any("rendered reports/" in line for line in seen), "".join(seen)

    killed = snapshot(clone)
    assert sorted(killed) == sorted(previous), "files were added or deleted by the killed build"
    state = {}
    for rel, data in killed.items():
        if rel == "data/processed/lineage.json":  # checked after recovery: it must agree with every output
            continue
        version = "previous" if data == previous[rel] else "new" if data == new[rel] else "neither"
        assert version != "neither", f"{rel} is neither the previous nor the new version (truncated or mixed)"
        if previous[rel] != new[rel]:
            state.setdefault(steps.get(rel), set()).add(version)
    assert set(state) == {"report"}, f"steps other than the report changed: {state}"
    assert all(len(versions) == 1 for versions in state.values()), f"a step was published by halves: {state}"

    build = make(clone, "report")
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert "ERROR" not in build.stdout + build.stderr
    now = snapshot(clone)
    differ = sorted(rel for rel in set(now) | set(new) if now.get(rel) != new.get(rel))
    assert not differ, f"after recovery these differ from a clean build: {differ}"
    assert make(clone, "-q", "report").returncode == 0
    assert lineage.verify(clone) == []
    assert not list((clone / ".tmp/stage").glob("*/journal.json")), "a commit was left unfinished"


def test_removed_and_added_articles_and_tables_are_noticed(built_tree, tmp_path):
    """The article and raw folders are prerequisites: a removal (which a wildcard cannot see) reruns
    step 01, whose audit then names the file; a missing table stops make with what to do."""
    clone = cheap_copy(built_tree.root, tmp_path / "clone")
    assert make(clone, "-q", "report").returncode == 0, "a cheap copy of the built tree is not up to date"
    new = snapshot(clone)
    articles = clone / "data/raw/articles"
    victim = sorted(articles.glob("*.txt"))[0]
    kept = victim.read_bytes()
    victim.chmod(0o644)
    victim.unlink()
    build = make(clone, "report")
    assert build.returncode != 0
    assert "Nothing to be done" not in build.stdout
    assert victim.name in build.stdout + build.stderr
    victim.write_bytes(kept)
    extra = articles / "zz_unlisted.txt"
    extra.write_text("Một bài báo chưa được liệt kê.\n", encoding="utf-8")
    build = make(clone, "report")
    assert build.returncode != 0
    assert extra.name in build.stdout + build.stderr
    extra.unlink()
    table = clone / "data/raw/decisions.csv"
    table.unlink()
    build = make(clone, "report")
    assert build.returncode != 0
    # make's own rule or the input check: either way the file and what to do are named
    assert "data/raw/decisions.csv" in build.stderr and "git checkout -- data/raw/decisions.csv" in build.stderr, \
        build.stderr[-2000:]
    assert snapshot(clone) == new


def test_papermill_run_directly_with_a_bad_parameter_ends_in_one_clear_line(tmp_path):
    env = {**make_env(), "DEAN06_ROOT": str(ROOT), "PYTHONPATH": str(ROOT / "src")}
    proc = run_started_again([str(Path(sys.executable).parent / "papermill"), "notebooks/04_report.ipynb",
                              str(tmp_path / "out.ipynb"), "-p", "lang", "xx", "--no-progress-bar",
                              "--start-timeout", str(START_TIMEOUT)], cwd=ROOT, env=env,
                             capture_output=True, text=True)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert lines[-1] == "ParameterError: lang must be one of vi, en; got 'xx'", proc.stderr[-2000:]
    executed = json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8"))
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert [e["traceback"] for e in errors] == [["ParameterError: lang must be one of vi, en; got 'xx'"]]
