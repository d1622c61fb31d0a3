"""The pipeline (top): the step graph (steps.toml) and its rules, the notebook runner, lineage, rendering, the audit of a built tree."""
