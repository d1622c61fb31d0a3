"""`python -m dean06.command`, which make runs every command through: a command's own exit status
and messages pass through unchanged, and an interrupt at any moment, also while the command is
still importing its libraries, ends in one line and 128 + the signal, never a traceback."""

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, edit_csv

from dean06 import paths

COMMAND = [sys.executable, "-m", "dean06.command"]


def env_for(root):
    return {**os.environ, "DEAN06_ROOT": str(root), "PYTHONPATH": str(ROOT / "src")}


def test_a_commands_output_and_exit_status_pass_through():
    names = subprocess.run([*COMMAND, "dean06.publish.charts", "--names"], capture_output=True, text=True)
    direct = subprocess.run([sys.executable, "-m", "dean06.publish.charts", "--names"], capture_output=True, text=True)
    assert (names.returncode, names.stdout) == (0, direct.stdout) and names.stdout.split()
    usage = subprocess.run([*COMMAND, "dean06.publish.charts", "--no-such-option"], capture_output=True, text=True)
    assert usage.returncode == 2 and "usage: python -m dean06.publish.charts" in usage.stderr


def test_bad_input_keeps_its_message_and_status(project_copy):
    edit_csv(project_copy / "data/raw/claims.csv", lambda h, rows: rows[0].update(quote="không có"))
    run = subprocess.run([*COMMAND, "dean06.evidence.numbers"], env=env_for(project_copy), capture_output=True,
                         text=True)
    assert run.returncode == 1
    assert "row 2, column 'quote'" in run.stderr and "Traceback" not in run.stderr


def test_no_module_is_a_usage_line():
    run = subprocess.run(COMMAND, capture_output=True, text=True)
    assert run.returncode == 2 and run.stderr.startswith("usage: python -m dean06.command")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_while_importing_is_one_line(project_copy, signum):
    out = paths.processed_dir(project_copy) / "numbers.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("previous\n", encoding="utf-8")
    proc = subprocess.Popen([*COMMAND, "dean06.evidence.numbers"], env=env_for(project_copy),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)  # past the interpreter's start, before pandas (about a second here) has finished importing
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    # 128 + the signal, or ended by the signal itself: Python does that after a KeyboardInterrupt
    # raised inside some C extensions' code, so that the shell sees an interrupt; both read 128 + n in $?
    assert proc.returncode in (128 + signum, -signum), err
    assert err.strip().splitlines() == [f"numbers: interrupted ({signal.Signals(signum).name}); "
                                        "no file was left half-written: run make again to finish"]
    assert out.read_text(encoding="utf-8") == "previous\n"



WRITER = """
import sys
from dean06.command import whole_lines
if sys.argv[2] == "whole":
    whole_lines()
for _ in range(3000):
    print(sys.argv[1] * 40, flush=True)
"""


def run_side_by_side(mode: str) -> list[str]:
    """Two writers printing to one pipe at once, unbuffered as on CI: the lines the pipe receives."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT / "src")}
    read, write = os.pipe()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, letter, mode], stdout=write, env=env) for letter in "ab"]
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as pipe:
        lines = pipe.read().splitlines()
    assert all(w.wait(timeout=60) == 0 for w in writers)
    return lines


def test_lines_printed_side_by_side_stay_whole_when_python_runs_unbuffered():
    lines = run_side_by_side("whole")
    assert len(lines) == 6000 and set(lines) == {"a" * 40, "b" * 40}
