"""A step's commit: all its outputs and its lineage entry, or none; an interrupted commit is
finished (journal written) or undone (plan only) by the next build."""

import errno
import json
import os
import signal

import pytest

from dean06 import atomic
from dean06.pipeline import lineage
from dean06.pipeline import stage as stg

FILES = ["data/processed/table.csv", "figures/vi/chart.png", "reports/executed/step.ipynb"]


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs in the process (no except/finally of ours catches it)."""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project with previous outputs and their lineage entry, as a finished build leaves it."""
    monkeypatch.setenv("DEAN06_ROOT", str(tmp_path))
    (tmp_path / "data/raw").mkdir(parents=True)
    (tmp_path / "data/raw/input.csv").write_text("id\n1\n", encoding="utf-8")
    (tmp_path / "nb.ipynb").write_text("{}", encoding="utf-8")
    for rel in FILES:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"previous {rel}\n", encoding="utf-8")
    lineage.record(tmp_path, "step", "nb.ipynb", {}, [tmp_path / "nb.ipynb", tmp_path / "data/raw/input.csv"],
                   [tmp_path / rel for rel in FILES])
    return tmp_path


def snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for d in ("data", "figures", "reports") for p in (root / d).rglob("*") if p.is_file()}


def staged(root, stage):
    """Write the new outputs into the stage's view, as the step's notebooks would."""
    tree = stage.make_view()
    for rel in FILES:
        atomic.write_text(tree / rel, f"new {rel}\n")
    return lambda: lineage.with_entries(root, {"step": lineage.entry(
        root, "nb.ipynb", {}, [root / "nb.ipynb", root / "data/raw/input.csv"], FILES, built_in=tree)})


def assert_consistent(root):
    assert lineage.verify(root) == [], "lineage.json disagrees with the outputs"
    leftovers = [p.name for p in root.rglob("*.commit.tmp")]
    assert leftovers == [], f"temporary files left beside the outputs: {leftovers}"


def test_the_view_reads_the_project_and_never_writes_into_it(project):
    before = snapshot(project)
    with stg.Stage(project, "step") as stage:
        tree = stage.make_view()
        assert (tree / "data/raw/input.csv").read_text(encoding="utf-8") == "id\n1\n"
        assert (tree / FILES[0]).read_text(encoding="utf-8") == f"previous {FILES[0]}\n"
        atomic.write_text(tree / FILES[0], "new\n")
        assert stage.produced() == [FILES[0]]
        assert snapshot(project) == before
    assert not any(stg.stages_dir(project).iterdir()), "the stage is removed when the step ends"


def test_commit_publishes_every_output_and_the_lineage_entry(project):
    with stg.Stage(project, "step") as stage:
        entries = staged(project, stage)
        stage.commit(FILES, entries)
    after = snapshot(project)
    assert all(after[rel] == f"new {rel}\n".encode() for rel in FILES)
    assert_consistent(project)
    assert not any(stg.stages_dir(project).iterdir())


def test_a_failure_before_the_commit_publishes_nothing(project):
    before = snapshot(project)
    with pytest.raises(RuntimeError, match="notebook failed"):
        with stg.Stage(project, "step") as stage:
            staged(project, stage)
            raise RuntimeError("notebook failed")
    assert snapshot(project) == before
    assert_consistent(project)


@pytest.mark.parametrize("after", [0, 1, 2, 3])
def test_a_kill_while_publishing_is_completed_by_the_next_build(project, monkeypatch, after):
    """The journal is written before the first rename: whatever was renamed, recovery renames the rest."""
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        if str(src).endswith(".commit.tmp"):
            if len(calls) == after:
                raise Killed
            calls.append(dst)
        return real_replace(src, dst)

    stage = stg.Stage(project, "step")
    stage.__enter__()
    entries = staged(project, stage)
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(Killed):
        stage.commit(FILES, entries)
    stg._unlock(stage._lock)  # the killed process's lock goes with it
    monkeypatch.undo()
    done = stg.recover(project, quiet=True)
    assert done and "completed the interrupted commit of step 'step'" in done[0]
    after_files = snapshot(project)
    assert all(after_files[rel] == f"new {rel}\n".encode() for rel in FILES)
    assert_consistent(project)


