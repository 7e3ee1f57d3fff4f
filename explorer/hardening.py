"""What the explorer's web server adds to every response, and what it refuses to pass on.

:class:`Hardening` is ASGI middleware placed outside all of Streamlit's own, so it
sees every HTTP response (pages, static files, the login redirect, errors) and every
WebSocket message from a browser:

- security headers on every HTTP response (:data:`HEADERS` and the
  Content-Security-Policy from :func:`content_security_policy`);
- ``/_stcore/metrics`` answers 404 to everyone: it tells anyone who asks how many
  sessions are open and how much the caches hold;
- messages a browser may send but only a developer needs are dropped before Streamlit
  reads them (:data:`DROPPED_MESSAGES`): ``clear_cache`` empties every cache of the
  process for every user, and ``load_git_info`` describes the checkout.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["CSP_DIRECTIVES", "DROPPED_MESSAGES", "HEADERS", "Hardening", "content_security_policy"]

#: The Content-Security-Policy, directive by directive, each as tight as the explorer
#: works under (checked in chromium on every page: tests/test_served.py). Why each:
CSP_DIRECTIVES: dict[str, tuple[str, ...]] = {
    # Anything not named below comes from this server only.
    "default-src": ("'self'",),
    # Script files from this server only. Inline <script> elements are allowed because
    # the concept map is an srcdoc iframe, which inherits this policy, and pyvis draws
    # it with inline scripts whose data changes with every map (no hash can list them);
    # Streamlit's own page has one inline script too. Inline event handlers (onerror=,
    # onclick=...), the way injected markup would run, are refused, and so is eval.
    # blob: because Streamlit loads a component's inline script (the concept map, which
    # carries vis-network) from a blob: URL it made itself.
    "script-src-elem": ("'self'", "'unsafe-inline'", "blob:"),
    "script-src-attr": ("'none'",),
    # Browsers too old for the two above read this instead (still no eval).
    "script-src": ("'self'", "'unsafe-inline'", "blob:"),
    # Streamlit (emotion) and vis-network style elements inline.
    "style-src": ("'self'", "'unsafe-inline'"),
    # The page icon is a data: URL.
    "img-src": ("'self'", "data:"),
    # Streamlit's fonts come from this server, some as data: URLs.
    "font-src": ("'self'", "data:"),
    # Fetches, uploads and the WebSocket go back to this server only: nothing read on
    # a page can be sent anywhere else.
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    # Frames (the map's srcdoc iframe) from this server only.
    "frame-src": ("'self'",),
    # No plugins, no <base> element, no forms posting elsewhere.
    "object-src": ("'none'",),
    "base-uri": ("'none'",),
    "form-action": ("'self'",),
    # Only the explorer itself may frame its pages (it embeds its own iframes); the
    # same as X-Frame-Options: SAMEORIGIN for browsers that read only that.
    "frame-ancestors": ("'self'",),
}

#: Headers set on every HTTP response, besides the Content-Security-Policy.
HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
}

#: BackMsg types a browser may send that are for developers only; dropped unread.
DROPPED_MESSAGES = frozenset(
    {"clear_cache", "load_git_info", "debug_disconnect_websocket", "debug_shutdown_runtime"}
)

_METRICS = re.compile(r"/_stcore/metrics/*$")


def content_security_policy() -> str:
    """The policy as one header value.

    >>> "frame-ancestors 'self'" in content_security_policy()
    True
    """
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in CSP_DIRECTIVES.items())


class Hardening:
    """ASGI middleware: headers on every response, no metrics, no developer messages."""

    def __init__(self, app: Any, *, base: str = "") -> None:
        self.app = app
        self.base = base
        self.headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in {**HEADERS, "Content-Security-Policy": content_security_policy()}.items()
        ]

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await self.app(scope, self._without_developer_messages(receive), send)
        else:
            await self.app(scope, receive, send)

    async def _http(self, scope: dict, receive: Any, send: Any) -> None:
        ours = {name for name, _ in self.headers}

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                theirs = [(k, v) for k, v in message.get("headers", []) if k.lower() not in ours]
                message = {**message, "headers": theirs + self.headers}
            await send(message)

        path = scope.get("path", "")
        if _METRICS.search(path) and path.startswith(self.base):
            from starlette.responses import PlainTextResponse

            await PlainTextResponse("Not Found", status_code=404)(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _without_developer_messages(receive: Any) -> Any:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        async def filtered() -> dict:
            while True:
                message = await receive()
                data = message.get("bytes") if message["type"] == "websocket.receive" else None
                if data:
                    back = BackMsg()
                    try:
                        back.ParseFromString(data)
                    except Exception:  # Streamlit refuses it and closes the connection
                        return message
                    if back.WhichOneof("type") in DROPPED_MESSAGES:
                        continue
                return message

        return filtered
