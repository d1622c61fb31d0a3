"""Build safety on a real `make report` in a fresh clone: interrupts (SIGINT, SIGTERM, SIGKILL) at
several moments never delete, truncate or mix outputs; the next `make report` recovers by itself
and gives the same bytes as a clean build; refused writes (read-only folder, full disk) name the
file and change nothing; removed and added articles are noticed.

The previous state is built from notebooks with one extra note cell each, so every step's
executed notebook (and the report pages) differ between the previous and the new state, and a
step published by halves would show. The new state is the committed one, which a clean build
reproduces byte for byte (tests/build/test_reproducible.py).
"""

import json
import os
import signal
import subprocess
import time

import pytest
from conftest import ROOT
from test_reproducible import OUTPUT_DIRS, git, venv_view

from dean06.build import lineage

pytestmark = pytest.mark.slow

# each step's files, as the Makefile groups them (one rule per step)
GROUPS = {
    "clean": lambda rel: rel in ("data/processed/claims_clean.csv", "reports/executed/01_clean.ipynb"),
    "reconcile": lambda rel: rel in ("data/processed/reconciled.csv", "data/processed/discrepancies.csv",
                                     "reports/executed/02_reconcile.ipynb"),
    "charts": lambda rel: rel.startswith("figures/") or rel.startswith("reports/executed/03_charts."),
    "report": lambda rel: rel.startswith("reports/de-an-06.") or rel.startswith("reports/executed/04_report."),
}
NOTE = {"cell_type": "markdown", "id": "previous-state-note", "metadata": {}, "source": ["A note of the previous state."]}


def outputs(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for d in OUTPUT_DIRS for p in (root / d).rglob("*")
            if p.is_file()}


def group_of(rel):
    return next((name for name, member in GROUPS.items() if member(rel)), None)


def start(clone, env, *targets):
    return subprocess.Popen(["make", *targets], cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)


def wait_for(proc, marker, timeout=300):
    """Read the build's output until `marker` appears; returns what was read."""
    seen = []
    deadline = time.monotonic() + timeout
    for line in proc.stdout:
        seen.append(line)
        if marker in line:
            return "".join(seen)
        assert time.monotonic() < deadline, f"no {marker!r} in time:\n{''.join(seen)}"
    raise AssertionError(f"the build ended before {marker!r}:\n{''.join(seen)}")


