"""The house style: one font, one palette, one page layout, and the marks every chart shares
(lower bounds, derived values, caveats)."""

from __future__ import annotations

import re
import textwrap
from contextlib import contextmanager
from functools import lru_cache
from contextvars import ContextVar

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from dean06.formatting import LANGS
from dean06.publish.charts import figtext
from dean06.wording import chart as t
from dean06.wording import entry

# DejaVu Sans ships with matplotlib and covers every Vietnamese precomposed letter (ắ, ậ, ợ, ữ …),
# so glyphs never fall back to another font on another machine.
FONT = "DejaVu Sans"

# Okabe–Ito: distinguishable under the common colour-vision deficiencies and in greyscale by lightness.
COLORS = {
    "blue": "#0072B2", "sky": "#56B4E9", "orange": "#E69F00", "green": "#009E73",
    "vermillion": "#D55E00", "purple": "#CC79A7", "yellow": "#F0E442",
    "ink": "#1A1A1A", "muted": "#5E5E5E", "faint": "#9A9A9A", "grid": "#DDDDDD", "track": "#EFEFEF",
}
# Every chart has two layouts drawn by the same code: the page's, WIDE inches across (750 px at DPI,
# shown about 736 px wide in the page's column: 12.5-pt text shows at 17 px), and the phone's, NARROW
# inches across (390 px at NARROW_DPI). A 390-px phone gives the image its column, 358 CSS px (the
# page's 16-px margins), so a point on the narrow chart is about a pixel on the screen: no text is
# smaller than 12.5 pt, which shows at 12.4 px there. Layout code reads the width being drawn,
# `page_width()`, never a constant.
SIZE = {"title": 15, "subtitle": 13, "label": 12.5, "small": 12.5, "note": 12.5, "source": 12.5}
MIN_SIZE = 12.5
MIN_PHONE_PX = 12  # the smallest text a phone may show, in CSS px
WIDE = 7.5     # inches: the page's layout, 750 px at DPI
NARROW = 5.0   # inches: the phone's layout, 390 px at NARROW_DPI
PHONE_PX = 358  # CSS px a 390-px phone gives an image that fills the column
MAX_ASPECT = 2.2  # no chart is more than this many times as tall as it is wide
DPI = 100
NARROW_DPI = 78  # 5 in x 78 = 390 px
PAD = 0.25    # inches around the page
# Printed, a chart takes the column (A4 less 16-mm margins: 178 mm) up to report.css's cap of 240 mm
# on its height: the page's layout is at most this many times as tall as it is wide.
PRINT_ASPECT = 240 / 178
SOURCES_LISTED = 6  # sources a chart's source line names one by one; more are counted (source_line)
_WIDTH: ContextVar[float] = ContextVar("chart_width", default=WIDE)


def page_width() -> float:
    """The width (inches) of the layout being drawn: WIDE, or NARROW inside `drawn_at(NARROW)`."""
    return _WIDTH.get()


def max_aspect() -> float:
    """How many times its width the layout being drawn may be tall: the page's layout is what print
    shows, so PRINT_ASPECT; the phone's, MAX_ASPECT."""
    return min(MAX_ASPECT, PRINT_ASPECT) if page_width() >= WIDE else MAX_ASPECT


@contextmanager
def drawn_at(inches: float):
    """Draw (and lay out, and choose what fits) at this page width."""
    token = _WIDTH.set(inches)
    try:
        yield
    finally:
        _WIDTH.reset(token)


