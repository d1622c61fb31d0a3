"""Whether the pages show a chart, judged from the data it draws (its published CSV), without
drawing libraries: a chart that cannot answer its question on an edition's data is left off the
page (its files are still written, for the record)."""

from __future__ import annotations

import csv
import io


def _a_measure_over_time(rows: list[dict]) -> bool:
    """Coverage answers "how far has it come": one bar says no more than the key numbers, so it needs
    a measure reported at two dates or more (the bars then show any change of the whole)."""
    return any(int(float(r.get("dates_reported") or 0)) >= 2 for r in rows)


def _a_count_over_time(rows: list[dict]) -> bool:
    """The policy chart answers "how did the push grow": it draws only counts reported at two dates
    or more, so it needs one (its CSV has two rows of one metric)."""
    metrics = [r.get("metric") for r in rows]
    return any(metrics.count(m) >= 2 for m in set(metrics))


CONDITIONS = {"coverage": _a_measure_over_time, "policy_documents": _a_count_over_time}  # a chart not named here is shown whenever drawn


def shown(name: str, csv_data: bytes | str) -> bool:
    condition = CONDITIONS.get(name)
    if condition is None:
        return True
    text = csv_data.decode("utf-8") if isinstance(csv_data, bytes) else csv_data
    return condition(list(csv.DictReader(io.StringIO(text))))
