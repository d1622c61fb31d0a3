"""The report: the story rendered from its templates, every published figure cited, figures as printed,
source text escaped; on the real data and on the enlarged corpus. Expectations come from the data."""

import re
import shutil

import pandas as pd
import pytest
from conftest import ROOT, edit_csv, read_rows

from dean06 import formatting as fmt
from dean06.catalog import tables as catalog
from dean06.catalog.tables import read as tables_read
from dean06.edition import Edition
from dean06.publish import report, story
from dean06.publish.facts import Facts
from dean06.reconcile import step as reconcile
from dean06.wording import report as t

RUNNING = ("top", "lead")  # plus every story and area section: all but the reference parts below
REFERENCE = ("nav", "downloads", "script")  # the evidence (ledger, method, sources, appendix, manifest) is its own page


@pytest.fixture(scope="module")
def seeds(archive_with_inputs):
    """A copy of the project's data with the cleaned and reconciled tables built by their steps."""
    return archive_with_inputs


@pytest.fixture(scope="module")
def enlarged(enlarged_with_inputs):
    """The real archive plus the fictional fixture articles, built the same way."""
    return enlarged_with_inputs


@pytest.fixture(scope="module", params=["seeds", "enlarged"])
def corpus(request):
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module")
def reports(corpus):
    return {lang: report.build(corpus, lang, figures={}) for lang in ("vi", "en")}


def tables(root):
    processed = root / "data/processed"
    rec = pd.read_csv(processed / "reconciled.csv", dtype=str, keep_default_na=False)
    return (rec, catalog.read("claims_clean", root), reconcile.load_metrics_frame(root),
            reconcile.load_sources_frame(root), pd.read_csv(processed / "discrepancies.csv", dtype=str, keep_default_na=False))


def published_claims(rec) -> set[str]:
    """Every claim behind a figure the report publishes (an omitted row publishes nothing)."""
    rows = rec[rec["status"] != "omitted"]
    return {c for ids in rows["supporting_claims"] for c in ids.split(";")}


def running_text(built) -> str:
    page = "".join(v for k, v in built.parts.items() if k not in REFERENCE)
    page = re.sub(r'\s(?:title|href|id|class|datetime)="[^"]*"', "", page)
    return re.sub(r"<[^>]+>", " ", page)


# a figure's link to its first claim, and the small numbered links to any further claims
ANCHOR = re.compile(r'<a class="figure-ref" id="[^"]+" href="[^"#]*#claim-([^"]+)"[^>]*>(.*?)</a>(?: <a class="also"[^>]*>\[\d+\]</a>)*')


def test_every_published_claim_is_cited_in_both_reports(corpus, reports):
    rec, *_ = tables(corpus)
    expected = published_claims(rec)
    for lang, built in reports.items():
        appendix = set(re.findall(r'<dt id="claim-([^"]+)">', built.evidence["appendix"]))
        assert expected - appendix == set(), (lang, sorted(expected - appendix))
        linked = set(re.findall(r'href="[^"#]*#claim-([^"]+)"', "".join(built.parts.values())))
        assert expected <= linked | appendix


def test_sections_come_from_areas_csv_and_none_is_empty(corpus, reports):
    """Each area with figures is printed in its section (areas.csv `section`), titled from the data, unless
    the story printed every figure of the section elsewhere and it has no chart; every section printed
    has a figure or a chart of its own."""
    rec, _, metrics, _, _ = tables(corpus)
    areas = tables_read("areas", corpus).set_index("area")
    for lang, built in reports.items():
        printed = built.printed
        for s in built.outline:
            if s.kind in ("section", "story"):
                own = printed[(printed["section"] == s.id) & printed["kind"].isin(["figure", "change", "chart"])]
                assert len(own) or s.charts, (lang, s.id)  # none empty
        shown = {s.id: s for s in built.outline}
        for area in set(metrics.loc[rec["metric"], "area"]):
            section = areas.loc[area, "section"]
            if section not in shown:  # left out: then the story printed every figure of its areas elsewhere
                in_section = metrics.index[metrics["area"].isin(areas.index[areas["section"] == section])]
                assert printed["metric"].isin(in_section).any(), (lang, area)
                continue
            html = built.parts[section]
            assert html.startswith(f'<section id="{section}"'), (lang, area)
            title = re.search(r"<h2>(.*?)<a class=\"permalink\"", html).group(1)
            assert title == str(fmt_escape(areas.loc[area, f"section_{lang}"]))
        # the page's sections run in the order of areas.csv wherever the story does not order them
        order = [s.id for s in built.outline if s.kind == "section"]
        unwritten = [x for x in order if x not in built.story.blocks]
        data_order = list(dict.fromkeys(areas["section"]))
        assert unwritten == sorted(unwritten, key=data_order.index)


def test_the_printed_table_names_the_part_that_printed_each_number(corpus, reports):
    """Rendering records where each number is printed: every ref of the printed table is in the HTML of
    the part it names."""
    for lang, built in reports.items():
        pages = built.pages()
        for row in built.printed[["ref", "section"]].drop_duplicates().to_dict("records"):
            assert f'id="{row["ref"]}"' in pages[row["section"]], (lang, row)


def fmt_escape(text):
    from markupsafe import escape

    return escape(text)


def test_the_enlarged_corpus_brings_new_areas(enlarged):
    from corpus import fixture_rows

    new = {r["area"] for r in fixture_rows("metrics")} - set(tables_read("areas", ROOT)["area"])
    assert new  # the fixtures add areas of their own (with their rows in areas.csv); the test above covers them
    built = report.build(enlarged, "en", figures={})
    sections = tables_read("areas", enlarged).set_index("area")["section"]
    assert all(sections[area] in built.parts for area in new)


def test_a_metric_of_an_unknown_area_is_an_input_error(project_copy):
    from dean06.evidence.audit import run_audit

    edit_csv(project_copy / "data/raw/metrics.csv", lambda header, rows: rows[-1].update(area="no_such_area"))
    problems = [p for p in run_audit(project_copy).problems if p.column == "area"]
    assert len(problems) == 1 and problems[0].file == "data/raw/metrics.csv" and problems[0].value == "no_such_area"
    assert "areas.csv" in problems[0].message