def test_a_kill_while_preparing_is_undone_by_the_next_build(project, monkeypatch):
    """Before the journal exists nothing is published: recovery removes the temporaries."""
    before = snapshot(project)
    stage = stg.Stage(project, "step")
    stage.__enter__()
    entries = staged(project, stage)
    prepared = []
    original = stage._prepare

    def prepare(source, tmp, dst):
        if len(prepared) == 2:
            raise Killed
        original(source, tmp, dst)
        prepared.append(tmp)

    monkeypatch.setattr(stage, "_prepare", prepare)
    with pytest.raises(Killed):
        stage.commit(FILES, entries)
    stg._unlock(stage._lock)
    assert any(p.exists() for p in prepared), "the temporaries sit beside the outputs"
    done = stg.recover(project, quiet=True)
    assert done and "interrupted before its commit" in done[0]
    assert snapshot(project) == before
    assert_consistent(project)
    assert not any(stg.stages_dir(project).iterdir())


@pytest.mark.parametrize("code, advice", [("EROFS", "make that folder writable"), ("ENOSPC", "free some space")])
def test_a_refused_write_at_commit_names_the_file_and_publishes_nothing(project, monkeypatch, code, advice):
    before = snapshot(project)
    with pytest.raises(stg.CommitError) as raised:
        with stg.Stage(project, "step") as stage:
            entries = staged(project, stage)
            monkeypatch.setenv(atomic.FAULT_ENV, f"{code}:reports/")
            stage.commit(FILES, entries)
    message = str(raised.value)
    assert f"cannot write {FILES[2]}: {os.strerror(getattr(errno, code))}" in message
    assert advice in message and "nothing of this step was published" in message
    assert snapshot(project) == before
    assert_consistent(project)


def test_interrupts_wait_until_the_commit_is_complete(project, monkeypatch):
    """SIGINT during the publish phase is held back: the commit completes, then the interrupt arrives."""
    original = stg._roll_forward

    def roll_forward(root, journal):
        os.kill(os.getpid(), signal.SIGINT)
        return original(root, journal)

    monkeypatch.setattr(stg, "_roll_forward", roll_forward)
    with pytest.raises(KeyboardInterrupt):
        with stg.Stage(project, "step") as stage:
            entries = staged(project, stage)
            stage.commit(FILES, entries)
    after = snapshot(project)
    assert all(after[rel] == f"new {rel}\n".encode() for rel in FILES)
    assert_consistent(project)


def test_atomic_writes_name_the_file_when_the_disk_is_full(tmp_path, monkeypatch):
    monkeypatch.setenv("DEAN06_ROOT", str(tmp_path))
    target = tmp_path / "figures" / "vi" / "chart.png"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"previous")
    monkeypatch.setenv(atomic.FAULT_ENV, "ENOSPC:figures/")
    with pytest.raises(atomic.WriteError) as raised:
        atomic.write_bytes(target, b"new")
    assert str(raised.value) == ("cannot write figures/vi/chart.png: No space left on device; free some space on "
                                 "that disk, then run the build again (the previous file is unchanged)")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in target.parent.iterdir()] == ["chart.png"]
    monkeypatch.setenv(atomic.FAULT_ENV, "ENOSPC:data/")  # another folder: writes go through
    atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"


def test_journal_is_plain_json_listing_every_move(project, monkeypatch):
    """What recovery reads: each temporary beside its destination, lineage.json first."""
    seen = {}
    original = stg._roll_forward

    def roll_forward(root, journal):
        seen.update(json.loads(next(stg.stages_dir(root).glob("*/journal.json")).read_text(encoding="utf-8")))
        return original(root, journal)

    monkeypatch.setattr(stg, "_roll_forward", roll_forward)
    with stg.Stage(project, "step") as stage:
        stage.commit(FILES, staged(project, stage))
    destinations = [dst for _, dst in seen["moves"]]
    assert destinations == [stg.LINEAGE, *FILES]
    assert all(tmp.rsplit("/", 1)[0] == dst.rsplit("/", 1)[0] for tmp, dst in seen["moves"])
