"""The explorer in a real browser: every page, the concept map's canvas, choosing a concept,
and a hostile label that must stay text. Playwright drives Debian's chromium against the
explorer started as ``make run`` starts it (the command is read from the Makefile) on
127.0.0.1, serving a seeded store in a temporary folder; each tab first opens the login
link the explorer printed, so it is the local organiser.

Skipped, saying why, when /usr/bin/chromium is absent, unless ``PRAXIS_REQUIRE_BROWSER``
is set (CI sets it), in which case a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.store import open_store
from tests.conftest import BIN, ROOT, free_port
from tests.test_concepts import load

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = '<img src=x onerror="window.pwned=1">Hostile <script>window.pwned=2</script> href'
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install chromium); the browser tests need it"
    if os.environ.get("PRAXIS_REQUIRE_BROWSER"):
        pytest.fail(reason + ", and PRAXIS_REQUIRE_BROWSER is set")
    pytest.skip(reason)


def run_command(port: int) -> list[str]:
    """The explorer's start command from the Makefile's ``run`` target, on ``port``."""
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nrun:", 1)[1]
    line = re.search(r"\$\(BIN\)/streamlit run (?:.*\\\n)*.*", recipe).group(0).replace("\\\n", " ")
    for name, value in {"$(BIN)": str(BIN), "$(HOST)": "127.0.0.1", "$(PORT)": str(port)}.items():
        line = line.replace(name, value)
    return shlex.split(line)


@dataclass
class Served:
    """A running explorer: its address, the login link it printed, and what it wrote."""

    url: str
    folder: Path
    login: str | None = None
    output: list[str] = field(default_factory=list)


@contextlib.contextmanager
def running_app(store_url: str, folder: Path, *, env: dict[str, str] | None = None):
    """The explorer as ``make run`` starts it, on a free loopback port, serving ``store_url``,
    with its login link and users file in ``folder``; yields a :class:`Served`."""
    port = free_port()
    env = {
        **os.environ,
        "PRAXIS_STORE": store_url,
        "PRAXIS_LOGIN_LINK": str(folder / "login-link"),
        "PRAXIS_USERS": str(folder / "users.toml"),
        **(env or {}),
    }
    server = subprocess.Popen(
        run_command(port), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    served = Served(f"http://127.0.0.1:{port}", folder)
    printed = threading.Event()

    def read_output() -> None:  # keeps the pipe drained for as long as the server runs
        for line in server.stdout:
            served.output.append(line)
            if found := re.search(r"Open (http://\S+/login\?token=\S+) ", line):
                served.login = found.group(1)
            if served.login or "no login link" in line or "everyone is a visitor" in line:
                printed.set()

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    try:
        _wait_for(server, served, time.monotonic() + 60)
        if not printed.wait(timeout=30):
            pytest.fail("the explorer said nothing about its login link:\n" + "".join(served.output)[-2000:])
        yield served
    finally:
        server.terminate()
        server.wait(timeout=20)
        reader.join(timeout=5)


def _wait_for(server: subprocess.Popen, served: Served, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(served.url + "/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    break
        except OSError:
            if server.poll() is not None:
                pytest.fail("the explorer exited:\n" + "".join(served.output)[-2000:])
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("the explorer did not answer within 60 s")
            time.sleep(0.1)


@pytest.fixture(scope="module")
def served(tmp_path_factory, seed_quads):
    """The explorer on a free loopback port, on the seed plus a hostile concept."""
    _need_chromium()
    folder = tmp_path_factory.mktemp("browser")
    seeded = open_store(f"oxigraph:{folder / 'store'}")
    seeded.load_trusted(seed_quads)
    load(
        seeded,
        f"pxv:hostile a skos:Concept, prx:Concept ; skos:inScheme pxs:systems ; "
        f'skos:prefLabel {json.dumps(HOSTILE)}@en ; skos:altLabel "hostile-test"@en ; '
        "skos:related pxv:racism .",
    )
    del seeded  # the app opens the store itself
    with running_app(f"oxigraph:{folder / 'store'}", folder) as served:
        yield served


@pytest.fixture(scope="module")
def app_url(served) -> str:
    return served.url


@pytest.fixture(scope="module")
def browser(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser, served):
    """A fresh tab, signed in with the login link as the local organiser, that records (and
    dismisses) any dialog, and any request to another host."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    tab = context.new_page()
    visit(tab, served.login)
    tab.dialogs, tab.elsewhere = [], []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    local = (served.url, "data:", "about:", "blob:")
    tab.on("request", lambda request: request.url.startswith(local) or tab.elsewhere.append(request.url))
    yield tab
    context.close()


def visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(IDLE, timeout=60_000)


