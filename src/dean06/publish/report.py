"""Assemble the narrative report from the processed data: every figure generated, linked and cited.

`build(root, lang, as_of)` returns a `Report` whose parts (HTML fragments) the report notebook
displays in order. Parameters are validated before any work, so a bad `lang` or `as_of` fails fast.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dean06 import formatting as fmt
from dean06 import paths
from dean06.edition import Edition
from dean06.reconcile import step as reconcile
from dean06.publish.citations import Citations
from dean06.publish.wording import SECTIONS, t

# The build's inputs, the same files the Makefile makes every step depend on; their digest identifies
# a build. Docs, tests and the Makefile's recipes are not among them.
BUILD_INPUTS = ["data/raw", "src", "notebooks", "requirements.lock", "pyproject.toml"]


@dataclass
class Fact:
    metric: str
    as_of: str
    text: str  # as a reader sees it, in the report's language
    claims: list[str]
    derived: bool
    status: str


@dataclass
class Report:
    lang: str
    as_of: str | None
    title: str
    parts: dict[str, str] = field(default_factory=dict)  # name -> HTML fragment, in reading order
    figures: dict[str, tuple[bytes, str]] = field(default_factory=dict)


class Facts:
    """Looks up what to publish for a metric, formatted for the report's language."""

    def __init__(self, result: reconcile.Reconciliation, clean: pd.DataFrame, lang: str):
        self.rec = result.reconciled
        self.clean = clean.set_index("claim_id", drop=False)
        self.lang = lang

    def all(self, metric: str) -> list[Fact]:
        rows = self.rec[(self.rec["metric"] == metric) & (self.rec["status"] != "conflicting")].sort_values("as_of")
        return [self._fact(row) for _, row in rows.iterrows()]

    def first(self, metric: str) -> Fact | None:
        facts = self.all(metric)
        return facts[0] if facts else None

    def last(self, metric: str) -> Fact | None:
        facts = self.all(metric)
        return facts[-1] if facts else None

    def quote(self, metric: str) -> Fact | None:
        """The latest figure shown by its words as printed ('tăng 32,5% so với năm 2022'), not re-expressed."""
        fact = self.last(metric)
        if fact is not None:
            fact.text = self.clean.loc[fact.claims[0], "quote_display"]
        return fact

    def _fact(self, row) -> Fact:
        claims = row["supporting_claims"].split(";")
        lead = self.clean.loc[claims[0]]
        lang = self.lang
        if row["bound"] == "range":  # two readings of one ambiguous figure, not a confidence interval
            low, high = (fmt.amount(round(v, 1), row["unit"], lang) for v in (row["lower"], row["upper"]))
            text = f"{low} {t('or', lang)} {high}"
        elif pd.notna(lead["denominator"]):
            text = f"{fmt.number(lead['numerator'], lang)}/{fmt.number(lead['denominator'], lang)}"
        elif row["bound"] == "approx" and lead["flag_derived"]:
            text = fmt.amount(row["value"], row["unit"], lang, "approx")
        else:
            text = fmt.amount(row["value"], row["unit"], lang, row["bound"])
        return Fact(row["metric"], row["as_of"], text, claims, bool(lead["flag_derived"]), row["status"])


