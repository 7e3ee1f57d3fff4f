"""The audit log: every write records who, when and what, as PROV.

Each write through :class:`~graph.store.PraxisStore` adds, in the same
transaction, one ``prx:Change`` (a ``prov:Activity``) to the restricted graph:
the writer's nickname and role, the time, how many statements were added and
removed, and the records touched (up to :data:`MAX_RECORDS`; a bulk import
records the counts only). Only organisers can read the restricted graph, so only
they see the log (``praxis log``, :meth:`~graph.store.PraxisStore.changes`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from rdflib import Literal, URIRef

from graph.access import Viewer, Visibility
from graph.namespaces import DATA, PROV, PRX, RDF, XSD
from graph.store.terms import Statement

__all__ = ["MAX_RECORDS", "audit_statements"]

#: Most records named in one change; larger writes (imports) keep counts only.
MAX_RECORDS = 100


def audit_statements(
    viewer: Viewer, records: Iterable[object], *, added: int, removed: int = 0
) -> list[Statement]:
    """The statements describing one write (restricted graph)."""
    change = DATA[f"change-{uuid.uuid4().hex[:12]}"]
    level = Visibility.RESTRICTED
    # Microseconds kept: the log is ordered by this time, and writes a second apart are common.
    # Written in the canonical form (no trailing zeros in the fraction, "Z"), and read so whatever
    # form an engine hands back (graph.store.terms.canonical_datetime: Virtuoso may add a zero).
    now = _canonical(dt.datetime.now(dt.UTC))
    statements = [
        Statement(change, RDF.type, PRX.Change, level),
        Statement(change, PROV.endedAtTime, Literal(now, datatype=XSD.dateTime), level),
        Statement(change, PRX.actorNickname, Literal(viewer.nickname or "anonymous"), level),
        Statement(change, PRX.actorRole, Literal(viewer.role.value), level),
        Statement(change, PRX.statementsAdded, Literal(added), level),
        Statement(change, PRX.statementsRemoved, Literal(removed), level),
    ]
    named = sorted({r for r in records if isinstance(r, URIRef) and not str(r).startswith(str(change))})
    if len(named) <= MAX_RECORDS:
        statements += [Statement(change, PRX.changedRecord, record, level) for record in named]
    return statements


def _canonical(when: dt.datetime) -> str:
    """``when`` (UTC) as XSD's canonical dateTime: ``2026-12-07T06:23:24.56199Z``.

    >>> _canonical(dt.datetime(2026, 12, 7, 6, 23, 24, 561990, tzinfo=dt.UTC))
    '2026-12-07T06:23:24.56199Z'
    >>> _canonical(dt.datetime(2026, 12, 7, 6, 23, 24, tzinfo=dt.UTC))
    '2026-12-07T06:23:24Z'
    """
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    fraction = f"{when.microsecond:06d}".rstrip("0")
    return f"{text}.{fraction}Z" if fraction else f"{text}Z"
