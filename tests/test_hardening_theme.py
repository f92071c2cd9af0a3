"""Hostile themes, locales, time zones and font files (issue 15: B18-B21)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import orgchart
from orgchart.charts import to_dot
from orgchart.cli import cli
from orgchart.write.fonts import find_cjk_fonts

MINI = "tests/data/minimal.yaml"
ROOT = Path(__file__).resolve().parent.parent


def _nodes(dot: str) -> set[str]:
    import pygraphviz

    return set(pygraphviz.AGraph(string=dot).nodes())


@pytest.mark.parametrize(("theme", "where", "says"), [
    ("layout: {column: abc}\n", "1:18", "whole number"),
    ("layout:\n  ortho_max_units: null\n", "2:20", "whole number"),
    ("layout: {column: 0}\n", "1:18", "below 1"),
    ("layout: {large_splines: wiggly}\n", "1:25", "expected one of"),
    ("category: {leadership: red}\n", "1:24", "mapping"),
    ("category: {leadershp: {color: red}}\n", "1:12", "leadership"),
    ("unverified: {marker: 5}\n", "1:22", "expected text"),
    ("unverified: {colour: red}\n", "1:14", "unknown key 'colour'"),
    ("node: {fontsize: [1, 2]}\n", "1:18", "text or a number"),
    ("node: {fontsize: null}\n", "1:18", "text or a number"),
    ("relation: {guidance: {colour: red}}\n", "1:23", "did you mean 'color'"),
    ("relation: {guidance: {sample: 5}}\n", "1:31", "expected text"),
    ("graph: {bgcolor: 'red; x'}\n", "1:18", "colour"),
    ("category:\n  other:\n    cluster_fill: '\"><x'\n", "3:19", "colour"),
    ('node: {"a] ; evil -> pwn; b [c": x}\n', "1:8", "attribute name"),
])
def test_a_bad_theme_value_is_one_located_line(tmp_path: Path, runner: CliRunner, theme: str,
                                               where: str, says: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(theme, encoding="utf-8")
    result = runner.invoke(cli, ["render", MINI, "-o", str(tmp_path / "c.dot"), "--theme",
                                 str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{path}:{where}: " in result.output and says in result.output, result.output
    assert not (tmp_path / "c.dot").exists()


def test_theme_numbers_and_flags_become_attribute_text(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("node: {fontsize: 14, penwidth: 1.5}\ngraph: {center: true}\n"
                    "layout: {column: 3}\n", encoding="utf-8")
    dot = to_dot(orgchart.load_structure(MINI), theme=str(path))
    assert 'fontsize="14"' in dot and 'penwidth="1.5"' in dot and 'center="true"' in dot


@pytest.mark.parametrize("table", ["node", "edge", "graph"])
def test_theme_text_cannot_add_to_the_graph(tmp_path: Path, table: str) -> None:
    s = orgchart.load_structure(MINI)
    plain = _nodes(to_dot(s, title=False, legend=False))
    path = tmp_path / "t.yaml"
    path.write_text(f'{table}: {{label: "<x>]; evil -> pwn; a [label=<y>"}}\n', encoding="utf-8")
    dot = to_dot(s, theme=str(path), title=False, legend=False)
    assert _nodes(dot) == plain
    assert '"<x>]; evil -> pwn; a [label=<y>"' in dot


def test_theme_data_given_in_code_is_checked_too() -> None:
    from orgchart.base.style import DEFAULT_THEME, merge_theme

    bad = merge_theme(DEFAULT_THEME, {"unverified": {"marker": 5}})
    with pytest.raises(orgchart.ModelError, match=r"unverified\.marker: expected text"):
        to_dot(orgchart.load_structure(MINI), theme_data=bad)
    evil = merge_theme(DEFAULT_THEME, {"node": {"label": "<x>]; evil -> pwn; a [label=<y>"}})
    assert "pwn" not in _nodes(to_dot(orgchart.load_structure(MINI), theme_data=evil))


# --- B18: UTF-8 out whatever the locale ----------------------------------------------------

_NO_UTF8 = {"PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONIOENCODING", "LC_ALL", "LC_CTYPE", "LANG", "LOCPATH")}
    return {**env, **_NO_UTF8, **extra}


@pytest.fixture(scope="module")
def latin9(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A real ISO-8859-15 locale, generated into a temporary folder (about a second)."""
    folder = tmp_path_factory.mktemp("locales")
    if shutil.which("localedef") is None:
        pytest.skip("localedef is not installed")
    subprocess.run(["localedef", "-i", "en_US", "-f", "ISO-8859-15",
                    str(folder / "en_US.ISO-8859-15")], capture_output=True, check=False)
    env = _env(LOCPATH=str(folder), LC_ALL="en_US.ISO-8859-15")
    probe = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
                           capture_output=True, text=True, env=env, check=False)
    if probe.stdout.strip() != "iso8859-15":
        pytest.skip("cannot make an ISO-8859-15 locale here")
    return env


