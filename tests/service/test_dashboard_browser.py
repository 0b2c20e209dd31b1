"""The dashboard in headless Chromium (Debian's ``chromium`` driven by Playwright): each page
loads with data from the shared catalog, its main interaction works, and a screenshot of each
is written to ``build/screenshots/``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import TOKEN

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
TIMEOUT_MS = 60_000

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"),
                                reason="Debian chromium is not installed (make test installs it)")


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # offline: every request that is not to the server fails the test
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        server.base) else (errors.append("outside request " + route.request.url), route.abort()))
    yield page
    context.close()
    assert not errors, errors


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_landing(page, server):
    page.goto(server.base + "/")
    page.wait_for_selector("text=median epoch 2025-10-0")
    assert page.locator(".card").count() >= 5
    shot(page, "index")


def test_catalog_search_and_detail(page, server):
    page.goto(server.base + "/ui/catalog.html")
    page.wait_for_selector("#table tbody tr")
    assert "KAZSAT-2" in page.inner_text("#table")
    page.fill("#name", "ISS*")
    page.click("#search")
    page.wait_for_selector("#table td:text('ISS (ZARYA)')")
    page.click("#table td:text('ISS (ZARYA)')")
    page.wait_for_selector("#detail td:text('inclination_deg')")
    assert "NORAD 25544" in page.inner_text("#detail")
    assert page.locator("#ages rect").count() >= 1
    shot(page, "catalog")


def test_passes_jump_to_epoch_and_pick_station(page, server):
    page.goto(server.base + "/ui/passes.html")
    page.wait_for_selector("#age-banner:not([hidden])")  # today is far from the epoch
    page.click("#jump-epoch")
    page.wait_for_function("document.querySelectorAll('.pass-bar').length > 0")
    assert page.input_value("#start").startswith("2025-10-03")
    page.wait_for_selector("#polar polyline.track.selected")
    assert page.inner_text("#countdown") not in ("", "—")
    first = page.inner_text("#table")
    page.select_option("#station", "baikonur")
    page.wait_for_function("document.getElementById('station-name').textContent.includes('Baikonur')")
    page.wait_for_function("document.querySelectorAll('.pass-bar').length > 0")
    assert page.inner_text("#table") != first
    page.locator(".pass-bar").first.click()
    shot(page, "passes")


def test_conjunctions_screening_sort_and_geometry(page, server):
    page.goto(server.base + "/ui/conjunctions.html")
    page.wait_for_function("document.getElementById('start').value.startsWith('2025-10-03')")
    page.fill("#token", TOKEN)
    page.dispatch_event("#token", "change")
    page.fill("#hours", "6")
    page.fill("#threshold", "50")
    page.fill("#primary", "25544,48274,39731,43805")
    page.click("#submit")
    page.wait_for_selector("#table tbody tr", timeout=120_000)
    page.click("#table th:text('miss km')")
    misses = [float(x) for x in page.locator("#table tbody tr td:nth-child(4)").all_inner_texts()]
    assert misses == sorted(misses) and misses[0] < 50
    page.locator("#table tbody tr").first.click()
    page.wait_for_selector("#geometry svg polyline")
    assert "miss" in page.inner_text("#geometry")
    shot(page, "conjunctions")


def test_moon_site_sky_timeline_links(page, server):
    page.goto(server.base + "/ui/moon.html")
    page.wait_for_selector("#sky polygon.terrain")
    page.wait_for_selector("#sky polyline.sun-track")
    page.wait_for_selector("#timeline .bar-2")
    assert "sunlit" in page.inner_text("#fractions")
    page.select_option("#site", "malapert-massif")
    page.wait_for_function("document.getElementById('status').textContent.startsWith('Malapert')")
    page.wait_for_selector("#links tbody tr")
    shot(page, "moon")


def test_launch_compare_calendar_map(page, server):
    page.goto(server.base + "/ui/launch.html")
    page.wait_for_selector("#calendar rect.day")
    page.wait_for_selector("#map polygon.corridor")
    assert page.locator("#calendar rect.day").count() == 28
    assert page.locator("#calendar text.window").count() > 10
    page.select_option("#orbit", "sso")
    page.fill("#altitude", "600")
    page.click("#compare")
    page.wait_for_function("document.querySelector('#compare-table').textContent.includes('Baikonur')")
    page.select_option("#pad", "wenchang-lc101")
    page.wait_for_function("document.getElementById('status').textContent.includes('Wenchang')")
    shot(page, "launch")


def test_telescope_depth_and_schedule_gantt(page, server):
    page.goto(server.base + "/ui/telescope.html")
    page.wait_for_selector("#scope-lut")
    page.uncheck("#scope-lut")
    page.uncheck("#scope-tshao-1m")
    page.click("#depth")
    page.wait_for_function("document.querySelectorAll('#depth-chart .depth-curve').length === 2")
    page.wait_for_selector("#compare-table tbody tr", timeout=120_000)
    page.fill("#token", TOKEN)
    page.dispatch_event("#token", "change")
    page.click("#plan")
    page.wait_for_selector("#gantt rect.block", timeout=120_000)
    assert "blocks" in page.inner_text("#plan-status")
    shot(page, "telescope")
