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
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
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
    lesson_chapters: Sequence[str]

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
#: What the score reads of our graphs, each row with the graph it comes from.
_READS = {
    "lessons": ("network_lessons", {}),
    "links": ("network_links", {}),
    "withdrawn": ("network_withdrawn", {}),
}
#: The same of one followed chapter's graph (bind ``g``).
_CHAPTER_READS = {**_READS, "lessons": ("network_chapter_lessons", {})}


@dataclass(frozen=True)
class _Chapter:
    """One followed chapter's rows of :data:`_CHAPTER_READS`, and every lesson stating a stance."""

    name: str
    graph: ox.NamedNode
    rows: dict[str, list]
    lessons: frozenset[str]
    newest: str | None  # the date of its newest dated lesson


def _chapter(store: PraxisStore, graph: ox.NamedNode) -> _Chapter:
    """A followed chapter's rows, read from its graph alone and kept until it is synced again.

    They are public, so one copy serves every role. Reading them is most of the score's cost
    (bench/network.py); a chapter's graph changes only when a sync replaces it, so each is
    kept per graph (:meth:`~graph.store.PraxisStore.graph_memo`): a sync of one chapter of a
    hundred reads that one again."""

    def read() -> _Chapter:
        bound = {key: (query, {"g": URIRef(graph.value)}) for key, (query, _) in _CHAPTER_READS.items()}
        rows = store.with_peers().select_together(Viewer.visitor(), bound)
        lines = [line.partition(" ") for row in rows["lessons"] for line in row["lessons"].split("\n")]
        newest = max((day[:10] for _, _, day in lines if _dated(day[:10])), default=None)
        return _Chapter(chapter_of(graph), graph, rows, frozenset(lesson for lesson, _, _ in lines), newest)

    return store.graph_memo(graph, ("network-chapter", graph.value), read)


def _elsewhere(store: PraxisStore, chapters: list[_Chapter]) -> dict[str, frozenset[str]]:
    """For each chapter, its lessons that count in another: each lesson counts once, ours if
    our public graph states it, else in the first followed chapter by name.

    Chapters that started from the same starter graph, or a chapter that republishes
    another's lessons, state the same lesson IRIs: one lesson, counted once, and where it
    came from first (a lesson is one record however many graphs repeat it). Kept until the
    next change."""

    def work() -> dict[str, frozenset[str]]:
        public = store.select("network_lessons", Viewer.visitor())  # our public graph's
        seen = {line.partition(" ")[0] for row in public for line in row["lessons"].split("\n")}
        found = {}
        for chapter in sorted(chapters, key=lambda c: c.name):
            found[chapter.name] = frozenset(chapter.lessons & seen)
            seen |= chapter.lessons
        return found

    return store.memo(("network-elsewhere", tuple(c.graph.value for c in chapters)), work)


@dataclass
class _Tag:
    chapter: str
    target: URIRef
    stance: int
    lessons: list[tuple[str, str]]  # (lesson IRI, day)


def _tags(chapter: str, rows, withdrawn: set[str], keep: Callable[[str, str], bool]) -> list[_Tag]:
    """One chapter's tags: its lessons per target and stance, but those it withdrew."""
    tags = []
    for row in rows:
        lessons = []
        for line in row["lessons"].split("\n"):
            lesson, _, day = line.partition(" ")
            if lesson not in withdrawn and keep(lesson, day[:10]):
                lessons.append((lesson, day[:10]))
        if lessons:
            tags.append(_Tag(chapter, row["target"], _STANCES[row["stance"]], lessons))
    return tags


