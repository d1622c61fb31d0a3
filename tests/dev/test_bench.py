"""The benchmark's machinery on tiny inputs: structure of its results, never its speed."""

import json
import subprocess

import pytest
from conftest import ROOT, read_rows

from dean06_dev import bench

MAKEFILE = """\
SHELL := /bin/bash
EXECUTED := executed/a.ipynb executed/b.ipynb
REPORTS := out.html
report: out.html
out.html: in.txt
\t@echo "[step-a] notebooks/a.ipynb {}"
\t@echo '[step-b] notebooks/b.ipynb {"lang": "vi"}'
\t@echo "[step-b] notebooks/b.ipynb -> executed/b.ipynb: 3 cells in 1.5 s"
\tcp in.txt out.html
\t@echo "[step-b] rendered out.html"
"""


def test_scaling_returns_the_documented_structure(tmp_path):
    archived = len(read_rows(ROOT / "data/raw/sources.csv")[1])  # a corpus holds the archive and more
    small, big = str(archived + 1), str(archived + 2)
    result = bench.scaling((archived + 1, archived + 2), repeats=1, workdir=tmp_path, timeout=120)
    json.dumps(result)  # written as JSON as is
    assert result["sizes"] == [archived + 1, archived + 2]
    assert set(result["steps"]) | set(result["skipped"]) == {"audit", "clean", "reconcile"}
    assert "audit" in result["steps"]
    for step in result["steps"]:
        for n in (small, big):
            record = result["timings"][step][n]
            assert record["ok"], record
            assert record["seconds"] > 0 and record["runs"] == 1
            assert record["ms_per_article"] == pytest.approx(record["seconds"] * 1000 / int(n))
        growth = result["growth"][step]
        assert set(growth["ms_per_article"]) == {small, big}
        assert {f"ratio_{big}_{small}", "size_ratio", "exponent", "roughly_linear"} <= set(growth)
        assert set(result["goals"][step]) == {"goal_s", "articles", "measured_s", "met"}
    assert result["corpora"][big]["articles"] == archived + 2 and result["corpora"][big]["claims"] > 0
    assert list(tmp_path.iterdir()) == []  # corpora are removed


def test_copy_time_and_noop_on_a_tiny_project(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "Makefile").write_text(MAKEFILE)
    (project / "in.txt").write_text("x")
    (project / "untracked.txt").write_text("not copied")
    (project / ".venv").mkdir()
    (project / "out.html").write_text("stale output")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "Makefile", "in.txt"], cwd=project, check=True)

    copy = bench.copy_project(project, tmp_path / "copy")
    assert sorted(p.name for p in copy.iterdir()) == [".venv", "Makefile", "in.txt"]
    assert (copy / ".venv").is_symlink()
    assert bench.make_variable(copy, "EXECUTED") == ["executed/a.ipynb", "executed/b.ipynb"]
    plan = bench.make_plan(copy)
    assert "cp in.txt out.html" in plan

    log = tmp_path / "commands.log"
    build = bench.run_make(copy, log=log)
    assert build["returncode"] == 0 and (copy / "out.html").read_text() == "x"
    commands = bench.read_command_log(log, plan)
    assert "cp in.txt out.html" in [c["command"] for c in commands if c["kind"] == "recipe"]
    runs, renders = bench.notebook_runs(build["lines"], commands, build["end"])
    assert [(r["name"], r["notebook"]) for r in runs] == [("step-a", "notebooks/a.ipynb"), ("step-b", "notebooks/b.ipynb")]
    assert renders == 1 and all(r["seconds"] > 0 for r in runs)
    assert runs[1]["parameters"] == '{"lang": "vi"}' and runs[1]["execute_s"] == 1.5
    noop = bench.run_make(copy)
    assert noop["returncode"] == 0 and "Nothing to be done" in noop["lines"][-1][1]


