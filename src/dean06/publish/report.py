"""Assemble the narrative report from the step outputs: every figure generated, linked and cited.

`build(root, lang, as_of)` returns a `Report` whose parts (HTML fragments, in reading order) the report
notebook displays. The default edition reads what the earlier steps wrote — data/processed/
claims_clean.csv, reconciled.csv and discrepancies.csv — and never re-runs reconciliation or the
audit; an as-of edition reconciles in memory (its own step, dean06.reconcile.step) and takes its
figures and charts from that one result. The words are the story's (publish/story/<lang>.md) and the
wording file's (dean06/wording/<lang>/report.yaml); every figure the story does not mention is listed in the
section of its area, so nothing published is dropped.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dean06 import formatting as fmt
from dean06 import paths
from dean06.pipeline.graph import inputs_digest  # one SHA-256 over every input the step graph declares
from dean06.digest import sha256_of
from dean06.catalog import tables
from dean06.catalog.vocabulary import REVIEW_CONFERENCE
from dean06.edition import Edition
from dean06.publish import datapackage, furniture, key_numbers, outline, printed
from dean06.publish import story as story_mod
from dean06.publish.citations import Citations
from dean06.publish.facts import Facts
from dean06.publish.html import TEMPLATES as html_templates_dir, Markup, environment, parts as html, quoted_in_language
from dean06.wording import in_language
from dean06.wording import report as t
from dean06.reconcile import step as reconcile

# The build's inputs, the same files the Makefile makes every step depend on; their digest identifies
# a build. Docs, tests and the Makefile's recipes are not among them.
PROCESSED = ["claims_clean.csv", "reconciled.csv", "discrepancies.csv"]
NAV_OPEN = 6  # a contents list longer than this starts folded
EVIDENCE_PARTS = ("source_charts", "findings", "method", "sources", "appendix", "manifest")


def html_templates() -> Path:
    return html_templates_dir

def chart_places() -> dict[str, tuple[str, str]]:
    """Where each chart is shown, as its registry entry declares (charts.PLACES): ("lead", ""),
    ("area", "<area>") or ("sources", "") for the companion page."""
    from dean06.publish import charts

    return {name: charts.place(name) for name in charts.NAMES}


@dataclass(frozen=True)
class ChartFiles:
    """One chart as the page carries it: the image shown, the data drawn and the vector file, both
    downloadable from the page itself."""
    png: bytes
    alt: str
    csv: bytes = b""
    svg: bytes = b""
    narrow: bytes = b""  # the phone's layout, shown on screens up to 500 px wide


@dataclass
class Report:
    lang: str
    as_of: str | None
    title: str
    parts: dict[str, str] = field(default_factory=dict)  # name -> HTML fragment, in reading order
    figures: dict[str, ChartFiles] = field(default_factory=dict)
    cited: list[str] = field(default_factory=list)  # claim ids cited, in order of first use
    story: story_mod.Story | None = None
    outline: list[outline.Section] = field(default_factory=list)  # the story page, part by part
    printed: pd.DataFrame | None = None  # every number the page prints (publish/printed.py)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # what the edition writes about itself
    evidence: dict[str, str] = field(default_factory=dict)  # the companion page's parts, in reading order

    def pages(self) -> dict[str, str]:
        """Every part of both pages, the story's then the companion's (their part names differ)."""
        return {**self.parts, **{k: v for k, v in self.evidence.items() if k != "script"}}


@dataclass
class Inputs:
    """The tables an edition is written from."""
    clean: pd.DataFrame
    sources: pd.DataFrame  # every archived source
    metrics: pd.DataFrame
    areas: pd.DataFrame  # each part of the programme and its section title
    decisions: pd.DataFrame
    reconciled: pd.DataFrame
    discrepancies: pd.DataFrame
    numbers: pd.DataFrame  # every number in the articles, as the evidence step accounted for it
    result: reconcile.Reconciliation | None = None  # an as-of edition's own reconciliation


def load_inputs(root: Path, as_of: str | None) -> Inputs:
    clean = tables.read("claims_clean", root)
    sources, metrics = reconcile.load_sources_frame(root), reconcile.load_metrics_frame(root)
    decisions, _, _ = reconcile.load_decisions(root)
    numbers = tables.read("numbers", root)  # written at the evidence stage: the audit is not run again
    areas = tables.read("areas", root).set_index("area", drop=False)
    if as_of is None:
        return Inputs(clean, sources, metrics, areas, decisions, tables.read("reconciled", root),
                      tables.read("discrepancies", root), numbers)
    result = reconcile.run(root, as_of)
    return Inputs(clean, sources, metrics, areas, decisions, result.reconciled, result.discrepancies, numbers, result)


def decision_reasons(inputs: Inputs, lang: str) -> dict[str, list[str]]:
    """claim id -> the editor's reasons for the printed figures it supports (shown in its citation)."""
    by_id = inputs.decisions.set_index("decision_id")
    out: dict[str, list[str]] = {}
    for row in inputs.reconciled.to_dict("records"):
        if row["decision_id"] and row["decision_id"] in by_id.index:
            reason = by_id.loc[row["decision_id"], f"reason_{lang}"]
            for claim_id in row["supporting_claims"].split(";"):
                if reason not in out.setdefault(claim_id, []):
                    out[claim_id].append(reason)
    return out


