"""The reconciliation rules: each looks at the cleaned claims and returns findings for an editor.

A rule is a small function `rule(ctx) -> list[Finding]`. Findings carry stable ids so that an
editor's decision in data/raw/decisions.csv can settle one. A rule computes the values of its
explanation; the sentences are the `findings` part of the wording files (src/dean06/wording/), in
English and Vietnamese, filled with figures formatted from the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import pandas as pd

from dean06 import formatting as fmt
from dean06.wording import finding as say
from dean06.wording import in_language

SEVERITIES = ("info", "caution", "conflict")
LANGS = ("en", "vi")


def explain(key: str, values) -> tuple[str, str]:
    """The English and Vietnamese explanation: `values(lang)` gives the placeholders' values."""
    return tuple(say(key, lang, **values(lang)) for lang in LANGS)


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
        # a finding names the outlet as readers know it by then: by its short name (the report's credits
        # and list of sources give the full description first)
        self.outlets = {lang: {sid: in_language(row, "outlet_short", lang) for sid, row in self.sources.iterrows()}
                        for lang in ("vi", "en")}
        self.date_methods = self.sources["event_date_method"].to_dict()
        self.source_of = dict(zip(c["claim_id"], c["source_id"]))
        self.claims_by_source: dict[str, list[str]] = {}
        for claim_id, source_id in zip(c["claim_id"], c["source_id"]):
            self.claims_by_source.setdefault(source_id, []).append(claim_id)

    def undated(self, source_id: str) -> bool:
        """The copy itself states no date (its event date was matched from another source)."""
        method = self.date_methods[source_id]
        return method.startswith("inferred") and "states no date" in method

    def label(self, metric: str, lang: str) -> str:
        return self.labels[lang][metric]

    def outlet(self, source_id: str, lang: str) -> str:
        """The outlet's short name in the edition's language (sources.csv `outlet_short`, `outlet_short_vi`)."""
        return self.outlets[lang][source_id]

    def outlets_of(self, source_ids: list[str], lang: str) -> str:
        """Sources as a sentence names them: their short names, each once, in the order given."""
        return ", ".join(dict.fromkeys(self.outlet(s, lang) for s in source_ids))

    def sources_of(self, claim_ids: list[str]) -> list[str]:
        """The sources of these claims, each once, in the claims' order."""
        return list(dict.fromkeys(self.source_of[c] for c in claim_ids if c in self.source_of))

    def two_dates(self, metric: str, a, b, lang: str) -> dict:
        """A metric's figures at two dates, as the growth and decrease explanations name them."""
        return dict(label=self.label(metric, lang), first=self.figure(a, lang), first_date=fmt.long_date(a["as_of"], lang),
                    last=self.figure(b, lang), last_date=fmt.long_date(b["as_of"], lang))

    def figure(self, row, lang: str) -> str:
        """A claim's value as a reader sees it: 'hơn 70 triệu', '58/63', '94,03%'. A vague magnitude
        ('hàng nghìn tỷ đồng', 'trillions of dong') as printed, in the other language its words for the
        same order: its value is only the least it can mean, never a number the copy printed."""
        if row["bound"] == "range":  # two readings of one ambiguous figure (a level before a change)
            return say("figure.readings", lang, low=fmt.amount(row["lower"], row["unit"], lang),
                       high=fmt.amount(row["upper"], row["unit"], lang))
        if row.get("flag_vague") is True:
            return fmt.as_printed(row["value"], row["unit"], lang, row["bound"], row["value_text"],
                                  row.get("qualifier") or "", row.get("language") or "vi")
        denominator = row.get("denominator")
        # a plain test, not pd.notna: this runs for every figure of every explanation
        if denominator is not None and denominator == denominator and denominator != "":
            return f"{fmt.number(row['numerator'], lang)}/{fmt.number(row['denominator'], lang)}"
        return fmt.amount(row["value"], row["unit"], lang, row["bound"])


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts. Column lists zipped together: several times faster than
    `DataFrame.to_dict("records")` or `iterrows()`, which box every value."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]