def _split(tags: list[_Tag]) -> tuple[list[_Tag], list[_Tag]]:
    """``tags`` as those of dated lessons and those of undated ones."""
    dated, undated = [], []
    for tag in tags:
        known = [(lesson, day) for lesson, day in tag.lessons if _dated(day)]
        unknown = [(lesson, day) for lesson, day in tag.lessons if not _dated(day)]
        dated += [replace(tag, lessons=known)] if known else []
        undated += [replace(tag, lessons=unknown)] if unknown else []
    return dated, undated


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
    lessons from its actions count; ``since`` and ``until`` apply to every chapter's.

    Each followed chapter's part (what its lessons bring to each target) is worked out from
    its rows alone and kept until that chapter is synced again or what rolls it up here
    changes (our links, our accepted matches, the settings): :func:`_chapter_part`. A visit
    then sums a hundred chapters' parts and ours."""
    today = today or dt.date.today()
    kinds = tuple(kinds)
    ours = rank(store, viewer, today=today, settings=settings, schemes=schemes, kinds=kinds)
    mine = store.select_together(viewer, _READS)  # ours, as this viewer sees them
    aligned = alignment(store, viewer)
    allowed = None
    if campaign is not None:
        allowed = {str(row["lesson"]) for row in store.select("tension_campaign", viewer, campaign=campaign)}
    window = (
        ((since or dt.date.min).isoformat(), (until or dt.date.max).isoformat()) if since or until else None
    )

    def keep(lesson: str, day: str) -> bool:
        if allowed is not None and lesson not in allowed:
            return False
        return window is None or (bool(day) and window[0] <= day <= window[1])

    # every target of ours this viewer sees: a peer's links from them do not count
    everything = frozenset(t.target for t in rank(store, viewer, today=today, settings=settings))
    links = _links(mine["links"], everything)
    withdrawn = {str(row["lesson"]) for row in mine["withdrawn"] if chapter_of(row["g"]) == OURS}
    tags = _tags(OURS, mine["lessons"], withdrawn, keep)
    parts = [_Weighed(_part(tags, [links[OURS]], {}, _decay_on(today, settings), settings), 1.0)]
    if campaign is None and store.peer_graphs():
        chapters = [_chapter(store, graph) for graph in store.peer_graphs()]
        elsewhere = _elsewhere(store, chapters)
        here = (
            frozenset((narrow, broad) for narrow, up in links[OURS].items() for broad in up),
            frozenset((one, other) for one, others in aligned.items() for other in others),
            everything,
            settings.rollup_discount,
            settings.half_life_days,
        )
        for chapter in chapters:
            parts += _chapter_part(
                store, chapter, elsewhere[chapter.name], here, links, aligned, window, today
            )
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


def _chapter_part(
    store: PraxisStore,
    chapter: _Chapter,
    elsewhere: frozenset[str],
    here: tuple,
    links: dict[str, dict[URIRef, set[URIRef]]],
    aligned: Alignment,
    window: tuple[str, str] | None,
    today: dt.date,
) -> list[_Weighed]:
    """What ``chapter``'s lessons bring to each target, as parts weighed for ``today``.

    Kept per chapter graph (:meth:`~graph.store.PraxisStore.graph_memo`), so the decay by age
    does not make it depend on the day: a lesson's weight, ``0.5 ** (age / half-life)``, is
    its weight on the chapter's newest date times ``0.5 ** (days since then / half-life)``,
    one factor for the whole part. Undated lessons weigh 1 any day, so they are a part of
    their own. A day before the chapter's newest lesson (dated in the future), or a window
    of dates, has the part worked out for that day, and kept so."""
    settings = TensionSettings(half_life_days=here[4], rollup_discount=here[3])
    newest = chapter.newest
    direct = window is not None or (newest is not None and dt.date.fromisoformat(newest) > today)
    key = ("network-part", chapter.graph.value, elsewhere, here, (window, today) if direct else None)

    def work() -> tuple[tuple[_Part, float | None], ...]:
        theirs = _links(chapter.rows["links"], here[2])
        rolled = [links[OURS], theirs[chapter.name]]

        def keep(lesson: str, day: str) -> bool:
            return lesson not in elsewhere and (
                window is None or (bool(day) and window[0] <= day <= window[1])
            )

        withdrawn = {str(row["lesson"]) for row in chapter.rows["withdrawn"]}
        tags = _tags(chapter.name, chapter.rows["lessons"], withdrawn, keep)
        if direct or newest is None:
            return ((_part(tags, rolled, aligned, _decay_on(today, settings), settings), None),)
        latest = dt.date.fromisoformat(newest)
        dated, undated = _split(tags)
        return (
            (_part(dated, rolled, aligned, _decay_on(latest, settings), settings), newest),
            (_part(undated, rolled, aligned, _decay_on(latest, settings), settings), None),
        )

    made = store.graph_memo(chapter.graph, key, work)
    return [
        _Weighed(part, 1.0 if on is None else _decay(on, today, settings.half_life_days)) for part, on in made
    ]


