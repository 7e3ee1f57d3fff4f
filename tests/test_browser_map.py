"""The clickable concept map, record pages and search in a real browser (chromium).

The map opens readable (clusters whose labels do not overlap), a click on a node reaches
Python (the panel and the address change), a double-click opens the record's page, a
permalink opened in a fresh browser shows the record, a visitor's permalink to a
members-only record says "not found", and nothing is ever fetched from another host.
Fixtures and helpers come from tests/test_browser.py. Screenshots go to $PRAXIS_SHOTS
when it is set (for looking at, not for asserting).
"""

from __future__ import annotations

import os
from itertools import combinations
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests import test_browser as _browser
from tests.data import SHARED_REASON
from tests.test_browser import HOSTILE, IDLE, visit

# The browser, the served explorer and a signed-in tab, as tests/test_browser.py makes them.
served, app_url, browser, tab = _browser.served, _browser.app_url, _browser.browser, _browser.tab

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MAP = ".praxis-map[data-ready='yes']"


def shot(page, name: str) -> None:
    folder = os.environ.get("PRAXIS_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def drawn_map(page, focus: str | None = None):
    """The map's element once it has drawn (and, with ``focus``, drawn around that id)."""
    page.wait_for_selector(IDLE, timeout=60_000)
    selector = MAP if focus is None else f".praxis-map[data-ready='yes'][data-focus='{focus}']"
    return page.wait_for_selector(selector, timeout=60_000)


def node_point(page, node_id: str) -> tuple[float, float]:
    """Where on the page the node ``node_id`` is drawn."""
    place = page.evaluate(
        """(id) => {
            const root = document.querySelector('.praxis-map');
            const canvas = root.querySelector('.praxis-map-canvas').getBoundingClientRect();
            if (canvas.top < 0 || canvas.bottom > window.innerHeight) root.scrollIntoView({block: 'center'});
            const p = root.network.canvasToDOM(root.network.getPositions([id])[id]);
            const box = root.querySelector('.praxis-map-canvas').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        node_id,
    )
    return place[0], place[1]


def label_boxes(page) -> list[tuple[float, float, float, float]]:
    """Every label drawn on the canvas, as (left, top, right, bottom) in canvas units."""
    return [
        tuple(box)
        for box in page.evaluate(
            """() => {
                const net = document.querySelector('.praxis-map').network;
                return Object.values(net.body.nodes)
                    .filter(n => n.labelModule.visible())
                    .map(n => { const s = n.labelModule.size;
                                return [s.left, s.top, s.left + s.width, s.top + s.height]; });
            }"""
        )
    ]


def overlapping_share(boxes) -> float:
    pairs = list(combinations(boxes, 2))
    hit = sum(1 for a, b in pairs if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    return hit / max(len(pairs), 1)


def test_the_map_opens_on_readable_clusters_and_fetches_nothing_from_elsewhere(browser, served):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    elsewhere = []
    page.on("request", lambda r: r.url.startswith((served.url, "data:", "blob:")) or elsewhere.append(r.url))
    visit(page, served.login)
    visit(page, served.url + "/concept_map")
    drawn_map(page)
    shot(page, "map-opening")
    kinds = page.evaluate("() => document.querySelector('.praxis-map').nodeData.get().map(n => n.kind)")
    assert 5 <= len(kinds) <= 40 and set(kinds) == {"cluster"}
    boxes = label_boxes(page)
    assert len(boxes) == len(kinds)  # every cluster is named at first sight
    assert overlapping_share(boxes) < 0.05
    # the legend is beside the map, not on it
    legend = page.locator(".praxis-map-bar").bounding_box()
    canvas = page.locator(".praxis-map-canvas").bounding_box()
    assert legend["y"] >= canvas["y"] + canvas["height"] - 1
    assert elsewhere == []
    context.close()


def test_a_click_opens_a_cluster_then_focuses_a_node_and_changes_the_panel_and_the_address(tab, app_url):
    from playwright.sync_api import expect

    visit(tab, app_url + "/concept_map")
    drawn_map(tab)
    first = tab.evaluate("() => document.querySelector('.praxis-map').nodeData.get()[0].id")
    tab.mouse.click(*node_point(tab, first))
    tab.wait_for_function(
        "() => { const r = document.querySelector('.praxis-map');"
        " return r && r.dataset.ready === 'yes' && r.nodeData.get().every(n => n.kind !== 'cluster'); }",
        timeout=60_000,
    )
    drawn_map(tab)
    expect(tab.get_by_role("button", name="Back to the clusters")).to_be_visible()
    concept = tab.evaluate(
        "() => document.querySelector('.praxis-map').nodeData.get().find(n => n.kind === 'concept').id"
    )
    tab.mouse.click(*node_point(tab, concept))
    drawn_map(tab, focus=concept)
    expect(tab.get_by_role("link", name="Open the page of")).to_be_visible(timeout=30_000)
    assert f"focus={concept}" in tab.url.replace("%3A", ":")
    shot(tab, "map-focused")
    assert tab.elsewhere == [] and tab.dialogs == []


def test_a_double_click_opens_the_record_page(tab, app_url):
    from playwright.sync_api import expect

    visit(tab, app_url + "/concept_map?focus=pxv:parecon")
    drawn_map(tab, focus="pxv:parecon")
    tab.mouse.dblclick(*node_point(tab, "pxv:parecon"))
    tab.wait_for_url("**/record?id=pxv*parecon", timeout=30_000)
    expect(tab.get_by_role("heading", name="Participatory economics", level=1)).to_be_visible(timeout=30_000)
    expect(tab.get_by_text("Links", exact=True)).to_be_visible()


def test_hovering_every_node_shows_names_as_text_and_runs_nothing(tab, app_url):
    from playwright.sync_api import expect

    visit(tab, app_url + "/concept_map?focus=pxv:hostile")
    drawn_map(tab, focus="pxv:hostile")
    ids = tab.evaluate("() => document.querySelector('.praxis-map').nodeData.getIds()")
    for node in ids:
        tab.mouse.move(*node_point(tab, node))
        tab.wait_for_timeout(250)
    tab.mouse.move(*node_point(tab, "pxv:hostile"))
    tip = tab.locator("div.vis-tooltip")
    expect(tip).to_be_visible(timeout=10_000)
    assert tip.inner_text().startswith(HOSTILE)
    assert tip.locator("img, script").count() == 0
    assert tab.evaluate("() => window.pwned") is None and tab.dialogs == []


def test_a_permalink_opened_in_a_fresh_browser_shows_the_record(browser, served):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    visit(page, served.url + "/record?id=pxv:parecon")  # a visitor: parecon is public
    expect(page.get_by_role("heading", name="Participatory economics")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Discussed in").first).to_be_visible()
    drawn_map(page, focus="pxv:parecon")
    shot(page, "record-parecon")
    context.close()


def test_a_visitor_following_a_link_to_a_members_only_record_sees_not_found(browser, served, tab):
    from playwright.sync_api import expect

    visit(tab, served.url + "/record?id=px:campaign-housing")  # the organiser sees it
    expect(tab.get_by_role("heading", name="Tenants' housing campaign (our chapter)")).to_be_visible(
        timeout=30_000
    )
    context = browser.new_context()
    page = context.new_page()
    answers = {}
    for name in ("px:campaign-housing", "px:campaign-that-never-was"):
        visit(page, served.url + f"/record?id={name}")
        expect(page.get_by_role("heading", name="Not found")).to_be_visible(timeout=30_000)
        expect(
            page.locator("[data-testid='stMain']").get_by_role("link", name="Search everything")
        ).to_be_visible()
        answers[name] = page.locator("[data-testid='stMain']").inner_text()
        assert "housing" not in answers[name].lower()
    assert answers["px:campaign-housing"] == answers["px:campaign-that-never-was"]
    context.close()


def test_the_search_groups_hits_by_kind_and_opens_record_pages(tab, app_url):
    from playwright.sync_api import expect

    visit(tab, app_url + "/record")
    box = tab.locator(".st-key-search-text input")
    box.fill("parecon")
    box.press("Enter")
    expect(tab.get_by_role("heading", name="Concepts (1)")).to_be_visible(timeout=30_000)
    expect(tab.get_by_role("heading", name="Readings", exact=False).first).to_be_visible()
    shot(tab, "search-parecon")
    tab.get_by_role("link", name="Parecon: Life After Capitalism").first.click()
    tab.wait_for_selector(IDLE, timeout=60_000)
    expect(tab.get_by_role("heading", name="Parecon: Life After Capitalism")).to_be_visible(timeout=30_000)


def test_the_back_button_returns_to_the_previous_focus(tab, app_url):
    visit(tab, app_url + "/concept_map?focus=pxv:parecon")
    drawn_map(tab, focus="pxv:parecon")
    neighbour = tab.evaluate(
        "() => document.querySelector('.praxis-map').nodeData.get()"
        ".find(n => !n.focus && n.kind === 'concept').id"
    )
    tab.mouse.click(*node_point(tab, neighbour))
    drawn_map(tab, focus=neighbour)
    tab.go_back()
    drawn_map(tab, focus="pxv:parecon")
    assert "focus=pxv" in tab.url and "parecon" in tab.url


def test_the_map_exports_a_picture_as_png_and_svg(tab, app_url):
    visit(tab, app_url + "/concept_map?focus=pxv:parecon")
    drawn_map(tab, focus="pxv:parecon")
    with tab.expect_download() as png:
        tab.get_by_role("button", name="Picture (PNG)").click()
    assert png.value.suggested_filename == "concept-map.png"
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with tab.expect_download() as svg:
        tab.get_by_role("button", name="Picture (SVG)").click()
    text = Path(svg.value.path()).read_text(encoding="utf-8")
    assert text.startswith("<svg") and "Participatory economics" in text and "<script" not in text


@pytest.fixture(scope="module")
def served_with_unesco(tmp_path_factory, seed_quads):
    """The explorer on the seed plus the whole UNESCO thesaurus (94k statements)."""
    from graph.store import open_store
    from tests.test_browser import _need_chromium, running_app
    from tests.test_concepts import UNESCO, read_quads

    _need_chromium()
    if not UNESCO.exists():
        pytest.skip(SHARED_REASON)
    quads = read_quads(UNESCO.read_bytes(), source=str(UNESCO), fmt=ox.RdfFormat.TURTLE)
    folder = tmp_path_factory.mktemp("unesco")
    seeded = open_store(f"oxigraph:{folder / 'store'}")
    seeded.load_trusted(seed_quads + quads)
    del seeded
    with running_app(f"oxigraph:{folder / 'store'}", folder) as app:
        yield app


@pytest.mark.shared
def test_the_map_with_the_whole_unesco_thesaurus_still_opens_readable(browser, served_with_unesco):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    visit(page, served_with_unesco.url + "/concept_map")  # a visitor
    drawn_map(page)
    shot(page, "map-unesco")
    kinds = page.evaluate("() => document.querySelector('.praxis-map').nodeData.get().map(n => n.kind)")
    assert set(kinds) == {"cluster"} and len(kinds) <= 60
    boxes = label_boxes(page)
    assert len(boxes) >= len(kinds) * 0.8  # most clusters named at first sight, the rest on zoom
    assert overlapping_share(boxes) < 0.05
    context.close()


def test_a_click_on_a_name_opens_its_page_in_the_same_tab_and_session(tab, app_url):
    from playwright.sync_api import expect

    visit(tab, app_url + "/record?id=pxv:parecon")
    expect(tab.get_by_role("heading", name="Participatory economics", level=1)).to_be_visible(timeout=30_000)
    tab.get_by_role("link", name="Participatory society").first.click()
    expect(tab.get_by_role("heading", name="Participatory society", level=1)).to_be_visible(timeout=30_000)
    assert len(tab.context.pages) == 1 and "id=pxv" in tab.url and "participatory-society" in tab.url
    # still the organiser: a members-only record linked from here opens too
    visit(tab, app_url + "/record?id=pxv:capitalism")
    tab.get_by_role("link", name="Tenants' housing campaign (our chapter)").first.click()
    expect(tab.get_by_role("heading", name="Tenants' housing campaign (our chapter)", level=1)).to_be_visible(
        timeout=30_000
    )
    assert len(tab.context.pages) == 1


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory, seed_quads):
    """The explorer on the seed plus the 34 hostile payloads of tests/test_hostile.py."""
    from graph.store import open_store
    from tests.test_browser import _need_chromium, running_app
    from tests.test_hostile import hostile_records

    _need_chromium()
    folder = tmp_path_factory.mktemp("hostile-records")
    store = open_store(f"oxigraph:{folder / 'store'}")
    store.load_trusted(seed_quads)
    hostile_records(store)
    del store
    with running_app(f"oxigraph:{folder / 'store'}", folder) as app:
        yield app


def test_no_payload_runs_on_record_pages_and_their_graphs_hovering_every_node(browser, hostile_app):
    from playwright.sync_api import expect

    from tests.test_hostile import PAYLOADS, ran

    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visit(page, hostile_app.login)
    visit(page, hostile_app.url + "/record?id=pxv:racism")
    drawn_map(page, focus="pxv:racism")
    ids = page.evaluate("() => document.querySelector('.praxis-map').nodeData.getIds()")
    assert len(ids) > len(PAYLOADS)
    for node in ids:
        page.mouse.move(*node_point(page, node))
    tip = page.locator("div.vis-tooltip")
    assert tip.locator("img, script, svg, iframe, object, embed, video").count() == 0
    shot(page, "record-hostile")
    for address in ("pxv:hostile-0", "px:reading-hostile-1", "pxv:hostile-33"):
        visit(page, hostile_app.url + f"/record?id={address}")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hostile", timeout=30_000)
    visit(page, hostile_app.url + "/record")
    box = page.locator(".st-key-search-text input")
    box.fill("Hostile")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Concepts (34)")).to_be_visible(timeout=30_000)
    assert ran(page) == [] and dialogs == []
    context.close()


def test_a_click_in_a_record_pages_graph_opens_that_records_page(tab, app_url):
    from playwright.sync_api import expect

    visit(tab, app_url + "/record?id=pxv:parecon")
    drawn_map(tab, focus="pxv:parecon")
    tab.mouse.click(*node_point(tab, "pxv:participatory-society"))
    expect(tab.get_by_role("heading", name="Participatory society", level=1)).to_be_visible(timeout=30_000)
    drawn_map(tab, focus="pxv:participatory-society")
    assert "participatory-society" in tab.url


def test_the_sidebar_search_on_any_page_opens_the_results(tab, app_url):
    from playwright.sync_api import expect

    visit(tab, app_url + "/readings")
    box = tab.locator(".st-key-sidebar-search input")
    box.fill("Albert")
    box.press("Enter")
    expect(tab.get_by_role("heading", name="Readings", exact=False).first).to_be_visible(timeout=30_000)
    assert "/record?q=Albert" in tab.url
    expect(tab.get_by_role("link", name="Parecon: Life After Capitalism", exact=False).first).to_be_visible()
