"""The cache of parsed files: used when the bytes are the same, never trusted otherwise."""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgchart import ModelError, check, load_structure
from orgchart.cli import cli
from orgchart.read import parsecache
from orgchart.read.yamlsource import read_yaml

#: a file big enough to be cached (the note is what makes it so)
TEXT = ("structure: t\nname: 某镇\nas_of: 2020-12-31\nunits:\n  - id: a\n    name: 甲\n"
        f"note: {'长' * parsecache.SMALLEST}\n")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache of this test's own; return its folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(parsecache.ENV_OFF, raising=False)
    return tmp_path / "xdg" / "orgchart" / "parsed"


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _model(tmp_path: Path, text: str = TEXT) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_read_again_comes_from_the_cache_with_every_place(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _model(tmp_path)
    first, first_map = read_yaml(path)
    assert len(_entries(cache)) == 1 and cache.parent.parent == tmp_path / "xdg"
    monkeypatch.setattr("orgchart.read.yamlsource._parse", None)  # a parse would fail
    again, smap = read_yaml(path)
    assert again == first and again is not first
    assert str(smap.at(("units", 0, "name"))) == str(first_map.at(("units", 0, "name")))
    assert str(smap.at(("units", 0, "name"))) == f"{path}:6:11"  # deep: from the text
    assert str(smap.at(("as_of",), key=True)) == f"{path}:3:1"


def test_the_same_bytes_under_another_name_are_located_in_that_file(
        cache: Path, tmp_path: Path) -> None:
    read_yaml(_model(tmp_path))
    other = tmp_path / "other.yaml"
    other.write_text(TEXT, encoding="utf-8")
    _, smap = read_yaml(other)
    assert str(smap.at(("units", 0, "id"))) == f"{other}:5:9"
    assert len(_entries(cache)) == 1


def test_a_changed_file_is_read_again(cache: Path, tmp_path: Path) -> None:
    path = _model(tmp_path)
    read_yaml(path)
    stat = path.stat()
    path.write_text(TEXT.replace("甲", "乙"), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and same time
    data, _ = read_yaml(path)
    assert data["units"][0]["name"] == "乙"


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "empty", "a class"])
def test_a_damaged_entry_is_ignored_and_replaced(cache: Path, tmp_path: Path,
                                                 damage: str) -> None:
    path = _model(tmp_path)
    good, _ = read_yaml(path)
    [entry] = _entries(cache)
    blob = entry.read_bytes()
    head = len(parsecache._MAGIC) + parsecache._SUM  # noqa: SLF001 - the entry's layout
    if damage == "truncated":
        blob = blob[:-7]
    elif damage == "flipped":  # still a valid pickle, of other data: the checksum tells
        blob = blob.replace("甲".encode(), "乙".encode())
    elif damage == "garbage":
        blob = os.urandom(len(blob))
    elif damage == "empty":
        blob = b""
    else:  # a well-formed entry that names a class: refused, not run
        import hashlib

        payload = pickle.dumps((os.getcwd, {}, {}))
        blob = blob[:len(parsecache._MAGIC)] + hashlib.blake2b(  # noqa: SLF001
            payload, digest_size=parsecache._SUM).digest() + payload  # noqa: SLF001
        assert len(blob) > head
    entry.write_bytes(blob)
    assert parsecache.lookup(path.read_bytes()) is None
    data, smap = read_yaml(path)
    assert data == good and str(smap.at(("structure",))) == f"{path}:1:12"
    assert parsecache.lookup(path.read_bytes()) is not None  # rewritten whole


def test_a_file_with_a_problem_is_not_cached_and_is_located_each_time(
        cache: Path, tmp_path: Path) -> None:
    path = _model(tmp_path, TEXT + "units: []\n")
    for _ in range(2):
        with pytest.raises(ModelError, match=r"m\.yaml:8:1: duplicate-key"):
            read_yaml(path)
    assert _entries(cache) == []


def test_problems_found_later_are_located_alike_from_the_cache(
        cache: Path, tmp_path: Path) -> None:
    path = _model(tmp_path)  # units without kind and category: refused by the schema
    with pytest.raises(ModelError) as fresh:
        load_structure(path)
    assert f"{path}:5:5: missing-key" in str(fresh.value) and _entries(cache)
    with pytest.raises(ModelError) as cached:
        load_structure(path)
    assert str(cached.value) == str(fresh.value)
    unit = "    kind: office\n    category: party-government\n"
    path = _model(tmp_path, TEXT.replace("note", unit + "  - id: b\n    name: 乙\n"
                                         "    parent: nowhere\n" + unit + "note"))
    found = [str(p) for p in check(load_structure(path))]
    assert any(f"{path}:11:13: " in p for p in found), found
    assert len(_entries(cache)) == 2
    assert [str(p) for p in check(load_structure(path))] == found


def test_turned_off_by_the_environment_or_the_cli(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _model(tmp_path)
    result = CliRunner().invoke(cli, ["--no-cache", "validate", str(path)])
    assert result.exit_code == 1 and "5:5: missing-key" in result.output  # parsed, read
    assert _entries(cache) == []
    monkeypatch.setenv(parsecache.ENV_OFF, "1")
    read_yaml(path)
    assert _entries(cache) == []
    monkeypatch.setenv(parsecache.ENV_OFF, "0")
    assert CliRunner().invoke(cli, ["validate", str(path)]).exit_code == 1
    assert len(_entries(cache)) == 1


def test_a_small_file_is_not_cached(cache: Path, tmp_path: Path) -> None:
    small = TEXT.split("note")[0]
    assert len(small.encode()) < parsecache.SMALLEST
    read_yaml(_model(tmp_path, small))
    assert _entries(cache) == []


def test_a_relative_cache_home_is_ignored(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv(parsecache.ENV_OFF, raising=False)
    assert parsecache.cache_dir() == tmp_path / "home" / ".cache" / "orgchart" / "parsed"


def test_a_cache_that_cannot_be_written_leaves_files_readable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv(parsecache.ENV_OFF, raising=False)
    path = _model(tmp_path)
    assert read_yaml(path)[0] == read_yaml(path)[0]


def test_concurrent_writers_and_readers_see_whole_entries(cache: Path, tmp_path: Path) -> None:
    path = _model(tmp_path, TEXT.replace("长", "长" * 5))
    raw = path.read_bytes()
    expected, smap = read_yaml(path)
    seen: list[object] = []

    def write() -> None:
        for _ in range(30):
            parsecache.store(raw, expected, smap.values, smap.keys)

    def read() -> None:
        for _ in range(60):
            entry = parsecache.lookup(raw)
            seen.append(entry[0] if entry else None)

    threads = [threading.Thread(target=f) for f in (write, write, read, read)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen and all(d == expected for d in seen)  # never a part of one
    assert [p.name for p in _entries(cache)] == [parsecache._entry_path(  # noqa: SLF001
        cache, raw).name]  # no temporary file left behind
