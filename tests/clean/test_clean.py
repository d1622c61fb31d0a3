"""The cleaning step over the archive's claims (chosen by what they are, never by id), its derived
rows, its output format and its refusals."""

import datetime as dt
import math
import re
import subprocess
import sys
from decimal import Decimal

import pandas as pd
import pandera.errors
import pytest
from cases import append_claim, lines, metric_of
from cases import corpus as build_corpus
from claim_cases import CASES, COUNT_KINDS, DEC, WHOLE, match, num, printed
from conftest import ROOT, edit_csv

from dean06.catalog import tables
from dean06.clean import step as clean
from dean06.problems import InputError
from dean06.catalog.contracts import CLAIMS_CLEAN_COLUMNS, validate_claims_clean


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return clean.clean_claims(*clean.load_raw(ROOT))


def row(table, cid) -> dict:
    [r] = table[table.claim_id == cid].to_dict("records")
    return r


def nan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)


def test_columns_rows_and_order(table):
    assert list(table.columns) == CLAIMS_CLEAN_COLUMNS
    raw = pd.read_csv(ROOT / "data/raw/claims.csv", dtype=str, keep_default_na=False)
    derived = tables.read("derivations", ROOT)["derivation_id"]  # one row per derived figure (test_derive.py)
    assert len(table) == len(raw) + len(derived)
    assert list(table.claim_id) == sorted(table.claim_id)
    assert set(raw.claim_id) | set(derived) == set(table.claim_id)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The archive's claims, plus a constructed claim for each case above that the archive lacks."""
    return build_corpus(ROOT, tmp_path_factory.mktemp("corpus"), CASES)


@pytest.fixture(scope="module")
def cleaned(corpus) -> pd.DataFrame:
    return clean.clean_claims(*clean.load_raw(corpus.root))


def cases(corpus, cleaned, name):
    """(raw claim, cleaned row, metric) for every claim of the case."""
    assert corpus[name], name
    for cid in corpus[name]:
        claim = corpus.claims[cid]
        yield claim, row(cleaned, cid), corpus.metrics[claim["metric"]]


def test_lower_bound_in_millions(corpus, cleaned):
    for claim, r, metric in cases(corpus, cleaned, "millions_above"):
        x = float(num(match(rf"hơn ({DEC}) triệu", claim)[1]) * 10**6)
        assert (r["value"], r["bound"], r["qualifier"], r["lower"], r["unit"]) == (x, "lower", "hơn", x, metric["unit"])
        assert nan(r["upper"]) and nan(r["share"]) and nan(r["numerator"])
        assert r["value_text"] == claim["value_text"]


def test_trillions_of_dong(corpus, cleaned):
    for claim, r, _ in cases(corpus, cleaned, "trillions_of_dong"):
        x = float(num(match(rf"(?:hơn|trên) ({DEC}) nghìn tỷ đồng", claim)[1]) * 10**12)
        assert (r["value"], r["unit"], r["bound"], r["lower"]) == (x, "VND", "lower", x)


def test_billions_with_a_decimal_comma(corpus, cleaned):
    for claim, r, _ in cases(corpus, cleaned, "billions_decimal_comma"):
        assert r["value"] == float(num(match(r"(?:hơn |trên )?(\d+,\d+) tỷ", claim)[1]) * 10**9)


def test_fraction(corpus, cleaned):
    for claim, r, _ in cases(corpus, cleaned, "fraction"):
        a, b = (int(num(g)) for g in match(rf"({WHOLE})/({WHOLE})", claim).groups())
        assert (r["value"], r["numerator"], r["denominator"]) == (a, a, b)
        assert r["share"] == pytest.approx(a / b, abs=1e-15)


def test_relative_as_of_is_the_event_date(corpus, cleaned):
    for claim, r, _ in cases(corpus, cleaned, "relative_as_of"):
        source = corpus.sources[claim["source_id"]]
        # "as of now" is the event's date: inferred exactly when the event's date is
        inferred = source["event_date_method"].strip().startswith("inferred:")
        assert (r["as_of"], r["as_of_method"], r["flag_as_of_inferred"], r["flag_year_inferred"]) == \
            (source["event_date"], f"relative ({claim['as_of_text'].strip()}): event date" + (", inferred" if inferred else ""),
             inferred, False)


