"""add-article on copies as they arrive: the team-written fictional fixtures (tests/fixtures/add_article/)
carry several retrieval-header and end-note shapes. Each is added in-process to a scratch copy of
data/raw; the drafts are compared with what each fixture's story really holds."""

from pathlib import Path

import pytest
from conftest import read_rows

from dean06.evidence.add_article import add_article, header_block, truncated_tail
from dean06.evidence.audit import run_audit
from dean06.evidence.retrieval import end_note, header_shape, retrieval_header
from dean06.textnorm import fold

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "add_article"

# Per fixture, what the team wrote into it: every statistic of its story (the number as the audit
# tokenises it), the story's first line, the date the id takes, the header's retrieval date, the language,
# and the span kinds its copy needs.
STORIES = {
    "son-nguyen-2025.txt": dict(statistics={"8", "12.275/13.047", "24,7", "3.215", "16,48", "01"},
                                title="Sơn Nguyên đẩy mạnh triển khai Đề án 06", stamp="250315",
                                accessed="2026-11-28", language="vi", kinds={"retrieval_header", "truncated_end"}),
    "dong-lam-keys-no-blank.txt": dict(statistics={"1,2", "2.412", "87,5", "45/52"},
                                       title="Đồng Lâm sơ kết 2 năm thực hiện Đề án 06", stamp="260807",
                                       accessed="2027-02-17", language="vi", kinds={"retrieval_header"}),
    "binh-hai-banner-end-note.txt": dict(statistics={"684.350", "71,3", "3.900"},
                                         title="Bình Hải: người dân dùng tài khoản định danh điện tử mức độ 2",
                                         stamp="261120", accessed="2026-12-05", language="vi",
                                         kinds={"retrieval_header", "truncated_end"}),
    "son-ha-address-access-note.txt": dict(statistics={"15.230", "18/21", "96", "100"},
                                           title="Huyện Sơn Hạ số hóa dữ liệu hộ tịch", stamp="260312",
                                           accessed="2027-01-03", language="vi",
                                           kinds={"retrieval_header", "truncated_end"}),
    "harbour-english.txt": dict(statistics={"1.1", "64.2", "12/15", "2,300"},
                                title="Coastal province links civil records to the population database",
                                stamp="261121", accessed="2026-12-05", language="en",
                                kinds={"retrieval_header", "truncated_end"}),
    "hoa-giang-news-2022.txt": dict(statistics={"13.8", "600,000", "13.2", "8,230,000", "62.5", "66,000"},
                                    title="Hoa Giang News (FICTIONAL test fixture, English edition): e-ID "
                                          "applications keep rising",
                                    stamp="221108", accessed="", language="en", kinds=set()),
}


def test_every_fixture_is_described():
    assert {p.name for p in FIXTURES.glob("*.txt")} == set(STORIES)


@pytest.mark.parametrize("line, shape", [
    ("TITLE: Một tiêu đề", "key"), ("Ngày truy cập: 2026-11-28", "key"), ("Accessed: 2026-12-05", "key"),
    ("------------------------------", "separator"), ("=====", "separator"),
    ("https://example.vn/a-1.html", "address"), ("Truy cập ngày 3/1/2027", "access"),
    ("Bản lưu từ https://example.vn/a lúc 10:30 ngày 5/12/2026", "access"), ("", "blank"),
    ("Hà Nội: hội nghị sơ kết", None), ("Theo báo cáo: 58/63 địa phương", None),
    ("Ngày 15/3/2025, Ban Chỉ đạo họp", None), ("Sơn Nguyên đẩy mạnh triển khai Đề án 06", None),
])
def test_header_line_shapes(line, shape):
    assert header_shape(line) == shape


def test_the_header_ends_where_the_story_starts_blank_line_or_not():
    text = "TITLE: A\nURL: https://x.example.vn/1\n-----\nTitle of the story\nSáng 1/2/2026, 1.234 hồ sơ.\n"
    header = retrieval_header(text)
    assert text[header.start:header.end] == "TITLE: A\nURL: https://x.example.vn/1\n-----"
    assert retrieval_header("Title of the story\n\nURL: https://x.example.vn/1\n") is None  # not above the story
    assert retrieval_header("-----\n=====\nStory\n") is None  # separators alone name nothing
    assert retrieval_header("URL: https://x.example.vn/1\n") is None  # no story after it