def common_interval(rows: list[dict]) -> tuple[float, float]:
    """What every one of `rows` allows: (highest lower end, lowest upper end). A missing end is no
    bound on that side (NaN lower when none has one, inf upper when none has one)."""
    lowers = [r["lower"] for r in rows if r["lower"] == r["lower"]]  # NaN is not equal to itself
    uppers = [r["upper"] for r in rows if r["upper"] == r["upper"]]
    return (max(lowers) if lowers else float("nan")), (min(uppers) if uppers else float("inf"))


def disagree(rows: list[dict]) -> bool:
    """No value is allowed by all of the figures (two intervals on a line share a value unless one
    ends before the other starts, so a group disagrees exactly when some pair of it does)."""
    lower, upper = common_interval(rows)
    return lower > upper


def spanned(rows: list[dict]) -> tuple[float, float]:
    """The interval spanning every figure: [least lower end, greatest upper end], each NaN when a
    figure is unbounded on that side. What disagreeing figures are published as."""
    lowers, uppers = [r["lower"] for r in rows], [r["upper"] for r in rows]
    return (float("nan") if any(v != v for v in lowers) else min(lowers),
            float("nan") if any(v != v for v in uppers) else max(uppers))


def _ids(frame: pd.DataFrame, column: str = "claim_id") -> list[str]:
    return sorted(frame[column].unique().tolist())


def repeated_in_source(ctx: Context) -> list[Finding]:
    out = []
    for row in (r for r in ctx.rows if r["flag_repeated"]):
        first = row["repeat_of"]
        out.append(Finding(
            f"repeated_in_source:{row['claim_id']}", "repeated_in_source", "info", [row["metric"]],
            sorted([first, row["claim_id"]]), [row["source_id"]],
            *explain("repeated_in_source", lambda lang: dict(
                outlet=ctx.outlet(row["source_id"], lang), label=ctx.label(row["metric"], lang),
                figure=ctx.figure(row, lang)))))
    return out


def same_event(ctx: Context) -> list[Finding]:
    out = []
    # plain lists, not a pandas groupby: each group frame would copy the table's attrs (its row list)
    by_date: dict[str, list[str]] = {}
    for source_id, event_date in zip(ctx.sources["source_id"], ctx.sources["event_date"]):
        by_date.setdefault(event_date, []).append(source_id)
    for event_date in sorted(by_date):
        ids = sorted(by_date[event_date])
        if len(ids) < 2:
            continue
        undated = [s for s in ids if ctx.undated(s)]
        claims = sorted(c for s in ids for c in ctx.claims_by_source.get(s, []))
        out.append(Finding(
            f"same_event:{event_date}", "same_event", "info", [], claims, ids,
            *explain("same_event", lambda lang: dict(
                n=len(ids), date=fmt.long_date(event_date, lang), sources=ctx.outlets_of(ids, lang),
                undated=say("same_event.undated", lang, sources=ctx.outlets_of(undated, lang)) if undated else ""))))
    return out


