"""On the archive, every kind of inconsistency an editor must see is found, and decisions are checked.

Each test picks what it needs from the data (a repeated figure, two sources of one event, a share
without a base, …), never by id; when the archive has no such case, one is constructed in a
scratch copy first, so the test never depends on which articles are archived.
"""

import datetime as dt

import pandas as pd
import pytest
from cases import add_row, append_claim, copy_raw
from conftest import ROOT, edit_csv, published_by

from dean06.catalog import tables
from dean06.clean import step as clean
from dean06.problems import InputError
from dean06.reconcile import step as reconcile


def _clean(root):
    return clean.clean_claims(*clean.load_raw(root))


def _reported(c):
    return c[~c.flag_derived & ~c.flag_repeated]


def _metrics(root):
    return tables.read("metrics", root).set_index("metric", drop=False)


def _sources(root):
    return tables.read("sources", root).set_index("source_id", drop=False)


def undated(method: str) -> bool:
    """The copy states no date: its event date was matched from another source."""
    return method.startswith("inferred") and "states no date" in method


def _counts(root, c):
    kinds = _metrics(root).kind
    r = _reported(c)
    return r[(r.metric.map(kinds) == "cumulative_count") & (r.bound == "exact")]


def _derivation_inputs(c):
    return {cid for ids in c.derived_from for cid in ids.split(";") if cid}


def _bare_shares(root, c):
    """Shares printed without a base (not inputs of a derivation, whose base is stated)."""
    m = _metrics(root)
    r = _reported(c)
    return r[(r.unit == "percent") & r.denominator.isna() & (r.metric.map(m.kind) == "share")
             & ~r.claim_id.isin(_derivation_inputs(c))]


def _same_date_repeats(c):
    """Repeated figures dated as their first printing: one statistic, one published row."""
    as_of = dict(zip(c.claim_id, c.as_of))
    return c[c.flag_repeated & (c.repeat_of.map(as_of) == c.as_of)]


def has_repeat(root, c):
    return not _same_date_repeats(c).empty


def build_repeat(root, c):
    first = _counts(root, c).iloc[0]
    raw = tables.read("claims", root).set_index("claim_id").loc[first.claim_id]
    append_claim(root, metric=first.metric, value_text=raw.value_text, as_of_text=raw.as_of_text,
                 same_statistic_as=first.claim_id, source_id=first.source_id)


def has_same_event_with_undated(root, c):
    s = _sources(root)
    groups = s.groupby("event_date").source_id.apply(list)
    claimed = set(c.source_id)
    return any(len(ids) > 1 and any(undated(s.loc[i, "event_date_method"]) and i in claimed for i in ids)
               for ids in groups)


def build_same_event_with_undated(root, c):
    like = _sources(root).iloc[0].to_dict()
    sid = "ZZZ-" + like["event_date"].replace("-", "")[2:]
    add_row("sources", root, like, source_id=sid, file=f"{sid}.txt",
            event_date_method=f"inferred: the copy states no date; matched to {like['source_id']}")
    append_claim(root, metric=_counts(root, c).iloc[0].metric, value_text="7", source_id=sid)


def has_growth(root, c):
    return bool((_reported(c)[_reported(c).metric.map(_metrics(root).kind) == "cumulative_count"]
                 .groupby("metric").as_of.nunique() > 1).any())


