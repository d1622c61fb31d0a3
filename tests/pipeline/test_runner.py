"""Notebook execution: parameters reach the kernel, rebuilds are byte-identical, failures keep old outputs."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from kernels import run_started_again

from dean06.pipeline import runner

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def outputs_text(nb: dict) -> str:
    parts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def test_parameters_are_injected_and_the_result_normalised(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")  # as on many CI machines; figures would vanish
    out = tmp_path / "params.ipynb"
    runner.execute(FIXTURES / "params.ipynb", out, {"name": "Hà Nội", "repeat": 2}, progress=False)
    nb = json.loads(out.read_text(encoding="utf-8"))

    text = outputs_text(nb)
    assert "hello Hà Nội hello Hà Nội" in text
    assert "epoch 0" in text  # SOURCE_DATE_EPOCH reached the kernel
    assert "backend module://matplotlib_inline.backend_inline" in text
    assert os.environ["MPLBACKEND"] == "Agg"  # this process's environment is restored
    assert "object at 0x0>" in text  # the repr is kept, its memory address blanked
    assert not re.search(r"0x[0-9a-f]{4,}", text)

    assert [c["id"] for c in nb["cells"]] == [f"cell-{i:03d}" for i in range(len(nb["cells"]))]
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert len(injected) == 1 and injected[0]["id"] == "cell-002"

    pm = nb["metadata"]["papermill"]
    assert pm["parameters"] == {"name": "Hà Nội", "repeat": 2}
    assert pm["input_path"] == "tests/fixtures/params.ipynb"
    for key in ("start_time", "end_time", "duration", "output_path"):
        assert key not in pm
    for cell in nb["cells"]:
        assert "execution" not in cell["metadata"]
        assert not {"start_time", "end_time", "duration"} & set(cell["metadata"].get("papermill", {}))
    assert "widgets" not in nb["metadata"]


def test_two_runs_from_a_jobs_file_give_identical_bytes(tmp_path, monkeypatch, capsys):
    jobs = [
        {"notebook": str(FIXTURES / "params.ipynb"), "output": f"run{i}/params.ipynb",
         "parameters": {"name": "Đà Nẵng"}}
        for i in (1, 2)
    ]
    (tmp_path / "jobs.json").write_text(json.dumps({"jobs": jobs}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # job paths are relative to where the command runs
    assert runner.main(["--jobs", "jobs.json", "--no-progress"]) == 0
    progress = capsys.readouterr().out.splitlines()
    assert [line[:5] for line in progress] == ["[1/2]", "[2/2]"]
    first = (tmp_path / "run1" / "params.ipynb").read_bytes()
    second = (tmp_path / "run2" / "params.ipynb").read_bytes()
    assert "Đà Nẵng" in first.decode("utf-8")
    assert first == second


def test_failure_keeps_previous_output_and_names_the_cell(tmp_path, capsys):
    out = tmp_path / "failing.ipynb"
    runner.execute(FIXTURES / "failing.ipynb", out, {"fail": False}, progress=False)
    before = out.read_bytes()
    assert "fine" in outputs_text(json.loads(before))

    with pytest.raises(runner.NotebookExecutionError) as info:
        runner.execute(FIXTURES / "failing.ipynb", out, {"fail": True}, progress=False)
    err = info.value
    assert err.cell_id == "boom" and err.cell_index == 2 and err.ename == "ValueError"
    message = str(err)
    assert "failing.ipynb" in message and "'boom'" in message and "deliberate failure" in message
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["failing.ipynb"]  # no temporary left behind


def test_cli_exits_non_zero_on_failure(tmp_path):
    # a real process, so the exit status is the one make sees
    out = tmp_path / "failing.ipynb"
    result = subprocess.run(
        [sys.executable, "-m", "dean06.pipeline.runner", str(FIXTURES / "failing.ipynb"), str(out),
         "-p", "fail", "True", "--no-progress"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "failing.ipynb" in result.stderr and "'boom'" in result.stderr
    assert "ValueError: deliberate failure" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "text, value",
    [("3", 3), ("-2", -2), ("2.5", 2.5), ("1e3", 1000.0), ("True", True), ("false", False),
     ("None", None), ("Hà Nội", "Hà Nội"), ("nan", "nan"), ("2023-02-17", "2023-02-17")],
)
def test_parameter_values_are_parsed_like_papermill(text, value):
    assert runner.parse_value(text) == value
    assert type(runner.parse_value(text)) is type(value)


def test_jobs_file_paths_are_relative_to_the_working_folder(tmp_path):
    job = runner.Job.from_dict({"notebook": "n.ipynb", "output": "o/n.ipynb", "cwd": "w"}, base=tmp_path)
    assert job == runner.Job(tmp_path / "n.ipynb", tmp_path / "o/n.ipynb", {}, tmp_path / "w")
    with pytest.raises(ValueError, match="unknown job keys"):
        runner.Job.from_dict({"notebook": "n", "output": "o", "params": {}})


def notebook_on_kernel(tmp_path, monkeypatch, name, argv):
    """The params fixture on a kernel of our own, `name`, started with `argv` (found through JUPYTER_PATH)."""
    spec = tmp_path / "kernels" / name
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": name, "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    notebook = json.loads((FIXTURES / "params.ipynb").read_text(encoding="utf-8"))
    notebook["metadata"]["kernelspec"] = {"name": name, "display_name": name, "language": "python"}
    source = tmp_path / "params.ipynb"
    source.write_text(json.dumps(notebook), encoding="utf-8")
    return source


def test_a_kernel_that_dies_at_start_is_started_again(tmp_path, monkeypatch, capsys):
    """A kernel can die before it answers (over TCP, when another process took one of its ports). A
    kernel here that dies at its first start is replaced, and the notebook runs."""
    marker = tmp_path / "died-once"
    launch = ("import os, runpy, sys; marker = sys.argv.pop(1)\n"
              "if not os.path.exists(marker): open(marker, 'w').close(); sys.exit(1)\n"
              "sys.argv[0] = 'ipykernel_launcher'; runpy.run_module('ipykernel_launcher', run_name='__main__')")
    source = notebook_on_kernel(tmp_path, monkeypatch, "dies-once",
                                [sys.executable, "-c", launch, str(marker), "-f", "{connection_file}"])

    runner.execute(source, tmp_path / "out.ipynb", {"name": "Huế", "repeat": 1}, progress=False)
    assert marker.exists()  # the first kernel did die
    assert "hello Huế" in outputs_text(json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8")))
    assert "the kernel did not start (Kernel died before replying to kernel_info); starting another" in capsys.readouterr().err


def test_the_runners_kernels_talk_over_unix_sockets_in_their_own_scratch_folder(tmp_path):
    """No TCP port, so no kernel of another process can take it; the sockets go with the scratch folder."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        "from ipykernel.connect import get_connection_info\n"
        "info = get_connection_info(unpack=True)\n"
        "print(info['transport'], info['ip'])")]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = tmp_path / "where.ipynb"
    nbformat.write(notebook, source)
    runner.execute(source, tmp_path / "out.ipynb", progress=False)
    transport, address = outputs_text(json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8"))).split()
    assert transport == "ipc"
    scratch = Path(address).parent
    assert Path(address).name == "kernel" and scratch.name.startswith("dean06-run-")
    assert not scratch.exists()  # gone with the execution, sockets and all

    assert runner._client_config(tmp_path).KernelManager.transport == "ipc"
    too_long = tmp_path / ("x" * runner.SOCKET_PATH_MAX)  # no socket path that long: TCP, as jupyter_client's default
    assert "transport" not in runner._client_config(too_long).KernelManager
    assert "transport" not in runner._client_config().KernelManager


def test_a_kernels_own_log_goes_to_the_projects_kernel_log_not_into_the_notebook(tmp_path, monkeypatch):
    """What the kernel process itself logs (its start-up and shutdown chatter; here a marker) is
    appended to .tmp/kernels.log, not printed into the build's output or the notebook."""
    import nbformat

    monkeypatch.setenv("DEAN06_ROOT", str(tmp_path))
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        "from ipykernel.kernelapp import IPKernelApp\n"
        "IPKernelApp.instance().log.warning('the kernel ' + 'speaking')")]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, tmp_path / "logs.ipynb")
    runner.execute(tmp_path / "logs.ipynb", tmp_path / "out.ipynb", progress=False)
    assert "WARNING | the kernel speaking" in (tmp_path / ".tmp" / "kernels.log").read_text(encoding="utf-8")
    assert "the kernel speaking" not in outputs_text(json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8")))


def test_an_execution_whose_kernel_did_not_start_runs_again_up_to_the_limit_and_a_failing_cell_never(tmp_path):
    """runner.started_again, which the runner and the tests that execute notebooks themselves
    (tests/kernels.py) use: each new start is told; a failing cell is never run again."""
    calls, told = [], []

    def dies(times, then=None):
        def execute():
            calls.append(1)
            if len(calls) <= times:
                raise RuntimeError("Kernel died before replying to kernel_info")
            if then:
                raise then
            return "executed"
        return execute

    assert runner.started_again(dies(runner.KERNEL_STARTS - 1), told.append) == "executed"
    assert len(calls) == runner.KERNEL_STARTS and len(told) == runner.KERNEL_STARTS - 1
    calls.clear()
    with pytest.raises(RuntimeError, match="^Kernel died"):
        runner.started_again(dies(runner.KERNEL_STARTS))
    assert len(calls) == runner.KERNEL_STARTS
    calls.clear()
    with pytest.raises(RuntimeError, match="a cell failed"):
        runner.started_again(dies(0, RuntimeError("a cell failed")))
    assert len(calls) == 1

    # the papermill command, run by a test: run again when what it printed says its kernel did not start
    marker = tmp_path / "died-once"
    command = [sys.executable, "-c", "import os, sys; m = sys.argv[1]\n"
               "if os.path.exists(m): print('ran'); sys.exit(0)\n"
               "open(m, 'w').close(); sys.exit('RuntimeError: Kernel died before replying to kernel_info')", str(marker)]
    proc = run_started_again(command, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == "ran\n"
    failing = [sys.executable, "-c", "import sys; print('once'); sys.exit('ParameterError: no')"]
    proc = run_started_again(failing, capture_output=True, text=True)
    assert proc.returncode == 1 and proc.stdout == "once\n"  # not a kernel that did not start: not run again


def test_a_kernel_that_never_starts_is_one_clear_error(tmp_path, monkeypatch):
    source = notebook_on_kernel(tmp_path, monkeypatch, "never", [sys.executable, "-c", "raise SystemExit(1)",
                                                                 "{connection_file}"])
    with pytest.raises(RuntimeError, match="^Kernel died before replying to kernel_info"):
        runner.execute(source, tmp_path / "out.ipynb", progress=False)
    assert not (tmp_path / "out.ipynb").exists()
