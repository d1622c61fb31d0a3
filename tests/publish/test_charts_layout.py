"""Every chart, in both languages, on the seed tables, the real data and the enlarged corpus:
no text box overlaps another, no label sits on a bar, legend swatches are drawn in the chart, every
legend category occurs in the chart's data, text stays legible at phone width, and Vietnamese lines
break only between words."""

import pytest
from chart_checks import (aspect, bar_scale_problems, drawn_colours, font_sizes, handle_colour, hidden_points,
                          legend_entries, lined_legend_problems, opaque_bars, overlapping_texts, phone_px, renderer, text_boxes,
                          texts_off_page, texts_on_bars, uncovered_data)
from chart_tables import tables as seed_tables
from conftest import ROOT
from corpus import enlarged_root
import matplotlib.dates as mdates
from matplotlib.lines import Line2D

from dean06.publish.charts import NAMES, Tables, build_all, figtext, narrow, style
from dean06.publish.charts.style import KEEP_TOGETHER

COLUMN_PX = 736  # the page's column (46rem) in CSS px: where the page's layout is shown
NEW_SPAN_KINDS = {"retrieval_header", "truncated_end", "appended_excerpt"}
LANGS = ("vi", "en")


def _processed(root):
    from dean06.clean import step as clean
    from dean06.reconcile import step as reconcile

    clean.write_claims_clean(clean.clean_claims(*clean.load_raw(root)), root / "data" / "processed" / "claims_clean.csv")
    reconcile.write_outputs(reconcile.run(root), root / "data" / "processed")
    return Tables.load(root)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """name -> tables: the hand-made seeds, the real archive rebuilt afresh, and the enlarged corpus."""
    real = tmp_path_factory.mktemp("real")
    (real / "data").mkdir()
    (real / "data" / "raw").symlink_to(ROOT / "data" / "raw")
    enlarged = _processed(enlarged_root(tmp_path_factory.mktemp("enlarged")))
    return {"seeds": seed_tables(), "real": _processed(real), "enlarged": enlarged}


@pytest.fixture(scope="module", params=["wide", "narrow"])
def layout(request):
    """Every check runs on both layouts of every chart: the page's and the phone's."""
    return request.param


@pytest.fixture(scope="module")
def wide(corpora):
    """Every chart of every corpus and language, drawn once for the page's layout."""
    return {(corpus, lang): build_all(t, lang) for corpus, t in corpora.items() for lang in LANGS}


@pytest.fixture(scope="module")
def charts(wide, layout):
    built = wide
    if layout == "wide":
        return built
    return {key: {name: (narrow(name, frame, key[1]), frame, alt) for name, (_, frame, alt) in drawn.items()}
            for key, drawn in built.items()}


CASES = [(c, lang, n) for c in ("seeds", "real", "enlarged") for lang in LANGS for n in NAMES]


@pytest.mark.parametrize("corpus,lang,name", CASES)
def test_no_text_overlaps_and_no_label_sits_on_a_bar(charts, corpus, lang, name):
    fig, frame, _ = charts[(corpus, lang)][name]
    assert len(frame), f"{name} has no data on {corpus}"
    assert overlapping_texts(fig) == []
    assert texts_on_bars(fig) == []
    assert texts_off_page(fig) == []  # nothing cut off at the image's edge