RC = {
    "font.family": FONT,
    "font.size": SIZE["label"],
    "text.color": COLORS["ink"],
    "axes.edgecolor": COLORS["faint"],
    "axes.labelcolor": COLORS["muted"],
    "axes.labelsize": SIZE["small"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": SIZE["label"],
    "xtick.color": COLORS["muted"],
    "ytick.color": COLORS["muted"],
    "xtick.labelsize": SIZE["small"],
    "ytick.labelsize": SIZE["small"],
    "legend.fontsize": SIZE["small"],
    "legend.frameon": False,
    "hatch.linewidth": 0.8,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "svg.fonttype": "path",      # glyphs as outlines: the SVG shows diacritics without the font
    "svg.hashsalt": "dean06",    # fixed ids inside the SVG, so saving is byte-identical
    "path.simplify": True,
}


@contextmanager
def context():
    with mpl.rc_context(RC):
        yield


def _line_height(size: float) -> float:
    return size * 1.32 / 72


# Vietnamese writes a space between the syllables of one word ("triển khai", "quốc gia"): a line may
# break only between words, so the words listed as charts.keep_together stay on one line.
KEEP_TOGETHER: tuple[str, ...] = tuple(w for lang in LANGS for w in entry("charts.keep_together", lang))
_GLUE = "\u00a0"  # textwrap splits only at ASCII white space: a no-break space keeps a word whole
_WORDS = re.compile("|".join([r"(?<!\w)" + re.escape(w) + r"(?!\w)" for w in sorted(KEEP_TOGETHER, key=len, reverse=True)]
                             # a date is one unit too: 'tháng 12/2023', 'Dec 2023', '21 December 2023'
                             + [r"tháng \d{1,2}/\d{4}", r"(?:\d{1,2} )?[A-Z][a-z]{2,8} \d{4}"]), re.IGNORECASE)


def chars_for(width_in: float, size: float, bold: bool = False) -> int:
    """How many characters fit on a line: DejaVu Sans averages about 0.55 em a character (0.6 bold)."""
    return max(8, int(width_in * 72 / (size * (0.6 if bold else 0.55))))


def wrap_lines(text: str, chars: int) -> list[str]:
    """Lines of at most about `chars` characters, broken only between words: at a space, and never
    between the syllables of a multi-syllable Vietnamese word ("triển khai", "quốc gia")."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        glued = _WORDS.sub(lambda m: m.group(0).replace(" ", _GLUE), paragraph)
        wrapped = textwrap.wrap(glued, chars, break_long_words=False, break_on_hyphens=False)
        lines.extend([line.replace(_GLUE, " ") for line in wrapped] or [""])
    return lines


@lru_cache(maxsize=65_536)
def text_width(text: str, size: float) -> float:
    """The width of one line of text in the house font, in inches, as the renderer lays it out.
    Remembered: a chart that tries several layouts measures the same names again and again."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    width, _, _ = TextToPath().get_text_width_height_descent(text, FontProperties(family=FONT, size=size),
                                                             ismath=False)
    return width / 72


def fit_label(text: str, width_in: float, size: float = SIZE["small"]) -> str:
    """A label broken into lines that each measure at most `width_in` (a word longer than that stays
    whole), between words only, never inside a multi-syllable Vietnamese word."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        words = [w for w in _WORDS.sub(lambda m: m.group(0).replace(" ", _GLUE), paragraph).split(" ") if w]
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate.replace(_GLUE, " "), size) > width_in:
                out.append(line)
                line = word
            else:
                line = candidate
        out.append(line)
    return "\n".join(x.replace(_GLUE, " ") for x in out)


def _wrap(text: str, size: float, width_in: float, bold: bool = False) -> list[str]:
    return wrap_lines(text, chars_for(width_in, size, bold))


def wrap_label(text: str, chars: int) -> str:
    return "\n".join(wrap_lines(text, chars)) or text


def line_height(size: float) -> float:
    return _line_height(size)


def _legend_layout(handles: list, width_in: float) -> tuple[int, int]:
    """Columns and rows of the legend: entries side by side while the longest fits, else one a row."""
    if not handles:
        return 0, 0
    longest = max(len(line) for h in handles for line in h.get_label().split("\n")) * SIZE["small"] * 0.56 / 72 + 0.6
    ncol = max(1, min(len(handles), int(width_in // longest)))
    # matplotlib fills a legend column by column: balanced columns read in order down each column
    # (four dates in two columns of two, not three columns of 2, 1 and 1)
    ncol = -(-len(handles) // -(-len(handles) // ncol))
    rows = [handles[i:i + ncol] for i in range(0, len(handles), ncol)]
    return ncol, sum(max(h.get_label().count("\n") + 1 for h in row) for row in rows)


def legend_label(text: str, width_in: float | None = None) -> str:
    """A legend entry wrapped to the page (between words only)."""
    return wrap_label(text, chars_for(page_width() - 2 * PAD - 0.7 if width_in is None else width_in, SIZE["small"]))


def _text_lines(title: str, subtitle: str, source: str, notes, text_w: float) -> tuple[list[str], ...]:
    """The page's texts wrapped to its width: title, subtitle, notes, source line."""
    return (_wrap(title, SIZE["title"], text_w, bold=True), _wrap(subtitle, SIZE["subtitle"], text_w),
            [line for note in notes for line in _wrap(note, SIZE["note"], text_w)], _wrap(source, SIZE["source"], text_w))


