"""Small hand-made tables that follow the data-dictionary contract, for the chart tests.

Three sources, a dozen claims: a repeat, a lower bound ('trên 70 triệu'), a share without a base,
a derived count with its range, the ambiguous 2022 security level as one derived range row, a
resolution count whose scope changes, and findings of each kind the source matrix reads."""

import pandas as pd

from dean06.publish.charts import Tables

SOURCES = [
    # source_id, outlet, event_date, event_date_method, published_date, published_date_method, title
    ("TTXVN-220809", "Unidentified republisher", "2022-08-09", "inferred year: timestamp", "2022-08-09", "stated: timestamp", "Sơ kết"),
    ("QNO-230225", "Báo Quảng Nam điện tử (QNO)", "2023-02-25", "inferred year: dateline", "2023-02-25", "stated: dateline", "Chuyển đổi số"),
    ("LAK-231221", "Local government news page", "2023-12-21", "inferred: no date", "2023-12-21", "inferred: no date", "Đánh giá 02 năm"),
]

METRICS = [
    # metric, area, family, kind, unit, label_vi, label_en
    ("chip_id_cards_issued", "chip_id", "chip_id", "cumulative_count", "cards", "Thẻ CCCD gắn chip đã cấp", "Chip ID cards issued"),
    ("chip_id_issuance_share", "chip_id", "chip_id", "share", "percent", "Tỷ lệ hoàn thành cấp CCCD gắn chip", "Share of chip ID issuance completed"),
    ("eid_applications_approved", "eid", "eid_accounts", "cumulative_count", "applications", "Hồ sơ định danh điện tử đã phê duyệt", "Approved e-ID applications"),
    ("eid_approval_rate", "eid", "eid_accounts", "share", "percent", "Tỷ lệ hồ sơ định danh điện tử được phê duyệt", "Approval rate of e-ID applications"),
    ("eid_applications_received", "eid", "eid_accounts", "cumulative_count", "applications", "Hồ sơ định danh điện tử đã thu nhận (suy ra)", "E-ID applications received (derived)"),
    ("eid_accounts_issued", "eid", "eid_accounts", "cumulative_count", "accounts", "Tài khoản định danh điện tử đã cấp", "E-ID accounts issued"),
    ("localities_connected_population_db", "population_data", "localities", "fraction", "localities", "Địa phương kết nối với CSDL quốc gia về dân cư", "Localities connected to the population database"),
    ("essential_online_services_deployed", "online_services", "essential_services", "fraction", "services", "Dịch vụ công thiết yếu đã triển khai", "Essential online public services deployed"),
    ("info_systems_security_approved_share", "security", "security_level", "share", "percent", "Hệ thống thông tin được phê duyệt cấp độ an toàn", "Information systems with an approved security level"),
    ("info_systems_security_change", "security", "security_level", "change", "percent", "Mức tăng so với 2022", "Rise since 2022"),
    ("directives_issued", "policy", "directives", "cumulative_count", "directives", "Chỉ thị đã ban hành", "Directives issued"),
    ("resolutions_regular_meetings", "policy", "resolutions", "cumulative_count", "resolutions", "Nghị quyết phiên họp thường kỳ", "Regular-meeting resolutions"),
    ("resolutions_issued", "policy", "resolutions", "cumulative_count", "resolutions", "Nghị quyết đã ban hành", "Resolutions issued"),
    ("government_notices_issued", "policy", "notices", "cumulative_count", "notices", "Thông báo đã ban hành", "Notices issued"),
]

