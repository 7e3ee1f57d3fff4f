"""Pages offered per role, and member pages refusing visitors who type their address."""

from __future__ import annotations

from graph.access import Viewer


def offered(viewer: Viewer) -> set[str]:
    from explorer.navigation import offered

    return {spec.title for spec in offered(viewer)}


def test_every_page_file_is_in_the_table():
    from explorer.navigation import PAGES
    from tests.conftest import ROOT

    files = {path.name for path in (ROOT / "explorer" / "pages").glob("*.py")}
    assert files == {spec.file for spec in PAGES}


def test_visitors_are_not_offered_member_pages():
    assert "Record a lesson" not in offered(Viewer.visitor())
    assert "Assess actions" not in offered(Viewer.visitor())
    assert {"Record a lesson", "Assess actions"} <= offered(Viewer.member("wren"))
    assert offered(Viewer.organiser()) == offered(Viewer.member("wren"))


def test_a_visitor_reaching_a_member_page_by_address_gets_a_message(page):
    for name in ("record_lesson", "assess"):
        app = page(name, Viewer.visitor())
        assert not app.exception
        assert "This page is for members" in app.warning[0].value
        assert not app.button, f"{name} showed a form to a visitor"


def test_a_visitor_finds_sign_in_at_the_top_of_the_navigation():
    """Regression: Account was hidden behind "View 3 more"; members must find it to sign in."""
    from explorer import navigation

    top = [page.title for page in navigation.sections(Viewer.visitor())[""]]
    assert top == ["Overview", "Search", "Sign in"]
    member = navigation.sections(Viewer.member("wren"))
    assert "Account" in [page.title for page in member["Data"]]
