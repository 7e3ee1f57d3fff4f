"""The peers' schedule in the serving process (issue 22, "a schedule in the serving process"):
a real ``oxigraph serve`` holds our store, as under ``praxis serve``, and each followed chapter
is a loopback web server serving what it published."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler

import pyoxigraph as ox
import pytest

from graph.access import Viewer
from graph.peers import add_peer, find_peer, peers, sync_peer
from graph.peers.schedule import Plan, SyncSchedule, planned, status_path, write_plan
from graph.publish import publish
from graph.store import PraxisStore, open_store
from tests.loopback import Route
from tests.test_peers import LIMITS, public_records, snapshot
from tests.test_serve import wait_until

ORGANISER = Viewer.organiser()
#: A schedule whose interval is over in a second and a half: the next round comes at once.
SOON = 1.5 / 3600


@pytest.fixture
def served(oxigraph_server, ontology_quads) -> PraxisStore:
    """Our store behind a real server, as ``praxis serve`` holds it."""
    store = open_store(oxigraph_server)
    store.load_trusted(ontology_quads)
    return store


class Heard(list):
    """What a schedule reports, kept for the test to read."""

    def __call__(self, text: str) -> None:
        self.append(text)

    def about(self, words: str) -> int:
        return sum(words in text for text in self)


@pytest.fixture
def heard() -> Heard:
    return Heard()


@pytest.fixture
def running():
    """``running(schedule)`` starts it; every schedule started is stopped after the test."""
    started: list[SyncSchedule] = []

    def start(schedule: SyncSchedule) -> SyncSchedule:
        started.append(schedule.start())
        return schedule

    yield start
    for schedule in started:
        schedule.stop()


def counted(route: Route, hits: list[float]) -> Route:
    """``route``, noting when each request came."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        hits.append(time.monotonic())
        route(handler)

    return answer


@pytest.mark.remote
def test_the_schedule_syncs_a_published_chapter_and_plans_the_next_sync_an_interval_later(
    served, seeded, tmp_path, heard, running
):
    from bench.peers import serving

    publish(seeded, tmp_path / "site", title="North chapter")
    published = list(ox.parse(path=str(tmp_path / "site" / "dump.nt"), format=ox.RdfFormat.N_TRIPLES))
    status = tmp_path / "peer-sync.json"
    with serving(tmp_path / "site") as base:
        add_peer(served, "north", f"{base}/void.ttl", ORGANISER)
        running(SyncSchedule(served.url, status=status, hours=2, report=heard))
        wait_until(lambda: heard.about("synced north"), 60, "the scheduled sync")
    (peer,) = peers(served, ORGANISER)
    assert peer.snapshot is not None and peer.error is None
    assert peer.snapshot.statements == len(published) == len(snapshot(served, "north"))
    assert heard.about(f"synced north on schedule: {len(published):,} statements") == 1
    expected = Plan(2.0, {"north": peer.snapshot.taken + dt.timedelta(hours=2)})
    wait_until(lambda: planned(status) == expected, 10, "the plan: the next sync two hours later")


@pytest.mark.remote
def test_a_failing_peer_is_noted_and_the_next_round_still_syncs_the_others(
    served, site, other_site, heard, running
):
    site.publish(public_records())
    other_site.routes.clear()  # south answers 404 to everything
    add_peer(served, "north", site.url(), ORGANISER)
    add_peer(served, "south", other_site.url(), ORGANISER)
    running(SyncSchedule(served.url, hours=SOON, limits=LIMITS, report=heard))
    wait_until(lambda: heard.about("synced north") and heard.about("sync of south failed"), 60, "a round")
    south = find_peer(served, "south", ORGANISER)
    assert south.snapshot is None and "404" in south.error  # noted on its record
    changed = public_records("Leaflets alone brought nobody")
    site.publish(changed)
    wait_until(lambda: snapshot(served, "north") == set(changed), 60, "the next round")
    wait_until(lambda: heard.about("sync of south failed") >= 2, 60, "south tried again")
    assert find_peer(served, "north", ORGANISER).error is None


@pytest.mark.remote
def test_a_restart_does_not_sync_again_a_peer_synced_less_than_an_interval_ago(
    served, site, other_site, tmp_path, heard, running
):
    site.publish(public_records())
    other_site.publish(public_records())
    add_peer(served, "north", site.url(), ORGANISER)
    add_peer(served, "south", other_site.url(), ORGANISER)
    taken = sync_peer(served, "north", ORGANISER, limits=LIMITS)  # as before the restart
    north, south = [], []
    site.routes["/void.ttl"] = counted(site.routes["/void.ttl"], north)
    other_site.routes["/void.ttl"] = counted(other_site.routes["/void.ttl"], south)
    status = status_path(tmp_path / "store")
    running(SyncSchedule(served.url, status=status, hours=1, limits=LIMITS, report=heard))
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=59)
    wait_until(lambda: heard.about("synced south"), 60, "south, never synced, synced at once")
    wait_until(lambda: planned(status).next["south"] > soon, 10, "south's next sync an hour later")
    plan = planned(status)
    assert plan.next["north"] == taken.taken + dt.timedelta(hours=1)
    assert north == [] and len(south) == 1


