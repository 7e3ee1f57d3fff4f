"""HTTP on 127.0.0.1 for tests: a followed chapter's website, each test setting what its paths
answer, so a peer can publish, redirect or misbehave without the network (the ``site`` fixtures
in ``conftest.py``); and :func:`fetch`, one request to a server the test started."""

from __future__ import annotations

import contextlib
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox

__all__ = ["Route", "Site", "description", "fetch", "file"]

Route = Callable[[BaseHTTPRequestHandler], None]


class Site:
    """A web server on 127.0.0.1 whose routes each test sets: a path -> what to answer."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                route = routes.get(self.path.split("?", 1)[0])
                if route is None:
                    self.send_error(404)
                    return
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self)  # unless the client gives up, as it should

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/void.ttl") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def publish(
        self, triples: list[ox.Triple], *, dump: str = "/dump.nt", checksum: str | None = None
    ) -> bytes:
        """Serve ``triples`` as the chapter's dump, and a description naming it."""
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        self.routes[dump] = file(body)
        self.routes["/void.ttl"] = file(description(dump.lstrip("/"), checksum=checksum), "text/turtle")
        return body

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def file(body: bytes, kind: str = "application/n-triples") -> Route:
    """Answer with ``body``, whole, its length said."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def description(dump: str, *, checksum: str | None = None, extra: str = "") -> bytes:
    """A chapter's ``void.ttl`` naming ``dump`` (and a JSON-LD dump), with its checksum if given."""
    sums = f'<{dump}> dcterms:identifier "sha256:{checksum}" .' if checksum else ""
    return f"""@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<#chapter> a void:Dataset ; dcterms:title "North Leeds" ;
    void:dataDump <{dump}>, <dump.jsonld> {extra}.
{sums}
""".encode()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(
    url: str, *, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, object, bytes]:
    """Status, headers and body of one request, redirects not followed, errors not raised."""
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with opener.open(request, timeout=60) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers, answer.read()