# Headline sentences: each names the facts it needs; a headline whose facts are missing at the
# edition's date is left out rather than written with gaps.
HEADLINES = [
    ({"cards": ("chip_id_cards_issued", "last"), "share": ("chip_id_issuance_share", "last")},
     {"vi": "Bộ Công an đã cấp {cards} thẻ CCCD gắn chip tính đến {cards_date}; đến {share_date}, Đề án báo cáo "
            "“hoàn thành cấp {share}” — một tỷ lệ không kèm mẫu số.",
      "en": "The Ministry of Public Security had issued {cards} chip ID cards by {cards_date}; by {share_date} the "
            "programme reported issuance “{share}” complete — a share with no stated base."}),
    ({"cards": ("chip_id_cards_issued", "last")},
     {"vi": "Bộ Công an đã cấp {cards} thẻ CCCD gắn chip tính đến {cards_date}.",
      "en": "The Ministry of Public Security had issued {cards} chip ID cards by {cards_date}."}),
    ({"approved": ("eid_applications_approved", "last"), "accounts": ("eid_accounts_issued", "last")},
     {"vi": "{approved} hồ sơ định danh điện tử được phê duyệt đến {approved_date}; đến {accounts_date} đã cấp "
            "{accounts} tài khoản định danh điện tử. Hai con số đo hai thứ khác nhau, nên không tính mức tăng giữa chúng.",
      "en": "{approved} e-ID applications had been approved by {approved_date}; by {accounts_date}, {accounts} e-ID "
            "accounts had been issued. The two measure different things, so no growth is computed between them."}),
    ({"rate": ("eid_approval_rate", "last"), "received": ("eid_applications_received", "last")},
     {"vi": "Tỷ lệ phê duyệt hồ sơ định danh điện tử là {rate} ({rate_date}); suy ra đã thu nhận {received} hồ sơ.",
      "en": "The approval rate for e-ID applications was {rate} ({rate_date}), which puts applications received at "
            "{received}."}),
    ({"before": ("localities_connected_population_db", "first"), "after": ("localities_connected_population_db", "last"),
      "lookups": ("population_db_lookups", "last")},
     {"vi": "Số địa phương kết nối với Cơ sở dữ liệu quốc gia về dân cư tăng từ {before} ({before_date}) lên {after} "
            "({after_date}); dữ liệu đã được tra cứu, khai thác {lookups} lượt.",
      "en": "Provinces connected to the National Population Database went from {before} ({before_date}) to {after} "
            "({after_date}); its records had been looked up {lookups} times."}),
    ({"services": ("essential_online_services_deployed", "last"), "savings": ("annual_savings_vnd", "last")},
     {"vi": "{services} dịch vụ công thiết yếu đã được triển khai ({services_date}), giúp tiết kiệm {savings} mỗi năm "
            "theo báo cáo của Đề án.",
      "en": "{services} essential online public services had been deployed ({services_date}), saving {savings} a year "
            "by the programme's own account."}),
    ({"before": ("directives_issued", "first"), "after": ("directives_issued", "last")},
     {"vi": "Số chỉ thị về Đề án tăng từ {before} ({before_date}) lên {after} ({after_date}).",
      "en": "Directives on the programme rose from {before} ({before_date}) to {after} ({after_date})."}),
    ({"now": ("info_systems_security_approved_share", "last"), "then": ("info_systems_security_approved_share", "first"),
      "change": ("info_systems_security_change", "quote")},
     {"vi": "{now} hệ thống thông tin của cơ quan nhà nước đã được phê duyệt cấp độ an toàn ({now_date}); mức tại "
            "{then_date} là {then}, tuỳ cách hiểu cụm “{change}”.",
      "en": "{now} of state information systems had an approved security level ({now_date}); on {then_date} the "
            "share was {then}, depending on how “{change}” is read."}),
]


def _headline(facts: Facts, cites: Citations, needs: dict, template: dict, lang: str) -> str | None:
    values = {}
    for name, (metric, pick) in needs.items():
        fact = getattr(facts, pick)(metric)
        if fact is None:
            return None
        values[name] = cites.link(fact.text, fact.claims, fact.derived)
        values[f"{name}_date"] = html.escape(fmt.long_date(fact.as_of, lang))
    if len({values[f"{n}_date"] + values[n] for n in needs}) < len(needs):
        return None  # "from X to X": the edition has only one date for a before/after sentence
    return template[lang].format(**values)


def headlines(facts: Facts, cites: Citations, lang: str) -> str:
    items, used = [], set()
    for needs, template in HEADLINES:
        metrics = frozenset(m for m, _ in needs.values())
        if any(metrics < u for u in used):
            continue  # a fuller headline on the same metrics is already in
        sentence = _headline(facts, cites, needs, template, lang)
        if sentence:
            items.append(f"<li>{sentence}</li>")
            used.add(metrics)
    return f'<section id="headlines"><h2>{t("headlines", lang)}</h2><ul class="headlines">{"".join(items)}</ul></section>'


