"""The evidence check: the archive, the claims and the coverage of every number in every story.

Checks inputs only; the audit of a built tree (lineage, the reports' links) is the build's
(`dean06.pipeline.audit`, `make audit`). Exit status 0 when everything checks out; 1 with every
problem listed otherwise.

    python -m dean06.evidence.audit [--quiet]
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dean06 import paths
from dean06.evidence.archive import Article, draft_problems, load_articles, load_excluded_spans, load_sources
from dean06.evidence.quotes import load_areas, load_claims, load_context, load_metrics, unknown_areas
from dean06.evidence.coverage import CUT_MARK, Token, account_for_numbers, ends_mid_sentence, load_rules, touches
from dean06.evidence.hidden import hidden_figure_problems
from dean06.problems import Problem


@dataclass
class AuditResult:
    problems: list[Problem] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    rule_use: dict[str, int] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    claim_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def run_audit(root: Path | None = None) -> AuditResult:
    """Check the archive, the claims and the coverage of every number."""
    root = root or paths.project_root()
    result = AuditResult()
    sources, problems = load_sources(root)
    result.problems += problems
    if sources is None:
        return result
    result.problems += draft_problems(sources)
    articles, problems = load_articles(root, sources)
    result.articles = articles
    result.problems += problems
    spans_table, problems = load_excluded_spans(root, articles)
    result.problems += problems + draft_problems(spans_table)
    metrics, problems = load_metrics(root)
    result.problems += problems + draft_problems(metrics)
    areas, problems = load_areas(root)
    result.problems += problems + draft_problems(areas) + unknown_areas(metrics, areas)
    context, problems = load_context(root)
    result.problems += problems + draft_problems(context)
    metric_keys = {r["metric"] for r in metrics.rows} if metrics else set()
    claims, located, problems = load_claims(root, {r["source_id"] for r in sources.rows}, metric_keys, articles)
    result.problems += problems + draft_problems(claims)
    rules_table, rules, problems = load_rules(root)
    result.problems += problems + draft_problems(rules_table)
    if claims is None or rules_table is None:
        return result
    result.claim_count = len(claims.rows)
    by_id = {r["claim_id"]: r for r in claims.rows}
    figures = {cid: (by_id[cid]["source_id"], at.value_start, at.value_end) for cid, at in located.items()}
    dates = {cid: (by_id[cid]["source_id"], at.date_start, at.date_end) for cid, at in located.items()}
    result.tokens, result.rule_use = account_for_numbers(articles, figures, rules, dates)
    for token in result.tokens:
        if not token.accounted_by:
            result.problems.append(_unaccounted(articles[token.source_id], token, by_id, located))
    result.problems += cut_problems(articles, result.tokens, claims)
    result.problems += hidden_figure_problems(spans_table, articles, rules)
    for row in rules_table.rows:
        if row["rule_id"] in rules and result.rule_use.get(row["rule_id"], 0) == 0:
            result.problems.append(rules_table.where(row, "rule_id", row["rule_id"],
                                                     "rule accounts for no number in any story: remove or fix it"))
    return result


def _unaccounted(article: Article, token: Token, claims: dict[str, dict], located: dict) -> Problem:
    """A number nothing accounts for; inside a quote, the claim whose quote it is (a quote accounts
    only for its claim's figure, so a second statistic in it needs a claim of its own)."""
    context = article.norm[max(0, token.start - 50) : token.end + 50]
    holders = [cid for cid, at in located.items() if claims[cid]["source_id"] == token.source_id
               and at.start <= token.start and token.end <= at.end]
    if holders:
        what = (f"lies in the quote of {', '.join(holders)} but is not its figure "
                f"({', '.join(repr(claims[c]['value_text']) for c in holders)}): record it as a claim of its own "
                f"(the same quote may serve) or account for it as not a statistic")
    else:
        what = "is neither inside a claim's quote nor accounted for as not a statistic"
    return Problem(f"data/raw/articles/{article.file}", f"number {token.text!r} {what}; context: {context!r}",
                   value=token.text)


def cut_problems(articles: dict[str, Article], tokens: list[Token], claims) -> list[Problem]:
    """A figure read up to the point where a copy is cut off may have lost its scale word or unit
    (`trên 2,5 ng…` is not 2.5 đồng): an error unless the journalist marks the claim as checked."""
    problems = []
    rows = {r["claim_id"]: r for r in claims.rows}
    for token in tokens:
        article = articles[token.source_id]
        if not token.accounted_by.startswith("claim:"):
            continue  # figures left out of the story or by a rule are not read; unaccounted ones are errors already
        if article.cut_at is None:
            if token.end <= len(article.norm) and ends_mid_sentence(article.norm) and \
                    touches(article.norm, token.end, len(article.norm)):
                problems.append(Problem(f"data/raw/articles/{article.file}", f"the copy ends mid-sentence just after the "
                                        f"figure {token.text!r} ({article.norm[-40:]!r}): mark the cut-off text with a "
                                        f"truncated_end span in data/raw/excluded_spans.csv", value=token.text))
            continue
        if token.end > article.cut_at or not touches(article.norm, token.end, article.cut_at):
            continue
        row = rows.get(token.accounted_by[len("claim:"):])
        if row is not None and not row["notes"].strip().startswith(CUT_MARK):
            problems.append(claims.where(row, "value_text", row["value_text"],
                f"the figure {token.text!r} touches the end of a truncated copy (cut off at "
                f"{article.norm[article.cut_at:article.cut_at + 20]!r}): its scale word or unit may be lost. "
                f"Extend the truncated_end span over it, or, if the figure is complete, begin the notes with "
                f"'{CUT_MARK}' and say why"))
    return problems


def summary(result: AuditResult) -> str:
    lines = [f"Audit of {len(result.articles)} articles and {result.claim_count} claims"]
    by_kind = Counter(t.accounted_by.split(":")[0] or "UNACCOUNTED" for t in result.tokens)
    lines.append(f"  numbers in the articles: {len(result.tokens)} "
                 f"(claims' figures {by_kind['claim']}, claims' as-of dates {by_kind['date']}, "
                 f"in spans outside the story {by_kind['span']}, not statistics by rule {by_kind['rule']}, "
                 f"unaccounted {by_kind['UNACCOUNTED']})")
    for rule_id, count in sorted(result.rule_use.items()):
        lines.append(f"  rule {rule_id}: {count}")
    return "\n".join(lines)


def report(result: AuditResult, checked: str, *, quiet: bool = False) -> int:
    """Print the outcome: a summary and one OK line, or every problem; the exit status."""
    if not quiet:
        print(summary(result))
    if result.ok:
        if not quiet:
            print(f"audit: OK — {checked} all verified")
        return 0
    print(f"audit: FAILED with {len(result.problems)} problem(s):", file=sys.stderr)
    for problem in result.problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return report(run_audit(), "hashes, quotes, values, integrity and coverage", quiet="--quiet" in args)


if __name__ == "__main__":
    sys.exit(main())
