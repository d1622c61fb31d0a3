"""One registry of charts: the Makefile's CHARTS, the build's figure list, the report and the tests
all read it, and every chart module has the same contract."""

import re
import subprocess
import sys

import pandas as pd
import pytest
from chart_tables import tables
from conftest import ROOT
from matplotlib.figure import Figure

from dean06.pipeline import steps
from dean06.publish import report
from dean06.edition import Edition
from dean06.publish import charts
from dean06.publish.charts import NAMES, PLACES, REGISTRY, build_all

AREAS = set(pd.read_csv(ROOT / "data" / "raw" / "metrics.csv", dtype=str)["area"]) | {"ledger"}


def test_makefile_charts_are_the_registry():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    line = re.search(r"^CHARTS := (.*)$", makefile, re.M)
    assert line, "Makefile has no CHARTS line"
    assert line.group(1).split() == NAMES


def test_build_figure_list_comes_from_the_registry():
    for lang in ("vi", "en"):
        files = steps.figure_files(lang)
        assert files == [f"figures/{lang}/{n}.{e}" for n in NAMES
                         for e in ("png", "narrow.png", "svg", "csv", "alt.txt")]


def test_names_on_the_command_line():
    out = subprocess.run([sys.executable, "-m", "dean06.publish.charts", "--names"], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == NAMES


@pytest.mark.parametrize("module", REGISTRY, ids=NAMES)
def test_every_chart_module_has_the_contract(module):
    assert isinstance(module.NAME, str) and re.fullmatch(r"[a-z_]+", module.NAME)
    assert module.AREA in AREAS
    edition = Edition.parse("en")
    frame = module.data(tables(), edition)
    assert isinstance(frame, pd.DataFrame) and len(frame)
    assert isinstance(module.draw(frame, edition), Figure)
    for text in (module.title(frame, edition), module.subtitle(frame, edition), module.alt_text(frame, edition)):
        assert isinstance(text, str) and text.strip()


def test_names_are_unique_and_build_all_follows_the_registry():
    assert len(set(NAMES)) == len(NAMES)
    assert list(build_all(tables(), "vi")) == NAMES


def test_the_registry_is_read_without_drawing_libraries():
    """The build's step table and the report's layout read the chart names and areas without
    importing matplotlib (a second in every build process and report kernel); the modules load when
    a chart is drawn."""
    probe = ("import sys\n"
             "from dean06.pipeline import steps\n"
             "from dean06.publish import charts, report\n"
             "files, areas = steps.figure_files('vi'), report.chart_places()\n"
             "print('matplotlib' in sys.modules, len(files), sorted(areas) == sorted(charts.NAMES))\n"
             "charts.REGISTRY\n"
             "print('matplotlib' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", str(5 * len(NAMES)), "True", "True"]
    assert {name: module.PLACE for name, module in zip(NAMES, REGISTRY)} == PLACES


def test_every_chart_declares_a_place_the_report_reads(monkeypatch):
    """Placement is data: each module's PLACE is the registry's, the report reads it, and a place
    other than the lead, an area of metrics.csv or the companion page is refused."""
    places = report.chart_places()
    assert set(places) == set(NAMES)
    for name, (kind, area) in places.items():
        assert kind in ("lead", "area", "sources")
        assert (area in AREAS) if kind == "area" else area == ""
    assert [n for n, (k, _) in places.items() if k == "lead"], "no chart is the story's lead chart"
    monkeypatch.setitem(PLACES, NAMES[0], "aside")
    with pytest.raises(ValueError, match="place"):
        charts.place(NAMES[0])


def test_the_page_gives_a_phone_the_narrow_layout():
    """A chart on the page is a <picture>: the narrow render for screens up to 500 px, else the page's."""
    import base64

    files = report.ChartFiles(b"wide-png", "Alt text", b"a,b\n1,2\n", b"<svg/>", b"narrow-png")
    from dean06.publish import outline

    markup = str(outline.chart_html(NAMES[1], {NAMES[1]: files}, "en", None))
    narrow = base64.b64encode(b"narrow-png").decode()
    wide = base64.b64encode(b"wide-png").decode()
    assert markup.index("<picture>") < markup.index('<source media="(max-width: 500px)"') < markup.index("<img")
    assert f'srcset="data:image/png;base64,{narrow}"' in markup and f'src="data:image/png;base64,{wide}"' in markup
    assert 'alt="Alt text"' in markup