def finish(proc):
    rest = proc.stdout.read()
    proc.wait(timeout=120)
    return rest


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A clone whose outputs are the previous state; its notebooks are back to the committed ones."""
    clone = tmp_path_factory.mktemp("safety") / "clone"
    git(ROOT, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone))
    venv_view(clone)
    env = {k: v for k, v in os.environ.items() if k not in ("DEAN06_ROOT", "PYTHONPATH", "DEAN06_FAULT", "DEAN06_DEBUG")}
    new = outputs(clone)  # committed: what a clean build of the committed inputs gives
    for nb in sorted((clone / "notebooks").glob("*.ipynb")):
        data = json.loads(nb.read_text(encoding="utf-8"))
        data["cells"].append(NOTE)
        nb.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    build = subprocess.run(["make", "report"], cwd=clone, env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert "ERROR" not in build.stdout + build.stderr, "a successful build printed an error-level message"
    previous = outputs(clone)
    git(clone, "checkout", "--", "notebooks")  # the committed notebooks, newer than every output
    return clone, env, previous, new


def assert_whole_steps(clone, previous, new, expect):
    """Every file is the previous or the new version, whole; each step entirely one or the other,
    as `expect` says ('previous', 'new', or None for either); lineage agrees with every output."""
    now = outputs(clone)
    assert sorted(now) == sorted(previous), "files were added or deleted by an interrupted build"
    state = {}
    for rel, data in now.items():
        if rel == "data/processed/lineage.json":  # checked below: it must agree with every output
            continue
        if previous[rel] == new[rel]:
            assert data == previous[rel], f"{rel} changed although both versions are the same"
            continue
        version = "previous" if data == previous[rel] else "new" if data == new[rel] else "neither"
        assert version != "neither", f"{rel} is neither the previous nor the new version (truncated or mixed)"
        state.setdefault(group_of(rel), set()).add(version)
    for step, versions in state.items():
        assert len(versions) == 1, f"step {step} was published by halves: {versions}"
        if expect.get(step):
            assert versions == {expect[step]}, f"step {step} is {versions}, expected {expect[step]}"
    altered = [str(p) for p in lineage.verify(clone) if "altered" in p.message or "missing" in p.message]
    assert not altered, f"lineage.json disagrees with the outputs: {altered}"


def settled(clone, env, new):
    """Bring the clone up to date (the interrupts test leaves it so) and check it is the clean build."""
    build = subprocess.run(["make", "report"], cwd=clone, env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert outputs(clone) == new


def test_interrupts_at_several_moments_then_recovery_gives_a_clean_build(clone):
    clone, env, previous, new = clone

    # 1. Ctrl-C (SIGINT to the whole process group) once step 02 has started: step 01 is published
    proc = start(clone, env, "report")
    wait_for(proc, "[reconcile] notebooks/02_reconcile.ipynb")
    os.killpg(proc.pid, signal.SIGINT)
    out = finish(proc)
    assert proc.returncode != 0
    assert "Deleting file" not in out and "Traceback" not in out, out
    assert "build: interrupted (SIGINT)" in out, out
    assert_whole_steps(clone, previous, new, {"clean": "new", "reconcile": "previous", "charts": "previous",
                                              "report": "previous"})

    # 2. SIGKILL of everything while step 03 draws: step 02 published, step 03 as before
    proc = start(clone, env, "report")
    wait_for(proc, "[charts-")
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGKILL)
    finish(proc)
    assert_whole_steps(clone, previous, new, {"clean": "new", "reconcile": "new", "charts": "previous",
                                              "report": "previous"})

    # 3. SIGTERM to make alone (make passes it on) while step 04 runs: step 03 published
    proc = start(clone, env, "report")
    wait_for(proc, "[report-")
    os.kill(proc.pid, signal.SIGTERM)
    out = finish(proc)
    assert proc.returncode != 0
    assert "Deleting file" not in out and "Traceback" not in out, out
    assert_whole_steps(clone, previous, new, {"clean": "new", "reconcile": "new", "charts": "new",
                                              "report": "previous"})

    # 4. SIGKILL as soon as a page is rendered: around step 04's commit, either state is whole
    proc = start(clone, env, "report")
    wait_for(proc, "rendered reports/")
    os.killpg(proc.pid, signal.SIGKILL)
    finish(proc)
    assert_whole_steps(clone, previous, new, {"clean": "new", "reconcile": "new", "charts": "new",
                                              "report": None})

    # 5. the next make report recovers by itself (no -B) and gives what a clean build gives
    build = subprocess.run(["make", "report"], cwd=clone, env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert "ERROR" not in build.stdout + build.stderr
    now = outputs(clone)
    differ = sorted(rel for rel in set(now) | set(new) if now.get(rel) != new.get(rel))
    assert not differ, f"after recovery these differ from a clean build: {differ}"
    assert subprocess.run(["make", "-q", "report"], cwd=clone, env=env).returncode == 0
    assert lineage.verify(clone) == []
    leftovers = sorted(p.name for d in OUTPUT_DIRS for p in (clone / d).rglob("*.tmp"))
    assert not leftovers, f"temporary files left beside the outputs: {leftovers}"
    assert not list((clone / ".tmp/stage").glob("*/journal.json")), "a commit was left unfinished"


def test_a_read_only_folder_is_named_changes_nothing_and_the_next_build_recovers(clone):
    """After the interrupts test the clone holds the clean build. A refused write at the commit of
    step 04 stops it with one line naming the file; make still sees the step as due; without the
    fault the next `make report` completes (no -B) and the tree is the clean build's again."""
    clone, env, _, new = clone
    settled(clone, env, new)
    os.utime(clone / "notebooks/04_report.ipynb")
    build = subprocess.run(["make", "report"], cwd=clone, env={**env, "DEAN06_FAULT": "EROFS:reports/"},
                           capture_output=True, text=True)
    assert build.returncode != 0
    said = [line for line in build.stderr.splitlines() if line.startswith("build:")]
    assert len(said) == 1, build.stderr
    last = said[0]
    assert last.startswith("build: [report] cannot write reports/de-an-06.en.html: Read-only file system; "
                           "make that folder writable"), build.stderr[-3000:]
    assert "nothing of this step was published" in last
    assert "Traceback" not in build.stdout + build.stderr
    assert outputs(clone) == new, "a refused write changed an output"
    assert subprocess.run(["make", "-q", "report"], cwd=clone, env=env).returncode != 0, "make thinks it is done"
    settled(clone, env, new)
    assert lineage.verify(clone) == []


