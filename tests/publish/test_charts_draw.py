"""Every chart draws in both languages with a title that states a finding computed from the data,
a subtitle, a source line and alt text; the house marks (lower bound, derived, one line per metric)
are really on the figure. Expectations are computed from chart_tables.py, never typed in."""

import io

import pandas as pd
import pytest
from chart_tables import frames, tables
from matplotlib.figure import Figure

from dean06 import formatting
from dean06.edition import Edition
from dean06.publish.charts import (NAMES, REGISTRY, Tables, build, build_all, coverage, identity, policy_documents,
                                   source_agreement, timeline)
from dean06.publish.charts.common import outlet
from dean06.wording import chart as t


def texts(fig) -> str:
    found = [x.get_text() for x in fig.findobj(lambda a: hasattr(a, "get_text"))]
    return " | ".join(s.replace("\n", " ") for s in found if isinstance(s, str))


@pytest.fixture(scope="module")
def built():
    tb = tables()
    return {lang: {name: build(name, tb, lang) for name in NAMES} for lang in ("vi", "en")}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("module", REGISTRY, ids=NAMES)
def test_each_chart_has_title_subtitle_source_and_renders(built, module, lang):
    fig, frame, alt = built[lang][module.NAME]
    edition = Edition.parse(lang)
    page = fig.texts[0].get_text().replace("\n", " "), fig.texts[1].get_text().replace("\n", " ")
    assert page == (module.title(frame, edition), module.subtitle(frame, edition))
    words = texts(fig)
    assert (t("source", lang) + ": ") in words
    ids = set(frame["source_id"]) if "source_id" in frame else {i for v in frame["source_ids"] for i in v.split(";")}
    for _, src in frames()["sources"][lambda s: s["source_id"].isin(ids)].iterrows():
        assert outlet(src, lang) in words
    assert alt.strip() and alt.endswith(".") and module.title(frame, edition) in alt
    fig.savefig(io.BytesIO(), format="png", dpi=40)


def _set(frame, claim_id, **values):
    frame = frame.copy()
    for column, value in values.items():
        frame.loc[frame["claim_id"] == claim_id, column] = value
    return frame


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_titles_follow_the_data(lang):
    edition = Edition.parse(lang)
    c = frames()["claims_clean"]

    # identity: the latest e-ID figure heads the chart; raise it and the title says so
    frame = identity.data(tables(), edition)
    top = frame[frame["area"] == identity.AREA].sort_values("as_of").iloc[-1]
    changed = _set(c, top["claim_id"], value=99_900_000, lower=99_900_000)
    new = identity.title(identity.data(tables(claims_clean=changed), edition), edition)
    assert new != identity.title(frame, edition)
    assert formatting.amount(99_900_000, top["unit"], lang, top["bound"]) in new

    # coverage: the lead measure's latest figure and date are the title; change the figure and it follows
    frame = coverage.data(tables(), edition)
    lead = frame[frame["metric"] == frame["metric"].iloc[0]].iloc[-1]
    title = coverage.title(frame, edition)
    assert lead["label"] in title and lead["value_text"] in title and lead["period"] in title
    changed = _set(c, lead["claim_id"], value=lead["denominator"] - 1, numerator=lead["denominator"] - 1,
                   share=(lead["denominator"] - 1) / lead["denominator"])
    new = coverage.title(coverage.data(tables(claims_clean=changed), edition), edition)
    assert new != title and formatting.number(lead["denominator"] - 1, lang) in new

    # policy: the steepest rise of a count reported at two dates
    frame = policy_documents.data(tables(), edition)
    rises = frame.groupby("metric")["value"].agg(["first", "last", "size"])
    rises = rises[rises["size"] >= 2]
    best = ((rises["last"] - rises["first"]) / rises["first"]).idxmax()
    assert frame[frame["metric"] == best]["label"].iloc[0] in policy_documents.title(frame, edition)

    # timeline: the number of conferences, not of articles
    frame = timeline.data(tables(), edition)
    n_events = frames()["sources"]["event_date"].nunique()
    assert timeline.title(frame, edition).startswith(formatting.number(n_events, lang))
    assert n_events < len(frames()["sources"])

    # source matrix: the counts in title and subtitle add up
    frame = source_agreement.data(tables(), edition)
    n = source_agreement.counts(frame)
    assert n["n_multi"] == n["n_agree"] + n["n_conflict"] + n["n_series"]
    for v in (n["n_checked"], n["n_metrics"], n["n_conflict"]):
        assert formatting.number(v, lang) in source_agreement.title(frame, edition)
    assert formatting.number(n["n_single"], lang) in source_agreement.subtitle(frame, edition)


