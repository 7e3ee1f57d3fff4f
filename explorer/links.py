"""A record's name as a link to its page: one way to write the permalink everywhere.

Every record with a page (concepts, readings, claims, lessons, campaigns, actions,
organisations, sessions) is reached at ``record?id=<id>``, the id being the short
prefixed name where there is one (``pxv:parecon``) and the IRI otherwise
(:func:`graph.views.records.record_id`). The address is relative, so it works under
any base path the explorer is served at, and can be pasted into a chat as it is.

>>> href("https://w3id.org/praxis/vocab/parecon")
'record?id=pxv:parecon'
>>> md_link("Parecon [draft]", "https://w3id.org/praxis/vocab/parecon")
'[Parecon \\\\[draft\\\\]](record?id=pxv:parecon)'

In a table (``st.dataframe``) a cell holds one string, the address, and the column shows
a part of it: :func:`cell` puts the name first in the address (``record?name=Parecon&id=
pxv:parecon``), where the record page ignores it, and :func:`column` shows it. Sorting the
column sorts the addresses, so it sorts by name as before.

>>> cell("R&D + 100% more", "https://w3id.org/praxis/vocab/parecon")
'record?name=R%26D %2B 100%25 more&id=pxv:parecon'
>>> shown(_)
'R&D + 100% more'
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from graph.text import md_escape
from graph.views.records import record_address, record_id

__all__ = [
    "CELL_TEXT",
    "PAGE",
    "cell",
    "column",
    "explorer_address",
    "follow",
    "href",
    "md_link",
    "md_links",
    "md_names",
    "page_link",
    "record_link",
    "shown",
]

#: The record page's file, for ``st.page_link`` and ``st.switch_page``.
PAGE = "explorer/pages/record.py"


def href(iri: Any) -> str:
    """The relative address of ``iri``'s page."""
    return record_address(iri)


#: ``display_text`` of a link column of :func:`cell` addresses: the name (the browser
#: decodes the captured part, ``+`` included, as a query parameter's value).
CELL_TEXT = r"^record\?name=([^&]*)&"
#: What a name must not hold raw in a query parameter (``%`` and ``+`` would be decoded, ``&``
#: and ``#`` would end it).
_RESERVED = {char: quote(char, safe="") for char in "%&#+"}
_RESERVED_TABLE = str.maketrans(_RESERVED)


def cell(label: str, iri: Any) -> str | None:
    """``iri``'s page address carrying ``label``, for a :func:`column` (``None``, an empty
    cell, when there is no record)."""
    if iri is None or not str(iri):
        return None
    if label.isprintable():  # most names: one pass in C, not a loop over characters in Python
        name = label.translate(_RESERVED_TABLE)
    else:
        name = "".join(_RESERVED.get(c, c) if c.isprintable() else quote(c, safe="") for c in label)
    return f"record?name={name}&id={quote(record_id(iri), safe=':/')}"


def shown(address: str | None) -> str | None:
    """The name a :func:`column` shows for ``address`` (what the browser does with
    :data:`CELL_TEXT`), for a test or a caller reading a table back."""
    found = re.match(CELL_TEXT, address or "")
    return unquote(found.group(1).replace("+", "%20")) if found else address


def column(label: str | None = None, **options: Any) -> Any:
    """A ``st.column_config.LinkColumn`` of :func:`cell` addresses that shows the names, left
    aligned like the text they replace (``options`` as for ``LinkColumn``: width, help). A
    plain click opens the page in this session (see :func:`follow`)."""
    import streamlit as st

    options.setdefault("alignment", "left")
    return st.column_config.LinkColumn(label, display_text=CELL_TEXT, **options)


def explorer_address() -> str:
    """The explorer's own address as this browser opened it (``https://host/base``): what a
    file taken away from it, such as a brief, links its names under. Empty when unknown."""
    import streamlit as st

    parts = urlsplit(st.context.url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}{parts.path.rsplit('/', 1)[0]}"


def md_link(label: str, iri: Any) -> str:
    """``label`` (escaped) as a Markdown link to ``iri``'s page."""
    return f"[{md_escape(label)}]({href(iri)})"


