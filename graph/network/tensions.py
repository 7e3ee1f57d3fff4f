"""Practice vs theory across chapters: the tension score over our lessons and our peers'.

One chapter's lessons are a small sample, and the Wilson bound keeps a claim out of
review until several lessons challenge it. :func:`network_rank` scores our concepts
and claims (the same targets and filters as :func:`graph.theory.rank`) on every
chapter's lessons at once, and keeps, for each, how many lessons of each chapter
support, challenge or qualify it, so a claim challenged here but supported elsewhere
can say so (:meth:`NetworkTension.sentence`).

The arithmetic is :mod:`graph.theory.tensions`' (decay by age, roll-up along broader
concepts and from claims to their concepts with its discount, a lesson counted once
per stance by its shortest path, the Wilson lower bound), with three rules for what
comes from other chapters, whose graphs are hostile until checked:

* a lesson belongs to the graph that states its stance (:mod:`graph.network.chapters`),
  and is left out when that same chapter withdrew it (``prx:withdrawn true``);
* a peer's tag on a concept of its own counts toward ours through an accepted match
  (:mod:`graph.network.align`), as if tagged to ours;
* a peer's ``skos:broader`` and ``prx:aboutConcept`` links roll up only its own
  lessons, and only from records that are not ours: a peer cannot rearrange our
  concepts or move our lessons.

With no chapter followed the scores equal :func:`graph.theory.rank`'s.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import threading
import weakref
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from rdflib import URIRef

from graph.access import Viewer
from graph.namespaces import PRX
from graph.network.align import Alignment, alignment
from graph.network.chapters import OURS, chapter_of
from graph.store import PraxisStore, engine_iri
from graph.theory import KINDS, Tension, TensionSettings, rank, tension_score

__all__ = ["ChapterCounts", "NetworkTension", "network_rank"]

_STANCES = {PRX.supports: 0, PRX.challenges: 1, PRX.qualifies: 2}
_DEFAULTS = TensionSettings()


@dataclass(frozen=True)
class ChapterCounts:
    """How many of one chapter's lessons support, challenge and qualify a target."""

    chapter: str
    supports: int
    challenges: int
    qualifies: int

    @property
    def leaning(self) -> str:
        """``supported``, ``challenged`` or ``contested``: a qualification is half of each."""
        if self.supports > self.challenges:
            return "supported"
        return "challenged" if self.challenges > self.supports else "contested"

    def __str__(self) -> str:
        return f"{self.chapter} {self.supports}/{self.challenges}/{self.qualifies}"


@dataclass(frozen=True)
class NetworkTension:
    """A target's tension over every chapter's lessons, with each chapter's share."""

    tension: Tension
    #: one entry per chapter with lessons on it: ours first, then the others by name
    chapters: tuple[ChapterCounts, ...]
    #: the chapter of each of ``tension.lessons``, in the same order
    lesson_chapters: tuple[str, ...]

    def sentence(self) -> str:
        """Where the chapters agree and where they part, in one sentence.

        >>> t = Tension(PRX.Claim, "x", "Claim", 5, 2, 0, 0.1, False, ())
        >>> NetworkTension(t, (ChapterCounts("ours", 0, 2, 0), ChapterCounts("york", 5, 0, 0)), ()).sentence()
        'Challenged here but supported in the other chapter with lessons on it (york).'
        """
        ours = next((c for c in self.chapters if c.chapter == OURS), None)
        others = [c for c in self.chapters if c.chapter != OURS]
        if not others:
            return "Only our own lessons bear on this." if ours else "No chapter's lessons bear on this yet."
        by_leaning: dict[str, list[str]] = defaultdict(list)
        for counts in others:
            by_leaning[counts.leaning].append(counts.chapter)
        elsewhere = "; ".join(f"{leaning} in {', '.join(names)}" for leaning, names in by_leaning.items())
        if ours is None:
            return f"None of our lessons bear on this; {elsewhere}."
        if len(by_leaning) == 1 and ours.leaning not in by_leaning:
            ((leaning, names),) = by_leaning.items()
            which = "every other chapter" if len(names) > 1 else "the other chapter"
            return (
                f"{ours.leaning.capitalize()} here but {leaning} in {which} with lessons on it "
                f"({', '.join(names)})."
            )
        return f"{ours.leaning.capitalize()} here; {elsewhere}."

    def as_dict(self) -> dict[str, Any]:
        """:meth:`Tension.as_dict` with the chapters (``"ours 1/2/0; york 3/0/0"``)."""
        return {**self.tension.as_dict(), "chapters": "; ".join(map(str, self.chapters))}


