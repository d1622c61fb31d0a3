"""Unicode and whitespace normalisation, the only liberty taken when matching quotes to articles.

The sources contain no-break spaces and hard line breaks inside sentences, so a quote typed
on one line must still match. We apply NFC, then fold every run of white space (including
U+00A0 and newlines) into one ASCII space. Nothing else is changed: no case folding, no
punctuation or diacritic stripping.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")  # \s covers U+00A0, U+202F, newlines and tabs in Python 3


def normalise(text: str) -> str:
    """NFC with white space folded: for matching and for display."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise an NFC text and keep, for each output character, its index in the input.

    Offsets in data files (excluded spans) refer to the NFC form of the article; the sources
    are already NFC, so those are plain character offsets into the file's text.
    """
    out: list[str] = []
    index: list[int] = []
    in_space = False
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
