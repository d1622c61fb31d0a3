"""The build (top): the step table, the notebook runner, lineage, rendering, the audit of a built tree."""