def test_no_internal_ids_or_status_words_in_running_text(corpus, reports):
    rec, clean_rows, metrics, sources, disc = tables(corpus)
    from dean06.catalog.contracts import STATUSES

    decisions = reconcile.load_decisions(corpus)[0]
    ids = set(clean_rows["claim_id"]) | set(sources.index) | set(metrics.index) | set(decisions["decision_id"])
    words = {s for s in STATUSES if "_" in s} | {"superseded", "corroborated", "single source", "a later figure exists",
                                                 "đã có số mới hơn", "not comparable with its look-alikes"}
    for lang, built in reports.items():
        text = running_text(built)
        found = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
        assert found == [], (lang, found)
        assert [w for w in words if w in text] == [], lang


def test_figures_are_shown_as_printed(corpus, reports):
    rec, clean_rows, metrics, *_ = tables(corpus)
    frame = report.load_inputs(corpus, None).reconciled
    words = {1e12: "trillion", 1e9: "billion", 1e6: "million", 1e3: "thousand"}
    vi_words = {1e12: "nghìn tỷ", 1e9: "tỷ", 1e6: "triệu", 1e3: "nghìn"}
    checked = {"scale": 0, "amount": 0, "full": 0, "bound": 0}
    for lang, built in reports.items():
        page = "".join(built.parts.values())
        for fact in (f for series in Facts(frame, clean_rows, metrics, lang).series.values() for f in series):
            lead = clean_rows.set_index("claim_id").loc[fact.claims[0]]
            assert f">{fmt_escape(fact.text)}</a>" in page, (lang, fact.text)
            if lead["flag_derived"] or fact.bound == "range" or fact.status == "conflicting" or lead["denominator"] == lead["denominator"]:
                continue
            printed, source_lang = lead["value_text"], lead["language"]
            if lead["flag_vague"]:  # as printed, never as a bare number
                assert not re.search(r"\d", fact.text) and (lang != source_lang or fact.text == printed), fact.text
                continue
            scale = fmt.printed_scale(printed, source_lang)
            if scale:
                word = scale[0] if lang == source_lang else (words[scale[1]] if lang == "en" else vi_words[scale[1]])
                assert word in fact.text, (printed, fact.text)
                checked["scale"] += 1
            elif lead["unit"] != "percent":
                digits = re.sub(r"\D", "", printed)
                assert re.sub(r"\D", "", fact.text) == digits.lstrip("0") or digits == "0", (printed, fact.text)
                checked["full"] += 1
            if lead["unit"].startswith("VND"):
                assert fact.text.endswith("đồng" if lang == "vi" else "dong"), fact.text
                checked["amount"] += 1
            if lead["qualifier"] in ("hơn", "trên", "gần", "khoảng") and source_lang == "vi":
                english = {"hơn": "more than", "trên": "over", "gần": "nearly", "khoảng": "about"}
                assert fact.text.startswith(lead["qualifier"] if lang == "vi" else english[lead["qualifier"]]), fact.text
                checked["bound"] += 1
    assert checked["scale"] and checked["full"] and checked["amount"] and checked["bound"]


def test_every_linked_figure_in_fact_lists_is_generated(reports):
    for built in reports.values():
        lists = "".join(re.findall(r'<ul class="facts">.*?</ul>', "".join(built.parts.values()), flags=re.S))
        text = re.sub(r"<time[^>]*>.*?</time>", "", ANCHOR.sub("", lists))
        text = re.sub(r"<strong>.*?</strong>", "", text)  # metric labels ("2024 targets") are data too
        assert re.findall(r"\d+", re.sub(r"<[^>]+>", " ", text)) == []


def test_every_link_points_to_an_anchor(reports):
    """Within each page and across the two: a link to the other page names an id that page has."""
    from dean06 import paths

    for lang, built in reports.items():
        pages = {"": "".join(built.parts.values()), paths.report_page(lang).split("/")[-1]: "".join(built.parts.values()),
                 paths.evidence_page(lang).split("/")[-1]: "".join(built.evidence.values())}
        for here in (built.parts, built.evidence):
            page = "".join(here.values())
            for target, anchor in re.findall(r'href="([^"#:]*)#([^"]+)"', page):
                if target.startswith("sources/"):
                    continue  # an audit page (tests/publish/test_audit_links.py)
                ids = set(re.findall(r'id="([^"]+)"', page if target == "" else pages[target]))
                assert anchor in ids, (lang, target, anchor)


def test_appendix_entry_carries_quote_source_hash_and_decision(corpus, reports):
    rec, clean_rows, _, sources, _ = tables(corpus)
    decisions = reconcile.load_decisions(corpus)[0].set_index("decision_id")
    decided = rec[rec["decision_id"] != ""].iloc[0]
    cid = decided["supporting_claims"].split(";")[0]
    row = clean_rows.set_index("claim_id").loc[cid]
    for lang, built in reports.items():
        entry = built.evidence["appendix"].split(f'<dt id="claim-{cid}">')[1].split("</dd>")[0]
        assert str(fmt_escape(sources.loc[row["source_id"], "sha256"])) in entry
        if not row["flag_derived"]:
            assert str(fmt_escape(row["quote_display"])) in entry
        assert str(fmt_escape(decisions.loc[decided["decision_id"], f"reason_{lang}"])) in entry


def unmarked(part: str) -> str:
    """A part without the marks of a copy's words quoted in another language (<span lang="vi">'…'</span>)."""
    return re.sub(r'<span lang="\w+">(.*?)</span>', r"\1", part)


def test_decisions_are_shown_in_the_ledger(corpus, reports):
    _, _, _, _, disc = tables(corpus)
    decisions = reconcile.load_decisions(corpus)[0].set_index("decision_id")
    shown = disc[(disc["severity"] != "info") & (disc["decision_id"] != "")]
    assert len(shown)
    for lang, built in reports.items():
        for decision_id in shown["decision_id"]:
            assert str(fmt_escape(decisions.loc[decision_id, f"reason_{lang}"])) in unmarked(built.evidence["findings"])


