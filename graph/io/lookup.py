"""Find a record from what a person wrote in a file: an IRI, a CURIE or a label.

Spreadsheets and bibliographies name concepts, claims, campaigns, actions and
indicators the way people do: "Racism", ``pxv:racism`` or the full IRI. A
:class:`Lookup` is built once per import from the records the viewer can see and
answers each reference, or says plainly why it cannot.

>>> from rdflib import URIRef
>>> racism = URIRef("https://w3id.org/praxis/vocab/racism")
>>> lookup = Lookup([(racism, "Racism"), (racism, "racial oppression")])
>>> lookup.find("pxv:racism") == lookup.find("RACISM") == lookup.find("Racial  oppression") == racism
True
>>> lookup.find("patriarchy")
Traceback (most recent call last):
...
LookupError: no record is called 'patriarchy'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from rdflib import URIRef

from graph.io.identifiers import label_key
from graph.namespaces import PREFIXES

__all__ = ["Lookup", "expand"]


def expand(text: str) -> URIRef | None:
    """A full IRI, or a CURIE with one of our prefixes, as an IRI; else ``None``."""
    text = text.strip().strip("<>")
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and local and " " not in local:
        return URIRef(PREFIXES[prefix] + local)
    return None


class Lookup:
    """Records by IRI and by label key; ``prefer`` breaks ties between labels."""

    def __init__(
        self,
        items: Iterable[tuple[URIRef, str]],
        *,
        what: str = "record",
        prefer: Callable[[URIRef], bool] | None = None,
    ):
        self.what = what
        self.prefer = prefer
        self.iris: set[URIRef] = set()
        self.by_key: dict[str, set[URIRef]] = defaultdict(set)
        for iri, label in items:
            self.iris.add(iri)
            if label:
                self.by_key[label_key(label)].add(iri)

    def __contains__(self, iri: object) -> bool:
        return iri in self.iris

    def match(self, text: str) -> URIRef | None:
        """The one record ``text`` names, or ``None`` (never raises)."""
        try:
            return self.find(text)
        except LookupError:
            return None

    def find(self, text: str) -> URIRef:
        """The one record ``text`` names; :class:`LookupError` with a plain reason."""
        iri = expand(text)
        if iri is not None:
            if iri in self.iris:
                return iri
            raise LookupError(f"there is no {self.what} {text.strip()}")
        found = self.by_key.get(label_key(text), set())
        if len(found) > 1 and self.prefer is not None:
            preferred = {iri for iri in found if self.prefer(iri)}
            found = preferred or found
        if len(found) == 1:
            return next(iter(found))
        if not found:
            raise LookupError(f"no {self.what} is called {text.strip()!r}")
        names = ", ".join(sorted(str(iri) for iri in found)[:3])
        raise LookupError(
            f"{text.strip()!r} names several {self.what}s ({names}); give the identifier instead"
        )
