"""The skills programme: when each skill was last practised, who needs it, and the gaps.

Actions record the skills they needed (``prx:requiresSkill``) and sessions the
skills they practised (``prx:practises``). For each skill, counting from
``today`` and over a window of :data:`SKILL_GAP_DAYS` days (the setting, declared
once below; 183 days is about six months):

- *last practised*: the date of the latest session on or before ``today`` that
  practised it (``None`` if none ever did);
- *next session*: the earliest session after ``today`` that will practise it;
- *recent actions*: actions dated in the window (from ``today`` minus the window,
  inclusive, to ``today``, inclusive) that needed it; *upcoming actions*: those
  dated after ``today``;
- a *gap*: recent actions needed it and no session in the same window practised it.

Everything is counted as the viewer sees it: a visitor, who may not see the
chapter's actions, sees no needs and so no gaps.

>>> window_start(dt.date(2026, 11, 26), 183)
datetime.date(2026, 5, 27)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef

from graph.access import Viewer
from graph.errors import BadInput
from graph.labels import local_name
from graph.programme.refs import RecordRef
from graph.store import PraxisStore

__all__ = [
    "SETTINGS",
    "SKILL_GAP_DAYS",
    "ActionNeed",
    "Setting",
    "SkillStatus",
    "skill_gaps",
    "skill_status",
    "window_start",
]


@dataclass(frozen=True)
class Setting:
    """One setting of the learning programme: its name, default and a sentence of help."""

    name: str
    default: int
    help: str


#: How far back "recent" reaches when looking for skill gaps.
SKILL_GAP_DAYS = Setting(
    "skill_gap_days",
    183,
    "Days counted back from today: a skill is a gap when actions in these days needed it "
    "and no session in the same days practised it (183 days is about six months).",
)

#: Every setting of the learning programme, declared once (the README documents each one).
SETTINGS: tuple[Setting, ...] = (SKILL_GAP_DAYS,)


@dataclass(frozen=True)
class ActionNeed:
    """An action that needed a skill."""

    action: URIRef
    label: str
    date: dt.date

    def as_dict(self) -> dict[str, str]:
        return {"id": str(self.action), "label": self.label, "date": self.date.isoformat()}


@dataclass(frozen=True)
class SkillStatus:
    """Where one skill stands in the programme (see the module docstring)."""

    skill: URIRef
    label: str
    last_practised: dt.date | None
    last_session: RecordRef | None
    next_session: dt.date | None
    sessions_in_window: int
    recent_actions: tuple[ActionNeed, ...]
    upcoming_actions: tuple[ActionNeed, ...]
    gap: bool

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (the keys ``praxis skills --format json`` documents)."""
        return {
            "id": str(self.skill),
            "label": self.label,
            "last_practised": self.last_practised.isoformat() if self.last_practised else None,
            "next_session": self.next_session.isoformat() if self.next_session else None,
            "sessions_in_window": self.sessions_in_window,
            "recent_actions": [need.as_dict() for need in self.recent_actions],
            "upcoming_actions": [need.as_dict() for need in self.upcoming_actions],
            "gap": self.gap,
        }

    def as_row(self, *, details: bool = False) -> dict[str, str]:
        """One line of a table, as plain text: counts of actions, or with ``details``
        the actions themselves ("label (date)")."""

        def needs(found: tuple[ActionNeed, ...]) -> str:
            if not details:
                return str(len(found))
            return "; ".join(f"{need.label} ({need.date.isoformat()})" for need in found)

        return {
            "skill": self.label,
            "last practised": self.last_practised.isoformat() if self.last_practised else "never",
            "next session": self.next_session.isoformat() if self.next_session else "",
            "recent actions": needs(self.recent_actions),
            "upcoming actions": needs(self.upcoming_actions),
            "gap": "gap" if self.gap else "",
        }

    def summary(self) -> str:
        """One sentence for a strategy session: why this skill is (or is not) a gap."""
        needs = len(self.recent_actions)
        parts = [f"{self.label}: needed by {needs} recent action{'s' if needs != 1 else ''}"]
        if self.last_practised:
            parts.append(f"last practised {self.last_practised.isoformat()}")
        else:
            parts.append("never practised in a session")
        if self.next_session:
            parts.append(f"next session planned {self.next_session.isoformat()}")
        elif self.upcoming_actions:
            parts.append(f"{len(self.upcoming_actions)} upcoming action(s) need it and no session is planned")
        return "; ".join(parts) + "."


