"""Layout checks every chart must pass, measured on the drawn figure with matplotlib's renderer."""

from __future__ import annotations

import itertools

from matplotlib.collections import QuadMesh
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

TOLERANCE = 0.5  # px: boxes that merely touch do not overlap


def renderer(fig):
    """Draw the figure as it is saved (Agg, the house style's rc settings) and return the renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from dean06.publish.charts import style

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    with style.context():
        canvas.draw()
    return canvas.get_renderer()


def text_boxes(fig) -> list[tuple[Text, object]]:
    """(artist, window extent) of every visible, non-empty text on the figure, legends included."""
    r = renderer(fig)
    out = []
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(r)
        if box.width > 0 and box.height > 0:
            out.append((text, box))
    return out


def _overlap(a, b) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > TOLERANCE) and (min(a.y1, b.y1) - max(a.y0, b.y0) > TOLERANCE)


def overlapping_texts(fig) -> list[tuple[str, str]]:
    boxes = text_boxes(fig)
    return [(a.get_text(), b.get_text()) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if _overlap(ba, bb)]


def bars(fig) -> list[Rectangle]:
    """The drawn bars (axes rectangles with an area), not the axes backgrounds or legend swatches."""
    out = []
    for ax in fig.axes:
        for p in ax.patches:
            if isinstance(p, Rectangle) and p.get_visible() and p.get_width() and p.get_height():
                out.append(p)
    return out


def texts_on_bars(fig) -> list[str]:
    """Texts written in an axes whose box reaches over a bar."""
    r = renderer(fig)
    found = []
    for ax in fig.axes:
        for text in ax.texts:
            if not text.get_text().strip():
                continue
            box = text.get_window_extent(r)
            for bar in bars(fig):
                if _overlap(box, bar.get_window_extent(r)):
                    found.append(text.get_text())
                    break
    return found


def legend_entries(fig) -> list[tuple[str, object]]:
    """(label, handle) of every legend on the figure."""
    entries = []
    for legend in fig.findobj(Legend):
        for handle, text in zip(legend.legend_handles, legend.get_texts()):
            entries.append((text.get_text(), handle))
    return entries


def drawn_colours(fig) -> set[str]:
    """Colours of every bar, line, marker and mesh cell drawn in the axes, as hex."""
    from matplotlib.colors import to_hex

    colours = set()
    for ax in fig.axes:
        for p in ax.patches:
            for c in (p.get_facecolor(), p.get_edgecolor()):
                if c[3] > 0:
                    colours.add(to_hex(c[:3]))
        for line in ax.get_lines():
            colours.update({to_hex(line.get_color()), to_hex(line.get_markeredgecolor()),
                            to_hex(line.get_markerfacecolor())})
        for coll in ax.collections:
            if isinstance(coll, QuadMesh):
                coll.update_scalarmappable()  # a mesh maps its values to colours when drawn: whatever ran first
                colours.update(to_hex(c[:3]) for c in coll.get_facecolor())
            else:
                colours.update(to_hex(c[:3]) for c in coll.get_edgecolor())
    return colours


def handle_colour(handle) -> str:
    from matplotlib.colors import to_hex

    if isinstance(handle, Line2D):
        return to_hex(handle.get_color())
    face = handle.get_facecolor()
    return to_hex((face if face[3] > 0 and to_hex(face[:3]) != "#ffffff" else handle.get_edgecolor())[:3])


def font_sizes(fig) -> list[float]:
    return [text.get_fontsize() for text, _ in text_boxes(fig)]
