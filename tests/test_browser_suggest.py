"""Readings for a new campaign in a real browser: a description is applied with the Suggest
button (not by a key chord only a browser knows), what it was read as is shown and can be
changed, and a long chain's links open behind "how".

Uses the explorer that ``tests/test_browser.py`` starts (same fixtures); screenshots go
to ``$PRAXIS_SHOTS`` when it is set.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

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

TEXT = "a rent strike in student halls against above-inflation rent rises"


def shot(page, name: str) -> None:
    folder = os.environ.get("PRAXIS_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def settle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=60_000)


def test_a_new_campaign_is_read_as_the_graph_sees_it_and_changed_before_ranking_again(tab, app_url):  # noqa: F811
    from playwright.sync_api import expect

    visit(tab, app_url + "/suggest")
    tab.get_by_text("A new campaign, described in words").click()
    settle(tab)
    tab.locator(".st-key-suggest-text textarea").fill(TEXT)
    shot(tab, "1-typed")
    expect(tab.get_by_text("Read as:")).to_have_count(0)
    tab.get_by_role("button", name="Suggest").click()
    settle(tab)
    expect(tab.get_by_text("Read as:")).to_be_visible()
    keep = tab.locator(".st-key-suggest-keep-rent-withholding")
    expect(keep).to_contain_text('Rent withholding (a method of action: "rent strike")')
    first = tab.locator("[class*='st-key-suggest-item-']").first
    expect(first).to_contain_text("1. ")
    expect(first).to_contain_text("ranked on")
    shot(tab, "2-read-as")
    body = tab.locator("[data-testid='stMain']").inner_text()
    assert "your description resembles" in body and "shares words with your description" in body

    # take off the past campaign it was read as: its reasons leave the list
    housing = tab.locator(".st-key-suggest-keep-campaign-housing")
    expect(housing).to_contain_text("Tenants' housing campaign")
    housing.locator("label").click()
    settle(tab)
    body = tab.locator("[data-testid='stMain']").inner_text()
    assert "Tenants' housing campaign (our chapter), which your description resembles" not in body
    assert "a campaign your description resembles (rent, halls" not in body
    # add a concept: readings that discuss it say so
    box = tab.locator(".st-key-suggest-concepts input")
    box.click()
    box.fill("Community mental health")
    tab.get_by_role("option").first.click()
    tab.keyboard.press("Escape")
    settle(tab)
    body = tab.locator("[data-testid='stMain']").inner_text()
    assert "discusses community mental health, which you added" in body
    tab.locator("[class*='st-key-suggest-item-']").first.scroll_into_view_if_needed()
    shot(tab, "3-changed")
    ranked = [float(x) for x in re.findall(r"ranked on (\d+\.\d+)", body)]
    assert len(ranked) == 10 and ranked == sorted(ranked, reverse=True)


def test_a_long_chain_shows_its_first_and_last_link_and_every_link_behind_how(tab, app_url):  # noqa: F811
    from playwright.sync_api import expect

    visit(tab, app_url + "/suggest")
    tab.locator(".st-key-suggest-concluded label").click()
    settle(tab)
    box = tab.locator(".st-key-suggest-campaign input[role='combobox']")
    box.click()
    box.fill("Argentine recovered")
    tab.get_by_role("option").first.click()
    settle(tab)
    how = tab.get_by_text("how: every link of the chain").first
    expect(how).to_be_visible()
    item = tab.locator("[class*='st-key-suggest-item-']").filter(has=how).first
    expect(item).to_contain_text("which is linked")
    how.click()
    expect(item).to_contain_text("→")
    item.scroll_into_view_if_needed()
    shot(tab, "4-how")


def test_on_a_phone_the_read_as_choices_and_the_reasons_fit_the_screen(browser, served, app_url):  # noqa: F811
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        visit(phone, served.login)
        visit(phone, app_url + "/suggest")
        phone.get_by_text("A new campaign, described in words").click()
        settle(phone)
        phone.locator(".st-key-suggest-text textarea").fill(TEXT)
        phone.get_by_role("button", name="Suggest").click()
        settle(phone)
        expect(phone.locator(".st-key-suggest-keep-rent-withholding")).to_be_visible()
        shot(phone, "5-phone")
        wide = phone.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 390
    finally:
        context.close()
