"""The records of a synthetic graph: a chapter's readings, campaigns and lessons, made up from a seed.

A generated graph is the ontology and the real concept schemes (what
``praxis init --empty`` loads, :func:`ontology`) followed by made-up records.
Records point at the real vocabulary (``ontology/vocab``: Sharp's methods, the
systems, skills and indicators) and at generated concepts placed under real
ones in the same schemes (``skos:broader``/``skos:narrower`` both stated).
Each record's statements sit in the named graph of its own ``prx:visibility``,
as the loader puts them; the whole conforms to ``ontology/shapes.ttl``.
:mod:`bench.generate` decides how many records of each kind a size gets.

Each kind has one writer, and :func:`synthesise` calls them in a fixed order,
all drawing from one seeded :class:`bench.draws.Draw`: the same counts and seed
give the same records, statement for statement. (pyoxigraph labels the
ontology's blank nodes afresh each time a process reads it, so files written by
two runs are equal up to those labels.) The visibility drawn for each kind is
``bench.draws.VISIBILITY_SHARES``:

============  ===========================================  ============
kind          visibility drawn                             triples each
============  ===========================================  ============
concept       public (in a real scheme, under a concept)   6-7 (+1)
organisation  public                                       4
member        members 90 %, restricted 10 %                4
reading       public                                       9-12
claim         public                                       6-7
campaign      public 60 %, members 35 %, restricted 5 %    8-11
action        public 30 %, members 65 %, restricted 5 %    8-10
lesson        public 50 %, members 48 %, restricted 2 %    9-10
assessment    public 40 %, members 58 %, restricted 2 %    9
============  ===========================================  ============

(+1: the ``skos:narrower`` stated on the parent.) An action is never more
visible than its campaign, nor a lesson or an assessment than its action (a
visitor who sees a lesson sees what it came from), so the levels records end
up at are more restricted than those drawn: of the generated statements about
28-31 % are public, 59-63 % members-only and 9-10 % restricted. A quarter of
the campaigns are active. Lesson and action targets follow a Zipf-like skew, as
real attention does: a few concepts draw most lessons.

>>> from bench.generate import BLOCK
>>> made = synthesise(BLOCK, seed=7)
>>> made.counts["lesson"], made.landmarks["scheme"]
(30, 'https://w3id.org/praxis/scheme/systems')
>>> len(made.quads) > len(ontology())
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import pyoxigraph as ox

from bench.draws import SCHEMES, Draw, Skewed, Vocabulary, ontology, vocabulary
from graph.access import Visibility
from graph.namespaces import BIBO, DATA, DCTERMS, FOAF, PRX, RDF, RDFS, SCHEME, SDO, SKOS, VOCAB, XSD

__all__ = ["Generated", "synthesise"]

_P = Visibility.PUBLIC
_READING_KINDS = ((BIBO.Book, DCTERMS.publisher), (BIBO.Article, PRX.journal), (BIBO.Webpage, None))
_STANCES = (PRX.supports, PRX.challenges, PRX.qualifies)


@dataclass(frozen=True)
class Generated:
    """A generated dataset in memory: its quads and what the benchmark needs to know."""

    quads: list[ox.Quad]
    counts: dict[str, int]
    landmarks: dict[str, str]


@dataclass(frozen=True)
class _Picks:
    """Skewed draws of what records point at: a few of each draw most of the links."""

    concept: Skewed
    method: Skewed
    member: Skewed
    claim: Skewed


class _Writer:
    """Accumulates quads, each record's in the named graph of its visibility."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []
        self.graphs = {level: ox.NamedNode(str(level.graph)) for level in Visibility}
        self.cache: dict[str, ox.NamedNode] = {}

    def iri(self, text: str) -> ox.NamedNode:
        node = self.cache.get(text)
        if node is None:
            node = self.cache[text] = ox.NamedNode(text)
        return node

    def add(self, subject: str, level: Visibility, *pairs: tuple[Any, Any]) -> None:
        s, g = self.iri(subject), self.graphs[level]
        for predicate, obj in dict.fromkeys(pairs):
            self.quads.append(ox.Quad(s, self.iri(str(predicate)), _term(self, obj), g))


