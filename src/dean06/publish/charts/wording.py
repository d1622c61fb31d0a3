"""Every word that appears on a chart, in Vietnamese and English, keyed by name: the one place to
change a chart's wording. Numbers never appear here: templates take them as `{placeholders}`
filled from the data, already formatted by `dean06.formatting` / `charts.figtext`.
"""

from __future__ import annotations

from dean06.formatting import check_lang

TEXT: dict[str, dict[str, str]] = {
    # ---- page frame, shared by every chart
    "source": {"vi": "Nguồn", "en": "Source"},
    "inferred_date": {"vi": "* ngày suy ra: bài không ghi ngày đăng", "en": "* date inferred: the copy carries no publication date"},
    "as_of_cut": {"vi": "Chỉ gồm các bài đăng đến {date}.", "en": "Only articles published by {date}."},
    "notes": {"vi": "Lưu ý", "en": "Notes"},
    "no_data": {"vi": "Không có số liệu", "en": "No figures"},
    "empty.title": {"vi": "Chưa có số liệu cho biểu đồ này", "en": "No figures for this chart yet"},
    "empty.subtitle": {"vi": "Không bài nào đã chọn có số liệu cho biểu đồ này",
                       "en": "None of the selected articles has figures for this chart"},
    "empty.alt": {"vi": "Biểu đồ trống: {finding}.", "en": "Empty chart: {finding}."},
    "legend.reported": {"vi": "số liệu đã báo cáo", "en": "reported figure"},
    "legend.lower": {"vi": "giới hạn dưới (“hơn”)", "en": "lower bound (“more than”)"},
    "legend.derived": {"vi": "suy ra, không được báo cáo", "en": "derived, not reported"},
    "derived": {"vi": "suy ra", "en": "derived"},
    "list.and": {"vi": " và ", "en": " and "},

    # ---- timeline
    "timeline.title": {"vi": "{n} hội nghị từ {first} đến {last}", "en": "{n} conferences from {first} to {last}"},
    "timeline.title.one": {"vi": "Một hội nghị, {first}", "en": "One conference, {first}"},
    "timeline.subtitle": {
        "vi": "Hội nghị {top_day} công bố nhiều số liệu nhất: {top_n}, qua {top_articles}",
        "en": "The conference of {top_day} published the most figures: {top_n}, in {top_articles}",
    },
    "timeline.articles": {"vi": "{n} bài", "en": "{n} articles"},
    "timeline.articles_one": {"vi": "{n} bài", "en": "{n} article"},
    "timeline.figures": {"vi": "{n} số liệu", "en": "{n} figures"},
    "timeline.figures_one": {"vi": "{n} số liệu", "en": "{n} figure"},
    "timeline.bar": {"vi": "{figures} · {articles}", "en": "{figures} · {articles}"},
    "timeline.xlabel": {"vi": "Số liệu thống kê công bố tại hội nghị", "en": "Statistics published at the conference"},
    "timeline.date_inferred": {"vi": "* ngày hội nghị suy ra: bài không ghi ngày", "en": "* conference date inferred: the copy prints none"},
    "timeline.note": {
        "vi": "Mỗi thanh là một hội nghị; các bài tường thuật cùng một hội nghị được gộp. Một số liệu in lại trong bài "
              "hoặc ở bài khác về cùng hội nghị chỉ tính một lần; số suy ra không tính.",
        "en": "Each bar is one conference; the articles reporting it are counted together. A figure printed again, in "
              "the same article or another about the same conference, counts once; derived figures are not counted.",
    },
    "timeline.alt": {
        "vi": "Biểu đồ thanh: {title}. Mỗi thanh là một hội nghị, dài bằng số số liệu được công bố. {finding}.",
        "en": "Bar chart: {title}. Each bar is one conference, as long as the number of figures it published. {finding}.",
    },

    # ---- identity
    "identity.title": {"vi": "{label}: {value} ({period})", "en": "{label}: {value} ({period})"},
    "identity.subtitle": {
        "vi": "Mỗi đường là một thước đo; các thước đo khác nhau không nối với nhau. {items}",
        "en": "Each line is one measure; different measures are never joined. {items}",
    },
    "identity.series.one": {"vi": "{label}: {value} ({period})", "en": "{label}: {value} ({period})"},
    "identity.series.many": {"vi": "{label}: từ {first} ({first_period}) đến {last} ({last_period})",
                             "en": "{label}: from {first} ({first_period}) to {last} ({last_period})"},
    "identity.legend": {"vi": "{label}", "en": "{label}"},
    "identity.alt": {
        "vi": "Biểu đồ đường, mỗi đường một thước đo, theo thời gian. {title}. {finding}.",
        "en": "Line chart, one line per measure, over time. {title}. {finding}.",
    },

    # ---- coverage
    "coverage.title": {"vi": "{n_full}/{n} chỉ số đạt 100%; thấp nhất: {label} ({value})",
                       "en": "{n_full} of {n} measures at 100%; lowest: {label} ({value})"},
    "coverage.subtitle": {
        "vi": "Số mới nhất của mỗi chỉ số, trên tổng thể của nó; ngày khác nhau, từ {first} đến {last}, ghi trên từng thanh",
        "en": "The latest figure of each measure, as a share of its whole; the dates differ, from {first} to {last}, "
              "and each bar gives its own",
    },
    "coverage.subtitle.one_date": {
        "vi": "Số mới nhất của mỗi chỉ số, trên tổng thể của nó, cùng ngày {first}",
        "en": "The latest figure of each measure, as a share of its whole, all dated {first}",
    },
    "coverage.bar": {"vi": "{value} · {period}", "en": "{value} · {period}"},
    "coverage.note.borrowed": {
        "vi": "{label}, {period}: bài chỉ ghi “{value}”; tổng {denominator} lấy từ bài trước ({source}).",
        "en": "{label}, {period}: the copy prints only “{value}”; the whole of {denominator} comes from an earlier article ({source}).",
    },
    "coverage.alt": {
        "vi": "Biểu đồ thanh ngang, mỗi thanh một chỉ số so với tổng thể 100%. {title}. {finding}.",
        "en": "Horizontal bar chart, each bar one measure against its whole (100%). {title}. {finding}.",
    },

    # ---- policy documents
    "policy_documents.title": {"vi": "{label}: từ {first} lên {last} ({first_period} – {last_period})",
                               "en": "{label}: from {first} to {last} ({first_period} – {last_period})"},
    "policy_documents.title.single": {"vi": "{n} loại văn bản được đếm ({period}); nhiều nhất: {label} ({value})",
                                      "en": "{n} kinds of document counted ({period}); the most: {label} ({value})"},
    "policy_documents.subtitle": {
        "vi": "{k}/{n} loại được báo cáo ở nhiều thời điểm. Mỗi hàng một chỉ số, thanh so trong hàng",
        "en": "{k} of {n} counts were reported at more than one date. One row per measure; bars compare within a row",
    },
    "policy_documents.subtitle.apart": {
        "vi": "; {labels} cùng nhóm nhưng đếm khác nhau, không so sánh được",
        "en": "; {labels} are look-alikes that count different things and cannot be compared",
    },
    "policy_documents.alt": {
        "vi": "Biểu đồ thanh, mỗi hàng một loại văn bản, mỗi thanh một thời điểm báo cáo. {title}. {finding}.",
        "en": "Bar chart, one row per kind of document, one bar per report date. {title}. {finding}.",
    },

    # ---- source agreement
    "source_agreement.title": {
        "vi": "{n_multi}/{n_metrics} chỉ số có từ hai nguồn trở lên; {n_conflict} mâu thuẫn",
        "en": "{n_multi} of {n_metrics} metrics come from two or more sources; {n_conflict} conflict",
    },
    "source_agreement.subtitle": {
        "vi": "Trong {n_multi} chỉ số đó: {n_agree} khớp cùng ngày, {n_conflict} mâu thuẫn, {n_series} báo cáo ở các ngày khác nhau. "
              "{n_single} chỉ số chỉ có một nguồn",
        "en": "Of those {n_multi}: {n_agree} agree on the same date, {n_conflict} conflict, {n_series} were reported at "
              "different dates. {n_single} metrics have a single source",
    },
    "source_agreement.alt": {
        "vi": "Ma trận chỉ số theo nguồn: ô nào có số liệu và các nguồn có khớp nhau không. {title}. {finding}.",
        "en": "Matrix of metrics by source: which source reported which metric and whether sources agree. {title}. {finding}.",
    },
    "status.single": {"vi": "chỉ một nguồn", "en": "single source"},
    "status.agrees": {"vi": "khớp với nguồn khác", "en": "agrees with another source"},
    "status.conflicts": {"vi": "mâu thuẫn", "en": "conflicts"},
    "status.series": {"vi": "nguồn khác, ngày khác", "en": "other sources, other dates"},
}