@pytest.mark.parametrize("note", ["[hết trích đoạn]", "[excerpt ends here …]", "--- Hết trích đoạn ---", "(còn tiếp)"])
def test_end_notes(note):
    text = f"Tiêu đề\n\nCâu đầu tiên đã xong.\n\n{note}\n"
    start, end = end_note(text)
    assert text[start:end].strip() == note and end == len(text)
    assert truncated_tail(text) == (start, len(text))  # a complete sentence before it: the note alone
    cut = f"Tiêu đề\n\nCâu đầu tiên đã xong. Câu thứ hai bị cắt ở giữa\n{note}\n"
    assert fold(cut[truncated_tail(cut)[0]:]).startswith("Câu thứ hai")
    assert end_note("Tiêu đề\n\n[Ảnh minh họa]\n") is None  # brackets without an end word


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """Each fixture added to its own scratch copy of data/raw: (root, output, new source, spans, claims, rules)."""
    import shutil
    import stat

    from conftest import ROOT

    out = {}
    for name in STORIES:
        root = tmp_path_factory.mktemp(name.split(".")[0])
        shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
        for path in (root / "data" / "raw").rglob("*"):
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
        _, before_claims = read_rows(root / "data/raw/claims.csv")
        _, before_spans = read_rows(root / "data/raw/excluded_spans.csv")
        printed = add_article(FIXTURES / name, root)
        _, sources = read_rows(root / "data/raw/sources.csv")
        _, claims = read_rows(root / "data/raw/claims.csv")
        _, spans = read_rows(root / "data/raw/excluded_spans.csv")
        out[name] = dict(root=root, printed=printed, source=sources[-1], claims=claims[len(before_claims):],
                         spans=spans[len(before_spans):])
    return out


@pytest.mark.parametrize("name", sorted(STORIES))
def test_drafts_come_from_the_story(added, name):
    expected, got = STORIES[name], added[name]
    source = got["source"]
    assert source["title"] == expected["title"]
    assert source["source_id"].endswith("-" + expected["stamp"])  # the story's date, never the header's
    assert source["date_accessed"] == expected["accessed"]  # the header's date is the retrieval's
    assert source["language"] == expected["language"]
    assert {s["kind"] for s in got["spans"]} == expected["kinds"]
    text = (FIXTURES / name).read_text(encoding="utf-8")
    header = next((s for s in got["spans"] if s["kind"] == "retrieval_header"), None)
    if header:  # the header span stops before the story's first line
        assert text[int(header["end"]):].lstrip().startswith(expected["title"])
        assert "retrieved" in got["printed"] and expected["accessed"] in got["printed"]


def test_precision_and_recall_on_the_fixtures(added):
    """Every drafted claim is a statistic of its story, and every statistic is drafted (or lies in the
    unfinished end of a cut copy, which is not read)."""
    drafted = total = real = 0
    for name, expected in STORIES.items():
        got = added[name]
        norm = fold((FIXTURES / name).read_text(encoding="utf-8"))
        numbers = set()
        for claim in got["claims"]:
            digits = [t for t in expected["statistics"] if t in claim["value_text"]]
            assert digits, f"{name}: drafted {claim['value_text']!r}, which is not a statistic of the story"
            numbers.update(digits)
        drafted += len(got["claims"])
        real += len(numbers)
        total += len(expected["statistics"])
        assert numbers == expected["statistics"], f"{name}: not drafted: {expected['statistics'] - numbers}"
        assert len(got["claims"]) == len(numbers)
        assert norm  # the fixture is read
    precision, recall = real / drafted, real / total
    print(f"drafting on the fixtures: precision {precision:.0%}, recall {recall:.0%} ({drafted} drafts, {total} statistics)")
    assert (precision, recall) == (1.0, 1.0)


def test_no_drafted_span_hides_a_statistic(added):
    """Once the journalist confirms the drafted reasons (the TODO prefix removed, the figures the draft
    names kept), the spans pass the check that no span hides a figure-shaped number."""
    from conftest import edit_csv

    for name, got in added.items():
        root = got["root"]
        edit_csv(root / "data/raw/excluded_spans.csv", lambda h, rows: [
            r.update(reason=r["reason"].replace("TODO: confirm: ", "")) for r in rows])
        result = run_audit(root)
        assert not [p for p in result.problems if "figure-shaped" in p.message], name
        sid, article = got["source"]["source_id"], result.articles[got["source"]["source_id"]]
        header = next((s for s in got["spans"] if s["kind"] == "retrieval_header"), None)
        header_end = article.norm_span(0, int(header["end"]))[1] if header else 0
        for token in (t for t in result.tokens if t.source_id == sid and t.accounted_by.startswith("span:")):
            # a statistic inside a span is only the header repeating the story's figure, never the story's own
            assert token.text not in STORIES[name]["statistics"] or token.end <= header_end, (name, token)


def test_header_block_keeps_its_signature():
    text = (FIXTURES / "dong-lam-keys-no-blank.txt").read_text(encoding="utf-8")
    start, end = header_block(text)
    assert start == 0 and text[end:].startswith("\nĐồng Lâm")


def test_second_addition_says_how_to_undo(added):
    from dean06.evidence.add_article import AddError

    got = added["son-nguyen-2025.txt"]
    with pytest.raises(AddError, match=rf"make remove-article SOURCE={got['source']['source_id']}"):
        add_article(FIXTURES / "son-nguyen-2025.txt", got["root"])