def test_identity_draws_one_line_per_metric_and_marks_bounds_and_derived(built):
    fig, frame, _ = built["en"]["identity"]
    colours = set(frame["color"])
    lines = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_linestyle() == "-" and ln.get_color() in colours]
    points = frame.groupby("series").size()
    joined = frame[frame["series"].isin(points[points >= 2].index)]
    # a line only where a metric has two or more figures, through exactly that metric's figures
    assert sorted(ln.get_color() for ln in lines) == sorted(joined.drop_duplicates("series")["color"])
    for ln in lines:
        rows = frame[frame["color"] == ln.get_color()]
        assert list(ln.get_ydata()) == list(rows["value"])
    markers = [ln.get_marker() for ax in fig.axes for ln in ax.get_lines()]
    assert markers.count("^") == int(frame["bound"].eq("lower").sum())
    assert markers.count("D") == int(frame["flag_derived"].sum())
    assert len(fig.axes) == 1  # one panel, one scale: look-alikes are told apart by their direct labels


def test_build_all_applies_the_cut_off_and_empty_charts_still_draw():
    src = frames()["sources"].sort_values("published_date")
    cut = src["published_date"].iloc[1]
    charts = build_all(tables(), "en", as_of=cut)
    assert list(charts) == NAMES
    fig, frame, _ = charts["timeline"]
    assert f"Only articles published by {formatting.long_date(cut, 'en')}." in texts(fig)
    assert set(frame["event_date"]) == set(src[src["published_date"] <= cut]["event_date"])
    empty = build_all(Tables.build(), "vi")
    for name, (fig, frame, alt) in empty.items():
        assert frame.empty and alt.startswith("Biểu đồ trống"), name
        assert isinstance(fig, Figure)


def test_diacritics_need_no_fallback_font():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from dean06.publish.charts import style
    font = FT2Font(font_manager.findfont(style.FONT, fallback_to_default=False))
    charmap = font.get_charmap()
    letters = "ăâđêôơưắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵĂÂĐÊÔƠƯ≠✓✕→•÷–“”"
    assert [c for c in letters if ord(c) not in charmap] == []



@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("huge", [2.3e9, 4.7e15])
def test_policy_documents_renders_a_huge_count(lang, huge):
    """A count in the billions and beyond beside counts in single figures: still one linear axis from
    zero, every bar as long as its count, a handful of labelled ticks that reach the longest bar."""
    from chart_checks import bar_scale_problems, opaque_bars, uncovered_data

    frame = policy_documents.data(tables(), Edition.parse(lang))
    latest = frame.sort_values("as_of").drop_duplicates("metric", keep="last")["claim_id"].iloc[0]
    c = frames()["claims_clean"]
    text = formatting.number(huge, lang)
    fig, frame, _ = build("policy_documents", tables(claims_clean=_set(c, latest, value=huge, lower=huge, upper=huge,
                                                                        value_text=text)), lang)
    assert huge in set(frame["value"])
    fig.savefig(io.BytesIO(), format="png", dpi=40)
    fig.savefig(io.BytesIO(), format="svg")
    ax = fig.axes[0]
    assert ax.get_xscale() == "linear" and ax.get_xlim()[0] == 0
    assert 0 < len(ax.get_xticks()) <= 6 and frame["value"].max() <= ax.get_xlim()[1]
    assert sorted(bar.get_width() for _, bar in opaque_bars(fig)) == sorted(frame["value"])
    assert bar_scale_problems(fig) == [] and uncovered_data(fig) == []


