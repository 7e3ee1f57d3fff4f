"""The Library page in a real browser: tag a reading from the cataloguing queue and find it
on the concept's reading list; merge the two editions of *Rules for Radicals* and open the
merged one's old address. Screenshots go to ``$PRAXIS_SHOTS`` when it is set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.access import Viewer
from graph.io.bibtex import import_bibtex
from graph.library import ReadingDraft, add_reading
from graph.library.duplicates import likely_duplicates
from graph.namespaces import DATA
from graph.store import open_store
from tests.test_browser import ARGS, CHROMIUM, IDLE, _need_chromium, choose, running_app, visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ORGANISER = Viewer.organiser()
OLD = DATA["reading-alinsky-1971-rules-for-radicals"]
VINTAGE = b"""@book{Alinsky1989,
  author = {Alinsky, Saul D.},
  title = {{Rules for Radicals: A Practical Primer for Realistic Radicals}},
  publisher = {Vintage},
  year = {1989},
  isbn = {9780679721130}
}
"""
UNTAGGED = "Winning with non-violent direct action: a field guide"


def shot(page, name: str) -> None:
    folder = os.environ.get("PRAXIS_SHOTS")
    if folder:
        page.wait_for_selector(IDLE, timeout=60_000)
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def library_served(tmp_path_factory, seed_quads):
    _need_chromium()
    folder = tmp_path_factory.mktemp("library")
    store = open_store(f"oxigraph:{folder / 'store'}")
    store.load_trusted(seed_quads)
    import_bibtex(store, VINTAGE, viewer=ORGANISER, source="change-references.bib")
    pair = next(p for p in likely_duplicates(store, ORGANISER) if p.first.iri == OLD)
    untagged = add_reading(store, ORGANISER, ReadingDraft(UNTAGGED, authors=("Ana Example",), year="2030"))
    extra = {"newer": pair.second.iri, "untagged": untagged}
    del store
    with running_app(f"oxigraph:{folder / 'store'}", folder) as served:
        served.extra = extra
        yield served


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    _need_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def signed_in(chromium, served):
    """A new tab, signed in as the local organiser, that records any dialog."""
    tab = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    visit(tab, served.login)
    return tab


@pytest.fixture(scope="module")
def page(chromium, library_served):
    tab = signed_in(chromium, library_served)
    yield tab
    tab.context.close()


def test_tagging_a_reading_from_the_queue_puts_it_on_the_concepts_reading_list(page, library_served):
    from playwright.sync_api import expect

    visit(page, library_served.url + "/library")
    expect(page.get_by_text("readings discuss no concept yet")).to_be_visible(timeout=30_000)
    card = page.locator(".st-key-queue-" + str(library_served.extra["untagged"]).rsplit("/", 1)[-1])
    expect(card).to_be_visible()
    expect(card.get_by_text("Non-violent direct action").first).to_be_visible()  # the suggestion, chosen
    shot(page, "library-queue")
    card.get_by_role("button", name="Tag").click()
    expect(page.get_by_text("it is on their reading lists now")).to_be_visible(timeout=30_000)
    expect(
        page.locator(".st-key-queue-" + str(library_served.extra["untagged"]).rsplit("/", 1)[-1])
    ).to_have_count(0)

    visit(page, library_served.url + "/readings")
    choose(page, "readings-concept", "Non-violent direct action")
    choose(page, "readings-reading", "Winning with non-violent")
    expect(page.get_by_role("heading", name=UNTAGGED)).to_be_visible(timeout=30_000)
    shot(page, "library-tagged-on-reading-list")
    assert page.dialogs == []


def test_merging_the_two_editions_keeps_the_old_address_working(page, library_served):
    from playwright.sync_api import expect

    visit(page, library_served.url + "/library")
    page.locator(".st-key-library-mode button", has_text="Duplicates").click()
    newer = str(library_served.extra["newer"]).rsplit("/", 1)[-1]
    card = page.locator(f".st-key-dup-{OLD.rsplit('/', 1)[-1]}-{newer}")
    expect(card).to_be_visible(timeout=30_000)
    expect(card.get_by_text("same first author")).to_be_visible()
    shot(page, "library-duplicates")
    card.get_by_role("button", name="Merge, keep the 1971").click()
    expect(page.get_by_text("Merged; old links still open it.")).to_be_visible(timeout=30_000)
    expect(page.locator(f".st-key-dup-{OLD.rsplit('/', 1)[-1]}-{newer}")).to_have_count(0)

    visit(page, library_served.url + "/library?reading=" + str(library_served.extra["newer"]))
    expect(page.get_by_text("That reading was merged into this one")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Rules for Radicals: A Pragmatic Primer")).to_be_visible()
    shot(page, "library-merged-old-address")


def test_a_concepts_reading_list_is_cited_and_downloads_as_csl_json(page, library_served):
    import json

    from playwright.sync_api import expect

    visit(page, library_served.url + "/library")
    page.locator(".st-key-library-mode button", has_text="Cite a list").click()
    page.locator(".st-key-cite-find-concept input").fill("Grassroots")
    page.locator(".st-key-cite-find-concept input").press("Enter")
    choose(page, "cite-concept", "Grassroots organising")
    expect(page.get_by_text("Alinsky, S. D. (1971).")).to_be_visible(timeout=30_000)
    shot(page, "library-cite")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="CSL-JSON (Zotero)").click()
    items = json.loads(Path(waiting.value.path()).read_text(encoding="utf-8"))
    assert any(item["title"].startswith("Rules for Radicals") for item in items)


def test_a_session_agenda_is_planned_and_printed_as_a_handout(page, library_served):
    from playwright.sync_api import expect

    visit(page, library_served.url + "/library")
    page.locator(".st-key-library-mode button", has_text="Session agendas").click()
    picker = page.locator("[class*='st-key-agenda-readings-'] input")
    expect(picker).to_be_visible(timeout=30_000)
    picker.click()
    picker.fill("Tyranny")
    page.get_by_role("option").first.click()
    page.keyboard.press("Escape")
    # each field is left (Tab) before the next, as a person does: a form sends what its
    # fields hold once they have taken the typing, and a loaded machine can lag behind
    page.get_by_label("Pages of The Tyranny").fill("1-12")
    page.get_by_label("Pages of The Tyranny").press("Tab")
    page.get_by_label("Discussion questions, one per line").fill("Where do informal elites form?")
    page.get_by_label("Discussion questions, one per line").press("Tab")
    page.get_by_label("Facilitator's note").fill("Open with five minutes of quiet.")
    page.get_by_label("Facilitator's note").press("Tab")
    page.get_by_role("button", name="Save the agenda").click()
    expect(page.get_by_text("Agenda saved.")).to_be_visible(timeout=30_000)
    # the saved agenda's list, not the form's field (which holds the text before the save),
    # and then the run's end: the buttons above it carry the handout made before the save
    # until the run that follows the save has passed them
    expect(page.locator("li", has_text="Where do informal elites form?")).to_be_visible(timeout=30_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    shot(page, "library-agenda")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Print the handout (HTML)").click()
    handout = Path(waiting.value.path()).read_text(encoding="utf-8")
    assert "Where do informal elites form?" in handout and "pages 1-12" in handout
    assert "quiet" not in handout
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Add to a calendar (.ics)").click()
    calendar = Path(waiting.value.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in calendar and "quiet" not in calendar


@pytest.fixture(scope="module")
def hostile_library(tmp_path_factory, seed_quads):
    """The seed, every payload of the hostile-input test in people's fields, a session whose
    questions and note are payloads, and two hostile readings with one DOI (duplicates)."""
    from rdflib import Literal

    from graph.access import Visibility
    from graph.namespaces import BIBO, DCTERMS, PRX, RDF
    from graph.programme.agenda import AgendaItem, set_agenda
    from graph.store import Statement
    from tests.test_hostile import PAYLOADS, hostile_records

    _need_chromium()
    folder = tmp_path_factory.mktemp("hostile-library")
    store = open_store(f"oxigraph:{folder / 'store'}")
    store.load_trusted(seed_quads)
    hostile_records(store)
    twins = []
    for number in range(2):
        twin = DATA[f"reading-hostile-twin-{number}"]
        twins += [
            Statement(twin, RDF.type, PRX.Reading, Visibility.PUBLIC),
            Statement(twin, DCTERMS.title, Literal(f"Twin {PAYLOADS[number]}"), Visibility.PUBLIC),
            Statement(twin, BIBO.doi, Literal("10.1000/hostile"), Visibility.PUBLIC),
            Statement(twin, DCTERMS.subject, Literal("twin"), Visibility.PUBLIC),
            Statement(twin, PRX.visibility, Visibility.PUBLIC.concept, Visibility.PUBLIC),
        ]
    store.write(twins, viewer=ORGANISER)
    session = DATA["session-9c92d4"]
    items = [AgendaItem(DATA["reading-hostile-0"]), AgendaItem(DATA["reading-hostile-1"], pages="1-2")]
    set_agenda(store, ORGANISER, session, items, questions="\n".join(PAYLOADS), note=PAYLOADS[0])
    del store
    with running_app(f"oxigraph:{folder / 'store'}", folder) as served:
        yield served


def test_hostile_text_stays_text_in_every_part_of_the_library(chromium, hostile_library):
    from playwright.sync_api import expect

    from tests.test_hostile import ran

    tab = signed_in(chromium, hostile_library)
    visit(tab, hostile_library.url + "/library")
    expect(tab.get_by_text('Queued ![x](x" onerror="window.xss=13)')).to_be_visible(timeout=30_000)
    for mode in ("Add or edit", "Duplicates", "Cite a list", "Session agendas"):
        tab.locator(".st-key-library-mode button", has_text=mode).click()
        tab.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
        if mode == "Duplicates":
            expect(tab.get_by_text("Twin <script>window.xss=1</script>")).to_be_visible(timeout=30_000)
        if mode == "Cite a list":
            tab.locator(".st-key-cite-find-concept input").fill("Racism")
            tab.locator(".st-key-cite-find-concept input").press("Enter")
            choose(tab, "cite-concept", "Racism")
            expect(tab.get_by_text("Hostile reading 0 <script>").first).to_be_visible(timeout=30_000)
        if mode == "Session agendas":
            choose(tab, "agenda-session", "Structure without hidden elites")
            expect(tab.get_by_text("<img src=x onerror=window.xss=2>").first).to_be_visible(timeout=30_000)
        shot(tab, f"library-hostile-{mode.split()[0].lower()}")
    visit(tab, hostile_library.url + "/library?reading=" + str(DATA["reading-hostile-3"]))
    expect(tab.get_by_role("heading", name="Hostile reading 3")).to_be_visible(timeout=30_000)
    tab.wait_for_timeout(500)
    assert ran(tab) == [] and tab.dialogs == []
    tab.context.close()