@lru_cache(maxsize=4096)  # dates repeat; a peer's junk dates do not grow it
def _dated(day: str) -> bool:
    try:
        dt.date.fromisoformat(day)
    except ValueError:
        return False
    return True


def _decay_on(today: dt.date, settings: TensionSettings) -> Callable[[str], float]:
    """A lesson's weight on ``today`` from its date (each date worked out once)."""
    weights: dict[str, float] = {}

    def weigh(day: str) -> float:
        weight = weights.get(day)
        if weight is None:
            weight = weights[day] = _decay(day, today, settings.half_life_days)
        return weight

    return weigh


@dataclass
class _Reached:
    """What reaches one target: weights per stance (summed at the end), lessons per chapter
    and stance, and every (chapter, lesson)."""

    parts: tuple[list[float], list[float], list[float]] = field(default_factory=lambda: ([], [], []))
    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    lessons: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class _Part:
    """What one set of lessons (ours, or a followed chapter's) brings to each target."""

    reach: dict[str, _Reached]
    dated: dict[tuple[str, str], str]
    _ordered: dict[str, list[tuple[tuple[str, str], tuple[str, str]]]] = field(default_factory=dict)
    _sums: dict[str, tuple[float, float, float]] = field(default_factory=dict)

    def newest_first(self, target: str) -> list[tuple[tuple[str, str], tuple[str, str]]]:
        """The (chapter, lesson) reaching ``target``, once each, newest first, each after its
        place in that order ((date, lesson), for merging parts); worked out once."""
        found = self._ordered.get(target)
        if found is None:
            got = self.reach.get(target)
            keyed = [((self.dated[key], key[1]), key) for key in got.lessons] if got else []
            found = self._ordered[target] = sorted(keyed, reverse=True)
        return found

    def sums(self, target: str) -> tuple[float, float, float]:
        """The summed weights per stance reaching ``target``; worked out once."""
        found = self._sums.get(target)
        if found is None:
            got = self.reach[target]
            found = self._sums[target] = (
                math.fsum(got.parts[0]),
                math.fsum(got.parts[1]),
                math.fsum(got.parts[2]),
            )
        return found


@dataclass(frozen=True)
class _Weighed:
    """A part, and the factor its weights are multiplied by on the day asked for."""

    part: _Part
    factor: float


def _part(tags: list[_Tag], parents: list, aligned: Alignment, weigh, settings) -> _Part:
    """Roll ``tags`` up along ``parents`` (and ``aligned``), with the arithmetic of
    :mod:`graph.theory.tensions`; ``weigh`` gives a lesson's weight from its date."""
    rolled: dict[URIRef, list[tuple[str, float]]] = {}
    dated: dict[tuple[str, str], str] = {}
    weighed: list[tuple[_Tag, list[tuple[tuple[str, str], float]]]] = []
    per_stance: Counter[tuple[str, str, int]] = Counter()  # tags a lesson has in a stance
    for tag in tags:
        keyed = []
        for lesson, day in tag.lessons:
            dated.setdefault((tag.chapter, lesson), day)
            keyed.append(((tag.chapter, lesson), weigh(day)))
            per_stance[(tag.chapter, lesson, tag.stance)] += 1
        weighed.append((tag, keyed))
    reach: dict[str, _Reached] = defaultdict(_Reached)
    shared: dict[tuple[str, int], dict[tuple[str, str], float]] = defaultdict(dict)
    for tag, keyed in weighed:
        ups = rolled.get(tag.target)
        if ups is None:
            levels = _rollup(tag.target, parents, aligned)
            ups = rolled[tag.target] = [
                (str(up), settings.rollup_discount**level) for up, level in levels.items()
            ]
        # As graph.theory.tensions: a lesson with one tag in a stance reaches each target once,
        # so those are summed per tag and the sum rolls up; the others count once, by their
        # largest weight (their shortest path).
        alone = [w for (chapter, lesson), w in keyed if per_stance[(chapter, lesson, tag.stance)] == 1]
        several = [(key, w) for key, w in keyed if per_stance[(*key, tag.stance)] > 1]
        total, keys = math.fsum(alone), [key for key, _ in keyed]
        for up, factor in ups:
            got = reach[up]
            got.lessons.update(keys)
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


