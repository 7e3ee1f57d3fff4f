"""What every page shares: the store (opened once per process) and the viewer.

The store comes from ``st.cache_resource``: one object shared by every browser
session, so pages never change it except through ``PraxisStore.write``, whose
``generation`` counter then moves on. Pages cache what they read with :func:`cached`,
``st.cache_data`` keyed on that generation and the viewer's role as well as on the
function's own arguments, so a saved lesson shows on every page at once and no viewer
is ever served another role's cached answer::

    @state.cached(show_spinner="Weighing the lessons…")
    def _tensions(today: dt.date) -> list:
        return theory.rank(state.store(), state.viewer(), today=today)

    rows = _tensions(dt.date.today())
"""

from __future__ import annotations

import functools
import hashlib
import os
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from explorer import login_link
from graph import accounts
from graph.access import Role, Viewer
from graph.accounts import Users
from graph.store import PraxisStore, open_store

__all__ = [
    "access_note",
    "cached",
    "client_address",
    "form_key",
    "form_saved",
    "holds_login_link",
    "oidc_configured",
    "require",
    "sign_in",
    "sign_out",
    "store",
    "users",
    "viewer",
]

_Read = TypeVar("_Read", bound=Callable[..., Any])


def cached(*, show_spinner: bool | str = False, max_entries: int | None = None) -> Callable[[_Read], _Read]:
    """``st.cache_data`` for a page's read, keyed on the store's ``generation`` and the
    viewer's role as well as on the read's own arguments (underscore ones excepted)."""

    def decorate(read: _Read) -> _Read:
        @functools.wraps(read)  # the cache is named and keyed after ``read`` (its source too)
        def keyed(*args: Any, cache_key: tuple[int, str], **kwargs: Any) -> Any:
            return read(*args, **kwargs)

        stored = st.cache_data(show_spinner=show_spinner, max_entries=max_entries)(keyed)

        @functools.wraps(read)
        def call(*args: Any, **kwargs: Any) -> Any:
            return stored(*args, cache_key=(store().generation, viewer().role.value), **kwargs)

        return call  # type: ignore[return-value]

    return decorate


#: What a refused sign-in says (the same whether the nickname exists or not).
WRONG = "Wrong nickname or password."
#: What a sign-in says once the nickname or the address has used up its tries.
WAIT = "Too many failed sign-ins for this nickname or from this address: wait a minute and try again."


@st.cache_resource(show_spinner="Opening the store…")
def store() -> PraxisStore:
    """The store named by ``$PRAXIS_STORE`` (default ``.praxis/store``), opened once."""
    return open_store(os.environ.get("PRAXIS_STORE"))


@st.cache_data(ttl=30, show_spinner=False)
def users() -> Users:
    """The users file (re-read every 30 s, so ``praxis users add`` takes effect)."""
    return Users.load()


def oidc_configured() -> bool:
    """True when the chapter configured an identity provider (``[auth]`` in secrets)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def _expected_cookie() -> str | None:
    """The cookie this run's login link hands out (``serve.py`` passes it as a secret)."""
    try:
        table = st.secrets.get(login_link.SECRETS_KEY)
    except FileNotFoundError:
        return None
    return table.get("cookie") if table else None


def holds_login_link() -> bool:
    """True when this browser opened the login link the explorer printed when it started.

    Nothing else about the request counts: not its address, ``Host``, ``Origin`` nor any
    forwarding header, all of which a proxy or a script can set to anything."""
    return login_link.holds_cookie(st.context.cookies.get(login_link.COOKIE), _expected_cookie())


def client_address() -> str:
    """The client's address, for counting failed sign-ins only (never for granting anything).

    Behind a reverse proxy on this machine the connection comes from loopback; then the
    last hop of ``X-Forwarded-For``, the one the proxy added, names the client."""
    if st.context.ip_address:
        return st.context.ip_address
    forwarded = ",".join(st.context.headers.get_all("X-Forwarded-For"))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-1] if hops else "loopback"


