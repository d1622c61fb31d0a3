"""What a journalist does with add-article's drafts, done programmatically from the drafts' content.

Used by the end-to-end test of adding the team-written fictional article
(tests/fixtures/add_article/): the metrics it needs are added to the catalogue, each draft claim
gets the metric its quote describes, every TODO cell is written from what the copy prints.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import edit_csv

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "add_article" / "son-nguyen-2025.txt"

# The fixture's figures are a province's own: new metrics, in the report's existing areas.
NEW_METRICS = [
    # metric, area, family, kind, unit, label_vi, label_en, words in the quote that identify it
    ("province_db_lookups", "population_data", "province_lookups", "cumulative_count", "lookups",
     "Lượt tra cứu thông tin công dân (tỉnh)", "Citizen-data look-ups (province)", "lượt tra cứu"),
    ("province_procedures_on_time", "online_services", "province_procedures", "fraction", "applications",
     "Hồ sơ thủ tục giải quyết đúng hạn (tỉnh)", "Applications resolved on time (province)", "đúng hạn"),
    ("province_savings_vnd", "online_services", "province_savings", "flow", "VND per year",
     "Chi phí tiết kiệm mỗi năm (tỉnh)", "Annual savings (province)", "tiết kiệm"),
    ("province_online_applications", "online_services", "province_online", "cumulative_count", "applications",
     "Hồ sơ nộp trực tuyến toàn trình (tỉnh)", "Applications filed fully online (province)", "hồ sơ được nộp"),
    ("province_online_applications_share", "online_services", "province_online", "share", "percent",
     "Tỷ lệ hồ sơ nộp trực tuyến toàn trình (tỉnh)", "Share of applications filed fully online (province)", "chiếm"),
    ("province_businesses_not_connected", "population_data", "province_businesses", "level", "businesses",
     "Doanh nghiệp chưa kết nối CSDL dân cư (tỉnh)", "Businesses not yet connected to the population data (province)",
     "doanh nghiệp"),
]


def metric_for(quote: str, value_text: str) -> str:
    """The metric a quote describes: a percentage is the share; otherwise the first matching words."""
    if value_text.endswith("%"):
        return "province_online_applications_share"
    for metric, *_, words in NEW_METRICS:
        if words in quote and metric != "province_online_applications_share":
            return metric
    raise AssertionError(f"no metric for {quote!r}")


def iso(dmy: str) -> str:
    day, month, year = (int(p) for p in dmy.split("/"))
    return f"{year:04d}-{month:02d}-{day:02d}"


def complete_drafts(root: Path, source_id: str) -> None:
    raw = root / "data" / "raw"

    def add_metrics(header, rows):
        for metric, area, family, kind, unit, label_vi, label_en, _ in NEW_METRICS:
            rows.append({"metric": metric, "area": area, "family": family, "scope": "son_nguyen", "kind": kind, "unit": unit,
                         "label_vi": label_vi, "label_en": label_en,
                         "definition_vi": f"{label_vi} — số liệu hư cấu của bài kiểm thử.",
                         "definition_en": f"{label_en} — a fictional test figure."})
    edit_csv(raw / "metrics.csv", add_metrics)

    def source(header, rows):
        [row] = [r for r in rows if r["source_id"] == source_id]
        text = (raw / "articles" / row["file"]).read_text(encoding="utf-8")
        lead = re.search(r"Ngày (\d{1,2}/\d{1,2}/\d{4})", text)
        accessed = re.search(r"truy cập: (\d{4}-\d{2}-\d{2})", text)
        row["outlet"] = "Báo Sơn Nguyên (fictional)"
        row["event_date"] = row["published_date"] = iso(lead.group(1))
        row["event_date_method"] = f"stated: '{lead.group()}' in the lead"
        row["published_date_method"] = "inferred: no publication date in the copy; taken as the event day"
        row["outlet_vi"] = "Báo Sơn Nguyên (hư cấu)"
        row["event_date_method_vi"] = f"ghi trong bài: '{lead.group()}' ở phần mở đầu"
        hold = re.search(r"tổ chức hội nghị sơ kết[^.]*", text)
        row["event_kind"], row["event_kind_evidence"] = "review_conference", f"'{hold.group()}'"
        row["published_date_method_vi"] = "suy ra: bản lưu không ghi ngày đăng; lấy ngày diễn ra sự kiện"
        if row["defects_vi"].startswith("TODO"):
            row["defects_vi"] = "phần đầu trang của bản truy cập phía trên bài; bài bị cắt giữa câu ở cuối"
        row["date_accessed"] = accessed.group(1)
        row["citation"] = f"'{row['title']}', Báo Sơn Nguyên, {row['event_date']} (fictional test fixture)."
    edit_csv(raw / "sources.csv", source)

    def spans(header, rows):
        for row in rows:
            if row["source_id"] == source_id and row["reason"].startswith("TODO"):
                row["reason"] = row["reason"].split("confirm: ", 1)[1]
    edit_csv(raw / "excluded_spans.csv", spans)

    def claims(header, rows):
        for row in rows:
            if row["source_id"] == source_id and row["metric"].startswith("TODO"):
                row["metric"] = metric_for(row["quote"], row["value_text"])
    edit_csv(raw / "claims.csv", claims)
