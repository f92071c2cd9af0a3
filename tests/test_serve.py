"""``orgchart serve``: the live page follows the saved file and shows its problems."""

from __future__ import annotations

import os
import threading
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from orgchart.charts import DiagramOptions
from orgchart.cli import cli
from orgchart.tasks.serve import Preview, make_server

TOWN = """structure: t
name: 某镇
units:
  - {id: gov, name: 镇政府, kind: government, category: leadership}
  - {id: office, name: NAME, kind: office, category: party-government, parent: gov}
"""


def _save(path: Path, text: str, bump: int) -> None:
    path.write_text(text, encoding="utf-8")
    st = path.stat()  # a distinct modification time, however coarse the file system's clock
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + bump * 1_000_000_000))


def test_page_follows_the_saved_file(tmp_path: Path) -> None:
    model = tmp_path / "models" / "town.yaml"
    model.parent.mkdir()
    _save(model, TOWN.replace("NAME", "党政办"), 1)
    preview = Preview(model, DiagramOptions())
    first, page = preview.version(), preview.page(model)
    assert "党政办" in page and "<svg" in page and "connect-src 'self'" in page
    _save(model, TOWN.replace("NAME", "综合办"), 2)
    assert preview.version() != first
    assert "综合办" in preview.page(model) and "党政办" not in preview.page(model)


def test_problems_are_shown_located(tmp_path: Path) -> None:
    model = tmp_path / "town.yaml"
    _save(model, TOWN.replace("NAME", "党政办").replace("parent: gov", "parent: nobody"), 1)
    page = Preview(model, DiagramOptions()).page(model)
    assert "<svg" not in page
    assert f"{model}:5:" in page and "nobody" in page


def test_server_answers_on_localhost(tmp_path: Path) -> None:
    model = tmp_path / "town.yaml"
    _save(model, TOWN.replace("NAME", "党政办"), 1)
    server = make_server(model, DiagramOptions(), 0)
    assert server.server_address[0] == "127.0.0.1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with urllib.request.urlopen(base + "/_version") as r:
            version = r.read().decode()
        with urllib.request.urlopen(base + "/") as r:
            page = r.read().decode()
        assert "党政办" in page and f'"{version}"' in page  # the page polls for this token
    finally:
        server.shutdown()
        server.server_close()


def test_a_path_that_does_not_exist_is_refused_before_serving(tmp_path: Path) -> None:
    """`serve tonw.yaml` (a typo) says so and exits, instead of serving an empty page."""
    missing = tmp_path / "tonw.yaml"
    result = CliRunner().invoke(cli, ["serve", str(missing), "--port", "0"])
    assert result.exit_code == 1
    assert result.output == f"Error: {missing}:1:1: file: no such file or folder; check the path\n"
