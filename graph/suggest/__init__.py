"""Readings for a campaign: ranked by a walk over the graph and shared words, each with its reasons.

Following one suggestion stays in this room:

=======================  ===========================================================
:mod:`.ranking`          :func:`suggest`: the three signals combined, kept varied;
                         marking a reading as read for a campaign
:mod:`.model`            the graph the walk runs on, built once per store generation
                         and viewer role
:mod:`.reasons`          why a reading is suggested, from the actual links
:mod:`.textindex`        the BM25 index of readings' titles and abstracts
=======================  ===========================================================
"""

from graph.suggest.model import EDGE_WEIGHTS, CampaignInfo, Model, Record, model_for
from graph.suggest.ranking import (
    Suggestion,
    Weights,
    campaign_choices,
    concept_choices,
    mark_read,
    popularity,
    reading_count,
    resolve_campaign,
    suggest,
    unmark_read,
)
from graph.suggest.reasons import Reason, ReasonKind, Seeds, explain, format_date
from graph.suggest.textindex import STOPWORDS, Query, TextIndex, stem, tokens

__all__ = [
    "EDGE_WEIGHTS",
    "STOPWORDS",
    "CampaignInfo",
    "Model",
    "Query",
    "Reason",
    "ReasonKind",
    "Record",
    "Seeds",
    "Suggestion",
    "TextIndex",
    "Weights",
    "campaign_choices",
    "concept_choices",
    "explain",
    "format_date",
    "mark_read",
    "model_for",
    "popularity",
    "reading_count",
    "resolve_campaign",
    "stem",
    "suggest",
    "tokens",
    "unmark_read",
]
