"""Layout checks every chart must pass, measured on the drawn figure with matplotlib's renderer."""

from __future__ import annotations

import itertools
import weakref

from matplotlib.collections import QuadMesh
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

TOLERANCE = 0.5  # px: boxes that merely touch do not overlap


_drawn: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # figure -> (artist count, renderer)


def renderer(fig):
    """Draw the figure as it is saved (Agg, the house style's rc settings) and return the renderer.

    A figure is drawn once for all the checks that measure it (a draw takes up to a second), and again
    only when artists were added to it since."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from dean06.publish.charts import style

    artists = len(fig.findobj())
    if fig in _drawn and _drawn[fig][0] == artists:
        return _drawn[fig][1]
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    with style.context():
        canvas.draw()
    _drawn[fig] = (len(fig.findobj()), canvas.get_renderer())
    return _drawn[fig][1]


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


def texts_off_page(fig) -> list[str]:
    """Texts that reach past the figure's edge: cut off in the image a reader sees."""
    page = fig.bbox
    return [text.get_text() for text, box in text_boxes(fig)
            if box.x0 < page.x0 - TOLERANCE or box.x1 > page.x1 + TOLERANCE
            or box.y0 < page.y0 - TOLERANCE or box.y1 > page.y1 + TOLERANCE]


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
    bar_boxes = [bar.get_window_extent(r) for bar in bars(fig)]  # measured once, not once per text
    found = []
    for ax in fig.axes:
        for text in ax.texts:
            if not text.get_text().strip():
                continue
            box = text.get_window_extent(r)
            if any(_overlap(box, bar) for bar in bar_boxes):
                found.append(text.get_text())
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


# --- Honest geometry -------------------------------------------------------------------------------

def opaque_bars(fig) -> list[tuple[object, Rectangle]]:
    """(axes, bar) of every solid horizontal bar: not the fading extension of a lower bound."""
    out = []
    for ax in fig.axes:
        for p in ax.patches:
            if isinstance(p, Rectangle) and p.get_visible() and p.get_width() and p.get_height() \
                    and (p.get_alpha() is None or p.get_alpha() >= 1):
                out.append((ax, p))
    return out


def bar_scale_problems(fig) -> list[str]:
    """Bars not on one shared scale from zero: a bar that does not start at zero, or axes whose data
    unit is drawn at different lengths (a per-row or per-panel scale)."""
    r = renderer(fig)
    problems, scales = [], set()
    for ax, bar in opaque_bars(fig):
        if abs(bar.get_x()) > 1e-9:
            problems.append(f"bar of width {bar.get_width()} starts at {bar.get_x()}, not at zero")
        if ax.get_xscale() != "linear":
            problems.append("a bar on a non-linear axis")
        px = bar.get_window_extent(r).width
        scales.add(round(px / bar.get_width(), 3))
    if len(scales) > 1:
        problems.append(f"bars drawn at {len(scales)} scales: {sorted(scales)} px per unit")
    return problems


def lined_legend_problems(fig) -> list[str]:
    """Legend entries that show a line where none is drawn, or a mark that is drawn nowhere."""
    from matplotlib.colors import to_hex

    drawn = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_visible()]
    problems = []
    for label, handle in legend_entries(fig):
        if not isinstance(handle, Line2D):
            continue
        has_line = handle.get_linestyle() not in ("None", "", " ")
        has_marker = handle.get_marker() not in ("None", "", " ", None)
        if has_line and not [ln for ln in drawn if len(ln.get_xdata()) >= 2 and ln.get_linestyle() == handle.get_linestyle()
                             and to_hex(ln.get_color()) == to_hex(handle.get_color())]:
            problems.append(f"legend {label!r} shows a line that is not drawn")
        if has_marker and not [ln for ln in drawn if ln.get_marker() == handle.get_marker()]:
            problems.append(f"legend {label!r} shows a mark that is not drawn")
    return problems


def marker_centres(fig) -> list[tuple[float, float, float, str]]:
    """(x px, y px, size px, artist id) of every marker drawn, as placed on the page (with offsets)."""
    out = []
    for ax in fig.axes:
        for i, ln in enumerate(ax.get_lines()):
            if not ln.get_visible() or ln.get_marker() in ("None", "", " ", None, "_", "|"):
                continue  # error-bar caps mark a range's ends, not a figure
            xy = ln.get_transform().transform(ln.get_xydata())
            size = ln.get_markersize() * fig.dpi / 72
            out.extend((float(x), float(y), size, f"{id(ax)}:{i}:{k}") for k, (x, y) in enumerate(xy))
    return out


def hidden_points(fig) -> list[tuple]:
    """Pairs of markers whose centres are closer than half a marker: one hides the other."""
    pts = marker_centres(fig)
    return [(a, b) for a, b in itertools.combinations(pts, 2)
            if ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 < 0.5 * max(a[2], b[2])]


def uncovered_data(fig) -> list[str]:
    """Marks outside their axes' range, and bars longer than their labelled axis (its last tick)."""
    problems = []
    for ax in fig.axes:
        x0, x1 = sorted(ax.get_xlim())
        y0, y1 = sorted(ax.get_ylim())
        for ln in ax.get_lines():
            if ln.get_marker() in ("None", "", " ", None) or ln.get_transform() is ax.get_yaxis_transform():
                continue
            for x, y in ln.get_xydata():
                if not (x0 <= x <= x1 and y0 <= y <= y1):
                    problems.append(f"mark at ({x}, {y}) outside the axes ({x0}–{x1}, {y0}–{y1})")
        labelled = [v for v, lbl in zip(ax.get_xticks(), ax.get_xticklabels()) if lbl.get_text().strip()]
        for bar in ax.patches:
            if isinstance(bar, Rectangle) and bar.get_width() and labelled and ax.xaxis.get_visible() \
                    and ax.axison and bar.get_x() + bar.get_width() > max(labelled) + 1e-9:
                problems.append(f"bar reaches {bar.get_x() + bar.get_width()}; the axis is labelled up to {max(labelled)}")
    return problems


def aspect(fig) -> float:
    return fig.get_figheight() / fig.get_figwidth()


def phone_px(fig, phone_width_px: float) -> float:
    """The smallest text on the figure as displayed, in CSS px, when the image is `phone_width_px` wide."""
    return min(font_sizes(fig)) * phone_width_px / (fig.get_figwidth() * 72)
