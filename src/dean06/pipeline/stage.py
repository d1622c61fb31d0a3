"""A build step as one transaction: all its outputs and its lineage entry, or none of them.

A step never writes into data/processed/, figures/ or reports/ while it runs. Its notebooks run
against a *view* of the project in `.tmp/stage/<step>.<pid>/tree/`: every folder and file of the project
appears there as a symbolic link, except the output folders, which are real folders whose files
are links to the published ones. A kernel that reads an input follows a link to the project; an
atomic write (temporary file, then rename) replaces the link in the view and leaves the published
file alone. Executed notebooks and rendered pages are written into the view too.

When every run of the step has succeeded, `Stage.commit` publishes the new files and lineage.json:

1. *plan*: `plan.json` lists, for each output, a temporary name beside its destination
   (`.<name>.<step>.<pid>.commit.tmp`);
2. *prepare*: each staged file is moved (or, across disks, copied) to its temporary name; this is
   where a full disk or a read-only folder fails — the temporaries are removed, nothing changed;
3. *decide*: `journal.json` is written (atomically): from here on the commit is complete;
4. *publish*: each temporary is renamed over its destination, lineage.json first; then the
   journal and the plan are removed.

Steps 3–4 run with SIGINT, SIGTERM, SIGHUP and SIGQUIT blocked (they take milliseconds). After a
SIGKILL or a power cut, `recover` (run by the Makefile before it decides anything, and by every
build command) finishes a commit that has a journal and removes the temporaries of one that has
only a plan, so the tree is always either the previous state or the new one.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from dean06 import atomic

STAGE_DIR = Path(".tmp") / "stage"
OUTPUT_DIRS = ("data/processed", "figures", "reports")
# never linked into a view: version control, the staging area itself
_NOT_LINKED = {".git", ".tmp"}
_BLOCKED = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT}
LINEAGE = "data/processed/lineage.json"


class CommitError(RuntimeError):
    """The new outputs could not be published; the previous ones are unchanged."""


def stages_dir(root: Path) -> Path:
    return root / STAGE_DIR


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def signals_blocked() -> Iterator[None]:
    """Hold back interrupts until the block ends (SIGKILL cannot be held back).

    The signals are masked, and in the main thread their handlers are replaced by one that only
    notes them: a signal sent to the process may be taken by another thread (jupyter's), and
    Python would still run the handler in the main thread mid-commit. Noted signals are sent
    again when the block ends."""
    caught: list[int] = []
    saved = {}
    if threading.current_thread() is threading.main_thread():
        for sig in _BLOCKED:
            saved[sig] = signal.signal(sig, lambda signum, frame: caught.append(signum))
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _BLOCKED)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
        for sig in dict.fromkeys(caught):
            os.kill(os.getpid(), sig)


def _try_lock(folder: Path) -> int | None:
    """An exclusive lock on `folder` (its descriptor), or None when another build holds it."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _unlock(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _roll_forward(root: Path, journal: dict) -> int:
    """Rename every temporary of a decided commit that is still there; returns how many."""
    done = 0
    for tmp, dst in journal.get("moves", []):
        if (root / tmp).exists():
            os.replace(root / tmp, root / dst)
            done += 1
    for folder in sorted({(root / dst).parent for _, dst in journal.get("moves", [])}):
        _fsync_dir(folder)
    return done


def _remove_temporaries(root: Path, plan: dict) -> int:
    removed = 0
    for tmp, _ in plan.get("moves", []):
        if (root / tmp).exists():
            (root / tmp).unlink()
            removed += 1
    return removed


def recover(root: Path, *, quiet: bool = False) -> list[str]:
    """Finish or undo what interrupted builds left in `.tmp/stage/`; returns what was done.

    A stage another build is still using (it holds its lock) is left alone."""
    from dean06.pipeline import lineage

    done: list[str] = []
    base = stages_dir(root)
    if not base.is_dir():
        return done
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        fd = _try_lock(folder)
        if fd is None:
            continue
        try:
            step = folder.name.rsplit(".", 1)[0]
            journal = _read_json(folder / "journal.json")
            plan = _read_json(folder / "plan.json")
            with lineage.locked(root), signals_blocked():
                if journal is not None:
                    n = _roll_forward(root, journal)
                    done.append(f"completed the interrupted commit of step '{step}' ({n} file(s) published)")
                elif plan is not None:
                    n = _remove_temporaries(root, plan)
                    done.append(f"step '{step}' was interrupted before its commit: its new outputs were "
                                f"discarded ({n} temporary file(s) removed), the previous ones are unchanged")
                (folder / "journal.json").unlink(missing_ok=True)
                (folder / "plan.json").unlink(missing_ok=True)
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            _unlock(fd)
    if not quiet:
        for line in done:
            _say(f"build: {line}")
    return done


def _holds_output_dir(rel: str) -> bool:
    return any(out.startswith(rel + "/") for out in OUTPUT_DIRS)


class Stage:
    """The staging area of one step: `tree` is the view its notebooks run against."""

    def __init__(self, root: Path, name: str):
        self.root = Path(root)
        self.name = name
        # one folder per build process: a kernel orphaned by a killed build can never write into
        # the stage of a later one
        self.dir = stages_dir(self.root) / f"{name}.{os.getpid()}"
        self.tree = self.dir / "tree"
        self._lock: int | None = None

    # -- lifetime ---------------------------------------------------------------------------
    def __enter__(self) -> Stage:
        recover(self.root)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._lock = _try_lock(self.dir)
        if self._lock is None:
            raise RuntimeError(f"{self.dir} is in use by another build; wait for it to finish")
        shutil.rmtree(self.tree, ignore_errors=True)
        self.tree.mkdir()
        return self

    def __exit__(self, *exc) -> None:
        try:
            if not (self.dir / "journal.json").exists():  # a decided commit is never thrown away
                if (plan := _read_json(self.dir / "plan.json")) is not None:
                    _remove_temporaries(self.root, plan)
                    (self.dir / "plan.json").unlink(missing_ok=True)
                shutil.rmtree(self.dir, ignore_errors=True)
        finally:
            if self._lock is not None:
                _unlock(self._lock)
                self._lock = None

    # -- the view ---------------------------------------------------------------------------
    def make_view(self) -> Path:
        """Link the project into the tree; output folders are real folders of links."""
        self._mirror("", self.root, self.tree)
        return self.tree

    def _mirror(self, rel: str, src: Path, dst: Path) -> None:
        dst.mkdir(parents=True, exist_ok=True)
        for entry in sorted(src.iterdir()):
            sub = f"{rel}/{entry.name}" if rel else entry.name
            if not rel and entry.name in _NOT_LINKED:
                continue
            inside_outputs = any(sub == o or sub.startswith(o + "/") for o in OUTPUT_DIRS)
            if entry.is_dir() and not entry.is_symlink() and (inside_outputs or _holds_output_dir(sub)):
                self._mirror(sub, entry, dst / entry.name)
            else:
                os.symlink(entry.absolute(), dst / entry.name)
        if not rel:  # output folders exist in the view even before the first build
            for out in OUTPUT_DIRS:
                (dst / out).mkdir(parents=True, exist_ok=True)

    def produced(self) -> list[str]:
        """Project-relative paths of the files this step wrote (regular files in the tree)."""
        found = []
        for dirpath, _, files in os.walk(self.tree):
            for name in files:
                full = Path(dirpath) / name
                if not full.is_symlink():
                    found.append(full.relative_to(self.tree).as_posix())
        return sorted(found)

    # -- the commit -------------------------------------------------------------------------
    def _temporary(self, rel: str) -> str:
        parent, _, name = rel.rpartition("/")
        tmp = f".{name}.{self.dir.name}.commit.tmp"
        return f"{parent}/{tmp}" if parent else tmp

    def commit(self, files: list[str], lineage_text: Callable[[], str] | None = None) -> None:
        """Publish the staged `files` (project-relative) and, if given, the new lineage.json, all or none."""
        from dean06.pipeline import lineage

        with lineage.locked(self.root):
            moves = [(self._temporary(rel), rel) for rel in files]
            if lineage_text is not None:
                moves.insert(0, (self._temporary(LINEAGE), LINEAGE))  # lineage first: see the module notes
                staged_lineage = self.dir / "lineage.json"
                staged_lineage.write_text(lineage_text(), encoding="utf-8")
            atomic.write_text(self.dir / "plan.json", json.dumps({"moves": moves}, indent=1) + "\n")
            prepared: list[Path] = []
            try:
                for tmp, dst in moves:
                    source = staged_lineage if dst == LINEAGE and lineage_text is not None else self.tree / dst
                    self._prepare(source, self.root / tmp, self.root / dst)
                    prepared.append(self.root / tmp)
            except OSError as err:
                for path in prepared:
                    path.unlink(missing_ok=True)
                (self.dir / "plan.json").unlink(missing_ok=True)
                what = atomic.failure(err, self.root / dst)
                raise CommitError(f"[{self.name}] {what}; nothing of this step was published") from None
            with signals_blocked():
                atomic.write_text(self.dir / "journal.json", json.dumps({"moves": moves}, indent=1) + "\n")
                _roll_forward(self.root, {"moves": moves})
                (self.dir / "journal.json").unlink()
                (self.dir / "plan.json").unlink()

    def _prepare(self, source: Path, tmp: Path, dst: Path) -> None:
        """Put the new file at its temporary name beside `dst` (same folder, so the final rename is atomic)."""
        atomic.injected_fault(dst)
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, tmp)
        except OSError as err:
            if err.errno != errno.EXDEV:
                raise
            with open(source, "rb") as src, open(tmp, "wb") as out:
                shutil.copyfileobj(src, out)
                out.flush()
                os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