def md_links(refs: Any, *, empty: str = "none") -> str:
    """Records (anything with ``label`` and ``iri``) as linked names, comma separated."""
    return ", ".join(md_link(ref.label, ref.iri) for ref in refs) or empty


def page_link(
    label: str, *, page: str = PAGE, query: dict[str, str] | None = None, icon: str | None = None
) -> None:
    """``st.page_link`` to ``page`` with ``query``: opens in this session (a password sign-in
    lives in the session; a Markdown link opens a new one). A page run on its own, with no
    navigation (a test), gets a Markdown link to the same address instead."""
    import streamlit as st
    from streamlit.errors import StreamlitAPIException

    try:
        st.page_link(page, label=label, icon=icon, query_params=query)
    except StreamlitAPIException:
        address = page.rsplit("/", 1)[-1].removesuffix(".py")
        if query:
            address += "?" + "&".join(f"{k}={quote(v, safe=':/')}" for k, v in query.items())
        st.markdown(f"[{label}]({address})")


def record_link(label: str, iri: Any, *, icon: str | None = None) -> None:
    """A link to ``iri``'s page, labelled ``label`` (escaped here)."""
    page_link(md_escape(label), query={"id": record_id(iri)}, icon=icon)


def md_names(found: Any, *, empty: str = "none") -> str:
    """A record page's links (:class:`graph.views.records.Link`) as names: linked when the
    other record has a page, plain text when it has none (a scheme, a member, a post)."""
    return (
        ", ".join(
            md_link(link.other.label, link.other.iri) if link.kind.paged else md_escape(link.other.label)
            for link in found
        )
        or empty
    )


_CATCH = r"""
export default function (component) {
  window.__praxisOpen = component.setTriggerValue;  // the latest run's
  if (window.__praxisLinks) return;
  window.__praxisLinks = true;
  const recordId = (href) =>
    href.startsWith("record?") ? new URLSearchParams(href.slice("record?".length)).get("id") : null;
  // Capturing, before Streamlit opens the link in a new tab: a plain click on a link to
  // a record page opens it here, in this session. Ctrl-, Shift- or middle-click still
  // opens a new tab, as the reader asked.
  document.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    const href = link ? link.getAttribute("href") : "";
    const id = href ? recordId(href) : null;
    if (!id) return;
    event.preventDefault();
    event.stopPropagation();
    window.__praxisOpen("open", id);
  }, true);
  // A table (st.dataframe) draws on a canvas, with no link to catch: a click on a name
  // there calls window.open(address, "_blank"). A record page's address opens here, in this
  // session, unless the pointer came down with a modifier or another button.
  let plain = true;
  document.addEventListener("pointerdown", (event) => {
    plain = event.button === 0 && !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey);
  }, true);
  const open = window.open;
  window.open = function (address, ...rest) {
    const id = plain && address != null ? recordId(String(address)) : null;
    if (!id) return open.call(window, address, ...rest);
    window.__praxisOpen("open", id);
    return null;
  };
}
"""


def _catcher() -> Any:
    import streamlit as st

    global _MOUNT
    if _MOUNT is None:
        _MOUNT = st.components.v2.component("praxis_record_links", js=_CATCH, isolate_styles=False)
    return _MOUNT


_MOUNT: Any = None


def _caught() -> None:
    import streamlit as st

    found = (st.session_state.get("praxis-links") or {}).get("open")
    if found:
        st.session_state["praxis-links-open"] = found


def follow() -> None:
    """Make a click on a record's name open its page in this session (``app.py`` calls
    this on every page): Streamlit opens Markdown links in a new tab, which is a new
    session, and a password sign-in lives in the session, so a member would arrive as a
    visitor and find "not found". A link that was clicked is opened here, and so is a name
    clicked in a table's :func:`column`."""
    import streamlit as st

    with st.sidebar:
        _catcher()(key="praxis-links", on_open_change=_caught, height=1)
    found = st.session_state.pop("praxis-links-open", None)
    if found:
        st.switch_page(PAGE, query_params={"id": found})
