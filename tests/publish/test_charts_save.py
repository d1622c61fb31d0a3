"""Saving is deterministic: the same chart gives the same PNG, SVG, CSV and alt text bytes, run after
run, and nothing in the files records when or with what they were made."""

from chart_tables import tables

from dean06.publish.charts import build, save


def _save_twice(tmp_path, name):
    first = build(name, tables(), "vi")
    second = build(name, tables(), "vi")  # a fresh figure, as in a second build
    a = save.save_chart(name, *first, lang="vi", root=tmp_path / "a")
    b = save.save_chart(name, *second, lang="vi", root=tmp_path / "b")
    return a, b


def test_two_builds_save_byte_identical_files(tmp_path):
    a, b = _save_twice(tmp_path, "identity")
    assert [p.name for p in a] == ["identity.png", "identity.narrow.png", "identity.svg", "identity.csv",
                                   "identity.alt.txt"]
    assert [p.parent.name for p in a] == ["vi"] * 5
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


def test_saving_again_over_the_same_files_changes_nothing(tmp_path):
    fig, frame, alt = build("coverage", tables(), "en")
    first = {p: p.read_bytes() for p in save.save_chart("coverage", fig, frame, alt, "en", tmp_path)}
    second = {p: p.read_bytes() for p in save.save_chart("coverage", fig, frame, alt, "en", tmp_path)}
    assert first == second
    assert not [p for p in (tmp_path / "figures" / "en").iterdir() if p.name.startswith(".")]  # no temp files left


def test_files_carry_no_date_or_software_and_the_csv_is_the_data(tmp_path):
    fig, frame, alt = build("identity", tables(), "en")
    png, narrow_png, svg, csv, alt_file = save.save_chart("identity", fig, frame, alt, "en", tmp_path)
    for image in (png, narrow_png):
        assert b"Software" not in image.read_bytes() and b"tIME" not in image.read_bytes()
    assert b"<dc:date>" not in svg.read_bytes() and b"Matplotlib v" not in svg.read_bytes()
    lines = csv.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",") == list(frame.columns)
    assert len(lines) == len(frame) + 1
    lower = frame[frame["bound"] == "lower"].iloc[0]
    assert any(line.startswith(f"{lower['area']},{lower['family']},{lower['series']},") and f",{lower['claim_id']}," in line
               and f",{int(lower['value'])},lower," in line for line in lines)
    assert alt_file.read_text(encoding="utf-8") == alt + "\n"


def test_the_narrow_layout_is_a_390px_render_of_the_same_data(tmp_path):
    from PIL import Image

    from dean06.publish.charts import style

    fig, frame, alt = build("identity", tables(), "vi")
    png, narrow_png, *_ = save.save_chart("identity", fig, frame, alt, "vi", tmp_path)
    wide, small = Image.open(png), Image.open(narrow_png)
    assert wide.size[0] == round(style.WIDE * style.DPI) and small.size[0] == 390
    assert small.size[1] / small.size[0] <= style.MAX_ASPECT
