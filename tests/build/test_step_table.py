"""The step table (dean06.build.steps) is declared once; the Makefile's rules must agree with it:
every step's outputs are targets of one rule, whose prerequisites hold every input the step's
lineage will record, and whose recipe runs that step."""

import subprocess

import pytest
from conftest import ROOT

from dean06.build import steps


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
