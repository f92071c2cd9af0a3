"""Hardening of the drawing (issue 15): Graphviz crashes, Graphviz's own messages, label
escapes, missing glyphs and charts too big to draw."""

from __future__ import annotations

import html
import importlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import orgchart
from orgchart.cli import cli
from orgchart.tasks import build as building
from orgchart.tasks import pool
from orgchart.tasks.draw import render

draw_module = importlib.import_module("orgchart.write.draw")  # not the draw function
helper_module = importlib.import_module("orgchart.write.helper")  # where Graphviz runs
ORTHO_CRASH = Path("tests/data/hardening/ortho-crash.yaml")


def _orgchart(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh process, so that a crash cannot take the test run down."""
    return subprocess.run([sys.executable, "-m", "orgchart", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, check=False)


def _aborts_here(model: Path) -> bool:
    """Tell whether Graphviz, drawing in the process itself, aborts on the model's chart.

    The abort depends on text widths, so on the fonts installed.
    """
    code = ("import sys, pygraphviz, orgchart; from orgchart.charts import to_dot; "
            "pygraphviz.AGraph(string=to_dot(orgchart.load(sys.argv[1])))"
            ".draw(format='svg', prog='dot')")
    done = subprocess.run([sys.executable, "-c", code, str(model)], capture_output=True,
                          timeout=60, check=False)
    return done.returncode < 0


def test_graphviz_abort_falls_back_to_polyline(tmp_path: Path) -> None:
    if not _aborts_here(ORTHO_CRASH):
        pytest.skip("Graphviz does not abort on this model with this machine's fonts")
    out = tmp_path / "c.svg"
    done = _orgchart("render", ORTHO_CRASH, "-o", out)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    warning = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert len(warning) == 1 and "polyline" in warning[0], done.stderr
    assert out.read_text(encoding="utf-8").rstrip().endswith("</svg>")


def test_build_goes_on_after_a_graphviz_abort(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    shutil.copy(ORTHO_CRASH, models / "crash.yaml")
    shutil.copy("tests/data/minimal.yaml", models / "minimal.yaml")
    done = _orgchart("build", models, "-o", tmp_path / "out", "-f", "svg")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "polyline" in done.stderr or not _aborts_here(ORTHO_CRASH)
    assert (tmp_path / "out/crash.svg").is_file() and (tmp_path / "out/minimal.svg").is_file()


def _abort_on_bad(src: Path, out: Path, model_path: Path, *args: object) -> object:
    if model_path.name == "bad.yaml":
        os.abort()
    return _real_draw_model(src, out, model_path, *args)  # type: ignore[arg-type]


_real_draw_model = pool.draw_model


def test_build_pool_reports_a_dead_worker_per_model(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    models = tmp_path / "models"
    models.mkdir()
    for i in range(17):
        shutil.copy("tests/data/minimal.yaml", models / f"m{i:02}.yaml")
    shutil.copy("tests/data/minimal.yaml", models / "bad.yaml")
    monkeypatch.setattr(pool, "draw_model", _abort_on_bad)
    result = building.build(models, tmp_path / "out", ("dot",), workers=2)
    assert [(p.name, "died" in why) for p, why in result.failures] == [("bad.yaml", True)]
    assert len(result.charts) == 17
    assert all((tmp_path / f"out/m{i:02}.dot").is_file() for i in range(17))


@pytest.fixture
def fresh_helper() -> Iterator[None]:
    """Start the drawing helper anew, so that it forks with the test's monkeypatches."""
    helper_module._stop_helper()
    yield
    helper_module._stop_helper()


def _abort_on(word: str) -> Callable[[str, str, int], tuple[bytes, str]]:
    real = helper_module._draw_here

    def drawing(dot: str, fmt: str, err_fd: int) -> tuple[bytes, str]:
        if word in dot:
            os.abort()
        return real(dot, fmt, err_fd)

    return drawing


@pytest.mark.usefixtures("fresh_helper")
def test_a_crash_in_graphviz_is_contained_in_the_library(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(helper_module, "_draw_here", _abort_on('splines="ortho"'))
    minimal = orgchart.load_structure("tests/data/minimal.yaml")
    with pytest.warns(orgchart.RenderWarning, match="SIGABRT.*splines=polyline") as said:
        render(minimal, tmp_path / "m.svg")
        render(minimal, tmp_path / "again.svg", staffing=False)  # a new helper took over
    assert len(said) == 2
    assert b"</svg>" in (tmp_path / "m.svg").read_bytes()
    assert b"</svg>" in (tmp_path / "again.svg").read_bytes()


@pytest.mark.usefixtures("fresh_helper")
def test_a_crash_without_a_fallback_is_a_render_error(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(helper_module, "_draw_here", _abort_on("digraph"))
    minimal = orgchart.load_structure("tests/data/minimal.yaml")
    with pytest.raises(orgchart.RenderError, match="crashed.*SIGABRT"), \
            pytest.warns(orgchart.RenderWarning):
        render(minimal, tmp_path / "m.svg")
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_reorg_in_english_keeps_title_summary_and_legend(tmp_path: Path) -> None:
    out = tmp_path / "x.svg"
    done = _orgchart("reorg", "tests/data/reorg/plan.yaml", "-o", out, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert not done.stderr.strip(), done.stderr
    svg = out.read_text(encoding="utf-8")
    for text in ("旧镇机构改革", ">before<", ">after<", "Public institutions", "kept"):
        assert text in svg, text


def test_build_in_english_draws_every_plan_whole(tmp_path: Path) -> None:
    models = tmp_path / "models"
    shutil.copytree("tests/data/reorg", models)
    (models / "lossy.yaml").unlink()  # its accounting fails, on purpose
    done = _orgchart("build", models, "-o", tmp_path / "out", "-f", "svg", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "Graphviz" not in done.stderr and "Error" not in done.stderr, done.stderr
    assert ">before<" in (tmp_path / "out/plan.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize("label", ["<B></B>", '<FONT POINT-SIZE="9"></FONT>',
                                   '<TABLE><TR><TD FOO="1">x</TD></TR></TABLE>'])
def test_graphviz_complaints_about_a_label_are_render_errors(label: str) -> None:
    with pytest.raises(orgchart.RenderError, match="in label of node a"):
        draw_module.draw(f"digraph {{ a [label=<{label}>] }}", "svg")


def test_other_graphviz_warnings_are_render_warnings() -> None:
    with pytest.warns(orgchart.RenderWarning, match="^Graphviz: .*unknown_shape"):
        draw_module.draw('digraph { a [shape="unknown_shape"] }', "svg")


def test_a_lone_tab_in_a_name_keeps_the_label(tmp_path: Path) -> None:
    tab = orgchart.Structure("s", "\t", units=(
        orgchart.Unit(id="a", name="\t", kind="office", category="other"),))
    render(tab, tmp_path / "t.svg")
    assert "<text" in (tmp_path / "t.svg").read_text(encoding="utf-8")


ESCAPES = r"\N \G \E \T \H \L \l \r \n \\ \ end"


def _svg_texts(svg: str) -> str:
    """The text a reader sees in an SVG, one line per text element."""
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return "\n".join(html.unescape(t).replace("\xa0", " ") for t in texts)


def test_graphviz_escapes_in_names_are_drawn_as_written(tmp_path: Path) -> None:
    from orgchart.schema.structure import OutsideBody

    s = orgchart.Structure("s", "T " + ESCAPES, units=(
        orgchart.Unit(id="gov", name="U " + ESCAPES, name_en="E " + ESCAPES, kind="government",
                      category="leadership", nameplates=("P " + ESCAPES,)),
        orgchart.Unit(id="office", name="x", kind="office", category="other", parent="county")),
        outside=(OutsideBody(id="county", name="O " + ESCAPES),), verified=True)
    render(s, tmp_path / "s.svg", lang="both")
    seen = _svg_texts((tmp_path / "s.svg").read_text(encoding="utf-8"))
    flat = "".join(seen.split())  # long names wrap: compare the text, not the lines
    for prefix in ("T ", "U ", "E ", "（挂P ", "O "):
        assert "".join((prefix + ESCAPES).split()) in flat, (prefix, seen)


def test_escapes_and_markup_in_function_names_on_reorg_edges(tmp_path: Path) -> None:
    shutil.copytree("tests/data/reorg", tmp_path / "reorg")
    old = tmp_path / "reorg/old.yaml"
    old.write_text(re.sub(r"(?m)^(  [a-z-]+): .*$", r"\1: '<B>\1</B> \\N \\\\ <I>end</I>'",
                          old.read_text(encoding="utf-8"), count=6), encoding="utf-8")
    out = tmp_path / "x.svg"
    done = _orgchart("reorg", tmp_path / "reorg/plan.yaml", "-o", out, "--functions")
    assert done.returncode == 0, done.stderr
    seen = _svg_texts(out.read_text(encoding="utf-8"))
    assert r"<B>  culture</B> \N \\ <I>end</I>" in seen, seen


def _no_font_has(char: str) -> bool:
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(["fc-list", f":charset={ord(char):x}", "file"], capture_output=True,
                           text=True, check=False).stdout
    return not found.strip()


FIRE = orgchart.Structure("s", "镇", units=(
    orgchart.Unit(id="fire", name="消防🚒队", kind="office", category="other",
                  nameplates=("应急🆘",)),), verified=True)


@pytest.mark.skipif(not _no_font_has("🚒"), reason="needs fc-list, and no font with 🚒")
def test_characters_no_font_has_are_named(tmp_path: Path) -> None:
    with pytest.warns(orgchart.RenderWarning,
                      match=r"^unit 'fire' \(消防🚒队\): no installed font has 🆘 \(U\+1F198\), "
                            r"🚒 \(U\+1F692\)") as said:
        render(FIRE, tmp_path / "f.svg")
    assert len(said) == 1
    render(FIRE, tmp_path / "f.dot")  # no glyphs in DOT text: no warning (they are errors)


def test_common_text_needs_no_font_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    from orgchart.write import fonts

    def no_lookup() -> None:
        raise AssertionError("fc-list was run")

    monkeypatch.setattr(fonts, "_read_coverage", no_lookup)
    monkeypatch.setattr(fonts, "_coverage_cache", {})
    assert fonts.missing_glyphs("综合办公室（挂牌子）Office ※ ━━▶ ≈ 行3 事5") == []


def _flat(n: int) -> orgchart.Structure:
    units = [orgchart.Unit(id="root", name="县人民政府", kind="government",
                           category="leadership")]
    units += [orgchart.Unit(id=f"u{i}", name=f"第{i}中心", kind="centre", category="other",
                            parent="root") for i in range(n - 1)]
    return orgchart.Structure("flat", "平铺", units=tuple(units), verified=True)


def test_a_chart_too_big_to_draw_is_refused_before_layout(tmp_path: Path) -> None:
    big = _flat(4001)
    start = time.perf_counter()
    with pytest.raises(orgchart.RenderError,
                       match=r"4,001 units are too many to draw \(limit 4,000.*members:"):
        render(big, tmp_path / "big.svg")
    assert time.perf_counter() - start < 1
    assert not list(tmp_path.iterdir())
    render(big, tmp_path / "big.dot")  # DOT text needs no layout


def test_the_size_limit_is_a_theme_setting(tmp_path: Path, runner: CliRunner) -> None:
    theme = tmp_path / "small.yaml"
    theme.write_text("layout: {max_units: 2}\n", encoding="utf-8")
    result = runner.invoke(cli, ["render", "tests/data/minimal.yaml", "-o",
                                 str(tmp_path / "m.svg"), "--theme", str(theme)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "too many to draw (limit 2:" in result.output
    assert not (tmp_path / "m.svg").exists()


def test_a_chart_of_over_1000_boxes_draws_under_captured_output() -> None:
    # pygraphviz notes big graphs on Python's stderr, which the drawing process inherits;
    # under pytest's capture that stream's file is closed in the helper
    dot = "digraph { " + " ".join(f"n{i}" for i in range(1001)) + " }"
    assert draw_module.draw(dot, "svg").rstrip().endswith(b"</svg>")


def test_a_graphviz_error_not_about_a_label_is_a_warning() -> None:
    # Graphviz goes on and draws; "lost edge" is a known fault of dot with clusters, met
    # about once in 700 random small models
    with pytest.warns(orgchart.RenderWarning) as said:
        draw_module._check_messages("Fontconfig warning: x\nError: trouble in init_rank\n"
                                    "Error: lost u1 u3 edge\n")
    assert [str(w.message) for w in said] == [
        "Graphviz reported an error, the chart may be incomplete: Error: trouble in init_rank",
        "Graphviz lost the line from u1 to u3 while laying the chart out, so the chart does "
        "not show it"]


def _draw_minimal_svg(_: object) -> bool:
    return draw_module.draw("digraph { a -> b }", "svg").rstrip().endswith(b"</svg>")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_a_forked_process_draws_with_a_helper_of_its_own() -> None:
    import multiprocessing as mp

    assert _draw_minimal_svg(None)  # this process has a helper now
    parent_helper = helper_module._helper
    with mp.get_context("fork").Pool(2) as pool:
        assert pool.map(_draw_minimal_svg, range(4)) == [True] * 4
    assert helper_module._helper is parent_helper and _draw_minimal_svg(None)
