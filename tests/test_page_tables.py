"""Names in the explorer's tables are links to their record pages (issue 19): each such
column is a LinkColumn whose cells are record addresses, showing the name."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from explorer import links
from graph.access import Viewer
from graph.views.records import RecordKind, parse_record_id, record, record_id

CLAIM = "https://w3id.org/praxis/id/claim-three-point-five-percent"
LESSON = "https://w3id.org/praxis/id/lesson-3b685a"


def shown(address: str) -> str:
    """What the browser shows for ``address``: the regex's group, decoded as the frontend does."""
    assert re.match(links.CELL_TEXT, address), address
    return links.shown(address)


def opened(address: str) -> str:
    """The id the record page reads from ``address``."""
    assert address.startswith("record?"), address
    (found,) = parse_qs(urlsplit(address).query)["id"]
    return found


def table(app, *columns: str):
    """The one table with ``columns``, as (frame, column config)."""
    (found,) = [d for d in app.dataframe if set(columns) <= set(d.value.columns)]
    return found.value, json.loads(found.proto.columns)


def assert_names_link(app, frame, config, column: str, *kinds: RecordKind, viewer: Viewer) -> list[str]:
    """``column`` is a link column whose cells show a record's name and open that record."""
    from explorer import state

    kind = config[column]["type_config"]
    assert kind == {"type": "link", "display_text": links.CELL_TEXT}
    assert config[column].get("alignment") == "left"
    ids = []
    for address in frame[column].dropna():
        iri = parse_record_id(opened(address))
        found = record(state.store(), viewer, iri)
        assert found is not None and found.kind in kinds, address
        assert shown(address) == found.label, address
        ids.append(record_id(iri))
    assert ids, f"no name in {column}"
    return ids


@pytest.mark.parametrize(
    "name", ["Parecon", "R&D + 100% more #2", "Économie participative", "two\nlines", "a=b?c/d"]
)
def test_a_table_cell_shows_the_name_and_opens_the_record_whatever_the_name_holds(name):
    address = links.cell(name, "https://w3id.org/praxis/vocab/parecon")
    assert shown(address) == name
    assert opened(address) == "pxv:parecon"
    assert links.cell(name, None) is None


def test_sorting_a_link_column_sorts_by_name():
    names = ["Voting", "Affinity groups", "Mutual aid", "affinity"]
    addresses = [links.cell(name, f"https://w3id.org/praxis/vocab/n{i}") for i, name in enumerate(names)]
    assert [shown(a) for a in sorted(addresses)] == sorted(names)


def test_practice_vs_theory_names_link_in_the_ranking_the_lessons_and_the_readings(page):
    viewer = Viewer.organiser()
    app = page("practice_vs_theory", viewer)
    assert not app.exception
    frame, config = table(app, "due_for_review")
    assert config["label"]["label"] == "concept or claim" and config["label"]["width"] == "large"
    ids = assert_names_link(app, frame, config, "label", RecordKind.CONCEPT, RecordKind.CLAIM, viewer=viewer)
    assert record_id(CLAIM) in ids and len(ids) == len(frame) == len(set(ids))
    assert list(frame["score"]) == sorted(frame["score"], reverse=True)  # the ranking's order kept

    app.selectbox(key="practice-target").select(CLAIM).run()
    frame, config = table(app, "what it taught")
    assert record_id(LESSON) in assert_names_link(
        app, frame, config, "lesson", RecordKind.LESSON, viewer=viewer
    )
    assert_names_link(app, frame, config, "action", RecordKind.ACTION, viewer=viewer)
    assert set(assert_names_link(app, frame, config, "tagged to", RecordKind.CLAIM, viewer=viewer)) == {
        record_id(CLAIM)
    }
    frame, config = table(app, "authors")
    assert_names_link(app, frame, config, "title", RecordKind.READING, viewer=viewer)


