"""Each edition in its own language: the Vietnamese story page and its companion page print no English
outside quotes, code and elements marked lang="en" (function words, the page's former English labels,
identifiers, file names), and write every number the Vietnamese way, the appendix's formulas included;
the English edition keeps Vietnamese number forms inside quotes (and the copy's words marked lang="vi").
Figures are attributed as their quotes attribute them, and the approval date is a cited context fact.

The pages are rendered in process (dean06.publish.report.build) from the archive and from the archive
enlarged with the fictional fixture articles; expectations come from the data and the wording files."""

from __future__ import annotations

import re
import shutil
import stat

import pytest
from bs4 import BeautifulSoup

from dean06.catalog import tables
from dean06.formatting import long_date
from dean06.publish.html import Markup
from dean06.clean import step as clean
from dean06.publish import report
from dean06.wording import report as t

# Words no Vietnamese sentence uses, and the English labels the Vietnamese edition once printed
# ("data", "sources", "story credited", "editor", the run manifest's keys). Vietnamese words that are
# plain ASCII ("to", "in", "an", "no", "on") are left out on purpose.
ENGLISH = frozenset("""
the and of for with from by as is are was were has have not this that which or at its their been
data sources source story credited editor author figures figure inferred derived published republished
according report reports none lang inputs million billion percent over about nearly more than approved
accounts applications rounded range reading readings implied
""".split())
IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # a metric key, rule name or manifest key: as_of
FILE_NAME = re.compile(r"\b[\w./-]+\.(?:csv|json|py|yaml|md|html|txt|lock)\b")
# 21827756.5, 47.5472, 0.925 or 21,709,769: a decimal point or thousands commas (Vietnamese writes
# 21.827.756,5); 20.081.536, 0,925 and dates such as 09/08/2022 are Vietnamese forms. One comma group
# (600,000) reads both ways (1,325 is a Vietnamese decimal), so only two or more count.
ENGLISH_NUMBER = re.compile(r"(?<![\d.,])(?:\d+\.(?:\d{1,2}|\d{4,})|0\.\d+|\d{1,3}(?:,\d{3}){2,})(?![\d.,])")
# 32,5 or 78.553.494: a decimal comma or dotted thousands, as Vietnamese copy writes them
VIETNAMESE_NUMBER = re.compile(r"(?<![\d.,])(?:\d+,\d{1,2}(?!\d)|\d{1,3}(?:\.\d{3}){2,})(?![\d.,])")
fmt_escape = Markup.escape
SET_ASIDE = ("script", "style", "svg", "q", "code")  # quotes stay as printed; code is not prose


@pytest.fixture(scope="module", params=["archive", "enlarged"])
def corpus(request):
    return request.getfixturevalue(f"{request.param}_with_inputs")


@pytest.fixture(scope="module")
def vi(corpus):
    return report.build(corpus, "vi", figures={})