# Short outlet names by the outlet code that opens each source id; the descriptions in sources.csv
# are too long for a chart and partly in English only. An outlet not listed is named by its
# description up to the first parenthesis.
OUTLETS: dict[str, dict[str, str]] = {
    "NDO": {"vi": "Báo Nhân Dân", "en": "Nhân Dân"},
    "QNO": {"vi": "Báo Quảng Nam", "en": "Quảng Nam newspaper"},
    "LAK": {"vi": "Trang tin huyện Lắk", "en": "Lắk district news page"},
    "TTXVN": {"vi": "TTXVN (bản đăng lại)", "en": "Vietnam News Agency (republished)"},
    "ZN": {"vi": "Znews (đăng lại từ VietnamPlus)", "en": "Znews (republishing VietnamPlus)"},
}

# Vietnamese writes a space between the syllables of one word ("triển khai", "quốc gia"): a line
# may break only between words, so these multi-syllable words are kept on one line when wrapping.
VI_WORDS: tuple[str, ...] = (
    "bảo hiểm", "bộ dữ liệu", "cán bộ", "căn cước", "cấp độ", "chỉ thị", "chỉ tiêu", "chính phủ", "chuyên dùng",
    "chuyển đổi", "công an", "công dân", "công điện", "cổng dịch vụ công", "cơ quan", "cơ sở dữ liệu", "cơ sở",
    "cuộc họp", "dân cư", "di động", "dịch vụ", "doanh nghiệp", "dữ liệu", "đã ban hành", "đăng ký", "đánh giá",
    "địa bàn", "địa phương", "định danh", "điện tử", "giới hạn", "hành chính", "hệ thống", "hồ sơ", "hội nghị",
    "khai thác", "khám chữa bệnh", "kinh tế", "kết nối", "lãnh đạo", "mạng truyền số liệu", "nghị định",
    "nghị quyết", "nhiệm vụ", "phê duyệt", "phiên họp", "quốc gia", "quy phạm", "số liệu", "suy ra",
    "tài khoản", "thành phố", "thẻ", "thiết yếu", "thông báo", "thông tin", "thủ tục", "thường kỳ", "thường trú",
    "tiến độ", "tiết kiệm", "tra cứu", "triển khai", "trực tuyến", "tỷ lệ", "tỷ trọng", "văn bản", "viễn thông",
    "xác thực", "an toàn", "ban hành", "báo cáo", "phục vụ", "sửa đổi", "bổ sung", "pháp luật", "tổ dân phố",
    "trạm phát sóng", "vùng lõm", "kích hoạt", "thu nhận", "so sánh", "mâu thuẫn", "tổng thể", "thời điểm",
    "khác nhau", "đề án", "nội dung", "hoàn thành", "chủ trì", "tiếp nhận", "cư trú", "ổn định", "tỷ trọng",
    "thước đo", "đăng lại", "bản đăng lại", "huyện", "trang tin", "mới nhất", "nhiều nhất", "thấp nhất",
)


def t(key: str, lang: str, **values) -> str:
    """The text named `key` in `lang`, with placeholders filled."""
    return TEXT[key][check_lang(lang)].format(**values)


def outlet(source_id: str, outlet_text: str, lang: str) -> str:
    names = OUTLETS.get(source_id.split("-")[0])
    if names:
        return names[check_lang(lang)]
    return outlet_text.split(" (")[0]
