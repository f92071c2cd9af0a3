"""The interactive chart in a real headless Chromium (Debian's ``chromium``, driven by
Playwright; CI installs both, see .ci/run): it loads offline, searches, shows details,
switches a plan's views, keeps a hostile name as text, prints to a vector A3 PDF."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import orgchart
from orgchart.tasks.draw import render

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
                       "Debian's chromium (apt install chromium) to run the browser tests; "
                       "CI (.ci/run) installs it"),
]

HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">'


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pages")
    town = orgchart.load("models/hunan/township-2019.yaml")
    render(town, out / "town.html")
    plan = orgchart.load("tests/data/reorg/plan.yaml")
    from orgchart.tasks.draw import render_reorg

    render_reorg(orgchart.account(plan), out / "plan.html")
    hostile = orgchart.Structure("h", "某镇", units=(
        orgchart.Unit(id="gov", name="镇政府", kind="government", category="leadership"),
        orgchart.Unit(id="bad", name=HOSTILE, kind="office", category="party-government",
                      parent="gov", nameplates=(HOSTILE,)),
    ))
    render(hostile, out / "hostile.html")
    return {p.stem: p for p in out.glob("*.html")}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert sync_playwright is not None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


class Opened:
    def __init__(self, browser: Any, path: Path, tmp: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text)
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready]", timeout=20000)


@pytest.fixture
def opened(browser: Any, tmp_path: Path) -> Iterator[Any]:
    made: list[Opened] = []

    def open_(path: Path) -> Opened:
        made.append(Opened(browser, path, tmp_path))
        return made[-1]

    yield open_
    for o in made:
        o.context.close()


def test_loads_offline_without_errors(opened: Any, pages: dict[str, Path]) -> None:
    for name in ("town", "plan"):
        o = opened(pages[name])
        assert o.errors == []
        assert o.requests == [pages[name].as_uri()]  # nothing but the file itself
        assert o.page.locator("#stage svg g.node").count() > 5


def test_search_highlights_a_unit_and_its_path(opened: Any, pages: dict[str, Path]) -> None:
    o = opened(pages["town"])
    o.page.fill("#q", "党建")
    hits = o.page.locator("g.node.hit")
    assert hits.count() == 1
    assert hits.first.get_attribute("id") == "u:party-building-office"
    assert o.page.locator('g.node.path[id="u:town"]').count() == 1
    assert "基层党建办公室" in o.page.inner_text("#hits")
    o.page.fill("#q", "党政综合办")  # the first of its box: the line from the top is drawn
    assert o.page.locator("g.node.hit").first.get_attribute("id") == "u:general-office"
    # the line from the top runs through the point above the group's frame and the bus
    # point beside the box's column
    assert o.page.locator("g.edge.path title").all_text_contents() == [
        "town->bus:town/party-government", "bus:town/party-government->bus:general-office",
        "bus:general-office->general-office"]
    o.page.fill("#q", "社会事务办公室")  # the third of its column: along the bus
    assert o.page.locator("g.edge.path title").all_text_contents() == [
        "town->bus:town/party-government", "bus:town/party-government->bus:general-office",
        "bus:general-office->bus:party-building-office",
        "bus:party-building-office->bus:economic-office",
        "bus:economic-office->bus:social-affairs-office",
        "bus:social-affairs-office->social-affairs-office"]
    # by function and by id too
    o.page.fill("#q", "armed-forces")
    assert o.page.locator("g.node.hit").first.get_attribute("id") == "u:armed-forces"
    o.page.fill("#q", "")
    assert o.page.locator("g.node.hit").count() == 0


def test_click_fills_the_details_panel(opened: Any, pages: dict[str, Path]) -> None:
    o = opened(pages["town"])
    o.page.click('[id="u:party-building-office"]')
    side = o.page.inner_text("#side")
    assert o.page.inner_text("#side h2").startswith("基层党建办公室")
    for part in ("行政编制", "领导职数", "party-building-office", "党政机构"):
        assert part in side
    assert o.page.locator('g.node.sel[id="u:party-building-office"]').count() == 1


def test_plan_views_toggle_and_events_step(opened: Any, pages: dict[str, Path]) -> None:
    o = opened(pages["plan"])
    assert o.page.locator('section.view.on').get_attribute("data-view") == "0"
    o.page.click("#views button:text('改革后')")
    assert o.page.locator('section.view.on').get_attribute("data-view") == "3"
    o.page.click("#views button:text('改革前')")
    assert o.page.locator('section.view.on').get_attribute("data-view") == "2"
    o.page.click("#next")
    assert o.page.locator('section.view.on').get_attribute("data-view") == "0"
    assert o.page.inner_text("#step").startswith("1/")
    assert o.page.locator("g.node.ev").count() >= 1
    # the merge's lines run through a junction point: the trunk beyond it lights up too
    lit = o.page.eval_on_selector_all("g.edge.ev title", "ts => ts.map(t => t.textContent)")
    assert "fan-in:merge:agri-centre->a:agri-centre" in lit, lit
    assert o.errors == []


def test_hostile_name_stays_text(opened: Any, pages: dict[str, Path]) -> None:
    o = opened(pages["hostile"])
    assert o.page.evaluate("window.pwned") is None
    assert o.page.locator("#side img, #hits img, main img").count() == 0
    o.page.fill("#q", "window.pwned")
    o.page.click("#hits button")
    assert o.page.evaluate("document.querySelector('#side h2').firstChild.data") == HOSTILE
    assert o.page.title() == "某镇"
    assert o.page.evaluate("window.pwned") is None
    assert o.requests == [pages["hostile"].as_uri()]
    assert o.errors == []


def test_screenshot_shows_the_chart(opened: Any, pages: dict[str, Path],
                                    tmp_path: Path) -> None:
    from PIL import Image

    o = opened(pages["town"])
    shot = tmp_path / "town.png"
    o.page.screenshot(path=str(shot))
    image = Image.open(shot).convert("RGB")
    # the chart's red governing body and its boxes are drawn, not a blank page
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50
    assert any(r > 150 and g < 80 and b < 80 for _n, (r, g, b) in colours)


def test_png_export_of_the_current_view(opened: Any, pages: dict[str, Path]) -> None:
    o = opened(pages["town"])
    with o.page.expect_download() as download:
        o.page.click("#png")
    from PIL import Image

    image = Image.open(io.BytesIO(Path(download.value.path()).read_bytes()))
    size = o.page.evaluate("(() => { const r = document.getElementById('stage')"
                           ".getBoundingClientRect(); return [Math.round(r.width * 2), "
                           "Math.round(r.height * 2)]; })()")
    assert image.format == "PNG" and list(image.size) == size
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 50  # not blank
    assert o.errors == []


@pytest.mark.cjk
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="no pdffonts/pdfimages: apt "
                    "install poppler-utils (CI installs it)")
def test_print_is_vector_a3_with_a_cjk_font(opened: Any, pages: dict[str, Path],
                                            tmp_path: Path) -> None:
    o = opened(pages["town"])
    pdf = tmp_path / "town.pdf"
    o.page.emulate_media(media="print")
    o.page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert any(n in fonts for n in ("CJK", "WenQuanYi", "Hei", "Song", "Ming")), fonts
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()
    assert len(images) == 2, images  # the header lines only: no raster image
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    w, h = (float(x) for x in size.split(":")[1].split("pts")[0].split("x"))
    assert (round(w), round(h)) == (1191, 842)  # A3 landscape
    assert "Pages:           1" in info
