"""``praxis publish DIR``: the public graph as a static Linked Data site any web host can serve.

The folder holds:

==================  ==============================================================
``void.ttl``        what the site holds and where its dumps are (:mod:`.void`)
``dump.nt``         every public statement, N-Triples, sorted: the same data gives
                    the same bytes, so its SHA-256 tells one version from the next
``dump.jsonld``     the same statements as expanded JSON-LD: no ``@context`` to fetch
``index.html``      every page by kind, and links to the above
``id/NAME.html``    a page per record (``https://w3id.org/praxis/id/NAME``) and its
``id/NAME.ttl``     statements as Turtle; concepts the same under ``vocab/``
==================  ==============================================================

Only the public graph is read, as a visitor (:mod:`.public`). The site is written into a
new folder beside ``DIR`` and renamed into place when it is complete: a failed publish
leaves the previous site as it was. An existing ``DIR`` is replaced only when it is empty
or a site this command wrote (it has ``void.ttl``); any other folder is refused, since
replacing it would delete someone's files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from graph.errors import BadInput
from graph.namespaces import PREFIXES
from graph.publish.describe import Entry, pages
from graph.publish.pages import index_html, record_html
from graph.publish.paths import FOLDERS
from graph.publish.public import PublicGraph, read_public
from graph.publish.void import Dump, void_turtle
from graph.store import PraxisStore

__all__ = ["DEFAULT_TITLE", "Published", "publish"]

#: The site's title when none is given: the data names no chapter of its own.
DEFAULT_TITLE = "Praxis graph"


@dataclass(frozen=True)
class Published:
    """What :func:`publish` wrote."""

    folder: Path
    records: int  # pages under id/
    concepts: int  # pages under vocab/
    statements: int


def publish(
    store: PraxisStore,
    folder: Path,
    *,
    title: str | None = None,
    licence: str | None = None,
    base: str | None = None,
    now: dt.datetime | None = None,
) -> Published:
    """Write ``store``'s public graph to ``folder`` as a static site (see the module)."""
    folder = Path(os.path.abspath(folder))  # "." and "a/.." named, no symlink followed
    licence = _web_address(licence, "--licence") if licence else None
    base = _web_address(base, "--base").rstrip("/") + "/" if base else None
    title = " ".join((title or DEFAULT_TITLE).split()) or DEFAULT_TITLE
    _check_replaceable(folder)
    public = read_public(store)
    try:
        temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.publishing-"))
    except OSError as error:
        raise BadInput(f"cannot write beside the folder ({error.strerror})", source=str(folder)) from None
    try:
        temporary.chmod(0o755)  # a site is for everyone to read: mkdtemp made it 0700
        counts = _write_site(store, public, temporary, title=title, licence=licence, base=base, now=now)
        _swap(temporary, folder)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return Published(folder, counts.get("id", 0), counts.get("vocab", 0), len(public.triples))


def _web_address(value: str, option: str) -> str:
    """``value`` when it is an absolute http(s) IRI, else :class:`BadInput`."""
    parts = urlsplit(value)
    try:
        ox.NamedNode(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
        raise BadInput(f"{value!r} is not a web address (http:// or https://...)", source=option)
    return value


def _check_replaceable(folder: Path) -> None:
    if not folder.exists():
        return
    if not folder.is_dir() or folder.is_symlink():
        raise BadInput("is not a folder: give a folder to publish into", source=str(folder))
    if any(folder.iterdir()) and not (folder / "void.ttl").is_file():
        raise BadInput(
            "is not empty and was not written by praxis publish (it has no void.ttl): "
            "give an empty or new folder, so that no one's files are deleted",
            source=str(folder),
        )


def _swap(temporary: Path, folder: Path) -> None:
    """Put the finished site in place of ``folder``: the old one is removed only after."""
    old = None
    if folder.exists():
        old = Path(tempfile.mkdtemp(dir=temporary.parent, prefix=f".{folder.name}.replaced-"))
        folder.rename(old / "site")
    try:
        temporary.rename(folder)
    except OSError:
        if old is not None:
            (old / "site").rename(folder)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


_DUMPS = (
    ("dump.nt", ox.RdfFormat.N_TRIPLES, "application/n-triples", "N-Triples"),
    ("dump.jsonld", ox.RdfFormat.JSON_LD, "application/ld+json", "JSON-LD"),
)


def _write_site(
    store: PraxisStore,
    public: PublicGraph,
    site: Path,
    *,
    title: str,
    licence: str | None,
    base: str | None,
    now: dt.datetime | None,
) -> dict[str, int]:
    dumps = []
    for name, fmt, media_type, feature in _DUMPS:
        data = ox.serialize(public.triples, format=fmt)
        (site / name).write_bytes(data)
        dumps.append(Dump(name, media_type, feature, len(data), hashlib.sha256(data).hexdigest()))
    for folder in FOLDERS.values():
        (site / folder).mkdir()
    entries: list[Entry] = []
    counts: dict[str, int] = {}
    for page in pages(store, public):
        (site / page.path).write_text(record_html(page, site_title=title), encoding="utf-8")
        statements = public.by_subject[page.iri]
        turtle = ox.serialize(statements, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
        (site / page.path).with_suffix(".ttl").write_bytes(turtle)
        entries.append(Entry(page.label, page.kind, page.path))
        top = page.path.split("/", 1)[0]
        counts[top] = counts.get(top, 0) + 1
    described = [(d.path, d.feature) for d in dumps]
    index = index_html(entries, site_title=title, dumps=described, statements=len(public.triples))
    (site / "index.html").write_text(index, encoding="utf-8")
    modified = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    description = void_turtle(
        title=title,
        licence=licence,
        base=base,
        triples=len(public.triples),
        entities=counts.get("id", 0),
        dumps=dumps,
        modified=modified,
    )
    (site / "void.ttl").write_text(description, encoding="utf-8")
    return counts