@pytest.mark.parametrize("corpus,lang,name", CASES)
def test_legend_swatches_are_drawn_and_their_categories_occur(charts, corpus, lang, name):
    fig, frame, _ = charts[(corpus, lang)][name]
    colours = drawn_colours(fig)
    markers = {line.get_marker() for ax in fig.axes for line in ax.get_lines()}
    words = " ".join(str(v) for v in frame.astype(str).to_numpy().ravel())
    for label, handle in legend_entries(fig):
        if isinstance(handle, Line2D) and handle.get_linestyle() in ("None", "", " "):
            assert handle.get_marker() in markers, label  # a kind of mark: drawn somewhere
        else:
            assert handle_colour(handle) in colours, label
    # every category the legend names occurs in the data drawn
    if name == "identity":  # series are named on the chart; the legend shows the kinds of mark alone
        assert {lbl.replace("\n", " ") for lbl, h in legend_entries(fig) if h.get_linestyle() == "-"} == set()
        marks = {h.get_marker() for _, h in legend_entries(fig) if h.get_linestyle() in ("None", "", " ")}
        assert ("^" in marks) == bool(frame["bound"].eq("lower").any())
        assert ("D" in marks) == bool(frame["flag_derived"].any())
    elif name == "policy_documents":
        _every_policy_date_named_once(fig, frame, lang)
    elif name == "source_agreement":
        from dean06.wording import chart as t
        named = {lbl.split(" ", 1)[1].replace("\n", " ") for lbl, _ in legend_entries(fig)}
        assert named == {t(f"status.{s}", lang) for s in set(frame["status"]) - {""}}
    else:
        assert all(lbl.replace("\n", " ") in words for lbl, _ in legend_entries(fig))


def _every_policy_date_named_once(fig, frame, lang):
    """Each report date drawn is named exactly once: by the legend (a colour per date), or, with more
    dates than colours, on the chart (each metric's first and latest report, their months beside its
    name), then with no legend."""
    import re

    from dean06.publish.charts import figtext, policy_documents

    legend = [lbl for lbl, _ in legend_entries(fig)]
    if frame["mark"].eq("date").all():
        assert legend == list(dict.fromkeys(frame.sort_values("as_of")["period"]))
        assert frame["as_of"].nunique() <= len(policy_documents.SHADES)
        return
    assert legend == [] and set(frame["mark"]) <= {"first", "latest"}
    assert frame.groupby("metric")["mark"].agg(list).map(lambda m: m in (["first", "latest"], ["latest"])).all()
    drawn = " ".join(tx.get_text().replace("\n", " ") for ax in fig.axes for tx in ax.texts)
    for month, rows in frame.groupby(frame["as_of"].map(lambda d: figtext.axis_month(d, lang))):
        assert len(re.findall(rf"(?<![\w/]){re.escape(month)}(?![\w/])", drawn)) == len(rows), month


@pytest.mark.parametrize("corpus,lang,name", CASES)
def test_text_is_legible_where_each_layout_is_shown(charts, layout, corpus, lang, name):
    """The phone's layout is NARROW inches wide and shown 358 px wide on a 390-px phone; the page's is
    WIDE inches and shown in the page's column (736 px): no text is under 12 px as displayed."""
    fig, _, _ = charts[(corpus, lang)][name]
    assert fig.get_figwidth() == (style.NARROW if layout == "narrow" else style.WIDE)
    shown_px = style.PHONE_PX if layout == "narrow" else COLUMN_PX
    scale = shown_px / (fig.get_figwidth() * 72)  # displayed px per point
    assert min(font_sizes(fig)) * scale >= style.MIN_PHONE_PX


@pytest.mark.parametrize("corpus,name", [(c, n) for c in ("seeds", "real", "enlarged") for n in NAMES])
def test_vietnamese_lines_break_only_between_words(charts, corpus, name):
    fig, _, _ = charts[(corpus, "vi")][name]
    words = [w.lower() for w in KEEP_TOGETHER]
    for text, _ in text_boxes(fig):
        lines = text.get_text().split("\n")
        for a, b in zip(lines, lines[1:]):
            assert a and b and not a.endswith(" ") and not b.startswith(" ")
            tail, head = a.split(" ")[-3:], b.split(" ")[:3]
            for i in range(1, len(tail) + 1):
                for j in range(1, len(head) + 1):
                    joined = " ".join(tail[-i:] + head[:j]).lower().strip(".,;:()“”")
                    assert joined not in words, f"{joined!r} broken across lines in {name}"


def test_wrapping_keeps_multi_syllable_words_whole():
    text = "Dịch vụ công thiết yếu đã triển khai trên Cổng Dịch vụ công quốc gia"
    for width in range(8, 40):
        lines = style.wrap_lines(text, width)
        assert " ".join(lines) == text
        for a, b in zip(lines, lines[1:]):
            assert not (a.endswith("triển") and b.startswith("khai"))
            assert not (a.endswith("quốc") and b.startswith("gia"))
    dated = "từ tháng 2/2023 đến tháng 12/2023, from 1 December 2023 to Dec 2024"
    for width in range(8, 30):
        lines = style.wrap_lines(dated, width)
        assert not [a for a in lines if a.endswith(("tháng", "December", "Dec", " 1"))], lines


