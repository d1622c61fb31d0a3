"""Byte-identical rebuilds: a clean `make report` of this checkout (the session's build,
tests/built_tree.py) reproduces every output the checkout holds, byte for byte."""

import subprocess

import pytest
from built_tree import cheap_copy, make_env, snapshot
from conftest import edit_csv, read_rows

pytestmark = pytest.mark.slow


def test_outputs_are_held_by_the_checkout(built_tree):
    for required in ("reports/de-an-06.vi.html", "reports/de-an-06.en.html", "data/processed/claims_clean.csv",
                     "data/processed/lineage.json", "figures/vi/identity.svg"):
        assert required in built_tree.expected, f"{required} is not committed"


def test_rebuild_matches_committed_outputs_byte_for_byte(built_tree):
    built = built_tree.outputs()
    differ = sorted(p for p, data in built_tree.expected.items() if built.get(p) != data)
    unexpected = sorted(set(built) - set(built_tree.expected))
    assert not differ, f"committed outputs that a clean rebuild does not reproduce: {differ}"
    assert not unexpected, f"outputs the build writes but the repository does not hold: {unexpected}"


def test_second_build_does_nothing(built_tree):
    again = subprocess.run(["make", "-q", "report"], cwd=built_tree.root, env=make_env())
    assert again.returncode == 0, "make report would run again with nothing changed"


def test_bad_input_stops_the_build_and_keeps_previous_outputs(built_tree, tmp_path):
    """A quote typo must stop `make report` with file, row and column, and change no output."""
    clone = cheap_copy(built_tree.root, tmp_path / "project")
    claims = clone / "data/raw/claims.csv"
    _, rows = read_rows(claims)
    # the first claim whose quote holds a digit gets another digit there: a typo no article prints
    index = next(i for i, r in enumerate(rows) if any(ch.isdigit() for ch in r["quote"]))
    quote = rows[index]["quote"]
    digit = next(ch for ch in quote if ch.isdigit())

    def typo(header, rows):
        rows[index]["quote"] = quote.replace(digit, "7" if digit != "7" else "3", 1)
    edit_csv(claims, typo)
    build = subprocess.run(["make", "report"], cwd=clone, env=make_env(), capture_output=True, text=True)
    assert build.returncode != 0
    # row numbers count the header as row 1, as a spreadsheet does
    assert f"data/raw/claims.csv, row {index + 2}, column 'quote': quote not found" in build.stderr, build.stderr[-2000:]
    assert snapshot(clone) == built_tree.outputs(), "a failed build changed an output"