def _term(writer: _Writer, value: Any) -> Any:
    if isinstance(value, (ox.Literal, ox.NamedNode)):
        return value
    return writer.iri(str(value))


def _text(value: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def _typed(value: str, datatype: Any) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(str(datatype)))


class _Campaign(NamedTuple):
    """Its actions fall within its dates and are never more visible than it."""

    iri: str
    level: Visibility
    start: dt.date
    span: int
    active: bool


class _Action(NamedTuple):
    """Its lessons and assessments follow its date and are never more visible than it."""

    iri: str
    level: Visibility
    when: dt.date


class _Lesson(NamedTuple):
    iri: str
    level: Visibility


def synthesise(counts: Mapping[str, int], *, seed: int) -> Generated:
    """The ontology plus ``counts[kind]`` records of each kind, drawn from ``seed``.

    The writers run in this order, and must keep it: each draws from the same
    random sequence, so moving one would change every record after it.
    """
    vocab, draw, out = vocabulary(), Draw(seed), _Writer()
    out.quads.extend(ontology())
    generated = _concepts(out, draw, vocab, counts["concept"])
    concept = Skewed(draw.rng, vocab.theory + generated)
    method = Skewed(draw.rng, vocab.methods)
    organisations = _organisations(out, draw, counts["organisation"])
    members = _members(out, draw, counts["member"])
    # Readings discuss claims and claims come from readings: both are named before either is written.
    readings = [str(DATA[f"reading-generated-{n:06d}"]) for n in range(counts["reading"])]
    claims = [str(DATA[f"claim-generated-{n:05d}"]) for n in range(counts["claim"])]
    member = Skewed(draw.rng, members, exponent=0.8)
    pick = _Picks(concept, method, member, claim=Skewed(draw.rng, claims))
    _readings(out, draw, readings, pick)
    _claims(out, draw, claims, readings=readings, pick=pick)
    campaigns = _campaigns(out, draw, counts["campaign"], organisations=organisations, pick=pick)
    actions = _actions(out, draw, counts["action"], campaigns=campaigns, pick=pick, skills=vocab.skills)
    lessons = _lessons(out, draw, counts["lesson"], actions=actions, pick=pick)
    _assessments(out, draw, counts["assessment"], actions=actions, pick=pick, indicators=vocab.indicators)
    landmarks = {
        "concept": next(c for c in pick.concept.items if c in vocab.theory),
        "method": pick.method.items[0],
        "claim": pick.claim.items[0],
        "campaign": _most_visible([c for c in campaigns if c.active] or campaigns),
        "action": _most_visible(actions),
        "lesson": _most_visible(lessons),
        "member": members[0],
        "reading": readings[0],
        "organisation": organisations[0],
        "indicator": vocab.indicators[0],
        "scheme": str(SCHEME["systems"]),
    }
    return Generated(out.quads, dict(counts), landmarks)


def _most_visible(records: Sequence[_Campaign | _Action | _Lesson]) -> str:
    """The first of the most visible records, so every viewer can use it as a landmark."""
    return min(records, key=lambda record: record.level.rank).iri


def _concepts(out: _Writer, draw: Draw, vocab: Vocabulary, count: int) -> list[str]:
    """Generated concepts under real ones (or earlier generated ones), by scheme in turn."""
    generated: dict[str, list[str]] = {s: [] for s in SCHEMES}
    for n in range(count):
        scheme = SCHEMES[n % len(SCHEMES)]
        parent = draw.rng.choice(vocab.by_scheme[scheme] + generated[scheme])
        iri = str(VOCAB[f"generated-{scheme}-{n:05d}"])
        generated[scheme].append(iri)
        out.add(
            iri,
            _P,
            (RDF.type, SKOS.Concept),
            (RDF.type, PRX.Concept),
            (SKOS.inScheme, SCHEME[scheme]),
            (SKOS.prefLabel, _text(f"{draw.sentence(2, 3)[:-1]} ({n})", "en")),
            (SKOS.definition, _text(draw.sentence(12, 25), "en")),
            (SKOS.broader, parent),
        )
        out.add(parent, _P, (SKOS.narrower, iri))
        if draw.rng.random() < 0.3:
            out.add(iri, _P, (SKOS.related, draw.rng.choice(vocab.by_scheme[draw.rng.choice(SCHEMES)])))
    return [c for s in SCHEMES for c in generated[s]]