def visible_text(html: str, lang: str = "vi") -> str:
    """What a reader of the page reads in its language: the text outside quotes, code and any element
    marked with another language."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(SET_ASIDE):
        tag.decompose()
    for tag in soup.find_all(lambda tag: tag.has_attr("lang") and not tag["lang"].startswith(lang)):
        tag.decompose()
    for tag in soup.find_all(is_address):
        tag.decompose()
    return re.sub(r"\s+", " ", soup.get_text(" "))


def is_address(tag) -> bool:
    """A web address printed as itself (a copy's URL): a link marked translate="no" whose text is its
    href. It is not text in any language; a link whose text says something else is read as prose."""
    return (tag.name == "a" and tag.get("translate") == "no" and tag.has_attr("href")
            and tag.get_text().strip() == tag["href"])


def english_in(text: str) -> list[str]:
    words = sorted({w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH})
    return (words + sorted(set(IDENTIFIER.findall(text))) + sorted(set(FILE_NAME.findall(text)))
            + sorted(set(ENGLISH_NUMBER.findall(text))))


def test_the_checks_find_english_where_there_is_some():
    """The checks can fail: English prose, a manifest key, a file name and English decimals are found;
    the same words inside a quote, code or a lang="en" element are not."""
    assert set(english_in(visible_text("<p>story credited by the editor; as_of data/raw/sources.csv 21827756.5</p>"))) \
        == {"by", "credited", "editor", "story", "the", "data", "sources", "as", "of", "as_of", "data/raw/sources.csv", "21827756.5"}
    assert english_in(visible_text('<p>Đã cấp <q lang="vi">the data</q> <code>as_of</code> <span lang="en">by the '
                                   'editor</span> 20.081.536 thẻ, 09/08/2022, 47,5472%</p>')) == []
    assert english_in("21,709,769 và 0.925; 0,925 và 21.709.769") == ["0.925", "21,709,769"]
    # a copy's address printed as itself is set aside; the same words as a link's prose are not
    url = "https://example.vn/the-data-report.html"
    assert english_in(visible_text(f'<p>Địa chỉ gốc: <a href="{url}" translate="no">{url}</a></p>')) == []
    assert english_in(visible_text(f'<p><a href="{url}">the report.html</a> <a href="{url}" translate="no">the'
                                   ' data</a></p>')) == ["data", "report", "the", "report.html"]


def test_a_copys_address_is_marked_as_no_text_to_translate(corpus, vi):
    """Every address the companion page prints as link text is marked translate="no" (so the check above
    sets it aside), and the archive enlarged with copies that carry an address prints some."""
    sources = tables.read("sources", corpus)
    soup = BeautifulSoup("".join(vi.evidence.values()), "html.parser")
    printed = [a for a in soup.find_all("a") if a.has_attr("href") and a.get_text().strip() == a["href"]]
    assert {a["href"] for a in printed} == {u for u in sources["url"] if u}
    assert all(is_address(a) for a in printed)


def test_the_vietnamese_story_page_has_no_english(vi):
    text = visible_text("".join(v for k, v in vi.parts.items() if k != "script"))
    assert "Đề án" in text  # the page was read
    assert english_in(text) == []


def test_the_vietnamese_companion_page_has_no_english(vi):
    text = visible_text("".join(v for k, v in vi.evidence.items() if k != "script"))
    assert t("appendix", "vi") in text
    assert english_in(text) == []


def test_the_english_edition_keeps_vietnamese_number_forms_inside_quotes(corpus):
    assert VIETNAMESE_NUMBER.findall("32,5% và 78.553.494; 32.5% and 78,553,494 on 21/12/2023") == ["32,5", "78.553.494"]
    en = report.build(corpus, "en", figures={})
    for page in (en.parts, en.evidence):
        text = visible_text("".join(v for k, v in page.items() if k != "script"), "en")
        assert "Project 06" in text or t("appendix", "en") in text  # the page was read
        assert VIETNAMESE_NUMBER.findall(text) == []


def test_each_figure_is_attributed_as_its_quote_attributes_it(corpus, vi):
    """An appendix entry says whom the copy credits (claims.csv attributed_to, in the edition's words);
    a claim the copy states in its own voice names no one else."""
    clean_rows = tables.read("claims_clean", corpus).set_index("claim_id", drop=False)
    said = t("attributions", "vi")
    evidence = "".join(vi.evidence.values())
    entries = dict(re.findall(r'<dt id="claim-([^"]+)">(.*?)(?=<dt id=|</dl>)', evidence, flags=re.S))
    attributed = [cid for cid in vi.cited if clean_rows.loc[cid, "attributed_to"]]
    assert attributed, "no cited claim names whom the copy credits"
    label = f"<strong>{t('attributed', 'vi')}:</strong>"
    for cid in vi.cited:
        key = clean_rows.loc[cid, "attributed_to"]
        if key:
            assert f"{label} {said[key]}</p>" in entries[cid], cid
        else:
            assert label not in entries[cid], cid


def test_an_unknown_attribution_is_a_clear_error(corpus, tmp_path):
    from conftest import edit_csv

    root = tmp_path / "root"
    shutil.copytree(corpus / "data" / "raw", root / "data" / "raw")
    for path in (root / "data" / "raw").rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    edit_csv(root / "data/raw/claims.csv", lambda h, rows: rows[0].update(attributed_to="the minister"))
    with pytest.raises(Exception) as err:
        clean.clean_claims(*clean.load_raw(root))
    problems = getattr(err.value, "problems", [])
    assert [(p.column, p.value) for p in problems if p.column == "attributed_to"] == [("attributed_to", "the minister")]
    assert "unknown attribution" in str(err.value)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_approval_date_is_a_cited_context_fact(corpus, lang):
    """The story prints each context date it uses from data/raw/context.csv, with its source on hover,
    never typed; the companion page's method states every context fact with its source."""
    built = report.build(corpus, lang, figures={})
    page = "".join(built.parts.values())
    context = tables.read("context", corpus)
    assert len(context)
    for row in context.to_dict("records"):
        assert str(fmt_escape(t("method_context", lang, label=row[f"label_{lang}"], date=long_date(row["date"], lang),
                                source=row["source"]))) in built.evidence["method"]
    for row in context.to_dict("records"):
        if f'datetime="{row["date"]}"' in page:
            title = t("context_source", lang, source=row["source"])
            assert re.search(rf'<time class="context" datetime="{row["date"]}" title="{re.escape(title)}"', page)
            break
    else:
        pytest.fail("the story prints no context date")
