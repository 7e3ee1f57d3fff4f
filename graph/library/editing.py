"""Adding, editing and tagging readings: one write each, the previous version kept.

Rules (the permission table is :mod:`graph.access`):

- **Add** (members and organisers): a reading by hand, at a level the viewer may write.
  It gets a readable IRI like an imported one (``px:reading-alinsky-1971-rules``), and the
  member who added it (``prx:addedBy``, kept members-only so visitors never see who).
- **Edit**: a member edits the readings they added; an organiser any (imported readings
  have nobody who added them, so only organisers edit those). Every field of the form is
  replaced; what the form does not manage stays (a campaign's ``prx:readFor``, the work a
  reading is an edition of, sessions that cover it).
- **Tag** (members and organisers, any reading they may write): add the concepts or
  claims a reading discusses, as the cataloguing queue does; the ``uncatalogued`` keyword
  goes once a concept tags it.

Each change keeps the previous version (:meth:`~graph.library.records.LibraryReading.snapshot`)
and goes through :meth:`~graph.store.PraxisStore.write`: validated by the shapes, one
transaction, written to the audit log with who made it.
"""

from __future__ import annotations

from dataclasses import replace

from rdflib import Literal, URIRef

from graph.access import (
    Permission,
    Viewer,
    Visibility,
    allowed,
    may_change,
    require,
    require_level,
    require_owner,
)
from graph.errors import BadInput
from graph.io.identifiers import slug
from graph.library.names import split_name
from graph.library.records import (
    UNCATALOGUED,
    LibraryReading,
    ReadingDraft,
    get_reading,
    snapshot_iri,
)
from graph.namespaces import DATA, PROV, PRX
from graph.practice import member_for, own_records
from graph.practice.records import refuse
from graph.store import PraxisStore, Statement

__all__ = ["add_reading", "edit_reading", "may_edit", "reading_iri", "tag_reading"]

_STOPWORDS = {"a", "an", "the", "on", "of", "and", "in", "to", "for", "how", "why", "what", "is"}


def reading_iri(store: PraxisStore, draft: ReadingDraft) -> URIRef:
    """A readable IRI not yet used in any graph: ``px:reading-<family>-<year>-<word>``."""
    family = split_name(draft.authors[0]).family if draft.authors else ""
    words = [w for w in slug(draft.title, words=12).split("-") if w and w not in _STOPWORDS]
    parts = [slug(family, words=4) or "anon", draft.year[:4] or "nd", words[0] if words else "reading"]
    base, number = "reading-" + "-".join(parts), 1
    candidate = DATA[base]
    while store.select("import_iri_used", Viewer.organiser(), iri=candidate):
        number += 1
        candidate = DATA[f"{base}-{number}"]
    return candidate


def add_reading(store: PraxisStore, viewer: Viewer, draft: ReadingDraft) -> URIRef:
    """Add a reading by hand; return its IRI."""
    require(viewer, Permission.ADD_READING)
    refuse(draft.problems(), "reading")
    require_level(viewer, draft.visibility, "reading")
    draft = draft.cleaned()
    _check_targets(store, viewer, draft)
    member = member_for(store, viewer)
    iri = reading_iri(store, draft)
    added = Statement(iri, PRX.addedBy, member, _at_least_members(draft.visibility))
    store.write([*draft.statements(iri, level=draft.visibility), added], viewer=viewer)
    return iri


def may_edit(store: PraxisStore, viewer: Viewer, reading: LibraryReading) -> bool:
    """Whether ``viewer`` may edit ``reading`` (organisers any; members those they added)."""
    if not viewer.may_write(reading.visibility) or not allowed(viewer, Permission.EDIT_READING):
        return False
    owned = reading.added_by is not None and reading.added_by in own_records(store, viewer)
    return may_change(viewer, owned=owned)


def edit_reading(store: PraxisStore, viewer: Viewer, iri: URIRef | str, draft: ReadingDraft) -> URIRef:
    """Replace a reading's values with ``draft``'s, keeping the previous version; return its
    IRI (the reading it now is, if ``iri`` was merged into another)."""
    require(viewer, Permission.EDIT_READING)
    current = _current(store, viewer, iri)
    owned = current.added_by is not None and current.added_by in own_records(store, viewer)
    require_owner(viewer, owned=owned, what="readings")
    refuse(draft.problems(), "reading")
    draft = replace(draft.cleaned(), visibility=current.visibility)
    if draft == replace(current.draft.cleaned(), visibility=current.visibility):
        return current.iri
    _check_targets(store, viewer, draft)
    _save(store, viewer, current, draft)
    return current.iri


def tag_reading(
    store: PraxisStore, viewer: Viewer, iri: URIRef | str, concepts: list[URIRef] | tuple[URIRef, ...]
) -> URIRef:
    """Add ``concepts`` (concepts or claims) to what a reading discusses; the keyword
    ``uncatalogued`` goes. Returns the reading's IRI."""
    require(viewer, Permission.CATALOGUE_READING)
    if not concepts:
        raise BadInput("choose at least one concept or claim the reading discusses", source="concepts")
    current = _current(store, viewer, iri)
    require_level(viewer, current.visibility, "reading")
    draft = current.draft
    draft = replace(
        draft,
        discusses=tuple(dict.fromkeys((*draft.discusses, *concepts))),
        keywords=tuple(k for k in draft.keywords if k.casefold() != UNCATALOGUED),
    )
    if draft == current.draft:
        return current.iri
    _check_targets(store, viewer, draft)
    _save(store, viewer, current, draft)
    return current.iri


def _current(store: PraxisStore, viewer: Viewer, iri: URIRef | str) -> LibraryReading:
    found = get_reading(store, viewer, iri)
    if found is None:
        raise BadInput(f"There is no reading {iri} that you can see.", source="reading")
    return found


def _save(store: PraxisStore, viewer: Viewer, current: LibraryReading, draft: ReadingDraft) -> None:
    """One write: the previous version kept, what changed removed and added. A value that
    did not change stays as stored (an abstract tagged ``@en`` keeps its tag)."""
    snapshot = snapshot_iri()
    level = current.visibility
    wanted = [
        *draft.statements(current.iri, level=level),
        Statement(current.iri, PROV.wasRevisionOf, snapshot, level),
    ]
    wanted_keys = {_key(s) for s in wanted}
    stored_keys = {_key(h.statement(current.iri)) for h in current.held}
    removals = [s for s in current.managed() if _key(s) not in wanted_keys]
    additions = current.snapshot(snapshot) + [s for s in wanted if _key(s) not in stored_keys]
    store.write(additions, removals, viewer=viewer)


def _key(statement: Statement) -> tuple:
    value = statement.object
    return statement.predicate, str(value) if isinstance(value, Literal) else value


def _at_least_members(level: Visibility) -> Visibility:
    return level if level.rank >= Visibility.MEMBERS.rank else Visibility.MEMBERS


def _check_targets(store: PraxisStore, viewer: Viewer, draft: ReadingDraft) -> None:
    """Every concept or claim the draft discusses must be one the viewer can see."""
    if not draft.discusses:
        return
    known = {row["concept"] for row in store.select("import_concept_labels", viewer)}
    unknown = [str(c) for c in draft.discusses if c not in known]
    if unknown:
        raise BadInput(
            f"there is no concept or claim {unknown[0]}: pick them from the list", source="concepts"
        )