def test_a_full_disk_is_named_without_traceback_unless_asked_and_nothing_is_published(clone):
    """The kernel of step 02 cannot write its table: one line naming it; DEAN06_DEBUG=1 adds the
    tracebacks; nothing is published."""
    clone, env, _, new = clone
    settled(clone, env, new)
    decisions = clone / "data/raw/decisions.csv"
    before = decisions.stat()
    os.utime(decisions)
    env_full = {**env, "DEAN06_FAULT": "ENOSPC:data/processed/"}
    quiet = subprocess.run(["make", "reconcile"], cwd=clone, env=env_full, capture_output=True, text=True)
    loud = subprocess.run(["make", "reconcile"], cwd=clone, env={**env_full, "DEAN06_DEBUG": "1"},
                          capture_output=True, text=True)
    assert quiet.returncode != 0 and loud.returncode != 0
    said = [line for line in quiet.stderr.splitlines() if line.startswith("build:")]
    assert len(said) == 1, quiet.stderr
    assert ("raised WriteError: cannot write data/processed/reconciled.csv: No space left on device; "
            "free some space on that disk") in said[0], quiet.stderr
    assert "Traceback" not in quiet.stdout + quiet.stderr
    assert "Traceback" in loud.stderr
    assert outputs(clone) == new, "a refused write changed an output"
    assert subprocess.run(["make", "-q", "report"], cwd=clone, env=env).returncode != 0, "make thinks it is done"
    # the failed step left no output newer than before: with the table's old time, nothing is due
    # (the recovering build itself is shown by the read-only case above)
    os.utime(decisions, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert subprocess.run(["make", "-q", "report"], cwd=clone, env=env).returncode == 0
    assert lineage.verify(clone) == []


def test_removed_and_added_articles_and_tables_are_noticed(clone):
    """The article and raw folders are prerequisites: a removal (which a wildcard cannot see) reruns
    step 01, whose audit then names the file; a missing table stops make with what to do."""
    clone, env, _, new = clone
    settled(clone, env, new)
    articles = clone / "data/raw/articles"
    victim = sorted(articles.glob("*.txt"))[0]
    kept = victim.read_bytes()
    victim.chmod(0o644)
    victim.unlink()
    try:
        build = subprocess.run(["make", "report"], cwd=clone, env=env, capture_output=True, text=True)
        assert build.returncode != 0
        assert "Nothing to be done" not in build.stdout
        assert victim.name in build.stdout + build.stderr
    finally:
        victim.write_bytes(kept)
    extra = articles / "zz_unlisted.txt"
    extra.write_text("Một bài báo chưa được liệt kê.\n", encoding="utf-8")
    try:
        build = subprocess.run(["make", "report"], cwd=clone, env=env, capture_output=True, text=True)
        assert build.returncode != 0
        assert extra.name in build.stdout + build.stderr
    finally:
        extra.unlink()
    table = clone / "data/raw/decisions.csv"
    kept = table.read_bytes()
    table.unlink()
    try:
        build = subprocess.run(["make", "report"], cwd=clone, env=env, capture_output=True, text=True)
        assert build.returncode != 0
        # make's own rule or the input check: either way the file and what to do are named
        assert "data/raw/decisions.csv" in build.stderr and "git checkout -- data/raw/decisions.csv" in build.stderr, \
            build.stderr[-2000:]
    finally:
        table.write_bytes(kept)
    assert outputs(clone) == new


def test_papermill_run_directly_with_a_bad_parameter_ends_in_one_clear_line(clone, tmp_path):
    clone, env, _, _ = clone
    env = {**env, "DEAN06_ROOT": str(clone), "PYTHONPATH": str(clone / "src")}
    proc = subprocess.run([str(clone / ".venv/bin/papermill"), "notebooks/04_report.ipynb", str(tmp_path / "out.ipynb"),
                           "-p", "lang", "xx", "--no-progress-bar"], cwd=clone, env=env, capture_output=True, text=True)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert lines[-1] == "ParameterError: lang must be one of vi, en; got 'xx'", proc.stderr[-2000:]
    executed = json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8"))
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert [e["traceback"] for e in errors] == [["ParameterError: lang must be one of vi, en; got 'xx'"]]
