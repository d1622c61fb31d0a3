"""The audit pages link each number to the claim whose figure it is, by its place in the quote.

Where claims share a quote, each of their figures goes to its own claim; a date or a name inside a
quote is marked by the rule that accounts for it, never as a figure. The claims and rule matches
tested are selected from the data (the real archive plus the team's fictional fixtures) by what
they are, never by id.
"""

import re
from collections import defaultdict

import pytest
from corpus import enlarged_root

from dean06.clean.step import clean_claims, load_raw, write_claims_clean
from dean06.evidence.archive import Article
from dean06.evidence.audit import run_audit
from dean06.evidence.coverage import NUMBER, account_for_numbers
from dean06.evidence.numbers import write_numbers
from dean06.evidence.quotes import value_places
from dean06.catalog import tables
from dean06.paths import processed_dir
from dean06.publish.audit_pages import page_path, write_audit_pages
from dean06.textnorm import normalise

MARK = re.compile(r'<a class="n n-(\w+)"[^>]* href="([^"]*)" title="[^"]*" data-accounted-by="([^"]+)">([^<]*)</a>')


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The enlarged corpus with its number table, cleaned claims and audit pages written."""
    root = enlarged_root(tmp_path_factory.mktemp("links"))
    processed_dir(root).mkdir(parents=True)
    write_claims_clean(clean_claims(*load_raw(root)), processed_dir(root) / "claims_clean.csv")
    assert write_numbers(root) is not None
    write_audit_pages(root)
    return root


@pytest.fixture(scope="module")
def audit(built):
    result = run_audit(built)
    assert result.ok, "\n".join(map(str, result.problems))
    return result


def marks(root, source_id, lang="vi"):
    """(kind, href, accounted_by, text) of every marked number on a page, in reading order."""
    return MARK.findall(page_path(root, source_id, lang).read_text(encoding="utf-8"))


def shared_quotes(root) -> dict[tuple[str, str], list[dict]]:
    groups = defaultdict(list)
    for claim in tables.read("claims", root).to_dict("records"):
        groups[(claim["source_id"], normalise(claim["quote"]))].append(claim)
    return {key: claims for key, claims in groups.items() if len(claims) > 1}


def test_each_claim_sharing_its_quote_links_its_own_figure(built, audit):
    groups = shared_quotes(built)
    assert groups, "the fixtures hold claims that share a quote"
    for (source_id, quote), claims in groups.items():
        for lang in ("vi", "en"):
            found = marks(built, source_id, lang)
            for claim in claims:
                mine = [m for m in found if m[2] == f"claim:{claim['claim_id']}"]
                # exactly the numbers of its own value, each linked to its own entry in the report
                assert [m[3] for m in mine] == NUMBER.findall(normalise(claim["value_text"])), claim["claim_id"]
                assert all(m[0] == "claim" and m[1].endswith(f"#claim-{claim['claim_id']}") for m in mine)


def test_every_claim_accounts_for_its_own_figure_at_its_place_in_the_quote(built, audit):
    claims = tables.read("claims", built).to_dict("records")
    by_claim = defaultdict(list)
    for token in audit.tokens:
        by_claim[token.accounted_by].append(token)
    for claim in claims:
        article = audit.articles[claim["source_id"]]
        quote, value = normalise(claim["quote"]), normalise(claim["value_text"])
        (place,) = value_places(quote, value)
        at = article.norm.index(quote) + place
        tokens = by_claim[f"claim:{claim['claim_id']}"]
        assert [t.text for t in tokens] == NUMBER.findall(value), claim["claim_id"]
        assert all(at <= t.start and t.end <= at + len(value) for t in tokens), claim["claim_id"]


def test_rule_matches_inside_quotes_are_marked_as_rules_not_figures(built, audit):
    rules = {r["rule_id"]: re.compile(r["pattern"]) for r in tables.read("non_statistics", built).to_dict("records")}
    claims = tables.read("claims", built).to_dict("records")
    checked = 0
    for claim in claims:
        article = audit.articles[claim["source_id"]]
        quote, value = normalise(claim["quote"]), normalise(claim["value_text"])
        start = article.norm.index(quote)
        (place,) = value_places(quote, value)
        figure = range(start + place, start + place + len(value))
        for rule_id, pattern in rules.items():
            for match in pattern.finditer(article.norm, start, start + len(quote)):
                for number in NUMBER.finditer(match.group()):
                    at = match.start() + number.start()
                    if at in figure:
                        continue  # a figure that a rule's pattern also matches stays the figure
                    token = next(t for t in audit.tokens if t.source_id == claim["source_id"] and t.start == at)
                    assert token.accounted_by.startswith("rule:"), (claim["claim_id"], token)
                    found = [m for m in marks(built, claim["source_id"]) if m[2] == token.accounted_by]
                    assert found and all(m[0] == "rule" and m[1].startswith("#row-") for m in found)
                    checked += 1
    assert checked, "the archive and fixtures print dates or names inside quotes"


def test_a_second_statistic_in_a_quote_needs_its_own_claim(tmp_path):
    root = enlarged_root(tmp_path)
    (_, quote), claims = next(iter(shared_quotes(root).items()))
    dropped = claims[-1]
    path = tables.SPECS["claims"].path(root)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(dropped["claim_id"] + ",")), encoding="utf-8")
    result = run_audit(root)
    messages = [str(p) for p in result.problems]
    assert len(messages) == len(NUMBER.findall(normalise(dropped["value_text"]))), messages
    kept = [c["claim_id"] for c in claims[:-1]]
    assert all("is not its figure" in m and all(cid in m for cid in kept) for m in messages), messages


def test_value_places_are_whole_numbers():
    assert value_places("với 15 bộ, 150 xã và 15 tỉnh", "15") == [4, 21]
    assert value_places("tăng 2,15%", "15") == []
    assert value_places("hơn 11,2 triệu tài khoản và hơn 35,4 triệu hồ sơ", "hơn 35,4 triệu") == [28]


def test_numbers_in_a_quote_go_to_the_figure_the_rule_or_the_as_of_date():
    text = "Tính đến 31/12/2023, 15 bộ, 63 địa phương kết nối theo Đề án 06; 7 xã chưa."
    article = Article("ABC-240101", "x.txt", text)
    quote = "Tính đến 31/12/2023, 15 bộ, 63 địa phương kết nối theo Đề án 06"
    start = article.norm.index(quote)
    figures = {cid: ("ABC-240101", start + quote.index(v), start + quote.index(v) + len(v))
               for cid, v in (("ABC-240101-01", "15"), ("ABC-240101-02", "63"))}
    dates = {"ABC-240101-01": ("ABC-240101", start + 9, start + 19)}
    rules = {"programme-name": re.compile(r"(?i)đề án 06")}
    tokens, use = account_for_numbers({"ABC-240101": article}, figures, rules, dates)
    assert [(t.text, t.accounted_by) for t in tokens] == [
        ("31/12/2023", "date:ABC-240101-01"), ("15", "claim:ABC-240101-01"), ("63", "claim:ABC-240101-02"),
        ("06", "rule:programme-name"), ("7", "")]
    assert use == {"programme-name": 1}
