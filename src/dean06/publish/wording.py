"""Every fixed piece of report wording, in Vietnamese and English. No figures here: they come from data."""

TEXT = {
    "title": {
        "vi": "Đề án 06 sau hai năm: dữ liệu dân cư, CCCD gắn chip và định danh điện tử qua các hội nghị sơ kết",
        "en": "Đề án 06 after two years: population data, chip ID cards and e-identification, review by review",
    },
    "standfirst": {
        "vi": "Báo cáo dựng lại những gì các hội nghị sơ kết Đề án 06 đã công bố, từ {first} đến {last}, "
              "dựa trên {n_sources} bài báo được lưu trữ nguyên văn. Mỗi con số dẫn về câu trích và bài báo gốc.",
        "en": "What the Đề án 06 review conferences reported, from {first} to {last}, rebuilt from {n_sources} "
              "archived news articles. Every number links to the quote and the article it comes from.",
    },
    "as_of_note": {
        "vi": "Phiên bản này chỉ dùng những gì đã được đăng trước hoặc trong ngày {as_of}.",
        "en": "This edition uses only what had been published by {as_of}.",
    },
    "headlines": {"vi": "Những điểm chính", "en": "Headline findings"},
    "caveats": {"vi": "Những điều chưa khớp", "en": "What does not add up"},
    "caveats_intro": {
        "vi": "Các nguồn không phải lúc nào cũng nói cùng một điều. Dưới đây là những điểm người đọc cần thận trọng, "
              "kèm quyết định biên tập (nếu có).",
        "en": "The sources do not always say the same thing. These are the points a reader should treat with care, "
              "with the editor's decision where there is one.",
    },
    "decision": {"vi": "Quyết định biên tập", "en": "Editor's decision"},
    "open": {"vi": "Chưa có quyết định", "en": "No decision yet"},
    "method": {"vi": "Phương pháp", "en": "Method"},
    "method_body": {
        "vi": "Chúng tôi lưu trữ {n_sources} bài báo đúng như khi nhận (kể cả lỗi), kèm mã SHA-256. {n_claims} con số "
              "được trích tay, mỗi số kèm câu trích nguyên văn; bước kiểm tra tự động xác nhận từng câu trích có trong "
              "bài và mọi con số ({n_numbers}) trong các bài đều hoặc là số liệu đã trích, hoặc được giải thích là không "
              "phải số liệu (ngày tháng, số hiệu văn bản, tên Đề án…). Số được chuẩn hoá (dấu phân cách kiểu Việt Nam, "
              "'hơn', 'trên', 'gần' thành cận dưới hoặc cận trên), rồi đối chiếu giữa các nguồn: {n_findings} phát hiện, "
              "{n_decided} đã có quyết định biên tập. Những con số do chúng tôi suy ra luôn được ghi rõ.",
        "en": "We archived {n_sources} articles exactly as received (defects included), with their SHA-256 hashes. "
              "{n_claims} figures were extracted by hand, each with its verbatim quote; an automatic audit confirms "
              "every quote is in its article and that every number in the articles ({n_numbers}) is either an extracted "
              "figure or accounted for as not a statistic (dates, document numbers, the programme's name…). Figures "
              "were cleaned (Vietnamese separators; 'hơn', 'trên', 'gần' as lower or upper bounds) and reconciled "
              "across sources: {n_findings} findings, {n_decided} settled by an editor's decision. Figures we derived "
              "are always marked as such.",
    },
    "sources": {"vi": "Nguồn", "en": "Sources"},
    "appendix": {"vi": "Phụ lục: nguồn gốc từng con số", "en": "Appendix: where every number comes from"},
    "appendix_intro": {
        "vi": "Mỗi mục: mã số liệu, câu trích nguyên văn, nguồn, thời điểm và mã SHA-256 của bài báo lưu trữ.",
        "en": "Each entry: claim id, verbatim quote, source, date and the SHA-256 of the archived article.",
    },
    "manifest": {"vi": "Thông tin bản dựng", "en": "Run manifest"},
    "quote": {"vi": "Trích", "en": "Quote"},
    "as_written": {"vi": "Như in", "en": "As printed"},
    "as_of": {"vi": "Thời điểm", "en": "As of"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "article": {"vi": "Bài lưu trữ", "en": "Archived article"},
    "derived_from": {"vi": "Suy ra từ", "en": "Derived from"},
    "derived": {"vi": "số suy ra", "en": "derived"},
    "event": {"vi": "Sự kiện", "en": "Event"},
    "published": {"vi": "Đăng", "en": "Published"},
    "byline": {"vi": "Tác giả", "en": "Byline"},
    "republished_from": {"vi": "Đăng lại từ", "en": "Republished from"},
    "defects": {"vi": "Lỗi trong bản nhận được", "en": "Defects in the copy"},
    "address": {"vi": "Địa chỉ gốc", "en": "Original address"},
    "stated": {"vi": "ghi trong bài", "en": "stated"},
    "inferred": {"vi": "suy ra", "en": "inferred"},
    "no_figures": {"vi": "Chưa có số liệu nào được công bố về phần này tính đến thời điểm của phiên bản.",
                   "en": "No figures on this part had been published by this edition's date."},
    "and": {"vi": "và", "en": "and"},
    "or": {"vi": "hoặc", "en": "or"},
    "status_superseded": {"vi": "đã có số mới hơn", "en": "a later figure exists"},
    "status_not_comparable": {"vi": "không so sánh được với số trông giống", "en": "not comparable with its look-alikes"},
    "status_ambiguous": {"vi": "có hai cách hiểu", "en": "reads two ways"},
    "status_conflicting": {"vi": "các nguồn mâu thuẫn", "en": "sources conflict"},
    "status_corroborated": {"vi": "nhiều nguồn khớp", "en": "sources agree"},
    "lower_bound_marker": {"vi": "cận dưới", "en": "lower bound"},
    "figure": {"vi": "Biểu đồ", "en": "Chart"},
}

# The programme's parts, in the order the report tells them, with the charts that belong to each.
SECTIONS = [
    {"area": "population_data", "charts": [],
     "title": {"vi": "Cơ sở dữ liệu quốc gia về dân cư và chia sẻ dữ liệu",
               "en": "The population database and data sharing"},
     "intro": {"vi": "Trục của Đề án là Cơ sở dữ liệu quốc gia về dân cư và việc các bộ, ngành, địa phương kết nối, khai thác nó.",
               "en": "The backbone of the programme is the National Population Database and the ministries and provinces that connect to it and draw on it."}},
    {"area": "chip_id", "charts": ["identity"],
     "title": {"vi": "Căn cước công dân gắn chip", "en": "Chip-based citizen ID cards"},
     "intro": {"vi": "Thẻ CCCD gắn chip là chìa khoá cho định danh điện tử và nhiều dịch vụ khác.",
               "en": "The chip ID card is the key to electronic identification and to many other services."}},
    {"area": "eid", "charts": [],
     "title": {"vi": "Định danh điện tử và VNeID", "en": "Electronic identification and VNeID"},
     "intro": {"vi": "Các con số về định danh điện tử đo những thứ khác nhau ở mỗi thời điểm: hồ sơ được duyệt, rồi tài khoản đã cấp.",
               "en": "The e-identification figures measure different things at different times: approved applications first, issued accounts later."}},
    {"area": "online_services", "charts": ["coverage"],
     "title": {"vi": "Dịch vụ công trực tuyến và Cổng Dịch vụ công quốc gia",
               "en": "Online public services and the National Public Service Portal"},
     "intro": {"vi": "Mục tiêu của Đề án là đưa thủ tục hành chính lên môi trường số.",
               "en": "The programme's aim is to move administrative procedures online."}},
    {"area": "health_insurance", "charts": [],
     "title": {"vi": "Khám chữa bệnh bảo hiểm y tế bằng CCCD", "en": "Health insurance by chip ID card"},
     "intro": {"vi": "Người dân có thể dùng CCCD gắn chip thay thẻ bảo hiểm y tế.",
               "en": "Citizens can use the chip ID card in place of the health-insurance card."}},
    {"area": "policy", "charts": ["policy_documents"],
     "title": {"vi": "Chỉ thị, nghị quyết và các văn bản chỉ đạo", "en": "The directives and resolutions behind it"},
     "intro": {"vi": "Chính phủ thúc đẩy Đề án bằng chỉ thị, công điện, nghị quyết và các nhiệm vụ giao cho bộ, ngành.",
               "en": "The Government drove the programme with directives, dispatches, resolutions and tasks for ministries."}},
    {"area": "security", "charts": [],
     "title": {"vi": "An toàn thông tin", "en": "Information security"},
     "intro": {"vi": "Hệ thống thông tin của cơ quan nhà nước phải được phê duyệt cấp độ an toàn.",
               "en": "State information systems must have their security level approved."}},
    {"area": "conference", "charts": ["timeline"],
     "title": {"vi": "Các hội nghị sơ kết", "en": "The review conferences"},
     "intro": {"vi": "Mỗi hội nghị sơ kết là một dịp công bố số liệu; các bài báo tường thuật lại.",
               "en": "Each review conference was an occasion to publish figures, which the press then reported."}},
]


def t(key: str, lang: str, **values) -> str:
    text = TEXT[key][lang]
    return text.format(**values) if values else text
