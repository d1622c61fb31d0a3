"""Every chart, in both languages, on the seed tables, the real data and the enlarged corpus:
no text box overlaps another, no label sits on a bar, legend swatches are drawn in the chart, every
legend category occurs in the chart's data, text stays legible at phone width, and Vietnamese lines
break only between words."""

import pytest
from chart_checks import (drawn_colours, font_sizes, handle_colour, legend_entries, overlapping_texts, text_boxes,
                          texts_on_bars)
from chart_tables import tables as seed_tables
from conftest import ROOT
from corpus import enlarged_root
from matplotlib.lines import Line2D

from dean06.publish.charts import NAMES, Tables, build_all, style
from dean06.publish.charts.style import KEEP_TOGETHER

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
    import dean06.evidence.archive as archive

    real = tmp_path_factory.mktemp("real")
    (real / "data").mkdir()
    (real / "data" / "raw").symlink_to(ROOT / "data" / "raw")
    mp = pytest.MonkeyPatch()
    # The fixtures use three span kinds the project does not know yet; this goes once it does.
    # the span kinds are the project's own now: nothing to patch
    try:
        enlarged = _processed(enlarged_root(tmp_path_factory.mktemp("enlarged")))
    finally:
        mp.undo()
    return {"seeds": seed_tables(), "real": _processed(real), "enlarged": enlarged}


@pytest.fixture(scope="module")
def charts(corpora):
    return {(corpus, lang): build_all(t, lang) for corpus, t in corpora.items() for lang in LANGS}


CASES = [(c, lang, n) for c in ("seeds", "real", "enlarged") for lang in LANGS for n in NAMES]


@pytest.mark.parametrize("corpus,lang,name", CASES)
def test_no_text_overlaps_and_no_label_sits_on_a_bar(charts, corpus, lang, name):
    fig, frame, _ = charts[(corpus, lang)][name]
    assert len(frame), f"{name} has no data on {corpus}"
    assert overlapping_texts(fig) == []
    assert texts_on_bars(fig) == []


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
    if name == "identity":
        assert {lbl.replace("\n", " ") for lbl, h in legend_entries(fig) if h.get_linestyle() == "-"} == set(frame["label"])
        marks = {h.get_marker() for _, h in legend_entries(fig) if h.get_linestyle() in ("None", "", " ")}
        assert ("^" in marks) == bool(frame["bound"].eq("lower").any())
        assert ("D" in marks) == bool(frame["flag_derived"].any())
    elif name == "policy_documents":
        assert [lbl for lbl, _ in legend_entries(fig)] == list(dict.fromkeys(frame.sort_values("as_of")["period"]))
    elif name == "source_agreement":
        from dean06.wording import chart as t
        named = {lbl.split(" ", 1)[1].replace("\n", " ") for lbl, _ in legend_entries(fig)}
        assert named == {t(f"status.{s}", lang) for s in set(frame["status"]) - {""}}
    else:
        assert all(lbl.replace("\n", " ") in words for lbl, _ in legend_entries(fig))


@pytest.mark.parametrize("corpus,lang,name", CASES)
def test_text_is_legible_at_phone_width(charts, corpus, lang, name):
    fig, _, _ = charts[(corpus, lang)][name]
    scale = style.PHONE_PX / (fig.get_figwidth() * 72)  # displayed px per point when the image fills a phone
    assert min(font_sizes(fig)) * scale >= 11


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