def _oc(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "orgchart", *args], capture_output=True,
                          env=env, check=False, cwd=ROOT)


def _main(encoding: str, args: list[str], monkeypatch: pytest.MonkeyPatch
          ) -> tuple[object, bytes, bytes]:
    """Run the console entry point with standard streams in ``encoding``; return the bytes."""
    from orgchart.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    with monkeypatch.context() as m:
        m.setattr(sys, "stdout", io.TextIOWrapper(out, encoding=encoding))
        m.setattr(sys, "stderr", io.TextIOWrapper(err, encoding=encoding))
        m.setattr(sys, "argv", ["orgchart", *args])
        try:
            main()
            code: object = 0
        except SystemExit as exit_:
            code = exit_.code
        sys.stdout.flush()
        sys.stderr.flush()
        return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("encoding", ["iso8859-15", "gb18030", "ascii", "cp1252"])
def test_standard_streams_are_utf8_whatever_the_locale(tmp_path: Path, encoding: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    new = tmp_path / "new.yaml"
    new.write_text((ROOT / MINI).read_text(encoding="utf-8").replace("小镇", "大镇"),
                   encoding="utf-8")
    bad = tmp_path / "bad.yaml"  # an error message that quotes Chinese text, on stderr
    bad.write_text((ROOT / MINI).read_text(encoding="utf-8").replace("category: 党政机构",
                                                                     "category: 党政"),
                   encoding="utf-8")
    for args in (["show", MINI], ["export", MINI, "--to", "yaml"], ["diff", MINI, str(new)],
                 ["validate", str(bad)]):
        got = _main(encoding, args, monkeypatch)
        assert got == _main("utf-8", args, monkeypatch), args
        got[1].decode("utf-8")
        got[2].decode("utf-8")


def test_export_under_a_latin9_locale_reads_back(tmp_path: Path,
                                                latin9: dict[str, str]) -> None:
    exported = _oc(latin9, "export", MINI, "--to", "yaml")
    assert exported.returncode == 0, exported.stderr.decode("utf-8", "replace")
    (tmp_path / "m.yaml").write_bytes(exported.stdout)
    assert orgchart.load_structure(tmp_path / "m.yaml") == orgchart.load_structure(MINI)


def test_doctor_reads_font_names_under_an_ascii_locale() -> None:
    result = _oc(_env(LC_ALL="C"), "doctor")
    assert b"Traceback" not in result.stderr, result.stderr.decode("utf-8", "replace")
    assert result.returncode in (0, 1) and b"Graphviz" in result.stdout


# --- B19: the same bytes under any locale, time zone and hash seed --------------------------

def test_drawing_pins_what_graphviz_reads_from_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import locale
    import tempfile

    import pygraphviz

    from orgchart.write.helper import _draw_here  # what the drawing process runs

    def draw(dot: str, fmt: str) -> bytes:
        with tempfile.TemporaryFile() as err:
            return _draw_here(dot, fmt, err.fileno())[0]

    seen: dict[str, object] = {}
    real = pygraphviz.AGraph.draw

    def spy(self: pygraphviz.AGraph, *args: object, **kw: object) -> object:
        seen.update({k: os.environ.get(k) for k in ("LC_ALL", "LANG", "LANGUAGE", "TZ")})
        seen["ctype"] = locale.setlocale(locale.LC_CTYPE)
        seen["offset"] = time.strftime("%z", time.localtime(0))
        return real(self, *args, **kw)

    monkeypatch.setattr(pygraphviz.AGraph, "draw", spy)
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    monkeypatch.setenv("LANGUAGE", "zh_CN:ja")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        draw("digraph { a -> b }", "svg")
        assert seen == {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": None, "TZ": "UTC",
                        "ctype": seen["ctype"], "offset": "+0000"}
        assert str(seen["ctype"]).split(".")[0] == "C"
        assert os.environ["TZ"] == "Asia/Shanghai" and os.environ["LANGUAGE"] == "zh_CN:ja"
        assert time.strftime("%z", time.localtime(0)) == "+0800"  # restored after drawing
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.cjk
@pytest.mark.skipif(not find_cjk_fonts(), reason="no CJK font installed")
def test_drawings_are_the_same_bytes_in_any_environment(tmp_path: Path,
                                                        latin9: dict[str, str]) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "m.yaml").write_text((ROOT / MINI).read_text(encoding="utf-8"), encoding="utf-8")
    base = _env(LC_ALL="C.UTF-8", TZ="UTC", PYTHONHASHSEED="0")
    envs = {"base": base, "latin9": {**latin9, "TZ": "Asia/Shanghai", "PYTHONHASHSEED": "1"},
            "c": {**base, "LC_ALL": "C", "TZ": "America/St_Johns", "PYTHONHASHSEED": "2",
                  "LANGUAGE": "ja"}}
    seen = {}
    for name, env in envs.items():
        out = tmp_path / name
        result = _oc(env, "build", str(models), "-o", str(out), "-f", "svg", "-f", "png",
                     "-f", "pdf")
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
        seen[name] = {p.name: p.read_bytes() for p in out.iterdir()}
    assert {"m.svg", "m.png", "m.pdf"} <= set(seen["base"])
    for name, files in seen.items():
        for file, data in files.items():
            assert data == seen["base"][file], (name, file)