def _grown(copies: int) -> Tables:
    """The hand-made archive and `copies` copies of it, each moved 45 days later per copy: an archive
    with many more events and report dates than the page has room or colours for."""
    import datetime as dt

    f = frames()
    later = lambda iso, k: (dt.date.fromisoformat(iso) + dt.timedelta(days=45 * k)).isoformat() if iso else iso  # noqa: E731
    sources, claims = [f["sources"]], [f["claims_clean"]]
    for k in range(1, copies + 1):
        s = f["sources"].copy()
        s["source_id"] += f"-{k}"
        for column in ("event_date", "published_date"):
            s[column] = s[column].map(lambda d: later(d, k))
        c = f["claims_clean"].copy()
        for column in ("claim_id", "source_id"):
            c[column] += f"-{k}"
        for column in ("derived_from", "repeat_of"):
            c[column] = c[column].map(lambda v: ";".join(f"{x}-{k}" for x in v.split(";")) if v else v)
        for column in ("as_of", "published_date"):
            c[column] = c[column].map(lambda d: later(d, k))
        sources.append(s)
        claims.append(c)
    return tables(sources=pd.concat(sources, ignore_index=True), claims_clean=pd.concat(claims, ignore_index=True))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_timeline_of_many_events_groups_them_into_the_finest_bars_that_fit(lang):
    """A bar per event while they fit; past that, one bar per month, quarter or year and kind of
    event (the finest that fits), as long as the figures of its events; the CSV keeps every event."""
    from chart_checks import aspect, opaque_bars

    from dean06.publish.charts import narrow, style

    edition = Edition.parse(lang)
    few = timeline.data(tables(), edition)
    assert timeline.grain_of(few) == "day" and list(few["drawn_in"]) == list(few["event_date"])
    grown = _grown(12)
    frame = timeline.data(grown, edition)
    events = grown.sources.drop_duplicates(["event_date", "event_kind"])
    assert len(frame) == len(events)  # one row per event, whatever the bars
    grain = timeline.grain_of(frame)
    assert grain != "day"
    assert list(frame["drawn_in"]) == [timeline.period_of(d, grain) for d in frame["event_date"]]
    finer = timeline.GRAINS[timeline.GRAINS.index(grain) - 1]
    assert not timeline._fits(frame.assign(drawn_in=[timeline.period_of(d, finer) for d in frame["event_date"]]), edition)
    sums = sorted(frame.groupby(["drawn_in", "event_kind"])["n_figures"].sum())
    fig, drawn, _ = build("timeline", grown, lang)
    assert sorted(bar.get_width() for _, bar in opaque_bars(fig)) == sums
    assert aspect(fig) <= style.PRINT_ASPECT and aspect(narrow("timeline", drawn, lang)) <= style.MAX_ASPECT
    assert t(f"timeline.grain.{grain}", lang) in texts(fig)  # the note says what a bar adds up


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_policy_counts_of_more_dates_than_colours_show_first_and_latest(lang):
    """More report dates than colours: each count of two dates or more shows its first and latest
    report, the reports in between counted in the subtitle and left out of the data drawn; no
    legend of dates, each name carries its first and latest months, the two bars share a line; the
    chart fits the phone and the page."""
    from chart_checks import (aspect, bar_scale_problems, opaque_bars, overlapping_texts, texts_off_page,
                              texts_on_bars, uncovered_data)

    from dean06.publish.charts import common, figtext, narrow, style

    grown = _grown(4)
    edition = Edition.parse(lang)
    frame = policy_documents.data(grown, edition)
    reports = common.statistics(grown, policy_documents.metrics(grown), derived=False).drop_duplicates(["metric", "as_of"])
    dates = reports.groupby("metric")["as_of"].nunique()
    assert reports["as_of"].nunique() > len(policy_documents.SHADES)
    assert set(frame["metric"]) <= set(dates[dates >= 2].index)
    assert frame["metric"].nunique() + frame.attrs["no_room"] == int((dates >= 2).sum())
    for metric, rows in reports[reports["metric"].isin(frame["metric"])].groupby("metric"):
        mine = frame[frame["metric"] == metric]
        assert list(mine["as_of"]) == [rows["as_of"].min(), rows["as_of"].max()]
        assert list(mine["mark"]) == ["first", "latest"]
    between = len(reports[reports["metric"].isin(frame["metric"])]) - len(frame)
    assert between > 0 and frame.attrs["not_drawn"] == between
    assert formatting.number(between, lang) in policy_documents.subtitle(frame, edition)
    fig, _, _ = build("policy_documents", grown, lang)
    assert not fig.legends
    assert sorted(bar.get_width() for _, bar in opaque_bars(fig)) == sorted(frame["value"])
    words = texts(fig)
    for metric, rows in frame.groupby("metric", sort=False):  # each name carries its first and latest months
        span = t("policy_documents.span", lang, first=figtext.axis_month(rows["as_of"].iloc[0], lang),
                 last=figtext.axis_month(rows["as_of"].iloc[-1], lang))
        assert t("policy_documents.name_span", lang, label=rows["label"].iloc[0], span=span) in words.replace("\u00a0", " ")
        assert t("policy_documents.first_latest", lang, first=rows["value_text"].iloc[0],
                 last=rows["value_text"].iloc[-1]) in words
    for drawn, most in ((fig, style.PRINT_ASPECT), (narrow("policy_documents", frame, lang), style.MAX_ASPECT)):
        assert overlapping_texts(drawn) == [] and texts_on_bars(drawn) == [] and texts_off_page(drawn) == []
        assert bar_scale_problems(drawn) == [] and uncovered_data(drawn) == []
        assert aspect(drawn) <= most


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_source_matrix_of_many_articles_groups_its_columns_into_the_finest_periods_that_fit(lang):
    """More sources than a phone has columns for: each column gathers the sources of one month,
    quarter or year (the finest at which every metric fits), its cell the strongest status of its
    sources; the CSV keeps a row per source with the column it is drawn in; the phone's layout has
    no overlapping text and the subtitle says what a column gathers."""
    from chart_checks import aspect, overlapping_texts, texts_off_page

    from dean06.publish.charts import narrow, style, timeline

    few = source_agreement.data(tables(), Edition.parse(lang))
    assert source_agreement.grain_of(few) == "source" and list(few["drawn_in"]) == list(few["source_id"])
    grown = _grown(12)
    fig, frame, _ = build("source_agreement", grown, lang)
    grain = source_agreement.grain_of(frame)
    assert grain != "source"
    assert list(frame["drawn_in"]) == [timeline.period_of(d, grain) for d in frame["published_date"]]
    finer = source_agreement.GRAINS[source_agreement.GRAINS.index(grain) - 1]
    metrics = list(dict.fromkeys(frame["metric"]))
    regrouped = frame.assign(drawn_in=source_agreement._columns(frame, finer))
    with style.drawn_at(style.NARROW):
        assert not source_agreement._layout(regrouped, Edition.parse(lang))["fits"] or frame.attrs["hidden"]
    assert t(f"timeline.grain.{grain}", lang) in source_agreement.subtitle(frame, Edition.parse(lang))
    phone = narrow("source_agreement", frame, lang)
    assert overlapping_texts(phone) == [] and texts_off_page(phone) == [] and aspect(phone) <= style.MAX_ASPECT
    assert aspect(fig) <= style.PRINT_ASPECT  # the page's layout, which print shows, holds the same rows
    symbols = [tx.get_text() for tx in phone.axes[0].texts]
    assert len(symbols) == sum(
        bool(source_agreement._strongest(rows["status"])) for _, rows in frame.groupby(["metric", "drawn_in"]))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_policy_counts_that_do_not_fit_are_left_out_smallest_rise_first_and_counted(lang, monkeypatch):
    """A page with room for one count only (a stand-in for dozens of counts): the largest rise is
    drawn, the others are counted in a note, and the CSV holds only the count drawn."""
    grown = _grown(4)
    edition = Edition.parse(lang)
    every = policy_documents.data(grown, edition)
    assert every["metric"].nunique() >= 2 and every.attrs["no_room"] == 0
    monkeypatch.setattr(policy_documents, "_fits", lambda frame, ed: frame["metric"].nunique() <= 1)
    frame = policy_documents.data(grown, edition)
    assert list(dict.fromkeys(frame["metric"])) == [every["metric"].iloc[0]]  # the largest rise, as titled
    assert frame.attrs["no_room"] == every["metric"].nunique() - 1
    note = t("policy_documents.note.no_room", lang, n=formatting.number(frame.attrs["no_room"], lang))
    assert note in policy_documents.notes(frame, lang) and note in policy_documents.alt_text(frame, edition)


def test_the_most_rows_that_fit_are_found_in_a_few_layouts():
    """common.most_that_fit gives what counting down from every row would (the most that fit, at least
    one), laying the chart out about log2(rows) times rather than once per row left out."""
    import math

    from dean06.publish.charts.common import most_that_fit

    for count in range(1, 60):
        for room in range(0, count + 2):
            tried = []

            def fits(n):
                tried.append(n)
                return n <= room

            counted_down = count
            while counted_down > 1 and counted_down > room:
                counted_down -= 1
            assert most_that_fit(count, fits) == counted_down == max(1, min(room, count))
            assert len(tried) <= math.ceil(math.log2(count)) + 1 and set(tried) <= set(range(1, count + 1))