def test_the_checks_catch_what_they_look_for():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2))
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.barh(0, 10, height=0.5)
    ax.set_xlim(0, 12)
    ax.text(5, 0, "on the bar")
    fig.text(0.1, 0.95, "one label", va="top")
    fig.text(0.12, 0.95, "another label", va="top")
    assert overlapping_texts(fig) and texts_on_bars(fig) == ["on the bar"]
    page = Figure(figsize=(3, 2))
    page.text(0.1, 0.5, "a label inside")
    assert texts_off_page(page) == []
    page.text(0.9, 0.3, "a label running past the edge")
    assert texts_off_page(page) == ["a label running past the edge"]


# --- Honest geometry, on every corpus and in both languages -------------------------------------------

@pytest.mark.parametrize("corpus,lang,name", CASES)
def test_bars_share_one_scale_from_zero_and_the_axes_cover_the_data(charts, corpus, lang, name):
    fig, frame, _ = charts[(corpus, lang)][name]
    assert bar_scale_problems(fig) == []
    assert uncovered_data(fig) == []


@pytest.mark.parametrize("corpus,lang,name", CASES)
def test_legends_show_only_what_is_drawn_and_no_point_hides_another(charts, corpus, lang, name):
    fig, _, _ = charts[(corpus, lang)][name]
    assert lined_legend_problems(fig) == []
    assert hidden_points(fig) == []


@pytest.mark.parametrize("corpus,lang,name", CASES)
def test_no_chart_is_too_tall_and_text_is_readable_on_a_390px_phone(charts, layout, corpus, lang, name):
    fig, _, _ = charts[(corpus, lang)][name]
    assert aspect(fig) <= style.MAX_ASPECT
    if layout == "narrow":  # the layout a phone shows: its text as displayed 358 px wide
        assert phone_px(fig, style.PHONE_PX) >= style.MIN_PHONE_PX


@pytest.mark.parametrize("corpus,lang", [(c, lang) for c in ("seeds", "real", "enlarged") for lang in LANGS])
def test_policy_draws_each_count_of_two_dates_as_bars_on_one_linear_axis_from_zero(charts, corpora, corpus, lang):
    """How the push grew: only the policy counts reported at two dates or more are drawn, each report
    a bar as long as its count on the chart's one linear axis from zero, all at one scale (no
    per-row scaling), each bar's figure just past its end."""
    from dean06.publish.charts import common, policy_documents

    fig, frame, _ = charts[(corpus, lang)]["policy_documents"]
    reports = common.statistics(corpora[corpus], policy_documents.metrics(corpora[corpus]), derived=False)
    dates = reports.groupby("metric")["as_of"].nunique()
    # the largest rises that fit; those left out for room are counted (and the note says so)
    assert set(frame["metric"]) <= set(dates[dates >= 2].index)
    assert frame["metric"].nunique() + frame.attrs.get("no_room", 0) == int((dates >= 2).sum())
    assert frame.attrs["once"] == int((dates < 2).sum())
    assert (frame.groupby("metric")["as_of"].nunique() >= 2).all()
    assert len(fig.axes) == 1
    ax = fig.axes[0]
    assert ax.get_xscale() == "linear" and ax.get_xlim()[0] == 0
    bars = opaque_bars(fig)
    assert sorted(bar.get_width() for _, bar in bars) == sorted(frame["value"].astype(float))
    assert all(bar.get_x() == 0 for _, bar in bars)
    px = {round(bar.get_window_extent(renderer(fig)).width / bar.get_width(), 3) for _, bar in bars}
    assert len(px) == 1  # one scale: a unit is as long in every row
    figures = " ".join(tx.get_text() for tx in ax.texts)
    assert all(r.value_text in figures for r in frame.itertuples())