def spread(dates: list[str], most: int = 4) -> list[str]:
    """At most `most` of the sorted `dates`, evenly spread, the first and the last among them: an
    edition per date would cost the suite a second per article per article."""
    if len(dates) <= most:
        return dates
    return sorted({dates[round(i * (len(dates) - 1) / (most - 1))] for i in range(most)})


def test_spread_keeps_the_ends_and_bounds_the_count():
    dates = [f"2023-01-{d:02d}" for d in range(1, 21)]
    assert spread(dates) == ["2023-01-01", "2023-01-07", "2023-01-14", "2023-01-20"]
    assert spread(dates[:3]) == dates[:3]


def test_every_edition_renders_and_shows_only_what_was_published(corpus):
    """At publication dates from the first to the last, in both languages, the story's conditions keep
    out what was not yet published: the edition renders, and cites only claims of articles out by its
    date."""
    _, clean_rows, _, sources, _ = tables(corpus)
    rows = clean_rows.set_index("claim_id")
    for as_of in spread(sorted(set(sources["published_date"]))):
        in_edition = set(sources.index[sources["published_date"] <= as_of])
        for lang in ("vi", "en"):
            early = report.build(corpus, lang, as_of, figures={})
            cited = set(re.findall(r'<dt id="claim-([^"]+)">', early.evidence["appendix"]))
            assert set(rows.loc[sorted(cited), "source_id"]) <= in_edition, (as_of, lang)
        assert f"This edition uses only what had been published by {fmt.long_date(as_of, 'en')}." in early.parts["top"]


def test_the_default_report_reads_the_step_outputs(seeds, monkeypatch, tmp_path):
    from dean06.evidence import audit

    def refuse(*args, **kwargs):
        raise AssertionError("the default report must not re-run reconciliation or the audit")

    monkeypatch.setattr(reconcile, "run", refuse)
    monkeypatch.setattr(audit, "run_audit", refuse)
    root = tmp_path / "p"
    shutil.copytree(seeds, root)
    path = root / "data/processed/reconciled.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    target = frame[(frame["bound"] == "exact") & (frame["unit"] != "percent") & (frame["status"] != "omitted")].index[0]
    frame.loc[target, "value"] = "4242424242"  # what reconciled.csv says is what the report prints
    frame.to_csv(path, index=False, lineterminator="\n")
    page = "".join(report.build(root, "en", figures={}).pages().values())
    assert ">4,242,424,242</a>" in page