def _figure_html(name: str, figures: dict[str, tuple[bytes, str]], lang: str) -> str:
    import base64

    if name not in figures:
        return ""
    png, alt = figures[name]
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure id="chart-{name}"><img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'
            f"<figcaption>{html.escape(alt)}</figcaption></figure>")


def section(spec: dict, facts: Facts, cites: Citations, metrics: pd.DataFrame, findings: pd.DataFrame,
            figures: dict, lang: str, shown: set[str]) -> str:
    """One part of the programme; a caution that spans several parts is shown in the first of them (`shown`)."""
    area_metrics = metrics[metrics["area"] == spec["area"]].index
    items = []
    for metric in area_metrics:
        series = facts.all(metric)
        if not series:
            continue
        steps = []
        for fact in series:
            note = ""
            if fact.status in ("superseded", "not_comparable", "ambiguous", "corroborated"):
                note = f' <span class="status">({t("status_" + fact.status, lang)})</span>'
            steps.append(f"{cites.link(fact.text, fact.claims, fact.derived)} "
                         f"({html.escape(fmt.long_date(fact.as_of, lang))}){note}")
        label = html.escape(metrics.loc[metric, f"label_{lang}"])
        items.append(f"<li><strong>{label}:</strong> {' → '.join(steps)}</li>")
    body = f'<ul class="facts">{"".join(items)}</ul>' if items else f'<p class="empty">{t("no_figures", lang)}</p>'
    cautions = findings[(findings["severity"] != "info") & ~findings["finding_id"].isin(shown)
                        & findings["metrics"].apply(lambda ms: bool(set(ms.split(";")) & set(area_metrics)))]
    shown.update(cautions["finding_id"])
    notes = "".join(f'<p class="caveat">⚠ {html.escape(row[f"explanation_{lang}"])}</p>' for _, row in cautions.iterrows())
    charts = "".join(_figure_html(name, figures, lang) for name in spec["charts"])
    return (f'<section id="{spec["area"]}"><h2>{html.escape(spec["title"][lang])}</h2>'
            f'<p>{html.escape(spec["intro"][lang])}</p>{body}{notes}{charts}</section>')


def caveats(result: reconcile.Reconciliation, decisions: pd.DataFrame, cites: Citations, figures: dict,
            lang: str) -> str:
    ledger = result.discrepancies
    ledger = ledger[ledger["severity"] != "info"].assign(
        _rank=lambda d: d["severity"].map({"conflict": 0, "caution": 1})).sort_values(["_rank", "finding_id"])
    by_id = decisions.set_index("decision_id")
    items = []
    for _, row in ledger.iterrows():
        refs = " ".join(cites.ref(c) for c in row["claims"].split(";") if c)
        if row["decision_id"]:
            verdict = f'<strong>{t("decision", lang)} {html.escape(row["decision_id"])}:</strong> ' \
                      f'{html.escape(by_id.loc[row["decision_id"], f"reason_{lang}"])}'
        else:
            verdict = f'<strong>{t("open", lang)}.</strong>'
        items.append(f'<li class="{row["severity"]}"><p>{html.escape(row[f"explanation_{lang}"])}</p>'
                     f'<p class="verdict">{verdict}</p><p class="refs">{refs}</p></li>')
    return (f'<section id="caveats"><h2>{t("caveats", lang)}</h2><p>{t("caveats_intro", lang)}</p>'
            f'<ol class="caveats">{"".join(items)}</ol>{_figure_html("source_agreement", figures, lang)}</section>')


def method(counts: dict, lang: str) -> str:
    values = {k: html.escape(fmt.number(v, lang)) for k, v in counts.items()}
    return f'<section id="method"><h2>{t("method", lang)}</h2><p>{t("method_body", lang, **values)}</p></section>'


