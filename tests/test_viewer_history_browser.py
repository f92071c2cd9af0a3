"""A history's page in a real headless Chromium (as tests/test_viewer_browser.py): the date
slider moves between the pre-drawn states, the shown towns change with it (merged away,
renamed), the change panel shows the document, a member town opens; offline, no errors."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import orgchart
from orgchart.tasks.draw import render_history

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="playwright is not installed "
                       "(pip install -e '.[dev]')"),
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason=f"no {CHROMIUM}: install "
                       "Debian's chromium (apt install chromium); CI (.ci/run) installs it"),
]

SHOWN = "#stage > section.view.on"


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("histpage") / "history.html"
    render_history(orgchart.load_history("tests/data/history/history.yaml"), out)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert sync_playwright is not None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def opened(browser: Any, page_file: Path) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text)
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri())
    page.wait_for_selector("body[data-ready]", timeout=20000)
    yield page, errors, requests
    page.close()


def _towns(page: Any) -> list[str]:
    """The member towns' boxes in the shown view: 'ID: drawn text', sorted by id."""
    found = []
    for g in page.locator(f'{SHOWN} g.node[id*=":m:"]').all():
        key = g.get_attribute("id").split(":", 1)[1]  # after the view's prefix
        if key.startswith("m:"):
            found.append(key[2:] + ": " + "".join(g.locator("text").all_text_contents()))
    return sorted(found)


def test_the_slider_moves_between_states(opened: Any, page_file: Path,
                                         tmp_path: Path) -> None:
    page, errors, requests = opened
    assert page.inner_text("#whenlabel") == "2022-03-15"  # the last state in force
    page.focus("#when")
    page.keyboard.press("Home")
    assert page.inner_text("#whenlabel") == "2015-11-17"
    assert [t.split(":")[0] for t in _towns(page)] == ["town-a", "town-b", "town-c"]
    assert "起点" in page.inner_text("#change")
    page.keyboard.press("ArrowRight")  # the 2015 merger
    assert page.inner_text("#whenlabel") == "2015-11-18"
    towns = _towns(page)
    assert [t.split(":")[0] for t in towns] == ["town-a", "town-bc"]  # merged away: gone
    assert any("乙丙镇" in t for t in towns) and not any("乙镇" in t for t in towns)
    change = page.inner_text("#change")
    for text in ("湘民行发〔2015〕25号", "湖南省民政厅", "关于同意示例县乡镇区划调整方案的批复",
                 "2015-11-18", "已核实", "施行"):
        assert text in change
    page.keyboard.press("ArrowRight")  # 甲乡 becomes 甲镇
    assert page.inner_text("#whenlabel") == "2018"
    assert any("甲镇" in t for t in _towns(page))
    assert not any("甲乡" in t for t in _towns(page))
    page.click('#stops button:text("约2021-06")')  # approximate dates shown as such
    assert page.inner_text("#whenlabel") == "约2021-06"
    assert page.input_value("#when") == "4"
    page.screenshot(path=str(tmp_path / "history.png"))
    assert errors == []
    assert requests == [page_file.as_uri()]  # nothing but the file itself


def test_planned_changes_are_apart_and_marked(opened: Any) -> None:
    page, errors, _ = opened
    sep = page.locator("#stops .sep")
    assert sep.inner_text() == "规划："
    planned = page.locator("#stops button.planned")
    assert planned.all_inner_texts() == ["2025"]
    planned.click()
    assert page.inner_text("#whenlabel") == "2025（规划）"
    assert page.locator("#change.planned").count() == 1
    assert "规划，未施行" in page.inner_text("#change")
    badge = page.evaluate("getComputedStyle(document.getElementById('stage'), '::before')"
                          ".content")
    assert badge == '"规划（未施行）"'  # the chart is marked too, not only the panel
    page.click('#stops button:text("2022-03-15")')
    assert page.evaluate("getComputedStyle(document.getElementById('stage'), '::before')"
                         ".content") == "none"
    assert errors == []


def test_a_member_town_opens_and_comes_back(opened: Any) -> None:
    page, errors, _ = opened
    page.click('#stops button:text("2022-03-15")')
    page.click(f'{SHOWN} g.node[id$=":m:town-a"]')
    page.click("#side button")
    names = "".join(page.locator(f"{SHOWN} g.node text").all_text_contents())
    assert "党政综合办公室" in names and "乡村振兴工作站" not in names
    page.click("#back")
    assert page.locator(f'{SHOWN} g.node[id$=":m:town-a"]').count() == 1
    assert page.inner_text("#whenlabel") == "2022-03-15"
    assert errors == []


HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">'


def test_a_hostile_note_stays_text(browser: Any, tmp_path: Path) -> None:
    folder = tmp_path / "h"
    shutil.copytree("tests/data/history", folder)
    text = (folder / "history.yaml").read_text(encoding="utf-8")
    (folder / "history.yaml").write_text(text.replace(
        "note: 甲乡撤乡设镇", "note: '" + HOSTILE + "' #", 1)
        .replace("name: 示例县乡镇机构沿革", "name: '" + HOSTILE + "'"), encoding="utf-8")
    out = tmp_path / "hostile.html"
    render_history(orgchart.load_history(folder / "history.yaml"), out)
    page = browser.new_page()
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-ready]", timeout=20000)
    page.click('#stops button:text("2018")')
    assert HOSTILE in page.inner_text("#change")
    assert page.inner_text("#bar h1") == HOSTILE
    assert page.evaluate("window.pwned") is None
    page.close()
