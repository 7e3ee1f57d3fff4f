"""Readings for a campaign: ranked by a walk over the graph and shared words, each with its reasons.

Following one suggestion stays in this room:

=======================  ===========================================================
:mod:`.ranking`          :func:`suggest`: the three signals combined, kept varied;
                         :func:`read_text`: what a description was read as;
                         marking a reading as read for a campaign
:mod:`.readas`           "Read as:": concepts, methods, past campaigns and lessons a
                         description names or resembles
:mod:`.model`            the graph the walk runs on, built once and updated on writes
:mod:`.reasons`          why a reading is suggested, from the actual links
:mod:`.textindex`        words: Snowball stems, how common each is, BM25 over readings
:mod:`.pastwork`         past campaigns and lessons a description resembles
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
    read_for_statement,
    read_text,
    reading_count,
    resolve_campaign,
    suggest,
    unmark_read,
)
from graph.suggest.readas import Match, MatchKind, ReadAs
from graph.suggest.reasons import Reason, ReasonKind, Seeds, explain, format_date
from graph.suggest.textindex import Background, Query, TextIndex, stem, tokens

__all__ = [
    "EDGE_WEIGHTS",
    "Background",
    "CampaignInfo",
    "Match",
    "MatchKind",
    "Model",
    "Query",
    "ReadAs",
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
    "read_for_statement",
    "read_text",
    "reading_count",
    "resolve_campaign",
    "stem",
    "suggest",
    "tokens",
    "unmark_read",
]