def window_start(today: dt.date, window_days: int) -> dt.date:
    """The first day of the window (inclusive) that ends on ``today``."""
    return today - dt.timedelta(days=window_days)


def skill_status(
    store: PraxisStore, viewer: Viewer, *, today: dt.date, window_days: int = SKILL_GAP_DAYS.default
) -> list[SkillStatus]:
    """Every skill ``viewer`` can see, gaps first, then by label."""
    if isinstance(window_days, bool) or not isinstance(window_days, int) or window_days < 1:
        raise BadInput("the window must be a whole number of days, 1 or more", source="window days")
    since = window_start(today, window_days)
    labels: dict[URIRef, str] = {}
    for row in store.select("skill_list", viewer):
        if labels.get(row["skill"]) is None:
            labels[row["skill"]] = row["label"]
    sessions: dict[URIRef, dict[URIRef, tuple[dt.date, str]]] = defaultdict(dict)
    for row in store.select("skill_sessions", viewer):
        if isinstance(row["date"], dt.date):
            sessions[row["skill"]].setdefault(row["session"], (row["date"], str(row["title"] or "")))
    actions: dict[URIRef, dict[URIRef, ActionNeed]] = defaultdict(dict)
    # only actions dated from the window's first day on can be recent or upcoming
    dated = {row["record"] for row in store.select("skill_dated_since", viewer, since=Literal(since))}
    for row in store.select("skill_actions", viewer, action=dated) if dated else ():
        if isinstance(row["date"], dt.date):
            label = str(row["label"] or local_name(row["action"]))
            actions[row["skill"]].setdefault(row["action"], ActionNeed(row["action"], label, row["date"]))
    found = [
        _status(skill, labels[skill] or local_name(skill), sessions[skill], actions[skill], today, since)
        for skill in labels
    ]
    return sorted(found, key=lambda s: (not s.gap, s.label.casefold()))


def skill_gaps(
    store: PraxisStore, viewer: Viewer, *, today: dt.date, window_days: int = SKILL_GAP_DAYS.default
) -> list[SkillStatus]:
    """Only the gaps: skills recent actions needed that no session in the window practised."""
    return [s for s in skill_status(store, viewer, today=today, window_days=window_days) if s.gap]


def _status(
    skill: URIRef,
    label: str,
    sessions: dict[URIRef, tuple[dt.date, str]],
    actions: dict[URIRef, ActionNeed],
    today: dt.date,
    since: dt.date,
) -> SkillStatus:
    past = sorted(((d, t, s) for s, (d, t) in sessions.items() if d <= today), reverse=True)
    ahead = sorted(d for d, _ in sessions.values() if d > today)
    in_window = sum(1 for d, _, _ in past if d >= since)
    recent = tuple(sorted((a for a in actions.values() if since <= a.date <= today), key=_need_order))
    upcoming = tuple(sorted((a for a in actions.values() if a.date > today), key=_need_order))
    return SkillStatus(
        skill=skill,
        label=label,
        last_practised=past[0][0] if past else None,
        last_session=RecordRef(past[0][2], past[0][1] or None) if past else None,
        next_session=ahead[0] if ahead else None,
        sessions_in_window=in_window,
        recent_actions=recent,
        upcoming_actions=upcoming,
        gap=bool(recent) and in_window == 0,
    )


def _need_order(need: ActionNeed) -> tuple:
    return (need.date, need.label.casefold(), str(need.action))
