"""A cumulative count or a fraction printed with the same figure at two dates is "unchanged", never
"growth" or "progress"; a real change keeps its wording. Expectations come from the cleaned claims."""

import pytest
from corpus import enlarged_root

from dean06.catalog import tables
from dean06.clean.step import clean_claims, load_raw, write_claims_clean
from dean06.paths import processed_dir
from dean06.reconcile import step as reconcile

UNCHANGED = {"en": "unchanged, not a conflict", "vi": "không thay đổi, không phải mâu thuẫn"}
CHANGED = {"en": ("growth", "progress"), "vi": ("tăng trưởng", "tiến triển")}
FIGURE = ["bound", "value", "lower", "upper", "numerator", "denominator", "share", "unit"]


@pytest.fixture
def root(tmp_path):
    root = enlarged_root(tmp_path)
    processed_dir(root).mkdir(parents=True)
    write_claims_clean(clean_claims(*load_raw(root)), processed_dir(root) / "claims_clean.csv")
    return root


def same_figure(a, b) -> bool:
    def given(x):
        return x == x and x != ""
    values = all(given(a[c]) == given(b[c]) and (not given(a[c]) or float(a[c]) == float(b[c]))
                 for c in ("value", "lower", "upper"))
    wholes = [a["denominator"], b["denominator"]]
    return a["bound"] == b["bound"] and values and (not all(map(given, wholes)) or wholes[0] == wholes[1])


def growth(root):
    ledger = reconcile.run(root).discrepancies
    return ledger[ledger["type"] == "cumulative_growth"]


def test_each_change_is_worded_by_whether_the_figure_changed(root):
    clean = tables.read("claims_clean", root).set_index("claim_id")
    findings = growth(root)
    assert len(findings)
    for finding in findings.itertuples():
        a, b = (clean.loc[c] for c in sorted(finding.claims.split(";"), key=lambda c: clean.loc[c, "as_of"]))
        same = same_figure(a, b)
        for lang in ("en", "vi"):
            text = getattr(finding, f"explanation_{lang}")
            assert (UNCHANGED[lang] in text) == same, text
            assert not same or not any(word in text for word in CHANGED[lang]), text


def test_a_later_figure_made_equal_to_the_earlier_is_unchanged(root):
    path = processed_dir(root) / "claims_clean.csv"
    clean = tables.read("claims_clean", root)
    changed = [f for f in growth(root).itertuples() if UNCHANGED["en"] not in f.explanation_en]
    assert changed, "the data hold a figure that grew"
    finding = changed[0]
    rows = clean.set_index("claim_id")
    first, last = sorted(finding.claims.split(";"), key=lambda c: rows.loc[c, "as_of"])
    for column in FIGURE:
        clean.loc[clean["claim_id"] == last, column] = rows.loc[first, column]
    write_claims_clean(clean.drop(columns=[c for c in clean.columns if c not in tables.COLUMNS["claims_clean"]]), path)
    after = growth(root).set_index("finding_id").loc[finding.finding_id]
    assert UNCHANGED["en"] in after["explanation_en"] and UNCHANGED["vi"] in after["explanation_vi"]
    assert not any(word in after["explanation_en"] for word in CHANGED["en"])
