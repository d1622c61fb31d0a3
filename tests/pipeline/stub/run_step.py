"""`python run_step.py stub`: the build's own command (dean06.pipeline.steps.main, with its staging,
commit, recovery, signal handling and messages) on a step table of one small step, the notebook
beside this file. The build-safety tests interrupt and fault it where a real build would take
half a minute to reach the same code."""

import sys

from dean06.pipeline import steps

OUTPUTS = ["data/processed/stub.csv", "figures/vi/stub.csv"]


def stub_steps(*only):
    return {"stub": [steps.Run("stub", "notebooks/step.ipynb", "reports/executed/stub.ipynb",
                               {"version": sys.argv[2] if len(sys.argv) > 2 else "new",
                                "pause": float(sys.argv[3]) if len(sys.argv) > 3 else 0.0},
                               ["data/raw/input.csv"], OUTPUTS)]}


steps.steps = stub_steps
sys.exit(steps.main(sys.argv[1:2]))
