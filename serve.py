"""The explorer's web server: ``streamlit run serve.py`` (what ``make run`` does).

Streamlit serves ``app.py`` (the pages) through its ASGI app, with what a page cannot
do for itself: the login link that makes its holder the local organiser
(``explorer/login_link.py``). ``streamlit run app.py`` still works, but offers no
login link (everyone is a visitor until they sign in).
"""

import streamlit as st

from explorer.login_link import LoginLink

_base = ("/" + (st.get_option("server.baseUrlPath") or "").strip("/")).rstrip("/")
_link = LoginLink()

app = st.App(
    "app.py",
    routes=[_link.route(_base)],
    lifespan=_link.lifespan(_base),
    secrets=_link.secrets(),
)
