"""A claim that parsed, as cleaning and its derivations share it (one home, no import cycle)."""

from __future__ import annotations

from dataclasses import dataclass

from dean06.clean.numerals import Numeral


@dataclass
class Record:
    """A claim that parsed: its output row and the numeral behind it (derivations need the precision)."""

    row: dict
    numeral: Numeral
    line: int
