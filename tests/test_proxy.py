"""The explorer behind a real reverse proxy: Debian's Caddy running the repository's own
``deploy/Caddyfile`` on loopback, with a self-signed certificate made here, and chromium
going through it over HTTPS.

Only the Caddyfile's ``{$...}`` placeholders are filled in (site, ports, certificate, no admin
endpoint, where the explorer listens), so what runs is what a chapter installs. Through the
proxy the page must work (its WebSocket included), nobody may be the local organiser
although every request reaches the explorer from loopback, a member must be able to sign in,
and every response must carry the headers a hardened site sends, with no Content-Security-Policy
violation logged.

Skipped, saying why, when caddy, openssl or chromium is absent, unless ``PRAXIS_REQUIRE_SERVERS``
(for caddy and openssl) or ``PRAXIS_REQUIRE_BROWSER`` (for chromium) is set, as ``.ci/run`` does;
then a missing one is a failure.
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import os
import shutil
import ssl
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from explorer.hardening import content_security_policy
from graph.access import Role
from graph.accounts import Users
from graph.store import open_store
from tests.conftest import ROOT, free_port, need_server
from tests.test_browser import ARGS, CHROMIUM, IDLE, _need_chromium, map_frame, running_app, visit

pytestmark = [pytest.mark.xdist_group("browser")]

CADDYFILE = ROOT / "deploy" / "Caddyfile"
PASSPHRASE = "a long passphrase for wren"
HARDENING = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "SAMEORIGIN",
    "strict-transport-security": "max-age=31536000",
}


def _need_caddy() -> None:
    for program, install in (("caddy", "apt-get install caddy"), ("openssl", "apt-get install openssl")):
        if shutil.which(program) is None:
            need_server(program, install)


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 (browsers send no SNI for an address, so the
    certificate names it as an IP)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
            ),
            *("-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@dataclass
class Proxy:
    url: str
    http_port: int
    output: Path


@contextlib.contextmanager
def running_caddy(folder: Path, upstream: str):
    """``caddy run`` on deploy/Caddyfile, HTTPS on a free loopback port, proxying to ``upstream``
    (host:port); yields a :class:`Proxy`. Caddy's data and config go to ``folder``."""
    cert, key = self_signed(folder)
    port, http_port = free_port(), free_port()
    env = {
        **os.environ,
        "PRAXIS_SITE": f"https://127.0.0.1:{port}",
        "PRAXIS_TLS": f"{cert} {key}",
        "PRAXIS_HTTPS_PORT": str(port),
        "PRAXIS_HTTP_PORT": str(http_port),
        "PRAXIS_CADDY_ADMIN": "off",
        "PRAXIS_EXPLORER": upstream,
        "HOME": str(folder),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
    }
    output = folder / "caddy.log"
    with output.open("wb") as log:
        caddy = subprocess.Popen(
            ["caddy", "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    proxy = Proxy(f"https://127.0.0.1:{port}", http_port, output)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                fetch(proxy.url + "/")
                break
            except OSError:
                if caddy.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("caddy did not start:\n" + output.read_text(errors="replace")[-3000:])
                time.sleep(0.2)
        yield proxy
    finally:
        caddy.terminate()
        caddy.wait(timeout=20)


def fetch(url: str) -> tuple[int, dict[str, list[str]], bytes]:
    """GET over HTTPS, trusting the test's own certificate; status, headers (lower-cased
    names, every value), body."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(url, timeout=10, context=context) as answer:
        headers: dict[str, list[str]] = {}
        for name, value in answer.headers.items():
            headers.setdefault(name.lower(), []).append(value)
        return answer.status, headers, answer.read()


# The Caddyfile on its own, in front of an upstream that sends none of the headers.


class _Bare(http.server.BaseHTTPRequestHandler):
    """An upstream with no hardening at all, except its own CSP on /own-policy; it echoes the
    X-Forwarded-For it received."""

    def do_GET(self) -> None:
        body = (self.headers.get("X-Forwarded-For") or "").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        if self.path == "/own-policy":
            self.send_header("Content-Security-Policy", "default-src 'none'")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def bare_proxy(tmp_path_factory):
    _need_caddy()
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Bare)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    try:
        with running_caddy(
            tmp_path_factory.mktemp("caddy-bare"), f"127.0.0.1:{upstream.server_port}"
        ) as proxy:
            yield proxy
    finally:
        upstream.shutdown()


def test_the_caddyfile_adds_the_hardening_headers_an_upstream_left_out(bare_proxy):
    status, headers, _ = fetch(bare_proxy.url + "/")
    assert status == 200
    for name, value in HARDENING.items():
        assert headers.get(name) == [value], name
    assert headers["content-security-policy"] == [
        "frame-ancestors 'self'; object-src 'none'; base-uri 'none'"
    ]
    assert "server" not in headers  # nothing says which server or version answers


def test_the_caddyfile_keeps_the_upstreams_own_policy_and_sends_it_once(bare_proxy):
    _, headers, _ = fetch(bare_proxy.url + "/own-policy")
    assert headers["content-security-policy"] == ["default-src 'none'"]


def test_the_caddyfile_tells_the_upstream_the_visitors_address_not_a_forged_one(bare_proxy):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    forged = urllib.request.Request(bare_proxy.url + "/", headers={"X-Forwarded-For": "10.9.8.7"})
    with urllib.request.urlopen(forged, timeout=10, context=context) as answer:
        assert answer.read().decode() == "127.0.0.1"


def test_the_caddyfile_sends_plain_http_to_https(bare_proxy):
    connection = http.client.HTTPConnection("127.0.0.1", bare_proxy.http_port, timeout=10)
    connection.request("GET", "/account?next=1")
    answer = connection.getresponse()
    assert answer.status == 308
    assert answer.getheader("Location").startswith("https://127.0.0.1")
    assert answer.getheader("Location").endswith("/account?next=1")


# The explorer behind it, in chromium.


@pytest.fixture(scope="module")
def explorer_folder(tmp_path_factory, seed_quads) -> Path:
    folder = tmp_path_factory.mktemp("proxied")
    seeded = open_store(f"oxigraph:{folder / 'store'}")
    seeded.load_trusted(seed_quads)
    del seeded  # the app opens the store itself
    return folder


@contextlib.contextmanager
def proxied_explorer(folder: Path):
    with running_app(f"oxigraph:{folder / 'store'}", folder) as served:
        upstream = served.url.removeprefix("http://")
        caddy_folder = folder / f"caddy-{upstream.rsplit(':', 1)[1]}"
        caddy_folder.mkdir()
        with running_caddy(caddy_folder, upstream) as proxy:
            yield served, proxy


@pytest.fixture(scope="module")
def chromium(explorer_folder):
    from playwright.sync_api import sync_playwright

    _need_caddy()
    _need_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(chromium):
    """A fresh profile that accepts the self-signed certificate and keeps console messages,
    page errors and the WebSockets it opened."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, ignore_https_errors=True)
    context.console, context.sockets = [], []
    context.on("console", lambda message: context.console.append(message.text))
    context.on("weberror", lambda error: context.console.append(f"page error: {error.error}"))
    yield context
    context.close()


def new_page(context):
    """A tab whose WebSockets are kept in ``context.sockets``."""
    page = context.new_page()
    page.on("websocket", lambda socket: context.sockets.append(socket))
    return page


def sidebar(page) -> str:
    return page.locator("[data-testid='stSidebar']").inner_text()


def _refusals(console: list[str]) -> list[str]:
    return [line for line in console if "Content Security Policy" in line or "Refused to" in line]


@pytest.mark.browser
def test_a_member_signs_in_through_the_proxy_under_its_headers(explorer_folder, context):
    from playwright.sync_api import expect

    Users().with_user("wren", Role.MEMBER, PASSPHRASE).save(explorer_folder / "users.toml")
    with proxied_explorer(explorer_folder) as (_, proxy):
        page = new_page(context)
        answer = page.goto(proxy.url + "/")
        page.wait_for_selector(IDLE, timeout=60_000)
        headers = answer.headers
        for name, value in HARDENING.items():
            assert headers.get(name) == value, name
        assert headers["content-security-policy"] == content_security_policy()  # the explorer's, once
        # The page talks to the explorer over a WebSocket upgraded through the proxy.
        assert any(
            socket.url == proxy.url.replace("https", "wss") + "/_stcore/stream" for socket in context.sockets
        )
        assert "visitor" in sidebar(page) and "organiser" not in sidebar(page)
        page.screenshot(path=str(explorer_folder / "proxy-visitor.png"), full_page=True)

        visit(page, proxy.url + "/account")
        page.get_by_role("textbox", name="Nickname").fill("wren")
        page.get_by_role("textbox", name="Password", exact=True).fill(PASSPHRASE)
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("[data-testid='stSidebar']")).to_contain_text("Signed in as wren", timeout=30_000)
        assert "member" in sidebar(page) and "organiser" not in sidebar(page)
        page.screenshot(path=str(explorer_folder / "proxy-signed-in.png"), full_page=True)
        # The map component runs vis-network (shipped, loaded as a blob) under the same policy.
        visit(page, proxy.url + "/concept_map")
        assert map_frame(page).box() is not None
        assert page.locator(".praxis-map-canvas canvas").count() == 1
        page.screenshot(path=str(explorer_folder / "proxy-map.png"), full_page=True)
    assert _refusals(context.console) == []
    assert not [line for line in context.console if line.startswith("page error")]


@pytest.mark.browser
def test_with_no_users_a_visitor_through_the_proxy_is_not_the_local_organiser(explorer_folder, context):
    """Every request reaches the explorer from 127.0.0.1 through the proxy, and the explorer
    offers its login link (it listens on loopback with no users), yet only the link's holder
    is the organiser: an address or a forged header grants nothing."""
    (explorer_folder / "users.toml").unlink(missing_ok=True)
    with proxied_explorer(explorer_folder) as (served, proxy):
        assert served.login is not None  # the link is on offer, to whoever started the explorer
        page = new_page(context)
        page.set_extra_http_headers({"X-Forwarded-For": "127.0.0.1", "X-Real-IP": "127.0.0.1"})
        visit(page, proxy.url + "/")
        assert "browsing as a visitor" in sidebar(page)
        assert "you are the local organiser" not in sidebar(page)
        assert "Record a lesson" not in sidebar(page)
        page.screenshot(path=str(explorer_folder / "proxy-no-users.png"), full_page=True)
        # The link's holder is the organiser through the proxy too, with a cookie kept to HTTPS
        # (the explorer reads the proxy's X-Forwarded-Proto from loopback).
        visit(page, proxy.url + "/login?" + served.login.split("?", 1)[1])
        assert "you are the local organiser" in sidebar(page)
        (cookie,) = [cookie for cookie in context.cookies() if cookie["name"] == "praxis_organiser"]
        assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert _refusals(context.console) == []
