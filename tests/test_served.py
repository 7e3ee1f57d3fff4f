"""The explorer as ``make run`` serves it: who is the local organiser, and what every response says.

Regression for issue 16 item 4: behind the README's nginx snippet every request reached
the explorer with ``Host: 127.0.0.1:8501`` and no forwarding header, so a script through
the proxy was the local organiser and read restricted records. Now only the login link
the explorer prints makes anyone the local organiser. A WebSocket client speaking
Streamlit's own protocol (``BackMsg``/``ForwardMsg``) asks for the overview with loopback
``Host`` and ``Origin``, with forged forwarding headers and with made-up cookies, and must
be served the visitor's page; with the cookie the link sets, the same client is the
organiser (so the check can fail). Chromium checks the link, the reload, and that the
Content-Security-Policy stops an injected handler (every page under the policy is walked
by ``test_browser_trust.py``'s walk of every page).
"""

from __future__ import annotations

import asyncio
import re
import secrets
import socket
import stat
import time

import pytest

from graph.access import Role, Viewer, Visibility
from graph.accounts import Users
from graph.store import open_store
from tests import data
from tests.loopback import fetch
from tests.test_browser import ARGS, CHROMIUM, IDLE, _need_chromium, running_app, visit

pytestmark = pytest.mark.xdist_group("served")

MARKERS = {
    Visibility.PUBLIC: "Public marker lesson kestrel",
    Visibility.MEMBERS: "Members marker lesson kestrel",
    Visibility.RESTRICTED: "Restricted marker lesson kestrel",
}
VISITOR_NOTE = "browsing as a **visitor**"
ORGANISER_NOTE = "you are the **local organiser**"


@pytest.fixture(scope="module")
def served(tmp_path_factory, seed_quads):
    """The explorer on the seed plus one lesson per visibility, dated after all others (so
    the overview's latest lessons show each one its reader may see)."""
    folder = tmp_path_factory.mktemp("served")
    store = open_store(f"oxigraph:{folder / 'store'}")
    store.load_trusted(seed_quads)
    author, statements = data.member("kestrel", visibility=Visibility.PUBLIC)
    for day, (level, title) in enumerate(MARKERS.items(), start=1):
        action, action_statements = data.action(level)
        _lesson, lesson_statements = data.lesson(action, author, visibility=level, title=title)
        statements += action_statements + data.dated(lesson_statements, f"2099-01-0{day}")
    store.write(statements, viewer=Viewer.organiser())
    del store
    with running_app(f"oxigraph:{folder / 'store'}", folder) as running:
        yield running


def overview(served, *, host: str | None = None, origin: str | None = "same", headers=(), cookie=None) -> str:
    """Everything the explorer sends a WebSocket client that asks for the overview, as text.

    ``host`` is what the ``Host`` header says (the connection always goes to loopback);
    ``origin`` "same" sends the matching ``Origin``, as a browser would."""
    from google.protobuf import text_format
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    port = int(served.url.rsplit(":", 1)[1])
    host = host or f"127.0.0.1:{port}"
    extra = list(headers) + ([("Cookie", cookie)] if cookie else [])
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    with connect(
        f"ws://{host}/_stcore/stream",
        sock=connection,
        origin=f"http://{host}" if origin == "same" else origin,
        subprotocols=["streamlit"],
        additional_headers=extra,
        open_timeout=10,
    ) as client:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        rerun.rerun_script.page_script_hash = ""
        client.send(rerun.SerializeToString())
        texts, deadline = [], time.monotonic() + 60
        while time.monotonic() < deadline:
            message = ForwardMsg()
            message.ParseFromString(client.recv(timeout=60))
            texts.append(text_format.MessageToString(message, as_utf8=True))
            if message.WhichOneof("type") == "script_finished":
                return "\n".join(texts)
    raise AssertionError("the overview never finished")


def login_cookie(served) -> str:
    status, headers, _ = fetch(served.login)
    assert status == 303
    return headers["Set-Cookie"].split(";", 1)[0]


def assert_visitor(page: str) -> None:
    assert VISITOR_NOTE in page
    assert MARKERS[Visibility.PUBLIC] in page  # the overview did render its lessons
    assert MARKERS[Visibility.MEMBERS] not in page
    assert MARKERS[Visibility.RESTRICTED] not in page
    assert "Record a lesson" not in page  # the navigation offers no member pages


