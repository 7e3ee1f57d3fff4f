"""What every record members write shares: opaque IRIs, statements, plain values.

New records get opaque IRIs, ``px:<kind>-<12 hex digits>`` (:func:`new_iri`): no
names, places or dates, and no collision in practice (48 random bits). A record's
statements are built from ``(predicate, value)`` pairs (:func:`statements`, a value of
``None`` leaves the pair out); text is stored as plain strings (members write in any
language). Rows read back for forms keep one label per node (:func:`labelled`, in the
explorer's language or untagged first, :mod:`graph.labels`).

>>> str(new_iri("lesson")).rsplit("/", 1)[-1][:7]
'lesson-'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable

from rdflib import Literal, URIRef

from graph.access import Visibility
from graph.errors import BadInput
from graph.labels import language_rank
from graph.namespaces import DATA, XSD
from graph.store import Statement

__all__ = [
    "date_literal",
    "labelled",
    "level_of",
    "new_iri",
    "now_literal",
    "refuse",
    "statements",
    "text_literal",
]


def new_iri(kind: str, once: str | None = None) -> URIRef:
    """An opaque record IRI such as ``px:lesson-3f9a2c0b1d4e``.

    With ``once`` (a form instance's key, see :meth:`~graph.store.PraxisStore.write`) the
    digits come from the key, so saving the same form twice names the same record."""
    if once is not None:
        return DATA[f"{kind}-{hashlib.sha256(f'{kind} {once}'.encode()).hexdigest()[:12]}"]
    return DATA[f"{kind}-{uuid.uuid4().hex[:12]}"]


def text_literal(value: str) -> Literal:
    return Literal(value.strip())


def date_literal(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def now_literal() -> Literal:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return Literal(now.isoformat(), datatype=XSD.dateTime)


def statements(subject: URIRef, level: Visibility, pairs: Iterable[tuple[URIRef, object]]) -> list[Statement]:
    return [Statement(subject, p, o, level) for p, o in pairs if o is not None]


def labelled(rows: list[dict], key: str) -> dict[URIRef, dict]:
    """One row per ``key``, preferring a label in the explorer's language or untagged."""
    best: dict[URIRef, dict] = {}
    for row in rows:
        current = best.get(row[key])
        if current is None or (language_rank(row.get("lang")) < 2 <= language_rank(current.get("lang"))):
            best[row[key]] = row
    return best


def level_of(value: object, default: Visibility = Visibility.PUBLIC) -> Visibility:
    """The level a ``prx:visibility`` value names, else ``default``."""
    try:
        return Visibility.from_concept(value) if value else default
    except ValueError:
        return default


def refuse(problems: list[str], what: str) -> None:
    """Raise :class:`~graph.errors.BadInput` listing ``problems`` (a form's plain-language
    reasons it cannot be saved), naming ``what``; do nothing when there are none."""
    if problems:
        raise BadInput(" ".join(problems), source=what)