class MapHandle:
    """The concept map drawn in the page (explorer/map_component.py): ``evaluate`` runs a
    function with ``network`` and ``nodes`` (vis-network's network and node DataSet) in scope."""

    def __init__(self, page) -> None:
        self.page = page

    def evaluate(self, function: str):
        return self.page.evaluate(
            "() => { const root = document.querySelector('.praxis-map');"
            " const network = root.network, nodes = root.nodeData;"
            f" return ({function})(); }}"
        )

    def box(self) -> dict:
        """Where the map's canvas is on the page."""
        return self.page.locator(".praxis-map-canvas").bounding_box()


def map_frame(page, focus: str | None = None) -> MapHandle:
    """The concept map once it has drawn (and, with ``focus``, once it is the map around the
    node whose label holds that text)."""
    page.wait_for_selector(IDLE, timeout=60_000)
    # A function, not a bare expression: Playwright polls an expression with eval, which
    # the explorer's Content-Security-Policy refuses.
    ready = (
        "() => { const root = document.querySelector('.praxis-map');"
        " return !!root && root.dataset.ready === 'yes'"
    )
    if focus is not None:
        ready += f" && root.nodeData.get().some(n => n.focus && n.label.includes({json.dumps(focus)}))"
    page.wait_for_function(ready + "; }", timeout=60_000)
    return MapHandle(page)


def choose(page, key: str, text: str) -> None:
    """Type ``text`` into the selectbox with ``key`` and take the first option offered."""
    box = page.locator(f".st-key-{key} input[role='combobox']")
    box.click()
    box.fill(text)
    page.get_by_role("option").first.click()


def test_the_concept_map_draws_on_a_canvas(tab, app_url):
    visit(tab, app_url + "/concept_map")
    frame = map_frame(tab)
    size = frame.evaluate(
        "() => { const c = document.querySelector('.praxis-map canvas'); return [c.width, c.height]; }"
    )
    assert size[0] > 100 and size[1] > 100
    box = tab.locator(".praxis-map canvas").bounding_box()
    assert box["width"] > 100 and box["height"] > 100
    assert frame.evaluate("() => nodes.length") > 5  # the opening view: the map's clusters


def test_choosing_a_concept_shows_its_details_and_its_neighbourhood(tab, app_url):
    from playwright.sync_api import expect

    visit(tab, app_url + "/concept_map")
    choose(tab, "map-focus", "Civil resistance")
    expect(tab.get_by_role("heading", name="Civil resistance")).to_be_visible(timeout=30_000)
    expect(tab.get_by_text("people power").first).to_be_visible()
    frame = map_frame(tab, focus="Civil resistance")
    assert frame.evaluate("() => nodes.get().filter(n => n.focus).length") == 1


def test_a_search_by_another_label_focuses_the_map(tab, app_url):
    from playwright.sync_api import expect

    visit(tab, app_url + "/concept_map")
    search = tab.locator(".st-key-map-search input")
    search.fill("nonviolent struggle")
    search.press("Enter")
    tab.locator(".st-key-map-hit").wait_for(timeout=30_000)
    choose(tab, "map-hit", "")
    expect(tab.locator(".st-key-map-focus input[role='combobox']")).to_have_value(
        "Civil resistance", timeout=30_000
    )


def test_a_hostile_label_is_shown_as_text_and_never_run(tab, app_url):
    from playwright.sync_api import expect

    visit(tab, app_url + "/concept_map")
    search = tab.locator(".st-key-map-search input")
    search.fill("hostile-test")
    search.press("Enter")
    tab.locator(".st-key-map-hit").wait_for(timeout=30_000)
    choose(tab, "map-hit", "")
    expect(tab.get_by_role("heading", name="Hostile")).to_be_visible(timeout=30_000)
    frame = map_frame(tab, focus="img src=x")
    place = frame.evaluate(
        """() => {
            const focus = nodes.get().find(n => n.focus);
            return network.canvasToDOM(network.getPositions([focus.id])[focus.id]);
        }"""
    )
    corner = frame.box()
    tab.mouse.move(corner["x"] + place["x"], corner["y"] + place["y"])
    popup = tab.locator("div.vis-tooltip")
    expect(popup).to_be_visible(timeout=10_000)
    assert popup.inner_text().startswith(HOSTILE)  # the markup is shown as typed
    assert popup.locator("img, script").count() == 0
    assert tab.evaluate("() => window.pwned") is None
    assert tab.dialogs == []


def test_a_reading_list_in_the_browser(tab, app_url):
    from playwright.sync_api import expect

    visit(tab, app_url + "/readings")
    choose(tab, "readings-concept", "Participatory economics")
    choose(tab, "readings-reading", "Parecon: Life After")
    expect(tab.get_by_role("heading", name="Parecon: Life After Capitalism")).to_be_visible(timeout=30_000)
    expect(tab.get_by_text("Verso")).to_be_visible()
