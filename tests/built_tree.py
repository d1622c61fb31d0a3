"""One built tree per test session, shared by every test that needs a real `make report`.

The tree is a copy of this checkout's files as git would commit them (tracked and new, not ignored)
without the built outputs, with a view of the test run's virtual environment; `make report` builds
it once, with the read log on (tests/read_log/sitecustomize.py), so the byte-identical rebuild, the
step-reads check, the publication and browser checks and the build-safety test all look at one build.

The build starts in the background as soon as collection shows a test that needs it, so it overlaps
the tests that do not. Under pytest-xdist the workers share it: the first to get the lock starts it,
every worker waits for the same result (a marker file with make's exit status).

A test that changes files works on `cheap_copy(tree, dest)`: the files are copied, not rebuilt, and
keep their times, so make sees the copy as up to date.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT

OUTPUT_DIRS = ("data/processed", "figures", "reports")
FIXTURE = "built_tree"
BUILD_TIMEOUT = 900  # seconds: far beyond a build on two busy cores; a hung build fails the tests, not the run


@dataclass(frozen=True)
class BuiltTree:
    root: Path  # the built project (treat as read-only: use cheap_copy to change anything)
    expected: dict[str, bytes]  # every output this checkout holds (git-tracked), by path
    log_dir: Path  # the read log: one file per Python process, named '<step>.<pid>.log'
    make_output: str

    def outputs(self) -> dict[str, bytes]:
        return snapshot(self.root)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every built output under `root`, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for d in OUTPUT_DIRS for p in (root / d).rglob("*")
            if p.is_file()}


def checkout_files() -> list[str]:
    """The checkout's files as a commit would hold them: tracked and untracked, ignored ones left out."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, check=True).stdout.decode()
    return sorted({f for f in out.split("\0") if f and (ROOT / f).is_file() and not (ROOT / f).is_symlink()})


def is_output(rel: str) -> bool:
    return any(rel == d or rel.startswith(d + "/") for d in OUTPUT_DIRS)


def venv_view(root: Path) -> None:
    """A `.venv` in `root` that is the running interpreter's environment (symlinks and a fresh stamp),
    so make installs nothing."""
    source = Path(sys.prefix)
    venv = root / ".venv"
    venv.mkdir()
    for name in ("bin", "lib", "lib64", "include", "share", "etc"):
        if (source / name).exists():
            os.symlink(source / name, venv / name)
    shutil.copy(source / "pyvenv.cfg", venv / "pyvenv.cfg")
    (venv / ".installed").touch()


def make_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: nothing of this test run's paths or make's job server."""
    drop = ("DEAN06_ROOT", "PYTHONPATH", "DEAN06_FAULT", "DEAN06_DEBUG", "DEAN06_READ_LOG", "MAKEFLAGS", "MFLAGS",
            "MAKELEVEL", "PYTEST_XDIST_WORKER", "PYTEST_XDIST_TESTRUNUID", "PYTEST_CURRENT_TEST")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def cheap_copy(tree: Path, dest: Path, *, skip: tuple[str, ...] = (".venv",)) -> Path:
    """A copy of a built tree that make sees as up to date: every file copied with its times and
    modes (a few megabytes), the environment a view again."""
    dest.mkdir(parents=True, exist_ok=True)
    for entry in sorted(tree.iterdir()):
        if entry.name in skip:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, dest / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, dest / entry.name, follow_symlinks=False)
    venv_view(dest)
    # the environment is as old as the tree's: a fresh stamp would be newer than every output, and
    # make would rebuild them all
    stamp = (tree / ".venv/.installed").stat()
    os.utime(dest / ".venv/.installed", ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    # copytree sets each folder's time as it copies into it; make reads folders' times (an article
    # removed or added), so give them the source's times again, deepest first
    for folder in sorted((p for p in tree.rglob("*") if p.is_dir() and ".venv" not in p.parts), key=lambda p: -len(p.parts)):
        stat = folder.stat()
        os.utime(dest / folder.relative_to(tree), ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return dest


# ----- the shared build -----

def shared_dir(tmp_path_factory, name: str = "shared-built-tree") -> Path:
    """A folder every worker of this run sees (xdist gives each worker its own base under one run folder)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def locked(folder: Path):
    """One worker at a time in `folder` (the others wait)."""
    with open(folder / "lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _prepare(folder: Path) -> Path:
    root = folder / "project"
    for rel in checkout_files():
        if is_output(rel):
            continue
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    venv_view(root)
    (folder / "read-log").mkdir()
    return root


def start(tmp_path_factory) -> subprocess.Popen | None:
    """Start the shared build unless a worker already has; returns the process this worker started."""
    folder = shared_dir(tmp_path_factory)
    with locked(folder):
        if (folder / "started").exists():
            return None
        root = _prepare(folder)
        log = open(folder / "make.log", "w", encoding="utf-8")
        script = 'make report > "$1" 2>&1; echo $? > "$2.tmp" && mv "$2.tmp" "$2"'
        proc = subprocess.Popen(["bash", "-c", script, "build", str(folder / "make.log"), str(folder / "status")],
                                cwd=root, env=make_env(DEAN06_READ_LOG=str(folder / "read-log")),
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        (folder / "started").write_text(str(proc.pid), encoding="utf-8")
        return proc


def wait(tmp_path_factory) -> BuiltTree:
    """The shared build, started here if no one has; fails the calling test if the build failed."""
    start(tmp_path_factory)
    folder = shared_dir(tmp_path_factory)
    status = folder / "status"
    deadline = time.monotonic() + BUILD_TIMEOUT
    while not status.exists():
        assert time.monotonic() < deadline, "the shared build did not finish in time"
        time.sleep(0.2)
    output = (folder / "make.log").read_text(encoding="utf-8")
    assert status.read_text().strip() == "0", f"the shared `make report` failed:\n{output[-4000:]}"
    expected = {rel: (ROOT / rel).read_bytes() for rel in checkout_files() if is_output(rel)}
    return BuiltTree(folder / "project", expected, folder / "read-log", output)
