"""The pipeline (top): the step graph (steps.toml) and its rules, the notebook runner, lineage, rendering, the audit of a built tree."""

import sys


def start_light() -> None:
    """Call before anything imports jsonschema (under nbformat, papermill and frictionless): it would
    import rfc3987_syntax, which compiles a large grammar (about 2.7 s, most of papermill's import
    time), for an optional 'iri' format check that neither notebook validation nor the data package's
    schemas use. Every build process, the preview and every test process start this way."""
    sys.modules.setdefault("rfc3987_syntax", None)
