"""Notebooks the tests execute themselves with papermill or nbclient, as a journalist can (the build
runs them through dean06.pipeline.runner). A kernel that dies at start, before any cell, because a
kernel starting beside it took one of its TCP ports, is started again as the runner does
(`started_again`): with the tests on every core, many kernels start at once."""

from __future__ import annotations

import subprocess

from dean06.pipeline.runner import KERNEL_STARTS, NOT_STARTED, started_again

__all__ = ["run_started_again", "started_again"]


def run_started_again(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    """subprocess.run(argv) of a command that starts a kernel (the papermill command), run again
    while what it printed says its kernel did not start."""
    for attempt in range(1, KERNEL_STARTS + 1):
        proc = subprocess.run(argv, **kwargs)
        said = (proc.stderr or "") + (proc.stdout or "")
        if proc.returncode == 0 or attempt == KERNEL_STARTS or not any(
                f"RuntimeError: {marker}" in said for marker in NOT_STARTED):
            return proc
