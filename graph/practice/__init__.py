"""Practice: what members record about actions, the lessons they taught and how they went.

=======================  ===========================================================
:mod:`.lessons`          a lesson: written, read back, edited, withdrawn, listed
:mod:`.assessments`      an action judged against an indicator, on one scale
:mod:`.actions`          a new action, who may see it, and actions listed for forms
:mod:`.members`          the member record behind a viewer (one per nickname)
:mod:`.forms`            what the record and assess forms offer
:mod:`.stance`           supports, challenges or qualifies: how a lesson bears on theory
:mod:`.records`          what every record shares: opaque IRIs, statements, values
=======================  ===========================================================

Each write checks the viewer's right in :mod:`graph.access`, then makes one
:meth:`~graph.store.PraxisStore.write`: validated by the shapes, all or nothing.
"""

from graph.practice.actions import (
    ACTIONS_LISTED,
    ActionChoice,
    ActionInput,
    ActionPage,
    action,
    action_count,
    action_statements,
    action_visibility,
    all_actions,
    create_action,
    latest_past,
    list_actions,
)
from graph.practice.assessments import (
    SCORE_LABELS,
    AssessmentInput,
    AssessmentRow,
    list_assessments,
    record_assessment,
)
from graph.practice.forms import (
    DIRECT_CLASSES,
    Choice,
    campaigns,
    direct_methods,
    indicators,
    methods,
    targets,
)
from graph.practice.lessons import (
    LESSONS_LISTED,
    Lesson,
    LessonInput,
    LessonPage,
    LessonRow,
    Tag,
    edit_lesson,
    get_lesson,
    list_lessons,
    recent_lessons,
    record_lesson,
    restore_lesson,
    withdraw_lesson,
)
from graph.practice.members import (
    KEY_NODE,
    ensure_member_key,
    find_member,
    member_for,
    member_iri,
    member_key,
    member_statements,
    new_member_key,
    nickname_of,
    own_records,
)
from graph.practice.records import new_iri
from graph.practice.stance import Stance

__all__ = [
    "ACTIONS_LISTED",
    "DIRECT_CLASSES",
    "KEY_NODE",
    "LESSONS_LISTED",
    "SCORE_LABELS",
    "ActionChoice",
    "ActionInput",
    "ActionPage",
    "AssessmentInput",
    "AssessmentRow",
    "Choice",
    "Lesson",
    "LessonInput",
    "LessonPage",
    "LessonRow",
    "Stance",
    "Tag",
    "action",
    "action_count",
    "action_statements",
    "action_visibility",
    "all_actions",
    "campaigns",
    "create_action",
    "direct_methods",
    "edit_lesson",
    "ensure_member_key",
    "find_member",
    "get_lesson",
    "indicators",
    "latest_past",
    "list_actions",
    "list_assessments",
    "list_lessons",
    "member_for",
    "member_iri",
    "member_key",
    "member_statements",
    "methods",
    "new_iri",
    "new_member_key",
    "nickname_of",
    "own_records",
    "recent_lessons",
    "record_assessment",
    "record_lesson",
    "restore_lesson",
    "targets",
    "withdraw_lesson",
]
