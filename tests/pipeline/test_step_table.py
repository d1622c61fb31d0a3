"""The step graph (dean06/pipeline/steps.toml) is declared once; make's rules are generated from it: every
step's outputs are targets of one rule, whose prerequisites are the step's declared inputs and its
files under src/, and whose recipe runs that step. The Makefile holds no step rule of its own."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from built_tree import make_env, venv_view
from conftest import ROOT

from dean06 import paths
from dean06.pipeline import graph, inputs, steps
from dean06.edition import LANGS

VENV_STAMP = f"{os.environ.get('VENV', '.venv')}/.installed"  # the Makefile's: $(VENV)/.installed


def make_database(root=ROOT, env=None):
    """target -> (prerequisites, recipe lines), from make's own database (nothing is run)."""
    out = subprocess.run(["make", "-pqn", "report"], cwd=root, env=env, capture_output=True, text=True).stdout
    rules, current = {}, None
    for line in out.splitlines():
        if line.startswith("\t") and current:
            rules[current][1].append(line.strip())
        elif ":" in line and not line.startswith(("#", " ", "\t")) and "=" not in line.split(":", 1)[0]:
            target, _, prereqs = line.partition(":")
            current = target.strip()
            rules[current] = (prereqs.lstrip("&:").split(), [])
        elif not line.strip():
            current = None
    return rules


DATABASE = make_database()
PLAN = steps.steps()
GRAPH = graph.steps()


def outputs_of(step: graph.Step) -> list[str]:
    executed = [step.executed(lang) for lang in step.runs()] if step.notebook else []
    return [*graph.expand(step.outputs, ROOT), *executed]


def rule_of(step: graph.Step) -> tuple[list[str], list[str]]:
    return DATABASE[outputs_of(step)[0]]


@pytest.mark.parametrize("name", list(GRAPH))
def test_each_declared_step_is_one_rule_of_its_declared_inputs(name):
    step = GRAPH[name]
    outputs = outputs_of(step)
    assert outputs, f"step {name} declares no outputs"
    prereqs, recipe = rule_of(step)
    for output in outputs:
        assert output in DATABASE, f"{output} (step {name}) is not a target of the Makefile"
        assert DATABASE[output] == (prereqs, recipe), f"{output} is not built by step {name}'s one rule"
    declared = {*graph.expand(step.inputs, ROOT, folders=True), *([step.notebook] if step.notebook else []),
                *graph.environment(), VENV_STAMP}
    assert declared <= set(prereqs), sorted(declared - set(prereqs))
    runs = f"$(BUILD) {name}" if step.notebook else f"$(COMMAND) {step.module}"
    assert recipe and recipe[-1].lstrip("@") == runs, recipe
    if step.first:
        assert f"@$(COMMAND) {step.first}" in recipe


@pytest.mark.parametrize("name", list(PLAN))
def test_the_runner_runs_what_the_graph_declares(name):
    """Each run's lineage inputs and outputs are the step's, for its language."""
    step = GRAPH[name]
    for run, lang in zip(PLAN[name], step.runs(), strict=True):
        assert run.notebook == step.notebook and run.executed == step.executed(lang)
        assert run.inputs == graph.expand(step.inputs, ROOT, lang)
        assert run.outputs == graph.expand(step.outputs, ROOT, lang)
        assert run.parameters == ({"lang": lang} if lang else {})


def test_the_report_pages_are_where_the_project_puts_them():
    for lang in LANGS:
        [run] = [r for r in PLAN["report"] if r.parameters["lang"] == lang]
        assert run.html == paths.report_page(lang)
        assert {paths.report_page(lang), paths.evidence_page(lang), *paths.edition_tables(lang).values()} <= set(run.outputs)


def test_every_file_a_step_writes_has_one_producer():
    for name, step in GRAPH.items():
        for output in outputs_of(step):
            assert graph.producer(output) == name, output
    assert graph.producer("data/raw/claims.csv") is None