def caveats_link(cites: Citations, lang: str) -> Markup:
    """The way from what does not add up to the whole ledger, on the companion page."""
    return furniture.sentence("caveats_more", lang).format(
        ledger=Markup('<a href="{}#findings">{}</a>').format(cites.evidence, t("evidence_title", lang)))


def placed_charts(figures: dict) -> dict[str, list[str]]:
    """The charts the edition shows, by place ("lead", "sources" or an area), in the registry's order;
    a chart whose data cannot support it (charts/shown.py) is left off the page."""
    from dean06.publish.charts.shown import shown

    out: dict[str, list[str]] = {}
    for name, (kind, area) in chart_places().items():
        chart = figures.get(name)
        if chart is not None and not (chart.csv and not shown(name, chart.csv)):
            out.setdefault(area or kind, []).append(name)
    return out


def page_outline(story: story_mod.Story, groups: dict, facts: Facts, cites: Citations, inputs: Inputs,
                 placed: dict[str, list[str]], lang: str) -> list[outline.Section]:
    """The story's sections in the story's order: the sections of areas.csv it does not write about follow
    its last one, then what does not add up. A section with no figure and no chart of its own is left
    out, and so are the numbers it would have printed."""
    metrics = inputs.metrics
    of_area = outline.section_of_area(inputs.areas)
    charts_in: dict[str, list[str]] = {}
    for area, names in placed.items():
        if area in of_area:
            charts_in.setdefault(of_area[area], []).extend(names)
    order = [b for b in story.blocks if b not in story_mod.REQUIRED]
    written = [i for i, b in enumerate(order) if b in groups]
    at = written[-1] + 1 if written else (order.index("ledger") if "ledger" in order else len(order))
    order[at:at] = [g for g in groups if g not in story.blocks]
    if "ledger" not in order:
        order.append("ledger")
    out, dropped = [], set()
    for name in order:
        block = story.blocks.get(name)
        body = block.html if block is not None else Markup("")
        if name in groups:
            title, areas_in = groups[name]
            cites.section = name
            items, any_figure = outline.remaining(areas_in, facts, cites, metrics, lang, story.mentioned)
            cites.section = ""
            section = outline.Section(name, "section", title, body, items, charts_in.get(name, []) if any_figure else [])
        elif name == "ledger":  # always printed: it is the way to the whole ledger
            title = block.heading if block is not None and block.heading else t("caveats", lang)
            section = outline.Section("caveats", "caveats", title, body, charts=charts_in.get("caveats", []),
                                      more=caveats_link(cites, lang))
        else:
            section = outline.Section(name, "story", block.heading, body)
        section.printed = [p for p in cites.printed if p.section == section.id]
        if section.kind == "caveats" or section.has_own_figure():
            out.append(section)
        else:
            dropped.add(section.id)
    cites.printed = [p for p in cites.printed if p.section not in dropped]
    return out


def _appendix(cites: Citations) -> Markup:
    cites.section = "appendix"  # the dates of its entries are printed numbers too
    try:
        return cites.appendix()
    finally:
        cites.section = ""


