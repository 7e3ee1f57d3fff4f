"""Numbers people can trust, in a real browser: the three journeys done by clicking and
typing, the counts on the Overview and Practice vs theory before and after, a double-clicked
save, a withdrawal asked for and taken back, and every page at a desktop's 1400 px and a
phone's 390 px width.

Uses the explorer, browser and tab of :mod:`tests.test_browser` (the seed, served as
``make run`` serves it, each tab the local organiser). Screenshots go to
``$PRAXIS_SHOTS`` when it is set, to look at them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from explorer.navigation import PAGES
from tests.test_browser import IDLE, app_url, browser, choose, map_frame, served, tab, visit  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TITLE = "The car pool ran on trust, not on rules"
EDITED = "The car pool ran on trust and on a rota"


def _settle(page) -> None:
    page.wait_for_selector(IDLE, timeout=60_000)


def metric(page, label: str) -> int:
    """The value of the metric labelled ``label`` on the page, as a number."""
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return int(box.locator("[data-testid='stMetricValue']").inner_text().replace(",", ""))


def go(page, title: str, heading: str) -> None:
    """Open a page from the sidebar (the same session: what it remembers stays)."""
    from playwright.sync_api import expect

    page.locator("[data-testid='stSidebarNav'] a").filter(has_text=title).first.click()
    expect(page.get_by_role("heading", name=heading).first).to_be_visible(timeout=30_000)
    _settle(page)


def counts(page, url: str | None = None) -> tuple[int, int]:
    """(lessons on the Overview, lessons counted on Practice vs theory), reached through
    the sidebar (or, given ``url``, by loading the Overview first)."""
    if url is not None:
        visit(page, url)
    else:
        go(page, "Overview", "Praxis graph")
    overview = metric(page, "Lessons")
    go(page, "Practice vs theory", "Practice vs theory")
    return overview, metric(page, "Lessons counted")


def _fill(page, key: str, text: str) -> None:
    """Type ``text`` into the field whose key is ``key``, or starts with it and a dash (the
    edit form's fields are keyed by their lesson)."""
    where = f".st-key-{key}, [class*='st-key-{key}-']"
    field = page.locator(where).locator("input, textarea").first
    field.fill(text)
    field.press("Tab")  # Streamlit sends a text field's value when it loses focus
    _settle(page)


def _pick(page, key: str, text: str) -> None:
    """Type into the multiselect with ``key`` and take the first option offered."""
    box = page.locator(f".st-key-{key} input")
    box.click()
    box.fill(text)
    page.get_by_role("option").first.click()
    page.keyboard.press("Escape")
    _settle(page)


def _lesson_titles(page) -> list[str]:
    return [
        line.inner_text().split(" · ")[0]
        for line in page.locator("[data-testid='stMarkdownContainer'] p").filter(has_text=" · ").all()
    ]


def test_a_member_records_double_clicks_edits_withdraws_and_undoes(tab, app_url):  # noqa: F811
    from playwright.sync_api import expect

    before = counts(tab, app_url)
    visit(tab, app_url + "/record_lesson")
    choose(tab, "record-action", "car pool")
    _fill(tab, "record-title", TITLE)
    _fill(tab, "record-taught", "Drivers came back because riders knew them by name.")
    _pick(tab, "record-supports", "Grassroots organising")
    # two clicks in the same instant: the second is sent before the first one's answer
    tab.locator(".st-key-record-save button").evaluate("button => { button.click(); button.click(); }")
    _settle(tab)
    expect(tab.get_by_text(f"Saved “{TITLE}”")).to_be_visible(timeout=30_000)
    # the form is empty again, ready for the next lesson
    expect(tab.locator(".st-key-record-title input")).to_have_value("", timeout=30_000)
    expect(tab.locator(".st-key-record-taught textarea")).to_have_value("", timeout=30_000)
    tab.wait_for_timeout(2_000)  # the second click's run, if it came after the first had ended
    _settle(tab)
    expect(tab.locator(".st-key-record-title input")).to_have_value("")

    after_save = counts(tab, app_url)
    assert after_save == (before[0] + 1, before[1] + 1), "a double click must record one lesson"
    visit(tab, app_url)
    assert _lesson_titles(tab).count(TITLE) == 1

    visit(tab, app_url + "/record_lesson")
    tab.get_by_role("tab", name="My lessons").click()
    _settle(tab)
    choose(tab, "mine-pick", "car pool")
    _fill(tab, "mine-title", EDITED)
    tab.locator(".st-key-mine-save button").click()
    _settle(tab)
    expect(tab.get_by_text("earlier version is kept")).to_be_visible(timeout=30_000)
    assert tab.get_by_role("tab", name="My lessons").get_attribute("aria-selected") == "true"

    tab.locator(".st-key-mine-withdraw button").click()
    _settle(tab)
    expect(tab.get_by_text(f"Withdraw “{EDITED}”?")).to_be_visible(timeout=30_000)
    assert counts(tab, app_url) == after_save  # asking withdrew nothing
    visit(tab, app_url + "/record_lesson")
    tab.get_by_role("tab", name="My lessons").click()
    _settle(tab)
    choose(tab, "mine-pick", "car pool")
    tab.locator(".st-key-mine-withdraw button").click()
    _settle(tab)
    tab.locator(".st-key-mine-withdraw-confirm button").click()
    _settle(tab)
    expect(tab.get_by_text("Withdrawn: it stays in your lessons")).to_be_visible(timeout=30_000)
    expect(tab.locator(".st-key-mine-undo-button button")).to_be_visible()

    assert counts(tab) == before, "a withdrawn lesson must leave every count"
    go(tab, "Overview", "Praxis graph")
    assert EDITED not in _lesson_titles(tab)

    go(tab, "Record a lesson", "Record a lesson")
    tab.get_by_role("tab", name="My lessons").click()
    _settle(tab)
    tab.locator(".st-key-mine-undo-button button").click()
    _settle(tab)
    expect(tab.get_by_text("Undone: the lesson counts again.")).to_be_visible(timeout=30_000)
    assert counts(tab) == after_save
    assert tab.elsewhere == [] and tab.dialogs == []


def test_a_reading_group_finds_parecon_focuses_it_and_opens_its_reading_list(tab, app_url):  # noqa: F811
    from playwright.sync_api import expect

    visit(tab, app_url + "/concept_map")
    choose(tab, "map-focus", "Participatory economics")
    expect(tab.get_by_role("heading", name="Participatory economics")).to_be_visible(timeout=30_000)
    visit(tab, app_url + "/readings")
    choose(tab, "readings-concept", "Participatory economics")
    expect(tab.get_by_text("Parecon: Life After Capitalism").first).to_be_attached(timeout=30_000)
    choose(tab, "readings-reading", "Parecon: Life After")
    expect(tab.get_by_role("heading", name="Parecon: Life After Capitalism")).to_be_visible(timeout=30_000)
    assert not tab.locator("[data-testid='stException']").count()


def test_a_strategy_session_asks_downloads_the_brief_and_gets_suggestions(tab, app_url):  # noqa: F811
    from playwright.sync_api import expect

    visit(tab, app_url + "/taught")
    matched = tab.get_by_text(re.compile(r"\d+ actions? match; they taught")).first
    expect(matched).to_be_visible(timeout=30_000)
    tab.get_by_role("tab", name="Brief").click()
    with tab.expect_download() as download:
        tab.locator(".st-key-taught-brief-md button").click()
    brief = Path(download.value.path()).read_text(encoding="utf-8")
    assert brief.startswith("# ") and "lesson" in brief
    # its names link back to their pages on this explorer, which open them
    lesson = re.search(r"^### \[[^\]]+\]\(<([^>]+)>\)", brief, re.MULTILINE).group(1)
    assert lesson.startswith(app_url + "/record?id=")
    visit(tab, lesson)
    expect(tab.locator("[data-testid='stHeading']").first).to_be_visible(timeout=30_000)
    assert not tab.locator("[data-testid='stAlertContentWarning']").count()
    assert not tab.locator("[data-testid='stException']").count()
    visit(tab, app_url + "/suggest")
    choose(tab, "suggest-campaign", "")
    expect(tab.locator("[class*='st-key-suggest-item-']").first).to_be_visible(timeout=60_000)
    assert not tab.locator("[data-testid='stException']").count()


def test_every_page_runs_at_desktop_and_phone_width_and_fetches_nothing_from_elsewhere(
    browser,  # noqa: F811
    served,  # noqa: F811
):
    """Every page at 1400 px and 390 px: no exception, the whole navigation shown (no
    "View more"), "Sign in" where a visitor looks, no Deploy button or developer menu, no
    request to another host (it works with no network), and nothing the explorer's
    Content-Security-Policy refuses nor any script error (the map draws under it). With
    ``$PRAXIS_SHOTS`` set, each page is screenshot there at both widths, to look at."""
    shots = os.environ.get("PRAXIS_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
    visitor = browser.new_context(viewport={"width": 1400, "height": 900})
    page = visitor.new_page()
    visit(page, served.url)
    nav = page.locator("[data-testid='stSidebarNav']")
    assert page.locator("[data-testid='stSidebarNavViewButton']").count() == 0
    assert nav.get_by_text("Sign in").is_visible()
    menu = page.locator("[data-testid='stMainMenu']")
    if menu.count():  # toolbarMode "viewer": what a reader may use, no developer's items
        menu.click()
        items = page.locator("[data-testid='stMainMenuList']").inner_text()
        assert "Clear cache" not in items and "Rerun" not in items and "Deploy" not in items
    visitor.close()
    broken, elsewhere, console = [], [], []
    local = (served.url, "data:", "about:", "blob:")
    for width, height in ((1400, 1000), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.on("console", lambda message: console.append(message.text))
        context.on("weberror", lambda error: console.append(f"page error: {error.error}"))
        page = context.new_page()
        page.on("request", lambda request: request.url.startswith(local) or elsewhere.append(request.url))
        visit(page, served.login)
        links = [a.get_attribute("href") for a in page.locator("[data-testid='stSidebarNav'] a").all()]
        assert len(links) == len(PAGES)  # the organiser's every page
        for link in links:
            visit(page, link)
            error = page.locator("[data-testid='stException']")
            if error.count():
                broken.append((width, link, error.first.inner_text()[:500]))
            assert page.locator("[data-testid='stAppDeployButton']").count() == 0
            if link.endswith("/concept_map"):
                drawn = map_frame(page)
                assert drawn.evaluate("() => document.querySelector('.praxis-map canvas').width") > 100
                assert drawn.evaluate("() => nodes.length") > 5
            if shots:
                page.wait_for_timeout(500)  # the map's and the graphs' drawing, for the eye
                name = urlparse(link).path.strip("/") or "overview"
                page.screenshot(path=str(Path(shots) / f"{name}-{width}.png"), full_page=True)
        context.close()
    assert broken == []
    assert elsewhere == []
    assert [text for text in console if "Content Security Policy" in text or "page error" in text] == []
