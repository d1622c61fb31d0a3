"""The one wrapper of the command-line entry points: bad input is printed whole, exit status 1."""

import pytest

from dean06.problems import InputError, Problem, run_cli


def test_work_that_succeeds_gives_its_status():
    assert run_cli(lambda: None) == 0
    assert run_cli(lambda: 3) == 3


def test_bad_input_prints_every_problem_and_exits_1(capsys):
    problems = [Problem("data/raw/claims.csv", "a value is required", row=4, column="quote", value=""),
                Problem("data/raw/claims.csv", "unknown metric key", row=6, column="metric", value="x")]

    def work():
        raise InputError(problems, "raw tables")

    assert run_cli(work, prefix="clean: ", after="nothing written") == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"clean: {InputError(problems, 'raw tables')}\nnothing written\n"
    assert all(str(p) in err for p in problems) and "Traceback" not in err


def test_describe_words_each_kind_of_error(capsys):
    def work():
        raise KeyError("k")

    assert run_cli(work, catch=(KeyError,), describe=lambda e: f"no {e}; nothing was changed") == 1
    assert capsys.readouterr().err == "no 'k'; nothing was changed\n"


def test_an_error_it_does_not_catch_is_not_hidden():
    def work():
        raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        run_cli(work)