# --- B21: --font-file leaves nothing behind, and any folder name works ----------------------

needs_font = pytest.mark.skipif(not find_cjk_fonts(), reason="no CJK font installed")


@needs_font
def test_font_file_renders_leave_one_reused_conf(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    models = tmp_path / "models"
    models.mkdir()
    for i in range(4):
        (models / f"t{i}.yaml").write_text((ROOT / MINI).read_text(encoding="utf-8"),
                                           encoding="utf-8")
    font = find_cjk_fonts()[0].file
    env = {**os.environ, "TMPDIR": str(temp)}
    for args in (["render", MINI, "-o", str(tmp_path / "a.svg")],
                 ["render", MINI, "-o", str(tmp_path / "b.svg")],
                 ["build", str(models), "-o", str(tmp_path / "out"), "-f", "svg"]):
        result = _oc(env, *args, "--font-file", font)
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert len(list(temp.iterdir())) == 1, sorted(p.name for p in temp.iterdir())


@needs_font
def test_font_conf_is_reused_in_process_and_does_not_chain(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from orgchart.write.fonts import use_font_file

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    font = find_cjk_fonts()[0].file
    for _ in range(5):
        use_font_file(font)
    confs = list(tmp_path.glob("orgchart-fonts-*.conf"))
    assert [str(c) for c in confs] == [os.environ["FONTCONFIG_FILE"]]
    assert "orgchart-fonts-" not in confs[0].read_text(encoding="utf-8")


@needs_font
def test_font_folder_names_are_escaped_in_the_conf(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import xml.etree.ElementTree as ET

    from orgchart.write.fonts import use_font_file

    original = Path(find_cjk_fonts()[0].file)
    folder = tmp_path / "fo&<nt"
    folder.mkdir()
    font = folder / ("x" + original.suffix)
    shutil.copyfile(original, font)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    use_font_file(font)
    conf = Path(os.environ["FONTCONFIG_FILE"])
    text = conf.read_text(encoding="utf-8").replace('<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
                                                    "")
    assert [d.text for d in ET.fromstring(text).iter("dir")] == [str(folder)]
    if shutil.which("fc-list"):  # fontconfig itself finds the font in that folder
        listed = subprocess.run(["fc-list", ":", "file"], capture_output=True, text=True,
                                env={**os.environ, "FONTCONFIG_FILE": str(conf)},
                                encoding="utf-8", check=False).stdout
        assert str(font) in listed


def test_a_plans_chart_takes_the_font_file_too(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from orgchart.cli import cli

    missing = str(tmp_path / "no-such-font.ttf")
    for args in (["reorg", "tests/data/reorg/plan.yaml", "-o", str(tmp_path / "p.dot")],
                 ["render", "tests/data/reorg/plan.yaml", "-o", str(tmp_path / "q.dot")]):
        result = CliRunner().invoke(cli, [*args, "--font-file", missing])
        assert result.exit_code == 1 and "no such file" in result.output, result.output
