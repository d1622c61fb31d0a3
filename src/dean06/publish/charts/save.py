"""Deterministic output: the same chart saves to the same bytes on every run, so a rebuild that
changes nothing changes no file (and a diff of figures/ shows real changes only)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from dean06 import atomic
from dean06 import paths
from dean06.publish.charts import FILES, style

# No timestamps and no software versions: both would change the bytes without changing the chart.
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}


PNG_COLOURS = 128  # a chart's flat colours and their anti-aliased edges fit a palette: a third of the bytes


def _png(fig: Figure, dpi: float) -> bytes:
    """A palette PNG (the page embeds every chart, so its weight counts); the same figure gives the
    same bytes (median-cut quantising without dithering is deterministic)."""
    from PIL import Image

    buf = io.BytesIO()
    with style.context():
        fig.savefig(buf, format="png", dpi=dpi, metadata=PNG_METADATA, facecolor="white")
    image = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=PNG_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True)
    return out.getvalue()


def png_bytes(fig: Figure) -> bytes:
    """The page's layout (drawn style.WIDE inches across), 750 px wide."""
    return _png(fig, style.DPI)


def narrow_png_bytes(fig: Figure) -> bytes:
    """The phone's layout (drawn style.NARROW inches across) as a 390-px-wide PNG."""
    return _png(fig, style.NARROW_DPI)


def svg_bytes(fig: Figure) -> bytes:
    buf = io.BytesIO()
    with style.context():  # carries svg.hashsalt, which fixes the ids of clip paths and glyphs
        fig.savefig(buf, format="svg", dpi=style.DPI, metadata=SVG_METADATA, facecolor="white")
    return buf.getvalue()


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Plain machine numbers (78553494, 0.9403), empty cells for missing values, '\\n' line ends."""
    return frame.to_csv(index=False, float_format="%.12g", lineterminator="\n").encode("utf-8")


def outputs(name: str, lang: str, root: Path | None = None, as_of: str | None = None) -> dict[str, Path]:
    """figures/<lang>/ for the default build; a cut-off run writes beside it, never over it."""
    folder = paths.figures_dir(Path(root) if root else None) / lang
    if as_of:
        folder = folder / f"as-of-{as_of}"
    return {kind: folder / f"{name}.{kind}" for kind in FILES}


def save_chart(name: str, fig: Figure, frame: pd.DataFrame, alt: str, lang: str,
               root: Path | None = None, as_of: str | None = None) -> list[Path]:
    """figures/<lang>/<name>.png (the page's layout), .narrow.png (the phone's, drawn here from the same
    data), .svg, .csv (the data drawn) and .alt.txt, each written atomically."""
    from dean06.publish.charts import narrow

    targets = outputs(name, lang, root, as_of)
    small = narrow(name, frame, lang)
    contents = {"png": png_bytes(fig), "narrow.png": narrow_png_bytes(small), "svg": svg_bytes(fig),
                "csv": csv_bytes(frame), "alt.txt": (alt.strip() + "\n").encode("utf-8")}
    for kind, target in targets.items():
        atomic.write_bytes(target, contents[kind])
    return list(targets.values())


def save_all(charts: dict, lang: str, root: Path | None = None, as_of: str | None = None) -> list[Path]:
    """Save every chart of `build_all(...)`; returns the files written."""
    written = []
    for name, (fig, frame, alt) in charts.items():
        written.extend(save_chart(name, fig, frame, alt, lang, root, as_of))
    return written
