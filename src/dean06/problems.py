"""Input problems, collected and reported all at once with file, row, column and value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    row: int | None = None  # line number in the file as an editor shows it (header = 1)
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        text = f"{where}: {self.message}"
        if self.value is not None:
            shown = self.value if len(self.value) <= 120 else self.value[:117] + "..."
            text += f" (value: {shown!r})"
        return text


class _Brief:
    """In a notebook (IPython, papermill) the error shows as its message alone, not a traceback:
    the message says everything a reader needs, and the code path says nothing to them."""

    def _render_traceback_(self) -> list[str]:
        return f"{type(self).__name__}: {self}".splitlines()


class InputError(_Brief, Exception):
    """Raised with every problem found, so a user fixes them in one pass."""

    def __init__(self, problems: list[Problem], what: str = "input"):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} problem(s) in the {what}:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class ParameterError(_Brief, ValueError):
    """A notebook parameter (language, cut-off date) it cannot take; the message says what to give."""


def raise_if_any(problems: list[Problem], what: str = "input") -> None:
    if problems:
        raise InputError(problems, what)


def run_cli(work, *, prefix: str = "", catch: tuple[type[BaseException], ...] = (InputError,),
            describe=str, after: str = "") -> int:
    """A command's exit status: `work()`'s (0 when it returns None), or 1 when it raises one of
    `catch`, printed to stderr as `prefix` + `describe(err)` (then `after`) without a traceback:
    the message lists every problem, and the code path says nothing to the person fixing them."""
    import sys

    try:
        status = work()
    except catch as err:
        print(prefix + describe(err), file=sys.stderr)
        if after:
            print(after, file=sys.stderr)
        return 1
    return 0 if status is None else status
