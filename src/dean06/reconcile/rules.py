"""The reconciliation rules: each looks at the cleaned claims and returns findings for an editor.

A rule is a small function `rule(ctx) -> list[Finding]`. Findings carry stable ids so that an
editor's decision in data/raw/decisions.csv can settle one; explanations are written in English
and Vietnamese from the data, never typed figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import pandas as pd

from dean06 import formatting as fmt

SEVERITIES = ("info", "caution", "conflict")


@dataclass
class Finding:
    finding_id: str
    type: str
    severity: str
    metrics: list[str]
    claims: list[str]
    sources: list[str]
    explanation_en: str
    explanation_vi: str


@dataclass
class Context:
    clean: pd.DataFrame  # claims_clean rows in force (after the as-of cut-off)
    sources: pd.DataFrame
    metrics: pd.DataFrame  # indexed by metric key
    reported: pd.DataFrame = field(init=False)  # reported (not derived) claims, repeats collapsed

    def __post_init__(self):
        c = self.clean
        self.reported = c[~c["flag_derived"] & ~c["flag_repeated"]]
        # Plain lookups built once: the rules below run per claim, and filtering a DataFrame for
        # every claim made reconciliation quadratic in the number of claims.
        self.kind = self.metrics["kind"].to_dict()
        self.family = self.metrics["family"].to_dict()
        # where a metric is measured (metrics.csv `scope`: national, or a place); one scope when unset
        scope = self.metrics["scope"] if "scope" in self.metrics.columns else pd.Series("", index=self.metrics.index)
        self.scope = scope.to_dict()
        self.rows = records(c)
        self.reported_rows = [r for r in self.rows if not r["flag_derived"] and not r["flag_repeated"]]
        self.derived_rows = [r for r in self.rows if r["flag_derived"]]
        self.labels = {lang: self.metrics[f"label_{lang}"].to_dict() for lang in ("vi", "en")}
        self.outlets = self.sources["outlet"].to_dict()
        self.date_methods = self.sources["event_date_method"].to_dict()
        self.claims_by_source: dict[str, list[str]] = {}
        for claim_id, source_id in zip(c["claim_id"], c["source_id"]):
            self.claims_by_source.setdefault(source_id, []).append(claim_id)

    def undated(self, source_id: str) -> bool:
        """The copy itself states no date (its event date was matched from another source)."""
        method = self.date_methods[source_id]
        return method.startswith("inferred") and "states no date" in method

    def label(self, metric: str, lang: str) -> str:
        return self.labels[lang][metric]

    def outlet(self, source_id: str) -> str:
        return self.outlets[source_id]

    def figure(self, row, lang: str) -> str:
        """A claim's value as a reader sees it: 'hơn 70 triệu', '58/63', '94,03%'."""
        if pd.notna(row.get("denominator")) and row.get("denominator") != "":
            return f"{fmt.number(row['numerator'], lang)}/{fmt.number(row['denominator'], lang)}"
        return fmt.amount(row["value"], row["unit"], lang, row["bound"])


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts. Column lists zipped together: several times faster than
    `DataFrame.to_dict("records")` or `iterrows()`, which box every value."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]


def _ids(frame: pd.DataFrame, column: str = "claim_id") -> list[str]:
    return sorted(frame[column].unique().tolist())


def repeated_in_source(ctx: Context) -> list[Finding]:
    out = []
    for row in (r for r in ctx.rows if r["flag_repeated"]):
        first = row["repeat_of"]
        fig_en, fig_vi = ctx.figure(row, "en"), ctx.figure(row, "vi")
        out.append(Finding(
            f"repeated_in_source:{row['claim_id']}", "repeated_in_source", "info", [row["metric"]],
            sorted([first, row["claim_id"]]), [row["source_id"]],
            f"{ctx.outlet(row['source_id'])} prints {ctx.label(row['metric'], 'en')} ({fig_en}) twice "
            f"({first} and {row['claim_id']}): one statistic, counted once.",
            f"{ctx.outlet(row['source_id'])} in hai lần {ctx.label(row['metric'], 'vi')} ({fig_vi}) "
            f"({first} và {row['claim_id']}): một số liệu, chỉ tính một lần."))
    return out


