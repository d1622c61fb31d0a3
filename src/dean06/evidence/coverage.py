"""Coverage: every number printed in a story is either a claim or accounted for as not a statistic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dean06.evidence.archive import Article
from dean06.problems import Problem
from dean06.catalog import tables
from dean06.catalog.csvfile import Table

NUMBER = re.compile(r"\d+(?:[.,/:]\d+)*")


@dataclass
class Token:
    source_id: str
    start: int
    end: int
    text: str
    # "claim:<id>" (the claim's figure), "span:<kind>", "rule:<id>" or "date:<id>" (the claim's as-of
    # date, printed in its quote); empty when unaccounted
    accounted_by: str = ""


def load_rules(root: Path) -> tuple[Table | None, dict[str, re.Pattern], list[Problem]]:
    table, problems = tables.read_rows("non_statistics", root)
    compiled: dict[str, re.Pattern] = {}
    if table is None:
        return None, compiled, problems
    for row in table.rows:
        if row["rule_id"] in compiled:
            problems.append(table.where(row, "rule_id", row["rule_id"], "duplicate rule id"))
            continue
        try:
            compiled[row["rule_id"]] = re.compile(row["pattern"])
        except re.error as err:
            problems.append(table.where(row, "pattern", row["pattern"], f"not a valid regular expression: {err}"))
    return table, compiled, problems


def account_for_numbers(articles: dict[str, Article], claim_spans: dict[str, tuple[str, int, int]],
                        rules: dict[str, re.Pattern], claim_dates: dict[str, tuple[str, int, int]] | None = None,
                        ) -> tuple[list[Token], dict[str, int]]:
    """Label every numeric token; also count how many tokens each rule accounts for.

    `claim_spans` gives each claim's source and the stretch of the normalised text it accounts for:
    its value's position inside its quote (`quotes.Located`), so that where claims share a quote
    each number goes to the claim whose figure it is, and a date or a name inside the quote goes
    to the rule that accounts for it. A span that is not the story accounts for everything in it.
    `claim_dates` gives each claim's as-of wording inside its quote ('Tính đến ngày 17/2/2023'):
    the claim accounts for that date (`date:<id>`, not a figure) where no rule does.
    """
    tokens: list[Token] = []
    rule_use = {rule_id: 0 for rule_id in rules}
    # grouped once: filtering every claim per article made the audit quadratic in corpus size
    by_source: dict[str, list[tuple[int, int, str]]] = {}
    for cid, (csid, s, e) in claim_spans.items():
        by_source.setdefault(csid, []).append((s, e, f"claim:{cid}"))
    dates_by_source: dict[str, list[tuple[int, int, str]]] = {}
    for cid, (csid, s, e) in (claim_dates or {}).items():
        if s < e:
            dates_by_source.setdefault(csid, []).append((s, e, f"date:{cid}"))
    for sid, article in sorted(articles.items()):
        covers = [(s, e, f"span:{kind}") for s, e, kind in article.excluded]
        covers += by_source.get(sid, ())
        rule_matches = [(m.start(), m.end(), rule_id) for rule_id, rx in rules.items() for m in rx.finditer(article.norm)]
        for m in NUMBER.finditer(article.norm):
            token = Token(sid, m.start(), m.end(), m.group())
            for s, e, label in covers:
                if s <= token.start and token.end <= e:
                    token.accounted_by = label
                    break
            else:
                for s, e, rule_id in rule_matches:
                    if s <= token.start and token.end <= e:
                        token.accounted_by = f"rule:{rule_id}"
                        rule_use[rule_id] += 1
                        break
                else:
                    token.accounted_by = next((label for s, e, label in dates_by_source.get(sid, ())
                                               if s <= token.start and token.end <= e), "")
            tokens.append(token)
    return tokens, rule_use


CUT_MARK = "cut-off checked:"  # a claim's notes open with this when its figure, near a cut, is complete
_PAUSE = re.compile(r"[.,;:!?()\"“”…]")


def touches(norm: str, end: int, cut: int) -> bool:
    """A figure ending at `end` touches a cut at `cut` when at most two words, and no punctuation,
    separate them: its scale word or unit (`2,5 ng…`) may be what was cut off."""
    between = norm[end:cut]
    return not _PAUSE.search(between) and len(between.split()) <= 2


def ends_mid_sentence(norm: str) -> bool:
    return bool(norm) and norm[-1] not in ".!?…\"”)»]"