def findings(inputs: Inputs, cites: Citations, lang: str) -> Markup:
    """The whole ledger of the edition, every finding with its severity, status and decision."""
    by_id = inputs.decisions.set_index("decision_id")
    labels, statuses = t("severity", lang), t("status", lang)
    # what the copies of another language print: a finding quoting it says so (lang), as a quote would
    other = inputs.clean[(inputs.clean["language"] != lang) & ~inputs.clean["flag_derived"]]
    foreign = {text: language for column in ("value_text", "quote_display")
               for text, language in zip(other[column], other["language"]) if text}
    items = []
    rank = {"conflict": 0, "caution": 1, "info": 2}
    for row in sorted(inputs.discrepancies.to_dict("records"), key=lambda r: (rank[r["severity"]], r["finding_id"])):
        decided = bool(row["decision_id"]) and row["decision_id"] in by_id.index
        items.append({"severity_id": row["severity"], "severity": labels[row["severity"]], "status": statuses[row["status"]],
                      "explanation": quoted_in_language(row[f"explanation_{lang}"], lang, foreign),
                      "reason": quoted_in_language(by_id.loc[row["decision_id"], f"reason_{lang}"], lang, foreign)
                      if decided else "",
                      "refs": cites.refs([c for c in row["claims"].split(";") if c], local=True)})
    return html().findings(t("findings", lang), t("findings_intro", lang), items)


def method(counts: dict, lang: str, context: pd.DataFrame | None = None) -> Markup:
    values = {k: fmt.number(v, lang) for k, v in counts.items()}
    paragraphs = [t("method_archive", lang, **values)]
    if "n_numbers" in counts:
        paragraphs.append(t("method_numbers", lang, **values))
    paragraphs.append(t("method_reconcile", lang, **values))
    # the facts no archived article states (data/raw/context.csv), each with its source
    for row in ([] if context is None else context.to_dict("records")):
        paragraphs.append(t("method_context", lang, label=row[f"label_{lang}"], date=fmt.long_date(row["date"], lang),
                            source=row["source"]))
    return html().method(t("method", lang), paragraphs)


def sources_section(sources: pd.DataFrame, lang: str, base: str = "") -> Markup:
    entries = []
    for s in sources.sort_values("event_date", kind="stable").to_dict("records"):
        dates = []
        for key, value, column in (("event", s["event_date"], "event_date_method"),
                                   ("published", s["published_date"], "published_date_method")):
            kind = t("stated" if s[column].startswith("stated") else "inferred", lang)
            how = in_language(s, column, lang)
            dates.append((t(key, lang), fmt.long_date(value, lang), kind, how.split(":", 1)[-1].strip()))
        lines = []
        if s["original_outlet"]:
            lines.append((t("republished_from", lang), in_language(s, "original_outlet", lang), ""))
        if s["byline"]:
            lines.append((t("byline", lang), s["byline"], ""))
        if s["url"]:
            lines.append((t("address", lang), s["url"], "url"))
        copy_lang = s.get("language") or lang
        lines.append((t("defects", lang), quoted_in_language(in_language(s, "defects", lang), lang, copy_lang), ""))
        lines.append(("SHA-256", s["sha256"], "hash"))
        lines.append((t("audit_page", lang), f"{base}sources/{s['source_id']}.{lang}.html", "audit"))
        entries.append({"id": s["source_id"], "outlet": in_language(s, "outlet", lang), "title": s["title"],
                        "lang": s.get("language") or "vi",
                        "dates": dates, "lines": lines})
    return html().sources(t("sources", lang), entries)


def manifest(root: Path, lang: str, as_of: str | None) -> Markup:
    processed = [paths.processed_dir(root) / name for name in (PROCESSED if as_of is None else PROCESSED[:1])]
    inputs = sorted(paths.raw_dir(root).glob("*.csv")) + [p for p in processed if p.is_file()]
    def of_file(path: str) -> Markup:  # a file's path is code, in any language
        return Markup(t("manifest_file", lang, path="{path}")).format(path=Markup("<code>{}</code>").format(path))

    rows = [(t("manifest_inputs", lang), inputs_digest(root)), (t("manifest_lang", lang), lang),
            (t("manifest_as_of", lang), as_of or t("manifest_none", lang)),
            (of_file("requirements.lock"), sha256_of(root / "requirements.lock"))]
    rows += [(of_file(str(p.relative_to(root))), sha256_of(p)) for p in inputs]
    return html().manifest(t("manifest", lang), rows)