def same_event(ctx: Context) -> list[Finding]:
    out = []
    for event_date, group in ctx.sources.groupby("event_date"):
        if len(group) < 2:
            continue
        ids = sorted(group["source_id"])
        undated = [s for s in ids if ctx.undated(s)]
        claims = sorted(c for s in ids for c in ctx.claims_by_source.get(s, []))
        note_en = (f" {', '.join(undated)} states no date: it is dated by matching it to the others." if undated else "")
        note_vi = (f" {', '.join(undated)} không ghi ngày: ngày được xác định bằng cách đối chiếu với các bài còn lại." if undated else "")
        out.append(Finding(
            f"same_event:{event_date}", "same_event", "info", [], claims, ids,
            f"{len(ids)} sources report the same event of {fmt.long_date(event_date, 'en')} "
            f"({', '.join(ids)}): figures they share are one report, not independent confirmation.{note_en}",
            f"{len(ids)} nguồn cùng đưa tin về một sự kiện ngày {fmt.long_date(event_date, 'vi')} "
            f"({', '.join(ids)}): số liệu trùng nhau là một báo cáo, không phải xác nhận độc lập.{note_vi}"))
    return out


def cumulative_changes(ctx: Context) -> list[Finding]:
    """Consecutive dates of one cumulative count: growth is expected, a fall is a conflict."""
    out = []
    by_metric: dict[str, dict[str, dict]] = {}
    for row in sorted(ctx.reported_rows, key=lambda r: (r["metric"], r["as_of"], r["claim_id"])):
        if ctx.kind[row["metric"]] == "cumulative_count":
            by_metric.setdefault(row["metric"], {}).setdefault(row["as_of"], row)  # first claim of each date
    for metric, by_date in by_metric.items():
        dates = list(by_date)
        for d1, d2 in zip(dates, dates[1:]):
            a, b = by_date[d1], by_date[d2]
            a_low = a["lower"] if pd.notna(a["lower"]) else a["value"]
            b_high = b["upper"] if pd.notna(b["upper"]) else float("inf")
            fell = b_high < a_low
            kind = "cumulative_decrease" if fell else "cumulative_growth"
            label_en, label_vi = ctx.label(metric, "en"), ctx.label(metric, "vi")
            when = lambda d, lang: fmt.long_date(d, lang)  # noqa: E731
            if fell:
                en = (f"{label_en} fell from {ctx.figure(a, 'en')} ({when(d1, 'en')}) to {ctx.figure(b, 'en')} "
                      f"({when(d2, 'en')}); a cumulative count cannot go down, so the sources conflict.")
                vi = (f"{label_vi} giảm từ {ctx.figure(a, 'vi')} ({when(d1, 'vi')}) xuống {ctx.figure(b, 'vi')} "
                      f"({when(d2, 'vi')}); số cộng dồn không thể giảm, nên các nguồn mâu thuẫn.")
            else:
                en = (f"{label_en}: {ctx.figure(a, 'en')} by {when(d1, 'en')}, {ctx.figure(b, 'en')} by {when(d2, 'en')}. "
                      f"A cumulative count reported at two dates: growth, not a conflict.")
                vi = (f"{label_vi}: {ctx.figure(a, 'vi')} đến {when(d1, 'vi')}, {ctx.figure(b, 'vi')} đến {when(d2, 'vi')}. "
                      f"Số cộng dồn báo cáo ở hai thời điểm: là tăng trưởng, không phải mâu thuẫn.")
            out.append(Finding(f"{kind}:{metric}:{d1}>{d2}", kind, "conflict" if fell else "info", [metric],
                               sorted([a["claim_id"], b["claim_id"]]), sorted({a["source_id"], b["source_id"]}), en, vi))
    return out


def fraction_changes(ctx: Context) -> list[Finding]:
    """Fractions of a fixed whole (58/63 localities) reported at two dates behave like cumulative counts."""
    out = []
    fracs = ctx.reported[ctx.reported["metric"].map(ctx.metrics["kind"]) == "fraction"]
    for metric, group in fracs.groupby("metric"):
        rows = group.sort_values(["as_of", "claim_id"]).drop_duplicates("as_of")
        ordered = records(rows)
        for a, b in zip(ordered, ordered[1:]):
            fell = b["value"] < a["value"]
            kind = "cumulative_decrease" if fell else "cumulative_growth"
            en = (f"{ctx.label(metric, 'en')}: {ctx.figure(a, 'en')} by {fmt.long_date(a['as_of'], 'en')}, "
                  f"{ctx.figure(b, 'en')} by {fmt.long_date(b['as_of'], 'en')}"
                  + ("; the count went down, so the sources conflict." if fell else ": progress, not a conflict."))
            vi = (f"{ctx.label(metric, 'vi')}: {ctx.figure(a, 'vi')} đến {fmt.long_date(a['as_of'], 'vi')}, "
                  f"{ctx.figure(b, 'vi')} đến {fmt.long_date(b['as_of'], 'vi')}"
                  + ("; con số giảm, nên các nguồn mâu thuẫn." if fell else ": là tiến triển, không phải mâu thuẫn."))
            out.append(Finding(f"{kind}:{metric}:{a['as_of']}>{b['as_of']}", kind, "conflict" if fell else "info",
                               [metric], sorted([a["claim_id"], b["claim_id"]]),
                               sorted({a["source_id"], b["source_id"]}), en, vi))
    return out