def test_the_suite_is_timed_as_make_test_runs_it(tmp_path, monkeypatch):
    """`make -o <venv stamp> test`, in the Makefile's environment (its PYTHONPATH, which the tests'
    subprocesses need), never a PYTHONPATH leaked from the caller; the stamp is not remade."""
    project = tmp_path / "project"
    (project / ".venv").mkdir(parents=True)
    (project / "Makefile").write_text(
        "export PYTHONPATH := $(CURDIR)/src\n"
        ".venv/.installed:\n\t@echo remade > remade.txt\n"
        "test: .venv/.installed\n\t@echo \"$$PYTHONPATH\" > seen.txt\n\t@echo \"3 passed in 0.01s\"\n")
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    timed = bench.time_suite(project)
    assert timed["returncode"] == 0 and timed["summary"] == "3 passed in 0.01s" and timed["seconds"] > 0
    assert timed["cpu_seconds"] >= 0
    assert not (project / "remade.txt").exists()
    assert (project / "seen.txt").read_text().strip() == f"{project}/src"
    failing = tmp_path / "failing"
    (failing / ".venv").mkdir(parents=True)
    (failing / "Makefile").write_text("test:\n\t@echo \"1 failed in 0.01s\"; exit 1\n")
    assert bench.time_suite(failing)["returncode"] != 0


def test_table_reports_goals_plainly():
    results = {
        "machine": {"cpus": 2, "load": [0.1, 0.1, 0.1], "commit": "abc"},
        "scaling": {"sizes": [50, 500], "repeats": 1, "steps": ["audit"], "skipped": {"clean": "not importable"},
                    "corpora": {"50": {"claims": 400}, "500": {"claims": 4000}},
                    "timings": {"audit": {"50": {"ok": True, "seconds": 0.1}, "500": {"ok": True, "seconds": 9.0}}},
                    "growth": {"audit": bench._growth({50: 0.1, 500: 9.0}, [50, 500])},
                    "goals": {"audit": {"goal_s": 5.0, "articles": 500, "measured_s": 9.0, "met": False}},
                    "total_at_largest_s": 9.0},
    }
    text = bench.table(results)
    assert "MISSED" in text and "skipped clean: not importable" in text
    assert results["scaling"]["growth"]["audit"]["roughly_linear"] is False  # ×90 for ×10


def test_build_ratio_is_the_median_of_three_pairs(tmp_path, monkeypatch):
    """Three builds, each with its own floor; the goal reads the median pair's ratio and the detail
    shown is that pair's. The floors are given (a real floor runs papermill), the builds are real."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "Makefile").write_text(MAKEFILE)
    (project / "in.txt").write_text("x")
    (project / ".venv").mkdir()
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "Makefile", "in.txt"], cwd=project, check=True)
    floors = iter([1.0, 1e-4, 1e3])  # far apart, so that each pair's ratio has a different rank
    monkeypatch.setattr(bench, "measure_floor", lambda executions, renders: {
        "seconds": next(floors), "executions": executions, "renders": renders, "returncode": 0})

    result = bench.build_bench(project, builds=3, noop_repeats=1)
    ratios = [p["ratio"] for p in result["pairs"]]
    assert len(ratios) == 3 and all(p["build_s"] > 0 for p in result["pairs"])
    assert result["goals"]["build_vs_floor"]["ratio"] == sorted(ratios)[1]
    assert result["pairs"][result["shown_pair"] - 1]["ratio"] == sorted(ratios)[1]
    assert result["floor"]["seconds"] == 1.0  # the median ratio is the pair with the middle floor
    assert result["counts"]["executions_declared"] == 2 and result["noop"]["up_to_date"]
    text = bench.table({"machine": {"cpus": 2, "load": [0, 0, 0], "commit": "abc"}, "build": result})
    assert "(median of 3)" in text and text.count("build / floor = ") == 4


def test_runs_side_by_side_each_end_at_their_own_line():
    """A step's languages print their start lines together; each run's time ends at its own last line,
    and a command make runs beside the step does not cut it short."""
    lines = [(100.0, '[charts-vi] notebooks/03_charts.ipynb {"lang": "vi"}'),
             (100.5, '[charts-en] notebooks/03_charts.ipynb {"lang": "en"}'),
             (106.0, "[charts-en] notebooks/03_charts.ipynb -> reports/executed/03_charts.en.ipynb: 8 cells in 5.2 s"),
             (107.0, "[charts-vi] notebooks/03_charts.ipynb -> reports/executed/03_charts.vi.ipynb: 8 cells in 6.6 s"),
             (108.0, '[report-vi] notebooks/04_report.ipynb {"lang": "vi"}'),
             (111.0, "[report-vi] notebooks/04_report.ipynb -> reports/executed/04_report.vi.ipynb: 6 cells in 2.9 s"),
             (112.0, "[report-vi] rendered reports/de-an-06.vi.html"),
             (113.0, '[broken] notebooks/05.ipynb {}')]
    commands = [{"command": ".venv/bin/python -m dean06.pipeline charts", "kind": "recipe", "start": 99.0, "seconds": 9.0},
                {"command": ".venv/bin/python -m dean06.command dean06.evidence.numbers", "kind": "recipe",
                 "start": 99.5, "seconds": 1.0},
                {"command": ".venv/bin/python -m dean06.pipeline report", "kind": "recipe", "start": 107.9, "seconds": 7.1}]
    runs, renders = bench.notebook_runs(lines, commands, end=120.0)
    assert [(r["name"], r["seconds"], r["execute_s"]) for r in runs] == [
        ("charts-vi", 7.0, 6.6), ("charts-en", 5.5, 5.2), ("report-vi", 4.0, 2.9), ("broken", 2.0, None)]
    assert renders == 1


def test_the_suite_runs_on_both_corpora_in_alternation_and_compares_their_medians(tmp_path):
    """A machine that slows down while it measures weighs on both corpora alike: seeds, enlarged,
    enlarged, seeds, ...; each corpus's time is the median of its runs."""
    made, timed = {}, []
    times = iter([100.0, 150.0, 130.0, 120.0, 104.0, 170.0])  # in the order the runs happen

    def project(root, dest, added=0):
        made[dest.name] = added
        return dest

    def timer(path):
        timed.append(path.name)
        seconds = next(times)
        return {"seconds": seconds, "cpu_seconds": seconds * 1.5, "returncode": 0, "summary": f"{seconds} s"}

    result = bench.suite_bench(tmp_path, added=10, rounds=3, timer=timer, project=project)
    assert made == {"seeds": 0, "enlarged": 10}
    assert timed == ["seeds", "enlarged", "enlarged", "seeds", "seeds", "enlarged"]
    assert bench.suite_order(2) == ["seeds", "enlarged", "enlarged", "seeds"]
    assert result["seeds"]["seconds"] == 104.0 and result["enlarged"]["seconds"] == 150.0  # medians
    assert [r["seconds"] for r in result["seeds"]["runs"]] == [100.0, 120.0, 104.0]
    assert result["per_article_s"] == 4.6 and result["cpu_per_article_s"] == 6.9 and not result["met"]


