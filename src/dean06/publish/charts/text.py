"""Every word that appears on a chart, in Vietnamese and English, keyed by name.

Numbers never appear here: templates take them as `{placeholders}` filled from the data,
already formatted by `dean06.formatting` / `charts.fmt`.
"""

from __future__ import annotations

from dean06.formatting import check_lang

TEXT: dict[str, dict[str, str]] = {
    # Titles, one per chart
    "timeline.title": {
        "vi": "Các hội nghị đánh giá Đề án 06 và số liệu được công bố",
        "en": "Đề án 06 review conferences and the figures they reported",
    },
    "identity.title": {
        "vi": "Căn cước công dân gắn chip và định danh điện tử",
        "en": "Chip ID cards and electronic identification",
    },
    "coverage.title": {
        "vi": "Tiến độ so với mục tiêu 100%",
        "en": "Progress toward 100%",
    },
    "policy_documents.title": {
        "vi": "Văn bản chỉ đạo Đề án 06 đã ban hành",
        "en": "Policy documents issued for Đề án 06",
    },
    "source_agreement.title": {
        "vi": "Mỗi nguồn báo cáo gì, và các nguồn có khớp nhau không",
        "en": "What each source reported, and whether the sources agree",
    },

    # Subtitles: the finding, filled from the data
    "timeline.subtitle": {
        "vi": "{n_conf} hội nghị từ {first} đến {last}; hội nghị {top_month} công bố nhiều số liệu nhất ({top_n})",
        "en": "{n_conf} conferences between {first} and {last}; the {top_month} conference reported the most figures ({top_n})",
    },
    "timeline.subtitle.none": {
        "vi": "{n_conf} hội nghị từ {first} đến {last}; chưa có số liệu nào được trích",
        "en": "{n_conf} conferences between {first} and {last}; no figures extracted yet",
    },
    "identity.subtitle": {
        "vi": "Hồ sơ định danh điện tử được phê duyệt ({approved}, {approved_date}) và tài khoản định danh đã cấp "
              "({accounts}, {accounts_date}) là hai thước đo khác nhau, không phải một đà tăng",
        "en": "Approved e-ID applications ({approved}, {approved_date}) and issued e-ID accounts "
              "({accounts}, {accounts_date}) measure different things: they are not one growth curve",
    },
    "identity.subtitle.list": {
        "vi": "Các con số đo những thứ khác nhau và không nối thành một đường: {items}",
        "en": "The figures measure different things and are not joined into one line: {items}",
    },
    "coverage.subtitle": {
        "vi": "{n_full}/{n} chỉ tiêu đạt 100%; thấp nhất là {label} ({value}, {date})",
        "en": "{n_full} of {n} measures reach 100%; the lowest is {label} ({value}, {date})",
    },
    "policy_documents.subtitle": {
        "vi": "Từ {first} đến {last}: {changes}",
        "en": "From {first} to {last}: {changes}",
    },
    "policy_documents.subtitle.single": {
        "vi": "{period}: {items}",
        "en": "{period}: {items}",
    },
    "policy_documents.change": {
        "vi": "{label} từ {a} lên {b}",
        "en": "{label} from {a} to {b}",
    },
    "policy_documents.not_comparable": {
        "vi": "{labels} không so sánh được vì phạm vi khác nhau",
        "en": "{labels} cannot be compared because the scopes differ",
    },
    "source_agreement.subtitle": {
        "vi": "{n_metrics} chỉ số từ {n_sources} nguồn: {n_multi} chỉ số có từ hai nguồn trở lên; "
              "{n_agree} khớp, {n_conflict} mâu thuẫn, {n_nc} không so sánh được",
        "en": "{n_metrics} metrics from {n_sources} sources: {n_multi} reported by two or more; "
              "{n_agree} agree, {n_conflict} conflict, {n_nc} not comparable",
    },
    "empty.subtitle": {
        "vi": "Không có số liệu nào cho biểu đồ này trong các bài đã chọn",
        "en": "None of the selected articles has figures for this chart",
    },

    # Frame
    "source": {"vi": "Nguồn", "en": "Source"},
    "inferred_date": {
        "vi": "* ngày suy ra: bài không ghi ngày đăng",
        "en": "* date inferred: the copy carries no publication date",
    },
    "as_of_cut": {
        "vi": "Chỉ gồm các bài đăng đến {date}.",
        "en": "Only articles published by {date}.",
    },
    "notes": {"vi": "Lưu ý", "en": "Notes"},
    "no_data": {"vi": "Không có số liệu", "en": "No figures"},

    # Marks
    "derived": {"vi": "suy ra", "en": "derived"},
    "lower_bound": {"vi": "hơn", "en": "more than"},
    "legend.reported": {"vi": "số liệu đã báo cáo", "en": "reported figure"},
    "legend.lower": {"vi": "giới hạn dưới (bài viết “hơn”)", "en": "lower bound (the copy says “more than”)"},
    "legend.derived": {"vi": "suy ra, không được báo cáo", "en": "derived, not reported"},

    # timeline
    "timeline.figures": {"vi": "{n} số liệu", "en": "{n} figures"},
    "timeline.figures_one": {"vi": "{n} số liệu", "en": "{n} figure"},
    "timeline.largest": {"vi": "lớn nhất: {value} – {label}", "en": "largest: {value} – {label}"},
    "timeline.xlabel": {"vi": "Số số liệu thống kê trong bài", "en": "Statistics printed in the article"},
    "timeline.year": {"vi": "năm {year}", "en": "{year}"},
    "timeline.date_inferred": {"vi": "ngày hội nghị suy ra", "en": "conference date inferred"},
    "timeline.date_stated": {"vi": "ngày hội nghị in trong bài", "en": "conference date printed"},
    "timeline.note": {
        "vi": "Mỗi thanh là một bài báo; lặp lại trong cùng bài chỉ tính một lần, số suy ra không tính.",
        "en": "Each bar is one article; a figure repeated in the same article counts once; derived figures are not counted.",
    },

    # identity
    "identity.ylabel": {"vi": "Số lượng", "en": "Count"},
    "identity.break": {
        "vi": "Không nối: hồ sơ được phê duyệt và tài khoản đã cấp là hai thước đo khác nhau",
        "en": "Not joined: approved applications and issued accounts are different measures",
    },
    "identity.share_no_base": {
        "vi": "tỷ lệ, bài không nêu mẫu số: không vẽ thành cột số lượng",
        "en": "a share with no base given: not drawn as a count",
    },
    "identity.derived_from": {
        "vi": "suy ra: {a} ÷ {b}",
        "en": "derived: {a} ÷ {b}",
    },
    "identity.other_thing": {
        "vi": "khác tài khoản định danh điện tử",
        "en": "not an e-ID account",
    },

    # coverage
    "coverage.target": {"vi": "100%", "en": "100%"},
    "coverage.reading.percentage_points": {
        "vi": "suy ra, đọc là điểm phần trăm",
        "en": "derived, read as percentage points",
    },
    "coverage.reading.relative": {
        "vi": "suy ra, đọc là tăng tương đối",
        "en": "derived, read as a relative rise",
    },
    "coverage.note.ambiguous": {
        "vi": "Mức năm 2022 không rõ: bài viết “tăng {change} so với năm 2022” mà không nói là điểm phần trăm "
              "hay tăng tương đối, nên cả hai cách đọc ({a} và {b}) đều được vẽ, dạng suy ra.",
        "en": "The 2022 level is ambiguous: the copy says “up {change} on 2022” without saying whether in "
              "percentage points or relative terms, so both readings ({a} and {b}) are drawn as derived.",
    },
    "coverage.note.borrowed_denominator": {
        "vi": "{label} {date}: bài chỉ ghi “{value}”; mẫu số {denominator} lấy từ bài trước ({source}).",
        "en": "{label}, {date}: the copy prints only “{value}”; the base of {denominator} comes from an earlier article ({source}).",
    },
    "coverage.year": {"vi": "năm {year}", "en": "{year}"},

    # policy documents
    "policy.family.directives": {"vi": "Chỉ thị", "en": "Directives"},
    "policy.family.official_dispatches": {"vi": "Công điện", "en": "Official dispatches"},
    "policy.family.resolutions": {"vi": "Nghị quyết", "en": "Resolutions"},
    "policy.family.notices": {"vi": "Thông báo", "en": "Notices"},
    "policy.family.meetings": {"vi": "Cuộc họp do lãnh đạo Chính phủ chủ trì", "en": "Meetings chaired by Government leaders"},
    "policy.not_reported": {"vi": "không báo cáo {period}", "en": "not reported in {period}"},
    "policy.note.scope": {
        "vi": "{family}: {period_a} đếm “{label_a}” ({a}); {period_b} đếm “{label_b}” ({b}). "
              "Phạm vi khác nhau nên cột sau để rỗng và không đọc thành mức tăng.",
        "en": "{family}: {period_a} counts “{label_a}” ({a}); {period_b} counts “{label_b}” ({b}). "
              "The scopes differ, so the later bar is hollow and is not a rise.",
    },
    "policy.legend.scope": {"vi": "phạm vi khác, không so sánh được", "en": "different scope, not comparable"},
    "policy.xlabel": {"vi": "Số văn bản, cuộc họp (cộng dồn từ đầu Đề án)", "en": "Documents or meetings (cumulative since the programme began)"},

    # source agreement
    "status.reported": {"vi": "đã báo cáo", "en": "reported"},
    "status.agrees": {"vi": "khớp với nguồn khác", "en": "agrees with another source"},
    "status.conflicts": {"vi": "mâu thuẫn", "en": "conflicts"},
    "status.not_comparable": {"vi": "không so sánh được", "en": "not comparable"},
    "status.blank": {"vi": "không báo cáo", "en": "not reported"},

    # Alt text
    "timeline.alt": {
        "vi": "Biểu đồ thời gian {n_conf} hội nghị về Đề án 06 từ {first} đến {last}, mỗi thanh là số số liệu "
              "một bài báo công bố. {top_outlet} ({top_month}) có nhiều số liệu nhất: {top_n}, lớn nhất là {top_value}.",
        "en": "Timeline of {n_conf} Đề án 06 conferences from {first} to {last}; each bar counts the figures one "
              "article reported. {top_outlet} ({top_month}) reported the most: {top_n}, the largest being {top_value}.",
    },
    "identity.alt": {
        "vi": "Biểu đồ cột các con số về căn cước gắn chip và định danh điện tử, mỗi cột một thước đo, không nối thành đường. {finding}.",
        "en": "Bar chart of chip ID card and e-identification figures, one bar per measure, not joined into a line. {finding}.",
    },
    "coverage.alt": {
        "vi": "Biểu đồ thanh ngang so từng chỉ tiêu với mức 100%. {finding}.",
        "en": "Horizontal bar chart comparing each measure with 100%. {finding}.",
    },
    "policy_documents.alt": {
        "vi": "Biểu đồ thanh so số văn bản chỉ đạo đã ban hành theo thời điểm báo cáo. {finding}.",
        "en": "Bar chart of policy documents issued, by report date. {finding}.",
    },
    "source_agreement.alt": {
        "vi": "Ma trận chỉ số theo nguồn cho biết nguồn nào báo cáo chỉ số nào và có khớp nhau không. {finding}.",
        "en": "Matrix of metrics by source showing which source reported which metric and whether they agree. {finding}.",
    },
    "empty.alt": {
        "vi": "Biểu đồ trống: {finding}.",
        "en": "Empty chart: {finding}.",
    },
}

