"""Every number in the report links to an appendix entry: claim id → verbatim quote → archived article.

Each figure, change and date the report prints is recorded as it is rendered (`Citations.printed`):
the page's links and the table of printed numbers (publish/printed.py) come from the same records, so
the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dean06 import formatting as fmt
from dean06.publish.facts import fraction
from dean06.publish.html import Markup, parts, quoted_in_language
from dean06.wording import in_language
from dean06.wording import report as t


def anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


@dataclass
class Printed:
    """One number as the page prints it."""
    ref: str  # its element id in the page
    kind: str  # figure (a reported figure), change (our subtraction), date
    text: str  # as printed
    claims: list[str]
    metric: str = ""
    as_of: str = ""
    derived: bool = False
    decision_id: str = ""
    section: str = ""  # the part of the page that prints it (outline.Section.id)


class Citations:
    """Registers the claims a report cites, in order of first use, and renders the appendix.

    `decisions` maps a claim id to the editor's reasons (in the report's language) for the figures it
    supports, shown in its entry. `numbers` is the evidence step's table of every number in the
    articles (where each claim's figure stands in its article); `base` is the way from the page to
    reports/ (the audit pages are reports/sources/<id>.<lang>.html).
    """

    def __init__(self, clean: pd.DataFrame, sources: pd.DataFrame, metrics: pd.DataFrame, lang: str,
                 decisions: dict[str, list[str]] | None = None, numbers: pd.DataFrame | None = None,
                 base: str = "", evidence: str = "", story: str = ""):
        self.evidence, self.story = evidence, story  # the companion page and the story page, by file name
        self.sources, self.metrics, self.lang = sources, metrics, lang
        # rows by id as plain mappings: a page looks claims and sources up hundreds of times, and a frame's
        # row lookup costs a fraction of a millisecond each, growing the page's time with the archive
        self.claim = clean.set_index("claim_id", drop=False).to_dict("index")
        self.source = sources.to_dict("index")
        self.label = metrics[f"label_{lang}"].to_dict()
        self.decisions = decisions or {}
        # what the copies of another language print: a derivation quoting it marks it with that language
        other = clean[(clean["language"] != lang) & ~clean["flag_derived"]]
        self.foreign = {text: language for column in ("value_text", "quote_display")
                        for text, language in zip(other[column], other["language"]) if text}
        self.base = base
        self.cited: list[str] = []
        self.printed: list[Printed] = []
        self.section = ""  # the part of the page being rendered: every number recorded is tagged with it
        self.positions: dict[str, int] = {}
        if numbers is not None:
            for row in numbers.to_dict("records"):
                kind, _, ref = row["accounted_by"].partition(":")
                if kind == "claim":
                    self.positions.setdefault(ref, int(row["start"]))

    def _register(self, claim_id: str) -> None:
        if claim_id not in self.claim:
            raise KeyError(f"the report cites claim {claim_id!r}, which is not in claims_clean")
        if claim_id not in self.cited:
            self.cited.append(claim_id)
            for parent in filter(None, self.claim[claim_id]["derived_from"].split(";")):
                self._register(parent)

    def _record(self, kind: str, text: str, claim_ids: list[str], **details) -> str:
        ref = f"p-{len(self.printed) + 1}"
        self.printed.append(Printed(ref, kind, str(text), list(claim_ids), section=self.section, **details))
        return ref

    def hint(self, claim_id: str) -> str:
        """What hovering a figure shows: the quote (or how we computed it), whom the copy credits with
        it when that is not the copy itself, and where it was printed."""
        row = self.claim[claim_id]
        said = f"«{row['quote_display']}»" if not row["flag_derived"] else in_language(row, "derivation", self.lang)
        if row["attributed_to"]:
            return f"{said} — {self.according_to(claim_id)} ({self.describe(claim_id)})"
        return f"{said} — {self.describe(claim_id)}"

    def attribution(self, claim_id: str) -> str:
        """Whom the copy credits with a claim's figure (claims.csv `attributed_to`), in the edition's
        language; the outlet's short name when the copy states it in its own voice."""
        row = self.claim[claim_id]
        outlet = in_language(self.source[row["source_id"]], "outlet_short", self.lang)
        return t("attributions", self.lang)[row["attributed_to"] or "outlet"].format(outlet=outlet)

    def according_to(self, claim_id: str) -> str:
        """'according to …' / 'theo …' for a claim, as its quote attributes it."""
        return t("according_to", self.lang, who=self.attribution(claim_id))

    def link(self, text: str, claim_ids: list[str], derived: bool = False, mark: str = "derived",
             metric: str = "", as_of: str = "", decision_id: str = "") -> Markup:
        """A figure in prose: the text links to the first claim's appendix entry, a small numbered
        link to each further claim; the quote shows on hover. A figure of ours carries its mark:
        `derived` (our estimate) or `calculated` (a difference)."""
        for cid in claim_ids:
            self._register(cid)
        kind = "change" if mark == "calculated" else "figure"
        lead = self.claim[claim_ids[0]]
        ref = self._record(kind, text, claim_ids, metric=metric or lead["metric"], as_of=as_of or lead["as_of"],
                           derived=derived, decision_id=decision_id)
        more = [(cid, str(i), self.hint(cid)) for i, cid in enumerate(dict.fromkeys(claim_ids[1:]), start=2)
                if cid != claim_ids[0]]
        return parts().figure_ref(ref, text, claim_ids, derived, t(mark, self.lang), self.hint(claim_ids[0]), more,
                                  self.evidence)

    def describe(self, claim_id: str) -> str:
        """A claim as a reader would name it: the outlet's short name (the credits and the box on the
        sources name it in full first) and the date of publication."""
        row = self.claim[claim_id]
        source = self.source[row["source_id"]]
        return f"{in_language(source, 'outlet_short', self.lang)}, {fmt.long_date(source['published_date'], self.lang)}"

    def ref(self, claim_id: str, local: bool = False) -> Markup:
        """A claim named by its outlet and date, as a link to its entry; `local` on the companion page."""
        self._register(claim_id)
        return parts().claim_ref(claim_id, self.describe(claim_id), "" if local else self.evidence)

    def refs(self, claim_ids: list[str], local: bool = False) -> Markup:
        """Claims named once per article: the first by outlet and date, the article's further claims
        as bracketed numbers beside it ("Lắk district news page, 21 December 2023 [2] [3]"), each its
        own link, so a finding resting on many figures of one article does not repeat its name."""
        groups: dict[str, list[str]] = {}
        for claim_id in claim_ids:
            groups.setdefault(self.describe(claim_id), []).append(claim_id)
        page = "" if local else self.evidence
        out = []
        for named, ids in groups.items():
            for claim_id in ids:
                self._register(claim_id)
            more = [parts().claim_ref(c, f"[{n}]", page) for n, c in enumerate(ids[1:], start=2)]
            out.append(Markup(" ").join([parts().claim_ref(ids[0], named, page), *more]))
        return Markup(" · ").join(out)

    def _glossed_value(self, row, printed_in: str) -> str:
        """The quote's figure in the edition's number forms: a part of a whole keeps its whole (38 of 53)."""
        return fraction(row, self.lang) or fmt.as_printed(row["value"], row["unit"], self.lang, row["bound"],
                                                          row["value_text"], row["qualifier"], printed_in)

    def date(self, claim_id: str, iso: str, year_only: bool = False) -> Markup:
        """A figure's date (or only its year); an inferred one says so, with its reasoning on hover. A year
        alone is marked only when the year itself was inferred (flag_year_inferred): a level "compared
        with 2022" has an inferred day, not an inferred year."""
        flags = ["flag_year_inferred"] if year_only else ["flag_as_of_inferred", "flag_year_inferred"]
        inferred = claim_id in self.claim and any(bool(self.claim[claim_id][flag]) for flag in flags)
        text = iso[:4] if year_only else fmt.long_date(iso, self.lang)
        ref = self._record("date", text, [claim_id], metric=self.claim[claim_id]["metric"], as_of=iso)
        return parts().date(ref, text, iso[:4] if year_only else iso, inferred, t("inferred_mark", self.lang),
                            t("inferred_date_reason", self.lang))

    def audit_page(self, source_id: str) -> str:
        return f"{self.base}sources/{source_id}.{self.lang}.html"

    def appendix(self) -> Markup:
        lang = self.lang
        cited_at: dict[str, list[str]] = {}
        for p in self.printed:
            if p.kind != "date":
                for cid in dict.fromkeys(p.claims):
                    cited_at.setdefault(cid, []).append(p.ref)
        entries = []
        for cid in sorted(self.cited):
            row = self.claim[cid]
            source = self.source[row["source_id"]]
            inputs = Markup(", ").join(self.ref(c, local=True) for c in row["derived_from"].split(";") if c) \
                if row["flag_derived"] else ""
            page = self.audit_page(row["source_id"])
            at = self.positions.get(cid)
            entries.append({
                "id": cid, "label": self.label[row["metric"]],
                "derived_from": inputs,
                "derivation": quoted_in_language(in_language(row, "derivation", lang), lang, self.foreign),
                "value_text": row["value_text"],
                "quote": row["quote_display"], "lang": source["language"],
                "attributed": self.attribution(cid) if row["attributed_to"] else "",
                # a quote in the other language is glossed in the edition's: the metric's label (written by
                # the journalist in metrics.csv) and the figure in the edition's own number forms
                "gloss": "" if source["language"] == lang or row["flag_derived"] else
                t("gloss", lang, label=self.label[row["metric"]],
                  value=self._glossed_value(row, source["language"])),
                "date": Markup(f"{self.date(cid, row['as_of'])}") if row["as_of"] else "",
                "source_id": row["source_id"], "outlet": in_language(source, "outlet_short", lang),
                "published": fmt.long_date(source["published_date"], lang),
                "decisions": [quoted_in_language(r, lang, self.foreign) for r in self.decisions.get(cid, [])],
                "file": source["file"], "sha256": source["sha256"],
                "audit": page, "in_article": f"{page}#n-{at}" if at is not None else page,
                "url": source["url"], "back": cited_at.get(cid, [])})
        labels = {k: t(k, lang) for k in ("derived_from", "as_written", "quote", "as_of", "source", "decision",
                                          "article", "in_article", "original", "cited_at", "gloss_label",
                                          "attributed")}
        return parts().appendix(t("appendix", lang), t("appendix_intro", lang), entries, labels, self.story)