def test_stated_as_of(corpus, cleaned):
    for claim, r, _ in cases(corpus, cleaned, "stated_date"):
        d, m, y = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})$", claim["as_of_text"]).groups()
        assert (r["as_of"], r["as_of_method"], r["flag_as_of_inferred"], r["flag_year_inferred"]) == \
            (dt.date(int(y), int(m), int(d)).isoformat(), "stated", False, False)


def test_percentage_reached_is_an_exact_share(corpus, cleaned):
    for claim, r, _ in cases(corpus, cleaned, "share_reached"):
        x = float(num(match(rf"đạt ({DEC})%", claim)[1]))
        assert (r["value"], r["unit"], r["qualifier"], r["bound"], r["lower"], r["upper"]) == \
            (x, "percent", "đạt", "exact", x, x)
        assert r["share"] == pytest.approx(x / 100, abs=1e-15)


def test_plain_percentage_is_an_exact_share(corpus, cleaned):
    for claim, r, _ in cases(corpus, cleaned, "share_plain"):
        x = num(match(rf"({DEC})%", claim)[1])
        assert (r["value"], r["lower"], r["upper"], r["qualifier"], r["bound"]) == (float(x), float(x), float(x), "", "exact")
        assert r["share"] == float(x / 100)


def test_repeat_is_flagged_with_the_same_figure(corpus, cleaned):
    for claim, r, _ in cases(corpus, cleaned, "repeat"):
        twin = row(cleaned, claim["same_statistic_as"])
        assert (r["flag_repeated"], r["repeat_of"], r["value"], r["bound"]) == \
            (True, claim["same_statistic_as"], twin["value"], twin["bound"])
        assert twin["flag_repeated"] is (corpus.claims[twin["claim_id"]]["same_statistic_as"] != "")


def test_undated_figure_takes_the_event_date_flagged(corpus, cleaned):
    for claim, r, _ in cases(corpus, cleaned, "undated"):
        event = corpus.sources[claim["source_id"]]["event_date"]
        assert (r["as_of"], r["as_of_method"], r["flag_as_of_inferred"]) == (event, "inferred: event date", True)


def test_leading_zero(corpus, cleaned):
    for claim, r, _ in cases(corpus, cleaned, "leading_zero"):
        assert r["value"] == int(printed(claim))


def test_change_percentage_is_not_a_share(corpus, cleaned):
    for claim, r, _ in cases(corpus, cleaned, "change_percent"):
        assert (r["value"], r["unit"]) == (float(num(match(rf"({DEC})%", claim)[1])), "percent") and nan(r["share"])


def test_quote_display_folds_no_break_spaces(corpus, cleaned):
    assert not cleaned.quote_display.str.contains("\u00a0").any()
    for claim, r, _ in cases(corpus, cleaned, "no_break_space"):
        assert r["value_text"] == claim["value_text"]  # the value keeps the copy's characters
    reported = cleaned[~cleaned.flag_derived]
    assert dict(zip(reported.claim_id, reported.value_text)) == {c: v["value_text"] for c, v in corpus.claims.items()}


def test_plain_read_csv_frames_give_the_same_table(table):
    frames = [pd.read_csv(ROOT / f"data/raw/{n}.csv", dtype=str, keep_default_na=False)
              for n in ("claims", "sources", "metrics", "derivations")]
    pd.testing.assert_frame_equal(clean.clean_claims(*frames), table)