def _organisations(out: _Writer, draw: Draw, count: int) -> list[str]:
    organisations = [str(DATA[f"org-generated-{n:04d}"]) for n in range(count)]
    for iri in organisations:
        out.add(
            iri,
            _P,
            (RDF.type, PRX.Organisation),
            (RDFS.label, _text(f"{draw.word().title()} {draw.word().title()} collective")),
            (DCTERMS.description, _text(draw.sentence(15, 30), "en")),
            (PRX.visibility, PRX.Public),
        )
    return organisations


def _members(out: _Writer, draw: Draw, count: int) -> list[str]:
    members = []
    for n in range(count):
        iri, lv = draw.hex_id("member"), draw.level("member")
        members.append(iri)
        nick = f"{draw.nick()} {n}"
        out.add(
            iri,
            lv,
            (RDF.type, PRX.Member),
            (RDFS.label, _text(nick)),
            (FOAF.nick, _text(nick)),
            (PRX.visibility, lv.concept),
        )
    return members


def _readings(out: _Writer, draw: Draw, readings: list[str], pick: _Picks) -> None:
    """Books, articles and web pages; each discusses a few concepts, a fifth of them a claim too."""
    rng = draw.rng
    for n, iri in enumerate(readings):
        kind, venue = rng.choice(_READING_KINDS)
        authors = draw.authors()
        pairs: list[tuple[Any, Any]] = [
            (RDF.type, PRX.Reading),
            (RDF.type, kind),
            (DCTERMS.title, _text(f"{draw.sentence(3, 8)[:-1]} ({n})")),
            (PRX.authors, _text(authors)),
            (DCTERMS.issued, _typed(str(rng.randint(1950, 2025)), XSD.gYear)),
            (DCTERMS.abstract, _text(draw.sentence(30, 60), "en")),
            (PRX.visibility, PRX.Public),
        ]
        if venue is not None:
            pairs.append((venue, _text(f"{draw.word().title()} {rng.choice(('Press', 'Review'))}")))
        else:
            pairs.append((SDO.url, ox.NamedNode(f"https://example.org/reading/{n}")))
        pairs += [(PRX.discusses, c) for c in pick.concept.several(1, 3)]
        if pick.claim.items and rng.random() < 0.2:
            pairs.append((PRX.discusses, pick.claim()))
        out.add(iri, _P, *pairs)


def _claims(out: _Writer, draw: Draw, claims: list[str], *, readings: list[str], pick: _Picks) -> None:
    for n, iri in enumerate(claims):
        pairs: list[tuple[Any, Any]] = [
            (RDF.type, PRX.Claim),
            (RDFS.label, _text(f"Claim {n}: {draw.sentence(3, 6)[:-1]}", "en")),
            (PRX.statement, _text(draw.sentence(20, 40), "en")),
            (PRX.fromReading, draw.rng.choice(readings)),
            (PRX.visibility, PRX.Public),
        ]
        pairs += [(PRX.aboutConcept, c) for c in pick.concept.several(1, 2)]
        out.add(iri, _P, *pairs)


def _campaigns(
    out: _Writer, draw: Draw, count: int, *, organisations: list[str], pick: _Picks
) -> list[_Campaign]:
    """Campaigns since 1990, a quarter still active (running to 2026), the rest 30 days to 3 years."""
    rng, campaigns = draw.rng, []
    for n in range(count):
        iri, lv = str(DATA[f"campaign-generated-{n:05d}"]), draw.level("campaign")
        start = draw.day(dt.date(1990, 1, 1), 35 * 365)
        active = rng.random() < 0.25
        span = (dt.date(2026, 1, 1) - start).days if active else rng.randint(30, 3 * 365)
        campaigns.append(_Campaign(iri, lv, start, span, active))
        pairs: list[tuple[Any, Any]] = [
            (RDF.type, PRX.Campaign),
            (RDFS.label, _text(f"{draw.word().title()} campaign {n}")),
            (DCTERMS.description, _text(draw.sentence(20, 40), "en")),
            (PRX.status, PRX.Active if active else PRX.Concluded),
            (SDO.startDate, _typed(start.isoformat(), XSD.date)),
            (PRX.organisedBy, rng.choice(organisations)),
            (PRX.visibility, lv.concept),
        ]
        if not active:
            pairs.append((SDO.endDate, _typed((start + dt.timedelta(days=span)).isoformat(), XSD.date)))
        pairs += [(PRX.addresses, c) for c in pick.concept.several(1, 3)]
        out.add(iri, lv, *pairs)
    return campaigns