E = ""
CLAIMS = [
    # claim_id, source, metric, value_text, bound, value, lower, upper, unit, num, den, share, as_of, repeated, derived, derived_from
    ("TTXVN-220809-04", "TTXVN-220809", "directives_issued", "1", "exact", 1, 1, 1, "directives", E, E, E, "2022-08-09", "false", "false", E),
    ("TTXVN-220809-06", "TTXVN-220809", "government_notices_issued", "7", "exact", 7, 7, 7, "notices", E, E, E, "2022-08-09", "false", "false", E),
    ("TTXVN-220809-07", "TTXVN-220809", "resolutions_regular_meetings", "4", "exact", 4, 4, 4, "resolutions", E, E, E, "2022-08-09", "false", "false", E),
    ("QNO-230225-01", "QNO-230225", "chip_id_cards_issued", "78.553.494", "exact", 78553494, 78553494, 78553494, "cards", E, E, E, "2023-02-25", "false", "false", E),
    ("QNO-230225-02", "QNO-230225", "localities_connected_population_db", "58/63", "exact", 58, 58, 58, "localities", 58, 63, 58 / 63, "2023-02-25", "false", "false", E),
    ("QNO-230225-03", "QNO-230225", "eid_applications_approved", "20.081.536", "exact", 20081536, 20081536, 20081536, "applications", E, E, E, "2023-02-17", "false", "false", E),
    ("QNO-230225-04", "QNO-230225", "eid_approval_rate", "đạt 92%", "exact", 92, 92, 92, "percent", E, E, 0.92, "2023-02-17", "false", "false", E),
    ("QNO-230225-05", "QNO-230225", "chip_id_cards_issued", "78.553.494", "exact", 78553494, 78553494, 78553494, "cards", E, E, E, "2023-02-25", "true", "false", E),
    ("DER-QNO-230225-01", "QNO-230225", "eid_applications_received", E, "approx", 21827757, 21709769, 21947033, "applications", E, E, E, "2023-02-17", "false", "true", "QNO-230225-03;QNO-230225-04"),
    ("LAK-231221-01", "LAK-231221", "directives_issued", "6", "exact", 6, 6, 6, "directives", E, E, E, "2023-12-21", "false", "false", E),
    ("LAK-231221-02", "LAK-231221", "resolutions_issued", "23", "exact", 23, 23, 23, "resolutions", E, E, E, "2023-12-21", "false", "false", E),
    ("LAK-231221-09", "LAK-231221", "essential_online_services_deployed", "38/53", "exact", 38, 38, 38, "services", 38, 53, 38 / 53, "2023-12-21", "false", "false", E),
    ("LAK-231221-12", "LAK-231221", "localities_connected_population_db", "63", "exact", 63, 63, 63, "localities", E, E, E, "2023-12-21", "false", "false", E),
    ("LAK-231221-14", "LAK-231221", "chip_id_issuance_share", "100%", "exact", 100, 100, 100, "percent", E, E, 1.0, "2023-12-21", "false", "false", E),
    ("LAK-231221-15", "LAK-231221", "eid_accounts_issued", "trên 70 triệu", "lower", 70e6, 70e6, E, "accounts", E, E, E, "2023-12-21", "false", "false", E),
    ("LAK-231221-16", "LAK-231221", "info_systems_security_approved_share", "63%", "exact", 63, 63, 63, "percent", E, E, 0.63, "2023-12-21", "false", "false", E),
    ("LAK-231221-17", "LAK-231221", "info_systems_security_change", "32,5%", "exact", 32.5, 32.5, 32.5, "percent", E, E, 0.325, "2023-12-21", "false", "false", E),
    ("DER-LAK-231221-01", "LAK-231221", "info_systems_security_approved_share", E, "range", E, 30.5, 47.5472, "percent", E, E, E, "2022-12-31", "false", "true", "LAK-231221-16;LAK-231221-17"),
]

FINDINGS = [
    # finding_id, type, severity, claims, sources
    ("cumulative_decrease:directives", "cumulative_decrease", "conflict", "TTXVN-220809-04;LAK-231221-01", "TTXVN-220809;LAK-231221"),
    ("not_comparable:resolutions", "not_comparable", "caution", "TTXVN-220809-07;LAK-231221-02", "TTXVN-220809;LAK-231221"),
    ("as_of_inferred:LAK-231221", "as_of_inferred", "info", "LAK-231221-09;LAK-231221-15", "LAK-231221"),
]

RECONCILED = [
    # metric, as_of, status, supporting_claims, sources
    ("localities_connected_population_db", "2023-12-21", "corroborated", "QNO-230225-02;LAK-231221-12", "QNO-230225;LAK-231221"),
    ("chip_id_cards_issued", "2023-02-25", "corroborated", "QNO-230225-01;QNO-230225-05", "QNO-230225"),
]


def frames() -> dict[str, pd.DataFrame]:
    sources = pd.DataFrame(SOURCES, columns=["source_id", "outlet", "event_date", "event_date_method",
                                             "published_date", "published_date_method", "title"])
    metrics = pd.DataFrame(METRICS, columns=["metric", "area", "family", "kind", "unit", "label_vi", "label_en"])
    claims = pd.DataFrame(CLAIMS, columns=["claim_id", "source_id", "metric", "value_text", "bound", "value", "lower",
                                           "upper", "unit", "numerator", "denominator", "share", "as_of",
                                           "flag_repeated", "flag_derived", "derived_from"])
    published = dict(zip(sources["source_id"], sources["published_date"]))
    claims["published_date"] = claims["source_id"].map(published)
    claims["repeat_of"] = claims["claim_id"].map({"QNO-230225-05": "QNO-230225-01"}).fillna("")
    claims["quote_display"] = claims["claim_id"].map({"LAK-231221-17": "tăng 32,5% so với năm 2022"}).fillna("")
    findings = pd.DataFrame(FINDINGS, columns=["finding_id", "type", "severity", "claims", "sources"])
    reconciled = pd.DataFrame(RECONCILED, columns=["metric", "as_of", "status", "supporting_claims", "sources"])
    return dict(claims_clean=claims, reconciled=reconciled, discrepancies=findings, sources=sources, metrics=metrics)


def tables() -> Tables:
    return Tables.build(**frames())