def chrome(title: str, subtitle: str, source: str, notes: list[str] | tuple = (), *, handles: list | None = None,
           below: float = 0.5, above: float = 0.15, width: float | None = None) -> tuple[float, float]:
    """(header, footer) in inches: what the page takes above and below the plot area."""
    width = page_width() if width is None else width
    text_w = width - 2 * PAD
    title_lines, sub_lines, note_lines, src_lines = _text_lines(title, subtitle, source, notes, text_w)
    _, nrows = _legend_layout(handles or [], text_w)
    legend_h = nrows * _line_height(SIZE["small"]) * 1.02 + (0.12 if nrows else 0)
    header = (PAD + len(title_lines) * _line_height(SIZE["title"]) + 0.08
              + len(sub_lines) * _line_height(SIZE["subtitle"]) + 0.06 + legend_h + above)
    footer = (below + (len(note_lines) * _line_height(SIZE["note"]) + 0.1 if note_lines else 0)
              + len(src_lines) * _line_height(SIZE["source"]) + PAD)
    return header, footer


def page(title: str, subtitle: str, source: str, notes: list[str] | tuple = (), *,
         body_height: float = 3.6, left: float = 1.2, right: float = 0.3, below: float = 0.5,
         above: float = 0.15, width: float | None = None, handles: list | None = None,
         axes: bool = True) -> tuple[Figure, Axes | tuple[float, float]]:
    """A figure laid out in inches, top to bottom: title (the finding), subtitle, legend, plot area,
    notes, source line. Heights follow the wrapped text, so the plot area keeps its size. With
    `axes=False` the plot area is returned as (bottom, height) in inches for the chart to divide."""
    width = page_width() if width is None else width
    text_w = width - 2 * PAD
    title_lines, sub_lines, note_lines, src_lines = _text_lines(title, subtitle, source, notes, text_w)
    ncol, _ = _legend_layout(handles or [], text_w)
    header, footer = chrome(title, subtitle, source, notes, handles=handles, below=below, above=above, width=width)
    height = header + body_height + footer
    fig = Figure(figsize=(width, height), dpi=DPI)
    fig.patch.set_facecolor("white")

    y = height - PAD
    fig.text(PAD / width, y / height, "\n".join(title_lines), ha="left", va="top", fontsize=SIZE["title"],
             fontweight="bold", color=COLORS["ink"], linespacing=1.15)
    y -= len(title_lines) * _line_height(SIZE["title"]) + 0.08
    fig.text(PAD / width, y / height, "\n".join(sub_lines), ha="left", va="top", fontsize=SIZE["subtitle"],
             color=COLORS["muted"], linespacing=1.2)
    if handles:
        y -= len(sub_lines) * _line_height(SIZE["subtitle"]) + 0.06
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(PAD / width - 0.01, y / height),
                   ncol=ncol, fontsize=SIZE["small"], handlelength=1.6, columnspacing=1.2,
                   borderaxespad=0, borderpad=0.2, labelspacing=0.3)

    y = PAD + len(src_lines) * _line_height(SIZE["source"])
    fig.text(PAD / width, y / height, "\n".join(src_lines), ha="left", va="top", fontsize=SIZE["source"],
             color=COLORS["muted"], linespacing=1.2)
    if note_lines:
        y += 0.1 + len(note_lines) * _line_height(SIZE["note"])
        fig.text(PAD / width, y / height, "\n".join(note_lines), ha="left", va="top", fontsize=SIZE["note"],
                 color=COLORS["muted"], style="italic", linespacing=1.2)

    if not axes:
        return fig, (footer, body_height)
    ax = fig.add_axes((left / width, footer / height, (width - left - right) / width, body_height / height))
    return fig, ax


