"""The step table (dean06.build.steps) is declared once; the Makefile's rules must agree with it:
every step's outputs are targets of one rule, whose prerequisites hold every input the step's
lineage will record, and whose recipe runs that step."""

import subprocess

import pytest
from conftest import ROOT

from dean06.build import inputs, steps


def make_database():
    """target -> (prerequisites, recipe lines), from make's own database (nothing is run)."""
    out = subprocess.run(["make", "-pqn", "report"], cwd=ROOT, capture_output=True, text=True).stdout
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


@pytest.mark.parametrize("step", sorted(PLAN))
def test_the_makefile_builds_each_step_from_its_declared_inputs(step):
    for run in PLAN[step]:
        for output in [*run.outputs, run.executed]:
            assert output in DATABASE, f"{output} (step {step}) is not a target of the Makefile"
            prereqs, recipe = DATABASE[output]
            missing = sorted(set([run.notebook, *run.inputs]) - set(prereqs))
            assert not missing, f"the Makefile rule for {output} does not depend on {missing}"
            assert any(line.lstrip("@").startswith(f"$(BUILD) {step}") for line in recipe), recipe


def test_every_build_rule_of_the_makefile_is_a_step():
    declared = {o for runs in PLAN.values() for run in runs for o in [*run.outputs, run.executed]}
    runs_a_step = {t for t, (_, recipe) in DATABASE.items()
                   if any(line.lstrip("@").startswith("$(BUILD) ") and "check-edition" not in line
                          and " edition " not in line for line in recipe)}
    assert runs_a_step and runs_a_step <= declared, sorted(runs_a_step - declared)


RULE_OF_STEP = {"clean": "data/processed/claims_clean.csv", "reconcile": "data/processed/reconciled.csv",
                "charts": "figures/vi/timeline.png", "report": "reports/de-an-06.vi.html",
                "numbers": "data/processed/numbers.csv", "audit_pages": None, "datapackage": "reports/data/datapackage.json"}


@pytest.mark.parametrize("step", sorted(inputs.STEPS))
def test_each_rule_depends_on_its_steps_files_under_src_and_no_others(step):
    target = RULE_OF_STEP[step] or next(t for t in DATABASE if t.startswith("reports/sources/"))
    prereqs = {p for p in DATABASE[target][0] if p.startswith("src/")}
    assert prereqs == set(inputs.sources(step))


def test_a_story_edit_reruns_the_report_alone():
    """The story is a prerequisite of the report's rule only; the report's wording also of the pages
    and the data package that print its labels, and of the charts (the event kinds' names)."""
    story = {f"src/dean06/publish/story/{lang}.md" for lang in ("vi", "en")}
    for step, target in RULE_OF_STEP.items():
        target = target or next(t for t in DATABASE if t.startswith("reports/sources/"))
        prereqs = set(DATABASE[target][0])
        assert (story <= prereqs) == (step == "report"), step
        if step in ("clean", "reconcile", "numbers"):
            assert not set(inputs.wording("report", "charts", "audit")) & prereqs, step
