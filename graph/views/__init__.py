"""What the explorer shows a reading group: concepts, readings, the overview and the concept map's data.

=======================  ===========================================================
:mod:`.concepts`         schemes and concepts: browse, search any label, describe one
:mod:`.readings`         reading lists (most relevant first, with why) and one reading
:mod:`.summary`         the home page's summary of what the graph holds
:mod:`.concept_map`      the nodes and links of a neighbourhood or of whole schemes
                         (drawn by the explorer)
:mod:`.references`           concepts, claims and lessons named for display
=======================  ===========================================================

Every read is :meth:`~graph.store.PraxisStore.select` with the viewer, so a visitor's
views never hold a members-only record.
"""

from graph.views.concept_map import (
    DEPTHS,
    MAX_NODES,
    MapEdge,
    MapKind,
    MapNode,
    MapView,
    Relation,
    neighbourhood,
    parse_kinds,
    whole_map,
)
from graph.views.concepts import (
    HIDDEN_SCHEMES,
    ClaimRef,
    ConceptDetails,
    ConceptHit,
    Label,
    Scheme,
    concept_details,
    list_concepts,
    list_schemes,
    search_concepts,
)
from graph.views.readings import (
    LIST_LIMIT,
    MAX_SEARCH,
    ListReason,
    ReadingDetails,
    ReadingEntry,
    ReadingPage,
    count_readings,
    reading_details,
    reading_list,
    reading_page,
    search_readings,
)
from graph.views.references import LessonRef, Ref, lesson_refs, refs
from graph.views.summary import CampaignSummary, LessonSummary, Overview, overview

__all__ = [
    "DEPTHS",
    "HIDDEN_SCHEMES",
    "LIST_LIMIT",
    "MAX_NODES",
    "MAX_SEARCH",
    "CampaignSummary",
    "ClaimRef",
    "ConceptDetails",
    "ConceptHit",
    "Label",
    "LessonRef",
    "LessonSummary",
    "ListReason",
    "MapEdge",
    "MapKind",
    "MapNode",
    "MapView",
    "Overview",
    "ReadingDetails",
    "ReadingEntry",
    "ReadingPage",
    "Ref",
    "Relation",
    "Scheme",
    "concept_details",
    "count_readings",
    "lesson_refs",
    "list_concepts",
    "list_schemes",
    "neighbourhood",
    "overview",
    "parse_kinds",
    "reading_details",
    "reading_list",
    "reading_page",
    "refs",
    "search_concepts",
    "search_readings",
    "whole_map",
]