def sources_section(sources: pd.DataFrame, lang: str) -> str:
    items = []
    for _, s in sources.sort_values("event_date").iterrows():
        rows = [f'<dt id="source-{html.escape(s["source_id"])}"><code>{html.escape(s["source_id"])}</code> — '
                f'{html.escape(s["outlet"])}: <cite lang="vi">{html.escape(s["title"])}</cite></dt><dd><ul>']
        for key, value, method in (("event", s["event_date"], s["event_date_method"]),
                                   ("published", s["published_date"], s["published_date_method"])):
            kind = t("stated" if method.startswith("stated") else "inferred", lang)
            rows.append(f"<li>{t(key, lang)}: {html.escape(fmt.long_date(value, lang))} ({kind}: "
                        f"<span lang=\"en\">{html.escape(method.split(':', 1)[-1].strip())}</span>)</li>")
        if s["original_outlet"]:
            rows.append(f"<li>{t('republished_from', lang)}: {html.escape(s['original_outlet'])}</li>")
        if s["byline"]:
            rows.append(f"<li>{t('byline', lang)}: {html.escape(s['byline'])}</li>")
        if s["url"]:
            rows.append(f"<li>{t('address', lang)}: <span class=\"url\">{html.escape(s['url'])}</span></li>")
        rows.append(f"<li>{t('defects', lang)}: <span lang=\"en\">{html.escape(s['defects'])}</span></li>")
        rows.append(f"<li>SHA-256: <code class=\"hash\">{html.escape(s['sha256'])}</code></li></ul></dd>")
        items.append("".join(rows))
    return f'<section id="sources"><h2>{t("sources", lang)}</h2><dl class="sources">{"".join(items)}</dl></section>'


