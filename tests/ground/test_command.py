"""`python -m dean06.command`, which make runs every command through: a command's own exit status
and messages pass through unchanged, and an interrupt at any moment, also while the command is
still importing its libraries, ends in one line and 128 + the signal, never a traceback."""

import os
import signal
import subprocess
import sys

import pytest
from conftest import ROOT, edit_csv

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
    for module in ("dean06.evidence.no_such_step", "dean06.no_such_stage.step"):
        run = subprocess.run([*COMMAND, module], capture_output=True, text=True)
        assert run.returncode == 2 and "Traceback" not in run.stderr
        assert run.stderr.strip() == f"python -m dean06.command: no module {module!r} (a typo in the Makefile?)"


def test_a_wording_error_left_uncaught_is_its_message_alone(tmp_path):
    """A wording key a journalist removed reaches the command as WordingError: its message names the
    file and the key; no traceback."""
    (tmp_path / "dean06_wording_probe.py").write_text(
        "from dean06.wording import report as t\nt('no_such_key_anywhere', 'en')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(tmp_path)])}
    run = subprocess.run([*COMMAND, "dean06_wording_probe"], env=env, capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip() == ("dean06_wording_probe: src/dean06/wording/en/report.yaml has no entry "
                                  "'report.no_such_key_anywhere'")


SLOW_IMPORT = """
import time
print("importing", flush=True)
time.sleep(60)  # a command still importing its libraries (pandas takes about a second)
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_while_importing_is_one_line(tmp_path, signum):
    (tmp_path / "dean06_slow_import.py").write_text(SLOW_IMPORT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(tmp_path)])}
    proc = subprocess.Popen([*COMMAND, "dean06_slow_import"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "importing\n"  # the signal lands while the module is importing
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    # 128 + the signal, or ended by the signal itself: Python does that after a KeyboardInterrupt
    # raised inside some C extensions' code, so that the shell sees an interrupt; both read 128 + n in $?
    assert proc.returncode in (128 + signum, -signum), err
    assert err.strip().splitlines() == [f"dean06_slow_import: interrupted ({signal.Signals(signum).name}); "
                                        "no file was left half-written: run make again to finish"]


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


def test_an_interrupt_raised_inside_an_event_loop_callback_stops_the_loop():
    """A signal handler runs wherever the main thread is, also inside asyncio's callbacks (the notebook
    runner's loop), which drop every exception but KeyboardInterrupt and SystemExit."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from dean06.command import Interrupted

    def handler_fires():
        raise Interrupted(signal.SIGTERM)

    async def waiting():
        asyncio.get_running_loop().call_soon(handler_fires)
        await asyncio.sleep(0.2)

    def run_loop():  # in a thread of its own: this test process may already run a loop (the browser's)
        with pytest.raises(Interrupted):
            asyncio.run(waiting())

    with ThreadPoolExecutor(1) as pool:
        pool.submit(run_loop).result()
