"""The explorer's web server: ``streamlit run serve.py`` (what ``make run`` does).

Streamlit serves ``app.py`` (the pages) through its ASGI app, with what a page cannot
do for itself: the login link that makes its holder the local organiser
(``explorer/login_link.py``), security headers, no public metrics and no developer
messages from browsers (``explorer/hardening.py``), the public graph as a static
Linked Data site at ``/published/`` (``explorer/published.py``), and the warm-up that makes the
pages' opening answers before the first visit (``explorer/warmup.py``). ``streamlit run app.py`` still
works, but offers no login link (everyone is a visitor until they sign in) and none
of the headers.
"""

import streamlit as st
from starlette.middleware import Middleware

from explorer import state, warmup
from explorer.hardening import Hardening
from explorer.login_link import LoginLink
from explorer.published import PublishedSite

_base = ("/" + (st.get_option("server.baseUrlPath") or "").strip("/")).rstrip("/")
_link = LoginLink()
_published = PublishedSite(state.store)  # the public graph as praxis publish writes it, read-only

app = st.App(
    "app.py",
    routes=[_link.route(_base), *_published.routes(_base)],
    middleware=[Middleware(Hardening, base=_base)],
    lifespan=_link.lifespan(_base),
    secrets=_link.secrets(),
)
warmup.begin(state.store)  # make the pages' opening answers before the first visit, and after changes