def unchanged(a: dict, b: dict) -> bool:
    """The same figure at both dates (same bound, same value or range, and for a fraction the same
    whole where both print one: 63 and 63/63): the finding says "unchanged", not growth or progress."""
    def given(x) -> bool:
        return x is not None and x == x and x != ""  # not missing (NaN is not equal to itself)

    def same(x, y) -> bool:
        return given(x) == given(y) and (not given(x) or float(x) == float(y))
    wholes = (a.get("denominator"), b.get("denominator"))
    return a["bound"] == b["bound"] and all(same(a.get(c), b.get(c)) for c in ("value", "lower", "upper")) \
        and (not all(map(given, wholes)) or same(*wholes))


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
            wording = "cumulative_unchanged" if not fell and unchanged(a, b) else kind
            en, vi = explain(wording, lambda lang: ctx.two_dates(metric, a, b, lang))
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
            wording = "fraction_decrease" if fell else "fraction_unchanged" if unchanged(a, b) else "fraction_growth"
            en, vi = explain(wording, lambda lang: ctx.two_dates(metric, a, b, lang))
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
        firsts = [rows[rows["metric"] == metric].sort_values("as_of").iloc[0] for metric in sorted(keys.index)]

        def items(lang: str) -> str:
            return "; ".join(say("not_comparable.item", lang, label=ctx.label(first["metric"], lang),
                                 figure=ctx.figure(first, lang), month=fmt.month_year(first["as_of"], lang),
                                 derived=say("not_comparable.derived", lang) if first["flag_derived"] else "")
                             for first in firsts)

        out.append(Finding(
            f"not_comparable:{family}", "not_comparable", "caution", sorted(keys.index), _ids(rows),
            sorted(rows["source_id"].unique()),
            *explain("not_comparable", lambda lang: dict(items=items(lang)))))
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

        def base(lang: str) -> str:
            if near is None:
                return say("share_without_base.none", lang)
            return say("share_without_base.nearest", lang, count=ctx.figure(near, lang),
                       month=fmt.month_year(near["as_of"], lang))

        text = explain("share_without_base", lambda lang: dict(
            figure=ctx.figure(row, lang), label=ctx.label(row["metric"], lang), base=base(lang)))
        if near is None:
            out.append(Finding(
                f"share_without_base:{row['claim_id']}", "share_without_base", "caution", [row["metric"]],
                [row["claim_id"]], [row["source_id"]], *text))
            continue
        out.append(Finding(
            f"share_without_base:{row['claim_id']}", "share_without_base", "caution", sorted({row["metric"], near["metric"]}),
            sorted([row["claim_id"], near["claim_id"]]), sorted({row["source_id"], near["source_id"]}), *text))
    return out


def ambiguous_percentages(ctx: Context) -> list[Finding]:
    """'tăng 32,5%' beside a level in percent: points or relative? Carry both readings."""
    out = []
    changes = ctx.reported[ctx.reported["metric"].map(ctx.metrics["kind"]) == "change"]
    first_share: dict[tuple[str, str], dict] = {}
    for r in ctx.reported_rows:
        if ctx.kind[r["metric"]] == "share":
            first_share.setdefault((ctx.family[r["metric"]], r["source_id"]), r)
    # each reported claim's derived figures, indexed once: scanning every derived row per change was
    # quadratic in the number of claims
    derived_from: dict[str, list[str]] = {}
    for r in ctx.derived_rows:
        for cid in r["derived_from"].split(";"):
            derived_from.setdefault(cid, []).append(r["claim_id"])
    for row in records(changes):
        level = first_share.get((ctx.family[row["metric"]], row["source_id"]))
        if level is None:
            continue
        points = level["value"] - row["value"]
        relative = level["value"] / (1 + row["value"] / 100)
        claims = sorted([row["claim_id"], level["claim_id"]])
        claims += derived_from.get(row["claim_id"], [])
        pct = lambda v, lang: fmt.percent(round(v, 1), lang)  # noqa: E731
        out.append(Finding(
            f"ambiguous_percentage:{row['claim_id']}", "ambiguous_percentage", "caution",
            sorted({row["metric"], level["metric"]}), sorted(claims), [row["source_id"]],
            *explain("ambiguous_percentage", lambda lang: dict(
                value_text=row["value_text"], level=ctx.figure(level, lang), change=pct(row["value"], lang),
                # a rise in points is a number of points, never a percentage ("32.5 percentage points")
                change_points=fmt.number(round(row["value"], 1), lang, 0 if float(row["value"]).is_integer() else 1),
                points=pct(points, lang), relative=pct(relative, lang)))))
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

        def beside(lang: str) -> str:
            return "".join(say("bound_vs_exact.beside", lang, figure=ctx.figure(e, lang), label=ctx.label(e["metric"], lang))
                           for e in exact)

        out.append(Finding(
            f"bound_vs_exact:{row['claim_id']}", "bound_vs_exact", "info",
            sorted({row["metric"], *(e["metric"] for e in exact)}), sorted({row["claim_id"], *(e["claim_id"] for e in exact)}),
            sorted({row["source_id"], *(e["source_id"] for e in exact)}),
            *explain("bound_vs_exact", lambda lang: dict(
                value_text=row["value_text"], bound=say(f"bound_vs_exact.{row['bound']}", lang),
                figure=ctx.figure(row, lang), beside=beside(lang)))))
    return out


