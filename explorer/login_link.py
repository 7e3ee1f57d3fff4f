"""The local organiser is whoever holds the secret link the explorer prints when it starts.

A reverse proxy on the same machine makes every request arrive from loopback, and
headers such as ``Host`` or ``X-Forwarded-For`` say whatever the client or the proxy
wrote: nothing in a request proves who sent it. So, as notebook servers do, the
explorer makes a random token each time it starts and prints a link with it::

    Open http://127.0.0.1:8501/login?token=... to use the explorer as the local organiser.

The link is also written to ``$PRAXIS_LOGIN_LINK`` (default ``.praxis/login-link``),
readable by its owner only, and removed when the explorer stops. Opening it sets an
HttpOnly, SameSite=Strict cookie and redirects to the overview, so the token leaves
the address bar; the pages grant the local organiser to a session whose cookie
matches (:func:`holds_cookie`), and only while no users are configured.

The link is offered only when the explorer listens on loopback and no users (nor an
identity provider) are configured. Once a chapter has users, every change should be
traceable to a nickname in the audit log, so organisers sign in like everyone else
and the link is neither printed nor accepted.

>>> link = LoginLink("a-token")
>>> link.accepts("a-token"), link.accepts("another"), link.accepts("")
(True, False, False)
>>> holds_cookie(link.cookie, link.cookie), holds_cookie("forged", link.cookie), holds_cookie(None, None)
(True, False, False)
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import os
import secrets
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

__all__ = [
    "COOKIE",
    "SECRETS_KEY",
    "LoginLink",
    "holds_cookie",
    "is_loopback",
    "link_path",
    "offers_link",
]

#: The cookie that carries the proof of having opened the link.
COOKIE = "praxis_organiser"
#: Where, in ``st.secrets``, the pages find the cookie value to compare with.
SECRETS_KEY = "praxis_login"


def link_path() -> Path:
    """``$PRAXIS_LOGIN_LINK`` or ``.praxis/login-link`` under the working directory."""
    return Path(os.environ.get("PRAXIS_LOGIN_LINK") or ".praxis/login-link")


def is_loopback(address: str | None) -> bool:
    """True for an address only this machine can reach (``127.0.0.1``, ``::1``, ``localhost``).

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0"), is_loopback(None)
    (True, True, False, False)
    """
    if not address:
        return False
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def offers_link(address: str | None, *, users_configured: bool) -> bool:
    """Whether an explorer listening on ``address`` offers the login link at all."""
    return is_loopback(address) and not users_configured


def holds_cookie(given: str | None, expected: str | None) -> bool:
    """True when the cookie a session sent is the one this run of the explorer handed out."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class LoginLink:
    """One run's token, the cookie it buys, and whether the link is on offer."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token or secrets.token_urlsafe(32)
        # The cookie is derived from the token rather than equal to it, so a cookie
        # read from a browser profile does not give the link itself back.
        self.cookie = hmac.new(self.token.encode(), b"praxis local organiser", hashlib.sha256).hexdigest()
        self.offered = False
        self.url: str | None = None

    def accepts(self, given: str) -> bool:
        return bool(given) and hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    def secrets(self) -> dict[str, Any]:
        """What ``st.App(secrets=...)`` hands the pages: the cookie value, never the token.

        A nested table, so Streamlit does not copy it into the environment of the
        process (and of every process it starts)."""
        return {SECRETS_KEY: {"cookie": self.cookie}}

    def route(self, base: str = ""):
        """``GET {base}/login?token=...``: set the cookie and go to the overview, or refuse."""
        from starlette.responses import PlainTextResponse, RedirectResponse
        from starlette.routing import Route

        home = f"{base}/"

        async def login(request) -> Any:
            if not (self.offered and self.accepts(request.query_params.get("token", ""))):
                return PlainTextResponse(
                    "This login link is not valid. The explorer makes a new one each time it starts "
                    "(it prints it, and keeps it in .praxis/login-link on the machine that runs it), "
                    "and offers none once users are configured: sign in on the Account page.\n",
                    status_code=403,
                    headers={"Cache-Control": "no-store"},
                )
            response = RedirectResponse(home, status_code=303, headers={"Cache-Control": "no-store"})
            response.set_cookie(
                COOKIE,
                self.cookie,
                path=home,
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
            )
            return response

        return Route(f"{base}/login", login, methods=["GET"])

    def lifespan(self, base: str = ""):
        """Offer the link while the explorer runs: print it, keep it in :func:`link_path`.

        Whether to offer it is decided once the server knows its address and port."""

        @contextlib.asynccontextmanager
        async def running(_app: Any) -> AsyncIterator[None]:
            import streamlit as st

            address = st.get_option("server.address")
            port = st.get_option("server.port")
            configured = _users_configured()
            path = link_path()
            self.offered = offers_link(address, users_configured=configured)
            if not self.offered:
                _remove(path)
                print(_why_no_link(address, configured), flush=True)
                yield
                return
            host = f"[{address}]" if ":" in address else address
            self.url = f"http://{host}:{port}{base}/login?token={self.token}"
            kept = _write_private(path, self.url + "\n")
            print(
                f"\n  Open {self.url} to use the explorer as the local organiser.\n"
                + (f"  (The link is also in {path}, readable by you only; " if kept else "  (")
                + "it changes each time the explorer starts.)\n",
                flush=True,
            )
            try:
                yield
            finally:
                with contextlib.suppress(OSError):
                    if path.read_text(encoding="utf-8").strip() == self.url:
                        path.unlink()

        return running


def _users_configured() -> bool:
    """Users in the users file, or an identity provider in Streamlit's secrets."""
    import streamlit as st

    from graph.accounts import Users
    from graph.errors import BadInput

    try:
        if Users.load():
            return True
    except BadInput as error:
        print(f"  The users file cannot be read ({error}): no login link.", file=sys.stderr, flush=True)
        return True
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def _why_no_link(address: str | None, users_configured: bool) -> str:
    if users_configured:
        return "  Users are configured: organisers sign in on the Account page (no login link)."
    return (
        f"  The explorer listens on {address or 'every address'}, not only on loopback, and no users "
        "are configured: everyone is a visitor. Add users with `praxis users add`."
    )


def _write_private(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` readable by its owner only (replacing any old file)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            os.fchmod(file.fileno(), 0o600)
            file.write(text)
        os.replace(temporary, path)
        return True
    except OSError as error:
        print(f"  Could not keep the login link in {path} ({error}).", file=sys.stderr, flush=True)
        return False


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
