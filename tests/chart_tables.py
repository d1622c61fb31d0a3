"""Small hand-made tables that follow the data-dictionary contract, for the chart tests. Every
source is fictional (ids AAA-…, BBB-…, CCC-…, DDD-…); the metric keys are the catalogue's.

Four sources and three conferences (CCC and DDD report the same one); a repeat; lower bounds; a
three-point series of one metric from two sources; look-alike metrics in one family; an approval
rate inside a family of counts (not a coverage measure); a fraction printed without its whole; a
derived count and a derived range row (as the cleaning step writes them); one conflict and one
agreement between sources."""

import pandas as pd

from dean06.publish.charts import Tables

SOURCES = [
    # source_id, outlet, event_date, event_date_method, published_date, published_date_method, title
    ("AAA-220301", "Báo Alpha (fictional)", "2022-03-01", "stated: lead", "2022-03-01", "stated: dateline", "Sơ kết"),
    ("BBB-230301", "Báo Beta (fictional)", "2023-03-01", "inferred year: dateline", "2023-03-01", "stated: dateline", "Hội nghị"),
    ("CCC-231201", "Trang Gamma (fictional)", "2023-12-01", "inferred: no date", "2023-12-01", "inferred: no date", "Tổng kết"),
    ("DDD-231201", "Báo Delta (fictional)", "2023-12-01", "stated: lead", "2023-12-02", "stated: dateline", "Tổng kết"),
]

METRICS = [
    # metric, area, family, kind, unit, label_vi, label_en
    ("chip_id_cards_issued", "chip_id", "chip_id", "cumulative_count", "cards", "Thẻ CCCD gắn chip đã cấp", "Chip ID cards issued"),
    ("chip_id_issuance_share", "chip_id", "chip_id", "share", "percent", "Tỷ lệ hoàn thành cấp CCCD gắn chip", "Share of chip ID issuance completed"),
    ("eid_applications_approved", "eid", "eid_accounts", "cumulative_count", "applications", "Hồ sơ định danh điện tử đã phê duyệt", "Approved e-ID applications"),
    ("eid_approval_rate", "eid", "eid_accounts", "share", "percent", "Tỷ lệ hồ sơ định danh điện tử được phê duyệt", "Approval rate of e-ID applications"),
    ("eid_applications_received", "eid", "eid_accounts", "cumulative_count", "applications", "Hồ sơ định danh điện tử đã thu nhận", "E-ID applications received"),
    ("eid_accounts_issued", "eid", "eid_accounts", "cumulative_count", "accounts", "Tài khoản định danh điện tử đã cấp", "E-ID accounts issued"),
    ("portal_accounts", "online_services", "eid_accounts", "cumulative_count", "accounts", "Tài khoản trên Cổng Dịch vụ công quốc gia", "Accounts on the National Public Service Portal"),
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
    ("AAA-220301-01", "AAA-220301", "directives_issued", "1", "exact", 1, 1, 1, "directives", E, E, E, "2022-03-01", "false", "false", E),
    ("AAA-220301-02", "AAA-220301", "government_notices_issued", "7", "exact", 7, 7, 7, "notices", E, E, E, "2022-03-01", "false", "false", E),
    ("AAA-220301-03", "AAA-220301", "resolutions_regular_meetings", "4", "exact", 4, 4, 4, "resolutions", E, E, E, "2022-03-01", "false", "false", E),
    ("BBB-230301-01", "BBB-230301", "chip_id_cards_issued", "70.100.200", "exact", 70100200, 70100200, 70100200, "cards", E, E, E, "2023-03-01", "false", "false", E),
    ("BBB-230301-02", "BBB-230301", "localities_connected_population_db", "50/63", "exact", 50, 50, 50, "localities", 50, 63, 50 / 63, "2023-03-01", "false", "false", E),
    ("BBB-230301-03", "BBB-230301", "eid_applications_approved", "18.000.000", "exact", 18e6, 18e6, 18e6, "applications", E, E, E, "2023-02-20", "false", "false", E),
    ("BBB-230301-04", "BBB-230301", "eid_approval_rate", "90%", "exact", 90, 90, 90, "percent", E, E, 0.9, "2023-02-20", "false", "false", E),
    ("BBB-230301-05", "BBB-230301", "chip_id_cards_issued", "70.100.200", "exact", 70100200, 70100200, 70100200, "cards", E, E, E, "2023-03-01", "true", "false", E),
    ("BBB-230301-06", "BBB-230301", "eid_accounts_issued", "hơn 30 triệu", "lower", 30e6, 30e6, E, "accounts", E, E, E, "2023-03-01", "false", "false", E),
    ("DER-BBB-230301-01", "BBB-230301", "eid_applications_received", E, "approx", 2e7, 19.8e6, 20.2e6, "applications", E, E, E, "2023-02-20", "false", "true", "BBB-230301-03;BBB-230301-04"),
    ("CCC-231201-01", "CCC-231201", "directives_issued", "6", "exact", 6, 6, 6, "directives", E, E, E, "2023-12-01", "false", "false", E),
    ("CCC-231201-02", "CCC-231201", "resolutions_issued", "23", "exact", 23, 23, 23, "resolutions", E, E, E, "2023-12-01", "false", "false", E),
    ("CCC-231201-03", "CCC-231201", "essential_online_services_deployed", "30/53", "exact", 30, 30, 30, "services", 30, 53, 30 / 53, "2023-12-01", "false", "false", E),
    ("CCC-231201-04", "CCC-231201", "localities_connected_population_db", "63", "exact", 63, 63, 63, "localities", E, E, E, "2023-12-01", "false", "false", E),
    ("CCC-231201-05", "CCC-231201", "chip_id_issuance_share", "100%", "exact", 100, 100, 100, "percent", E, E, 1.0, "2023-12-01", "false", "false", E),
    ("CCC-231201-06", "CCC-231201", "eid_accounts_issued", "trên 60 triệu", "lower", 60e6, 60e6, E, "accounts", E, E, E, "2023-06-30", "false", "false", E),
    ("CCC-231201-07", "CCC-231201", "info_systems_security_approved_share", "60%", "exact", 60, 60, 60, "percent", E, E, 0.6, "2023-12-01", "false", "false", E),
    ("CCC-231201-08", "CCC-231201", "info_systems_security_change", "20%", "exact", 20, 20, 20, "percent", E, E, 0.2, "2023-12-01", "false", "false", E),
    ("DER-CCC-231201-01", "CCC-231201", "info_systems_security_approved_share", E, "range", E, 40, 50, "percent", E, E, E, "2022-12-31", "false", "true", "CCC-231201-07;CCC-231201-08"),
    ("CCC-231201-09", "CCC-231201", "portal_accounts", "hơn 10 triệu", "lower", 10e6, 10e6, E, "accounts", E, E, E, "2023-12-01", "false", "false", E),
    ("CCC-231201-10", "CCC-231201", "chip_id_cards_issued", "81.000.000", "exact", 81e6, 81e6, 81e6, "cards", E, E, E, "2023-12-01", "false", "false", E),
    ("DDD-231201-01", "DDD-231201", "eid_accounts_issued", "hơn 65 triệu", "lower", 65e6, 65e6, E, "accounts", E, E, E, "2023-12-01", "false", "false", E),
    ("DDD-231201-02", "DDD-231201", "localities_connected_population_db", "63/63", "exact", 63, 63, 63, "localities", 63, 63, 1.0, "2023-12-01", "false", "false", E),
    ("DDD-231201-03", "DDD-231201", "chip_id_cards_issued", "80.000.000", "exact", 80e6, 80e6, 80e6, "cards", E, E, E, "2023-12-01", "false", "false", E),
]