def derived_figures(ctx: Context) -> list[Finding]:
    out = []
    for row in ctx.derived_rows:
        inputs = [c for c in row["derived_from"].split(";") if c]
        out.append(Finding(
            f"derived_figure:{row['claim_id']}", "derived_figure", "info", [row["metric"]],
            sorted([row["claim_id"], *inputs]), [row["source_id"]],
            *explain("derived_figure", lambda lang: dict(
                label=ctx.label(row["metric"], lang), inputs=ctx.outlets_of(ctx.sources_of(inputs), lang),
                low=fmt.amount(row["lower"], row["unit"], lang), high=fmt.amount(row["upper"], row["unit"], lang)))))
    return out


def inferred_as_of_dates(ctx: Context) -> list[Finding]:
    """One finding per source: which of its figures carry a date we inferred rather than read."""
    out = []
    by_source: dict[str, list[dict]] = {}
    for row in ctx.reported_rows:
        if row["flag_as_of_inferred"] or row["flag_year_inferred"]:
            by_source.setdefault(row["source_id"], []).append(row)
    for source_id, group in sorted(by_source.items()):
        undated = ctx.undated(source_id)
        dates = sorted({r["as_of"] for r in group})
        out.append(Finding(
            f"as_of_inferred:{source_id}", "as_of_inferred", "info", sorted({r["metric"] for r in group}),
            sorted(r["claim_id"] for r in group), [source_id],
            *explain("as_of_inferred", lambda lang: dict(
                n=len(group), source=ctx.outlet(source_id, lang), dates=", ".join(fmt.long_date(d, lang) for d in dates),
                undated=say("as_of_inferred.undated", lang) if undated else ""))))
    return out


def same_date_disagreements(ctx: Context) -> list[Finding]:
    """Figures of one metric at one date that no single value satisfies: a conflict, whether they are
    printed or derived by us (two derivations from two sources, or a printed figure and a derived
    one). Reconciliation publishes such a metric and date as `conflicting` (step.build_reconciled)."""
    out = []
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in ctx.rows:
        if not row["flag_repeated"]:  # a repeat is its first printing again, never a second opinion
            groups.setdefault((row["metric"], row["as_of"]), []).append(row)
    for (metric, as_of), group in sorted(groups.items()):
        if len(group) < 2 or not disagree(group):
            continue
        for a, b in combinations(group, 2):
            if not disagree([a, b]):
                continue
            out.append(Finding(
                f"conflict:{metric}:{as_of}:{a['claim_id']}~{b['claim_id']}", "conflict", "conflict", [metric],
                sorted([a["claim_id"], b["claim_id"]]), sorted([a["source_id"], b["source_id"]]),
                *explain("conflict", lambda lang: dict(
                    label=ctx.label(metric, lang), date=fmt.long_date(as_of, lang), first=ctx.figure(a, lang),
                    first_source=a["source_id"], second=ctx.figure(b, lang), second_source=b["source_id"]))))
    return out


RULES = [repeated_in_source, same_event, cumulative_changes, fraction_changes, look_alikes, shares_without_base,
         ambiguous_percentages, bounds_beside_exact, derived_figures, inferred_as_of_dates, same_date_disagreements]


def find_all(ctx: Context) -> list[Finding]:
    findings = [f for rule in RULES for f in rule(ctx)]
    return sorted(findings, key=lambda f: f.finding_id)
