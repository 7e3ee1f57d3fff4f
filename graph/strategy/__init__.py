"""Strategy sessions: what past actions taught, the session brief, and the group's indicators.

=======================  ===========================================================
:mod:`.questions`        the question a session asks, from values as people type them
:mod:`.taught`           the answer: lessons and assessments in scope, with aggregates
:mod:`.scope`            which actions a question is about (one small query per filter)
:mod:`.answers`          the answer as frozen values (rows, summary, JSON)
:mod:`.scores`           indicator statistics and methods ranked per indicator
:mod:`.brief`            the session brief: Markdown, and printable HTML (Jinja2, escaped)
:mod:`.indicators`       indicators of success: add, describe, retire, link, progress
:mod:`.charts`           tables and chart data for the explorer (pandas; import it by name)
=======================  ===========================================================
"""

from graph.strategy.answers import Answer, ReadingLink, TaughtAction, TaughtAssessment, TaughtLesson
from graph.strategy.brief import (
    Brief,
    BriefFinding,
    BriefFormat,
    ReadingLine,
    TensionLine,
    build_brief,
    render,
)
from graph.strategy.indicators import (
    TOP_ADVANCES,
    Advances,
    CampaignProgress,
    IndicatorInfo,
    add_indicator,
    campaign_progress,
    describe_indicator,
    list_indicators,
    principles,
    retire_indicator,
    set_principles,
    top_advances,
)
from graph.strategy.questions import Question, QuestionChoices, ask, parse_date, question_choices
from graph.strategy.scores import IndicatorStats, MethodRanking, Observation, estimate
from graph.strategy.taught import WHOLE_ANSWER_MAX_ACTIONS, action_count, answer

__all__ = [
    "TOP_ADVANCES",
    "WHOLE_ANSWER_MAX_ACTIONS",
    "Advances",
    "Answer",
    "Brief",
    "BriefFinding",
    "BriefFormat",
    "CampaignProgress",
    "IndicatorInfo",
    "IndicatorStats",
    "MethodRanking",
    "Observation",
    "Question",
    "QuestionChoices",
    "ReadingLine",
    "ReadingLink",
    "TaughtAction",
    "TaughtAssessment",
    "TaughtLesson",
    "TensionLine",
    "action_count",
    "add_indicator",
    "answer",
    "ask",
    "build_brief",
    "campaign_progress",
    "describe_indicator",
    "estimate",
    "list_indicators",
    "parse_date",
    "principles",
    "question_choices",
    "render",
    "retire_indicator",
    "set_principles",
    "top_advances",
]
