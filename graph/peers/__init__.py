"""Follow other chapters: their published public graphs, kept as snapshots beside ours.

An organiser adds a peer by the URL of its published description
(:mod:`.registry`); a sync (:mod:`.sync`) downloads the dump it names under limits
(:mod:`.limits`, :mod:`.fetch`), refuses anything hostile or non-conforming
(:mod:`.description`, :mod:`.checks`, :mod:`.conformance`) and replaces the peer's named graph,
``https://w3id.org/praxis/graph/peer/NAME``, all or nothing. Peer graphs are never
among the graphs a read sees, so nothing of a peer's shows until a page asks for it.

=====================  ============================================================
:mod:`.registry`       the peers' records (restricted graph), names, graphs
:mod:`.fetch`          HTTP(S) downloads: size limit, deadline, same server only
:mod:`.description`    the VoID description and the dump it names (never JSON-LD)
:mod:`.checks`         what a dump may hold: parse, refuse, shapes
:mod:`.conformance`    a fast proof that a dump conforms to our shapes (else pySHACL)
:mod:`.sync`           one peer or all: replace the snapshot or keep it and say why
:mod:`.limits`         the settings (``PRAXIS_PEER_*``)
:mod:`.schedule`       ``praxis serve``'s thread syncing every peer when due
=====================  ============================================================
"""

from graph.peers.limits import SETTINGS, Limits
from graph.peers.registry import Peer, Snapshot, add_peer, find_peer, peer_graph, peers, remove_peer
from graph.peers.sync import Synced, sync_all, sync_peer

__all__ = [
    "SETTINGS",
    "Limits",
    "Peer",
    "Snapshot",
    "Synced",
    "add_peer",
    "find_peer",
    "peer_graph",
    "peers",
    "remove_peer",
    "sync_all",
    "sync_peer",
]
