"""Group agreements and their history, in the same PROV pattern as claim versions.

An agreement (``prx:Agreement``) keeps one IRI and a short name while its wording
changes. Each wording is a ``prx:AgreementVersion``: the text (``prx:statement``),
the date of the meeting that adopted it (``dct:date``), the meeting in words
(``prx:adoptedAt``), why it changed (``prx:rationale``), its agreement
(``prx:versionOfAgreement``) and the version it replaces (``prov:wasRevisionOf``).
Nothing is overwritten: adopting a new wording adds a version.

The *current* version is the latest one that no other version revises; history
runs in time order (by date, and along the chain of revisions on the same day).

>>> from graph.store import open_store
>>> current_agreements(open_store("memory:"), Viewer.visitor())
[]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from rdflib import Literal, URIRef

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput
from graph.labels import local_name
from graph.namespaces import DCTERMS, PROV, PRX, RDF, RDFS, XSD
from graph.practice import new_iri
from graph.programme.refs import level_of, require_text
from graph.store import PraxisStore, Statement

__all__ = [
    "Agreement",
    "AgreementVersion",
    "adopt_agreement_version",
    "agreement_history",
    "current_agreements",
    "list_agreements",
]


@dataclass(frozen=True)
class AgreementVersion:
    """One wording of an agreement, as the viewer sees it."""

    iri: URIRef
    agreement: URIRef
    name: str
    statement: str
    adopted: dt.date | None
    meeting: str | None = None
    rationale: str | None = None
    revises: URIRef | None = None
    visibility: Visibility | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.iri),
            "agreement": str(self.agreement),
            "name": self.name,
            "statement": self.statement,
            "adopted": self.adopted.isoformat() if self.adopted else None,
            "meeting": self.meeting,
            "rationale": self.rationale,
            "revises": str(self.revises) if self.revises else None,
            "visibility": self.visibility.value if self.visibility else None,
        }


@dataclass(frozen=True)
class Agreement:
    """An agreement with its versions, oldest first; the last is the current wording."""

    iri: URIRef
    name: str
    versions: tuple[AgreementVersion, ...]
    visibility: Visibility | None = None

    @property
    def current(self) -> AgreementVersion:
        return self.versions[-1]


def list_agreements(store: PraxisStore, viewer: Viewer) -> list[Agreement]:
    """Every agreement ``viewer`` can see, by name, each with its history."""
    return sorted(_collect(store.select("agreement_versions", viewer)), key=lambda a: a.name.casefold())


def current_agreements(store: PraxisStore, viewer: Viewer) -> list[AgreementVersion]:
    """The current wording of every agreement, by name (what the overview shows)."""
    return [agreement.current for agreement in list_agreements(store, viewer)]


def agreement_history(store: PraxisStore, viewer: Viewer, agreement: URIRef) -> list[AgreementVersion]:
    """The versions of ``agreement`` in time order, oldest first (empty if unknown or hidden)."""
    found = _collect(store.select("agreement_versions", viewer, agreement=agreement))
    return list(found[0].versions) if found else []


def adopt_agreement_version(
    store: PraxisStore,
    viewer: Viewer,
    *,
    statement: str,
    adopted: dt.date,
    agreement: URIRef | None = None,
    name: str | None = None,
    rationale: str | None = None,
    meeting: str | None = None,
    visibility: Visibility | None = None,
    once: str | None = None,
) -> URIRef:
    """Record a wording adopted at the meeting of ``adopted``; return the version's IRI.

    With ``agreement``, the new version revises its current one (and may not be dated
    before it). Without, ``name`` starts a new agreement. ``visibility`` defaults to the
    agreement's own (members-only for a new agreement). ``once`` is the form's key:
    saving the same form again records nothing and returns the same IRI."""
    require(viewer, Permission.ADOPT_AGREEMENT)
    text = require_text(statement, field="statement")
    pairs: list[tuple[URIRef, Any]] = []
    statements: list[Statement] = []
    if agreement is None:
        title = require_text(name, field="name")
        level = visibility or Visibility.MEMBERS
        agreement = new_iri("agreement", once)
        statements += [
            Statement(agreement, RDF.type, PRX.Agreement, level),
            Statement(agreement, RDFS.label, Literal(title), level),
            Statement(agreement, PRX.visibility, level.concept, level),
        ]
    else:
        found = _collect(store.select("agreement_versions", viewer, agreement=agreement))
        if not found:
            raise BadInput("there is no such agreement (or you may not see it)", source="agreement")
        current = found[0].current
        if current.adopted is not None and adopted < current.adopted:
            raise BadInput(
                f"the current wording was adopted on {current.adopted.isoformat()}; "
                "a new wording cannot be dated before it",
                source="date",
            )
        level = visibility or found[0].visibility or current.visibility or Visibility.MEMBERS
        pairs.append((PROV.wasRevisionOf, current.iri))
    version = new_iri("agreementversion", once)
    pairs += [
        (RDF.type, PRX.AgreementVersion),
        (PRX.versionOfAgreement, agreement),
        (PRX.statement, Literal(text)),
        (DCTERMS.date, Literal(adopted.isoformat(), datatype=XSD.date)),
        (PRX.visibility, level.concept),
    ]
    if rationale and rationale.strip():
        pairs.append((PRX.rationale, Literal(rationale.strip())))
    if meeting and meeting.strip():
        pairs.append((PRX.adoptedAt, Literal(meeting.strip())))
    statements += [Statement(version, p, o, level) for p, o in pairs]
    store.write(statements, viewer=viewer, once=once)
    return version


def _collect(rows: list[dict[str, Any]]) -> list[Agreement]:
    """Agreements from ``agreement_versions`` rows, each version list in time order."""
    versions: dict[URIRef, dict[URIRef, AgreementVersion]] = defaultdict(dict)
    names: dict[URIRef, str] = {}
    levels: dict[URIRef, Visibility | None] = {}
    for row in rows:
        agreement = row["agreement"]
        if names.get(agreement) is None and row["name"] is not None:
            names[agreement] = str(row["name"])
        levels.setdefault(agreement, level_of(row["agreementVisibility"]))
        versions[agreement].setdefault(
            row["version"],
            AgreementVersion(
                iri=row["version"],
                agreement=agreement,
                name="",
                statement=str(row["statement"] or ""),
                adopted=row["date"] if isinstance(row["date"], dt.date) else None,
                meeting=row["meeting"],
                rationale=row["rationale"],
                revises=row["previous"],
                visibility=level_of(row["visibility"]),
            ),
        )
    found = []
    for agreement, chosen in versions.items():
        name = names.get(agreement) or local_name(agreement)
        ordered = tuple(replace(v, name=name) for v in _in_time_order(chosen))
        found.append(Agreement(agreement, name, ordered, levels.get(agreement)))
    return found


def _in_time_order(versions: dict[URIRef, AgreementVersion]) -> list[AgreementVersion]:
    """By date, then by place in the revision chain, so that the version no other
    version revises comes last among those of its day."""

    def depth(version: AgreementVersion) -> int:
        steps, seen = 0, {version.iri}
        while version.revises in versions and version.revises not in seen:
            version = versions[version.revises]
            seen.add(version.iri)
            steps += 1
        return steps

    revised = {v.revises for v in versions.values()}
    return sorted(
        versions.values(),
        key=lambda v: (v.adopted or dt.date.min, depth(v), v.iri not in revised, str(v.iri)),
    )