def edition_tables(root: Path | str | None, as_of: str | None, result: reconcile.Reconciliation | None = None):
    """The chart tables as reconciled at `as_of` (what had been published by then), in memory."""
    from dean06.publish.charts import Tables

    root = Path(root) if root else paths.project_root()
    result = result or reconcile.run(root, as_of)
    return Tables.build(claims_clean=tables.read("claims_clean", root),
                        reconciled=result.reconciled, discrepancies=result.discrepancies,
                        sources=tables.read("sources", root), metrics=tables.read("metrics", root))


def chart_images(root: Path | str | None, lang: str, as_of: str | None = None,
                 result: reconcile.Reconciliation | None = None) -> dict[str, ChartFiles]:
    """Every chart for this edition: the published files for the default edition, drawn from the
    edition's own reconciliation for an as-of edition."""
    from dean06.publish.charts import FILES, NAMES

    edition = Edition.parse(lang, as_of)
    lang, as_of = edition.lang, edition.as_of
    published = paths.figures_dir(Path(root) if root else None) / lang
    if as_of is None and all((published / f"{n}.{k}").is_file() for n in NAMES for k in FILES):
        return {n: ChartFiles((published / f"{n}.png").read_bytes(),
                              (published / f"{n}.alt.txt").read_text(encoding="utf-8").strip(),
                              (published / f"{n}.csv").read_bytes(), (published / f"{n}.svg").read_bytes(),
                              (published / f"{n}.narrow.png").read_bytes())
                for n in NAMES}
    from dean06.publish.charts import build_all  # only to draw: the default edition embeds the published files

    return drawn_files(build_all(edition_tables(root, as_of, result), lang, as_of), lang)


def drawn_files(charts: dict, lang: str) -> dict[str, ChartFiles]:
    """The page's files of charts just drawn (`build_all`): each layout, its data and vector file."""
    import matplotlib.pyplot as plt

    from dean06.publish.charts import narrow
    from dean06.publish.charts.save import csv_bytes, narrow_png_bytes, png_bytes, svg_bytes

    images = {}
    for name, (figure, frame, alt) in charts.items():
        small = narrow(name, frame, lang)
        images[name] = ChartFiles(png_bytes(figure), alt, csv_bytes(frame), svg_bytes(figure), narrow_png_bytes(small))
        plt.close(figure)
        plt.close(small)
    return images


def _counts(root: Path, inputs: Inputs, in_edition: pd.DataFrame) -> dict:
    clean = inputs.clean
    counts = {"n_sources": len(in_edition),
              "n_claims": int((~clean["flag_derived"] & clean["source_id"].isin(in_edition.index)).sum()),
              "n_findings": len(inputs.discrepancies),
              "n_decided": int((inputs.discrepancies["status"] == "decided").sum())}
    numbers = inputs.numbers
    counts["n_numbers"] = int(numbers["source_id"].isin(in_edition.index).sum())
    return counts


def edition_info(in_edition: pd.DataFrame, clean: pd.DataFrame, as_of: str | None, lang: str) -> story_mod.EditionInfo:
    """The reviews an edition reports: the distinct event dates of its sources whose event is a
    review conference (articles on one conference count once). Events of other kinds are named as
    what they are (`others`), never counted as reviews; an edition with no review conference
    gives the span of its events instead."""
    is_review = in_edition["event_kind"].eq(REVIEW_CONFERENCE)
    reviews = sorted(set(in_edition.loc[is_review, "event_date"]))
    span = reviews or sorted(set(in_edition["event_date"]))
    others = in_edition.loc[~is_review, ["event_date", "event_kind"]].drop_duplicates().sort_values(
        ["event_date", "event_kind"])
    named = [t("other_event", lang, kind=t("event_kinds", lang)[kind], date=fmt.long_date(day, lang))
             for day, kind in others.itertuples(index=False)]
    joined = ", ".join(named[:-1]) + f" {t('and', lang)} {named[-1]}" if len(named) > 1 else "".join(named)
    return story_mod.EditionInfo(as_of, fmt.long_date(span[0], lang), fmt.long_date(span[-1], lang),
                                 len(reviews), len(in_edition), reviews, joined, len(named))


