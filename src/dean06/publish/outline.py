"""The story page as an outline: its sections, built once from the data and the story, rendered by one
template macro (`part` in templates/report/parts.html.j2).

The sections of the story come from data/raw/areas.csv: each area belongs to a section (`section`,
titled `section_vi` / `section_en`), sections run in the order of their first row, and the story's
block of the same name is the section's text. A section holds its story text, the figures of its areas
the story did not print, and its areas' charts; it is printed only when it has a figure or a chart of
its own. Every number is recorded as it is rendered (citations.Printed, tagged with the part of the
page it is printed in), so rendering the outline returns the numbers it printed: the table of printed
numbers is made from them, never read back from the HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dean06 import paths
from dean06.publish.citations import Citations, Printed
from dean06.publish.facts import Facts
from dean06.publish.html import Markup, parts as html
from dean06.wording import report as t

# A story block printed in another part of the page than its own name.
PART_OF_BLOCK = {"headline": "top", "standfirst": "top", "ledger": "caveats"}  # "top": the header's anchor
OWN_FIGURE = ("figure", "change")  # what counts as a figure of a section's own (a date alone does not)


@dataclass
class Section:
    """One part of the story page. `kind` says how the template renders it: `html` (furniture already
    rendered by its macro: header, key numbers, contents, boxes), `story` (a block of the story with
    its own heading), `section` (a section of the data: story text, remaining figures, charts) or
    `caveats` (what does not add up)."""
    id: str
    kind: str
    title: str = ""
    body: Markup = Markup("")
    facts: list[tuple[str, Markup]] = field(default_factory=list)  # (metric label, its figures) not in the story
    charts: list[str] = field(default_factory=list)  # chart names, in the registry's order
    more: Markup = Markup("")  # caveats: the way to the ledger on the companion page
    printed: list[Printed] = field(default_factory=list)  # the numbers it prints, in order

    def has_own_figure(self) -> bool:
        return bool(self.charts) or any(p.kind in OWN_FIGURE for p in self.printed)


def sections(areas: pd.DataFrame, lang: str) -> dict[str, tuple[str, list[str]]]:
    """section -> (its title in `lang`, its areas), in the order of areas.csv's first row of each."""
    out: dict[str, tuple[str, list[str]]] = {}
    for row in areas.to_dict("records"):
        out.setdefault(row["section"], (row[f"section_{lang}"], []))[1].append(row["area"])
    return out


def section_of_area(areas: pd.DataFrame) -> dict[str, str]:
    return dict(zip(areas["area"], areas["section"]))


def remaining(areas_in: list[str], facts: Facts, cites: Citations, metrics: pd.DataFrame, lang: str,
              mentioned: set) -> tuple[list[tuple[str, Markup]], bool]:
    """The figures of these areas the story did not print, per metric; and whether the areas have any
    figure in the edition at all (else their charts would be empty)."""
    items, any_figure = [], False
    for metric in metrics.index[metrics["area"].isin(areas_in)]:
        every = facts.all(metric)
        any_figure = any_figure or bool(every)
        rest = [f for f in every if (f.metric, f.as_of) not in mentioned]
        if rest:
            # date first: a figure may end in its own bracket ("(our estimate)"), and two in a row read badly
            steps = Markup("; ").join(Markup("{}, {}").format(
                cites.date(f.claims[0], f.as_of),
                cites.link(f.text, f.claims, f.derived, metric=f.metric, as_of=f.as_of, decision_id=f.decision_id))
                for f in rest)
            items.append((metrics.loc[metric, f"label_{lang}"], steps))
    return items, any_figure


def tag(printed: list[Printed]) -> None:
    """A story block's numbers belong to the part of the page that prints the block."""
    for p in printed:
        p.section = PART_OF_BLOCK.get(p.section, p.section)


def chart_links(name: str, chart, lang: str, as_of: str | None) -> list[tuple[str, str, str]]:
    """The chart's downloads, files beside the page (paths.chart_downloads): (label, href, file name)."""
    page_folder = Path(paths.report_page(lang, as_of)).parent
    links = []
    for (_, kind), rel in paths.chart_downloads(lang, as_of, [name]).items():
        if getattr(chart, kind):
            links.append((t(f"download_{kind}", lang), Path(rel).relative_to(page_folder).as_posix(),
                          f"{name}.{lang}.{kind}"))
    return links


def chart_html(name: str, figures: dict, lang: str, as_of: str | None) -> Markup:
    """One chart as a page shows it: its image, the phone's layout, its downloads beside the page."""
    import base64

    chart = figures[name]
    return html().chart(name, base64.b64encode(chart.png).decode("ascii"), chart.alt,
                        chart_links(name, chart, lang, as_of), base64.b64encode(chart.narrow).decode("ascii"))


def render(outline: list[Section], figures: dict, lang: str, as_of: str | None) -> tuple[dict[str, str], list[Printed]]:
    """Each part's HTML, in reading order, from the one macro; and every number the parts print."""
    macro = html().part
    out, printed = {}, []
    for section in outline:
        charts = [chart_html(name, figures, lang, as_of) for name in section.charts if name in figures]
        out[section.id] = str(macro(section, charts))
        printed += section.printed
    return out, printed
