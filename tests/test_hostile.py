"""Hostile text stays text: 34 script-injection payloads stored as concept labels and
definitions, reading titles, abstracts, publishers, journals, pages and keywords, action
names, lesson titles and texts; every
page is visited and the concept map's nodes hovered in a real browser. Each payload would
set ``window.xss`` or open a dialog if it ran; neither may happen, in the page or any frame.
"""

from __future__ import annotations

import pytest
from rdflib import Literal

from graph.access import Viewer, Visibility
from graph.namespaces import BIBO, DATA, DCTERMS, PRX, RDF, SCHEME, SKOS, VOCAB, XSD
from graph.store import Statement, open_store
from tests import data
from tests.test_browser import ARGS, CHROMIUM, _need_chromium, map_frame, running_app, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PAYLOADS = [
    "<script>window.xss=1</script>",
    "<img src=x onerror=window.xss=2>",
    "<svg onload=window.xss=3>",
    '<iframe src="javascript:parent.xss=4"></iframe>',
    '"><script>window.xss=5</script>',
    "'><img src=x onerror=window.xss=6>",
    "<body onload=window.xss=7>",
    '<a href="javascript:window.xss=8">href click</a>',
    "javascript:window.xss=9",
    "<details open ontoggle=window.xss=10>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.xss=11>",
    "[link](javascript:window.xss=12)",
    '![x](x" onerror="window.xss=13)',
    "<input autofocus onfocus=window.xss=14>",
    "<video><source onerror=window.xss=15></video>",
    '<object data="javascript:window.xss=16"></object>',
    "<marquee onstart=window.xss=17>",
    "{{constructor.constructor('window.xss=18')()}}",
    "</textarea><script>window.xss=19</script>",
    "</title><script>window.xss=20</script>",
    "<style>@import 'javascript:window.xss=21';</style>",
    '<div style="background:url(javascript:window.xss=22)">x</div>',
    "<svg><script>window.xss=23</script></svg>",
    '<img src="x" onerror="alert(24)">',
    "<scr<script>ipt>window.xss=25</script>",
    "&lt;script&gt;window.xss=26&lt;/script&gt;",
    "<img src=x onerror=&#119;indow.xss=27>",
    "<svg/onload=alert(28)>",
    '<a title="href" onmouseover=window.xss=29>hover href</a>',
    "<embed src=javascript:window.xss=30>",
    "<form action=javascript:window.xss=31><button>x</button></form>",
    "<img src=x onerror=window.xss=32> href",
    '<span onmouseover="window.xss=33" style="display:block;width:999px;height:999px">href</span>',
    "$$\\href{javascript:window.xss=34}{x}$$ <b onclick=alert(34)>",
]


def hostile_records(store) -> None:
    """Put every payload where people's text goes."""
    author, statements = data.member(visibility=Visibility.PUBLIC)
    public = Visibility.PUBLIC
    for number, payload in enumerate(PAYLOADS):
        concept = VOCAB[f"hostile-{number}"]
        statements += [
            Statement(concept, RDF.type, SKOS.Concept, public),
            Statement(concept, RDF.type, PRX.Concept, public),
            Statement(concept, SKOS.inScheme, SCHEME["systems"], public),
            Statement(concept, SKOS.prefLabel, Literal(f"Hostile {number} {payload}", lang="en"), public),
            Statement(concept, SKOS.definition, Literal(payload, lang="en"), public),
            Statement(concept, SKOS.related, VOCAB["racism"], public),
        ]
        reading = DATA[f"reading-hostile-{number}"]
        statements += [
            Statement(reading, RDF.type, PRX.Reading, public),
            Statement(reading, RDF.type, BIBO.Book, public),
            Statement(reading, DCTERMS.title, Literal(f"Hostile reading {number} {payload}"), public),
            Statement(reading, PRX.authors, Literal(payload), public),
            Statement(reading, DCTERMS.issued, Literal("2020", datatype=XSD.gYear), public),
            Statement(reading, DCTERMS.abstract, Literal(payload, lang="en"), public),
            Statement(reading, PRX.discusses, VOCAB["racism"], public),
            Statement(reading, PRX.visibility, public.concept, public),
            # the library's fields (publisher, journal, pages, keyword), and an untagged
            # reading for the cataloguing queue whose keyword is the payload
            Statement(reading, DCTERMS.publisher, Literal(payload), public),
            Statement(reading, PRX.journal, Literal(payload), public),
            Statement(reading, BIBO.pages, Literal(payload), public),
            Statement(reading, DCTERMS.subject, Literal(payload), public),
            Statement(DATA[f"reading-hostile-queue-{number}"], RDF.type, PRX.Reading, public),
            Statement(
                DATA[f"reading-hostile-queue-{number}"], DCTERMS.title, Literal(f"Queued {payload}"), public
            ),
            Statement(DATA[f"reading-hostile-queue-{number}"], DCTERMS.subject, Literal(payload), public),
            Statement(DATA[f"reading-hostile-queue-{number}"], PRX.visibility, public.concept, public),
        ]
        action, action_statements = data.action(public)
        action_statements = [s for s in action_statements if s.predicate != PRX.usesMethod]
        action_statements.append(Statement(action, PRX.addresses, VOCAB["racism"], public))
        _lesson, lesson_statements = data.lesson(
            action,
            author,
            visibility=public,
            target=VOCAB["racism"],
            title=f"Hostile lesson {number} {payload}",
        )
        statements += action_statements + lesson_statements
    store.write(statements, viewer=Viewer.organiser())


