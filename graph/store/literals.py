r"""How large one value may be, checked before anything is written.

The engine's parsers refuse any token over 16 MiB ("Reached the buffer maximal
size of 16777216", raised as ``MemoryError``), but the store itself accepts a
value of any size. A value that the store holds and its own parsers refuse makes
every backup unrestorable, so every write refuses a value (a literal, or an IRI)
over :data:`MAX_VALUE_BYTES`, naming the record and the field.

>>> from rdflib import Literal, URIRef
>>> from graph.namespaces import DCTERMS
>>> MAX_VALUE_BYTES
1048576
>>> too_large("a" * 300_000), too_large("a" * (MAX_VALUE_BYTES + 1))
(False, True)
>>> reading = URIRef("https://w3id.org/praxis/id/reading-x")
>>> check_triples([(reading, DCTERMS.abstract, Literal("é" * 600_000))])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.store.literals.ValueTooLarge: px:reading-x, field dct:abstract: the value is 1.1 MiB of text; ...

:func:`check_triples` is the one check; :meth:`graph.store.PraxisStore.write` and
:meth:`~graph.store.PraxisStore.add_quads` call it, so every form, every importer
and restore pass through it. Bulk loading, which hands a file straight to the
engine, checks what it loaded with :data:`OVERSIZED_QUERY` and empties the store
again if anything is over. Importers also check each field as they read it
(:func:`check_text`), so that their message names the file and line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import Literal

from graph.errors import BadInput
from graph.namespaces import PREFIXES

__all__ = [
    "ENGINE_TOKEN_BYTES",
    "MAX_VALUE_BYTES",
    "OVERSIZED_QUERY",
    "ValueTooLarge",
    "check_text",
    "check_triples",
    "first_long_line",
    "refused_by_engine",
    "size_text",
    "too_large",
]

#: Largest value (a literal's text, or an IRI) any write accepts, in bytes of UTF-8.
#:
#: Why 1 MiB: the engine's parsers (restore, ``load --bulk``, ``praxis load``) refuse
#: any token over 16 MiB, and N-Quads or TriG write a control character as
#: ``\u0001``, six bytes for one, so a value of 1 MiB takes at most 6 MiB in a backup:
#: well under the parser's limit, whatever it holds. 1 MiB is about 150,000 words,
#: far more than any title, abstract, lesson or evidence a person types; a whole
#: text belongs behind a link (``schema:url``).
MAX_VALUE_BYTES = 1024 * 1024

#: The engine parsers' own limit on one token (pyoxigraph 0.5), for messages.
ENGINE_TOKEN_BYTES = 16 * 1024 * 1024

#: A character takes at most 4 bytes in UTF-8: a text this short is never too large.
_SAFE_CHARS = MAX_VALUE_BYTES // 4

#: Statements whose subject or object may be over the limit (the exact size is
#: checked in Python): a scan of about a second per million statements, run
#: after a bulk load.
OVERSIZED_QUERY = (
    "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
    f"FILTER(STRLEN(STR(?o)) > {_SAFE_CHARS} || STRLEN(STR(?s)) > {_SAFE_CHARS}) }} LIMIT 20"
)


class ValueTooLarge(BadInput):
    """A value over :data:`MAX_VALUE_BYTES`: names the record (or line) and the field.

    ``reason`` is the message without "nothing was changed", for importers that
    list it among other problems."""

    def __init__(
        self,
        reason: str,
        *,
        source: str | None = None,
        line: int | None = None,
        record: str | None = None,
        field: str | None = None,
        size: int = 0,
    ):
        super().__init__(f"{reason}; nothing was changed.", source=source, line=line)
        self.reason, self.record, self.field, self.size = reason, record, field, size


def too_large(text: str) -> bool:
    """True if ``text`` takes more than :data:`MAX_VALUE_BYTES` in UTF-8."""
    return len(text) > _SAFE_CHARS and _utf8_size(text) > MAX_VALUE_BYTES


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def size_text(size: int) -> str:
    """A size as a person reads it.

    >>> size_text(17 * 2**20), size_text(52_428_800), size_text(2_000)
    ('17.0 MiB', '50.0 MiB', '2,000 bytes')
    """
    if size >= 2**20:
        return f"{size / 2**20:.1f} MiB"
    return f"{size:,} bytes"


_LIMIT_TEXT = f"a value may hold at most 1 MiB ({MAX_VALUE_BYTES:,} bytes of UTF-8)"
_ADVICE = "Shorten it (a long text belongs behind a link)"


def _short(term: Any) -> str:
    text = _text(term)
    for prefix, namespace in PREFIXES.items():
        rest = text[len(namespace) :]
        if text.startswith(namespace) and rest and "/" not in rest and "#" not in rest:
            return f"{prefix}:{rest}"
    return text if len(text) < 200 else text[:120] + "…"


def _text(term: Any) -> str:
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return term.value
    return str(term)


def check_text(text: str, *, field: str, source: str | None = None, line: int | None = None) -> None:
    """Refuse ``text`` (one field of a file being imported) if it is over the limit.

    >>> check_text("short", field="abstract", source="refs.bib", line=3)
    >>> check_text("x" * 2**21, field="abstract", source="refs.bib", line=3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.store.literals.ValueTooLarge: refs.bib, line 3: the field abstract is 2.0 MiB of text; ...
    """
    if too_large(text):
        size = _utf8_size(text)
        raise ValueTooLarge(
            f"the field {field} is {size_text(size)} of text; {_LIMIT_TEXT}. {_ADVICE}",
            source=source,
            line=line,
            field=field,
            size=size,
        )


def check_triples(triples: Iterable[tuple[Any, Any, Any]], *, source: str | None = None) -> None:
    """Refuse the first statement whose subject, predicate or object is over the limit.

    Takes rdflib or pyoxigraph terms. Cheap for normal data: only a text longer
    than a quarter of the limit in characters is encoded to count its bytes."""
    for subject, predicate, obj in triples:
        for position, term in (("object", obj), ("subject", subject), ("predicate", predicate)):
            text = _text(term)
            if len(text) <= _SAFE_CHARS or not too_large(text):
                continue
            size = _utf8_size(text)
            what = "the value" if isinstance(term, (Literal, ox.Literal)) else f"the IRI ({position})"
            record = _short(subject) if position != "subject" else "a record"
            raise ValueTooLarge(
                f"{record}, field {_short(predicate)}: {what} is {size_text(size)} of text; "
                f"{_LIMIT_TEXT}. {_ADVICE}",
                source=source,
                record=record,
                field=_short(predicate),
                size=size,
            )


def first_long_line(chunks: Iterable[bytes]) -> int | None:
    """The number of the first line longer than :data:`MAX_VALUE_BYTES`, or ``None``.

    One pass over the data, chunk by chunk, so a file need not be read whole.

    >>> first_long_line([b"short\\n", b"x" * (MAX_VALUE_BYTES + 1), b"\\nend\\n"])
    2
    >>> first_long_line([b"a\\nb\\n"]) is None
    True
    """
    number, length = 1, 0
    for chunk in chunks:
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            length += (len(chunk) if end < 0 else end) - start
            if length > MAX_VALUE_BYTES:
                return number
            if end < 0:
                break
            number, length, start = number + 1, 0, end + 1
    return None


def refused_by_engine(*, source: str, line: int | None = None) -> ValueTooLarge:
    """The error for a file whose parse the engine stopped as too large (``MemoryError``):
    one value in it is over the engine's 16 MiB, so far over our limit. ``line`` is
    where the first overlong line starts, if the caller found one."""
    return ValueTooLarge(
        f"a value in this file is over {ENGINE_TOKEN_BYTES // 2**20} MiB, more than the engine can read; "
        f"{_LIMIT_TEXT}. {_ADVICE}",
        source=source,
        line=line,
        size=ENGINE_TOKEN_BYTES,
    )
