"""The story: Markdown with Jinja, one file per language (publish/story/vi.md, en.md), edited by journalists.

A story file is a sequence of blocks. `headline`, `standfirst` and `lead` are required; every other
block is a part of the report in the order written. A block named after a section of
data/raw/areas.csv (`{% block registry %}`) is that section's text: its title is the data's (so the
block has no heading), and the figures of its areas the story does not mention and its charts follow.
A block named `ledger` introduces what does not add up. Any other block is a section of the story and
opens with a `## heading`. Each number a block prints is recorded under the block's name.

Figures are references that render the formatted, linked, cited number:

    {{ fact("eid_accounts_issued") }}                      the latest figure ("first", "last" or a date)
    {{ fact("localities_connected_population_db", "first") }}
    {{ date_of("eid_accounts_issued") }}                   its date (an inferred date says so)
    {{ year_of("info_systems_security_approved_share", "first") }}   only its year
    {{ change("directives_issued") }}                      last minus first (or between two picks)
    {% if has("eid_accounts_issued") %}…{% endif %}         a sentence only when the edition has it
    {% if has("directives_issued", 2) %}…{% endif %}        … when it has figures at two dates or more
    {% if short_of_whole("essential_online_services_deployed") %}…{% endif %}   the figure is a part short of its whole
    {{ label("portal_accounts") }}                         the metric's label
    {{ according_to("annual_savings_vnd") }}               "according to …", as the figure's quote attributes it
    {{ context_date("programme_approved") }}               a date no article states, from data/raw/context.csv, cited
    {{ programme }}                                        the programme's official name in the edition's language
    {{ edition.first_review }}, {{ edition.last_review }}, {{ edition.n_reviews }}, {{ edition.n_sources }},
    {{ edition.others }}, {{ edition.n_others }}
    {% if after("2023-12-01") %}…{% endif %}               the edition reports a review on or after a date

A reference to an unknown metric, a figure the edition does not have, a misspelt helper or broken
syntax stops the build with the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import mistune
import pandas as pd
from jinja2 import TemplateError, TemplateSyntaxError

from dean06 import formatting as fmt
from dean06.publish.citations import Citations
from dean06.publish.facts import Fact, Facts
from dean06.publish.html import Markup, environment, parts
from dean06.publish.key_numbers import completion
from dean06.wording import report as t

FOLDER = Path(__file__).resolve().parent / "story"
REQUIRED = ("headline", "standfirst", "lead")
_BLOCK = re.compile(r"{%-?\s*block\s+(\w+)")
_HEADING = re.compile(r"^\s*##\s+(.+?)\s*$", re.M)
_markdown = mistune.create_markdown(escape=False)


class StoryError(ValueError):
    """A story file that cannot be rendered; the message names the file and the line."""


class _HelperError(Exception):
    pass


@dataclass
class EditionInfo:
    as_of: str | None
    first_review: str  # formatted dates
    last_review: str
    n_reviews: int
    n_sources: int
    review_dates: list[str]  # ISO event dates of the reviews the edition reports
    others: str = ""  # the events of other kinds it reports, named ("the seminar of 7 August 2023")
    n_others: int = 0


@dataclass
class Block:
    name: str
    line: int
    html: Markup
    heading: str = ""


@dataclass
class Story:
    lang: str
    path: Path
    blocks: dict[str, Block] = field(default_factory=dict)  # in the order written
    mentioned: set[tuple[str, str]] = field(default_factory=set)  # (metric, as_of) printed by the story

    def text(self, name: str) -> Markup:
        block = self.blocks.get(name)
        return block.html if block else Markup("")


class Helpers:
    """What a story may call. Every figure goes through Citations, so it is linked and cited."""

    def __init__(self, facts: Facts, cites: Citations, lang: str, story: Story, context: pd.DataFrame | None = None):
        self.facts, self.cites, self.lang, self.story = facts, cites, lang, story
        self.context = context if context is not None else pd.DataFrame(columns=["fact", "date", "source"])

    def _metric(self, metric) -> str:
        if not isinstance(metric, str) or not self.facts.known(metric):
            raise _HelperError(f"unknown metric {metric!r} (not in data/raw/metrics.csv)")
        return metric

    def _fact(self, metric, which) -> Fact:
        fact = self.facts.pick(self._metric(metric), which)
        if fact is None:
            have = ", ".join(f.as_of for f in self.facts.all(metric)) or "none"
            raise _HelperError(f"no figure of {metric!r} at {which!r} in this edition (dates: {have}); "
                               f"guard the sentence with {{% if has({metric!r}) %}}")
        return fact

    def fact(self, metric, which="last") -> Markup:
        fact = self._fact(metric, which)
        self.story.mentioned.add((fact.metric, fact.as_of))
        return self.cites.link(fact.text, fact.claims, fact.derived, metric=fact.metric, as_of=fact.as_of,
                               decision_id=fact.decision_id)

    def date_of(self, metric, which="last") -> Markup:
        fact = self._fact(metric, which)
        return self.cites.date(fact.claims[0], fact.as_of)

    def year_of(self, metric, which="last") -> Markup:
        """Only the year of a figure's date ("so với năm 2022": a level known only by its year)."""
        fact = self._fact(metric, which)
        return self.cites.date(fact.claims[0], fact.as_of, year_only=True)

    def context_date(self, fact) -> Markup:
        """The date of a context fact (data/raw/context.csv), its source on hover and focus."""
        found = self.context[self.context["fact"] == fact]
        if found.empty:
            raise _HelperError(f"unknown context fact {fact!r} (not in data/raw/context.csv)")
        row = found.iloc[0]
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]):
            raise _HelperError(f"context fact {fact!r}: date {row['date']!r} is not an ISO date (YYYY-MM-DD)")
        return parts().context_date(row["date"], fmt.long_date(row["date"], self.lang),
                                    t("context_source", self.lang, source=row["source"]), row["url"])

    def according_to(self, metric, which="last") -> str:
        """'according to …' for a figure, as its quote attributes it (claims.csv `attributed_to`)."""
        return self.cites.according_to(self._fact(metric, which).claims[0])

    def has(self, metric, dates: int = 1) -> bool:
        return len(self.facts.all(self._metric(metric))) >= dates

    def short_of_whole(self, metric, which="last") -> bool:
        """Whether a figure is a shortfall, as the key-numbers box reads one (key_numbers.completion): x
        of y with x below y, or a share under 100%. A headline that says something is unfinished asks
        this of the data."""
        fact = self._fact(metric, which)
        return completion(fact, self.facts, self.facts.metrics.loc[fact.metric, "kind"]) is not None

    def label(self, metric) -> str:
        return self.facts.metrics.loc[self._metric(metric), f"label_{self.lang}"]

    def change(self, metric, start="first", end="last") -> Markup:
        """The later figure minus the earlier, with the bound that subtraction allows."""
        a, b = self._fact(metric, start), self._fact(metric, end)
        if a.as_of >= b.as_of:
            raise _HelperError(f"change({metric!r}) needs two dates, the first earlier ({a.as_of} → {b.as_of})")
        if "range" in (a.bound, b.bound) or "conflicting" in (a.status, b.status):
            raise _HelperError(f"change({metric!r}): a range or a conflict has no single difference")
        diff = b.value - a.value
        bound = {("exact", "exact"): "exact", ("lower", "exact"): "lower", ("lower", "upper"): "lower",
                 ("upper", "exact"): "upper", ("upper", "lower"): "upper"}.get((b.bound, a.bound), "approx")
        if b.unit == "percent":
            text = fmt.with_bound(t("points", self.lang, n=fmt.number(diff, self.lang, 0 if float(diff).is_integer() else 1)),
                                  bound, self.lang)
        elif b.scale_printed or a.scale_printed:
            text = fmt.amount(diff, b.unit, self.lang, "approx" if bound == "exact" else bound)
        else:
            text = fmt.amount(diff, b.unit, self.lang, bound)
        self.story.mentioned.update({(metric, a.as_of), (metric, b.as_of)})
        return self.cites.link(text, b.claims + a.claims, derived=True, mark="calculated", metric=metric,
                               as_of=f"{a.as_of}/{b.as_of}")

    def after(self, iso: str) -> bool:
        return any(d >= iso for d in self.edition.review_dates)


