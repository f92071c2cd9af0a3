from pathlib import Path

import pytest

from orgchart import ModelError
from orgchart.read.yamlsource import MAX_FILE_BYTES, parse_yaml, read_yaml


def test_locations_are_one_based_for_keys_and_values() -> None:
    data, smap = parse_yaml("a: 1\nlist:\n  - x: 2\n", "f.yaml")
    assert data == {"a": 1, "list": [{"x": 2}]}
    assert str(smap.at(("list", 0, "x"))) == "f.yaml:3:8"
    assert str(smap.at(("list", 0, "x"), key=True)) == "f.yaml:3:5"
    assert str(smap.at(("list", 5, "nope"))) == "f.yaml:3:3"  # nearest recorded ancestor: the list


def test_dates_and_scalars_are_typed() -> None:
    data, _ = parse_yaml("d: 2023-09-15\nb: true\ns: '007'\n")
    assert str(data["d"]) == "2023-09-15" and data["b"] is True and data["s"] == "007"


def test_an_impossible_date_says_how_to_write_one() -> None:
    with pytest.raises(ModelError) as caught:
        parse_yaml("a: 1\nvalid_from: 2019-13-45\n", "x.yaml")
    assert str(caught.value) == (
        "x.yaml:2:13: yaml: cannot read value '2019-13-45': month must be in 1..12; write a "
        "real date (2019-06-30; 2019 and 2019-06 are dates too)")


def test_duplicate_key_is_reported_at_the_second_key() -> None:
    with pytest.raises(ModelError, match=r"^x\.yaml:3:1: duplicate-key: key 'a' appears twice"):
        parse_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")


def test_aliases_are_refused() -> None:
    text = "a: &x [1, 2]\nb: *x\n"
    with pytest.raises(ModelError, match="anchors and aliases"):
        parse_yaml(text, "x.yaml")


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [{', '.join(['*l' + str(i - 1)] * 9)}]" for i in range(1, 9)]
    with pytest.raises(ModelError, match="aliases"):
        parse_yaml("\n".join(lines), "bomb.yaml")


def test_syntax_error_names_line_and_column() -> None:
    with pytest.raises(ModelError) as err:
        read_yaml("tests/data/broken/syntax.yaml")
    assert str(err.value).startswith("tests/data/broken/syntax.yaml:6:9: yaml: invalid YAML")
    assert "started at line 5, column 11" in str(err.value)


def test_non_utf8_reports_the_byte_position() -> None:
    with pytest.raises(ModelError, match=r"gbk\.yaml:2:7: encoding: byte 0xb2 is not UTF-8"):
        read_yaml("tests/data/broken/gbk.yaml")


@pytest.mark.parametrize(("path", "message"), [
    ("tests/data/broken/empty.yaml", "empty.yaml:1:1: empty-file"),
    ("tests/data", "data:1:1: file: is a directory"),
    ("tests/data/nope.yaml", "nope.yaml:1:1: file: no such file"),
], ids=["empty", "directory", "missing"])
def test_unreadable_files(path: str, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        read_yaml(path)


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ModelError, match="byte limit"):
        read_yaml(big)


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(ModelError, match="nesting deeper"):
        parse_yaml("a: " + "[" * 80 + "]" * 80)


def test_memory_comes_back_after_parsing() -> None:
    """Nothing of a parsed file outlives it: a reader that kept every value it converted
    (PyYAML's constructor caches each node it builds) grew by megabytes a load."""
    import gc
    import tracemalloc

    text = "units:\n" + "".join(f"  - {{id: u{i}, name: 单位{i}, staffing: {{admin: {i}}}, "
                                f"valid_from: 2019-01-01, ok: true, x: 1.5}}\n"
                                for i in range(2000))
    parse_yaml(text, "warm.yaml")  # caches of the first call (regexes, imports) aside
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(5):
            data, smap = parse_yaml(text, f"f{n}.yaml")
            assert len(data["units"]) == 2000
            del data, smap
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 200_000, f"{grown:,} bytes kept after five parses were dropped"


def test_deep_places_are_recorded_when_first_asked_for() -> None:
    """A clean file keeps its top-level places; the rest are found (as exactly as before)
    only when a problem needs one: a province has millions and shows almost none."""
    text = "structure: s\nunits:\n  - id: a\n    staffing: {admin: 2}\n  - id: b\n"
    data, smap = parse_yaml(text, "f.yaml")
    assert set(smap.values) == {(), ("structure",), ("units",)}
    assert str(smap.at(("units",), key=True)) == "f.yaml:2:1"
    assert str(smap.at(("units", 0, "staffing", "admin"))) == "f.yaml:4:23"
    assert str(smap.at(("units", 1, "id"), key=True)) == "f.yaml:5:5"
    assert smap.has(("units", 1, "id")) and not smap.has(("units", 1, "name"))
    assert len(smap.values) == 9 and data["units"][1] == {"id": "b"}



@pytest.mark.parametrize("tail", ["", "# *x\n", "# \\t\n"],
                         ids=["plain", "with-an-asterisk", "with-a-backslash"])
def test_scalars_read_alike_on_every_path(tail: str) -> None:
    """Plain texts, decimals, booleans and nulls are read without PyYAML's constructor when
    they can be, in mappings and lists; a text with '*' (aliases) or a backslash (escaped
    controls) takes the careful path. Each value reads as the constructor reads it, and
    the YAML 1.1-only forms stay text."""
    import datetime as dt

    values = {"0": 0, "7": 7, "10": 10, "-3": -3, "+3": 3, "007": "007", "1_000": "1_000",
              "0x1F": "0x1F", "1.5": 1.5, "true": True, "True": True, "FALSE": False,
              "yes": "yes", "off": "off", "null": None, "~": None, "Null": None, "": None,
              "2019-01-01": dt.date(2019, 1, 1), "'12'": "12", "单位": "单位",
              "!!int 0x1F": 31, "!!int 010": 8, "!!int '12'": 12, "!!bool yes": True,
              "!!null x": None, "!!str 12": "12"}
    mapping = "".join(f"k{i}: {v}\n" for i, v in enumerate(values))
    listed = "l:\n" + "".join(f"  - {v}\n" for v in values)
    for doc, read in ((mapping, lambda d: list(d.values())), (listed, lambda d: d["l"])):
        data, _ = parse_yaml(doc + tail, "f.yaml")
        got = read(data)
        assert got == list(values.values())
        assert [type(v) for v in got] == [type(v) for v in values.values()]