LOOPBACK_TRICKS = {
    "loopback Host and Origin, as the README's old nginx snippet sent": {},
    "forged forwarding headers": {
        "headers": [
            ("X-Forwarded-For", "127.0.0.1"),
            ("X-Real-IP", "127.0.0.1"),
            ("Forwarded", "for=127.0.0.1;host=127.0.0.1"),
            ("X-Forwarded-Host", "127.0.0.1"),
        ]
    },
    "Host localhost": {"host": "localhost"},
    "a public name with a client address, as a proxy sends": {
        "host": "praxis.example.org",
        "headers": [("X-Forwarded-For", "203.0.113.5"), ("X-Forwarded-Proto", "https")],
    },
    "no Origin at all": {"origin": None},
}


@pytest.mark.parametrize("trick", LOOPBACK_TRICKS.values(), ids=LOOPBACK_TRICKS.keys())
def test_a_script_without_the_login_link_is_a_visitor(served, trick):
    """Regression: these requests made a script the local organiser."""
    assert_visitor(overview(served, **trick))


def test_the_cookie_the_login_link_sets_makes_the_organiser(served):
    page = overview(served, cookie=login_cookie(served))
    assert ORGANISER_NOTE in page
    assert all(marker in page for marker in MARKERS.values())
    assert "Record a lesson" in page


@pytest.mark.parametrize(
    "cookie",
    [
        "praxis_organiser=" + secrets.token_hex(32),
        "praxis_organiser=",
        "praxis_organiser=1; praxis_organiser_x=1",
    ],
    ids=["random", "empty", "two"],
)
def test_a_made_up_cookie_is_a_visitor(served, cookie):
    assert_visitor(overview(served, cookie=cookie))


def test_the_token_itself_is_not_the_cookie(served):
    token = served.login.split("token=", 1)[1]
    assert_visitor(overview(served, cookie=f"praxis_organiser={token}"))


def test_the_link_is_printed_once_and_kept_for_its_owner_only(served):
    kept = served.folder / "login-link"
    assert kept.read_text().strip() == served.login
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    printed = [line for line in served.output if "/login?token=" in line]
    assert len(printed) == 1 and "use the explorer as the local organiser" in printed[0]
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/login\?token=[\w-]{40,}", served.login)


def test_opening_the_link_sets_a_strict_cookie_and_takes_the_token_out_of_the_address(served):
    status, headers, _ = fetch(served.login)
    assert (status, headers["Location"]) == (303, "/")
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("praxis_organiser=")
    assert {"HttpOnly", "Path=/", "SameSite=strict"} <= {part.strip() for part in cookie.split(";")}
    assert "Secure" not in cookie  # plain http on loopback: a Secure cookie would never come back
    assert "no-store" in headers["Cache-Control"]
    _, proxied, _ = fetch(served.login, headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in proxied["Set-Cookie"]  # https at the proxy in front


@pytest.mark.parametrize("query", ["", "?token=", "?token=wrong", "?token=%00"])
def test_a_wrong_token_is_refused(served, query):
    status, headers, body = fetch(served.url + "/login" + query)
    assert status == 403
    assert headers["Set-Cookie"] is None
    assert b"not valid" in body


def _static_script(served) -> str:
    _, _, page = fetch(served.url + "/")
    return "/" + re.search(rb'src="\./(static/js/[^"]+\.js)"', page).group(1).decode()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/concept_map",
        "/favicon.png",
        "/_stcore/health",
        "/no-such-page",
        "/login?token=wrong",
        "LOGIN",
        "JS",
    ],
)
def test_every_response_carries_the_security_headers(served, path):
    if path == "LOGIN":
        url = served.login
    elif path == "JS":
        url = served.url + _static_script(served)
    else:
        url = served.url + path
    status, headers, _ = fetch(url)
    assert status in (200, 303, 403, 404), status
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "script-src-attr 'none'" in policy
    assert "connect-src 'self'" in policy
    assert "unsafe-eval" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/metrics/", "//_stcore/metrics"])
def test_metrics_are_not_served(served, path):
    status, _headers, body = fetch(served.url + path)
    assert status == 404
    assert b"session" not in body


