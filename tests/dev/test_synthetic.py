"""Synthetic corpora: laid out like data/raw, passing the audit, cleaning and reconciliation, deterministic,
made of generated articles only, and following the catalogue and derivations of the archive they start from."""

import csv
import hashlib
import re

import pandas as pd
import pytest
from conftest import ROOT, edit_csv, read_rows

from dean06.catalog import tables
from dean06.clean import step as clean
from dean06.evidence.audit import run_audit
from dean06.reconcile import step as reconcile
from dean06.reconcile.check import run_check
from dean06_dev.synthetic import generate


def rows(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def corpus50(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus50")
    generate(root, 50)
    return root


def test_fifty_articles_pass_the_audit_with_full_coverage(corpus50):
    result = run_audit(corpus50)
    assert result.ok, "\n".join(map(str, result.problems[:10]))
    assert len(result.articles) == 50
    assert result.tokens and all(t.accounted_by for t in result.tokens)
    assert 6 * 50 <= result.claim_count <= 10 * 50  # about eight per article


def cleaned_and_reconciled(root):
    """Every input check (audit, cleaning, decisions) passes; then both steps run, as the build runs them."""
    check = run_check(root)
    assert check.ok, "\n".join(map(str, check.problems[:10]))
    table = clean.clean_claims(*clean.load_raw(root))
    clean.write_claims_clean(table, root / "data/processed/claims_clean.csv")
    return table, reconcile.run(root)


def test_fifty_articles_clean_and_reconcile_with_their_derivations(corpus50):
    table, result = cleaned_and_reconciled(corpus50)
    raw = corpus50 / "data/raw"
    claims, specs = rows(raw / "claims.csv"), tables.read("derivations", corpus50)
    assert len(table) == len(claims) + len(specs)
    assert not specs.empty  # the archive's derivations recur in generated stories
    derived = table[table["flag_derived"]].set_index("claim_id")
    assert sorted(derived.index) == sorted(specs["derivation_id"])
    assert set(specs["rule"]) <= set(tables.read("derivations", ROOT)["rule"])
    assert len(result.reconciled) and len(result.discrepancies)
    assert set(result.reconciled["metric"]) <= {r["metric"] for r in rows(raw / "metrics.csv")}


def test_no_article_of_the_archive_is_in_the_corpus(corpus50):
    archived = rows(ROOT / "data/raw/sources.csv")
    generated = rows(corpus50 / "data/raw/sources.csv")
    assert not {r["sha256"] for r in archived} & {r["sha256"] for r in generated}
    assert not {r["source_id"] for r in archived} & {r["source_id"] for r in generated}
    assert rows(corpus50 / "data/raw/decisions.csv") == []


def test_layout_and_manifest(corpus50):
    raw = corpus50 / "data/raw"
    from dean06.catalog import tables

    # the archive's folder and every raw table the catalogue declares, nothing else
    declared = [spec.file for spec in tables.SPECS.values() if spec.folder == "raw"]
    assert sorted(p.name for p in raw.iterdir()) == sorted(["articles", *declared])
    sources = rows(raw / "sources.csv")
    assert len({r["source_id"] for r in sources}) == 50
    for r in sources:
        assert hashlib.sha256((raw / "articles" / r["file"]).read_bytes()).hexdigest() == r["sha256"]
        assert re.fullmatch(r"[A-Z]+-\d{6}", r["source_id"])
    spans = rows(raw / "excluded_spans.csv")
    assert {s["kind"] for s in spans} >= {"photo_caption", "teaser"}


def test_vietnamese_number_forms(corpus50):
    values = [r["value_text"] for r in rows(corpus50 / "data/raw/claims.csv")]
    forms = {
        "thousands separator": r"^\d{1,3}(\.\d{3})+$",
        "scaled with qualifier": r"^(hơn|trên|gần|khoảng) \d+(,\d)? (triệu|tỷ)$",
        "decimal percentage": r"^(đạt )?\d+,\d+%$",
        "fraction": r"^\d+/\d+$",
        "money": r"^(trên|hơn|khoảng|gần) [\d.,]+ (nghìn tỷ|tỷ) đồng$",
        "leading zero": r"^0\d$",
    }
    for name, pattern in forms.items():
        assert any(re.match(pattern, v) for v in values), name


def languages(root):
    return {r["source_id"]: r["language"] for r in rows(root / "data/raw/sources.csv")}


def test_english_number_forms_and_dates(corpus50):
    """English stories print the forms English copy prints, and nothing of Vietnamese copy."""
    lang = languages(corpus50)
    claims = [r for r in rows(corpus50 / "data/raw/claims.csv") if lang[r["source_id"]] == "en"]
    values = [r["value_text"] for r in claims]
    forms = {
        "thousands separator": r"^\d{1,3}(,\d{3})+$",
        "scaled with qualifier": r"^(over|more than|nearly|almost|about|around) \d+(\.\d)? (million|mln|billion|bn)$",
        "percent word": r"^(reaching )?\d+(\.\d+)?( percent| per cent)$",
        "percent sign": r"^(reaching )?\d+(\.\d+)?%$",
        "fraction": r"^\d+/\d+$",
        "money": r"^(over|more than|about|nearly) (VND [\d.,]+ (trillion|billion)|[\d.,]+ (trillion|billion) dong)$",
        "vague magnitude": r"^trillions of dong$",
    }
    for name, pattern in forms.items():
        assert any(re.match(pattern, v) for v in values), name
    assert not any(re.search(r"\d,\d{1,2}(?!\d)|\d\.\d{3}\b|hơn|triệu|đồng", v) for v in values)
    as_of = {r["as_of_text"] for r in claims}
    month = "(January|February|March|April|May|June|July|August|September|October|November|December)"
    for pattern in (rf"^By {month} \d{{1,2}}$", rf"^As of \d{{1,2}} {month} \d{{4}}$", r"^so far$"):
        assert any(re.match(pattern, a) for a in as_of), pattern


def test_both_languages_pass_and_english_figures_are_read_in_english(corpus50):
    """Cleaning reads each story in its language: an English figure's digits give its value with
    English separators ('26,826,165' is 26826165, '13.8 million' 13800000), its dates name the month."""
    lang = languages(corpus50)
    assert set(lang.values()) == {"vi", "en"}
    assert 0.1 < list(lang.values()).count("en") / len(lang) < 0.5  # a share, not most
    table, result = cleaned_and_reconciled(corpus50)
    assert set(table["language"]) == {"vi", "en"}
    assert set(table.loc[table["language"] == "en", "source_id"]) == {s for s, l in lang.items() if l == "en"}
    english = table[(table["language"] == "en") & ~table["flag_derived"]]
    grouped = english[english["value_text"].str.fullmatch(r"\d{1,3}(,\d{3})+")]
    assert len(grouped) and (grouped["value"] == grouped["value_text"].str.replace(",", "").astype(float)).all()
    scaled = english[english["value_text"].str.fullmatch(r"[a-z ]+ \d+(\.\d)? (million|mln)")]
    expected = scaled["value_text"].str.extract(r"(\d+(?:\.\d)?)")[0].astype(float) * 1e6
    assert len(scaled) and ((scaled["value"] - expected).abs() < 1).all()
    vague = english[english["value_text"] == "trillions of dong"]
    assert len(vague) and vague["flag_vague"].all() and (vague["lower"] == 1e12).all()
    by = english[english["as_of_text"].str.fullmatch(r"By [A-Z][a-z]+ \d{1,2}")]
    assert len(by) and by["flag_year_inferred"].all()
    assert all(pd.Timestamp(a).strftime("%B %-d") == t[3:] for a, t in zip(by["as_of"], by["as_of_text"]))
    # reconciliation weighs English claims with the Vietnamese ones of the same metric and date: a figure
    # both languages report is one reconciled row whose supporting claims hold both
    printed = table[~table["flag_derived"]]
    both = printed.groupby(["metric", "as_of"])["language"].nunique()
    both = set(both[both == 2].index)
    english_ids = set(english["claim_id"])
    mixed = {(row.metric, row.as_of) for row in result.reconciled.itertuples()
             if (ids := set(tables.split_ids(row.supporting_claims))) & english_ids and ids - english_ids}
    assert both <= mixed, sorted(both - mixed)


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    def digest(root):
        h = hashlib.sha256()
        for path in sorted((root / "data/raw").rglob("*")):
            if path.is_file():
                h.update(path.name.encode() + path.read_bytes())
        return h.hexdigest()

    generate(tmp_path / "a", 12)
    generate(tmp_path / "b", 12)
    generate(tmp_path / "c", 12, seed=7)
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")


def test_a_tiny_corpus_passes_every_step(tmp_path):
    generate(tmp_path, 3)
    table, _ = cleaned_and_reconciled(tmp_path)
    assert len(run_audit(tmp_path).articles) == 3 and len(table)


def test_with_the_archive_included_every_step_passes_too(tmp_path):
    n = len(read_rows(ROOT / "data/raw/sources.csv")[1]) + 3
    generate(tmp_path, n, include_real=True)
    table, _ = cleaned_and_reconciled(tmp_path)
    assert set(tables.read("derivations", ROOT)["derivation_id"]) <= set(table["claim_id"])


@pytest.fixture(scope="module", params=[1, 2, 3], ids=lambda seed: f"seed{seed}")
def archive_and_ten(request, tmp_path_factory):
    """The archive with ten generated articles beside it (the suite benchmark's corpus), cleaned and
    reconciled, for three seeds: generated once per seed for the tests that read it."""
    root = tmp_path_factory.mktemp(f"archive-and-ten-{request.param}")
    n = len(read_rows(ROOT / "data/raw/sources.csv")[1]) + 10
    generate(root, n, seed=request.param, include_real=True)
    _, result = cleaned_and_reconciled(root)
    reconcile.write_outputs(result, root / "data/processed")  # validates both tables first
    return root


def test_the_archive_with_ten_generated_articles_reconciles_within_its_contracts(archive_and_ten):
    """Generated articles beside the archived ones (and the editor's decisions on them) may bring
    figures that disagree with the archive's for a decided metric and date: reconciliation still
    writes tables that meet their contracts (write_outputs validated both)."""
    assert (archive_and_ten / "data/processed/reconciled.csv").stat().st_size
    assert (archive_and_ten / "data/processed/discrepancies.csv").stat().st_size


def test_a_metric_added_to_the_catalogue_is_printed(project_copy, tmp_path):
    raw = project_copy / "data/raw"
    header, metrics = read_rows(raw / "metrics.csv")
    template = next(m for m in metrics if m["unit"] != "percent" and m["kind"] != "fraction")
    new = [dict(template, metric="added_count", family="added_family", label_vi="Số đơn vị mới được thêm"),
           dict(template, metric="added_share", family="added_family", unit="percent", kind="share",
                label_vi="Tỷ lệ đơn vị mới được thêm")]
    edit_csv(raw / "metrics.csv", lambda h, rows: rows.extend(new))
    corpus = tmp_path / "corpus"
    generate(corpus, 40, archive=raw)
    cleaned_and_reconciled(corpus)
    assert {"added_count", "added_share"} <= {c["metric"] for c in rows(corpus / "data/raw/claims.csv")}


def test_a_metric_removed_from_the_catalogue_is_not_printed(project_copy, tmp_path):
    """Here the metric of a derivation's first input (when the archive declares one): its claims and
    the derivations naming them go too, and the corpus still passes."""
    raw = project_copy / "data/raw"
    _, claims = read_rows(raw / "claims.csv")
    _, specs = read_rows(raw / "derivations.csv")
    first_input = specs[0]["inputs"].split(";")[0].split("=", 1)[1] if specs else claims[0]["claim_id"]
    gone = next(c["metric"] for c in claims if c["claim_id"] == first_input)
    dropped = {c["claim_id"] for c in claims if c["metric"] == gone}
    edit_csv(raw / "metrics.csv", lambda h, rows: rows.remove(next(r for r in rows if r["metric"] == gone)))
    edit_csv(raw / "claims.csv", lambda h, rows: rows.__setitem__(slice(None), [r for r in rows if r["metric"] != gone]))
    edit_csv(raw / "derivations.csv", lambda h, rows: rows.__setitem__(slice(None), [
        r for r in rows if not {p.split("=", 1)[1] for p in r["inputs"].split(";")} & dropped]))
    corpus = tmp_path / "corpus"
    generate(corpus, 40, archive=raw)
    cleaned_and_reconciled(corpus)
    assert gone not in {c["metric"] for c in rows(corpus / "data/raw/claims.csv")}


def test_never_writes_over_an_archive(tmp_path):
    n = len(read_rows(ROOT / "data/raw/sources.csv")[1]) + 1  # the archive's articles and one more
    generate(tmp_path, n)
    with pytest.raises(FileExistsError):
        generate(tmp_path, n)


def test_a_rule_added_to_the_archive_is_used_in_every_corpus(project_copy, tmp_path):
    """The generator prints each rule's own text (found in the archive), so adding a rule (README,
    'Adding an article') never breaks a corpus: here one figure becomes a documented non-statistic."""
    raw = project_copy / "data/raw"
    _, claims = read_rows(raw / "claims.csv")
    quotes = [c["quote"] for c in claims]
    named = {c["same_statistic_as"] for c in claims}
    victim = next(c for c in claims if quotes.count(c["quote"]) == 1 and c["claim_id"] not in named
                  and not c["same_statistic_as"] and re.fullmatch(r"[\d.]+", c["value_text"])
                  and sum(c["value_text"] in q for q in quotes) == 1)
    edit_csv(raw / "claims.csv", lambda header, rows: rows.remove(next(r for r in rows if r["claim_id"] == victim["claim_id"])))
    pattern = re.escape(victim["value_text"]) + r"(?!\d)"
    edit_csv(raw / "non_statistics.csv", lambda header, rows: rows.append(
        {"rule_id": "added-rule", "pattern": pattern, "category": "test", "reason": "a rule added by the test",
         "reason_vi": "một quy tắc do phép thử thêm vào"}))
    assert run_audit(project_copy).ok  # the archive itself: the new rule accounts for the figure
    for include_real in (True, False):
        root = tmp_path / str(include_real)
        _, sources = read_rows(raw / "sources.csv")
        generate(root, len(sources) + 2, include_real=include_real, archive=raw)
        result = run_audit(root)
        assert result.ok, "\n".join(map(str, result.problems[:5]))
        assert result.rule_use["added-rule"] >= 1


RULE_IDS = list(tables.read("non_statistics", ROOT)["rule_id"])


@pytest.mark.parametrize("removed", [[rule] for rule in RULE_IDS] + [RULE_IDS], ids=[*RULE_IDS, "every-rule"])
def test_a_rule_removed_from_the_archive_breaks_no_corpus(project_copy, tmp_path, removed):
    """The stories print a fixed piece holding a number only when the corpus's rules account for it,
    so no rule is needed by the generator: here one rule (then all of them) is gone."""
    raw = project_copy / "data/raw"
    edit_csv(raw / "non_statistics.csv", lambda header, rows: rows.__setitem__(
        slice(None), [r for r in rows if r["rule_id"] not in removed]))
    corpus = tmp_path / "corpus"
    generate(corpus, 5, archive=raw)
    result = run_audit(corpus)
    assert result.ok, "\n".join(map(str, result.problems[:5]))
    assert not set(removed) & set(result.rule_use)
    assert all(t.accounted_by for t in result.tokens)
    cleaned_and_reconciled(corpus)  # the dates a story no longer prints are still established


def test_generated_counts_are_the_size_of_the_archives_own(tmp_path):
    """Each count metric the archive prints is generated at about its archived size (a handful of
    decrees stays a handful, millions of cards stay millions): at most a few times larger or smaller."""
    n = len(read_rows(ROOT / "data/raw/sources.csv")[1]) + 40
    generate(tmp_path, n, include_real=True)
    table, _ = cleaned_and_reconciled(tmp_path)
    counts = table[~table["flag_derived"] & (table["unit"] != "percent") & ~table["unit"].str.startswith("VND")
                   & table["denominator"].isna() & (table["value"] > 0)]
    archived = {c["claim_id"] for c in read_rows(ROOT / "data/raw/claims.csv")[1]}
    real, generated = counts[counts["claim_id"].isin(archived)], counts[~counts["claim_id"].isin(archived)]
    compared = 0
    for metric, rows in generated.groupby("metric"):
        mine = real[real["metric"] == metric]["value"]
        if mine.empty:
            continue
        compared += 1
        assert mine.min() / 3 <= rows["value"].min() and rows["value"].max() <= mine.max() * 3, \
            (metric, sorted(mine), sorted(rows["value"]))
    assert compared


def test_the_archive_with_ten_generated_articles_draws_its_policy_chart(archive_and_ten):
    """The policy-documents chart of the enlarged archive (the suite benchmark's corpus) builds and
    renders in both languages: generated figures never break its axis. (Every chart of an enlarged
    corpus is drawn by tests/publish/test_charts_layout.py; all of them per seed take ten seconds.)"""
    import io

    from dean06.publish.charts import Tables, build

    loaded = Tables.load(archive_and_ten)
    for lang in ("vi", "en"):
        fig, frame, _ = build("policy_documents", loaded, lang)
        assert len(frame)
        fig.savefig(io.BytesIO(), format="png", dpi=20)