# ------------------------------------------------------------------ reading
#: What the score reads, each row with the graph it comes from.
_READS = {
    "lessons": ("network_lessons", {}),
    "links": ("network_links", {}),
    "withdrawn": ("network_withdrawn", {}),
}

#: store -> (generation, the followed chapters' rows of :data:`_READS`)
_PEER_ROWS: weakref.WeakKeyDictionary[PraxisStore, tuple[int, dict[str, list]]] = weakref.WeakKeyDictionary()
#: store -> (the rows it was worked out from and its settings, the followed chapters' part)
_PEER_PARTS: weakref.WeakKeyDictionary[PraxisStore, tuple[tuple, _Part]] = weakref.WeakKeyDictionary()
_PEER_LOCK = threading.Lock()


def _peer_rows(store: PraxisStore) -> dict[str, list]:
    """The followed chapters' rows, read again only when they may have changed.

    They are public, so one copy serves every role. Reading them is most of the score's
    cost (bench/network.py), and they change only when a sync replaces a chapter's graph:
    writes through :meth:`~graph.store.PraxisStore.write` (recording a lesson...) go to our
    own graphs only, so while :meth:`~graph.store.PraxisStore.touched_since` can account for
    every write since they were read, they stand; anything else (a sync, an import, a
    restore) has it answer ``None``, and they are read again."""
    with _PEER_LOCK:
        kept = _PEER_ROWS.get(store)
        generation = store.generation
        if kept is not None and (kept[0] == generation or store.touched_since(kept[0]) is not None):
            _PEER_ROWS[store] = (generation, kept[1])
            return kept[1]
    everyone = store.with_peers().select_together(Viewer.visitor(), _READS)
    everyone["lessons"] = _once_each(everyone["lessons"])
    theirs = {name: [row for row in rows if chapter_of(row["g"]) != OURS] for name, rows in everyone.items()}
    with _PEER_LOCK:
        _PEER_ROWS[store] = (generation, theirs)
    return theirs


def _once_each(rows: list[dict]) -> list[dict]:
    """``network_lessons`` rows with each lesson in one chapter only: ours if our public
    graph states it, else the first followed chapter by name.

    Chapters that started from the same starter graph, or a chapter that republishes
    another's lessons, state the same lesson IRIs: one lesson, counted once, and where it
    came from first (a lesson is one record however many graphs repeat it)."""
    order = sorted(rows, key=lambda row: (chapter_of(row["g"]) != OURS, chapter_of(row["g"])))
    owner: dict[str, str] = {}
    for row in order:
        chapter = chapter_of(row["g"])
        for line in row["lessons"].split("\n"):
            owner.setdefault(line.partition(" ")[0], chapter)
    kept = []
    for row in rows:
        chapter = chapter_of(row["g"])
        lines = [line for line in row["lessons"].split("\n") if owner[line.partition(" ")[0]] == chapter]
        if lines:
            kept.append({**row, "lessons": "\n".join(lines)})
    return kept


@dataclass
class _Tag:
    chapter: str
    target: URIRef
    stance: int
    lessons: list[tuple[str, str]]  # (lesson IRI, day)


def _tags(rows, withdrawn: set[tuple[str, str]], keep: Callable[[str, str, str], bool]) -> list[_Tag]:
    tags = []
    for row in rows:
        chapter = chapter_of(row["g"])
        lessons = []
        for line in row["lessons"].split("\n"):
            lesson, _, day = line.partition(" ")
            if (chapter, lesson) not in withdrawn and keep(chapter, lesson, day[:10]):
                lessons.append((lesson, day[:10]))
        if lessons:
            tags.append(_Tag(chapter, row["target"], _STANCES[row["stance"]], lessons))
    return tags


