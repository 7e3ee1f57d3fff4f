"""The group's indicators of success: add, describe, retire, link to principles, see progress.

The founding question of a strategy session is "how do we assess the success of
an action? What indicators are valuable to us and consistent with our
principles?". Indicators are concepts of the ``pxs:indicators`` scheme (public,
like the rest of the vocabulary). Organisers can

* **add** one (:func:`add_indicator`): a new ``pxv:indicator-<name>`` typed
  ``skos:Concept``, ``prx:Indicator`` and ``sosa:ObservableProperty``, a top
  concept of the scheme, with a label and a definition;
* **describe** it again (:func:`describe_indicator`): a new label or definition
  replaces the old one;
* **retire** it (:func:`retire_indicator`): ``prx:retired true``. A retired
  indicator is no longer offered for new assessments; past assessments on it
  still count. ``owl:deprecated true`` (as a vocabulary file may say) reads the
  same. Retiring can be undone (``retired=False``);
* **link** it to the principles it serves (:func:`set_principles`):
  ``prx:serves`` -> concepts of ``pxs:principles``.

:func:`campaign_progress` lists which indicators each campaign (or one campaign)
has advanced: the mean score of its actions' assessments is above zero (with how
many there are). :func:`top_advances` gives the strongest of them across every
campaign, at most :data:`TOP_ADVANCES`: a chapter of years has thousands of
campaigns, and the page then asks for a campaign to see all of its advances.
Every read goes through the viewer; writes need an organiser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput
from graph.labels import local_name
from graph.namespaces import PRX, RDF, SCHEME, SKOS, SOSA, VOCAB
from graph.store import PraxisStore, Statement

__all__ = [
    "TOP_ADVANCES",
    "Advances",
    "CampaignProgress",
    "IndicatorInfo",
    "add_indicator",
    "campaign_progress",
    "describe_indicator",
    "list_indicators",
    "principles",
    "retire_indicator",
    "set_principles",
    "top_advances",
]

SCHEME_IRI = SCHEME["indicators"]
_PUBLIC = Visibility.PUBLIC

#: How many advances :func:`top_advances` returns (``indicator_progress_top.rq`` reads
#: one more: its LIMIT).
TOP_ADVANCES = 200


@dataclass(frozen=True)
class IndicatorInfo:
    indicator: URIRef
    label: str
    definition: str
    retired: bool
    serves: tuple[tuple[URIRef, str], ...]


@dataclass(frozen=True)
class CampaignProgress:
    """An indicator a campaign has advanced: mean score above zero over ``n`` assessments."""

    campaign: URIRef
    campaign_label: str
    indicator: URIRef
    indicator_label: str
    n: int
    mean: float


@dataclass(frozen=True)
class Advances:
    """The strongest advances across campaigns, and whether there are more than listed."""

    rows: tuple[CampaignProgress, ...]
    more: bool


def list_indicators(
    store: PraxisStore, viewer: Viewer, *, include_retired: bool = True
) -> list[IndicatorInfo]:
    """Every indicator, by label; retired ones too unless ``include_retired`` is false."""
    found: dict[URIRef, dict] = {}
    for row in store.select("indicator_list", viewer):
        entry = found.setdefault(
            row["indicator"], {"label": None, "definition": "", "retired": False, "serves": {}}
        )
        if row["label"] is not None and entry["label"] is None:
            entry["label"] = str(row["label"])
        if row["definition"] is not None and not entry["definition"]:
            entry["definition"] = str(row["definition"])
        if row["retired"] is True or row["deprecated"] is True:
            entry["retired"] = True
        if row["principle"] is not None:
            entry["serves"][row["principle"]] = str(row["principleLabel"] or local_name(row["principle"]))
    infos = [
        IndicatorInfo(
            indicator=iri,
            label=entry["label"] or local_name(iri),
            definition=entry["definition"],
            retired=entry["retired"],
            serves=tuple(sorted(entry["serves"].items(), key=lambda item: item[1])),
        )
        for iri, entry in found.items()
    ]
    infos.sort(key=lambda info: info.label.casefold())
    return [info for info in infos if include_retired or not info.retired]


def principles(store: PraxisStore, viewer: Viewer) -> list[tuple[URIRef, str]]:
    """The principles an indicator may serve, as (IRI, label), by label."""
    found = {
        row["principle"]: str(row["label"] or local_name(row["principle"]))
        for row in store.select("indicator_principles", viewer)
    }
    return sorted(found.items(), key=lambda item: item[1].casefold())


def add_indicator(
    store: PraxisStore,
    viewer: Viewer,
    *,
    label: str,
    definition: str,
    serves: Iterable[URIRef] = (),
) -> URIRef:
    """Add an indicator and return its IRI (``pxv:indicator-<label as a name>``)."""
    require(viewer, Permission.MANAGE_INDICATORS)
    label, definition = _text(label, "label"), _text(definition, "definition")
    slug = re.sub(r"[^a-z0-9]+", "-", label.casefold()).strip("-")
    if not slug:
        raise BadInput("a label needs at least one letter or digit", source="label")
    iri = VOCAB[f"indicator-{slug}"]
    for info in list_indicators(store, viewer):
        if info.indicator == iri or info.label.casefold() == label.casefold():
            raise BadInput(
                f"there is already an indicator called {info.label!r} ({info.indicator})", source="label"
            )
    statements = [
        _s(iri, RDF.type, SKOS.Concept),
        _s(iri, RDF.type, PRX.Indicator),
        _s(iri, RDF.type, SOSA.ObservableProperty),
        _s(iri, SKOS.inScheme, SCHEME_IRI),
        _s(iri, SKOS.topConceptOf, SCHEME_IRI),
        _s(SCHEME_IRI, SKOS.hasTopConcept, iri),
        _s(iri, SKOS.prefLabel, Literal(label, lang="en")),
        _s(iri, SKOS.definition, Literal(definition, lang="en")),
    ]
    statements += [_s(iri, PRX.serves, p) for p in _principles(store, viewer, serves)]
    store.write(statements, viewer=viewer)
    return iri


def describe_indicator(
    store: PraxisStore,
    viewer: Viewer,
    indicator: URIRef,
    *,
    label: str | None = None,
    definition: str | None = None,
) -> None:
    """Replace the indicator's label and/or definition."""
    require(viewer, Permission.MANAGE_INDICATORS)
    changes = {SKOS.prefLabel: label, SKOS.definition: definition}
    removals, additions = [], []
    current = _current(store, viewer, indicator)
    for prop, value in changes.items():
        if value is None:
            continue
        removals += [s for s in current if s.predicate == prop]
        additions.append(_s(indicator, prop, Literal(_text(value, local_name(prop).lower()), lang="en")))
    if additions:
        store.write(additions, removals, viewer=viewer)


