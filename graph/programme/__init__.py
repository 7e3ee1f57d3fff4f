"""The chapter's learning programme: sessions, the skills programme, member blog posts
and group agreements.

One module per idea, re-exported here so callers write ``from graph import programme``:

=========================  ===================================================
:mod:`.sessions`           reading-group sessions and skill workshops: list, plan, log
:mod:`.skills`             last practised, needs, and gaps (setting ``skill_gap_days``)
:mod:`.posts`              member blog posts; :func:`posts_for` a concept or campaign
:mod:`.agreements`         group agreements with versions (PROV, as claim versions)
:mod:`.planner`            candidate readings for the next reading-group session
:mod:`.options`            what the forms offer (readings, skills, topics, ...)
:mod:`.agenda`             a session's agenda (pages, chapters, questions) and handout
:mod:`.calendar`           sessions as iCalendar: one per session, a feed of upcoming ones
=========================  ===================================================

Everything that depends on the date takes ``today`` as a keyword, so results are
reproducible; every read goes through the store with a viewer.
"""

from graph.programme.agreements import (
    Agreement,
    AgreementVersion,
    adopt_agreement_version,
    agreement_history,
    current_agreements,
    list_agreements,
)
from graph.programme.planner import (
    Candidate,
    ReviewItem,
    due_for_review,
    plan_reading_group,
    readings_for_campaign,
    readings_for_concept,
    readings_for_topic,
)
from graph.programme.posts import Post, PostDraft, add_post, list_posts, posts_for
from graph.programme.refs import RecordRef
from graph.programme.sessions import (
    Session,
    SessionDraft,
    SessionKind,
    When,
    complete_session,
    list_sessions,
    log_session,
    plan_session,
)
from graph.programme.skills import (
    SETTINGS,
    SKILL_GAP_DAYS,
    ActionNeed,
    Setting,
    SkillStatus,
    skill_gaps,
    skill_status,
    window_start,
)

__all__ = [
    "SETTINGS",
    "SKILL_GAP_DAYS",
    "ActionNeed",
    "Agreement",
    "AgreementVersion",
    "Candidate",
    "Post",
    "PostDraft",
    "RecordRef",
    "ReviewItem",
    "Session",
    "SessionDraft",
    "SessionKind",
    "Setting",
    "SkillStatus",
    "When",
    "add_post",
    "adopt_agreement_version",
    "agreement_history",
    "complete_session",
    "current_agreements",
    "due_for_review",
    "list_agreements",
    "list_posts",
    "list_sessions",
    "log_session",
    "plan_reading_group",
    "plan_session",
    "posts_for",
    "readings_for_campaign",
    "readings_for_concept",
    "readings_for_topic",
    "skill_gaps",
    "skill_status",
    "window_start",
]
