"""Every number in the report links to an appendix entry: claim id → verbatim quote → archived article."""

from __future__ import annotations

import pandas as pd

from dean06 import formatting as fmt
from dean06.publish.html import Markup, parts
from dean06.wording import date_method
from dean06.wording import report as t


def in_language(source, column: str, lang: str) -> str:
    """A source's descriptive text in the edition's language: sources.csv keeps English in `column`
    and Vietnamese in `column_vi` (docs/data_dictionary.md)."""
    if lang == "vi":
        vi = source.get(f"{column}_vi", "") if hasattr(source, "get") else ""
        if isinstance(vi, str) and vi.strip():
            return vi
    return source[column]


def anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


class Citations:
    """Registers the claims a report cites, in order of first use, and renders the appendix.

    `decisions` maps a claim id to the editor's reasons (in the report's language) for the figures it
    supports, shown in its entry.
    """

    def __init__(self, clean: pd.DataFrame, sources: pd.DataFrame, metrics: pd.DataFrame, lang: str,
                 decisions: dict[str, list[str]] | None = None):
        self.clean = clean.set_index("claim_id", drop=False)
        self.sources, self.metrics, self.lang = sources, metrics, lang
        self.decisions = decisions or {}
        self.cited: list[str] = []

    def _register(self, claim_id: str) -> None:
        if claim_id not in self.clean.index:
            raise KeyError(f"the report cites claim {claim_id!r}, which is not in claims_clean")
        if claim_id not in self.cited:
            self.cited.append(claim_id)
            for parent in filter(None, self.clean.loc[claim_id, "derived_from"].split(";")):
                self._register(parent)

    def link(self, text: str, claim_ids: list[str], derived: bool = False, mark: str = "derived") -> Markup:
        """A figure in prose: the text links to the first claim's appendix entry; all are registered.
        A figure of ours carries its mark: `derived` (our estimate) or `calculated` (a difference)."""
        for cid in claim_ids:
            self._register(cid)
        title = ", ".join(dict.fromkeys(self.describe(c) for c in claim_ids))
        return parts().figure_ref(text, claim_ids, derived, t(mark, self.lang), title)

    def describe(self, claim_id: str) -> str:
        """A claim as a reader would name it: outlet and date of publication."""
        row = self.clean.loc[claim_id]
        source = self.sources.loc[row["source_id"]]
        return f"{in_language(source, 'outlet', self.lang)}, {fmt.long_date(source['published_date'], self.lang)}"

    def ref(self, claim_id: str) -> Markup:
        """A claim named by its outlet and date, as a link, for ledger entries."""
        self._register(claim_id)
        return parts().claim_ref(claim_id, self.describe(claim_id))

    def date(self, claim_id: str, iso: str) -> Markup:
        """A figure's date; an inferred one says so, with its reasoning on hover."""
        method = self.clean.loc[claim_id, "as_of_method"] if claim_id in self.clean.index else "stated"
        inferred = method.startswith("inferred") or "year inferred" in method
        return parts().date(fmt.long_date(iso, self.lang), iso, inferred, date_method(method, self.lang), method)

    def appendix(self) -> Markup:
        lang = self.lang
        entries = []
        for cid in sorted(self.cited):
            row = self.clean.loc[cid]
            source = self.sources.loc[row["source_id"]]
            inputs = Markup(", ").join(self.ref(c) for c in row["derived_from"].split(";") if c) \
                if row["flag_derived"] else ""
            entries.append({
                "id": cid, "label": self.metrics.loc[row["metric"], f"label_{lang}"],
                "derived_from": inputs, "derivation": row["derivation"], "value_text": row["value_text"],
                "quote": row["quote_display"],
                "date": Markup(f"{self.date(cid, row['as_of'])}") if row["as_of"] else "",
                "source_id": row["source_id"], "outlet": in_language(source, "outlet", lang),
                "published": fmt.long_date(source["published_date"], lang),
                "decisions": self.decisions.get(cid, []), "file": source["file"], "sha256": source["sha256"]})
        labels = {k: t(k, lang) for k in ("derived_from", "as_written", "quote", "as_of", "source", "decision", "article")}
        return parts().appendix(t("appendix", lang), t("appendix_intro", lang), entries, labels)
