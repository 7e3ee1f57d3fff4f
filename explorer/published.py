"""The public graph as the explorer serves it: ``praxis publish``'s site at ``{base}/published/``.

A chapter that runs the explorer need not also run ``praxis publish`` and a web host for
other chapters to follow it: ``http://HOST:8501/published/void.ttl`` is the same description,
with the same dumps, index and record pages beside it, read-only (GET and HEAD).

The site is made by :func:`graph.publish.publish` from the store the pages use, so it holds
the public graph only (it reads as a visitor, whoever asks), into a folder the explorer
owns, ``$PRAXIS_PUBLISHED_DIR`` (default ``.praxis/published``): on the first request, and
again on the first request after the store changed (its ``generation``, which on a served
store also follows other processes' writes). One site is made at a time; a request that
comes meanwhile waits for it without holding a worker thread, and it is made in one, not on
the server's event loop.

Each site is made in a new subfolder (``site-...``), and requests are served from the
newest: a request never sees a site half-replaced, and a download from the one before
finishes, since that one is removed only when the next is made.

Nothing in a request goes into what is written: the site is made without a base URL, so its
links and its description's IRIs are relative (a ``Host`` header cannot poison it), with
the default title. Files are served by Starlette's :class:`~starlette.staticfiles.StaticFiles`,
which refuses any path outside the site (``..``, encoded or not, and symlinks out), with the
media type of each kind of file the site holds; anything else is 404.

>>> media_type("dump.nt"), media_type("id/lesson-1.ttl"), media_type("notes.txt")
('application/n-triples', 'text/turtle', None)
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import uuid
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import (
    FileResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import NotModifiedResponse, StaticFiles

from graph.publish import publish
from graph.store import PraxisStore

__all__ = ["MEDIA_TYPES", "PublishedSite", "media_type", "published_path"]

#: The media type of each kind of file a published site holds; no other file is served.
MEDIA_TYPES: dict[str, str] = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".html": "text/html",  # Starlette adds "; charset=utf-8" to text/ types
}

_PREFIX = "site-"
_log = logging.getLogger(__name__)


def published_path() -> Path:
    """``$PRAXIS_PUBLISHED_DIR`` or ``.praxis/published`` under the working directory."""
    return Path(os.environ.get("PRAXIS_PUBLISHED_DIR") or ".praxis/published")


def media_type(path: str | PurePath) -> str | None:
    """The media type a site's file is served as, or ``None`` when the site holds no such file."""
    return MEDIA_TYPES.get(PurePath(path).suffix)


class PublishedSite:
    """The site made from the store ``opener`` gives, kept up to date with it, and its routes."""

    def __init__(self, opener: Callable[[], PraxisStore], folder: Path | None = None) -> None:
        self._opener = opener
        self.folder = folder or published_path()
        self._lock = threading.Lock()
        # Requests wait for a site being made here, on the event loop, rather than each in a
        # worker thread: Streamlit serves its own static files from the same 28 threads.
        self._asking = anyio.Lock()
        self._made: list[Path] = []  # the sites made, newest last
        self._files: _SiteFiles | None = None  # the StaticFiles serving the newest
        #: the store's generation the newest site was made at (for tests and the curious)
        self.generation: int | None = None

    def current(self) -> _SiteFiles:
        """The ASGI app serving a site made from the store as it is now: the one made
        before, or a new one when the store changed since (or that one was removed).
        Blocks while a site is being made, by this request or another."""
        store = self._opener()
        with self._lock:
            generation = store.generation  # read before publish reads: a write meanwhile makes another
            newest = self._made[-1] if self._made else None
            if newest is None or generation != self.generation or not (newest / "void.ttl").is_file():
                self._make(store)
                self.generation = generation
            return self._files

    def _make(self, store: PraxisStore) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # What earlier runs left (and what a run stopped while publishing left beside it) is
        # removed once, when this run makes its first site.
        leftovers = (
            [] if self._made else [*self.folder.glob(f"{_PREFIX}*"), *self.folder.glob(f".{_PREFIX}*")]
        )
        site = self.folder / f"{_PREFIX}{uuid.uuid4().hex}"
        publish(store, site)
        self._made.append(site)
        self._files = _SiteFiles(directory=site, html=True)
        older, self._made = self._made[:-2], self._made[-2:]
        for path in leftovers + older:
            shutil.rmtree(path, ignore_errors=True)

    def routes(self, base: str = "") -> list[Route | Mount]:
        """``{base}/published/...``: the site's files; ``{base}/published`` goes to its index."""

        async def index(_request: Any) -> Response:
            return RedirectResponse(f"{base}/published/", status_code=308)

        return [Route(f"{base}/published", index, methods=["GET", "HEAD"]), Mount(f"{base}/published", self)]

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["method"] not in {"GET", "HEAD"}:  # refused before anything is made
            answer = PlainTextResponse(
                "Method Not Allowed\n", status_code=405, headers={"Allow": "GET, HEAD"}
            )
            await answer(scope, receive, send)
            return
        try:
            async with self._asking:
                files = await run_in_threadpool(self.current)
        except Exception:
            _log.exception("the published graph could not be made")
            answer = PlainTextResponse(
                "The published graph could not be made just now; the explorer's log says why.\n",
                status_code=503,
                headers={"Cache-Control": "no-store", "Retry-After": "10"},
            )
            await answer(scope, receive, send)
            return
        try:
            await files(scope, receive, send)
        except HTTPException as refused:  # answered here, whatever the app's own handlers do
            answer = PlainTextResponse(f"{refused.detail}\n", status_code=refused.status_code)
            await answer(scope, receive, send)


class _SiteFiles(StaticFiles):
    """StaticFiles serving a site's kinds of file only, each as its media type, and
    revalidated on every use (the site changes with the store)."""

    def file_response(
        self, full_path: Any, stat_result: os.stat_result, scope: Any, status_code: int = 200
    ) -> Response:
        kind = media_type(full_path)
        if kind is None:
            raise HTTPException(status_code=404)
        response = FileResponse(
            full_path,
            status_code=status_code,
            stat_result=stat_result,
            media_type=kind,
            headers={"Cache-Control": "no-cache"},
        )
        if self.is_not_modified(response.headers, Headers(scope=scope)):
            return NotModifiedResponse(response.headers)
        return response