def test_output_is_deterministic_and_plain(cleaned, corpus, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    clean.write_claims_clean(cleaned, a)
    clean.write_claims_clean(cleaned.sample(frac=1, random_state=1), b)  # order of rows must not matter
    data = a.read_bytes()
    assert data == b.read_bytes()
    assert b"\r" not in data and data.endswith(b"\n")
    text = data.decode("utf-8")
    whole = cleaned.value[cleaned.value.notna() & (cleaned.value == cleaned.value.round())]
    for v in (whole.max(), whole[whole < 1e9].max()):  # the trillions case makes the largest over 1e12
        assert f",{int(v)}," in text and f",{int(v)}.0," not in text
    assert "e+" not in text
    share = next(cases(corpus, cleaned, "share_plain"))[0]
    assert f",{format((num(match(rf'({DEC})%', share)[1]) / 100).normalize(), 'f')}," in text
    assert ",true," in text and "True" not in text
    back = pd.read_csv(a, dtype={"claim_id": str})
    assert back.flag_derived.dtype == bool and back.flag_derived.sum() == cleaned.flag_derived.sum()


def test_year_inferred_from_event_date(project_copy):
    """An as-of printed without its year takes the event's year; a figure derived from it carries it too."""
    spec = tables.read("derivations", project_copy).iloc[0]
    inputs = [pair.split("=", 1)[1] for pair in spec.inputs.split(";")]
    before = clean.clean_claims(*clean.load_raw(project_copy)).set_index("claim_id")
    days = {cid: dt.date.fromisoformat(before.loc[cid, "as_of"]) for cid in inputs}

    def edit(header, rows):
        for r in rows:
            if r["claim_id"] in days:
                r["as_of_text"] = f"{days[r['claim_id']].day}/{days[r['claim_id']].month}"
    edit_csv(project_copy / "data/raw/claims.csv", edit)
    t = clean.clean_claims(*clean.load_raw(project_copy))
    for cid, day in days.items():
        r = row(t, cid)
        event_year = before.loc[cid, "event_date"][:4]
        assert (r["as_of"], r["as_of_method"], r["flag_year_inferred"]) == \
            (f"{event_year}-{day.month:02d}-{day.day:02d}", "stated, year inferred", True)
    assert row(t, spec.derivation_id)["flag_year_inferred"] is True  # the derived figure carries it


# A claim of each kind that stays valid, for the cases the archive lacks; the test then damages it.
VALID = {"share": ("percent", "50%"), "fraction": ("items", "5/10"), "cumulative_count": ("items", "10")}


def targets(root, wanted) -> list[str]:
    """One distinct claim per entry of `wanted` (metric kinds), appending one where none is left.

    None is an input of a derivation or part of a repeated statistic, nor the first row, so damaging
    one makes exactly one problem."""
    table = clean.clean_claims(*clean.load_raw(root))
    busy = {cid for ids in table.derived_from for cid in ids.split(";") if cid}
    busy |= set(table.repeat_of) | set(table.claim_id[table.flag_repeated])
    claims = tables.read("claims", root)
    busy.add(claims.claim_id.iloc[0])
    kinds = dict(zip(tables.read("metrics", root).metric, tables.read("metrics", root).kind))
    chosen = []
    for want in wanted:
        free = [c for c, m in zip(claims.claim_id, claims.metric) if kinds[m] in want and c not in busy | set(chosen)]
        if free:
            chosen.append(free[0])
        else:
            unit, value = VALID[want[0]]
            metric = metric_of(root, lambda m: m["kind"] in want, kind=want[0], unit=unit)
            chosen.append(append_claim(root, metric=metric, value_text=value))
    return chosen


ANY = ("cumulative_count", "level", "flow", "share", "fraction", "change")
BAD = [  # (metric kinds of the claim to damage, column, bad value, words the message must contain)
    (COUNT_KINDS, "value_text", "hơn 1.3 tỷ", "with English separators (thousands ',', decimals '.') it reads 1.3"),
    (ANY, "as_of_text", "31/2/2023", "is not a date"),
    (("share",), "value_text", "194,03%", "a share over 100%"),
    (("fraction",), "value_text", "64/63", "larger than the denominator"),
    (COUNT_KINDS, "value_text", "chừng 10.000", "unknown qualifier"),
    (COUNT_KINDS, "value_text", "hơn 130.700 vạn", "unknown scale word"),
]


def damage(root) -> dict[str, tuple]:
    """Damage one claim per entry of BAD: claim id -> (column, bad value, words)."""
    ids = targets(root, [kinds for kinds, *_ in BAD])
    bad = {cid: tuple(rest) for cid, (_, *rest) in zip(ids, BAD)}

    def edit(header, rows):
        for r in rows:
            if r["claim_id"] in bad:
                column, value, _ = bad[r["claim_id"]]
                r[column] = value
    edit_csv(root / "data/raw/claims.csv", edit)
    return bad


def test_every_problem_is_reported_at_once(project_copy):
    bad = damage(project_copy)
    with pytest.raises(InputError) as err:
        clean.clean_claims(*clean.load_raw(project_copy))
    assert len(err.value.problems) == len(BAD)
    text = str(err.value)
    at = lines("claims", project_copy, "claim_id")
    for cid, (column, value, words) in bad.items():
        [line] = [p for p in text.splitlines() if f"claim {cid}:" in p]
        assert f"data/raw/claims.csv, row {at[cid]}, column '{column}'" in line
        assert repr(value) in line and words in line


def test_cli_fails_and_leaves_previous_output(project_copy):
    bad = damage(project_copy)
    out = project_copy / "data/processed/claims_clean.csv"
    out.parent.mkdir(parents=True)
    out.write_text("previous output\n")
    proc = subprocess.run([sys.executable, "-m", "dean06.clean", "--root", str(project_copy)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    for cid in bad:
        assert f"claim {cid}:" in proc.stderr
    assert out.read_text() == "previous output\n"
    assert [p.name for p in out.parent.iterdir()] == ["claims_clean.csv"]  # no temporary file left


def test_cli_writes_the_table(project_copy):
    proc = subprocess.run([sys.executable, "-m", "dean06.clean", "--root", str(project_copy)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    written = (project_copy / "data/processed/claims_clean.csv").read_text(encoding="utf-8")
    assert written == clean.to_csv_text(clean.clean_claims(*clean.load_raw(ROOT)))


def _day_after_publication(root, cid):
    claims = tables.read("claims", root).set_index("claim_id")
    sources = tables.read("sources", root).set_index("source_id")
    day = dt.date.fromisoformat(sources.loc[claims.loc[cid, "source_id"], "published_date"]) + dt.timedelta(days=1)
    return f"{day.day}/{day.month}/{day.year}"


def _first_claim(root, cid):
    return tables.read("claims", root).claim_id.iloc[0]  # targets() never picks the first row


@pytest.mark.parametrize("kinds, column, value, words", [
    (ANY, "same_statistic_as", "XX-999999-99", "does not exist"),
    (ANY, "metric", "no_such_metric", "unknown metric key"),
    (ANY, "source_id", "XX-000000", "unknown source id"),
    (ANY, "as_of_text", _day_after_publication, "after the source's publication date"),
    (("share",), "value_text", "94,03", "has no %"),
    (COUNT_KINDS, "value_text", "17,5%", "a percentage, but metric"),
    (ANY, "claim_id", _first_claim, "duplicate claim id"),
])
def test_other_bad_claims(project_copy, kinds, column, value, words):
    [cid] = targets(project_copy, [kinds])
    path = project_copy / "data/raw/claims.csv"
    line = lines("claims", project_copy, "claim_id")[cid]  # editing keeps the order of rows
    value = value(project_copy, cid) if callable(value) else value
    edit_csv(path, lambda h, rows: next(r for r in rows if r["claim_id"] == cid).__setitem__(column, value))
    with pytest.raises(InputError) as err:
        clean.clean_claims(*clean.load_raw(project_copy))
    [problem] = err.value.problems
    assert words in problem.message and problem.row == line and problem.file == "data/raw/claims.csv"


def test_repeat_with_another_figure_is_an_error(project_copy):
    claims = tables.read("claims", project_copy)
    metrics = tables.read("metrics", project_copy).set_index("metric")
    counts = claims[claims.same_statistic_as != ""]
    counts = counts[counts.metric.map(lambda m: metrics.loc[m, "kind"] in COUNT_KINDS)]
    if counts.empty:  # none in the archive: repeat a count
        first = claims[claims.metric.map(lambda m: metrics.loc[m, "kind"] in COUNT_KINDS)].iloc[0]
        cid = append_claim(project_copy, metric=first.metric, value_text=first.value_text, as_of_text=first.as_of_text,
                           same_statistic_as=first.claim_id, source_id=first.source_id)
    else:
        cid = counts.claim_id.iloc[0]
    claims = tables.read("claims", project_copy).set_index("claim_id")
    twin = claims.loc[claims.loc[cid, "same_statistic_as"], "value_text"]
    last = re.search(r"\d(?=\D*$)", twin)
    other = twin[:last.start()] + str((int(last[0]) + 1) % 10) + twin[last.end():]  # one digit differs
    line = lines("claims", project_copy, "claim_id")[cid]
    edit_csv(project_copy / "data/raw/claims.csv",
             lambda h, rows: next(r for r in rows if r["claim_id"] == cid).__setitem__("value_text", other))
    with pytest.raises(InputError) as err:
        clean.clean_claims(*clean.load_raw(project_copy))
    [problem] = err.value.problems
    assert "the figures differ" in problem.message and problem.row == line and problem.column == "same_statistic_as"


def test_base_from_a_rate_needs_an_exact_rate(project_copy, table):
    """A base derived from a count and a printed rate: a rate that is only a bound cannot give it."""
    derived = table[table.flag_derived & (table.bound == "approx")]
    assert not derived.empty, "no derivation of a base from a rate"
    inputs = derived.derived_from.iloc[0].split(";")
    [rate] = [cid for cid in inputs if row(table, cid)["unit"] == "percent"]
    line = lines("derivations", project_copy, "derivation_id")[derived.claim_id.iloc[0]]
    bound = "hơn " + format(Decimal(str(row(table, rate)["value"])).normalize(), "f").replace(".", ",") + "%"
    edit_csv(project_copy / "data/raw/claims.csv",
             lambda h, rows: next(r for r in rows if r["claim_id"] == rate).__setitem__("value_text", bound))
    with pytest.raises(InputError) as err:
        clean.clean_claims(*clean.load_raw(project_copy))
    [problem] = err.value.problems
    assert "needs an exact count and a non-zero exact rate" in problem.message
    assert (problem.file, problem.row) == ("data/raw/derivations.csv", line)  # the derivation's own row


def test_bad_source_date(project_copy):
    sid = tables.read("sources", project_copy).source_id.iloc[-1]
    line = lines("sources", project_copy, "source_id")[sid]
    edit_csv(project_copy / "data/raw/sources.csv",
             lambda h, rows: next(r for r in rows if r["source_id"] == sid).__setitem__("event_date", "2023-02-30"))
    with pytest.raises(InputError, match=rf"data/raw/sources.csv, row {line}, column 'event_date'"):
        clean.clean_claims(*clean.load_raw(project_copy))


@pytest.mark.parametrize("column, value", [("share", 1.2), ("lower", 1e12), ("bound", "roughly"),
                                           ("as_of", "2023-02-30"), ("numerator", "denominator + 1")])
def test_schema_refuses_broken_tables(cleaned, tmp_path, column, value):
    broken = cleaned.copy()
    [at] = broken.index[broken.numerator.notna()][:1]  # a fraction (the corpus always has one)
    broken.loc[at, column] = broken.loc[at, "denominator"] + 1 if value == "denominator + 1" else value
    target = tmp_path / "out.csv"
    target.write_text("previous\n")
    with pytest.raises(pandera.errors.SchemaErrors):
        clean.write_claims_clean(broken, target)
    assert target.read_text() == "previous\n"


def test_schema_accepts_the_real_table(table):
    validate_claims_clean(table)