def _network_tension(ours: Tension, parts: list[_Weighed], settings: TensionSettings) -> NetworkTension:
    """``ours`` (its target, label and kind) scored on what every part brings to it."""
    target = str(ours.target)
    reached = [weighed for weighed in parts if target in weighed.part.reach]
    weighted = [(weighed.part.sums(target), weighed.factor) for weighed in reached]
    sums = [math.fsum(found[index] * factor for found, factor in weighted) for index in range(3)]
    score = tension_score(*sums, settings=settings)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for weighed in reached:
        for chapter, numbers in weighed.part.reach[target].counts.items():
            counts[chapter] = [mine + theirs for mine, theirs in zip(counts[chapter], numbers, strict=True)]
    totals = [sum(numbers[index] for numbers in counts.values()) for index in range(3)]
    merged = _Merged([weighed.part for weighed in reached], target)
    tension = replace(
        ours,
        supports=totals[0],
        challenges=totals[1],
        qualifies=totals[2],
        score=score,
        due_for_review=score >= settings.review_threshold,
        lessons=_Merged.View(merged, 0),
        weights=(sums[0], sums[1], sums[2]),
    )
    order = sorted(counts, key=lambda chapter: (chapter != OURS, chapter))
    chapters = tuple(ChapterCounts(chapter, *counts[chapter]) for chapter in order)
    return NetworkTension(tension, chapters, _Merged.View(merged, 1))


class _Merged:
    """The lessons reaching a target from every part, newest first, with each one's chapter:
    merged when first read. A top concept is reached by nearly every lesson of the network
    (over a million at 10M statements), and a ranking seldom shows them all."""

    def __init__(self, parts: list[_Part], target: str):
        self._parts, self._target = parts, target
        self._size = sum(len(part.reach[target].lessons) for part in parts)
        self._made: tuple[tuple[URIRef, ...], tuple[str, ...]] | None = None

    def made(self) -> tuple[tuple[URIRef, ...], tuple[str, ...]]:
        if self._made is None:
            orders = [part.newest_first(self._target) for part in self._parts]
            keys = [key for _, key in heapq.merge(*orders, reverse=True)]
            self._made = (tuple(engine_iri(lesson) for _, lesson in keys), tuple(c for c, _ in keys))
        return self._made

    class View(Sequence):
        """The lessons (``0``) or their chapters (``1``), a sequence like a tuple."""

        def __init__(self, merged: _Merged, which: int):
            self._merged, self._which = merged, which

        def __len__(self) -> int:
            return self._merged._size

        def __getitem__(self, index):
            return self._merged.made()[self._which][index]

        def __iter__(self):
            return iter(self._merged.made()[self._which])

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Sequence) and tuple(self) == tuple(other)

        def __hash__(self) -> int:
            return hash(tuple(self))

        def __repr__(self) -> str:
            return repr(self._merged.made()[self._which])

        def __reduce__(self):  # pickled (a page's cache) as the tuple it stands for
            return tuple, (tuple(self),)


def _decay(day: str, today: dt.date, half_life_days: float) -> float:
    """As :mod:`graph.theory.tensions`: an undated or future lesson weighs 1."""
    try:
        created = dt.date.fromisoformat(day)
    except ValueError:
        return 1.0
    return 0.5 ** (max((today - created).days, 0) / half_life_days)