def test_an_omitted_figure_is_not_printed(seeds, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(seeds, root)
    rec = pd.read_csv(root / "data/processed/reconciled.csv", dtype=str, keep_default_na=False)
    row = rec[(rec["decision_id"] == "") & (rec["status"] == "single_source")].iloc[-1]
    taken = {r["decision_id"] for r in read_rows(root / "data/raw/decisions.csv")[1]}
    fresh = next(f"D{n:02d}" for n in range(99, 0, -1) if f"D{n:02d}" not in taken)
    edit_csv(root / "data/raw/decisions.csv", lambda header, rows: rows.append(
        {**{k: "" for k in header}, "decision_id": fresh, "metric": row["metric"], "as_of": row["as_of"],
         "publish": "omit", "reason_en": "not reliable", "reason_vi": "không đáng tin"}))
    reconcile.write_outputs(reconcile.run(root), root / "data/processed")
    built = report.build(root, "en", figures={})
    claim = row["supporting_claims"].split(";")[0]
    assert f'#claim-{claim}"' not in "".join(built.parts.values())


def _story_copy(tmp_path, lang, edit):
    folder = tmp_path / "story"
    shutil.copytree(story.FOLDER, folder)
    path = folder / f"{lang}.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    edit(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _lead_line(lines):
    return lines.index("{% block lead %}") + 1  # 0-based index of the line after the block tag


@pytest.mark.parametrize("inserted,message", [
    ('{{ fact("no_such_metric") }}', "unknown metric 'no_such_metric'"),
    ('{{ facts("METRIC") }}', "'facts' is undefined"),
    ('{{ fact("METRIC", "1999-01-01") }}', "guard the sentence with {% if has("),
])
def test_a_bad_reference_fails_with_file_and_line(seeds, tmp_path, inserted, message):
    inserted = inserted.replace("METRIC", catalog.read("metrics", seeds)["metric"].iloc[0])  # any catalogued metric
    at = {}
    folder = _story_copy(tmp_path, "en", lambda lines: (at.setdefault("i", _lead_line(lines)),
                                                        lines.insert(_lead_line(lines), inserted)))
    with pytest.raises(story.StoryError) as err:
        report.build(seeds, "en", figures={}, story_folder=folder)
    assert f"en.md, line {at['i'] + 1}:" in str(err.value) and message in str(err.value)


def test_a_syntax_error_and_a_stray_block_fail_with_file_and_line(seeds, tmp_path):
    folder = _story_copy(tmp_path, "vi", lambda lines: lines.insert(_lead_line(lines), "{% if has('x') %}"))
    with pytest.raises(story.StoryError, match=r"vi\.md, line \d+:"):
        report.build(seeds, "vi", figures={}, story_folder=folder)
    folder = _story_copy(tmp_path / "b", "vi", lambda lines: lines.extend(["{% block chipid %}", "text", "{% endblock %}"]))
    with pytest.raises(story.StoryError, match=r"vi\.md, line \d+: block 'chipid' is neither a section"):
        report.build(seeds, "vi", figures={}, story_folder=folder)
    section = tables_read("areas", seeds)["section"].iloc[0]  # a section's title is the data's, never the story's
    opening = f"{{% block {section} %}}"
    folder = _story_copy(tmp_path / "c", "vi", lambda lines: lines.insert(lines.index(opening) + 1, "## Tựa")
                         if opening in lines else lines.extend([opening, "## Tựa", "text", "{% endblock %}"]))
    with pytest.raises(story.StoryError, match=rf"vi\.md, line \d+: block '{section}' is a section of data/raw/areas.csv"):
        report.build(seeds, "vi", figures={}, story_folder=folder)


def test_a_sentence_the_journalist_writes_appears_without_code(seeds, tmp_path):
    sentence = "A sentence written by the desk."
    folder = _story_copy(tmp_path, "en", lambda lines: lines.insert(_lead_line(lines), sentence))
    assert sentence in report.build(seeds, "en", figures={}, story_folder=folder).parts["lead"]


@pytest.mark.parametrize("lang,as_of,message", [
    ("fr", None, "lang must be one of vi, en"),
    ("vi", "2023-13-01", "as_of must be an ISO date"),
    ("en", "25/02/2023", "as_of must be an ISO date"),
])
def test_invalid_parameters_are_rejected_before_any_work(tmp_path, lang, as_of, message):
    with pytest.raises(ValueError, match=message):
        report.build(tmp_path / "nothing-here", lang, as_of)  # no data: it must fail on the parameter first


def test_source_text_is_escaped(seeds, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(seeds, root)
    edit_csv(root / "data/raw/sources.csv",
             lambda header, rows: rows[-1].update(defects="<script>alert('x')</script> & <b>bold</b>"))
    page = "".join(report.build(root, "en", figures={}).pages().values())
    assert "<script>alert" not in page and "<b>bold" not in page
    # the quoted 'x' is the copy's own words, marked with its language when the edition's differs
    assert re.search(r"&lt;script&gt;alert\((<span lang=\"\w+\">)?&#39;x&#39;(</span>)?\)&lt;/script&gt; &amp; &lt;b&gt;", page)


def test_no_html_escape_calls_left_in_the_report_code():
    from pathlib import Path

    for name in ("report.py", "citations.py", "story.py", "facts.py"):
        assert "html.escape" not in (Path(report.__file__).parent / name).read_text(encoding="utf-8")


def test_manifest_names_inputs_digest_parameters_and_hashes(seeds, reports):
    """Labelled in the edition's language; a file's path is code."""
    for lang, built in reports.items():
        manifest = built.evidence["manifest"]
        for path in ("requirements.lock", "data/raw/claims.csv", "data/processed/reconciled.csv"):
            assert t("manifest_file", lang, path=f"<code>{path}</code>") in manifest
        assert f"{t('manifest_lang', lang)}</th><td><code>{lang}</code></td>" in manifest
    digest = report.inputs_digest(seeds)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert f"{t('manifest_inputs', 'vi')}</th><td><code>{digest}</code>" in \
        report.build(seeds, "vi", figures={}).evidence["manifest"]


def test_the_ledger_lists_every_finding_with_its_status_and_decision(corpus, reports):
    _, _, _, _, disc = tables(corpus)
    decisions = reconcile.load_decisions(corpus)[0].set_index("decision_id")
    for lang, built in reports.items():
        part = built.evidence["findings"]
        assert part.count("<li class=") == len(disc)
        part = unmarked(part)
        for row in disc.to_dict("records"):
            assert str(fmt_escape(row[f"explanation_{lang}"])) in part
            if row["decision_id"]:
                assert str(fmt_escape(decisions.loc[row["decision_id"], f"reason_{lang}"])) in part


def test_a_finding_names_each_article_once_and_links_every_claim(corpus, reports):
    *_, disc = tables(corpus)
    claim_sets = {frozenset(c for c in row["claims"].split(";") if c) for row in disc.to_dict("records")}
    for lang, built in reports.items():
        refs = re.findall(r'<p class="refs">(.*?)</p>', built.evidence["findings"], flags=re.S)
        assert len(refs) == len(disc)
        for ref in refs:
            links = re.findall(r'<a class="claim-ref" href="#claim-([^"]+)">([^<]*)</a>', ref)
            assert frozenset(c for c, _ in links) in claim_sets  # every claim of the finding, each linked
            named = [text for _, text in links if not re.fullmatch(r"\[\d+\]", text)]
            assert len(named) == len(set(named)), (lang, named)  # an article is named once


def test_change_prints_the_later_figure_minus_the_earlier(corpus, tmp_path):
    inputs = report.load_inputs(corpus, None)
    frame, clean = inputs.reconciled, inputs.clean.set_index("claim_id")
    shown = frame[frame["status"].ne("omitted") & (frame["unit"] != "percent")].sort_values(["metric", "as_of"])

    def printed_in_full(row):  # an exact count every source prints digit by digit (no scale word, not derived)
        claims = clean.loc[row["supporting_claims"].split(";")]
        return row["bound"] == "exact" and not claims["flag_derived"].any() \
            and claims["value_text"].str.fullmatch(r"[\d.,]+").all()

    # a metric whose first and last published figures (those change() subtracts) are both printed in full
    ends = shown.groupby("metric").filter(lambda g: g["as_of"].nunique() >= 2).groupby("metric").nth([0, -1])
    plain = ends.groupby("metric").filter(lambda g: all(printed_in_full(r) for _, r in g.iterrows()))
    assert not plain.empty
    metric = sorted(plain["metric"])[0]
    first, last = plain[plain["metric"] == metric]["value"]
    folder = _story_copy(tmp_path, "en", lambda lines: lines.insert(_lead_line(lines), f'Change: {{{{ change("{metric}") }}}}.'))
    lead = report.build(corpus, "en", figures={}, story_folder=folder).parts["lead"]
    assert re.search(rf'Change: <a class="figure-ref"[^>]*>{re.escape(fmt.number(last - first, "en"))}</a>'
                     r'(?: <a class="also"[^>]*>\[\d+\]</a>)* <span class="derived">\(our calculation\)</span>', lead)


def test_short_of_whole_says_whether_the_latest_figure_falls_short_of_its_whole(corpus, tmp_path):
    """A headline that calls something unfinished asks the data: x of y with x below y (a fraction), or a
    share under 100%, of each metric's latest figure, as the cleaned table gives its lead claim."""
    inputs = report.load_inputs(corpus, None)
    facts = Facts(inputs.reconciled, catalog.read("claims_clean", corpus), reconcile.load_metrics_frame(corpus), "en")
    expected = {}
    for metric in facts.series:
        fact = facts.pick(metric)
        lead = facts.lead_claim(fact)  # the claim the figure is printed from
        kind = facts.metrics.loc[metric, "kind"]
        if kind == "fraction" and pd.notna(lead["denominator"]) and lead["denominator"]:
            expected[metric] = bool(lead["numerator"] < lead["denominator"])
        elif kind == "share" and fact.unit == "percent" and fact.bound == "exact":
            expected[metric] = bool(fact.value < 100)
        else:
            expected[metric] = False  # a count, a change, a bound: nothing it falls short of
    assert any(expected.values()), "no figure short of its whole in this corpus"
    asked = " ".join(f'[{m}:{{% if short_of_whole("{m}") %}}short{{% else %}}whole{{% endif %}}]' for m in sorted(expected))
    folder = _story_copy(tmp_path, "en", lambda lines: lines.insert(_lead_line(lines), asked))
    lead = report.build(corpus, "en", figures={}, story_folder=folder).parts["lead"]
    said = dict(re.findall(r"\[(\w+):(short|whole)\]", lead))
    assert said == {m: "short" if v else "whole" for m, v in expected.items()}


def test_inferred_dates_are_marked_with_their_reasoning(corpus, reports):
    _, clean_rows, *_ = tables(corpus)
    rows = clean_rows.set_index("claim_id")
    for lang, built in reports.items():
        entries = re.findall(r'<dt id="claim-([^"]+)">.*?</dd>', built.evidence["appendix"], flags=re.S)
        bodies = dict(zip(entries, re.findall(r'<dt id="claim-[^"]+">(.*?)</dd>', built.evidence["appendix"], flags=re.S)))
        for cid, body in bodies.items():
            method = rows.loc[cid, "as_of_method"]
            # inferred: no date in the copy for the figure, its year, or the event it is "as of now" at
            inferred = bool(rows.loc[cid, "flag_as_of_inferred"] or rows.loc[cid, "flag_year_inferred"])
            marked = re.search(r'<time class="inferred" id="[^"]+" datetime="[^"]+" title="([^"]*)" tabindex="0">'
                               r'[^<]*<span class="inferred-mark" aria-label="[^"]*">([^<]*)</span>', body)
            assert bool(marked) == inferred, (lang, cid, method)
            if marked:  # one mark, its reason on hover and on focus
                assert marked.group(1) == str(fmt_escape(report.t("inferred_date_reason", lang)))
                assert marked.group(2) == str(fmt_escape(report.t("inferred_mark", lang)))
        assert "inferred" not in built.parts["top"].split("</h1>")[0]  # none in the headline


def test_the_method_counts_numbers_from_the_evidence_stage_output(seeds, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(seeds, root)
    sources = reconcile.load_sources_frame(root)
    rows = [{"source_id": sid, "start": i, "end": i + 1, "text": "1", "accounted_by": "claim"}
            for i, sid in enumerate(sorted(sources.index) * 3)]
    pd.DataFrame(rows).to_csv(root / "data/processed/numbers.csv", index=False)
    method = report.build(root, "en", figures={}).evidence["method"]
    assert f"Every number in the articles ({fmt.number(len(rows), 'en')})" in method


# The page as a publication: furniture, citations a reader can use, the table of printed numbers.

FIGURE = re.compile(r'<a class="figure-ref" id="([^"]+)" href="[^"#]*#claim-[^"]+" title="[^"]*" data-claims="([^"]*)">(.*?)</a>'
                    r'((?: <a class="also"[^>]*>\[\d+\]</a>)*)', re.S)


def test_the_header_dates_the_edition_and_the_companion_page_credits_every_source(corpus, reports):
    rec, *_, sources, _ = tables(corpus)
    for lang, built in reports.items():
        header = built.parts["top"]
        latest = max(sources["published_date"])
        assert f'<time datetime="{latest}">{fmt.long_date(latest, lang)}</time>' in header
        dateline = header.split('class="dateline"')[1]
        carried = max(rec.loc[rec["status"] != "omitted", "as_of"])  # figures to: the latest date with a figure
        assert f'<time datetime="{carried}">' in dateline
        credited = set(re.findall(r'href="#source-([^"]+)"', built.evidence["evidence-header"].split('class="credits"')[1]))
        first = sources.reset_index(drop=True).sort_values(["published_date", "source_id"]).drop_duplicates("outlet")
        assert credited == set(first["source_id"])  # one link per outlet, to its first article
        other = "en" if lang == "vi" else "vi"
        assert f'href="de-an-06.{other}.html" hreflang="{other}" lang="{other}" rel="alternate"' in header
        assert f'href="de-an-06.{other}.sources.html" hreflang="{other}"' in built.evidence["evidence-header"]


def test_the_key_numbers_follow_the_rule(corpus, reports):
    """Four to six cited figures; a shortfall first when the data has one (a fraction below its whole
    or a share below 100%)."""
    from dean06.publish import key_numbers

    for lang, built in reports.items():
        box = built.parts["key-numbers"]
        n = len(re.findall(r'<li>', box))
        assert 4 <= n <= 6, (lang, n)
        facts = Facts(report.load_inputs(corpus, None).reconciled, catalog.read("claims_clean", corpus),
                      reconcile.load_metrics_frame(corpus), lang)
        chosen = key_numbers.choose(facts)
        assert [str(fmt_escape(f.text)) for f in chosen] == [text for _, _, text, _ in FIGURE.findall(box)]
        short = [f for f in chosen if key_numbers.completion(f, facts, facts.metrics.loc[f.metric, "kind"]) is not None]
        assert short and chosen[:len(short)] == short
        # a phone shows no hover: an inferred date in the box is explained once in words under it
        items = box.split("</ul>")[0]
        assert (t("key_numbers_note", lang) in box) == (t("inferred_mark", lang) in items), lang


def test_the_box_on_sources_counts_what_each_article_supplies(corpus, reports):
    _, clean_rows, _, sources, _ = tables(corpus)
    # a figure an article prints twice is one figure (flag_repeated), as the timeline chart counts it
    reported = clean_rows[~clean_rows["flag_derived"] & ~clean_rows["flag_repeated"]].groupby("source_id").size()
    repeated = clean_rows[clean_rows["flag_repeated"]].groupby("source_id").size()
    for lang, built in reports.items():
        box = built.parts["about-sources"]
        items = re.findall(r'<li><a href="[^"#]*#source-([^"]+)">.*?</a>, <time[^>]*>.*?</time>: (.*?)</li>', box, re.S)
        assert {sid for sid, _ in items} == set(sources.index)
        for sid, text in items:
            n = int(reported.get(sid, 0))
            if n:
                assert text.startswith(fmt.number(n, lang) + " "), (sid, text)
            else:
                assert text.startswith(str(fmt_escape(report.t("about_no_figures", lang)))), (sid, text)
            if sources.loc[sid, "published_date_method"].startswith("inferred"):
                assert str(fmt_escape(report.t("about_undated", lang))) in text
            if int(repeated.get(sid, 0)):
                assert str(fmt_escape(report.t("about_repeated", lang, n=fmt.number(int(repeated[sid]), lang)))) in text


def test_the_box_on_sources_and_the_timeline_count_a_conference_of_one_article_alike(corpus, reports):
    from dean06.publish.charts import Tables, timeline

    tables_ = Tables.load(corpus)
    for lang, built in reports.items():
        box = dict(re.findall(r'<li><a href="[^"#]*#source-([^"]+)">.*?</a>, <time[^>]*>.*?</time>: (.*?)</li>',
                              built.parts["about-sources"], re.S))
        frame = timeline.data(tables_, Edition.parse(lang, None))
        single = frame[frame["n_articles"] == 1]
        assert len(single)
        for r in single.itertuples():
            text = box[r.source_ids]
            if r.n_figures:
                assert text.startswith(fmt.number(int(r.n_figures), lang) + " "), (r.source_ids, text)


def test_every_figure_links_every_claim_behind_it_and_the_appendix_links_back(reports):
    for built in reports.values():
        page = "".join(built.parts.values())
        appendix = built.evidence["appendix"]
        for ref, claims, _, more in FIGURE.findall(page):
            ids = claims.split()
            assert re.findall(r'href="[^"#]*#claim-([^"]+)"', more) == list(dict.fromkeys(ids[1:]))
            for cid in ids:
                entry = appendix.split(f'<dt id="claim-{cid}">')[1].split("</dt>")[0]
                assert re.search(rf'href="[^"#]*#{ref}"', entry), (ref, cid)


def test_the_printed_table_is_the_page(reports):
    """Every figure link on the page is a row of the printed table with the same text and claims, in the
    section the page shows it in; every row is on the page."""
    for lang, built in reports.items():
        table = built.printed
        on_page = {}
        for name, part in built.pages().items():
            for ref, claims, text, _ in FIGURE.findall(part):
                on_page[ref] = (name, claims.split(), text)
        figures = table[table["kind"].isin(["figure", "change"])]  # dates and chart labels: below, and their own test
        assert set(figures["ref"]) == set(on_page)
        for ref, rows in figures.groupby("ref"):
            section, claims, text = on_page[ref]
            assert set(rows["section"]) == {section}
            assert list(rows["claim_id"]) == list(dict.fromkeys(claims))
            assert str(fmt_escape(rows["text"].iloc[0])) == text
        dates = table[table["kind"] == "date"]
        for ref, section in zip(dates["ref"], dates["section"]):
            assert f'id="{ref}"' in built.pages()[section]


def test_the_printed_table_carries_quote_hash_and_decision(corpus, reports):
    rec, clean_rows, _, sources, _ = tables(corpus)
    decisions = reconcile.load_decisions(corpus)[0].set_index("decision_id")
    claims = clean_rows.set_index("claim_id")
    decided = {(r["metric"], r["as_of"]): r["decision_id"] for r in rec.to_dict("records") if r["decision_id"]}
    for lang, built in reports.items():
        for row in built.printed.to_dict("records"):
            assert row["quote"] == claims.loc[row["claim_id"], "quote_display"]
            assert row["sha256"] == sources.loc[claims.loc[row["claim_id"], "source_id"], "sha256"]
            if row["kind"] == "figure" and row["section"] != "appendix":
                assert row["decision_id"] == decided.get((row["metric"], row["as_of"]), ""), row
                if row["decision_id"]:
                    assert row["decision_reason"] == decisions.loc[row["decision_id"], f"reason_{lang}"]


def test_chart_downloads_are_files_beside_the_page(tmp_path):
    """Each chart's caption links its data and SVG as files beside the page (not inside it), and the
    files written are the charts' own, byte for byte."""
    import base64

    from dean06 import paths
    from dean06.publish.charts import FILES, NAMES
    from dean06.publish.charts.shown import shown

    for lang in ("vi", "en"):
        built = report.build(ROOT, lang)
        page = "".join(built.parts.values()) + "".join(built.evidence.values())
        assert "data:image/svg+xml" not in page and "data:text/csv" not in page
        for name, (kind, area) in report.chart_places().items():
            files = built.figures[name]
            # each chart where its registry entry places it, and nowhere else; one its data cannot
            # support is on neither page
            part = {"lead": "lead-chart", "area": None, "sources": "source_charts"}[kind]
            where = [k for k, v in built.pages().items() if f'<figure id="chart-{name}">' in v]
            if not shown(name, files.csv):
                assert where == [], (lang, name)
                continue
            assert len(where) == 1 and (part is None or where == [part]), (lang, name, where)
            if kind == "lead":  # near the top: right after the lead
                order = list(built.parts)
                assert order.index("lead-chart") == order.index("lead") + 1
            figure = built.pages()[where[0]].split(f'<figure id="chart-{name}">')[1].split("</figure>")[0]
            assert base64.b64encode(files.narrow).decode() in figure  # the phone's layout
            for kind in paths.DOWNLOAD_KINDS:
                rel = paths.chart_downloads(lang, None, [name])[(name, kind)]
                assert f'href="{rel.removeprefix("reports/")}" download="{name}.{lang}.{kind}"' in figure
        written = report.write_downloads(built, tmp_path)
        assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(
            paths.chart_downloads(lang, None, NAMES).values())
        for (name, kind), rel in paths.chart_downloads(lang, None, NAMES).items():
            assert (tmp_path / rel).read_bytes() == (paths.figures_dir(ROOT) / lang / f"{name}.{kind}").read_bytes()
        published = paths.figures_dir(ROOT) / lang
        if all((published / f"{n}.{k}").is_file() for n in NAMES for k in FILES):  # the published files, as built
            assert all(built.figures[n].png == (published / f"{n}.png").read_bytes() for n in NAMES)


def test_a_dated_edition_writes_its_own_ledger_beside_its_page(seeds, tmp_path):
    from dean06 import paths

    root = tmp_path / "p"
    shutil.copytree(seeds, root)
    sources = reconcile.load_sources_frame(root)
    cut = sorted(sources["published_date"])[len(sources) // 2]
    built = report.build(root, "en", cut, figures={})
    written = report.write_tables(built, root)
    assert sorted(p.relative_to(root).as_posix() for p in written) == sorted(paths.edition_tables("en", cut).values())
    ledger = pd.read_csv(root / paths.edition_tables("en", cut)["discrepancies"], dtype=str, keep_default_na=False)
    assert list(ledger["finding_id"]) == list(reconcile.run(root, cut).discrepancies["finding_id"])
    printed = pd.read_csv(root / paths.edition_tables("en", cut)["printed"], dtype=str, keep_default_na=False)
    kept = set(sources.index[sources["published_date"] <= cut])
    assert set(printed["source_id"]) <= kept
    assert "downloads" in built.parts and paths.report_page("vi", cut).split("/")[-1] in built.parts["top"]


def _fixed_texts(lang: str) -> set[str]:
    """Every fixed text of the report's wording in one language, without placeholders."""
    from dean06.wording import texts

    found: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, str) and "{" not in value:
            found.add(value)
    walk(texts(lang)["report"])
    return found


def test_each_edition_holds_only_its_own_fixed_text_and_source_metadata(corpus, reports):
    """A vi page carries no English label or English source description, and the reverse; quotes and
    titles (marked lang="vi") stay as printed. Fields are compared, not strings: the page's own fields
    (this language's wording and data) are set aside first, so that a foreign text inside one of them
    is no alarm; each finding names its file, column (or wording key) and value."""
    import html as html_lib

    from page_fields import own_fields, without

    *_, sources, _ = tables(corpus)
    own = {lang: _fixed_texts(lang) for lang in ("vi", "en")}
    metadata: dict[str, dict[str, str]] = {"en": {}, "vi": {}}  # value -> where it comes from
    for column in ("outlet", "original_outlet", "defects", "event_date_method", "published_date_method"):
        for sid, en, vi in zip(sources.index, sources[column], sources[f"{column}_vi"]):
            if en and vi and en != vi:
                metadata["en"].setdefault(en.split(":", 1)[-1].strip(), f"data/raw/sources.csv, source {sid}, column '{column}'")
                metadata["vi"].setdefault(vi.split(":", 1)[-1].strip(), f"data/raw/sources.csv, source {sid}, column '{column}_vi'")
    for lang, other in (("vi", "en"), ("en", "vi")):
        foreign = {t: f"src/dean06/wording/{other}/report.yaml" for t in own[other] - own[lang] if len(t) > 12}
        foreign |= {t: where for t, where in metadata[other].items() if t not in metadata[lang]}
        page = "".join(v for k, v in reports[lang].parts.items() if k not in ("script", "manifest"))
        if lang == "en":  # quotes and titles as printed
            page = re.sub(r'<(q|cite|span)[^>]*lang="vi"[^>]*>.*?</\1>', "", page, flags=re.S)
        text = html_lib.unescape(re.sub(r"<[^>]+>", " ", page))
        text = without(text, own[lang] | set(metadata[lang]) | own_fields(corpus, lang))
        found = sorted(f"{where}, value {t!r}" for t, where in foreign.items() if t in text)
        assert not found, f"the {lang} report prints {other} text: " + "; ".join(found[:5])


def test_the_printed_table_holds_every_figure_a_chart_labels():
    """Chart labels are printed numbers too: each row of a shown chart's data with a claim and a label."""
    import io

    from dean06.publish.charts import NAMES

    built = report.build(ROOT, "en")
    page = "".join(built.parts.values())
    rows = built.printed[built.printed["kind"] == "chart"]
    for name in NAMES:  # the data of the chart the page embeds
        data = pd.read_csv(io.BytesIO(built.figures[name].csv), dtype=str, keep_default_na=False)
        if {"claim_id", "value_text"} <= set(data.columns):
            labelled = data[(data["claim_id"] != "") & (data["value_text"] != "")]
        else:
            labelled = data.iloc[0:0].assign(claim_id="", value_text="")  # a chart that labels no figure
        mine = rows[rows["ref"] == f"chart-{name}"]
        if f'id="chart-{name}"' not in page:
            assert mine.empty
            continue
        assert list(mine["claim_id"]) == list(labelled["claim_id"]) and list(mine["text"]) == list(labelled["value_text"])
        assert set(mine["section"]) <= {k for k, v in built.parts.items() if f'id="chart-{name}"' in v}
    assert not rows.empty  # the published charts label figures


def test_quotes_carry_their_source_language_and_only_the_other_language_is_glossed(corpus, reports):
    _, clean_rows, metrics, sources, _ = tables(corpus)
    rows = clean_rows.set_index("claim_id")
    seen = set()
    for lang, built in reports.items():
        for cid, entry in re.findall(r'<dt id="claim-([^"]+)">(.*?)</dd>', built.evidence["appendix"], flags=re.S):
            row = rows.loc[cid]
            if row["flag_derived"]:
                continue
            source_lang = sources.loc[row["source_id"], "language"]
            seen.add(source_lang)
            assert f'<q lang="{source_lang}">' in entry, (lang, cid)
            glossed = 'class="gloss"' in entry
            assert glossed == (source_lang != lang), (lang, cid)
            if glossed:
                assert str(fmt_escape(metrics.loc[row["metric"], f"label_{lang}"])) in entry
    assert seen == set(sources["language"])


def test_a_qualifier_is_said_in_the_edition_language_from_the_cleaned_bound(corpus, reports):
    _, clean_rows, metrics, *_ = tables(corpus)
    frame = report.load_inputs(corpus, None).reconciled
    words = {"vi": {"lower": "hơn ", "upper": "gần ", "approx": "khoảng "},
             "en": {"lower": "more than ", "upper": "nearly ", "approx": "about "}}
    checked = 0
    for lang in reports:
        for fact in (f for series in Facts(frame, clean_rows, metrics, lang).series.values() for f in series):
            lead = clean_rows.set_index("claim_id").loc[fact.claims[0]]
            if lead["language"] == lang or lead["bound"] not in words[lang] or fact.bound != lead["bound"] \
                    or lead["flag_vague"] or fact.status == "conflicting" or lead["language"] == "vi":
                continue
            assert fact.text.startswith(words[lang][lead["bound"]]), fact.text  # not the printed English word
            checked += 1
    if (clean_rows["language"] == "en").any():
        assert checked


def story_page_text(built) -> str:
    """What a reader of the story page reads: every part's text, without markup or attributes."""
    page = "".join(v for k, v in built.parts.items() if k != "script")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_the_story_page_names_no_id_metric_key_rule_or_formula(corpus, reports):
    """Reader text is text: every claim, source, metric, finding and decision id and every rule name in
    the data stays on the companion page, and so does every formula."""
    rec, clean_rows, metrics, sources, disc = tables(corpus)
    decisions = reconcile.load_decisions(corpus)[0]
    rules = catalog.read("non_statistics", corpus)["rule_id"]
    names = (set(clean_rows["claim_id"]) | set(sources.index) | set(metrics.index) | set(disc["finding_id"])
             | set(decisions["decision_id"]) | set(rules) | {r for r in rec["rule"] if r})
    for lang, built in reports.items():
        text = story_page_text(built)
        found = sorted(n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text))
        assert found == [], (lang, found)
        assert not re.search(r"\S\s*=\s*\S", text), (lang, re.search(r".{40}\S\s*=\s*\S.{40}", text))
        # the reviewer's form is on the companion page
        evidence = re.sub(r"<[^>]+>", " ", "".join(built.evidence.values()))
        assert any(re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", evidence) for c in built.cited), lang


def test_every_citation_opens_its_entry_on_the_companion_page_and_comes_back(reports):
    from dean06 import paths

    for lang, built in reports.items():
        story, evidence = "".join(built.parts.values()), "".join(built.evidence.values())
        page = paths.evidence_page(lang).split("/")[-1]
        linked = re.findall(rf'href="{re.escape(page)}#claim-([^"]+)"', story)
        assert linked and set(linked) <= set(re.findall(r'<dt id="claim-([^"]+)">', evidence))
        assert 'href="#claim-' not in story  # no citation points at an entry the story page lacks
        back = set(re.findall(rf'href="{re.escape(paths.report_page(lang).split("/")[-1])}#(p-\d+)"', evidence))
        assert back and back <= set(re.findall(r'id="(p-\d+)"', story))


def test_no_reference_mark_reads_as_an_exponent(reports):
    for built in reports.values():
        story = "".join(built.parts.values())
        assert "<sup" not in story
        assert re.findall(r'<a class="also"[^>]*>\[\d+\]</a>', story)  # a figure with a second source exists


def test_no_module_the_report_builds_on_imports_the_report_back():
    """The report is built from the story, the outline, the citations and the rest of publish/; none of
    them imports the report (at any depth, also inside a function): no import cycle."""
    from dean06.pipeline.inputs import closure, imports

    below = closure(sorted(imports("dean06.publish.report")), lambda name: name != "dean06.publish.report")
    below.discard("dean06.publish")  # the package itself holds nothing
    assert {"dean06.publish.story", "dean06.publish.outline", "dean06.publish.citations"} <= below
    assert [m for m in sorted(below) if "dean06.publish.report" in imports(m)] == []


def visible_text(html: str) -> str:
    """The text a reader sees in a page's HTML: no script, style or attribute; a line per block."""
    from html.parser import HTMLParser

    blocks = {"p", "li", "h1", "h2", "h3", "dt", "dd", "figcaption", "section", "header", "aside", "summary", "tr"}
    out, skipping = [], []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                skipping.append(tag)
            elif tag in blocks:
                out.append("\n")

        def handle_endtag(self, tag):
            if skipping and tag == skipping[-1]:
                skipping.pop()
            elif tag in blocks:
                out.append("\n")

        def handle_data(self, data):
            if not skipping:
                out.append(data)

    Collect(convert_charrefs=True).feed(html)
    return "".join(out)


def test_the_story_page_is_short_and_says_each_sentence_once(corpus, reports):
    """At most 3,000 visible words in English and 3,900 in Vietnamese (each syllable a word), and no
    sentence of eight words or more printed twice, on both editions of the real and the enlarged corpus."""
    from dean06_dev.browsercheck import STORY_WORDS, repeated_sentences, words

    for lang, built in reports.items():
        text = visible_text("".join(built.parts.values()))
        assert len(words(text)) <= STORY_WORDS[lang], (lang, len(words(text)))
        assert repeated_sentences(text) == [], lang
    assert visible_text('<p title="hidden">a<script>b</script></p>').strip() == "a"
    twice = "<p>A sentence of exactly eight words is here.</p><li>A sentence of exactly eight words is here.</li>"
    assert repeated_sentences(visible_text(twice)) == ["A sentence of exactly eight words is here."]