def _links(rows, ours: set[URIRef]) -> dict[str, dict[URIRef, set[URIRef]]]:
    """chapter -> narrower -> broader; a peer's links from our own records are dropped."""
    links: dict[str, dict[URIRef, set[URIRef]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        chapter = chapter_of(row["g"])
        if chapter == OURS or row["narrow"] not in ours:
            links[chapter][row["narrow"]].add(row["broad"])
    return links


def _rollup(node: URIRef, parents: list[dict[URIRef, set[URIRef]]], aligned: Alignment) -> dict[URIRef, int]:
    """``node`` and everything it rolls up to, each with its shortest distance; an accepted
    match is a step of length 0 (the matched concept stands where the peer's does)."""
    levels = {node: 0}
    queue = deque([node])
    while queue:
        current = queue.popleft()
        level = levels[current]
        for match in aligned.get(current, ()):
            if levels.get(match, level + 1) > level:
                levels[match] = level
                queue.appendleft(match)
        for links in parents:
            for parent in links.get(current, ()):
                if parent not in levels or levels[parent] > level + 1:
                    levels[parent] = level + 1
                    queue.append(parent)
    return levels


# ------------------------------------------------------------------ ranking
def network_rank(
    store: PraxisStore,
    viewer: Viewer,
    *,
    today: dt.date | None = None,
    settings: TensionSettings = _DEFAULTS,
    schemes: Iterable[URIRef] | None = None,
    campaign: URIRef | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kinds: Iterable[str] = KINDS,
) -> list[NetworkTension]:
    """Our concepts and claims (as :func:`graph.theory.rank` filters them), scored on every
    chapter's lessons, most tension first. ``campaign`` is one of ours, so with it only our
    lessons from its actions count; ``since`` and ``until`` apply to every chapter's."""
    today = today or dt.date.today()
    kinds = tuple(kinds)
    ours = rank(store, viewer, today=today, settings=settings, schemes=schemes, kinds=kinds)
    mine = store.select_together(viewer, _READS)  # ours, as this viewer sees them
    theirs = _peer_rows(store)
    aligned = alignment(store, viewer)
    withdrawn = {
        (chapter_of(row["g"]), str(row["lesson"])) for row in mine["withdrawn"] + theirs["withdrawn"]
    }
    allowed = None
    if campaign is not None:
        allowed = {str(row["lesson"]) for row in store.select("tension_campaign", viewer, campaign=campaign)}
    first, last = (since or dt.date.min).isoformat(), (until or dt.date.max).isoformat()

    def keep(chapter: str, lesson: str, day: str) -> bool:
        if allowed is not None and (chapter != OURS or lesson not in allowed):
            return False
        return not (since or until) or (bool(day) and first <= day <= last)

    targets = frozenset(t.target for t in ours)
    links = _links(mine["links"] + theirs["links"], targets)

    def reach_of(rows: list) -> _Part:
        return _part(_tags(rows, withdrawn, keep), links, aligned, targets, today, settings)

    # The followed chapters' part depends on their rows (kept until a sync) and on what
    # rolls it up here: the same for every call with the same settings and our links.
    key = (
        theirs,
        today,
        settings,
        first,
        last,
        allowed is not None,
        targets,
        frozenset((narrow, broad) for narrow, up in links[OURS].items() for broad in up),
        frozenset((one, other) for one, others in aligned.items() for other in others),
    )
    with _PEER_LOCK:
        peers = _PEER_PARTS.get(store)
    if peers is None or peers[0][0] is not theirs or peers[0][1:] != key[1:]:
        peers = (key, reach_of(theirs["lessons"]))
        with _PEER_LOCK:
            _PEER_PARTS[store] = peers
    parts = (reach_of(mine["lessons"]), peers[1])
    found = [_network_tension(t, parts, settings) for t in ours]
    found.sort(
        key=lambda n: (
            -n.tension.score,
            -n.tension.challenges,
            -len(n.tension.lessons),
            n.tension.label.casefold(),
            n.tension.target,
        )
    )
    return found


@dataclass
class _Reached:
    """What reaches one target: weights per stance (summed at the end), lessons per chapter
    and stance, and every (chapter, lesson) (repeats allowed)."""

    parts: tuple[list[float], list[float], list[float]] = field(default_factory=lambda: ([], [], []))
    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    lessons: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Part:
    """What one set of lessons (ours, or the followed chapters') brings to each target."""

    reach: dict[str, _Reached]
    dated: dict[tuple[str, str], str]
    _ordered: dict[str, list[tuple[tuple[str, str], tuple[str, str]]]] = field(default_factory=dict)

    def newest_first(self, target: str) -> list[tuple[tuple[str, str], tuple[str, str]]]:
        """The (chapter, lesson) reaching ``target``, once each, newest first, each after its
        place in that order ((date, lesson), for merging parts); worked out once."""
        found = self._ordered.get(target)
        if found is None:
            got = self.reach.get(target)
            keyed = [((self.dated[key], key[1]), key) for key in set(got.lessons)] if got else []
            found = self._ordered[target] = sorted(keyed, reverse=True)
        return found


def _part(tags: list[_Tag], links, aligned: Alignment, targets, today: dt.date, settings) -> _Part:
    """Roll ``tags`` up to ``targets``, with the arithmetic of :mod:`graph.theory.tensions`."""
    weights: dict[str, float] = {}
    rolled: dict[tuple[str, URIRef], list[tuple[str, float]]] = {}
    dated: dict[tuple[str, str], str] = {}
    weighed: list[tuple[_Tag, list[tuple[tuple[str, str], float]]]] = []
    per_stance: Counter[tuple[str, str, int]] = Counter()  # tags a lesson has in a stance
    for tag in tags:
        keyed = []
        for lesson, day in tag.lessons:
            dated.setdefault((tag.chapter, lesson), day)
            weight = weights.get(day)
            if weight is None:
                weight = weights[day] = _decay(day, today, settings.half_life_days)
            keyed.append(((tag.chapter, lesson), weight))
            per_stance[(tag.chapter, lesson, tag.stance)] += 1
        weighed.append((tag, keyed))
    reach: dict[str, _Reached] = defaultdict(_Reached)
    shared: dict[tuple[str, int], dict[tuple[str, str], float]] = defaultdict(dict)
    for tag, keyed in weighed:
        ups = rolled.get((tag.chapter, tag.target))
        if ups is None:
            parents = [links[OURS]] if tag.chapter == OURS else [links[OURS], links[tag.chapter]]
            levels = _rollup(tag.target, parents, {} if tag.chapter == OURS else aligned)
            ups = rolled[(tag.chapter, tag.target)] = [
                (str(up), settings.rollup_discount**level) for up, level in levels.items() if up in targets
            ]
        if not ups:
            continue
        # As graph.theory.tensions: a lesson with one tag in a stance reaches each target once,
        # so those are summed per tag and the sum rolls up; the others count once, by their
        # largest weight (their shortest path).
        alone = [w for (chapter, lesson), w in keyed if per_stance[(chapter, lesson, tag.stance)] == 1]
        several = [(key, w) for key, w in keyed if per_stance[(*key, tag.stance)] > 1]
        total, keys = math.fsum(alone), [key for key, _ in keyed]
        for up, factor in ups:
            got = reach[up]
            got.lessons.extend(keys)
            if alone:
                got.parts[tag.stance].append(total * factor)
                got.counts[tag.chapter][tag.stance] += len(alone)
            for key, weight in several:
                best = shared[(up, tag.stance)]
                if weight * factor > best.get(key, 0.0):
                    best[key] = weight * factor
    for (up, stance), best in shared.items():
        reach[up].parts[stance].extend(best.values())
        for chapter, _ in best:
            reach[up].counts[chapter][stance] += 1
    return _Part(dict(reach), dated)


def _network_tension(ours: Tension, parts: tuple[_Part, ...], settings: TensionSettings) -> NetworkTension:
    """``ours`` (its target, label and kind) scored on what every part brings to it."""
    target = str(ours.target)
    reached = [part.reach[target] for part in parts if target in part.reach]
    sums = [math.fsum(x for got in reached for x in got.parts[index]) for index in range(3)]
    score = tension_score(*sums, settings=settings)
    counts: dict[str, list[int]] = {}
    for got in reached:
        counts.update(got.counts)
    totals = [sum(numbers[index] for numbers in counts.values()) for index in range(3)]
    merged = heapq.merge(*(part.newest_first(target) for part in parts), reverse=True)
    keys = [key for _, key in merged]
    tension = replace(
        ours,
        supports=totals[0],
        challenges=totals[1],
        qualifies=totals[2],
        score=score,
        due_for_review=score >= settings.review_threshold,
        lessons=tuple(engine_iri(lesson) for _, lesson in keys),
        weights=(sums[0], sums[1], sums[2]),
    )
    order = sorted(counts, key=lambda chapter: (chapter != OURS, chapter))
    chapters = tuple(ChapterCounts(chapter, *counts[chapter]) for chapter in order)
    return NetworkTension(tension, chapters, tuple(chapter for chapter, _ in keys))


def _decay(day: str, today: dt.date, half_life_days: float) -> float:
    """As :mod:`graph.theory.tensions`: an undated or future lesson weighs 1."""
    try:
        created = dt.date.fromisoformat(day)
    except ValueError:
        return 1.0
    return 0.5 ** (max((today - created).days, 0) / half_life_days)
