"""Download a peer's file over HTTP(S) under a size limit, a deadline and its own origin.

Only the standard library's :mod:`http.client`, so every byte is counted as it comes:

- **size**: a ``Content-Length`` over the limit is refused before the body is read, and
  the body is read a socket read at a time, refused the moment the count passes the
  limit (a server that sends 2 GB, or never stops, costs at most the limit);
- **time**: one deadline for the whole sync; each socket read may wait only for what is
  left of it, so a server that trickles bytes or sends none is given up on in time;
- **origin**: redirects are followed (at most :data:`MAX_REDIRECTS`) only to the same
  scheme, host and port: the organiser agreed to that server, not to wherever it points.
  No proxy settings are read from the environment.

>>> same_origin("http://a.org/void.ttl", "http://a.org:80/dump.nt")
True
>>> same_origin("http://a.org/void.ttl", "http://a.org:8080/dump.nt")
False
"""

from __future__ import annotations

import hashlib
import http.client
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass
from typing import BinaryIO

from graph.errors import BadInput

__all__ = ["MAX_REDIRECTS", "Fetched", "check_url", "fetch", "same_origin"]

#: Redirects followed within one server before giving up.
MAX_REDIRECTS = 3
_CHUNK = 1 << 16
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Fetched:
    """What a download gave: the URL it ended at, its size and its SHA-256."""

    url: str
    size: int
    sha256: str


def check_url(url: str, *, source: str = "URL") -> urllib.parse.SplitResult:
    """``url`` split, if it is an http(s) URL with a host and no password in it.

    >>> check_url("ftp://a.org/x")
    Traceback (most recent call last):
    ...
    graph.errors.BadInput: URL: 'ftp://a.org/x' is not an http:// or https:// URL
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise BadInput(f"{url!r} is not an http:// or https:// URL", source=source)
    if parts.username or parts.password:
        raise BadInput(f"{url!r} holds a user name or password: give the public address", source=source)
    try:
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        raise BadInput(f"{url!r} has a port that is not a number", source=source) from None
    return parts


def _origin(parts: urllib.parse.SplitResult) -> tuple[str, str, int]:
    return parts.scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS[parts.scheme]


def same_origin(first: str, second: str) -> bool:
    """True when both URLs name the same scheme, host and port."""
    return _origin(urllib.parse.urlsplit(first)) == _origin(urllib.parse.urlsplit(second))


def fetch(url: str, into: BinaryIO, *, max_bytes: int, deadline: float) -> Fetched:
    """Write the body at ``url`` into ``into``; raise :class:`BadInput` naming the URL and the limit.

    ``deadline`` is a :func:`time.monotonic` time shared by every download of one sync."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        parts = check_url(current)
        connection = _connect(parts, _left(deadline, url))
        try:
            response, sock = _get(connection, parts, deadline, url)
            if response.status in (301, 302, 303, 307, 308):
                target = urllib.parse.urljoin(current, response.getheader("Location") or "")
                if not same_origin(current, target):
                    raise BadInput(
                        f"the server redirects to {target}, another server; a peer's files are "
                        "read only from the server the peer was added with",
                        source=url,
                    )
                current = target
                continue
            if response.status != 200:
                raise BadInput(f"the server answered {response.status} {response.reason}", source=url)
            return _read(response, sock, into, current, max_bytes=max_bytes, deadline=deadline, source=url)
        finally:
            connection.close()
    raise BadInput(f"more than {MAX_REDIRECTS} redirects", source=url)


def _left(deadline: float, source: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise BadInput("the time limit for this sync passed (PRAXIS_PEER_TIMEOUT)", source=source)
    return left


def _connect(parts: urllib.parse.SplitResult, timeout: float) -> http.client.HTTPConnection:
    host, port = parts.hostname or "", parts.port
    if parts.scheme == "https":
        return http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
    return http.client.HTTPConnection(host, port, timeout=timeout)


def _get(
    connection: http.client.HTTPConnection, parts: urllib.parse.SplitResult, deadline: float, source: str
) -> tuple[http.client.HTTPResponse, socket.socket]:
    """The response, and its socket: each read of the body gets what is left of the deadline."""
    path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        connection.request("GET", path, headers={"Accept": "*/*", "User-Agent": "praxis-graph peers"})
        sock = connection.sock
        sock.settimeout(_left(deadline, source))
        return connection.getresponse(), sock
    except TimeoutError:
        raise BadInput(
            "the server did not answer within the time limit (PRAXIS_PEER_TIMEOUT)", source=source
        ) from None
    except (OSError, ValueError, http.client.HTTPException) as error:  # ValueError: a host IDNA refuses
        raise BadInput(f"cannot reach the server ({error})", source=source) from None


def _read(
    response: http.client.HTTPResponse,
    sock: socket.socket,
    into: BinaryIO,
    url: str,
    *,
    max_bytes: int,
    deadline: float,
    source: str,
) -> Fetched:
    too_large = BadInput(
        f"the file is larger than the limit of {max_bytes:,} bytes (PRAXIS_PEER_MAX_BYTES); "
        "nothing was changed",
        source=source,
    )
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise too_large
    digest, size = hashlib.sha256(), 0
    try:
        while True:
            sock.settimeout(_left(deadline, source))
            chunk = response.read1(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise too_large
            digest.update(chunk)
            into.write(chunk)
    except TimeoutError:
        raise BadInput(
            "the download did not finish within the time limit (PRAXIS_PEER_TIMEOUT); nothing was changed",
            source=source,
        ) from None
    except (OSError, http.client.HTTPException) as error:
        raise BadInput(f"the download broke off ({error}); nothing was changed", source=source) from None
    return Fetched(url, size, digest.hexdigest())