def source_line(rows: pd.DataFrame, lang: str, as_of: str | None = None, keys: dict[str, str] | None = None) -> str:
    """'Nguồn: Báo Quảng Nam (25/02/2023); …' from the chart data's source columns, oldest first;
    an asterisk marks an inferred publication date. `keys` (source id -> mark) opens each source
    with the mark that stands for it on the chart: '(1) Báo Quảng Nam (25/02/2023)'."""
    cols = ["source_id", "outlet", "published_date", "published_date_inferred"]
    seen = rows.loc[rows["source_id"].ne(""), cols].drop_duplicates("source_id").sort_values(["published_date", "source_id"])
    if len(seen) > SOURCES_LISTED and not keys:  # a list that would outgrow the chart: counted, dated, and
        # left to the chart's data, which names each figure's source
        line = f"{t('source', lang)}: " + t("sources_counted", lang, n=figtext.count(len(seen), lang),
                                            outlets=figtext.count(seen["outlet"].nunique(), lang),
                                            first=figtext.day(seen["published_date"].iloc[0], lang),
                                            last=figtext.day(seen["published_date"].iloc[-1], lang))
        if seen["published_date_inferred"].any():
            line += " " + t("sources_counted.inferred", lang, n=figtext.count(int(seen["published_date_inferred"].sum()), lang))
        return line + (" " + t("as_of_cut", lang, date=figtext.day(as_of, lang)) if as_of else "")
    parts = [f"{'(' + keys[r.source_id] + ') ' if keys else ''}"
             f"{r.outlet} ({(figtext.short_day if keys else figtext.day)(r.published_date, lang)}"
             f"{'*' if r.published_date_inferred else ''})"
             for r in seen.itertuples()]
    line = f"{t('source', lang)}: " + ("; ".join(parts) if parts else "—") + "."
    if seen["published_date_inferred"].any():
        line += " " + t("inferred_date", lang) + "."
    if as_of:
        line += " " + t("as_of_cut", lang, date=figtext.day(as_of, lang))
    return line


def numbered(notes: list[str], lang: str, *, always: bool = False) -> list[str]:
    """Caveats as a list under the chart, numbered (1), (2) … when marks on the chart refer to them."""
    if not notes:
        return []
    if len(notes) == 1 and not always:
        return [f"{t('notes', lang)}: {notes[0]}"]
    return [f"({i}) {note}" for i, note in enumerate(notes, 1)]


def lower_bound_bar(ax: Axes, pos: float, value: float, thickness: float, color: str, extend: float, *,
                    horizontal: bool = True, zorder: float = 2) -> None:
    """A figure printed as 'hơn X' / 'more than X': a solid bar to X, then a fading, open-ended
    extension and an arrow, so the bar cannot be read as the value itself."""
    steps = 14
    bar = ax.barh if horizontal else ax.bar
    size_kw = "height" if horizontal else "width"
    start_kw = "left" if horizontal else "bottom"
    bar(pos, value, **{size_kw: thickness}, color=color, linewidth=0, zorder=zorder)
    for i in range(steps):
        bar(pos, extend / steps, **{size_kw: thickness, start_kw: value + i * extend / steps},
            color=color, alpha=0.5 * (1 - (i + 1) / (steps + 1)), linewidth=0, zorder=zorder)
    tip = value + extend * 1.12
    start, end = ((value, pos), (tip, pos)) if horizontal else ((pos, value), (pos, tip))
    ax.annotate("", xy=end, xytext=start, arrowprops=dict(arrowstyle="-|>", color=color, lw=1.4,
                                                         mutation_scale=12, shrinkA=0, shrinkB=0),
                zorder=zorder + 1, annotation_clip=False)


def reported_bar(ax: Axes, pos: float, value: float, thickness: float, color: str, *, horizontal: bool = True,
                 zorder: float = 2) -> None:
    bar = ax.barh if horizontal else ax.bar
    size_kw = "height" if horizontal else "width"
    bar(pos, value, **{size_kw: thickness}, color=color, linewidth=0, zorder=zorder)


def empty(ax: Axes, lang: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, t("no_data", lang), ha="center", va="center", fontsize=SIZE["subtitle"],
            color=COLORS["faint"], transform=ax.transAxes)