@pytest.mark.parametrize("corpus,lang", [(c, lang) for c in ("seeds", "real", "enlarged") for lang in LANGS])
def test_identity_is_one_panel_with_each_series_named_and_dated_at_its_date(charts, corpus, lang):
    from dean06.publish.charts import identity

    fig, frame, _ = charts[(corpus, lang)]["identity"]
    assert len(fig.axes) == 1  # one panel, one scale from zero
    ax = fig.axes[0]
    assert ax.get_ylim()[0] == 0
    words = [tx.get_text().replace("\n", " ") for tx in ax.texts]
    for label in dict.fromkeys(frame["label"]):  # each series named on the chart
        assert [w for w in words if w.startswith(label)], label
    colours = frame.drop_duplicates("series")["color"]
    assert colours.is_unique or colours.nunique() == 1  # no colour stands for two series
    ticks = [(x, lbl.get_text()) for x, lbl in zip(ax.get_xticks(), ax.get_xticklabels()) if lbl.get_text()]
    bounds = [ln.get_xdata()[0] for ln in ax.get_lines() if len(set(ln.get_xdata())) == 1
              and ln.get_transform() is ax.get_xaxis_transform()]  # year boundaries (1 January)
    if frame["as_of"].str[:4].nunique() == 1:  # dates within one year: the axis names their months
        assert ticks and not all(lbl.isdigit() for _, lbl in ticks), ticks
    for r in frame.itertuples():
        x = identity._x(r.as_of)
        if all(lbl.isdigit() for _, lbl in ticks):  # years: the point is inside its own year's span
            own = [t for t, lbl in ticks if lbl == r.as_of[:4]]
            assert own and not [b for b in bounds if min(x, own[0]) < b < max(x, own[0])], (r.as_of, ticks)
        else:  # months: each label names the month its tick stands in, and the point lies between
            # the ticks of the months around its own (21 December after '12/2023', not on '2024')
            month = r.as_of[:7]
            at = {lbl: mdates.num2date(t).strftime("%Y-%m") for t, lbl in ticks}
            assert all(lbl == figtext.axis_month(m + "-01", lang) for lbl, m in at.items()), ticks
            before = [at[lbl] for t, lbl in ticks if t <= x]
            after = [at[lbl] for t, lbl in ticks if t > x]
            assert (not before or before[-1] <= month) and (not after or after[0] >= month), (r.as_of, ticks)
            assert before or after[0] == month, (r.as_of, ticks)  # no point left of its own month's label


@pytest.mark.parametrize("corpus,lang", [(c, lang) for c in ("seeds", "real", "enlarged") for lang in LANGS])
def test_identity_names_each_series_just_beside_its_latest_mark(charts, corpus, lang):
    """Each series' name (or number) stands within half an inch of its latest mark, with no leader
    line: a long line from an early mark to a name past the last date reads as a count holding
    steady."""
    from matplotlib.text import Annotation

    from dean06.publish.charts import identity
    from chart_checks import renderer

    fig, frame, _ = charts[(corpus, lang)]["identity"]
    ax = fig.axes[0]
    r = renderer(fig)
    assert not [a for a in ax.texts if isinstance(a, Annotation) and a.arrow_patch is not None]
    names = [tx for tx in ax.texts if tx.get_position()[1] >= 0]  # the key, if any, is under the axis
    series = list(dict.fromkeys(frame["series"]))
    assert len(names) == len(series)
    for key in series:
        last = frame[frame["series"] == key].sort_values("as_of").iloc[-1]
        mark = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 1 and ln.get_marker() not in ("None", "")
                and ln.get_xdata()[0] == identity._x(last["as_of"]) and ln.get_ydata()[0] == last["value"]]
        assert mark, key
        mx, my = mark[0].get_transform().transform(mark[0].get_xydata())[0]

        def gap(box):
            dx, dy = max(box.x0 - mx, 0, mx - box.x1), max(box.y0 - my, 0, my - box.y1)
            return (dx * dx + dy * dy) ** 0.5 / fig.dpi
        assert min(gap(tx.get_window_extent(r)) for tx in names) <= 0.5, (key, last["label"])


