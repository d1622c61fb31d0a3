"""Notebooks the tests execute themselves with papermill or nbclient, as a journalist can (the build
runs them through dean06.pipeline.runner, over Unix sockets). Their kernels talk over TCP, as a
journalist's do: with the tests on every core many kernels start at once, and a kernel whose port
another took dies at start or never answers. Such a kernel, which has run no cell, is started again
as the runner does (`started_again`), after START_TIMEOUT seconds at most rather than jupyter's
minute."""

from __future__ import annotations

import subprocess

from dean06.pipeline.runner import NOT_STARTED, started_again

__all__ = ["START_TIMEOUT", "run_started_again", "started_again"]

START_TIMEOUT = 20  # seconds for a kernel to answer: a start takes 1-3 s on two busy cores


class _NotStarted(RuntimeError):
    """What the command printed: its kernel did not start (the message starts as the runner's error)."""

    def __init__(self, marker: str, proc: subprocess.CompletedProcess):
        super().__init__(marker)
        self.proc = proc


def run_started_again(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    """subprocess.run(argv) of a command that starts a kernel (the papermill command), run again, as
    `started_again` does, while what it printed says its kernel did not start; the last run is returned."""
    def run() -> subprocess.CompletedProcess:
        proc = subprocess.run(argv, **kwargs)
        said = (proc.stderr or "") + (proc.stdout or "")
        marker = next((m for m in NOT_STARTED if f"RuntimeError: {m}" in said), None)
        if proc.returncode != 0 and marker is not None:
            raise _NotStarted(marker, proc)
        return proc

    try:
        return started_again(run)
    except _NotStarted as last:
        return last.proc
