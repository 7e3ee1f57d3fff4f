"""The chapters we follow: one record per peer in our restricted graph, and its snapshot's graph.

A peer is a ``void:Dataset`` record, ``px:peer-NAME``, that only organisers read:

========================  =================================================
``rdfs:label``            the peer's name (a short slug: ``north-leeds``)
``dcterms:source``        the URL of its published description
``prov:wasDerivedFrom``   the dump the current snapshot was read from
``prov:generatedAtTime``  when that snapshot was taken
``owl:versionInfo``       the dump's checksum, ``sha256:HEX``: its version
``void:triples``          how many statements the snapshot holds
``schema:error``          why the latest sync failed (gone after a good one)
========================  =================================================

Reused terms only (VoID, PROV, OWL, schema.org), so the ontology needs nothing new. The
snapshot itself is the named graph :func:`peer_graph`, which no read sees (reads name
only the visibility graphs) and which ``praxis publish`` never writes.

>>> str(peer_graph("north-leeds"))
'https://w3id.org/praxis/graph/peer/north-leeds'
>>> check_name("North Leeds")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.errors.BadInput: NAME: 'North Leeds' is not a peer name: use 1 to 40 lower-case letters, ...
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import VOID

from graph.access import Role, Viewer, Visibility
from graph.errors import BadInput, NotAllowed
from graph.namespaces import DATA, DCTERMS, GRAPH, OWL, PROV, RDF, RDFS, SDO, XSD
from graph.peers.fetch import check_url
from graph.store import PraxisStore, Statement

__all__ = [
    "Peer",
    "Snapshot",
    "add_peer",
    "check_name",
    "clear_failure",
    "find_peer",
    "peer_graph",
    "peer_record",
    "peers",
    "record_failure",
    "remove_peer",
    "require_organiser",
    "snapshot_statements",
]

_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
_LEVEL = Visibility.RESTRICTED


@dataclass(frozen=True)
class Snapshot:
    """What the latest good sync stored: from which dump, when, which version, how much."""

    dump: str
    taken: dt.datetime
    version: str
    statements: int


@dataclass(frozen=True)
class Peer:
    """A chapter we follow, its latest snapshot (if any) and its latest failure (if any)."""

    name: str
    url: str
    snapshot: Snapshot | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, object]:
        shot = self.snapshot
        return {
            "name": self.name,
            "url": self.url,
            "synced": shot.taken.isoformat() if shot else None,
            "statements": shot.statements if shot else 0,
            "version": shot.version if shot else None,
            "error": self.error,
        }


def check_name(name: str) -> str:
    """``name`` if it is a peer name (it becomes part of an IRI), else :class:`BadInput`."""
    if not _NAME.fullmatch(name):
        raise BadInput(
            f"{name!r} is not a peer name: use 1 to 40 lower-case letters, digits and hyphens, "
            "such as north-leeds",
            source="NAME",
        )
    return name


def peer_record(name: str) -> URIRef:
    return DATA[f"peer-{check_name(name)}"]


def peer_graph(name: str) -> URIRef:
    """The named graph holding ``name``'s snapshot."""
    return GRAPH[f"peer/{check_name(name)}"]


def require_organiser(viewer: Viewer) -> None:
    """Following other chapters is an organiser's decision: it adds to the store every sync."""
    if viewer.role is not Role.ORGANISER:
        raise NotAllowed("Only an organiser can add, sync or remove the chapters we follow.")


def peers(store: PraxisStore, viewer: Viewer) -> list[Peer]:
    """Every peer, by name (organisers only)."""
    require_organiser(viewer)
    found: dict[str, dict[str, object]] = {}
    for row in store.select("peer_records", viewer):
        found.setdefault(str(row["peer"]), {})[str(row["property"])] = row["value"]
    return sorted(
        (_peer(fields) for fields in found.values() if str(RDFS.label) in fields), key=lambda p: p.name
    )


def _peer(fields: dict[str, object]) -> Peer:
    def field(term: URIRef) -> object:
        return fields.get(str(term))

    snapshot = None
    if field(PROV.generatedAtTime) is not None:
        snapshot = Snapshot(
            dump=str(field(PROV.wasDerivedFrom)),
            taken=dt.datetime.fromisoformat(str(field(PROV.generatedAtTime))),
            version=str(field(OWL.versionInfo)),
            statements=int(str(field(VOID.triples))),
        )
    error = field(SDO.error)
    return Peer(str(field(RDFS.label)), str(field(DCTERMS.source)), snapshot, str(error) if error else None)


def find_peer(store: PraxisStore, name: str, viewer: Viewer) -> Peer:
    for peer in peers(store, viewer):
        if peer.name == name:
            return peer
    raise BadInput(f"no peer is called {name!r} (praxis peers list shows them)", source="NAME")


def add_peer(store: PraxisStore, name: str, url: str, viewer: Viewer) -> Peer:
    """Follow the chapter whose description is at ``url``, as ``name``; nothing is fetched yet."""
    require_organiser(viewer)
    check_name(name)
    check_url(url)
    if any(peer.name == name for peer in peers(store, viewer)):
        raise BadInput(
            f"a peer is already called {name!r}: remove it first, or choose another name", source="NAME"
        )
    peer = Peer(name, url)
    store.write(_about(peer), viewer=viewer, replace=[peer_record(name)])
    return peer


def remove_peer(store: PraxisStore, name: str, viewer: Viewer) -> None:
    """Stop following ``name``: its record and its snapshot go, in one transaction."""
    find_peer(store, name, viewer)
    store.replace_graph(peer_graph(name), [], viewer=viewer, record=peer_record(name), about=[])


def snapshot_statements(peer: Peer, snapshot: Snapshot) -> list[Statement]:
    """The peer's record after a good sync (no error)."""
    return _about(Peer(peer.name, peer.url, snapshot))


def record_failure(store: PraxisStore, peer: Peer, error: str, viewer: Viewer) -> None:
    """Keep why a sync failed beside the (unchanged) snapshot, for ``praxis peers list``."""
    failed = Peer(peer.name, peer.url, peer.snapshot, error)
    store.write(_about(failed), viewer=viewer, replace=[peer_record(peer.name)])


def clear_failure(store: PraxisStore, peer: Peer, viewer: Viewer) -> None:
    """Forget the latest failure: a sync found the snapshot current."""
    store.write(
        _about(Peer(peer.name, peer.url, peer.snapshot)), viewer=viewer, replace=[peer_record(peer.name)]
    )


def _about(peer: Peer) -> list[Statement]:
    record = peer_record(peer.name)
    pairs: list[tuple[URIRef, object]] = [
        (RDF.type, VOID.Dataset),
        (RDFS.label, Literal(peer.name)),
        (DCTERMS.source, URIRef(peer.url)),
    ]
    if peer.snapshot is not None:
        shot = peer.snapshot
        pairs += [
            (PROV.wasDerivedFrom, URIRef(shot.dump)),
            (PROV.generatedAtTime, Literal(shot.taken.isoformat(), datatype=XSD.dateTime)),
            (OWL.versionInfo, Literal(shot.version)),
            (VOID.triples, Literal(shot.statements)),
        ]
    if peer.error is not None:
        pairs.append((SDO.error, Literal(peer.error)))
    return [Statement(record, predicate, obj, _LEVEL) for predicate, obj in pairs]  # type: ignore[arg-type]
