"""Every chart draws in both languages with its title, finding, source line and alt text; the house
marks (lower bound, derived, no line between metrics) are really on the figure."""

import io

import pytest
from chart_tables import tables
from matplotlib.patches import Rectangle

from dean06.publish.charts import NAMES, Tables, build, build_all, draw, style
from dean06.publish.charts.text import TEXT


@pytest.fixture(scope="module")
def built():
    t = tables()
    return {lang: {name: build(name, t, lang) for name in NAMES} for lang in ("vi", "en")}


def texts(fig) -> str:
    """All text on the figure: page texts, legend, axes texts, annotations and tick labels."""
    found = [x.get_text() for x in fig.findobj(lambda a: hasattr(a, "get_text"))]
    return " | ".join(s.replace("\n", " ") for s in found if isinstance(s, str))  # undo wrapping


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_each_chart_has_title_finding_source_and_renders(built, name, lang):
    fig, frame, alt = built[lang][name]
    words = texts(fig)
    assert TEXT[f"{name}.title"][lang] in words
    assert ("Nguồn: " if lang == "vi" else "Source: ") in words
    assert ("Trang tin huyện Lắk (21/12/2023*)" if lang == "vi" else "Lắk district news page (21 December 2023*)") in words
    if name != "policy_documents":  # the only chart with no figure from QNO
        assert ("Báo Quảng Nam (25/02/2023)" if lang == "vi" else "Quảng Nam newspaper (25 February 2023)") in words
    fig.savefig(io.BytesIO(), format="png", dpi=40)  # draw-time errors surface here


def test_subtitles_state_the_finding_with_numbers_per_language(built):
    words = {lang: {n: texts(built[lang][n][0]) for n in NAMES} for lang in ("vi", "en")}
    assert "Hồ sơ định danh điện tử được phê duyệt (20.081.536, 17/02/2023)" in words["vi"]["identity"]
    assert "(hơn 70 triệu, tháng 12/2023)" in words["vi"]["identity"]
    assert "Approved e-ID applications (20,081,536, 17 February 2023)" in words["en"]["identity"]
    assert "1/4 chỉ tiêu đạt 100%; thấp nhất là hệ thống thông tin" in words["vi"]["coverage"]
    assert "(63%, tháng 12/2023)" in words["vi"]["coverage"]
    assert "directives from 1 to 6; resolutions cannot be compared" in words["en"]["policy_documents"]
    assert "2 reported by two or more; 1 agree, 1 conflict, 2 not comparable" in words["en"]["source_agreement"]
    assert "hội nghị tháng 12/2023 công bố nhiều số liệu nhất (8)" in words["vi"]["timeline"]


def test_caveats_are_on_the_charts(built):
    vi = {n: texts(built["vi"][n][0]) for n in NAMES}
    assert "(30,5% và 47,5%)" in vi["coverage"] and "suy ra, đọc là tăng tương đối" in vi["coverage"]
    assert "mẫu số 63 lấy từ bài trước (QNO-230225)" in vi["coverage"]
    assert "hai thước đo khác nhau" in vi["identity"] and "không vẽ thành cột" in vi["identity"]
    assert "Phạm vi khác nhau" in vi["policy_documents"] and "không báo cáo tháng 12/2023" in vi["policy_documents"]
    assert "ngày suy ra" in vi["timeline"] and "LAK-231221" in vi["timeline"]


def test_identity_draws_no_line_and_marks_bound_and_derived(built):
    fig, frame, _ = built["vi"]["identity"]
    ax = fig.axes[0]
    data_lines = [l for l in ax.get_lines() if len(l.get_xdata()) > 1 and l.get_linestyle() not in ("None", "")]
    # only the dashed divider (vertical) and whisker may be lines: none joins two bars' tops
    assert all(len(set(l.get_xdata())) == 1 for l in data_lines)
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert any(p.get_hatch() == style.HATCH for p in bars)  # the derived bar
    assert any(0 < p.get_alpha() < 0.5 for p in bars if p.get_alpha() is not None)  # the open-ended bound
    assert any(a.arrow_patch is not None for a in ax.texts if hasattr(a, "arrow_patch"))
    assert "hơn 70 triệu" in texts(fig) and "(suy ra: 20.081.536 ÷ 92%)" in texts(fig)


def test_diacritics_need_no_fallback_font():
    from matplotlib import font_manager
    path = font_manager.findfont(style.FONT, fallback_to_default=False)
    from matplotlib.ft2font import FT2Font
    font = FT2Font(path)
    charmap = font.get_charmap()
    letters = "ăâđêôơưắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵĂÂĐÊÔƠƯ≠✓✕÷–“”"
    assert [c for c in letters if ord(c) not in charmap] == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_alt_text_states_the_finding(built, lang):
    alts = {name: built[lang][name][2] for name in NAMES}
    if lang == "vi":
        assert "20.081.536" in alts["identity"] and "hơn 70 triệu" in alts["identity"]
        assert alts["coverage"].endswith("thấp nhất là hệ thống thông tin được phê duyệt cấp độ an toàn (63%, tháng 12/2023).")
        assert "Trang tin huyện Lắk (tháng 12/2023) có nhiều số liệu nhất: 8, lớn nhất là hơn 70 triệu" in alts["timeline"]
    else:
        assert "more than 70 million" in alts["identity"] and "20,081,536" in alts["identity"]
        assert "directives from 1 to 6" in alts["policy_documents"]
    assert all(a.strip() and a.endswith(".") for a in alts.values())


def test_build_all_applies_the_cut_off_and_empty_charts_still_draw():
    charts = build_all(tables(), "en", as_of="2023-02-25")
    assert list(charts) == NAMES
    fig, frame, alt = charts["policy_documents"]
    assert "Only articles published by 25 February 2023." in texts(fig)
    assert set(frame["period"]) == {"Aug 2022"}
    empty = build_all(Tables.build(), "vi")
    for name, (fig, frame, alt) in empty.items():
        assert frame.empty and alt.startswith("Biểu đồ trống"), name
        assert draw.CHARTS[name](frame, "vi") is not None