def page_title(story: story_mod.Story, lang: str, as_of: str | None) -> str:
    """The page's <title>: the headline, which states the finding (a dated edition adds its date, unless
    the headline already says it)."""
    headline = str(story.text("headline").striptags()) or t("title", lang)
    if as_of and fmt.long_date(as_of, lang) not in headline:
        return t("title_edition", lang, headline=headline, as_of=fmt.long_date(as_of, lang))
    return headline


def head(report: Report) -> dict:
    """What the page's <head> takes from the report step (the notebook displays it for the renderer,
    dean06.pipeline.render.HEAD_TYPE): the title."""
    return {"title": report.title}


def build(root: Path | str | None = None, lang: str = "vi", as_of: str | None = None,
          figures: dict[str, tuple[bytes, str]] | None = None, story_folder: Path | None = None) -> Report:
    edition = Edition.parse(lang, as_of)
    lang, as_of = edition.lang, edition.as_of
    root = Path(root) if root else paths.project_root()
    inputs = load_inputs(root, as_of)
    in_edition = edition.published(inputs.sources)
    if figures is None:  # the edition's charts come from the same reconciliation as its prose
        figures = chart_images(root, lang, as_of, inputs.result)
    metrics = inputs.metrics
    cites = Citations(inputs.clean, inputs.sources, metrics, lang, decision_reasons(inputs, lang), inputs.numbers,
                      furniture.base(as_of), evidence=Path(paths.evidence_page(lang, as_of)).name,
                      story=Path(paths.report_page(lang, as_of)).name)
    facts = Facts(inputs.reconciled, inputs.clean, metrics, lang)
    groups = outline.sections(inputs.areas, lang)
    info = edition_info(in_edition, inputs.clean, as_of, lang)
    cites.section = "key-numbers"
    key_box = key_numbers.box(facts, cites, lang)  # first on the page: its numbers are cited first
    context = tables.read("context", root)
    story = story_mod.render(lang, facts, cites, info, list(groups), story_folder, context)
    outline.tag(cites.printed)

    report = Report(lang, as_of, page_title(story, lang, as_of), figures=figures, story=story)
    placed = placed_charts(figures)
    report.outline = page_outline(story, groups, facts, cites, inputs, placed, lang)
    # the page around the story
    note = t("as_of_note", lang, as_of=fmt.long_date(as_of, lang)) if as_of else ""
    cite_line = datapackage.how_to_cite(datapackage.load_citation(root), lang)
    cff = datapackage.load_citation(root)
    credit = datapackage.credit(cff, lang)
    if lang != "en" and credit == datapackage.credit(cff, "en"):  # a name the wording does not translate
        credit = Markup('<span lang="en">{}</span>').format(credit)
    printed_in = {}
    for p in cites.printed:
        printed_in.setdefault(p.section, []).append(p)
    head = [outline.Section("top", "html", body=html().header(
                story.text("headline"), story.text("standfirst"), note,
                furniture.dateline(in_edition, facts, as_of, credit, lang), furniture.switch(lang, as_of)),
                printed=printed_in.get("top", [])),
            outline.Section("key-numbers", "html", body=key_box, printed=printed_in.get("key-numbers", [])),
            outline.Section("lead", "lead", body=story.text("lead"), printed=printed_in.get("lead", []))]
    if placed.get("lead"):  # the lead chart, right under the lead
        head.append(outline.Section("lead-chart", "charts", charts=placed["lead"]))
    entries = [(s.id, s.title) for s in report.outline] + [("downloads", t("downloads", lang)),
                                                          (cites.evidence, t("evidence_title", lang))]
    nav = outline.Section("nav", "html", body=html().nav(t("contents", lang), entries, len(entries) <= NAV_OPEN))
    story_figures = [p for s in head + report.outline for p in s.printed]
    # the box on the sources counts what the page prints, so it is made after the story's figures
    tail = [outline.Section("about-sources", "html", body=furniture.about_sources(
                in_edition, inputs.clean, story_figures, lang, cites.evidence)),
            outline.Section("downloads", "html", body=furniture.downloads(lang, as_of, in_edition, cite_line,
                                                                          cites.evidence)),
            outline.Section("script", "html", body=html().switch_script())]
    report.outline = head + [nav] + report.outline + tail
    report.parts, story_printed = outline.render(report.outline, figures, lang, as_of)

    # The companion page: the evidence, entry by entry, each linking back to where the story prints it.
    evidence = {
        "evidence-header": html().evidence_header(
            t("evidence_title", lang), t("evidence_intro", lang),
            {"href": cites.story, "label": t("back_to_story", lang)}, furniture.switch(lang, as_of, evidence=True),
            furniture.credits(in_edition, lang)),
        "evidence-nav": html().nav(t("contents", lang), [(k, t(k, lang)) for k in EVIDENCE_PARTS], True),
        "source_charts": html().chart_section("source_charts", t("source_charts", lang), t("source_charts_intro", lang),
                                              [outline.chart_html(n, figures, lang, as_of) for n in placed.get("sources", [])]),
        "findings": findings(inputs, cites, lang),
        "method": method(_counts(root, inputs, in_edition), lang, context),
        "sources": sources_section(in_edition, lang, furniture.base(as_of)),
        "appendix": _appendix(cites),
        "manifest": manifest(root, lang, as_of),
        "script": html().switch_script(),
    }
    report.evidence = {k: str(v) for k, v in evidence.items()}
    report.cited = list(cites.cited)
    shown = {name: s.id for s in report.outline for name in s.charts if name in figures}
    labelled = printed.chart_numbers(figures, inputs.reconciled, shown)
    appendix_dates = [p for p in cites.printed if p.section == "appendix"]
    report.printed = printed.table(story_printed + labelled + appendix_dates, inputs.clean, inputs.sources,
                                   inputs.decisions, lang)
    report.tables = {"printed": report.printed}
    if as_of is not None:
        report.tables.update(reconciled=inputs.reconciled, discrepancies=inputs.discrepancies)
    return report