def test_developer_messages_from_a_browser_are_dropped():
    """``clear_cache`` from any visitor would empty every cache of the process for everyone."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    from explorer.hardening import Hardening

    def frame(kind: str) -> dict:
        message = BackMsg()
        if kind == "rerun_script":
            message.rerun_script.query_string = ""
        else:
            setattr(message, kind, True)
        return {"type": "websocket.receive", "bytes": message.SerializeToString()}

    incoming = [
        frame("clear_cache"),
        frame("load_git_info"),
        frame("rerun_script"),
        {"type": "websocket.disconnect"},
    ]
    passed = []

    async def streamlit(scope, receive, send):
        while (message := await receive())["type"] != "websocket.disconnect":
            passed.append(message)

    async def receive():
        return incoming.pop(0)

    asyncio.run(Hardening(streamlit)({"type": "websocket", "path": "/_stcore/stream"}, receive, None))
    kinds = [BackMsg.FromString(message["bytes"]).WhichOneof("type") for message in passed]
    assert kinds == ["rerun_script"]


def test_with_users_configured_no_link_is_offered(tmp_path, ontology_quads):
    """Once a chapter has users, organisers sign in, so every change has a nickname."""
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    store.load_trusted(ontology_quads)
    del store
    Users().with_user("heron", Role.ORGANISER, "a long passphrase").save(tmp_path / "users.toml")
    (tmp_path / "login-link").write_text("http://127.0.0.1:1/login?token=stale\n")
    with running_app(f"oxigraph:{tmp_path / 'store'}", tmp_path) as running:
        assert running.login is None
        assert any("Users are configured" in line for line in running.output)
        assert not (tmp_path / "login-link").exists()  # no stale link left to find
        assert fetch(running.url + "/login?token=stale")[0] == 403
        page = overview(running)
        assert VISITOR_NOTE in page and "Sign in to see more" in page


# In a real browser.


@pytest.fixture(scope="module")
def chromium(served):
    from playwright.sync_api import sync_playwright

    _need_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(chromium):
    """A fresh browser profile (no cookies), whose console messages are kept."""
    context = chromium.new_context(viewport={"width": 1500, "height": 1100})
    context.console = []
    context.on("console", lambda message: context.console.append(message.text))
    context.on("weberror", lambda error: context.console.append(f"page error: {error.error}"))
    yield context
    context.close()


def sidebar(page) -> str:
    return page.locator("[data-testid='stSidebar']").inner_text()


@pytest.mark.browser
def test_the_printed_link_makes_a_browser_the_organiser_and_a_reload_keeps_it(served, context, tmp_path):
    from playwright.sync_api import expect

    page = context.new_page()
    visit(page, served.login)
    assert page.url == served.url + "/"  # the token left the address bar
    expect(page.get_by_text(MARKERS[Visibility.RESTRICTED])).to_be_visible(timeout=30_000)
    assert "local organiser" in sidebar(page) and "Record a lesson" in sidebar(page)
    page.screenshot(path=str(tmp_path / "overview-organiser.png"), full_page=True)
    page.reload()
    page.wait_for_selector(IDLE, timeout=60_000)
    expect(page.get_by_text(MARKERS[Visibility.RESTRICTED])).to_be_visible(timeout=30_000)
    assert "local organiser" in sidebar(page)


@pytest.mark.browser
def test_a_browser_without_the_link_is_a_visitor(served, context, tmp_path):
    from playwright.sync_api import expect

    page = context.new_page()
    visit(page, served.url)
    expect(page.get_by_text(MARKERS[Visibility.PUBLIC])).to_be_visible(timeout=30_000)
    assert "visitor" in sidebar(page) and "Record a lesson" not in sidebar(page)
    assert page.get_by_text(MARKERS[Visibility.RESTRICTED]).count() == 0
    assert page.get_by_text(MARKERS[Visibility.MEMBERS]).count() == 0
    page.screenshot(path=str(tmp_path / "overview-visitor.png"), full_page=True)


@pytest.mark.browser
def test_an_injected_event_handler_does_not_run(served, context):
    """What escaping would miss, the policy still stops: inline handlers never run."""
    page = context.new_page()
    visit(page, served.url)
    page.evaluate(
        """() => document.body.insertAdjacentHTML(
            'beforeend', '<img src="data:," onload="window.ran = 1" onerror="window.ran = 2">')"""
    )
    page.wait_for_function("() => document.querySelector('img[onload]').complete")
    assert page.evaluate("() => window.ran") is None
    assert any("script-src-attr" in text for text in context.console)
