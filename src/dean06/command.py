"""`python -m dean06.command MODULE [ARGS]`: one of the project's commands, as make runs it.

Ctrl-C reaches every command make is running at once (make runs independent steps side by side),
also one still importing its libraries, where Python would print a KeyboardInterrupt traceback.
Run through here, an interrupt (SIGINT, SIGTERM, SIGHUP) at any moment ends in one line and exit
status 128 + the signal's number as the shell reports it (after a Ctrl-C that reached some C
extension's code, Python ends by the signal itself, which the shell reports the same way).
Nothing else needs saying: every command writes each output whole or not at all
(`dean06.atomic`), so the previous outputs stand. An input, parameter or wording error that a
command leaves uncaught is likewise its message alone (file, key or row, and what is wrong).

    python -m dean06.command dean06.publish.audit_pages
"""

from __future__ import annotations

import importlib.util
import runpy
import signal
import sys


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like KeyboardInterrupt so that a command (or a build step: its kernels
    are shut down and nothing is published) unwinds the same way. It is one: asyncio, which runs the
    notebooks' kernels, lets only KeyboardInterrupt and SystemExit out of a callback and logs and drops
    any other exception a signal handler raises there, and the build would run on."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _interrupted(signum, frame):  # noqa: ARG001 - signal handler signature
    raise Interrupted(signum)


def interrupt_on_signals() -> None:
    """SIGTERM and SIGHUP raise Interrupted in this process (SIGINT raises KeyboardInterrupt)."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupted)


def whole_lines() -> None:
    """Write each printed line in one piece. Unbuffered (PYTHONUNBUFFERED, common on CI), print()
    writes a text and its newline separately, and the commands and forked runs that make starts
    side by side share one terminal or pipe: their lines would run into each other."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(line_buffering=True, write_through=False)


def _missing(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is None
    except ModuleNotFoundError:  # a package on the way is missing
        return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    whole_lines()
    if not argv or not argv[0].startswith("dean06"):
        print("usage: python -m dean06.command MODULE [ARGS]   (MODULE: one of the project's, e.g. "
              "dean06.evidence.numbers)", file=sys.stderr)
        return 2
    module, *args = argv
    if _missing(module):
        print(f"python -m dean06.command: no module {module!r} (a typo in the Makefile?)", file=sys.stderr)
        return 2
    interrupt_on_signals()
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as done:  # the command's own exit status
        code = done.code
        if isinstance(code, str):  # sys.exit("message"): Python would print it
            print(code, file=sys.stderr)
        return code if isinstance(code, int) else (0 if code is None else 1)
    except Exception as err:
        # an input, parameter or wording error whose message names the file and what is wrong
        # (dean06.problems._Brief): that message, without the code path; anything else is a bug
        from dean06.problems import _Brief

        if not isinstance(err, _Brief):
            raise
        print(f"{module.rsplit('.', 1)[-1]}: {err}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Interrupted) as err:
        signum = err.signum if isinstance(err, Interrupted) else signal.SIGINT
        name = module.rsplit(".", 1)[-1]
        print(f"{name}: interrupted ({signal.Signals(signum).name}); no file was left half-written: "
              f"run make again to finish", file=sys.stderr)
        return 128 + signum
    return 0


if __name__ == "__main__":
    sys.exit(main())