def retire_indicator(store: PraxisStore, viewer: Viewer, indicator: URIRef, *, retired: bool = True) -> None:
    """Retire an indicator (or, with ``retired=False``, bring it back)."""
    require(viewer, Permission.MANAGE_INDICATORS)
    removals = [s for s in _current(store, viewer, indicator) if s.predicate == PRX.retired]
    additions = [_s(indicator, PRX.retired, Literal(True))] if retired else []
    if removals or additions:
        store.write(additions, removals, viewer=viewer)


def set_principles(store: PraxisStore, viewer: Viewer, indicator: URIRef, serves: Iterable[URIRef]) -> None:
    """Make ``serves`` exactly the principles the indicator serves."""
    require(viewer, Permission.MANAGE_INDICATORS)
    wanted = set(_principles(store, viewer, serves))
    current = [s for s in _current(store, viewer, indicator) if s.predicate == PRX.serves]
    have = {s.object for s in current}
    removals = [s for s in current if s.object not in wanted]
    additions = [_s(indicator, PRX.serves, p) for p in sorted(wanted - have)]
    if removals or additions:
        store.write(additions, removals, viewer=viewer)


def campaign_progress(
    store: PraxisStore, viewer: Viewer, *, campaign: URIRef | str | None = None
) -> list[CampaignProgress]:
    """Indicators each campaign (or ``campaign``) has advanced (mean score > 0), by campaign then by mean.

    Without ``campaign`` this reads every campaign's assessments: for a page, prefer
    :func:`top_advances`, or one campaign at a time."""
    bindings = {"campaign": URIRef(str(campaign))} if campaign is not None else {}
    rows = [
        _progress(row)
        for row in store.select("indicator_progress", viewer, **bindings)
        if row["mean"] is not None and float(row["mean"]) > 0
    ]
    return _by_campaign(rows)


def top_advances(store: PraxisStore, viewer: Viewer) -> Advances:
    """At most :data:`TOP_ADVANCES` advances (mean score > 0) of any campaign: the highest
    mean scores, then the most assessments; shown by campaign then by mean."""
    found: dict[tuple[URIRef, URIRef], CampaignProgress] = {}
    for row in store.select("indicator_progress_top", viewer):
        found.setdefault((row["campaign"], row["indicator"]), _progress(row))
    kept = sorted(found.values(), key=lambda r: (-r.mean, -r.n))[:TOP_ADVANCES]
    return Advances(tuple(_by_campaign(kept)), more=len(found) > TOP_ADVANCES)


def _progress(row: dict) -> CampaignProgress:
    return CampaignProgress(
        campaign=row["campaign"],
        campaign_label=str(row["campaignLabel"] or local_name(row["campaign"])),
        indicator=row["indicator"],
        indicator_label=str(row["indicatorLabel"] or local_name(row["indicator"])),
        n=int(row["n"]),
        mean=float(row["mean"]),
    )


def _by_campaign(rows: list[CampaignProgress]) -> list[CampaignProgress]:
    return sorted(rows, key=lambda r: (r.campaign_label.casefold(), -r.mean, r.indicator_label))


def _current(store: PraxisStore, viewer: Viewer, indicator: URIRef) -> list[Statement]:
    """The indicator's label, definition, retirement and principles exactly as stored."""
    if not any(info.indicator == indicator for info in list_indicators(store, viewer)):
        raise BadInput(f"{indicator} is not an indicator", source="indicator")
    found = []
    for row in store.select("indicator_texts", viewer, indicator=indicator):
        value = row["value"]
        if isinstance(value, str) and not isinstance(value, URIRef):
            value = Literal(value, lang=row["lang"] or None)
        elif isinstance(value, bool):
            value = Literal(value)
        level = Visibility(local_name(row["graph"]))
        found.append(Statement(indicator, row["property"], value, level))
    return found


def _principles(store: PraxisStore, viewer: Viewer, serves: Iterable[URIRef]) -> list[URIRef]:
    allowed = dict(principles(store, viewer))
    chosen = [URIRef(str(p)) for p in serves]
    unknown = [str(p) for p in chosen if p not in allowed]
    if unknown:
        raise BadInput(f"not a principle of the principles scheme: {', '.join(unknown)}", source="serves")
    return chosen


def _text(value: str, name: str) -> str:
    text = " ".join(str(value).split())
    if not text:
        raise BadInput(f"the {name} is empty", source=name)
    return text


def _s(subject: URIRef, predicate: URIRef, obj: object) -> Statement:
    return Statement(subject, predicate, obj, _PUBLIC)  # type: ignore[arg-type]