def build_growth(root, c):
    later = _counts(root, c).iloc[0]
    earlier = dt.date.fromisoformat(later.as_of) - dt.timedelta(days=30)
    append_claim(root, metric=later.metric, value_text=str(int(later.value) // 2), source_id=later.source_id,
                 as_of_text=f"{earlier.day}/{earlier.month}/{earlier.year}")


def has_look_alikes(root, c):
    m = _metrics(root)
    present = c[c.metric.map(m.kind).isin(["cumulative_count", "level"])].metric.unique()
    return bool((m.loc[present].groupby("family").size() > 1).any())


def build_look_alike_bound(root, c):
    """A lower bound of a new metric beside an exact count of the same family: a look-alike too."""
    like = _metrics(root).loc[_counts(root, c).iloc[0].metric].to_dict()
    add_row("metrics", root, like, metric="constructed_look_alike")
    append_claim(root, metric="constructed_look_alike", value_text="hơn 10")


def has_lone_bound_beside_exact(root, c):
    return not _lone_bounds(root, c).empty


def _lone_bounds(root, c):
    """Lower bounds alone at their metric and date, with an exact figure of the same family."""
    m = _metrics(root)
    r = _reported(c)
    exact_families = set(r[r.bound == "exact"].metric.map(m.family))
    alone = r.groupby(["metric", "as_of"]).claim_id.transform("size") == 1
    return r[(r.bound == "lower") & alone & r.metric.map(m.family).isin(exact_families)]


def has_share_with_count(root, c):
    m = _metrics(root)
    counts = {(m.loc[x, "family"], m.loc[x, "scope"]) for x in _counts(root, c).metric}
    return any((m.loc[x, "family"], m.loc[x, "scope"]) in counts for x in _bare_shares(root, c).metric)


def build_share_with_count(root, c):
    count = _counts(root, c).iloc[0]
    like = _metrics(root).loc[count.metric].to_dict()
    add_row("metrics", root, like, metric="constructed_share", kind="share", unit="percent")
    append_claim(root, metric="constructed_share", value_text="50%", source_id=count.source_id)


def has_change_beside_share(root, c):
    m = _metrics(root)
    r = _reported(c)
    shares = {(m.loc[x, "family"], s) for x, s in zip(r.metric, r.source_id) if m.loc[x, "kind"] == "share"}
    return any((m.loc[x, "family"], s) in shares for x, s in zip(r.metric, r.source_id) if m.loc[x, "kind"] == "change")


def build_change_beside_share(root, c):
    share = _bare_shares(root, c).iloc[0]
    like = _metrics(root).loc[share.metric].to_dict()
    add_row("metrics", root, like, metric="constructed_change", kind="change", unit="percent")
    append_claim(root, metric="constructed_change", value_text="10%", source_id=share.source_id)


def has_undated_source_with_inferred_as_of(root, c):
    s = _sources(root)
    r = _reported(c)
    return any(undated(s.loc[sid, "event_date_method"]) for sid in r[r.flag_as_of_inferred].source_id)


def build_inferred_in_undated_source(root, c):
    s = _sources(root)
    sid = next(i for i in s.index if undated(s.loc[i, "event_date_method"]))
    append_claim(root, metric=_counts(root, c).iloc[0].metric, value_text="7", source_id=sid)


# (property of the cleaned corpus, how to construct it when the archive lacks it); order matters:
# a later construction may use what an earlier one made.
NEEDS = [
    (has_repeat, build_repeat),
    (has_same_event_with_undated, build_same_event_with_undated),
    (has_undated_source_with_inferred_as_of, build_inferred_in_undated_source),
    (has_growth, build_growth),
    (has_lone_bound_beside_exact, build_look_alike_bound),
    (has_look_alikes, build_look_alike_bound),
    (has_share_with_count, build_share_with_count),
    (has_change_beside_share, build_change_beside_share),
]


class Corpus:
    def __init__(self, root):
        self.root = root
        self.clean = reconcile.load_clean_frame(_clean(root))
        self.sources, self.metrics = _sources(root), _metrics(root)
        self.decisions = tables.read("decisions", root)
        out = root / "data" / "processed"
        out.mkdir(parents=True, exist_ok=True)
        clean.write_claims_clean(self.clean, out / "claims_clean.csv")
        self.result = reconcile.run(root)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = copy_raw(ROOT, tmp_path_factory.mktemp("corpus"))
    for holds, build in NEEDS:
        if not holds(root, _clean(root)):
            build(root, _clean(root))
            assert holds(root, _clean(root)), build.__name__
    return Corpus(root)


@pytest.fixture(scope="module")
def result(corpus):
    return corpus.result


def finding(result, finding_id):
    rows = result.discrepancies[result.discrepancies["finding_id"] == finding_id]
    assert len(rows) == 1, f"{finding_id} not found"
    return rows.iloc[0]


def findings_of(result, kind):
    return result.discrepancies[result.discrepancies["type"] == kind]


def published(result, metric, as_of):
    rows = result.reconciled[(result.reconciled["metric"] == metric) & (result.reconciled["as_of"] == as_of)]
    assert len(rows) == 1
    return rows.iloc[0]


def decided(corpus, f) -> bool:
    """A finding is decided when a decision names it and settled exactly its claims."""
    rows = corpus.decisions[corpus.decisions.finding_id == f["finding_id"]]
    return any(sorted(tables.split_ids(s)) == f["claims"].split(";") for s in rows.settled_claims)


def decision_on(corpus, result, metric, as_of) -> str | None:
    """The id of the decision in force (neither stale nor withdrawn) on `metric` at `as_of`, if any."""
    rows = corpus.decisions[(corpus.decisions.metric == metric) & (corpus.decisions.as_of == as_of)]
    ids = [d for d in rows.decision_id if d not in result.review.set_aside]
    return ids[0] if ids else None


def test_same_statistic_printed_twice_is_counted_once(corpus, result):
    for r in corpus.clean[corpus.clean.flag_repeated].itertuples():
        f = finding(result, f"repeated_in_source:{r.claim_id}")
        assert f["claims"] == ";".join(sorted([r.claim_id, r.repeat_of]))
        assert f["status"] == ("decided" if decided(corpus, f) else "open")
    same_date = _same_date_repeats(corpus.clean)
    assert not same_date.empty
    for r in same_date.itertuples():
        row = published(result, r.metric, r.as_of)
        assert row["value"] == r.value and {r.claim_id, r.repeat_of} <= set(row["supporting_claims"].split(";"))


def test_sources_of_one_event_are_one_report(corpus, result):
    s = corpus.sources
    events = s.groupby("event_date").source_id.apply(sorted)
    events = events[events.map(len) > 1]
    assert not events.empty
    for event_date, ids in events.items():
        f = finding(result, f"same_event:{event_date}")
        assert f["sources"] == ";".join(ids)
        missing = sorted(i for i in ids if undated(s.loc[i, "event_date_method"]))
        named = ", ".join(dict.fromkeys(s.loc[i, "outlet_short"] for i in missing))  # by outlet, never by id
        assert (f"{named} states no date" in f["explanation_en"]) is bool(missing)
        assert not any(i in f["explanation_en"] or i in f["explanation_vi"] for i in ids)
    assert any(undated(s.loc[i, "event_date_method"]) for ids in events for i in ids)


def test_cumulative_counts_at_different_dates_are_growth(corpus, result):
    kinds = corpus.metrics.kind
    r = _reported(corpus.clean)
    counts = r[r.metric.map(kinds) == "cumulative_count"].sort_values(["metric", "as_of", "claim_id"])
    pairs = 0
    for metric, group in counts.groupby("metric"):
        first = group.drop_duplicates("as_of")  # the first claim of each date
        for a, b in zip(first.itertuples(), first.iloc[1:].itertuples()):
            a_low = a.lower if pd.notna(a.lower) else a.value
            b_high = b.upper if pd.notna(b.upper) else float("inf")
            kind = "cumulative_decrease" if b_high < a_low else "cumulative_growth"
            f = finding(result, f"{kind}:{metric}:{a.as_of}>{b.as_of}")
            assert f["severity"] == ("conflict" if kind == "cumulative_decrease" else "info")
            assert f["claims"] == ";".join(sorted([a.claim_id, b.claim_id]))
            pairs += 1
            if kind == "cumulative_growth" and not decided(corpus, f):
                # the earlier figure is superseded, unless an editor's decision on another finding
                # names this metric and date: then the decision's choice is published there
                ruling = decision_on(corpus, result, metric, a.as_of)
                row = published(result, metric, a.as_of)
                if ruling is None:
                    assert row["status"] == "superseded"
                else:
                    assert row["rule"] == f"decision {ruling}"
        last = first.iloc[-1]
        if len(first) > 1 and last.bound == "exact":
            assert published(result, metric, last.as_of)["value"] == last.value
    assert pairs


def test_look_alikes_are_not_comparable(corpus, result):
    cleaned, metrics = corpus.clean, corpus.metrics
    present = cleaned[cleaned.metric.map(metrics.kind).isin(["cumulative_count", "level"])]
    families = metrics.loc[present.metric.unique()].groupby("family").metric.apply(sorted)
    families = families[families.map(len) > 1]
    assert not families.empty
    for family, keys in families.items():
        f = finding(result, f"not_comparable:{family}")
        assert f["metrics"] == ";".join(keys)  # every look-alike printed
        rows = present[present.metric.isin(keys) & ~present.flag_repeated]
        assert f["claims"] == ";".join(sorted(rows.claim_id))
        assert "never joined into a growth rate" in f["explanation_en"]
    # a decision to show look-alikes side by side marks the row it names
    for d in corpus.decisions[corpus.decisions.publish == "not_comparable"].itertuples():
        if decided(corpus, finding(result, d.finding_id)):
            assert published(result, d.metric, d.as_of)["status"] == "not_comparable"


def test_share_without_base(corpus, result):
    m, cleaned = corpus.metrics, corpus.clean
    counts = _reported(cleaned)[_reported(cleaned).metric.map(m.kind) == "cumulative_count"]
    counts = counts.sort_values(["as_of", "claim_id"])
    checked = 0
    for share in _bare_shares(corpus.root, cleaned).itertuples():
        same = counts[(counts.metric.map(m.family) == m.loc[share.metric, "family"])
                      & (counts.metric.map(m.scope) == m.loc[share.metric, "scope"])]
        if same.empty:
            continue
        near = same.iloc[-1]  # the latest count of the same population
        f = finding(result, f"share_without_base:{share.claim_id}")
        assert f["claims"] == ";".join(sorted([share.claim_id, near.claim_id]))
        assert "The nearest count of the same population is" in f["explanation_en"]
        checked += 1
    assert checked


def test_ambiguous_percentage_both_readings(corpus, result):
    m, cleaned = corpus.metrics, corpus.clean
    reported = _reported(cleaned)
    checked = 0
    for change in reported[reported.metric.map(m.kind) == "change"].itertuples():
        levels = reported[(reported.metric.map(m.kind) == "share") & (reported.source_id == change.source_id)
                          & (reported.metric.map(m.family) == m.loc[change.metric, "family"])]
        if levels.empty:
            continue
        level = levels.iloc[0].value
        f = finding(result, f"ambiguous_percentage:{change.claim_id}")
        points, relative = level - change.value, level / (1 + change.value / 100)
        for reading in (points, relative):
            assert f"{round(reading, 1):g}%" in f["explanation_en"]
        # a derived row carrying both readings is published as derived, with both as its range
        for d in cleaned[cleaned.flag_derived & cleaned.derived_from.str.split(";").map(
                lambda ids: change.claim_id in ids)].itertuples():
            row = published(result, d.metric, d.as_of)
            assert (row["lower"], row["upper"], row["status"]) == (d.lower, d.upper, "derived")
        checked += 1
    assert checked


def test_lower_bounds_beside_exact(corpus, result):
    m = corpus.metrics
    reported = _reported(corpus.clean)
    exact = reported[reported.bound == "exact"].sort_values(["as_of", "claim_id"])
    for r in reported[reported.bound.isin(["lower", "upper", "approx"])].itertuples():
        f = finding(result, f"bound_vs_exact:{r.claim_id}")
        beside = exact[(exact.metric.map(m.family) == m.loc[r.metric, "family"]) & ((exact.unit == "percent") == (r.unit == "percent"))]
        if not beside.empty:  # the earliest exact figure of its kind is set beside it
            assert f["claims"] == ";".join(sorted({r.claim_id, beside.iloc[0].claim_id}))
            assert "It sits beside the exact" in f["explanation_en"]
    lone = _lone_bounds(corpus.root, corpus.clean)
    assert not lone.empty
    for r in lone.itertuples():
        assert "a lower bound" in finding(result, f"bound_vs_exact:{r.claim_id}")["explanation_en"]
        row = published(result, r.metric, r.as_of)
        assert row["bound"] == "lower" and row["value"] == r.value


def test_derived_figure_marked_as_derived(result):
    from dean06.catalog import tables

    for spec in tables.read("derivations", ROOT).itertuples():  # every figure the table declares
        inputs = [pair.split("=", 1)[1] for pair in spec.inputs.split(";")]
        f = finding(result, f"derived_figure:{spec.derivation_id}")
        assert f["claims"] == ";".join(sorted([spec.derivation_id, *inputs]))
        assert "never as reported" in f["explanation_en"]


def test_inferred_as_of_dates(corpus, result):
    reported = _reported(corpus.clean)
    flagged = reported[reported.flag_as_of_inferred | reported.flag_year_inferred]
    assert not flagged.empty
    for sid, group in flagged.groupby("source_id"):
        f = finding(result, f"as_of_inferred:{sid}")
        # exactly the figures whose date we supplied; relative wording ('Hiện nay') is a stated date
        assert f["claims"] == ";".join(sorted(group.claim_id))
        noted = "event date itself is inferred" in f["explanation_en"]
        assert noted is undated(corpus.sources.loc[sid, "event_date_method"])


def test_findings_are_decided_exactly_when_a_decision_settles_them(corpus, result):
    assert set(result.discrepancies["status"]) <= {"decided", "open"}
    for _, f in result.discrepancies.iterrows():
        assert f["status"] == ("decided" if decided(corpus, f) else "open"), f["finding_id"]


def test_as_of_a_date_uses_only_what_was_published(corpus):
    claimed = sorted(corpus.sources.loc[sorted(set(corpus.clean.source_id)), "published_date"])
    cut = claimed[len(claimed) // 2 - 1] if len(claimed) > 1 else claimed[0]  # some sources, not all
    decisions = tables.read("decisions", corpus.root)
    early = reconcile.reconcile(corpus.clean, corpus.sources, corpus.metrics, decisions, as_of=cut)
    sources = {s for ids in early.reconciled["sources"] for s in ids.split(";")}
    assert sources == published_by(cut, root=corpus.root)
    for ids in early.discrepancies["sources"]:
        assert set(ids.split(";")) <= published_by(cut, with_claims=False, root=corpus.root)


def with_decisions(root, n):
    """Make sure root's decisions.csv has at least n decisions: settle open findings when it has fewer."""
    have = tables.read("decisions", root)
    if len(have) >= n:
        return
    findings = reconcile.run(root).discrepancies
    free = findings[~findings.finding_id.isin(set(have.finding_id))].head(n - len(have))
    taken = set(have.decision_id)
    ids = [f"D{k:02d}" for k in range(99, 0, -1) if f"D{k:02d}" not in taken]

    def edit(header, rows):
        for did, f in zip(ids, free.itertuples()):
            rows.append({**{k: "" for k in header}, "decision_id": did, "finding_id": f.finding_id, "publish": "value",
                         "settled_claims": f.claims, "reason_en": "constructed", "reason_vi": "constructed"})
    edit_csv(root / "data/raw/decisions.csv", edit)


def test_decision_naming_missing_claim_or_metric_is_an_error(tmp_path):
    import shutil
    shutil.copytree(ROOT / "data", tmp_path / "data")
    with_decisions(tmp_path, 2)
    def edit(header, rows):
        rows[0]["claims"] = "XX-000000-99"
        rows[1]["metric"] = "no_such_metric"
    edit_csv(tmp_path / "data/raw/decisions.csv", edit)
    with pytest.raises(InputError) as err:
        reconcile.run(tmp_path)
    text = str(err.value)
    assert "data/raw/decisions.csv, row 2, column 'claims': names a claim id that does not exist (value: 'XX-000000-99')" in text
    assert "row 3, column 'metric': unknown metric key" in text


def test_decision_naming_a_finding_that_is_gone_is_set_aside_not_an_error(tmp_path):
    import shutil
    shutil.copytree(ROOT / "data", tmp_path / "data")
    with_decisions(tmp_path, 1)
    def edit(header, rows):
        row = next(r for r in rows if r["finding_id"])
        row["finding_id"] = row["finding_id"].split(":")[0] + ":NOPE"
    edit_csv(tmp_path / "data/raw/decisions.csv", edit)
    result = reconcile.run(tmp_path)
    [line] = [p for p in map(str, result.review.problems) if "column 'finding_id'" in p]  # others may be stale
    assert "which the rules no longer produce" in line
