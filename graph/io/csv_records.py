"""Spreadsheet rows to records: actions, lessons and assessments (readings go
through :mod:`graph.io.readings`).

A :class:`Rows` context resolves what a cell names (a campaign, an action, a
concept, an indicator, a member's nickname) with :class:`~graph.io.lookup.Lookup`
and collects every problem with its row and column instead of stopping at the
first, so a person can fix a spreadsheet in one pass. The records are built with
the same typed inputs the pages use (:mod:`graph.practice`), so a row obeys the
same rules as the form: a direct action is members-only unless the row says
otherwise, a lesson takes its action's visibility, a member may only write rows
under their own nickname.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from graph import practice
from graph.access import Viewer, Visibility, may_change
from graph.io.identifiers import label_key
from graph.io.lookup import Lookup, expand
from graph.io.readings import concept_lookup
from graph.io.report import ImportWarning
from graph.namespaces import DATA, XSD
from graph.practice import (
    SCORE_LABELS,
    ActionInput,
    AssessmentInput,
    LessonInput,
    Stance,
    Tag,
    action_visibility,
    ensure_member_key,
    member_key,
    member_statements,
    new_iri,
    new_member_key,
    nickname_of,
)
from graph.store import PraxisStore, Statement

__all__ = ["Rows", "action_rows", "assessment_rows", "lesson_rows"]

_LEVELS = {
    "public": Visibility.PUBLIC,
    "members": Visibility.MEMBERS,
    "members-only": Visibility.MEMBERS,
    "membersonly": Visibility.MEMBERS,
    "restricted": Visibility.RESTRICTED,
}
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


@dataclass
class Rows:
    """What resolving cells needs, and the problems and warnings found so far."""

    store: PraxisStore
    viewer: Viewer
    problems: list[ImportWarning] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    rows_of: dict[URIRef, int] = field(default_factory=dict)
    added: int = 0
    merged: int = 0
    key: str | None = None
    new_key: str | None = None

    def __post_init__(self) -> None:
        store, viewer = self.store, self.viewer
        self.concepts = concept_lookup(store, viewer)
        self.campaigns = Lookup(
            ((c.iri, c.label) for c in practice.campaigns(store, viewer)), what="campaign"
        )
        known = practice.all_actions(store, viewer)
        self.actions = Lookup(((a.iri, a.label) for a in known), what="action")
        self.action_levels = {a.iri: a.visibility for a in known}
        self.labels = {a.iri: a.label for a in known}
        indicators = practice.indicators(store, viewer)
        self.indicators = Lookup(((c.iri, c.label) for c in indicators), what="indicator")
        self.labels.update({c.iri: c.label for c in indicators})
        self.members = {label_key(r["nickname"]): r["member"] for r in store.select("record_members", viewer)}
        self.own = nickname_of(viewer)

    # ------------------------------------------------------------------ cells
    def problem(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(ImportWarning(message, line=row, column=column, unit="row"))

    def ref(
        self, row: int, column: str, text: str, lookup: Lookup, *, required: bool = False
    ) -> URIRef | None:
        if not text.strip():
            if required:
                self.problem(row, column, "this cell is empty; it is required")
            return None
        try:
            return lookup.find(text)
        except LookupError as error:
            self.problem(row, column, str(error))
            return None

    def refs(self, row: int, column: str, text: str, lookup: Lookup) -> tuple[URIRef, ...]:
        found = [self.ref(row, column, part, lookup) for part in text.split(";") if part.strip()]
        return tuple(dict.fromkeys(iri for iri in found if iri is not None))

    def named(self, row: int, cells: dict[str, str], column: str, lookup: Lookup, *, required: bool = False):
        """The one record a reference column and its ``_id`` column name (see :meth:`pick`)."""
        found = self.pick(row, cells, column, lookup, many=False, required=required)
        return found[0] if found else None

    def pick(
        self,
        row: int,
        cells: dict[str, str],
        column: str,
        lookup: Lookup,
        *,
        many: bool = True,
        required: bool = False,
    ) -> tuple[URIRef, ...]:
        """The records a reference column names, read with its identifier column
        (``addresses_ids`` beside ``addresses``, ``action_id`` beside ``action``),
        as an export writes them. A filled identifier cell counts (identifiers are
        never ambiguous); if the names beside it all resolve to other records, the
        row is refused, since one of the two cells was edited and not the other."""
        id_column = f"{column}_ids" if many else f"{column}_id"
        ids, names = cells.get(id_column, "").strip(), cells.get(column, "").strip()
        if not ids:
            if many:
                return self.refs(row, column, names, lookup)
            one = self.ref(row, column, names, lookup, required=required)
            return (one,) if one is not None else ()
        if many:
            found = self.refs(row, id_column, ids, lookup)
        else:
            one = self.ref(row, id_column, ids, lookup)
            found = (one,) if one is not None else ()
        if names and found:
            named = [lookup.match(part) for part in (names.split(";") if many else [names]) if part.strip()]
            if all(iri is not None for iri in named) and set(named) != set(found):
                self.problem(
                    row,
                    column,
                    f"{names!r} names other records than {id_column} ({ids}); "
                    f"edit one of the two cells and clear the other",
                )
        return found

    def text(self, row: int, column: str, value: str, *, required: bool = False) -> str:
        if required and not value.strip():
            self.problem(row, column, "this cell is empty; it is required")
        return value.strip()

    def date(self, row: int, column: str, text: str, *, required: bool = False) -> dt.date | None:
        if not text.strip():
            if required:
                self.problem(row, column, "this cell is empty; give a date as YYYY-MM-DD")
            return None
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            self.problem(row, column, f"{text.strip()!r} is not a date; write it as YYYY-MM-DD")
            return None

    def level(self, row: int, text: str) -> Visibility | None:
        key = text.strip().lower().removeprefix("prx:")
        if not key:
            return None
        if key not in _LEVELS:
            self.problem(
                row, "visibility", f"{text.strip()!r} is not a visibility: use public, members or restricted"
            )
            return None
        level = _LEVELS[key]
        if not self.viewer.may_write(level):
            self.problem(row, "visibility", f"a {self.viewer.role.value} cannot import {level.value} records")
        return level

    def flag(self, row: int, column: str, text: str) -> bool:
        key = text.strip().lower()
        if key not in _YES | _NO:
            self.problem(row, column, f"{text.strip()!r} is not yes or no")
        return key in _YES

    def member(self, row: int, text: str) -> URIRef:
        nickname = text.strip() or self.own
        if not may_change(self.viewer, owned=label_key(nickname) == label_key(self.own)):
            self.problem(
                row, "member", f"you can import only your own rows (as {self.own!r}); leave this cell empty"
            )
        key = label_key(nickname)
        if key not in self.members:
            iri, statements = member_statements(nickname, key=self.member_key())
            self.members[key] = iri
            self.statements += statements
        return self.members[key]

    def member_key(self) -> str:
        """The store's member key; if it has none yet, one made here and written by
        :meth:`save` just before the rows (so a refused file writes nothing)."""
        if self.key is None:
            self.key = member_key(self.store)
            if self.key is None:
                self.key = self.new_key = new_member_key()
        return self.key

    def save(self) -> None:
        """Write the rows' records in one transaction (the member key first, if new)."""
        if self.new_key is not None:
            ensure_member_key(self.store, proposed=self.new_key)
        self.store.write(self.statements, viewer=self.viewer)

    def record(self, row: int, text: str, kind: str) -> tuple[URIRef, bool]:
        """The IRI a row's record gets, and whether it is already stored."""
        if not text.strip():
            return new_iri(kind), False
        iri = expand(text)
        if iri is None or not str(iri).startswith(str(DATA[kind + "-"])):
            self.problem(
                row, "id", f"{text.strip()!r} is not a {kind} identifier (px:{kind}-...); leave it empty"
            )
            return new_iri(kind), False
        return iri, bool(self.store.select("import_iri_used", Viewer.organiser(), iri=iri))

    def add(self, row: int, iri: URIRef, statements: list[Statement]) -> None:
        self.rows_of[iri] = row
        self.statements += statements
        self.added += 1

    def skip(self, row: int, iri: URIRef) -> None:
        self.warnings.append(
            ImportWarning(f"{iri} is already in the store; the row was left out", line=row, unit="row")
        )
        self.merged += 1