def look_alikes(ctx: Context) -> list[Finding]:
    """Different metrics of one family (e-ID approvals vs accounts) must never be joined into a trend."""
    out = []
    present = ctx.clean[ctx.clean["metric"].map(ctx.metrics["kind"]).isin(["cumulative_count", "level"])]
    families = ctx.metrics.loc[present["metric"].unique(), "family"]
    for family, keys in families.groupby(families):
        if len(keys) < 2:
            continue
        rows = present[present["metric"].isin(keys.index)]
        rows = rows[~rows["flag_repeated"]]
        parts_en, parts_vi = [], []
        for metric in sorted(keys.index):
            first = rows[rows["metric"] == metric].sort_values("as_of").iloc[0]
            derived_en = " (derived by us)" if first["flag_derived"] else ""
            derived_vi = " (do chúng tôi suy ra)" if first["flag_derived"] else ""
            parts_en.append(f"{ctx.label(metric, 'en')}: {ctx.figure(first, 'en')}, "
                            f"{fmt.month_year(first['as_of'], 'en')}{derived_en}")
            parts_vi.append(f"{ctx.label(metric, 'vi')}: {ctx.figure(first, 'vi')}, "
                            f"{fmt.month_year(first['as_of'], 'vi')}{derived_vi}")
        out.append(Finding(
            f"not_comparable:{family}", "not_comparable", "caution", sorted(keys.index), _ids(rows),
            sorted(rows["source_id"].unique()),
            "These figures look alike but measure different things — " + "; ".join(parts_en)
            + ". They are never joined into a growth rate.",
            "Các con số này trông giống nhau nhưng đo những thứ khác nhau — " + "; ".join(parts_vi)
            + ". Không bao giờ ghép chúng thành tốc độ tăng."))
    return out


def shares_without_base(ctx: Context) -> list[Finding]:
    """A percentage with no stated base, printed where absolute counts of the same thing exist.

    A count is the share's possible base only if it measures the same population in the same place
    (same family, same scope): a province's count is never the base of another place's share.
    """
    out = []
    inputs_of_derivations = {cid for ids in ctx.clean["derived_from"].fillna("") for cid in ids.split(";") if cid}
    shares = ctx.reported[(ctx.reported["unit"] == "percent") & ctx.reported["denominator"].isna()
                          & (ctx.reported["metric"].map(ctx.metrics["kind"]) == "share")]
    latest_count: dict[tuple[str, str], dict] = {}
    counted_families: set[str] = set()
    for r in sorted(ctx.reported_rows, key=lambda r: (r["as_of"], r["claim_id"])):
        if ctx.kind[r["metric"]] == "cumulative_count":
            latest_count[(ctx.family[r["metric"]], ctx.scope[r["metric"]])] = r
            counted_families.add(ctx.family[r["metric"]])
    for row in records(shares):
        if row["claim_id"] in inputs_of_derivations:
            continue  # its base is stated in words and derived by us
        family = ctx.family[row["metric"]]
        if family not in counted_families:
            continue  # no count of the same thing anywhere: nothing a reader could mistake for its base
        near = latest_count.get((family, ctx.scope[row["metric"]]))
        lead_en = (f"{ctx.figure(row, 'en')} ({ctx.label(row['metric'], 'en')}) is given without a base: "
                   f"of whom, and how many, is not stated.")
        lead_vi = (f"{ctx.figure(row, 'vi')} ({ctx.label(row['metric'], 'vi')}) không kèm mẫu số: "
                   f"không rõ là của ai, bao nhiêu.")
        if near is None:
            out.append(Finding(
                f"share_without_base:{row['claim_id']}", "share_without_base", "caution", [row["metric"]],
                [row["claim_id"]], [row["source_id"]],
                f"{lead_en} No base is given: the counts of the same kind measure another population or place, "
                f"so none of them is its base and the share cannot be turned into a count.",
                f"{lead_vi} Không có mẫu số: các số tuyệt đối cùng loại đo một đối tượng hay địa bàn khác, "
                f"nên không số nào là mẫu số của nó và không thể quy tỷ lệ này thành số lượng."))
            continue
        out.append(Finding(
            f"share_without_base:{row['claim_id']}", "share_without_base", "caution", sorted({row["metric"], near["metric"]}),
            sorted([row["claim_id"], near["claim_id"]]), sorted({row["source_id"], near["source_id"]}),
            f"{lead_en} The nearest count of the same population is {ctx.figure(near, 'en')} "
            f"({fmt.month_year(near['as_of'], 'en')}); the share cannot be turned into a count.",
            f"{lead_vi} Số tuyệt đối gần nhất của cùng đối tượng là {ctx.figure(near, 'vi')} "
            f"({fmt.month_year(near['as_of'], 'vi')}); không thể quy tỷ lệ này thành số lượng."))
    return out