@pytest.mark.remote
def test_stop_returns_at_once_while_the_schedule_waits(served, site, heard, running):
    site.publish(public_records())
    add_peer(served, "north", site.url(), ORGANISER)
    schedule = running(SyncSchedule(served.url, hours=1, limits=LIMITS, report=heard))
    wait_until(lambda: heard.about("synced north"), 60, "the first sync")
    started = time.monotonic()
    schedule.stop()
    assert time.monotonic() - started < 1


@pytest.mark.remote
def test_stopping_mid_round_finishes_the_peer_under_way_and_leaves_the_rest(
    served, site, other_site, heard, running
):
    published = public_records()
    site.publish(published)
    other_site.publish(public_records())
    asked = threading.Event()
    description = site.routes["/void.ttl"]

    def slow(handler: BaseHTTPRequestHandler) -> None:
        asked.set()
        time.sleep(1)
        description(handler)

    site.routes["/void.ttl"] = slow
    add_peer(served, "a-north", site.url(), ORGANISER)  # peers sync in the order of their names
    add_peer(served, "b-south", other_site.url(), ORGANISER)
    schedule = running(SyncSchedule(served.url, hours=1, limits=LIMITS, report=heard))
    assert asked.wait(60)
    started = time.monotonic()
    schedule.stop()
    assert time.monotonic() - started < 2.5
    assert snapshot(served, "a-north") == set(published)  # the sync under way ended, whole
    assert find_peer(served, "b-south", ORGANISER).snapshot is None and snapshot(served, "b-south") == set()
    assert heard.about("b-south") == 0


@pytest.mark.remote
def test_the_schedule_idles_while_no_chapter_is_followed_and_syncs_one_followed_later(
    served, site, tmp_path, heard, running
):
    status = tmp_path / "peer-sync.json"
    running(SyncSchedule(served.url, status=status, hours=1, look=0.2, limits=LIMITS, report=heard))
    wait_until(lambda: planned(status) is not None, 30, "the first look")
    assert planned(status).next == {} and heard == []
    site.publish(public_records())
    add_peer(served, "north", site.url(), ORGANISER)
    wait_until(lambda: heard.about("synced north"), 30, "the peer followed meanwhile")


@pytest.mark.remote
def test_a_stopped_schedule_removes_its_plan_and_a_dead_ones_plan_is_ignored(served, tmp_path):
    status = tmp_path / "peer-sync.json"
    schedule = SyncSchedule(served.url, status=status, hours=1).start()
    wait_until(lambda: planned(status) is not None, 30, "the first look")
    schedule.stop()
    assert not status.exists() and planned(status) is None
    write_plan(status, Plan(24.0, {}))
    assert planned(status) == Plan(24.0, {})
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    written = json.loads(status.read_text())
    status.write_text(json.dumps(written | {"pid": int(ended.stdout)}))  # as a killed praxis serve left it
    assert planned(status) is None


@pytest.mark.parametrize("given", ["daily", "0", "-1"])
def test_a_sync_schedule_that_is_not_a_positive_number_is_a_message_naming_it(monkeypatch, given):
    from graph.errors import PraxisError

    monkeypatch.setenv("PRAXIS_PEER_SYNC_HOURS", given)
    with pytest.raises(PraxisError, match=r"\$PRAXIS_PEER_SYNC_HOURS \(hours between peer syncs\) must be"):
        SyncSchedule("memory:")


def test_the_data_page_says_when_the_next_scheduled_sync_is_due_or_that_syncs_are_on_demand(
    app_store, tmp_path, monkeypatch
):
    from explorer import state
    from tests.conftest import page_runner

    monkeypatch.delenv("PRAXIS_PEER_SYNC_STATUS", raising=False)
    run = page_runner()
    add_peer(state.store(), "north", "https://north.example.org/void.ttl", ORGANISER)  # the page's store
    on_demand = run("data")
    assert not on_demand.exception
    assert any("only on demand" in c.value for c in on_demand.caption)
    due = dt.datetime(2036, 12, 8, 6, 30, tzinfo=dt.UTC)
    write_plan(status_path(tmp_path / "app-store"), Plan(24.0, {"north": due}))
    scheduled = run("data")
    assert not scheduled.exception
    assert any("every 24 hours" in c.value for c in scheduled.caption)
    assert any("Next scheduled sync: 2036-12-08 06:30 UTC" in c.value for c in scheduled.caption)
    assert not any("only on demand" in c.value for c in scheduled.caption)
