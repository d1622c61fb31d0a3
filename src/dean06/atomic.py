"""Atomic file writes: a failing or interrupted step never leaves a half-written output.

Each output is written to a temporary file in the same folder, flushed, then renamed over the
target (an atomic operation on POSIX), so readers see either the previous file or the new one.

A write the operating system refuses (disk full, read-only folder) raises `WriteError`, which
names the file and says what to do. `DEAN06_FAULT` injects such a failure for tests (root ignores
permission bits, so a read-only folder cannot be simulated with chmod): `ENOSPC:figures/` makes
every write under `figures/` (relative to the project root) fail as if the disk were full;
several rules are separated by commas.
"""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

FAULT_ENV = "DEAN06_FAULT"


class WriteError(OSError):
    """An output could not be written; the message names it and says what to do."""

    def __str__(self) -> str:
        return f"cannot write {self.filename}: {self.strerror}; {advice(self.errno)}"


def advice(code: int | None) -> str:
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "free some space on that disk, then run the build again (the previous file is unchanged)"
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "make that folder writable, then run the build again (the previous file is unchanged)"
    return "check that folder, then run the build again (the previous file is unchanged)"


def shown(path: Path | str) -> str:
    """The path relative to the project root when inside it (no checkout path in messages)."""
    from dean06 import paths

    path = Path(path)
    for base in (paths.project_root(), paths.project_root().resolve()):
        try:
            return path.absolute().relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def injected_fault(target: Path | str) -> None:
    """Raise the failure `DEAN06_FAULT` asks for at `target`, if any (a test seam)."""
    spec = os.environ.get(FAULT_ENV, "")
    if not spec:
        return
    rel = shown(target)
    for rule in filter(None, (r.strip() for r in spec.split(","))):
        name, _, prefix = rule.partition(":")
        code = getattr(errno, name, None)
        if code is None:
            raise ValueError(f"{FAULT_ENV}: unknown error name {name!r} (use e.g. ENOSPC or EROFS)")
        if rel.startswith(prefix):
            raise WriteError(code, os.strerror(code), rel)


def failure(err: OSError, target: Path | str) -> WriteError:
    """`err` as a WriteError naming `target` (project-relative)."""
    if isinstance(err, WriteError):
        return err
    return WriteError(err.errno, err.strerror or str(err), shown(target))


@contextmanager
def atomic_path(target: Path | str):
    """Yield a temporary path beside `target`; on success it replaces `target`, on error it vanishes."""
    target = Path(target)
    tmp_path: Path | None = None
    try:
        injected_fault(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        tmp_path = Path(tmp)
    except OSError as err:
        raise failure(err, target) from None
    try:
        yield tmp_path
        try:
            with open(tmp_path, "rb+") as f:
                os.fsync(f.fileno())
            os.chmod(tmp_path, 0o644)
            os.replace(tmp_path, target)
        except OSError as err:
            raise failure(err, target) from None
    except OSError as err:
        if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM):
            raise failure(err, target) from None
        raise
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_bytes(target: Path | str, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path | str, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


def replace_together(writes: dict[Path, bytes], removes: tuple[Path, ...] = (), *,
                     modes: dict[Path, int] | None = None) -> None:
    """Write several files and remove others as one change: all of it, or none of it.

    Every new content is first written beside its target under a temporary name (a full disk or a
    read-only folder fails here, and nothing has changed); then, with interrupts held back, the
    temporaries are renamed over their targets and the removed files set aside, and on any failure
    every file already changed is put back as it was. `modes` gives a file's permission bits
    (an archived article is read-only); others keep 0o644."""
    import signal

    modes = modes or {}
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in writes.items():
            injected_fault(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, modes.get(target, 0o644))
        for target in removes:
            injected_fault(target)
    except OSError as err:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise failure(err, getattr(err, "filename", None) or (staged[-1][1] if staged else "")) from None
    held = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
    before = {target: target.read_bytes() if target.exists() else None for _, target in staged}
    done: list[Path] = []
    set_aside: list[tuple[Path, Path]] = []
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        for tmp, target in staged:
            os.replace(tmp, target)
            done.append(target)
        for target in removes:
            aside = target.with_name(f".{target.name}.removed")
            os.replace(target, aside)
            set_aside.append((aside, target))
    except OSError as err:
        for aside, target in set_aside:
            os.replace(aside, target)
        for target in done:
            if before[target] is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(before[target])
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise failure(err, getattr(err, "filename", None) or "") from None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
    for aside, _ in set_aside:
        aside.unlink(missing_ok=True)
