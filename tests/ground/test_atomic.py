import pytest

from dean06 import atomic


def test_replaces_target_only_on_success(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("previous")
    with pytest.raises(RuntimeError):
        with atomic.atomic_path(target) as tmp:
            tmp.write_text("half written")
            raise RuntimeError("step failed")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left behind
    atomic.write_text(target, "new")
    assert target.read_text() == "new"


def test_creates_missing_folders(tmp_path):
    atomic.write_bytes(tmp_path / "a" / "b" / "c.bin", b"\x00\x01")
    assert (tmp_path / "a" / "b" / "c.bin").read_bytes() == b"\x00\x01"