def test_labels_are_placed_beside_their_anchor_clear_of_marks_and_lines():
    from dean06.publish.charts.identity import place_labels

    # two anchors a tenth of an inch apart at the right: the second name goes under the first
    boxes = place_labels([(2.0, 2.0), (2.0, 1.9)], [(1.0, 0.5), (1.0, 0.5)], [], [], (0.0, 0.0, 4.0, 4.0))
    (a, b) = boxes
    assert a[0] > 2.0 and not (min(a[3], b[3]) > max(a[1], b[1]))
    assert abs((b[1] + b[3]) / 2 - 1.9) <= 0.5 + 0.05
    # a line running right of the anchor: the name moves off it
    box = place_labels([(1.0, 1.0)], [(1.0, 0.3)], [], [(1.0, 1.0, 3.0, 1.0)], (0.0, 0.0, 4.0, 4.0))[0]
    assert not (box[1] < 1.0 < box[3])


@pytest.mark.parametrize("corpus,lang,name", CASES)
def test_no_colour_stands_for_two_things_in_a_legend(charts, corpus, lang, name):
    fig, _, _ = charts[(corpus, lang)][name]
    keys = [(handle_colour(h), getattr(h, "get_marker", lambda: "")()) for _, h in legend_entries(fig)]
    assert len(keys) == len(set(keys))


def test_the_geometry_checks_catch_each_defect():
    from matplotlib.figure import Figure

    # per-row scaling: 4 and 413 drawn at one length
    fig = Figure(figsize=(4, 2))
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.barh(0, 1.0, height=0.4)  # 4 / 4
    ax.barh(1, 1.0, height=0.4)  # 413 / 413
    ax.set_xlim(0, 1)
    two = Figure(figsize=(4, 2))
    for i, v in enumerate((4, 413)):
        a = two.add_axes((0.1, 0.1 + 0.45 * i, 0.8, 0.35))
        a.barh(0, v, height=0.4)
        a.set_xlim(0, v)
    assert bar_scale_problems(two) and not bar_scale_problems(fig)  # (one axes: lengths checked against values)
    # a legend line where only single points are drawn; a point under another
    fig = Figure(figsize=(4, 3))
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.6))
    ax.plot([1], [20.0], marker="o", color="C0")
    ax.plot([1], [20.3], marker="D", color="C1", linestyle="")
    ax.set_ylim(0, 100)
    fig.legend(handles=[Line2D([], [], color="C0", marker="o", lw=2, label="series")])
    assert lined_legend_problems(fig) and hidden_points(fig)
    # an axis labelled up to 15 under a bar of 19
    fig = Figure(figsize=(4, 2))
    ax = fig.add_axes((0.1, 0.2, 0.8, 0.7))
    ax.barh(0, 19)
    ax.set_xlim(0, 25)
    ax.set_xticks([0, 5, 10, 15])
    assert uncovered_data(fig)
    # too tall; too small on a phone
    tall = Figure(figsize=(5, 16.3))
    tall.text(0.1, 0.5, "small", fontsize=11)
    assert aspect(tall) > style.MAX_ASPECT and phone_px(tall, style.PHONE_PX) < style.MIN_PHONE_PX


def test_marks_a_day_apart_at_one_height_are_spread_apart():
    """Two figures of neighbouring days and nearly one value would sit on each other: they are
    spread side by side, like marks of one date; marks far apart in time keep their place."""
    from dean06.publish.charts.identity import MARKER, dodges

    min_px = MARKER * 1.3 * style.DPI / 72
    near = dodges([("a", 100.0, 13.8), ("b", 101.0, 13.2), ("c", 400.0, 13.5)], px_per_unit=10.0, min_px=min_px,
                  px_per_day=0.2)
    assert near["a"] != near["b"] and abs(near["a"] - near["b"]) >= MARKER and near["c"] == 0.0
    apart = dodges([("a", 100.0, 13.8), ("b", 101.0, 13.2)], px_per_unit=10.0, min_px=min_px, px_per_day=100.0)
    assert apart == {"a": 0.0, "b": 0.0}