def test_what_past_actions_taught_names_link_in_lessons_indicators_and_methods(page):
    viewer = Viewer.organiser()
    app = page("taught", viewer)
    assert not app.exception
    frame, config = table(app, "what it taught")
    lessons = assert_names_link(app, frame, config, "lesson", RecordKind.LESSON, viewer=viewer)
    assert record_id(LESSON) in lessons
    assert_names_link(app, frame, config, "action", RecordKind.ACTION, viewer=viewer)
    assert_names_link(
        app, frame, config, "about", RecordKind.CONCEPT, RecordKind.CLAIM, RecordKind.CAMPAIGN, viewer=viewer
    )
    assert config["reading link"]["type_config"]["display_text"] == "open"  # the reading's own URL stays
    frame, config = table(app, "share +2")
    assert_names_link(app, frame, config, "indicator", RecordKind.CONCEPT, viewer=viewer)
    frame, config = table(app, "estimate")
    assert_names_link(app, frame, config, "indicator", RecordKind.CONCEPT, viewer=viewer)
    assert_names_link(app, frame, config, "method", RecordKind.CONCEPT, viewer=viewer)


def test_the_overviews_campaigns_link_and_keep_their_room(page):
    from explorer import state
    from graph import views

    viewer = Viewer.organiser()
    app = page("overview", viewer)
    assert not app.exception
    frame, config = table(app, "campaign", "since")
    assert config["campaign"]["width"] == 360
    ids = assert_names_link(app, frame, config, "campaign", RecordKind.CAMPAIGN, viewer=viewer)
    assert ids == [record_id(c.iri) for c in views.overview(state.store(), viewer).campaigns]


def test_reading_lists_indicators_assessments_and_my_lessons_link_their_names(page):
    member = Viewer.member("wren")
    organiser = Viewer.organiser()
    app = page("readings", organiser)
    app.selectbox(key="readings-concept").select("https://w3id.org/praxis/vocab/parecon").run()
    frame, config = table(app, "why")
    assert config["title"]["width"] == "medium"
    titles = assert_names_link(app, frame, config, "title", RecordKind.READING, viewer=organiser)
    assert "px:reading-albert-2003-parecon" in titles

    app = page("indicators", organiser)
    frame, config = table(app, "what to look for")
    assert_names_link(app, frame, config, "indicator", RecordKind.CONCEPT, viewer=organiser)
    frame, config = table(app, "mean score")
    assert_names_link(app, frame, config, "campaign", RecordKind.CAMPAIGN, viewer=organiser)
    assert_names_link(app, frame, config, "indicator", RecordKind.CONCEPT, viewer=organiser)

    from explorer import state
    from graph import practice

    app = page("assess", member)
    assessed = next(
        action.iri
        for action in practice.all_actions(state.store(), member)
        if practice.list_assessments(state.store(), member, action=str(action.iri))
    )
    app.selectbox(key="assess-action").set_value(assessed).run()
    frame, config = table(app, "assessor")
    assert_names_link(app, frame, config, "indicator", RecordKind.CONCEPT, viewer=member)

    app = page("record_lesson", member)
    frame, config = table(app, "withdrawn")
    assert config["lesson"]["width"] == "large" and config["action"]["width"] == "medium"
    assert_names_link(app, frame, config, "lesson", RecordKind.LESSON, viewer=member)
    assert_names_link(app, frame, config, "action", RecordKind.ACTION, viewer=member)


def test_the_programmes_sessions_skills_and_planned_readings_link_their_names(page):
    from tests.test_page_programme import TODAY

    viewer = Viewer.organiser()
    app = page("programme", viewer)
    app.date_input(key="programme-today").set_value(TODAY).run()
    assert not app.exception
    frame, config = table(app, "facilitators", "notes")  # past sessions
    assert_names_link(app, frame, config, "title", RecordKind.SESSION, viewer=viewer)
    assert config["title"]["width"] == "medium"
    frame, config = table(app, "last practised")
    assert_names_link(app, frame, config, "skill", RecordKind.CONCEPT, viewer=viewer)
