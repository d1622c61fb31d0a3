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
