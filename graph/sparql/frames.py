"""The frames a query worker and its parent exchange: an 8-byte header (the lengths of a
JSON head and of a byte body, big-endian), the head, then the body.

>>> import io
>>> pipe = io.BytesIO()
>>> write_frame(pipe, {"ok": True}, b"rows")
>>> _ = pipe.seek(0)
>>> read_frame(pipe)
({'ok': True}, b'rows')
"""

from __future__ import annotations

import json
import struct
from typing import Any, BinaryIO

__all__ = ["HEADER", "read_frame", "write_frame"]

#: Lengths of the JSON head and of the body, big-endian.
HEADER = struct.Struct(">II")


def write_frame(stream: BinaryIO, head: dict[str, Any], body: bytes = b"") -> None:
    data = json.dumps(head).encode("utf-8")
    stream.write(HEADER.pack(len(data), len(body)) + data + body)
    stream.flush()


def read_frame(stream: BinaryIO) -> tuple[dict[str, Any], bytes] | None:
    """The next frame, or ``None`` at the end of the stream."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    head_size, body_size = HEADER.unpack(header)
    head = json.loads(stream.read(head_size))
    return head, stream.read(body_size)