def test_marks_of_many_close_dates_are_never_moved_onto_each_other():
    """Reports a few weeks apart along a long time axis (dates closer on the page than a marker to
    their neighbours, but months apart end to end) are not chained into one date: no mark is moved
    onto another, and each stays within a few markers of its own date."""
    import itertools

    from dean06.publish.charts.identity import MARKER, dodges

    px_per_day = 0.22  # a phone's panel: about 57 days to min_px
    min_px = MARKER * 1.3 * style.DPI / 72
    days = [0, 38, 63, 101, 138, 163, 201, 239]
    # one series rising about a marker per report, another a little above it, reported between
    points = [(f"a{i}", float(d), 100.0 + 6.0 * i) for i, d in enumerate(days)]
    points += [(f"b{i}", float(d + 19), 100.0 + 6.0 * i + 8.0) for i, d in enumerate(days[:-1])]
    offsets = dodges(points, px_per_unit=1.0, min_px=min_px, px_per_day=px_per_day)
    placed = {k: (x * px_per_day + offsets[k] * style.DPI / 72, y) for k, x, y in points}
    for (a, pa), (b, pb) in itertools.combinations(placed.items(), 2):
        assert ((pa[0] - pb[0]) ** 2 + (pa[1] - pb[1]) ** 2) ** 0.5 >= 0.5 * MARKER * style.DPI / 72, (a, b)
    assert max(abs(o) for o in offsets.values()) <= 3 * MARKER


@pytest.mark.parametrize("corpus,lang", [(c, lang) for c in ("seeds", "real", "enlarged") for lang in LANGS])
def test_source_rows_left_out_for_room_are_counted_and_named(charts, corpora, corpus, lang):
    """Rows the page has no room for are never dropped silently: drawn + not drawn = every metric of
    two or more sources; the subtitle counts those not drawn, the alt text names them, and the CSV
    holds only the rows drawn, conflicts and agreements before metrics of other dates."""
    from dean06 import formatting
    from dean06.publish.charts import source_agreement

    fig, frame, alt = charts[(corpus, lang)]["source_agreement"]
    c = corpora[corpus].published_by(None).claims_clean
    reported = c[~c["flag_derived"] & ~c["flag_repeated"]]
    multi = reported.groupby("metric")["source_id"].nunique()
    hidden = frame.attrs.get("hidden", [])
    labels = dict(zip(corpora[corpus].metrics["metric"], corpora[corpus].metrics[f"label_{lang}"]))
    drawn = set(frame["metric"])
    assert len(drawn) + len(hidden) == int((multi >= 2).sum())
    assert {label for _, label in hidden} == {labels[m] for m in multi[multi >= 2].index} - {labels[m] for m in drawn}
    page = " ".join(tx.get_text().replace("\n", " ") for tx in fig.texts)
    for _, label in hidden:
        assert label in alt
    if hidden:
        assert formatting.number(len(hidden), lang) in page
    ranks = [source_agreement.STATUSES.index(s) for s in frame.drop_duplicates("metric")["metric_status"]]
    assert ranks == sorted(ranks)
    assert not frame.empty and fig.axes[0].get_ylim()[0] > 0  # rows drawn, top down


@pytest.mark.parametrize("corpus,lang,name", CASES)
def test_in_print_the_page_layout_takes_the_full_column(charts, layout, corpus, lang, name):
    """Printed on A4, a chart is as wide as the column: the stylesheet's cap on a printed chart's
    height (past which it would keep its shape, narrower) is above what the chart needs."""
    import re

    css = (ROOT / "src/dean06/publish/templates/report/static/report.css").read_text(encoding="utf-8")
    printed = css[css.index("@media print"):]
    rule = re.search(r"figure img, figure svg \{([^}]*)\}", printed).group(1)
    assert "width: 100%" in rule
    margin_x = float(re.search(r"@page \{[^}]*margin: \S+ (\d+)mm", printed).group(1))
    column_mm = 210 - 2 * margin_x
    cap = re.search(r"max-height: (\d+)mm", rule)
    fig, _, _ = charts[(corpus, lang)][name]
    if layout == "wide":  # print shows the page's layout (the narrow source is for screens up to 500 px)
        assert cap is None or aspect(fig) * column_mm <= float(cap.group(1)), (aspect(fig), cap.group(1))