def _actions(
    out: _Writer, draw: Draw, count: int, *, campaigns: list[_Campaign], pick: _Picks, skills: list[str]
) -> list[_Action]:
    """Actions within a campaign's dates, each using one of Sharp's methods on one concept."""
    rng, actions = draw.rng, []
    for _ in range(count):
        campaign = rng.choice(campaigns)
        iri, lv = draw.hex_id("action"), draw.level("action", campaign.level)
        when = draw.day(campaign.start, campaign.span)
        actions.append(_Action(iri, lv, when))
        pairs: list[tuple[Any, Any]] = [
            (RDF.type, PRX.Action),
            (RDFS.label, _text(f"{draw.word().title()} {rng.choice(('picket', 'march', 'workshop'))}")),
            (DCTERMS.description, _text(draw.sentence(15, 35), "en")),
            (SDO.startDate, _typed(when.isoformat(), XSD.date)),
            (PRX.partOf, campaign.iri),
            (PRX.usesMethod, pick.method()),
            (PRX.addresses, pick.concept()),
            (PRX.visibility, lv.concept),
        ]
        if rng.random() < 0.5:
            pairs.append((SDO.location, _text(draw.place())))
        if rng.random() < 0.5:
            pairs.append((PRX.requiresSkill, rng.choice(skills)))
        out.add(iri, lv, *pairs)
    return actions


def _lessons(out: _Writer, draw: Draw, count: int, *, actions: list[_Action], pick: _Picks) -> list[_Lesson]:
    """Lessons from actions, within 90 days; each supports, challenges or qualifies one or two
    concepts or claims."""
    rng, lessons = draw.rng, []
    for _ in range(count):
        action = rng.choice(actions)
        iri, lv = draw.hex_id("lesson"), draw.level("lesson", action.level)
        lessons.append(_Lesson(iri, lv))
        pairs: list[tuple[Any, Any]] = [
            (RDF.type, PRX.Lesson),
            (RDFS.label, _text(draw.sentence(4, 9)[:-1])),
            (DCTERMS.description, _text(draw.sentence(20, 45), "en")),
            (PRX.evidence, _text(draw.sentence(10, 25), "en")),
            (PRX.fromAction, action.iri),
            (DCTERMS.created, _typed(draw.day(action.when, 90).isoformat(), XSD.date)),
            (DCTERMS.creator, pick.member()),
            (PRX.visibility, lv.concept),
        ]
        for _ in range(rng.choice((1, 1, 1, 2))):
            stance = rng.choices(_STANCES, weights=(0.5, 0.3, 0.2))[0]
            target = pick.claim() if rng.random() < 0.2 else pick.concept()
            pairs.append((stance, target))
        out.add(iri, lv, *pairs)
    return lessons


def _assessments(
    out: _Writer, draw: Draw, count: int, *, actions: list[_Action], pick: _Picks, indicators: list[str]
) -> None:
    """Scores of actions on an indicator, -2 to +2 with +1 the most common, within 60 days."""
    rng = draw.rng
    for _ in range(count):
        action = rng.choice(actions)
        iri, lv = draw.hex_id("assessment"), draw.level("assessment", action.level)
        out.add(
            iri,
            lv,
            (RDF.type, PRX.Assessment),
            (RDFS.label, _text(f"Assessment of {draw.word()}")),
            (PRX.assessedAction, action.iri),
            (PRX.indicator, rng.choice(indicators)),
            (PRX.score, _typed(str(rng.choices((-2, -1, 0, 1, 2), weights=(1, 2, 3, 4, 2))[0]), XSD.integer)),
            (PRX.evidence, _text(draw.sentence(10, 25), "en")),
            (DCTERMS.creator, pick.member()),
            (DCTERMS.created, _typed(draw.day(action.when, 60).isoformat(), XSD.date)),
            (PRX.visibility, lv.concept),
        )
