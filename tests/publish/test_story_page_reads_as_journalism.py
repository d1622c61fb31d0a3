"""What an editor and a native reader check on the built pages: the page's title states the finding,
a year the sources give carries no inferred mark, a section states its own figures (the ledger only
qualifies them), one derived label per figure, and the companion page's sentences name outlets, never
ids. On the archive and on the archive enlarged with the fictional fixture articles; expectations come
from the data and the wording files."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from dean06 import formatting as fmt
from dean06.catalog import tables
from dean06.publish import report
from dean06.reconcile import step as reconcile
from dean06.wording import report as t
from dean06.wording import chart

LANGS = ("vi", "en")


@pytest.fixture(scope="module", params=["archive", "enlarged"])
def corpus(request):
    return request.getfixturevalue(f"{request.param}_with_inputs")


@pytest.fixture(scope="module")
def reports(corpus):
    return {lang: report.build(corpus, lang, figures={}) for lang in LANGS}


def text_of(html) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(str(html), "html.parser").get_text()).strip()


def test_the_page_title_is_the_headline(corpus, reports):
    """The <title> a browser tab, a search result or a share shows states the finding: the headline the
    story computes from the data, in each language; a dated edition adds its date."""
    for lang, built in reports.items():
        h1 = BeautifulSoup(built.parts["top"], "html.parser").find("h1")
        assert report.head(built) == {"title": text_of(h1)}, lang
        assert report.head(built)["title"] != t("title", lang)
    sources = tables.read("sources", corpus)
    day = sorted(sources["published_date"])[-2]  # a dated edition with at least one article
    for lang in LANGS:
        dated = report.build(corpus, lang, day, figures={})
        title = report.head(dated)["title"]
        assert text_of(BeautifulSoup(dated.parts["top"], "html.parser").find("h1")) in title
        assert fmt.long_date(day, lang) in title


def test_a_year_the_sources_give_carries_no_inferred_mark(corpus, reports):
    """A year printed alone is marked as inferred only when the year itself was inferred
    (flag_year_inferred); a date whose day we set keeps its mark. No heading carries a mark."""
    clean = tables.read("claims_clean", corpus).set_index("claim_id")
    for lang, built in reports.items():
        page = "".join(built.parts.values())
        soup = BeautifulSoup(page, "html.parser")
        years = [p for p in built.printed.itertuples() if p.kind == "date" and re.fullmatch(r"\d{4}", p.text)]
        for p in years:
            [element] = soup.find_all(id=p.ref)
            marked = "inferred" in (element.get("class") or [])
            assert marked is bool(clean.loc[p.claim_id, "flag_year_inferred"]), (lang, p.ref, p.text)
        for html in (page, "".join(built.evidence.values())):
            for heading in BeautifulSoup(html, "html.parser").find_all(["h1", "h2", "h3"]):
                assert not heading.find(class_="inferred-mark"), (lang, text_of(heading))


def test_a_section_states_its_figures_and_the_ledger_only_qualifies_them(reports):
    """A section of the data whose story text exists prints a figure in that text, not only in its list
    of remaining figures; and a figure its section states is not printed again in the part on what the
    sources do not settle."""
    for lang, built in reports.items():
        sections = [s for s in built.outline if s.kind == "section"]
        for s in sections:
            if text_of(s.body) and any(p.kind == "figure" for p in s.printed):
                assert 'class="figure-ref"' in str(s.body), (lang, s.id)
        printed = built.printed[built.printed["kind"] == "figure"]
        in_sections = set(zip(*printed[printed["section"].isin([s.id for s in sections])][["metric", "as_of"]].T.values))
        in_ledger = set(zip(*printed[printed["section"] == "caveats"][["metric", "as_of"]].T.values))
        assert in_sections & in_ledger == set(), lang


def derived_marks(lang: str) -> list[str]:
    """The words the pages use to say a figure is ours, not reported."""
    return [t("derived", lang), t("inferred", lang), chart("derived", lang)]


def count_marks(text: str, lang: str) -> int:
    text = text.lower()
    return sum(text.count(mark.lower()) for mark in set(derived_marks(lang)))


def test_a_derived_figure_is_labelled_once(reports):
    """One label per figure: each figure of a list entry of the story page, or of a ledger entry, says once
    that the figure is derived (the metric's label does not say it again)."""
    assert count_marks("E (derived): 5 (our estimate)", "en") == 2  # the check can fail
    for lang, built in reports.items():
        story = BeautifulSoup("".join(built.parts.values()), "html.parser")
        for li in story.find_all("li"):  # an entry's figures are separated by semicolons
            for figure in text_of(li).split(";"):
                assert count_marks(figure, lang) <= 1, (lang, text_of(li))
        ledger = BeautifulSoup(built.evidence["findings"], "html.parser")
        for entry in ledger.select("ol.findings > li"):
            explanation = entry.find_all("p")[1]
            for part in re.split(r"[;.—]", text_of(explanation)):
                assert count_marks(part, lang) <= 1, (lang, part)


def test_the_companion_page_sentences_name_no_ids(corpus, reports):
    """The ledger's explanations and the sources' notes are sentences: they name outlets and figures,
    never a claim, source, finding or decision id (those stay in the links and the reviewer's columns)."""
    clean = tables.read("claims_clean", corpus)
    sources = tables.read("sources", corpus)
    decisions = reconcile.load_decisions(corpus)[0]
    ids = set(clean["claim_id"]) | set(sources["source_id"]) | set(decisions["decision_id"])
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")(?![\w-])")
    for lang, built in reports.items():
        ledger = BeautifulSoup(built.evidence["findings"], "html.parser")
        explanations = [entry.find_all("p")[1] for entry in ledger.select("ol.findings > li")]
        assert explanations, lang
        notes = BeautifulSoup(built.evidence["sources"], "html.parser").select("dl.sources li")
        for element in explanations + notes:
            for link in element.find_all(["a", "code"]):
                link.decompose()  # an id as a link's text or as code is the reviewer's form
            assert not pattern.search(text_of(element)), (lang, text_of(element))