def ambiguous_percentages(ctx: Context) -> list[Finding]:
    """'tăng 32,5%' beside a level in percent: points or relative? Carry both readings."""
    out = []
    changes = ctx.reported[ctx.reported["metric"].map(ctx.metrics["kind"]) == "change"]
    first_share: dict[tuple[str, str], dict] = {}
    for r in ctx.reported_rows:
        if ctx.kind[r["metric"]] == "share":
            first_share.setdefault((ctx.family[r["metric"]], r["source_id"]), r)
    derived_rows = ctx.derived_rows
    for row in records(changes):
        level = first_share.get((ctx.family[row["metric"]], row["source_id"]))
        if level is None:
            continue
        points = level["value"] - row["value"]
        relative = level["value"] / (1 + row["value"] / 100)
        claims = sorted([row["claim_id"], level["claim_id"]])
        claims += sorted(r["claim_id"] for r in derived_rows if row["claim_id"] in r["derived_from"].split(";"))
        pct = lambda v, lang: fmt.percent(round(v, 1), lang)  # noqa: E731
        out.append(Finding(
            f"ambiguous_percentage:{row['claim_id']}", "ambiguous_percentage", "caution",
            sorted({row["metric"], level["metric"]}), sorted(claims), [row["source_id"]],
            f"'{row['value_text']}' beside {ctx.figure(level, 'en')} can be read two ways: {pct(row['value'], 'en')} "
            f"percentage points (so {pct(points, 'en')} before) or a {pct(row['value'], 'en')} relative rise "
            f"(so about {pct(relative, 'en')} before). Both readings are carried.",
            f"'{row['value_text']}' bên cạnh {ctx.figure(level, 'vi')} có hai cách hiểu: tăng {pct(row['value'], 'vi')} "
            f"điểm phần trăm (trước đó {pct(points, 'vi')}) hoặc tăng tương đối {pct(row['value'], 'vi')} "
            f"(trước đó khoảng {pct(relative, 'vi')}). Giữ cả hai cách hiểu."))
    return out


def bounds_beside_exact(ctx: Context) -> list[Finding]:
    """'hơn 70 triệu' is a lower bound: never published, summed or compared as an exact value."""
    out = []
    # counts of any unit in a family sit "beside" each other; percentages only beside percentages
    exact_by_family: dict[tuple[str, bool], list[dict]] = {}
    for r in sorted(ctx.reported_rows, key=lambda r: (r["as_of"], r["claim_id"])):
        if r["bound"] == "exact":
            exact_by_family.setdefault((ctx.family[r["metric"]], r["unit"] == "percent"), []).append(r)
    for row in ctx.reported_rows:
        if row["bound"] not in ("lower", "upper", "approx"):
            continue
        exact_rows = exact_by_family.get((ctx.family[row["metric"]], row["unit"] == "percent"), [])
        exact = exact_rows[:1]  # the earliest exact figure of its kind is the one a reader will set it beside
        beside_en = beside_vi = ""
        if exact:
            e = exact[0]
            beside_en = f" It sits beside the exact {ctx.figure(e, 'en')} ({ctx.label(e['metric'], 'en')})."
            beside_vi = f" Nó đứng cạnh con số chính xác {ctx.figure(e, 'vi')} ({ctx.label(e['metric'], 'vi')})."
        word_en = {"lower": "a lower bound", "upper": "an upper bound", "approx": "an approximation"}[row["bound"]]
        word_vi = {"lower": "cận dưới", "upper": "cận trên", "approx": "số ước chừng"}[row["bound"]]
        out.append(Finding(
            f"bound_vs_exact:{row['claim_id']}", "bound_vs_exact", "info",
            sorted({row["metric"], *(e["metric"] for e in exact)}), sorted({row["claim_id"], *(e["claim_id"] for e in exact)}),
            sorted({row["source_id"], *(e["source_id"] for e in exact)}),
            f"'{row['value_text']}' is {word_en}: published as '{ctx.figure(row, 'en')}', never as an exact figure "
            f"or in arithmetic with exact ones.{beside_en}",
            f"'{row['value_text']}' là {word_vi}: nêu là '{ctx.figure(row, 'vi')}', không bao giờ như con số chính xác "
            f"hay dùng để tính toán với số chính xác.{beside_vi}"))
    return out


