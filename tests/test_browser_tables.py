"""A name in a table (``st.dataframe``, drawn on a canvas) opens its record page in the same
tab and session, in a real browser (chromium). Screenshots go to ``$PRAXIS_SHOTS`` when set."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.test_browser import (  # noqa: F401  (fixtures)
    IDLE,
    app_url,
    browser,
    served,
    tab,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROW = 35  # Streamlit's default row height, the header's included


def shot(page, name: str) -> None:
    folder = os.environ.get("PRAXIS_SHOTS")
    if folder:
        page.wait_for_selector(IDLE, timeout=60_000)
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def name_cell(page, row: int = 0) -> tuple[float, float]:
    """Where the first column's text of ``row`` is in the page's first table."""
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    return box["x"] + 24, box["y"] + ROW * (row + 1) + ROW / 2


def test_a_click_on_a_name_in_the_practice_table_opens_its_record_page_in_this_tab(tab, app_url):  # noqa: F811
    from playwright.sync_api import expect

    visit(tab, app_url + "/practice_vs_theory")
    tab.locator("[data-testid='stDataFrame'] canvas").first.wait_for(timeout=30_000)
    shot(tab, "practice-table")
    opened = []
    tab.context.on("page", lambda page: opened.append(page))
    x, y = name_cell(tab)  # the ranking, the page's first table
    tab.mouse.move(x, y)
    tab.mouse.click(x, y)
    tab.wait_for_url(
        lambda url: (
            url.startswith(app_url + "/record?")
            and parse_qs(urlsplit(url).query).get("id") == ["px:claim-three-point-five-percent"]
        ),
        timeout=30_000,
    )
    main = tab.locator("[data-testid='stMain']")
    expect(main.get_by_role("heading", name="The 3.5% participation threshold")).to_be_visible(timeout=30_000)
    assert "local organiser" in tab.locator("[data-testid='stSidebar']").inner_text()  # the same session
    assert opened == [], "the name opened another tab (a new session)"
    shot(tab, "practice-table-record")


def test_a_members_only_campaign_clicked_in_the_overview_opens_for_the_member_who_clicked(tab, app_url):  # noqa: F811
    """A new tab is a new session, where a password sign-in is gone: a members-only record
    opened there would say "not found". Opened here, the organiser sees it."""
    from playwright.sync_api import expect

    visit(tab, app_url + "/")
    tab.locator("[data-testid='stDataFrame'] canvas").first.wait_for(timeout=30_000)
    shot(tab, "overview-campaigns")
    frame = tab.locator("[data-testid='stDataFrame']").first
    rows = int(frame.bounding_box()["height"] // ROW) - 1
    for row in range(rows):  # the housing campaign's row, whatever the order
        visit(tab, app_url + "/")
        tab.locator("[data-testid='stDataFrame'] canvas").first.wait_for(timeout=30_000)
        x, y = name_cell(tab, row)
        tab.mouse.move(x, y)
        tab.mouse.click(x, y)
        tab.wait_for_url(lambda url: "/record?" in url, timeout=30_000)
        tab.wait_for_selector(IDLE, timeout=60_000)
        if "campaign-housing" in tab.url:
            break
    else:
        pytest.fail("no campaign in the overview's table opened the housing campaign")
    main = tab.locator("[data-testid='stMain']")
    expect(main.get_by_role("heading", name="Tenants' housing campaign (our chapter)")).to_be_visible(
        timeout=30_000
    )
    assert "not found" not in main.inner_text().lower()
    shot(tab, "overview-campaign-record")


def test_a_ctrl_click_on_a_name_in_a_table_opens_a_new_tab_as_the_reader_asked(tab, app_url):  # noqa: F811
    visit(tab, app_url + "/practice_vs_theory")
    tab.locator("[data-testid='stDataFrame'] canvas").first.wait_for(timeout=30_000)
    x, y = name_cell(tab)
    tab.mouse.move(x, y)
    with tab.context.expect_page(timeout=30_000) as opened:
        tab.keyboard.down("Control")
        tab.mouse.click(x, y)
        tab.keyboard.up("Control")
    assert "record?name=" in opened.value.url and "id=px" in opened.value.url
    assert tab.url.endswith("/practice_vs_theory")  # this tab stays where it was
