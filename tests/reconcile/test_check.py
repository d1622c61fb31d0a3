"""`make check`: every input problem of every step in one list, and nothing about built outputs.

The cases edit a scratch copy of data/raw; rows are chosen from the data (the first claim with an
as-of date, the first decision that names a finding), never by their ids.
"""

import os
import shutil
import subprocess
import sys

from conftest import ROOT, edit_csv, read_rows

from dean06.reconcile.check import run_check


def lines(result):
    return [str(p) for p in result.problems]


def first(rows, test):
    return next(i for i, r in enumerate(rows) if test(r))


def test_real_data_checks_out(project_copy):
    result = run_check(project_copy)
    assert result.ok, "\n".join(lines(result))
    _, claims = read_rows(project_copy / "data/raw/claims.csv")
    assert result.audit.claim_count == len(claims)
    assert result.claims_clean >= len(claims) and result.findings > 0
    assert not result.review.problems


def test_every_raw_table_problem_at_once(project_copy):
    """An impossible decision date, a bad claim id and as-of wordings cleaning cannot read: one list."""
    raw = project_copy / "data/raw"
    picked = {}

    def claims(header, rows):
        i = first(rows, lambda r: not r["as_of_text"])
        rows[i]["as_of_text"] = "6 tháng đầu năm 2023"
        j = first(rows, lambda r: not r["as_of_text"] and r is not rows[i])
        rows[j]["as_of_text"] = "Hiện"
        k = first(rows, lambda r: r is not rows[i] and r is not rows[j] and not r["same_statistic_as"]
                  and not any(o["same_statistic_as"] == r["claim_id"] for o in rows))
        picked.update(as_of_rows=(i + 2, j + 2), bad_id_row=k + 2)
        rows[k]["claim_id"] = rows[k]["claim_id"].lower() + "x"
    edit_csv(raw / "claims.csv", claims)

    def decisions(header, rows):
        i = first(rows, lambda r: r["as_of"])
        picked["decision_row"] = i + 2
        rows[i]["as_of"] = rows[i]["as_of"][:8] + "30" if rows[i]["as_of"][5:7] == "02" else rows[i]["as_of"][:5] + "02-30"
    edit_csv(raw / "decisions.csv", decisions)

    text = "\n".join(lines(run_check(project_copy)))
    for row in picked["as_of_rows"]:
        assert f"data/raw/claims.csv, row {row}, column 'as_of_text'" in text
    assert "'6 tháng đầu năm 2023'" in text and "'Hiện'" in text
    assert f"data/raw/claims.csv, row {picked['bad_id_row']}, column 'claim_id': a claim id is its source id" in text
    assert f"data/raw/decisions.csv, row {picked['decision_row']}, column 'as_of'" in text
    assert "is not a calendar date" in text


def test_decision_date_that_matches_no_figure_of_its_finding(project_copy):
    picked = {}

    def decisions(header, rows):
        i = first(rows, lambda r: r["finding_id"] and r["metric"] and r["as_of"])
        picked["row"] = i + 2
        rows[i]["as_of"] = "2020-01-01"
    edit_csv(project_copy / "data/raw/decisions.csv", decisions)
    text = "\n".join(lines(run_check(project_copy)))
    assert f"data/raw/decisions.csv, row {picked['row']}, column 'as_of': the finding's figures of " in text
    assert "(value: '2020-01-01')" in text


def test_decision_problems_name_the_wrong_value(project_copy):
    picked = {}

    def decisions(header, rows):
        rows[0]["publish"] = "publish it"
        rows[0]["metric"] = "no_such_metric"
        rows[-1]["decision_id"] = rows[0]["decision_id"]
        picked["last"] = len(rows) + 1
    edit_csv(project_copy / "data/raw/decisions.csv", decisions)
    text = "\n".join(lines(run_check(project_copy)))
    assert "data/raw/decisions.csv, row 2, column 'publish': must be one of" in text
    assert "data/raw/decisions.csv, row 2, column 'metric': unknown metric key" in text
    assert f"data/raw/decisions.csv, row {picked['last']}, column 'decision_id': duplicate decision id (first at row 2)" in text


def test_stale_decision_is_listed_for_review_but_is_not_an_error(project_copy):
    picked = {}

    def decisions(header, rows):
        i = first(rows, lambda r: len(r["settled_claims"].split(";")) >= 2)
        settled = rows[i]["settled_claims"].split(";")
        picked.update(id=rows[i]["decision_id"], kept=settled[:-1], dropped=settled[-1], all=settled)
        rows[i]["settled_claims"] = ";".join(settled[:-1])
    edit_csv(project_copy / "data/raw/decisions.csv", decisions)
    result = run_check(project_copy)
    assert result.ok, "\n".join(lines(result))
    [line] = [str(p) for p in result.review.problems]
    assert (f"stale: {picked['id']} settled {', '.join(sorted(picked['kept']))}; the finding now has "
            f"{', '.join(picked['all'])} (new: {picked['dropped']})") in line


def test_nothing_about_built_outputs(project_copy):
    """Inputs changed since the last build: the check says nothing of stale outputs."""
    shutil.copytree(ROOT / "data" / "processed", project_copy / "data" / "processed")
    path = project_copy / "data/raw/decisions.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the build is now out of date
    result = run_check(project_copy)
    assert result.ok and not any("stale" in line or "processed" in line for line in lines(result))


def test_cli_lists_problems_without_traceback(project_copy):
    def decisions(header, rows):
        rows[0]["as_of"] = "17/2/2022"
    edit_csv(project_copy / "data/raw/decisions.csv", decisions)
    env = dict(os.environ, DEAN06_ROOT=str(project_copy))
    proc = subprocess.run([sys.executable, "-m", "dean06.reconcile.check"], env=env, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "check: FAILED with 1 problem(s)" in proc.stderr
    assert "data/raw/decisions.csv, row 2, column 'as_of': must be an ISO date YYYY-MM-DD (value: '17/2/2022')" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_metric_area_is_a_key_and_a_new_area_is_welcome(project_copy):
    def metrics(header, rows):
        rows[0]["area"] = "e-id"
        rows[1]["area"] = "a_new_area"
    edit_csv(project_copy / "data/raw/metrics.csv", metrics)
    text = "\n".join(lines(run_check(project_copy)))
    assert "data/raw/metrics.csv, row 2, column 'area': an area key is lower-case letters, digits and _" in text
    assert "data/raw/metrics.csv, row 3, column 'area'" in text and "areas.csv" in text  # a new area needs its titles
    edit_csv(project_copy / "data/raw/areas.csv",
             lambda header, rows: rows.append({"area": "a_new_area", "label_vi": "Phần mới", "label_en": "A new part",
                                              "section": "a_new_area", "section_vi": "Phần mới",
                                              "section_en": "A new part"}))
    text = "\n".join(lines(run_check(project_copy)))
    assert "row 3, column 'area'" not in text  # a new part of the programme with its titles gets its own section
