"""References from programme records to the records they point at.

A session points at its facilitators, readings, skills and topics; a blog post at
its author, concepts and campaigns. Each such link is a :class:`RecordRef`: the target's
IRI and its label as the viewer sees it (``None`` when the viewer may not see the
target, for example a members-only member named on a public session). This module
turns query rows into refs, resolves nicknames typed in a form to member records,
and checks form text, so the record modules stay about their own records.

>>> group_refs([{"owner": "s1", "link": "covers", "target": "r1", "label": "Parecon"}], "owner")
{'s1': {'covers': (RecordRef(iri='r1', label='Parecon'),)}}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from graph.access import Viewer, Visibility
from graph.errors import BadInput
from graph.store import PraxisStore

__all__ = [
    "RecordRef",
    "group_refs",
    "level_of",
    "member_by_nickname",
    "members",
    "require_text",
]


@dataclass(frozen=True)
class RecordRef:
    """A record a programme record points at, with its label (``None`` if hidden)."""

    iri: URIRef
    label: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {"id": str(self.iri), "label": self.label}


def group_refs(rows: Iterable[dict[str, Any]], owner: str) -> dict[Any, dict[str, tuple[RecordRef, ...]]]:
    """``{owner: {link: refs}}`` from rows with ``owner``, ``link``, ``target``, ``label``.

    The first label seen for a target wins (a query may return one row per label);
    refs are sorted by label so lists read the same on every run."""
    found: dict[Any, dict[str, dict[Any, str | None]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        targets = found[row[owner]][row["link"]]
        if targets.get(row["target"]) is None:
            targets[row["target"]] = row["label"]
    return {
        key: {
            link: tuple(
                sorted(
                    (RecordRef(iri, label) for iri, label in targets.items()),
                    key=lambda ref: ((ref.label or "").casefold(), str(ref.iri)),
                )
            )
            for link, targets in links.items()
        }
        for key, links in found.items()
    }


def level_of(value: Any) -> Visibility | None:
    """The :class:`Visibility` of a ``prx:visibility`` value, or ``None``."""
    try:
        return Visibility.from_concept(value) if value is not None else None
    except ValueError:
        return None


def members(store: PraxisStore, viewer: Viewer) -> list[RecordRef]:
    """Members the viewer can see, by nickname (for facilitator and author pickers)."""
    found: dict[URIRef, str] = {}
    for row in store.select("programme_members", viewer):
        found.setdefault(row["member"], str(row["nickname"]))
    return sorted(
        (RecordRef(iri, nick) for iri, nick in found.items()), key=lambda r: (r.label or "").casefold()
    )


def _key(nickname: str) -> str:
    return " ".join(nickname.split()).casefold()


def member_by_nickname(store: PraxisStore, viewer: Viewer, nickname: str, *, field: str) -> URIRef:
    """The member whose nickname is ``nickname`` (case and spacing ignored).

    Raises :class:`BadInput` naming ``field`` when no member the viewer can see has it."""
    wanted = _key(nickname)
    found = sorted(ref.iri for ref in members(store, viewer) if _key(ref.label or "") == wanted)
    if not found:
        raise BadInput(
            f'no member has the nickname "{nickname.strip()}": pick one from the list of members',
            source=field,
        )
    return found[0]


def require_text(value: str | None, *, field: str) -> str:
    """``value`` without surrounding spaces; :class:`BadInput` naming ``field`` if empty."""
    text = (value or "").strip()
    if not text:
        raise BadInput("this cannot be empty", source=field)
    return text
