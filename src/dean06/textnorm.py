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


def fold(text: str) -> str:
    """Fold white space only (the text is already NFC): what the audit matches quotes against."""
    return " ".join(text.split())  # str.split() splits on the same white space as \s


def folded_offset(text: str, offset: int) -> int:
    """Where `offset` in `text` falls in `fold(text)`.

    Offsets in data files (excluded spans) refer to the article's text; the audit matches in the
    folded text. The prefix folds the same way as the whole, except that white space at its end
    is kept as one space when more text follows it.
    """
    prefix = text[:offset]
    position = len(fold(prefix))
    if position and prefix[-1:].isspace() and text[offset:].strip():
        position += 1
    return position
