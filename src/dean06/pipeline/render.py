"""Render an executed notebook to one self-contained HTML page that works offline.

The page uses the project's nbconvert template (`templates/report`, built on `lab`): no code, no
prompts, images as data: URIs, one inline stylesheet, and nothing fetched from the network
(nbconvert's default pages load require.js, MathJax and mermaid from a CDN). The page language
and title come from the notebook's metadata:

    {"dean06": {"lang": "vi", "title": "…"}}      (lang defaults to "vi")

or from the notebook itself: an output of type `application/vnd.dean06.head+json` (a dict such as
{"title": "…"}) is read into that metadata and not shown, so the step that computes the page (the
report's headline) names it, and the pipeline need not know how.

Cells tagged `remove-cell` are left out, `remove-output` keeps a cell's outputs out. The same
notebook always gives the same bytes. The file is written atomically.

    python -m dean06.render NOTEBOOK OUTPUT_HTML
"""

from __future__ import annotations

import argparse
import sys
from functools import lru_cache
from pathlib import Path

from dean06 import atomic

TEMPLATES = Path(__file__).resolve().parents[1] / "publish" / "templates"
TEMPLATE_NAME = "report"

# What the notebook tells the page's <head> (see the module's docstring); never shown.
HEAD_TYPE = "application/vnd.dean06.head+json"

# Script and widget outputs are dropped: they would run code in the reader's browser.
DISPLAY_PRIORITY = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/vnd.mermaid",
    "text/latex",
    "image/png",
    "image/jpeg",
    "text/plain",
]


@lru_cache(maxsize=1)  # one per process: building it costs about a second (the preview renders often)
def _exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.NbConvertBase.display_data_priority = DISPLAY_PRIORITY
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    exporter = HTMLExporter(
        config=config,
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,  # local images in markdown become data: URIs
        # the template never uses these; empty them so no CDN address can slip back in
        require_js_url="",
        mathjax_url="",
        mermaid_js_url="",
        mermaid_layout_elk_js_url="",
        jquery_url="",
        jupyter_widgets_base_url="",
        widget_renderer_url="",
    )
    # the template must be ours, not a same-named one found first on Jupyter's data path
    found = Path(exporter.template_paths[0]).resolve()
    if found != (TEMPLATES / TEMPLATE_NAME).resolve():
        raise RuntimeError(f"nbconvert picked the template at {found}, not {TEMPLATES / TEMPLATE_NAME}")
    return exporter


def render_string(executed_notebook: Path) -> str:
    import nbformat

    executed_notebook = Path(executed_notebook)
    return render_node(nbformat.read(executed_notebook, as_version=4), executed_notebook)


def render_node(nb, executed_notebook: Path) -> str:
    """The page of a notebook already read (the preview builds one in memory; `executed_notebook`
    names it as the build would)."""
    nb = with_head(nb)
    # no file dates in resources: the page must not depend on when the notebook was written
    resources = {
        "metadata": {
            "name": executed_notebook.stem,
            "path": str(executed_notebook.resolve().parent),
        }
    }
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return body if body.endswith("\n") else body + "\n"


def with_head(nb):
    """A copy of the notebook whose head outputs (HEAD_TYPE) are moved into its metadata."""
    import copy

    nb = copy.deepcopy(nb)
    head = {}
    for cell in nb.cells:
        outputs = cell.get("outputs", [])
        for out in outputs:
            head.update(out.get("data", {}).get(HEAD_TYPE, {}))
        if outputs:
            cell.outputs = [out for out in outputs if HEAD_TYPE not in out.get("data", {})]
    if head:
        nb.metadata["dean06"] = {**nb.metadata.get("dean06", {}), **head}
    return nb


def render_html(executed_notebook: Path, output_html: Path) -> None:
    atomic.write_text(output_html, render_string(executed_notebook))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dean06.render", description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("output_html", type=Path)
    args = parser.parse_args(argv)
    if not args.notebook.is_file():
        print(f"error: no notebook at {args.notebook}", file=sys.stderr)
        return 1
    render_html(args.notebook, args.output_html)
    print(f"{args.notebook} -> {args.output_html}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