@pytest.fixture(scope="module")
def hostile_served(tmp_path_factory, seed_quads):
    _need_chromium()
    folder = tmp_path_factory.mktemp("hostile")
    store = open_store(f"oxigraph:{folder / 'store'}")
    store.load_trusted(seed_quads)
    hostile_records(store)
    del store
    with running_app(f"oxigraph:{folder / 'store'}", folder) as served:
        yield served


@pytest.fixture(scope="module")
def hostile_url(hostile_served) -> str:
    return hostile_served.url


@pytest.fixture(scope="module")
def tab(hostile_served):
    """One tab for the module, signed in with the login link (organisers see every page)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = chromium.new_context(viewport={"width": 1500, "height": 1100})
        page = context.new_page()
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        visit(page, hostile_served.login)
        yield page
        chromium.close()


def ran(page) -> list:
    """Every frame's ``window.xss`` that a payload set."""
    found = []
    for frame in page.frames:
        try:
            value = frame.evaluate("() => window.xss")
        except Exception:  # a frame that went away ran nothing we can see
            continue
        if value is not None:
            found.append((frame.url, value))
    return found


def test_no_payload_runs_on_any_page(tab, hostile_url):
    visit(tab, hostile_url)
    links = [a.get_attribute("href") for a in tab.locator("[data-testid='stSidebarNav'] a").all()]
    assert len(links) >= 10
    for link in links:
        visit(tab, link)
        tab.mouse.move(300, 400)
        tab.mouse.move(900, 600)
        assert ran(tab) == [], link
    assert tab.dialogs == []


def test_no_payload_runs_when_the_map_is_hovered(tab, hostile_url):
    from tests.test_browser import choose

    visit(tab, hostile_url + "/concept_map")
    from playwright.sync_api import expect

    choose(tab, "map-focus", "Racism")
    expect(tab.get_by_role("heading", name="Racism", exact=True)).to_be_visible(timeout=30_000)
    frame = map_frame(tab)
    places = frame.evaluate(
        """() => nodes.get().map(n => network.canvasToDOM(network.getPositions([n.id])[n.id]))"""
    )
    assert len(places) > len(PAYLOADS)
    corner = frame.box()
    for place in places:
        tab.mouse.move(corner["x"] + place["x"], corner["y"] + place["y"])
    popup = tab.locator("div.vis-tooltip")
    assert popup.locator("img, script, svg, iframe, object, embed, video").count() == 0
    assert ran(tab) == []
    assert tab.dialogs == []


def test_the_markup_is_shown_as_typed(tab, hostile_url):
    from tests.test_browser import choose

    visit(tab, hostile_url + "/readings")
    choose(tab, "readings-concept", "Racism")
    choose(tab, "readings-reading", "Hostile reading 1 ")
    heading = tab.locator("h1, h2, h3").filter(has_text="Hostile reading 1 <img src=x onerror=window.xss=2>")
    heading.first.wait_for(timeout=30_000)
    assert ran(tab) == [] and tab.dialogs == []