def test_table_reports_the_suites_growth_per_added_article():
    results = {"machine": {"cpus": 2, "load": [0.1, 0.1, 0.1], "commit": "abc"},
               "suite": {"seeds": {"seconds": 150.0, "cpu_seconds": 240.0, "returncode": 0, "summary": "700 passed in 150.00s",
                                   "runs": [{"seconds": 140.0}, {"seconds": 160.0}]},
                         "enlarged": {"seconds": 180.0, "cpu_seconds": 300.0, "returncode": 0, "summary": "700 passed in 180.00s",
                                      "runs": [{"seconds": 175.0}, {"seconds": 185.0}]},
                         "added": 10, "rounds": 2, "per_article_s": 3.0, "cpu_per_article_s": 6.0,
                         "goal_per_article_s": 2.0, "met": False}}
    text = bench.table(results)
    assert "each the median of 2 runs" in text
    assert "the archive + 10 generated articles: 700 passed in 180.00s, 300 CPU-s  [runs: 175, 185 s]" in text
    assert "+3.00 s per added article (+6.00 CPU-s)" in text and "MISSED" in text


def test_edit_to_page_times_make_after_each_edit_and_names_what_reran(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "Makefile").write_text(MAKEFILE)
    (project / "in.txt").write_text("x")
    (project / ".venv").mkdir()
    assert bench.run_make(project)["returncode"] == 0
    edits = bench.edit_to_page(project, {"story": "in.txt", "data": "absent.csv"})
    assert set(edits) == {"story"}  # a file the project lacks is left out
    story = edits["story"]
    assert story["returncode"] == 0 and story["seconds"] > 0 and story["reran"] == ["step-a", "step-b"]
    assert (project / "in.txt").read_text() == "x"  # the edit is undone, and the project built again
    assert subprocess.run(["make", "-q", "-o", bench.VENV_STAMP, "report"], cwd=project).returncode == 0
    assert bench.story_goal(story, story["seconds"] * 4)["met"]
    assert not bench.story_goal(story, story["seconds"] * 2)["met"]
