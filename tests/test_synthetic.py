"""Synthetic corpora: laid out like data/raw, passing the audit, deterministic."""

import csv
import hashlib
import re

import pytest

from dean06.evidence.audit import run_audit
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


def test_layout_and_manifest(corpus50):
    raw = corpus50 / "data/raw"
    assert sorted(p.name for p in raw.iterdir()) == ["articles", "claims.csv", "decisions.csv", "excluded_spans.csv",
                                                     "metrics.csv", "non_statistics.csv", "sources.csv"]
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


def test_purely_synthetic_corpus_passes_the_audit(tmp_path):
    generate(tmp_path, 3, include_real=False)
    result = run_audit(tmp_path)
    assert result.ok, "\n".join(map(str, result.problems[:10]))
    assert len(result.articles) == 3


def test_never_writes_over_an_archive(tmp_path):
    generate(tmp_path, 6)
    with pytest.raises(FileExistsError):
        generate(tmp_path, 6)
