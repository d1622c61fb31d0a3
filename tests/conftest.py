import csv
import os
import shutil
import signal
import stat
from pathlib import Path

import pytest

from dean06.pipeline import start_light

ROOT = Path(__file__).resolve().parents[1]

# every test process starts as a build process does: without the grammar of a format check nothing uses
start_light()

# Under `make test`, make's own variables (its job server among them) would reach every make a test
# starts, which then warns and runs one job at a time: each test's make starts as a user's would.
for _name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
    os.environ.pop(_name, None)

# A run started in the background by a shell without job control inherits Ctrl-C (SIGINT) ignored, and
# so would every command a test starts and interrupts: the tests deliver Ctrl-C as a terminal does.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/raw, so a test can damage it without touching the evidence."""
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "data" / "raw")
    for path in (tmp_path / "data" / "raw").rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return tmp_path


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_csv(path: Path, edit) -> None:
    """Apply `edit(header, rows)` (which may mutate both) to a CSV file in place."""
    header, rows = read_rows(path)
    edit(header, rows)
    write_rows(path, header, rows)


def published_by(cut: str, *, with_claims: bool = True, root: Path = ROOT) -> set[str]:
    """The sources in the archive published on or before `cut` (those with claims, by default)."""
    _, sources = read_rows(root / "data" / "raw" / "sources.csv")
    _, claims = read_rows(root / "data" / "raw" / "claims.csv")
    claimed = {c["source_id"] for c in claims}
    return {s["source_id"] for s in sources if s["published_date"] <= cut and (s["source_id"] in claimed or not with_claims)}


def pytest_collection_modifyitems(items):
    """Longest first where it pays on two cores: the long tests start at once (one that needs the shared
    build waits for it while builds keep both cores busy); the other tests of the shared build
    (tests/built_tree.py) come last, since it builds meanwhile, and with them the browser's, whose
    session-long browser keeps an event loop in the test process.
    The order is the same in every pytest-xdist worker, as xdist requires."""
    def rank(item):
        if item.get_closest_marker("long"):
            return 0
        return 2 if {"built_tree", "chromium"} & set(item.fixturenames) else 1
    items.sort(key=rank)


# Modules whose module-scoped fixtures cost more than their tests (every chart of three corpora drawn in
# both layouts; each corpus's reports built): under pytest-xdist each runs whole on one worker, instead
# of being built again on every worker that runs one of its tests.
ONE_WORKER_MODULES = ("tests/publish/test_charts_layout.py", "tests/publish/test_report.py")


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """`make test`'s `--dist loadgroup`: the modules above as one unit each, every other test on its own
    (the order of collection kept). The scheduler of pytest-xdist itself, told the groups here: its
    xdist_group marks do not reach it under pytest 9.2 (pytest-xdist issue 1386)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerModules(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER_MODULES else nodeid

    return OneWorkerModules(config, log)


# ----- shared across the session (and across pytest-xdist workers where it can be) -----

@pytest.fixture(scope="session", autouse=True)
def _shared_build_in_background(request, tmp_path_factory):
    """Start the shared `make report` (tests/built_tree.py) right after collection when a collected
    test needs it, so it builds while the other tests run; the worker that started it waits for it."""
    import built_tree

    process = None
    if any(built_tree.FIXTURE in item.fixturenames for item in request.session.items):
        process = built_tree.start(tmp_path_factory)
    yield
    if process is not None:
        process.wait()


@pytest.fixture(scope="session")
def built_tree(tmp_path_factory):
    """The session's one real `make report` of this checkout (see tests/built_tree.py)."""
    import built_tree as shared

    return shared.wait(tmp_path_factory)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for every browser check of this session (its tabs lent to one check at a time:
    browsercheck.offline_page)."""
    from dean06_dev import browsercheck

    with browsercheck.browser() as instance:
        yield instance


@pytest.fixture(scope="session")
def archive_with_inputs(tmp_path_factory):
    """A copy of the real data with what an edition is written from (corpus.with_report_inputs), built
    once per worker for every report test: read it, never change it (copy it first)."""
    from corpus import archive_root, with_report_inputs

    return with_report_inputs(archive_root(tmp_path_factory.mktemp("archive")))


@pytest.fixture(scope="session")
def enlarged_with_inputs(tmp_path_factory):
    """The real data plus the fixture articles, built the same way; read-only like archive_with_inputs."""
    from corpus import enlarged_root, with_report_inputs

    return with_report_inputs(enlarged_root(tmp_path_factory.mktemp("enlarged")))
