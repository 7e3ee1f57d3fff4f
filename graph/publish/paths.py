"""Where a record's page lives in a published site, and how one page links to another.

A record ``https://w3id.org/praxis/id/lesson-7c1e9a`` gets ``id/lesson-7c1e9a.html`` and
``id/lesson-7c1e9a.ttl``; a concept ``https://w3id.org/praxis/vocab/parecon`` gets
``vocab/parecon.html``: the path is the IRI's local name, so a web host serving the
site under a w3id redirect answers the record's own IRI.

A local name comes from data, and data may be hostile (an import, a peer): a name such
as ``../../etc/x``, ``a%2Fb`` or one of 10,000 characters must never write outside the
site or fail on a file system. Only names made of letters, digits, ``-``, ``_`` and
inner dots (never ``..``), at most :data:`MAX_NAME` long, are used as they are; any
other becomes ``_`` and a SHA-256 of the IRI. A kept name starts with a letter or digit,
so it can never equal a hashed one, and two IRIs never share a file.

>>> page_path("https://w3id.org/praxis/id/lesson-7c1e9a")
'id/lesson-7c1e9a.html'
>>> page_path("https://w3id.org/praxis/vocab/parecon", ".ttl")
'vocab/parecon.ttl'
>>> page_path("https://w3id.org/praxis/id/../../etc/x")[:4], len(page_path("https://w3id.org/praxis/id/a/b"))
('id/_', 73)
>>> page_path("https://w3id.org/praxis/ontology#Lesson") is None
True
>>> href("id/lesson-1.html", "vocab/parecon.html"), href("id/a.html", "id/b.html")
('../vocab/parecon.html', 'b.html')
>>> href("id/a.html", "index.html"), href("index.html", "id/a.html")
('../index.html', 'id/a.html')
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from typing import Any

from graph.namespaces import DATA, VOCAB

__all__ = ["FOLDERS", "MAX_NAME", "href", "page_path"]

#: The namespaces whose IRIs get pages, and the folder each one's pages go in.
FOLDERS: dict[str, str] = {str(DATA): "id", str(VOCAB): "vocab"}
#: The longest local name used as a file name as it is (file systems allow 255 bytes).
MAX_NAME = 120

_SAFE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.))*")


def page_path(iri: Any, suffix: str = ".html") -> str | None:
    """The site-relative path of ``iri``'s page (or Turtle, with ``suffix=".ttl"``), or
    ``None`` when ``iri`` is in none of :data:`FOLDERS`."""
    text = str(iri)
    for namespace, folder in FOLDERS.items():
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{folder}/{_file_name(text, text[len(namespace) :])}{suffix}"
    return None


def _file_name(iri: str, name: str) -> str:
    if len(name) <= MAX_NAME and _SAFE.fullmatch(name) and not name.endswith("."):
        return name
    return "_" + hashlib.sha256(iri.encode("utf-8")).hexdigest()


def href(source: str, target: str) -> str:
    """The relative link from the page at ``source`` to the page at ``target`` (site paths,
    at most one folder deep, as every path here is)."""
    folder, name = posixpath.split(target)
    if folder == posixpath.dirname(source):
        return name
    return "../" * source.count("/") + target