# Conferences are named by their date (two sources can report one conference).
CONFERENCES: dict[str, dict[str, str]] = {
    "2022-08-09": {"vi": "Sơ kết 6 tháng triển khai Đề án 06", "en": "Six-month review of the programme"},
    "2023-02-25": {"vi": "Hội nghị toàn quốc về chuyển đổi số", "en": "National digital-transformation conference"},
    "2023-12-21": {"vi": "Đánh giá 2 năm triển khai Đề án 06", "en": "Two-year review of the programme"},
    "2024-06-10": {"vi": "Sơ kết 1 năm tháo gỡ “điểm nghẽn” Đề án 06",
                   "en": "One-year review of the bottlenecks directive"},
}

# Short outlet names by the outlet code that opens each source id; the full descriptions in
# sources.csv are too long for a chart and partly in English only.
OUTLETS: dict[str, dict[str, str]] = {
    "NDO": {"vi": "Báo Nhân Dân", "en": "Nhân Dân"},
    "QNO": {"vi": "Báo Quảng Nam", "en": "Quảng Nam newspaper"},
    "LAK": {"vi": "Trang tin huyện Lắk", "en": "Lắk district news page"},
    "TTXVN": {"vi": "TTXVN (bản đăng lại)", "en": "Vietnam News Agency (republished)"},
    "ZN": {"vi": "Znews (đăng lại từ VietnamPlus)", "en": "Znews (republishing VietnamPlus)"},
}


def t(key: str, lang: str, **values) -> str:
    """The text named `key` in `lang`, with placeholders filled."""
    return TEXT[key][check_lang(lang)].format(**values)


def conference(event_date: str, title: str, lang: str) -> str:
    names = CONFERENCES.get(event_date)
    return names[check_lang(lang)] if names else title


def outlet(source_id: str, outlet_text: str, lang: str) -> str:
    names = OUTLETS.get(source_id.split("-")[0])
    if names:
        return names[check_lang(lang)]
    return outlet_text.split(" (")[0]  # the name before any parenthetical description
