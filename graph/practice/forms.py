"""What the record and assess forms offer, read as the viewer sees it.

Campaigns, the concepts and claims a lesson can be tagged with, methods of action (and
which of them make an action a direct action) and indicators. Every list is a list of
frozen rows with plain Python values, sorted for display, so pages only lay them out.
Actions, lessons and assessments are listed by their own modules.

>>> from graph.store import open_store
>>> campaigns(open_store("memory:"), Viewer.visitor())
[]
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from graph.access import Viewer
from graph.namespaces import VOCAB
from graph.practice.records import labelled
from graph.store import PraxisStore

__all__ = ["DIRECT_CLASSES", "Choice", "campaigns", "direct_methods", "indicators", "methods", "targets"]


#: Methods under these concepts make an action a direct action (members-only by default).
DIRECT_CLASSES = frozenset({VOCAB["nonviolent-intervention"], VOCAB["nvda"]})


@dataclass(frozen=True)
class Choice:
    """Something to pick: its IRI, its label and what kind of thing it is."""

    iri: URIRef
    label: str
    kind: str = ""
    direct: bool = False


def campaigns(store: PraxisStore, viewer: Viewer) -> list[Choice]:
    rows = labelled(store.select("record_campaigns", viewer), "campaign")
    found = [Choice(iri, str(row["label"] or iri), "campaign") for iri, row in rows.items()]
    return sorted(found, key=lambda c: c.label.casefold())


def targets(store: PraxisStore, viewer: Viewer) -> list[Choice]:
    """Concepts of our schemes (not indicators) and claims, by label."""
    rows = labelled(store.select("record_targets", viewer), "target")
    found = [Choice(iri, str(row["label"]), str(row["kind"])) for iri, row in rows.items()]
    return sorted(found, key=lambda c: (c.kind != "concept", c.label.casefold()))


def methods(store: PraxisStore, viewer: Viewer) -> list[Choice]:
    """Methods of action; ``direct`` marks those that make a direct action."""
    rows = store.select("record_methods", viewer)
    direct = {row["method"] for row in rows if row["class"] in DIRECT_CLASSES}
    named = labelled(rows, "method")
    found = [Choice(iri, str(row["label"]), "method", iri in direct) for iri, row in named.items()]
    return sorted(found, key=lambda c: c.label.casefold())


def direct_methods(store: PraxisStore, viewer: Viewer) -> frozenset[URIRef]:
    return frozenset(choice.iri for choice in methods(store, viewer) if choice.direct)


def indicators(store: PraxisStore, viewer: Viewer) -> list[Choice]:
    rows = labelled(store.select("record_indicators", viewer), "indicator")
    return sorted(
        (Choice(iri, str(row["label"]), "indicator") for iri, row in rows.items()),
        key=lambda c: c.label.casefold(),
    )