def inputs_digest(root: Path) -> str:
    """One SHA-256 over every build input (path and content), so the manifest names what was built
    from, whichever commit holds it: editing, rebuilding and committing in any order agree."""
    digest = hashlib.sha256()
    for base in BUILD_INPUTS:
        # data and notebooks are the project's; code, lock and pyproject the checkout's that runs
        full = (root if base in ("data/raw", "notebooks") else paths.code_root()) / base
        if not full.exists():
            continue
        files = sorted(p for p in full.rglob("*") if p.is_file()) if full.is_dir() else [full]
        for path in files:
            inner = path.relative_to(full).parts if full.is_dir() else ()
            # caches, notebook checkpoints and install metadata are not inputs
            if any(part == "__pycache__" or part.startswith(".") or part.endswith(".egg-info") for part in inner):
                continue
            digest.update("/".join((base, *inner)).encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(root: Path, lang: str, as_of: str | None) -> str:
    inputs = sorted(p for p in (paths.raw_dir(root)).glob("*.csv")) + [paths.processed_dir(root) / "claims_clean.csv"]
    rows = [("inputs sha256", inputs_digest(root)), ("lang", lang), ("as_of", as_of or "none"),
            ("requirements.lock sha256", sha256_file(root / "requirements.lock"))]
    rows += [(str(p.relative_to(root)) + " sha256", sha256_file(p)) for p in inputs]
    body = "".join(f"<tr><th scope=\"row\">{html.escape(k)}</th><td><code>{html.escape(v)}</code></td></tr>" for k, v in rows)
    return f'<section id="manifest"><h2>{t("manifest", lang)}</h2><table class="manifest">{body}</table></section>'


def edition_tables(root: Path | str | None, as_of: str | None, result: reconcile.Reconciliation | None = None):
    """The chart tables as reconciled at `as_of` (what had been published by then), in memory."""
    from dean06.publish.charts import Tables

    root = Path(root) if root else paths.project_root()
    result = result or reconcile.run(root, as_of)
    raw = lambda folder, name: pd.read_csv(folder / name, dtype=str, keep_default_na=False)  # noqa: E731
    return Tables.build(claims_clean=raw(paths.processed_dir(root), "claims_clean.csv"),
                        reconciled=result.reconciled, discrepancies=result.discrepancies,
                        sources=raw(paths.raw_dir(root), "sources.csv"), metrics=raw(paths.raw_dir(root), "metrics.csv"))


def chart_images(root: Path | str | None, lang: str, as_of: str | None = None,
                 result: reconcile.Reconciliation | None = None) -> dict[str, tuple[bytes, str]]:
    """Every chart for this edition as PNG bytes and alt text, drawn from the edition's own reconciliation."""
    import matplotlib.pyplot as plt

    from dean06.publish.charts import NAMES, build_all
    from dean06.publish.charts.save import png_bytes

    edition = Edition.parse(lang, as_of)
    lang, as_of = edition.lang, edition.as_of
    published = paths.figures_dir(Path(root) if root else None) / lang
    if as_of is None and all((published / f"{n}.png").is_file() and (published / f"{n}.alt.txt").is_file() for n in NAMES):
        # the default edition shows exactly the files step 03 published (and does not draw them twice)
        return {n: ((published / f"{n}.png").read_bytes(), (published / f"{n}.alt.txt").read_text(encoding="utf-8").strip())
                for n in NAMES}
    images = {}
    for name, (figure, _, alt) in build_all(edition_tables(root, as_of, result), lang, as_of).items():
        images[name] = (png_bytes(figure), alt)
        plt.close(figure)
    return images


def build(root: Path | str | None = None, lang: str = "vi", as_of: str | None = None,
          figures: dict[str, tuple[bytes, str]] | None = None) -> Report:
    edition = Edition.parse(lang, as_of)
    lang, as_of = edition.lang, edition.as_of
    root = Path(root) if root else paths.project_root()
    result = reconcile.run(root, as_of)
    if figures is None:  # the edition's charts come from the same reconciliation as its prose
        figures = chart_images(root, lang, as_of, result)
    clean = reconcile.load_clean(paths.processed_dir(root) / "claims_clean.csv")
    sources = reconcile.load_sources_frame(root)
    in_edition = sources if as_of is None else sources[sources["published_date"] <= as_of]
    metrics = reconcile.load_metrics_frame(root)
    decisions, _, _ = reconcile.load_decisions(root)
    cites = Citations(clean, sources, metrics, lang)
    facts = Facts(result, clean, lang)

    report = Report(lang, as_of, t("title", lang), figures=figures)
    dates = sorted(in_edition["event_date"])
    standfirst = t("standfirst", lang, first=fmt.long_date(dates[0], lang), last=fmt.long_date(dates[-1], lang),
                   n_sources=fmt.number(len(in_edition), lang))
    note = f'<p class="edition">{t("as_of_note", lang, as_of=fmt.long_date(as_of, lang))}</p>' if as_of else ""
    report.parts["header"] = f'<header><h1>{html.escape(report.title)}</h1><p class="standfirst">{html.escape(standfirst)}</p>{note}</header>'
    report.parts["headlines"] = headlines(facts, cites, lang)
    shown: set[str] = set()
    for spec in SECTIONS:
        report.parts[spec["area"]] = section(spec, facts, cites, metrics, result.discrepancies, figures, lang, shown)
    report.parts["caveats"] = caveats(result, decisions, cites, figures, lang)
    from dean06.evidence.audit import run_audit

    audit = run_audit(root)  # this build is what brings the recorded outputs up to date
    counts = {"n_sources": len(in_edition), "n_claims": int((~clean["flag_derived"] & clean["source_id"].isin(in_edition.index)).sum()),
              "n_numbers": sum(1 for token in audit.tokens if token.source_id in in_edition.index),
              "n_findings": len(result.discrepancies),
              "n_decided": int((result.discrepancies["status"] == "decided").sum())}
    report.parts["method"] = method(counts, lang)
    report.parts["sources"] = sources_section(in_edition, lang)
    report.parts["appendix"] = cites.appendix()
    report.parts["manifest"] = manifest(root, lang, as_of)
    return report