def evidence_html(report: Report) -> str:
    """The edition's companion page, "Sources and method", as HTML (the build writes it; the preview serves it)."""
    from dean06.pipeline.steps import alternates
    from dean06.publish.audit_pages import stylesheet

    env = environment(html_templates(), keep_trailing_newline=True)
    return env.get_template("report/evidence.html.j2").render(
        lang=report.lang, title=f"{t('evidence_title', report.lang)} · {report.title}",
        alternates=[(code, Path(paths.evidence_page(code, report.as_of)).name)
                    for code, _ in alternates(report.lang, report.as_of)],
        css=Markup(stylesheet()), parts=[Markup(p) for p in report.evidence.values()])


def write_evidence(report: Report, root: Path) -> Path:
    """The companion page, written beside its story page (paths.evidence_page)."""
    from dean06 import atomic

    target = root / paths.evidence_page(report.lang, report.as_of)
    atomic.write_text(target, evidence_html(report))
    return target


def write_tables(report: Report, root: Path) -> list[Path]:
    """What an edition writes about itself (paths.edition_tables): its printed numbers, and for a dated
    edition its own reconciled figures and findings beside its page."""
    from dean06 import atomic

    written = []
    for name, rel in paths.edition_tables(report.lang, report.as_of).items():
        frame = report.tables[name]
        target = root / rel
        atomic.write_text(target, reconcile.to_csv_text(frame))
        written.append(target)
    return written


def write_downloads(report: Report, root: Path) -> list[Path]:
    """Each chart's downloads (its data and its vector file), byte for byte as drawn, as files beside the
    page (paths.chart_downloads): the page links them rather than carrying them, and works offline
    from its folder."""
    from dean06 import atomic
    from dean06.publish.charts import NAMES

    written = []
    for (name, kind), rel in paths.chart_downloads(report.lang, report.as_of, NAMES).items():
        chart = report.figures.get(name)
        if chart is None:
            continue  # a page rendered without its charts (figures={}) links none
        target = root / rel
        atomic.write_bytes(target, getattr(chart, kind))
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """`python -m dean06.publish.report [lang] [as_of]`: render the story, print its lead, or list its errors."""
    from dean06.problems import run_cli

    args = list(argv if argv is not None else sys.argv[1:])

    def work():
        built = build(None, args[0] if args else "vi", args[1] if len(args) > 1 else None, figures={})
        print(built.parts["lead"])

    return run_cli(work, prefix="story: ", catch=(story_mod.StoryError, ValueError))


if __name__ == "__main__":
    sys.exit(main())
