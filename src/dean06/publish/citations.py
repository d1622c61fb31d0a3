"""Every number in the report links to an appendix entry: claim id → verbatim quote → archived article."""

from __future__ import annotations

import html

import pandas as pd

from dean06 import formatting as fmt
from dean06.publish.wording import t


# How an as-of date was set (claims_clean.as_of_method) is recorded in English; Vietnamese readers
# get the same words translated. Longer phrases first, so "year inferred" is not split.
_METHOD_VI = [("stated", "ghi trong bài"), ("year inferred", "năm suy ra"), ("relative", "tương đối"),
              ("event date", "ngày sự kiện"), ("end of", "cuối"), ("inferred", "suy ra")]


def method_text(method: str, lang: str) -> str:
    if lang == "vi":
        for en, vi in _METHOD_VI:
            method = method.replace(en, vi)
    return method


def anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


class Citations:
    """Registers the claims a report cites, in order of first use, and renders the appendix."""

    def __init__(self, clean: pd.DataFrame, sources: pd.DataFrame, metrics: pd.DataFrame, lang: str):
        self.clean = clean.set_index("claim_id", drop=False)
        self.sources, self.metrics, self.lang = sources, metrics, lang
        self.cited: list[str] = []

    def _register(self, claim_id: str) -> None:
        if claim_id not in self.clean.index:
            raise KeyError(f"the report cites claim {claim_id!r}, which is not in claims_clean")
        if claim_id not in self.cited:
            self.cited.append(claim_id)
            for parent in filter(None, self.clean.loc[claim_id, "derived_from"].split(";")):
                self._register(parent)

    def link(self, text: str, claim_ids: list[str], derived: bool = False) -> str:
        """A figure in prose: the text links to the first claim's appendix entry; all are registered."""
        for cid in claim_ids:
            self._register(cid)
        mark = f' <span class="derived">({html.escape(t("derived", self.lang))})</span>' if derived else ""
        title = html.escape(", ".join(claim_ids))
        return f'<a class="figure-ref" href="#{anchor(claim_ids[0])}" title="{title}">{html.escape(text)}</a>{mark}'

    def ref(self, claim_id: str) -> str:
        """A bare claim id as a link, for ledger entries."""
        self._register(claim_id)
        return f'<a class="claim-ref" href="#{anchor(claim_id)}">{html.escape(claim_id)}</a>'

    def appendix(self) -> str:
        lang = self.lang
        items = []
        for cid in sorted(self.cited):
            row = self.clean.loc[cid]
            source = self.sources.loc[row["source_id"]]
            label = self.metrics.loc[row["metric"], f"label_{lang}"]
            parts = [f'<dt id="{anchor(cid)}"><code>{html.escape(cid)}</code> — {html.escape(label)}</dt><dd>']
            if row["flag_derived"]:
                inputs = ", ".join(self.ref(c) for c in row["derived_from"].split(";") if c)
                parts.append(f"<p><strong>{t('derived_from', lang)}:</strong> {inputs}. "
                             f"<span lang=\"en\">{html.escape(row['derivation'])}</span></p>")
            else:
                parts.append(f"<p><strong>{t('as_written', lang)}:</strong> «{html.escape(row['value_text'])}» · "
                             f"<strong>{t('quote', lang)}:</strong> <q lang=\"vi\">{html.escape(row['quote_display'])}</q></p>")
            parts.append(f"<p><strong>{t('as_of', lang)}:</strong> {html.escape(fmt.long_date(row['as_of'], lang))} "
                         f"({html.escape(method_text(row['as_of_method'], lang))}) · <strong>{t('source', lang)}:</strong> "
                         f'<a href="#source-{html.escape(row["source_id"])}">{html.escape(row["source_id"])}</a>, '
                         f"{html.escape(source['outlet'])}, {html.escape(fmt.long_date(source['published_date'], lang))}</p>")
            parts.append(f"<p><strong>{t('article', lang)}:</strong> <code>data/raw/articles/{html.escape(source['file'])}</code>"
                         f" · SHA-256 <code class=\"hash\">{html.escape(source['sha256'])}</code></p></dd>")
            items.append("".join(parts))
        return (f'<section id="appendix"><h2>{t("appendix", lang)}</h2><p>{t("appendix_intro", lang)}</p>'
                f'<dl class="appendix">{"".join(items)}</dl></section>')
