"""Test seam: when DEAN06_READ_LOG names a folder, every Python process started with this folder on
PYTHONPATH (the build, its forked runs and every notebook kernel) logs the files it opens.

Each process writes '<step>.<pid>.log': a build step's process (`python -m dean06.pipeline STEP`) names
its step in the environment, so its forked runs and their kernels log under the same step; a command
make runs (`python -m dean06.command dean06.publish.audit_pages`) logs under the module's last name
('audit_pages'); any other process logs as 'other'."""

import os
import sys

_folder = os.environ.get("DEAN06_READ_LOG")
if _folder:
    _STEP = "DEAN06_READ_LOG_STEP"
    _argv = list(getattr(sys, "orig_argv", []))
    if _STEP not in os.environ and "-m" in _argv[:-1] and _argv[_argv.index("-m") + 1] == "dean06.pipeline":
        os.environ[_STEP] = "+".join(_argv[_argv.index("-m") + 2:]) or "build"
    elif _STEP not in os.environ and "-m" in _argv[:-2] and _argv[_argv.index("-m") + 1] == "dean06.command":
        os.environ[_STEP] = _argv[_argv.index("-m") + 2].rpartition(".")[2]
    _log = open(os.path.join(_folder, f"{os.environ.get(_STEP, 'other')}.{os.getpid()}.log"), "a",
                encoding="utf-8", buffering=1)

    def _hook(event, args):
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            mode = args[1] if isinstance(args[1], str) else ""
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            writes = any(c in mode for c in "wxa+") or flags & (os.O_WRONLY | os.O_RDWR)
            try:
                _log.write(f"{'w' if writes else 'r'}\t{os.fsdecode(args[0])}\n")
            except Exception:  # noqa: BLE001 - logging must never break the process under test
                pass

    sys.addaudithook(_hook)
