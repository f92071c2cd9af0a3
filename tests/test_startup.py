"""What a fresh `orgchart` process imports: --help and --version need no model, a render
needs no theme checks unless a theme is given."""

from __future__ import annotations

import subprocess
import sys

import pytest

RENDER = ("import sys; sys.argv = ['orgchart', 'render', 'tests/data/minimal.yaml', '-o', {out!r}]"
          "\nfrom orgchart.cli import main\ntry: main()\nexcept SystemExit: pass\n")


def _loaded(code: str) -> set[str]:
    code += "\nimport sys; print(sorted(sys.modules), file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return set(eval(done.stderr.strip().splitlines()[-1]))  # a printed list of module names


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_import_click_and_the_error_types_only(option: str) -> None:
    loaded = _loaded(f"import sys; sys.argv = ['orgchart', {option!r}]\n"
                     "from orgchart.cli import main\ntry: main()\nexcept SystemExit: pass")
    assert {m for m in loaded if m.startswith("orgchart")} == {
        "orgchart", "orgchart.base", "orgchart.base.errors", "orgchart.cli"}
    assert not loaded & {"json", "pathlib", "pydantic", "yaml"}


def test_a_render_without_a_theme_imports_no_theme_checks_nor_urllib(tmp_path: object) -> None:
    loaded = _loaded(RENDER.format(out=f"{tmp_path}/m.svg"))
    assert "orgchart.write.draw" in loaded  # it did draw
    assert not loaded & {"orgchart.read.theme", "xml.sax.saxutils", "urllib.request", "ssl"}