def _plain(rows: Rows, row: int, problems: list[str]) -> None:
    for message in problems:
        rows.problem(row, None, message)


def action_rows(rows: Rows, table: list[tuple[int, dict[str, str]]]) -> None:
    for row, cells in table:
        iri, stored = rows.record(row, cells.get("id", ""), "action")
        action = ActionInput(
            label=rows.text(row, "name", cells["name"], required=True),
            date=rows.date(row, "date", cells["date"], required=True),
            campaign=rows.named(row, cells, "campaign", rows.campaigns),
            place=cells.get("place", "").strip(),
            methods=rows.pick(row, cells, "methods", rows.concepts),
            addresses=rows.pick(row, cells, "addresses", rows.concepts),
            description=cells.get("description", "").strip(),
            visibility=rows.level(row, cells.get("visibility", "")),
            direct=rows.flag(row, "direct", cells.get("direct", "")),
        )
        if stored:
            rows.skip(row, iri)
            continue
        if action.label and action.date:
            _plain(rows, row, action.problems())
            level = action_visibility(rows.store, rows.viewer, action)
            rows.add(row, iri, action.statements(iri, level))


def lesson_rows(rows: Rows, table: list[tuple[int, dict[str, str]]]) -> None:
    for row, cells in table:
        iri, stored = rows.record(row, cells.get("id", ""), "lesson")
        action = rows.named(row, cells, "action", rows.actions, required=True)
        tags = tuple(
            Tag(stance, target)
            for stance in Stance
            for target in rows.pick(row, cells, stance.value, rows.concepts)
        )
        lesson = LessonInput(
            title=rows.text(row, "title", cells["title"], required=True),
            taught=rows.text(row, "taught", cells["taught"], required=True),
            tags=tags,
            what_happened=cells.get("what_happened", "").strip(),
            evidence=cells.get("evidence", "").strip(),
            action=action,
            visibility=rows.level(row, cells.get("visibility", "")),
        )
        creator = rows.member(row, cells.get("member", ""))
        created = rows.date(row, "date", cells.get("date", "")) or dt.date.today()
        withdrawn = rows.flag(row, "withdrawn", cells.get("withdrawn", ""))
        if not any(cells.get(s.value, "").strip() or cells.get(f"{s.value}_ids", "").strip() for s in Stance):
            rows.problem(
                row, "supports", "tag at least one concept or claim under supports, challenges or qualifies"
            )
        elif len({tag.target for tag in tags}) < len(tags):
            rows.problem(
                row, "supports", "a concept or claim is tagged twice; keep the one stance that fits best"
            )
        if stored:
            rows.skip(row, iri)
            continue
        if action is None or not tags or not lesson.title or not lesson.taught:
            continue
        level = lesson.visibility or rows.action_levels.get(action, Visibility.MEMBERS)
        now = Literal(dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
        statements = lesson.statements(
            iri,
            action=action,
            creator=creator,
            created=created,
            level=level,
            withdrawn_at=now if withdrawn else None,
        )
        rows.add(row, iri, statements)


def _score(rows: Rows, row: int, text: str) -> int | None:
    value = text.strip().lower()
    by_label = {label: score for score, label in SCORE_LABELS.items()}
    if value in by_label:
        return by_label[value]
    try:
        score = int(value)
    except ValueError:
        score = None
    if score not in SCORE_LABELS:
        scale = ", ".join(f"{s:+d} ({label})" for s, label in SCORE_LABELS.items())
        rows.problem(row, "score", f"{text.strip()!r} is not a score: use one of {scale}")
        return None
    return score


def assessment_rows(rows: Rows, table: list[tuple[int, dict[str, str]]]) -> None:
    for row, cells in table:
        iri, stored = rows.record(row, cells.get("id", ""), "assessment")
        assessment = AssessmentInput(
            action=rows.named(row, cells, "action", rows.actions, required=True),
            indicator=rows.named(row, cells, "indicator", rows.indicators, required=True),
            score=_score(rows, row, cells["score"]),
            evidence=cells.get("evidence", "").strip(),
            title=cells.get("title", "").strip(),
            visibility=rows.level(row, cells.get("visibility", "")),
        )
        creator = rows.member(row, cells.get("member", ""))
        created = rows.date(row, "date", cells.get("date", "")) or dt.date.today()
        if stored:
            rows.skip(row, iri)
            continue
        if assessment.problems():
            continue  # each cause was reported against its column above
        level = assessment.visibility or rows.action_levels.get(assessment.action, Visibility.MEMBERS)
        names = (
            rows.labels.get(assessment.action, "action"),
            rows.labels.get(assessment.indicator, "indicator"),
        )
        label = f"{names[0]}: {names[1]}"
        statements = assessment.statements(iri, creator=creator, created=created, level=level, label=label)
        rows.add(row, iri, statements)
