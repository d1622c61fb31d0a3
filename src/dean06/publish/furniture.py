"""The page around the story, generated from the data: date line, credits, language switch, the box
on where the figures come from, and the downloads with how to cite."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dean06 import formatting as fmt
from dean06 import paths
from dean06.edition import LANGS
from dean06.publish.citations import Printed
from dean06.publish.html import Markup, parts
from dean06.wording import entry, in_language
from dean06.wording import report as t


def _template(key: str, lang: str) -> Markup:
    """A sentence whose {placeholders} take markup (links, <time>): filled by Markup.format, which
    escapes every value that is not markup already."""
    return Markup(entry(f"report.{key}", lang))


def sentence(key: str, lang: str) -> Markup:
    """A wording entry whose {placeholders} take markup."""
    return _template(key, lang)


def _in_order(sources: pd.DataFrame) -> pd.DataFrame:
    """Oldest publication first; one day's sources by id."""
    return sources.reset_index(drop=True).sort_values(["published_date", "source_id"], kind="stable")


def _time(iso: str, lang: str) -> Markup:
    return Markup('<time datetime="{}">{}</time>').format(iso, fmt.long_date(iso, lang))


def base(as_of: str | None) -> str:
    """The way from the page to reports/: a dated edition lives one folder down."""
    return "../" * (len(Path(paths.report_page("vi", as_of)).parent.parts) - 1)


def figures_to(facts, as_of: str | None) -> str | None:
    """The latest date that carries a figure the edition prints (never a publication without one)."""
    dates = [f.as_of for series in facts.series.values() for f in series if not as_of or f.as_of <= as_of]
    return max(dates) if dates else None


def dateline(in_edition: pd.DataFrame, facts, as_of: str | None, credit: str, lang: str) -> Markup:
    """One line: the edition's date (its cut-off, or the latest publication it uses), the latest date
    that carries a figure, and the credit."""
    published = sorted(in_edition["published_date"])
    edition = as_of or published[-1]
    last = figures_to(facts, as_of) or edition
    return _template("dateline", lang).format(edition=_time(edition, lang), figures_to=_time(last, lang),
                                              credit=credit)


def retrieved(dates, lang: str) -> Markup:
    """When the copies were retrieved: one date, or the range from the first to the last."""
    days = sorted(set(dates))
    if len(days) == 1:
        return _template("retrieved", lang).format(date=_time(days[0], lang))
    return _template("retrieved_range", lang).format(first=_time(days[0], lang), last=_time(days[-1], lang))


def _articles(n: int, lang: str) -> str:
    return t("articles_one" if n == 1 else "articles_n", lang, n=fmt.number(n, lang))


def credits(in_edition: pd.DataFrame, lang: str) -> Markup:
    """Sources by outlet, each linking to its entry in the list of sources."""
    outlets: dict[str, list[str]] = {}
    for s in _in_order(in_edition).to_dict("records"):
        outlets.setdefault(in_language(s, "outlet", lang), []).append(s["source_id"])
    names = _template("list_sep", lang).join(
        Markup('<a href="#source-{}">{}</a> ({})').format(ids[0], outlet, _articles(len(ids), lang))
        for outlet, ids in outlets.items())
    return _template("credits", lang).format(outlets=names)


def switch(lang: str, as_of: str | None, evidence: bool = False) -> dict:
    """A link to the same page in the other language (same anchors: the script keeps the reader's place)."""
    other, page = paths.twin_pages(lang, as_of, LANGS)[0]
    if evidence:
        page = Path(paths.evidence_page(other, as_of)).name
    return {"href": page, "lang": other, "label": t("language_name", other)}


def about_sources(in_edition: pd.DataFrame, clean: pd.DataFrame, printed: list[Printed], lang: str,
                  evidence: str = "") -> Markup:
    """How much each article supplies, which supply nothing, which are republished or undated, and how
    much of the page rests on one article."""
    reported = clean[~clean["flag_derived"]]
    # a figure the article prints twice is one figure, as the charts count it (flag_repeated)
    per_source = reported[~reported["flag_repeated"]].groupby("source_id").size()
    repeats = reported[reported["flag_repeated"]].groupby("source_id").size()
    lines = []
    for s in _in_order(in_edition).to_dict("records"):
        n = int(per_source.get(s["source_id"], 0))
        notes = []
        if int(repeats.get(s["source_id"], 0)):
            notes.append(t("about_repeated", lang, n=fmt.number(int(repeats[s["source_id"]]), lang)))
        if s["original_outlet"]:
            notes.append(t("about_republished", lang, original=in_language(s, "original_outlet", lang)))
        if s["published_date_method"].startswith("inferred"):
            notes.append(t("about_undated", lang))
        figures = t("about_figures_one" if n == 1 else "about_figures_n", lang, n=fmt.number(n, lang)) if n \
            else t("about_no_figures", lang)
        lines.append(_template("about_source", lang).format(
            outlet=Markup('<a href="{}#source-{}">{}</a>').format(evidence, s["source_id"], in_language(s, "outlet", lang)),
            date=_time(s["published_date"], lang), figures=figures,
            notes=("; " + "; ".join(notes)) if notes else ""))
    figures = [p for p in printed if p.kind == "figure"]
    if figures:
        source_of = reported.set_index("claim_id")["source_id"]
        lead = pd.Series([source_of.get(p.claims[0], "") for p in figures])
        lead = lead[lead != ""]
        if len(lead):
            top = lead.value_counts().sort_index().sort_values(ascending=False, kind="stable").index[0]
            s = in_edition.loc[top]
            lines.append(_template("about_depends", lang).format(
                n=fmt.number(int((lead == top).sum()), lang), total=fmt.number(len(figures), lang),
                outlet=Markup('<a href="{}#source-{}">{}</a>').format(evidence, top,
                                                                      in_language(s, "outlet_short", lang)),
                date=_time(s["published_date"], lang)))
    return parts().about_sources(t("about_sources", lang), lines)


def downloads(lang: str, as_of: str | None, in_edition: pd.DataFrame, citation: str, evidence: str = "") -> Markup:
    """The data behind the page. The default edition's package sits beside it in reports/data/; a dated
    edition's own tables sit beside its page. Chart data downloads are in each chart's caption."""
    here = base(as_of)
    items = [(t("evidence_title", lang), evidence, t("evidence_note", lang))] if evidence else []
    if as_of is None:
        items.append((t("download_package", lang), "data/datapackage.json", t("download_package_note", lang)))
    else:
        for name, rel in paths.edition_tables(lang, as_of).items():
            items.append((t(f"download_{name}", lang), Path(rel).name, ""))
        items.append((t("download_package", lang), f"{here}data/datapackage.json", t("download_package_later", lang)))
    for s in _in_order(in_edition).to_dict("records"):
        items.append((t("download_audit", lang, outlet=in_language(s, "outlet_short", lang),
                        date=fmt.long_date(s["published_date"], lang)),
                      f"{here}sources/{s['source_id']}.{lang}.html", ""))
    return parts().downloads(t("downloads", lang), t("downloads_intro", lang), items, t("how_to_cite", lang), citation)