def derived_figures(ctx: Context) -> list[Finding]:
    out = []
    for row in ctx.derived_rows:
        inputs = [c for c in row["derived_from"].split(";") if c]
        low, high = row["lower"], row["upper"]
        span_en = f"{fmt.amount(low, row['unit'], 'en')}–{fmt.amount(high, row['unit'], 'en')}"
        span_vi = f"{fmt.amount(low, row['unit'], 'vi')}–{fmt.amount(high, row['unit'], 'vi')}"
        out.append(Finding(
            f"derived_figure:{row['claim_id']}", "derived_figure", "info", [row["metric"]],
            sorted([row["claim_id"], *inputs]), [row["source_id"]],
            f"{ctx.label(row['metric'], 'en')} is derived by us from {', '.join(inputs)} ({row['derivation']}); "
            f"range {span_en}. It is marked as derived wherever it appears, never as reported.",
            f"{ctx.label(row['metric'], 'vi')} do chúng tôi suy ra từ {', '.join(inputs)}; khoảng {span_vi}. "
            f"Luôn được ghi là số suy ra, không phải số được báo cáo."))
    return out


def inferred_as_of_dates(ctx: Context) -> list[Finding]:
    """One finding per source: which of its figures carry a date we inferred rather than read."""
    out = []
    by_source: dict[str, list[dict]] = {}
    for row in ctx.reported_rows:
        if row["flag_as_of_inferred"] or row["flag_year_inferred"]:
            by_source.setdefault(row["source_id"], []).append(row)
    for source_id, group in sorted(by_source.items()):
        date_note_en = " The event date itself is inferred." if ctx.undated(source_id) else ""
        date_note_vi = " Chính ngày sự kiện cũng là suy ra." if date_note_en else ""
        dates = sorted({r["as_of"] for r in group})
        out.append(Finding(
            f"as_of_inferred:{source_id}", "as_of_inferred", "info", sorted({r["metric"] for r in group}),
            sorted(r["claim_id"] for r in group), [source_id],
            f"{len(group)} figure(s) from {source_id} print no as-of date (or no year); they are dated "
            f"{', '.join(fmt.long_date(d, 'en') for d in dates)} from the report's own date.{date_note_en}",
            f"{len(group)} số liệu của {source_id} không ghi thời điểm (hoặc không ghi năm); được gán ngày "
            f"{', '.join(fmt.long_date(d, 'vi') for d in dates)} theo ngày của bản tin.{date_note_vi}"))
    return out


def same_date_disagreements(ctx: Context) -> list[Finding]:
    """Two sources, one metric, one date: agreement corroborates, disagreement conflicts."""
    out = []
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in ctx.reported_rows:
        groups.setdefault((row["metric"], row["as_of"]), []).append(row)
    for (metric, as_of), group in sorted(groups.items()):
        if len({r["source_id"] for r in group}) < 2:
            continue
        for a, b in combinations(group, 2):
            if a["source_id"] == b["source_id"]:
                continue
            lo = max(a["lower"], b["lower"])
            hi = min(a["upper"] if pd.notna(a["upper"]) else float("inf"), b["upper"] if pd.notna(b["upper"]) else float("inf"))
            if lo <= hi:
                continue
            out.append(Finding(
                f"conflict:{metric}:{as_of}:{a['claim_id']}~{b['claim_id']}", "conflict", "conflict", [metric],
                sorted([a["claim_id"], b["claim_id"]]), sorted([a["source_id"], b["source_id"]]),
                f"{ctx.label(metric, 'en')} on {fmt.long_date(as_of, 'en')}: {ctx.figure(a, 'en')} ({a['source_id']}) "
                f"against {ctx.figure(b, 'en')} ({b['source_id']}).",
                f"{ctx.label(metric, 'vi')} ngày {fmt.long_date(as_of, 'vi')}: {ctx.figure(a, 'vi')} ({a['source_id']}) "
                f"so với {ctx.figure(b, 'vi')} ({b['source_id']})."))
    return out


RULES = [repeated_in_source, same_event, cumulative_changes, fraction_changes, look_alikes, shares_without_base,
         ambiguous_percentages, bounds_beside_exact, derived_figures, inferred_as_of_dates, same_date_disagreements]


def find_all(ctx: Context) -> list[Finding]:
    findings = [f for rule in RULES for f in rule(ctx)]
    return sorted(findings, key=lambda f: f.finding_id)