def _where(exc: BaseException, template) -> int | None:
    """The template line the error arose on, from the traceback's frames of the compiled template."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == template.filename:
            line = template.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return line


def _label(path: Path) -> str:
    parts = path.resolve().parts
    return "/".join(parts[parts.index("src"):]) if "src" in parts else str(path)


def render(lang: str, facts: Facts, cites: Citations, edition: EditionInfo, sections: list[str],
           folder: Path | None = None, context: pd.DataFrame | None = None) -> Story:
    folder = Path(folder or FOLDER)
    path = folder / f"{lang}.md"
    name = _label(path)
    env = environment(folder, autoescape=False, trim=True)
    try:
        template = env.get_template(f"{lang}.md")
    except TemplateSyntaxError as err:
        raise StoryError(f"{name}, line {err.lineno}: {err.message}") from None
    source = path.read_text(encoding="utf-8")
    lines = {m.group(1): source.count("\n", 0, m.start()) + 1 for m in _BLOCK.finditer(source)}
    missing = [b for b in REQUIRED if b not in template.blocks]
    if missing:
        raise StoryError(f"{name}: missing block(s) {', '.join(missing)} (every story needs headline, standfirst and lead)")
    story = Story(lang, path)
    helpers = Helpers(facts, cites, lang, story, context)
    helpers.edition = edition
    context = template.new_context({
        "fact": helpers.fact, "date_of": helpers.date_of, "year_of": helpers.year_of, "has": helpers.has, "label": helpers.label,
        "short_of_whole": helpers.short_of_whole,
        "according_to": helpers.according_to, "context_date": helpers.context_date,
        "programme": t("programme", lang),
        "change": helpers.change, "after": helpers.after, "edition": edition})
    problems = []
    for block_name, render_block in template.blocks.items():
        cites.section = block_name  # the numbers it prints are recorded under its name
        try:
            text = "".join(render_block(context)).strip()
        except (_HelperError, TemplateError, TypeError) as err:
            line = _where(err, template) or lines.get(block_name)
            problems.append(f"{name}, line {line}: {err}")
            continue
        finally:
            cites.section = ""
        heading = ""
        found = _HEADING.match(text)
        if block_name in sections and found:
            problems.append(f"{name}, line {lines.get(block_name)}: block {block_name!r} is a section of "
                            f"data/raw/areas.csv, whose title is the data's (section_{lang}): remove its '## {found.group(1)}'")
            continue
        if block_name not in REQUIRED and block_name not in sections and block_name != "ledger" and not found:
            problems.append(f"{name}, line {lines.get(block_name)}: block {block_name!r} is neither a section of "
                            f"data/raw/areas.csv ({', '.join(sections)}), 'ledger', nor a section opening with a '## heading'")
            continue
        if found:
            heading, text = found.group(1), text[found.end():].strip()
        if block_name in ("headline", "standfirst"):
            html = Markup(_markdown(text).strip().removeprefix("<p>").removesuffix("</p>"))
        else:
            html = Markup(_markdown(text))
        story.blocks[block_name] = Block(block_name, lines.get(block_name, 0), html, heading)
    if problems:
        raise StoryError("\n".join(problems))
    return story
