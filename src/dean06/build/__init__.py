"""Stage 5, build (top): the step table, the runner, lineage, rendering, and the audit of a built tree."""