def viewer() -> Viewer:
    """Who is looking.

    - signed in (password or identity provider): that user's role and nickname;
    - no users configured and this browser opened the login link: the local organiser;
    - otherwise: a visitor, who sees the public graph only.
    """
    if "viewer" in st.session_state:
        return st.session_state["viewer"]
    if oidc_configured() and st.user.is_logged_in:
        user = users().by_oidc(str(st.user.get("sub") or st.user.get("email") or ""))
        return user.viewer() if user else Viewer.visitor()
    if not users() and not oidc_configured() and holds_login_link():
        return Viewer.organiser()
    return Viewer.visitor()


def access_note() -> str:
    """One line for the sidebar saying who the explorer thinks you are, and why."""
    current = viewer()
    if "viewer" in st.session_state or (oidc_configured() and st.user.is_logged_in):
        return f"Signed in as **{current.nickname}** ({current.role.value})."
    if current.role is Role.ORGANISER:
        return (
            "No users are configured and you opened the login link this explorer printed when it "
            "started, so you are the **local organiser**. Add users with `praxis users add` before "
            "serving a chapter."
        )
    if users() or oidc_configured():
        return "You are browsing as a **visitor**: public records only. Sign in to see more."
    if not login_link.is_loopback(st.get_option("server.address")):
        return (
            "You are browsing as a **visitor**: public records only. No users are configured and "
            "this explorer listens beyond 127.0.0.1, so nobody can sign in yet."
        )
    if _expected_cookie() is None:
        return (
            "You are browsing as a **visitor**: public records only. Start the explorer with "
            "`make run` (or `streamlit run serve.py`) to get the link that makes you the local organiser."
        )
    return (
        "You are browsing as a **visitor**: public records only. If you started the explorer, "
        f"open the login link it printed (also in `{login_link.link_path()}` where it runs) to work "
        "as the local organiser."
    )


def sign_in(nickname: str, password: str) -> str | None:
    """Check a password; on success the session becomes that user and the answer is None,
    otherwise it is what to tell the person. Failures count per nickname and per address
    across every session of the process, so reloading the page does not reset them."""
    limiter, address = accounts.sign_ins(), client_address()
    if not limiter.attempt(nickname, address):
        return WAIT
    user = users().authenticate(nickname, password)
    if user is None:
        return WRONG
    limiter.succeeded(nickname, address)
    st.session_state["viewer"] = user.viewer()
    return None


def sign_out() -> None:
    st.session_state.pop("viewer", None)
    if oidc_configured() and st.user.is_logged_in:
        st.logout()


def require(role: Role) -> Viewer:
    """Stop the page with a message unless the viewer has at least ``role``.

    Pages for members call this first, so reaching them by URL is no way round
    the navigation (which lists only the pages a role may use)."""
    current = viewer()
    if not current.role.at_least(role):
        st.warning(f"This page is for {role.value}s. Sign in on the Account page to use it.")
        st.stop()
    return current


def _digest(content: object) -> str:
    return hashlib.sha256(repr(content).encode()).hexdigest()


def form_key(form: str, content: object) -> str:
    """The key of this filling-in of ``form``, for :meth:`~graph.store.PraxisStore.write`'s
    ``once``: the same until the form is saved, so a double click saves once.

    A second click sent before the page had cleared the form (the browser sends what
    the fields held, and the key may already have moved on) brings back exactly the
    content just saved: that content gets the key it was saved with, and the store
    refuses the second write. ``content`` is what the form would save (a frozen input)."""
    saved = st.session_state.get(f"form-saved-{form}")
    if saved is not None and saved[1] == _digest(content):
        return saved[0]
    return st.session_state.setdefault(f"form-key-{form}", uuid.uuid4().hex)


def form_saved(form: str, key: str, content: object) -> None:
    """``form`` was saved with ``key``: the next filling-in gets a new key."""
    st.session_state[f"form-saved-{form}"] = (key, _digest(content))
    st.session_state.pop(f"form-key-{form}", None)
