"""Only review conferences are counted as reviews (the story's count, its standfirst, the timeline);
an event of another kind is shown as what it is."""

import pandas as pd
import pytest
from chart_tables import frames, tables

from dean06.catalog.vocabulary import EVENT_KINDS, REVIEW_CONFERENCE
from dean06.edition import Edition
from dean06.formatting import long_date
from dean06.publish.charts import timeline
from dean06.publish.report import edition_info
from dean06.wording import entry

OTHER_KINDS = [k for k in EVENT_KINDS if k != REVIEW_CONFERENCE]


def sources_with(kind: str) -> pd.DataFrame:
    """The hand-made sources, the latest event turned into an event of `kind`."""
    sources = frames()["sources"]
    latest = sources["event_date"].max()
    sources.loc[sources["event_date"].eq(latest), "event_kind"] = kind
    return sources


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_the_story_counts_reviews_and_names_the_other_events(kind, lang):
    sources = sources_with(kind)
    reviews = sorted(set(sources.loc[sources["event_kind"].eq(REVIEW_CONFERENCE), "event_date"]))
    other_day = sources.loc[sources["event_kind"].eq(kind), "event_date"].iloc[0]
    info = edition_info(sources, frames()["claims_clean"], None, lang)
    assert info.n_reviews == len(reviews) == len(set(sources["event_date"])) - 1
    assert info.review_dates == reviews and info.last_review == long_date(reviews[-1], lang)
    assert info.n_others == 1
    assert entry("report.event_kinds", lang)[kind] in info.others and long_date(other_day, lang) in info.others


def test_with_only_reviews_nothing_else_is_named():
    info = edition_info(frames()["sources"], frames()["claims_clean"], None, "en")
    assert info.n_reviews == len(set(frames()["sources"]["event_date"])) and info.others == "" and info.n_others == 0


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_the_timeline_counts_conferences_by_kind_and_labels_the_others(kind, lang):
    edition = Edition.parse(lang, None)
    plain = timeline.data(tables(), edition)
    frame = timeline.data(tables(sources=sources_with(kind)), edition)
    assert list(frame["event_date"]) == list(plain["event_date"])  # one bar per event either way
    assert list(frame["event_kind"]).count(kind) == 1
    n_reviews = int(frame["event_kind"].eq(REVIEW_CONFERENCE).sum())
    assert n_reviews == len(plain) - 1
    title = timeline.title(frame, edition)
    label = entry("report.event_kinds", lang)[kind]
    assert n_reviews > 1 and title.split()[0] == str(n_reviews) and label in title.split(";")[1]
    figure = timeline.draw(frame, edition)
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert sum(text.startswith(label + ":") for text in texts) == 1


def test_a_timeline_of_no_review_says_so():
    edition = Edition.parse("en", None)
    sources = frames()["sources"].assign(event_kind="seminar")
    frame = timeline.data(tables(sources=sources), edition)
    assert timeline.title(frame, edition).startswith("No review conference")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_the_timeline_draws_each_kind_of_event_in_its_own_colour_with_a_key(kind, lang):
    from matplotlib.colors import to_hex
    from matplotlib.patches import Rectangle

    edition = Edition.parse(lang, None)
    frame = timeline.data(tables(sources=sources_with(kind)), edition)
    figure = timeline.draw(frame, edition)
    ax = figure.axes[0]
    bars = sorted((b for b in ax.patches if isinstance(b, Rectangle)), key=lambda b: b.get_y())
    colours = [to_hex(b.get_facecolor()) for b in bars]
    assert len(bars) == len(frame)
    by_kind = {}
    for colour, event_kind in zip(colours, frame["event_kind"]):  # bars top to bottom, events oldest first
        by_kind.setdefault(event_kind, set()).add(colour)
    assert all(len(c) == 1 for c in by_kind.values()) and len({c.pop() for c in by_kind.values()}) == len(by_kind)
    legend = figure.legends[0]
    names = {entry("report.event_kinds", lang)[k].lower() for k in by_kind}
    assert {t.get_text().replace("\n", " ").lower() for t in legend.get_texts()} == names
    plain = timeline.draw(timeline.data(tables(), edition), edition)
    assert not plain.legends  # one kind: the title names it, no key