def test_the_makefile_declares_no_step_rule_by_hand():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for name, step in GRAPH.items():
        runs = f"$(BUILD) {name}" if step.notebook else f"$(COMMAND) {step.module}"
        assert not re.search(rf"^\t@?{re.escape(runs)}\b", makefile, re.M), runs


def test_every_build_rule_of_the_makefile_is_a_step():
    declared = {o for step in GRAPH.values() for o in outputs_of(step)}
    runs_a_step = {t for t, (_, recipe) in DATABASE.items()
                   if any(line.lstrip("@").startswith("$(BUILD) ") and "check-edition" not in line
                          and " edition " not in line for line in recipe)}
    assert runs_a_step and runs_a_step <= declared, sorted(runs_a_step - declared)


@pytest.mark.parametrize("name", list(GRAPH))
def test_each_rule_depends_on_its_steps_files_under_src_and_no_others(name):
    prereqs = {p for p in rule_of(GRAPH[name])[0] if p.startswith("src/")}
    assert prereqs == set(inputs.sources(name))


def test_the_step_graph_is_an_input_of_every_step_the_runner_reads_it_for():
    for name, step in GRAPH.items():
        assert ("src/dean06/pipeline/steps.toml" in rule_of(step)[0]) == bool(step.notebook), name


def test_a_story_edit_reruns_the_report_alone():
    """The story is a prerequisite of the report's rule only; the report's wording also of the pages
    and the data package that print its labels, and of the charts (the event kinds' names)."""
    story = {f"src/dean06/publish/story/{lang}.md" for lang in LANGS}
    printed_words = {f"src/dean06/wording/{lang}/{part}.yaml" for lang in LANGS for part in ("report", "charts", "audit")}
    for name, step in GRAPH.items():
        prereqs = set(rule_of(step)[0])
        assert (story <= prereqs) == (name == "report"), name
        if name in ("clean", "reconcile", "numbers"):
            assert not printed_words & prereqs, name


def test_makes_started_side_by_side_remake_the_rules_of_a_new_environment_whole(tmp_path):
    """Rules made before the environment existed (every step on all of src/) are remade once it does,
    also when several makes start at once, as the test workers' do: none may read or keep the old ones."""
    for rel in ("Makefile", "pyproject.toml", "requirements.lock", "CITATION.cff"):
        shutil.copy2(ROOT / rel, tmp_path / rel)
    for rel in ("src", "notebooks", "data/raw"):
        shutil.copytree(ROOT / rel, tmp_path / rel, ignore=shutil.ignore_patterns("__pycache__"))
    venv_view(tmp_path)
    rules = tmp_path / ".tmp/steps.mk"
    rules.parent.mkdir()
    env = make_env(PYTHONPATH=str(tmp_path / "src"), DEAN06_ROOT=str(tmp_path))
    rules.write_text(subprocess.run([sys.executable, "-m", "dean06.pipeline.makerules", "--all-src"], cwd=tmp_path,
                                    env=env, capture_output=True, text=True, check=True).stdout, encoding="utf-8")
    before = (tmp_path / ".venv/.installed").stat().st_mtime - 60
    os.utime(rules, (before, before))
    user = make_env(VENV=str(tmp_path / ".venv"))  # the copy's environment, also where CI names another
    makes = [subprocess.Popen(["make", "-pqn", "report"], cwd=tmp_path, env=user, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    for proc in makes:
        out, err = proc.communicate(timeout=120)
        assert "Error" not in err and "cannot" not in err, err
    expected = set(inputs.sources("numbers"))
    assert expected and "src/dean06/publish/story/en.md" not in expected
    database = make_database(tmp_path, user)
    assert {p for p in database["data/processed/numbers.csv"][0] if p.startswith("src/")} == expected
    assert not list(rules.parent.glob("*.tmp")), "a temporary rules file was left behind"