FINDINGS = [
    # finding_id, type, severity, metrics, claims, sources
    ("source_conflict:chip_id_cards_issued:2023-12-01", "source_conflict", "conflict", "chip_id_cards_issued",
     "CCC-231201-10;DDD-231201-03", "CCC-231201;DDD-231201"),
    ("not_comparable:eid_accounts", "not_comparable", "caution",
     "eid_accounts_issued;eid_applications_approved;portal_accounts",
     "BBB-230301-03;BBB-230301-06;CCC-231201-06;DDD-231201-01;CCC-231201-09", "BBB-230301;CCC-231201;DDD-231201"),
]

RECONCILED = [
    # metric, as_of, status, supporting_claims, sources
    ("localities_connected_population_db", "2023-12-01", "corroborated", "CCC-231201-04;DDD-231201-02", "CCC-231201;DDD-231201"),
    ("chip_id_cards_issued", "2023-03-01", "single_source", "BBB-230301-01;BBB-230301-05", "BBB-230301"),
]


def frames() -> dict[str, pd.DataFrame]:
    sources = pd.DataFrame(SOURCES, columns=["source_id", "outlet", "event_date", "event_date_method",
                                             "published_date", "published_date_method", "title"])
    sources["event_kind"] = "review_conference"  # every fictional source reports a review conference
    sources["outlet_short"] = sources["outlet"].str.split(" (", regex=False).str[0]
    metrics = pd.DataFrame(METRICS, columns=["metric", "area", "family", "kind", "unit", "label_vi", "label_en"])
    claims = pd.DataFrame(CLAIMS, columns=["claim_id", "source_id", "metric", "value_text", "bound", "value", "lower",
                                           "upper", "unit", "numerator", "denominator", "share", "as_of",
                                           "flag_repeated", "flag_derived", "derived_from"])
    published = dict(zip(sources["source_id"], sources["published_date"]))
    claims["published_date"] = claims["source_id"].map(published)
    claims["repeat_of"] = claims["claim_id"].map({"BBB-230301-05": "BBB-230301-01"}).fillna("")
    findings = pd.DataFrame(FINDINGS, columns=["finding_id", "type", "severity", "metrics", "claims", "sources"])
    reconciled = pd.DataFrame(RECONCILED, columns=["metric", "as_of", "status", "supporting_claims", "sources"])
    return dict(claims_clean=claims, reconciled=reconciled, discrepancies=findings, sources=sources, metrics=metrics)


def tables(**changes) -> Tables:
    """The tables, with any frame replaced by `changes` (a test changes the data and reads the chart)."""
    return Tables.build(**{**frames(), **changes})
