"""White-space folding and offset mapping: the only liberty taken when matching quotes."""

import bisect

import pytest
from conftest import ROOT

from dean06.textnorm import fold, folded_offset, normalise


def reference(text):
    """A character-at-a-time fold that keeps each output character's input index."""
    out, index, in_space = [], [], False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space and out:
                out.append(" ")
                index.append(i)
            in_space = True
        else:
            out.append(ch)
            index.append(i)
            in_space = False
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


CASES = ["", " ", "a", " a ", "a  b\n\nc\xa0", "\n\na\xa0\xa0b  ", "hơn 10.000\n\nđiểm cầu"]
CASES += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data/raw/articles").glob("*.txt"))]


@pytest.mark.parametrize("text", CASES)
def test_fold_and_offsets_agree_with_reference(text):
    folded, index = reference(text)
    assert fold(text) == folded
    for offset in range(len(text) + 1):
        assert folded_offset(text, offset) == bisect.bisect_left(index, offset)


def test_normalise_applies_nfc_and_folds_no_break_spaces():
    decomposed = "Đe\u0302\u0300 a\u0301n\u00a006"  # combining accents, no-break space
    assert normalise(decomposed) == "Đề án 06"
