"""Why a reading is suggested, in one sentence a member can follow, from real paths in the graph.

Every reason names the records it rests on and keeps the chain of links behind it
(``Reason.path``, the reading first), so a test, or a sceptical member, can check
each step. Reasons come in a fixed order of strength: what this campaign's lessons
challenged or qualified first ("worth revisiting"), then member posts about the
campaign, what the campaign addresses, what a description names ("discusses rent
withholding, which your description mentions (rent strike)") or a person added,
what its lessons supported, past campaigns and lessons a description resembles
("read for Tenants' housing campaign, which your description resembles (rent,
tenants)"), the methods and concepts of its actions, claims about its concepts,
neighbouring concepts in the thesaurus, words in common (with the words), and, when
nothing nearer explains a link, a longer chain: its first and last link in words,
with every step in ``Reason.how`` (the page's "how" toggle).

>>> format_date(dt.date(2025, 3, 12))
'on 12 March 2025'
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from enum import Enum

from rdflib import URIRef

from graph.namespaces import PRX, SKOS
from graph.suggest.model import Model
from graph.suggest.readas import MatchKind, ReadAs
from graph.suggest.textindex import Query

__all__ = ["Reason", "ReasonKind", "Seeds", "explain", "format_date"]

_STANCES = {PRX.challenges: "challenged", PRX.qualifies: "qualified", PRX.supports: "supported"}

#: How each link reads on a chain, forwards and backwards.
_LINKS = {
    PRX.addresses: ("addresses", "is addressed by"),
    PRX.partOf: ("is part of", "includes"),
    PRX.usesMethod: ("uses the method", "is the method of"),
    PRX.fromAction: ("was learnt from", "taught"),
    PRX.supports: ("supports", "is supported by"),
    PRX.challenges: ("challenges", "is challenged by"),
    PRX.qualifies: ("qualifies", "is qualified by"),
    PRX.discusses: ("discusses", "is discussed by"),
    PRX.aboutCampaign: ("is about", "is written about in"),
    PRX.aboutConcept: ("is about", "is the subject of"),
    PRX.fromReading: ("comes from", "is the source of"),
    SKOS.broader: ("is narrower than", "is broader than"),
    SKOS.related: ("is related to", "is related to"),
}


class ReasonKind(Enum):
    CHALLENGED = "challenged"
    QUALIFIED = "qualified"
    ABOUT = "about"
    ADDRESSES = "addresses"
    CHOSEN = "chosen"
    SUPPORTED = "supported"
    RESEMBLES = "resembles"
    ACTION = "action"
    CLAIM = "claim"
    NEAR = "near"
    WORDS = "words"
    PATH = "path"


@dataclass(frozen=True)
class Reason:
    """One reason: its sentence, its kind, the chain of links behind it (reading first) and,
    for a long chain, every step in words."""

    text: str
    kind: ReasonKind
    path: tuple[URIRef, ...] = ()
    how: str = ""


@dataclass(frozen=True)
class Seeds:
    """Where the walk starts: a campaign, or what a description was read as."""

    campaign: URIRef | None = None
    reading: ReadAs | None = None

    def nodes(self) -> set[URIRef]:
        found = {self.campaign} if self.campaign else set()
        return found | (self.reading.nodes() if self.reading else set())


def format_date(value: object) -> str:
    if isinstance(value, dt.date):
        return f"on {value.day} {value:%B %Y}"
    return f"in {value}" if value else ""


def explain(
    model: Model, reading: URIRef, seeds: Seeds, query: Query, *, reachable: bool = True, limit: int = 3
) -> tuple[Reason, ...]:
    """Up to ``limit`` reasons, strongest first; words in common always get a place if any.

    ``reachable`` says whether the walk reached the reading at all; only then is a
    longer chain of links looked for when no nearer reason explains it."""
    found = _campaign_reasons(model, reading, seeds.campaign) if seeds.campaign else []
    if seeds.reading is not None:
        found += _described_reasons(model, reading, seeds.reading)
    ordered: list[Reason] = []
    seen: set[tuple[ReasonKind, URIRef]] = set()
    for reason in sorted(found, key=lambda r: list(ReasonKind).index(r.kind)):
        if (reason.kind, reason.path[1]) not in seen:
            seen.add((reason.kind, reason.path[1]))
            ordered.append(reason)
    whose = "the campaign" if seeds.campaign else "your description"
    words = _words(model, reading, query, whose)
    if not ordered and reachable and (path := model.path(reading, seeds.nodes())):
        ordered.append(_path_reason(model, path, seeds))
    # The strongest reason of each kind first, so two kinds of evidence beat two of one kind.
    firsts: dict[ReasonKind, Reason] = {}
    for reason in ordered:
        firsts.setdefault(reason.kind, reason)
    varied = list(firsts.values()) + [r for r in ordered if r not in firsts.values()]
    chosen = varied[: limit - 1 if words else limit]
    return tuple(sorted(chosen, key=ordered.index) + words)


def _targets(model: Model, reading: URIRef) -> dict[URIRef, bool]:
    """What the reading discusses, and the claims it is the source of (``True``: its own)."""
    targets = {t: False for t in model.out[PRX.discusses].get(reading, ())}
    targets.update({c: True for c in model.into[PRX.fromReading].get(reading, ())})
    return targets


def _campaign_reasons(model: Model, reading: URIRef, campaign: URIRef) -> list[Reason]:
    name = model.campaigns[campaign].label
    model.campaign_text(campaign)  # loads the labels and dates of its actions and lessons
    addressed = model.out[PRX.addresses].get(campaign, set())
    actions = model.actions_of(campaign)
    reasons = []
    if campaign in model.out[PRX.aboutCampaign].get(reading, ()):
        reasons.append(Reason(f"was written about {name}", ReasonKind.ABOUT, (reading, campaign)))
    for target, own in sorted(_targets(model, reading).items()):
        label = _name(model, target)
        is_claim = target in model.records and model.records[target].kind == PRX.Claim
        for stance, verb in _STANCES.items():
            for lesson in sorted(model.into[stance].get(target, ())):
                for action in sorted(model.out[PRX.fromAction].get(lesson, set()) & actions):
                    source = f'the lesson "{model.label(lesson)}" from the action "{model.label(action)}"'
                    when = format_date(model.records[action].date if action in model.records else None)
                    source = f"{source} {when}".rstrip()
                    if is_claim and own:
                        text = f'its claim "{label}" was {verb} by {source}'
                    elif is_claim:
                        text = f'discusses the claim "{label}", which was {verb} by {source}'
                    else:
                        text = f"discusses {label}, which was {verb} by {source}"
                    reasons.append(
                        Reason(text, ReasonKind(verb), (reading, target, lesson, action, campaign))
                    )
        if target in addressed:
            reasons.append(
                Reason(
                    f"discusses {label}, which {name} addresses",
                    ReasonKind.ADDRESSES,
                    (reading, target, campaign),
                )
            )
        for action in sorted(actions):
            when = format_date(model.records[action].date if action in model.records else None)
            act = f'the action "{model.label(action)}" {when}'.rstrip()
            if target in model.out[PRX.usesMethod].get(action, ()):
                reasons.append(
                    Reason(
                        f"discusses {label}, the method of {act}",
                        ReasonKind.ACTION,
                        (reading, target, action, campaign),
                    )
                )
            elif target in model.out[PRX.addresses].get(action, ()):
                reasons.append(
                    Reason(
                        f"discusses {label}, which {act} addressed",
                        ReasonKind.ACTION,
                        (reading, target, action, campaign),
                    )
                )
        reasons += _near(
            model, reading, target, dict.fromkeys(addressed, f"which {name} addresses"), campaign
        )
    return reasons


def _described_reasons(model: Model, reading: URIRef, described: ReadAs) -> list[Reason]:
    """Reasons for a campaign described in words: what the description names or a person
    added, and the past campaigns and lessons it resembles."""
    phrases = {}
    for match in described.of_kind(*(k for k in MatchKind if k.from_labels)):
        if match.added:
            phrases[match.node] = "which you added"
        else:
            phrases[match.node] = f"which your description mentions ({', '.join(match.words)})"
    reasons = []
    targets = _targets(model, reading)
    for target in sorted(targets):
        if target in phrases:
            text = f"discusses {_name(model, target)}, {phrases[target]}"
            reasons.append(Reason(text, ReasonKind.CHOSEN, (reading, target)))
        reasons += _near(model, reading, target, phrases, None)
    for match in described.of_kind(MatchKind.CAMPAIGN):
        reasons += _resembled_campaign(model, reading, targets, match.node, ", ".join(match.words))
    for match in described.of_kind(MatchKind.LESSON):
        lesson, words = match.node, ", ".join(match.words)
        for target in sorted(targets):
            for stance, verb in _STANCES.items():
                if target in model.out[stance].get(lesson, ()):
                    text = (
                        f'discusses {_name(model, target)}, which the lesson "{model.label(lesson)}" {verb}, '
                        f"a lesson your description resembles ({words})"
                    )
                    reasons.append(Reason(text, ReasonKind.RESEMBLES, (reading, target, lesson)))
    return reasons


def _resembled_campaign(
    model: Model, reading: URIRef, targets: dict[URIRef, bool], campaign: URIRef, words: str
) -> list[Reason]:
    name = model.label(campaign)
    resembles = f"which your description resembles ({words})"
    reasons = []
    if reading in model.read_for.get(campaign, set()):
        reasons.append(Reason(f"read for {name}, {resembles}", ReasonKind.RESEMBLES, (reading, campaign)))
    if campaign in model.out[PRX.aboutCampaign].get(reading, ()):
        text = f"was written about {name}, {resembles}"
        reasons.append(Reason(text, ReasonKind.RESEMBLES, (reading, campaign)))
    lessons = model.lessons_of(campaign)
    for target in sorted(targets):
        label = _name(model, target)
        if target in model.out[PRX.addresses].get(campaign, ()):
            text = (
                f"discusses {label}, which {name} addressed, a campaign your description resembles ({words})"
            )
            reasons.append(Reason(text, ReasonKind.RESEMBLES, (reading, target, campaign)))
        for stance, verb in _STANCES.items():
            for lesson in sorted(model.into[stance].get(target, set()) & lessons):
                (action,) = sorted(model.out[PRX.fromAction].get(lesson, set()) & model.actions_of(campaign))[
                    :1
                ]
                text = (
                    f'discusses {label}, which the lesson "{model.label(lesson)}" of {name} {verb}, '
                    f"a campaign your description resembles ({words})"
                )
                reasons.append(
                    Reason(text, ReasonKind.RESEMBLES, (reading, target, lesson, action, campaign))
                )
    return reasons


def _near(
    model: Model, reading: URIRef, target: URIRef, goals: dict[URIRef, str], end: URIRef | None
) -> list[Reason]:
    """Reasons through one more link: a claim about a goal concept, or a thesaurus neighbour.
    ``goals`` maps each goal concept to how the reason ends ("which the campaign addresses")."""
    tail = (end,) if end else ()
    label = _name(model, target)
    reasons = []
    for concept in sorted(model.out[PRX.aboutConcept].get(target, set()) & goals.keys()):
        text = f'discusses the claim "{label}", about {_name(model, concept)}, {goals[concept]}'
        reasons.append(Reason(text, ReasonKind.CLAIM, (reading, target, concept, *tail)))
    related = model.out[SKOS.related].get(target, set()) | model.into[SKOS.related].get(target, set())
    links = (
        (model.out[SKOS.broader].get(target, set()), "a narrower idea than"),
        (model.into[SKOS.broader].get(target, set()), "a broader idea than"),
        (related, "related to"),
    )
    for neighbours, relation in links:
        for concept in sorted(neighbours & goals.keys() - {target}):
            text = f"discusses {label}, {relation} {_name(model, concept)}, {goals[concept]}"
            reasons.append(Reason(text, ReasonKind.NEAR, (reading, target, concept, *tail)))
    return reasons


def _name(model: Model, node: URIRef) -> str:
    """A concept's label as it reads mid-sentence ("discusses grassroots organising");
    other labels, and labels that start with an acronym, as they are."""
    label = model.label(node)
    if node in model.concepts and label[1:2].islower():
        return label[0].lower() + label[1:]
    return label


def _quoted(model: Model, node: URIRef) -> str:
    """A node's name on a chain: concepts as they are, records in quotes."""
    return _name(model, node) if node in model.concepts else f'"{model.label(node)}"'


def _words(model: Model, reading: URIRef, query: Query, whose: str) -> list[Reason]:
    words = model.text.shared_words(model.row[reading], query, limit=5) if not query.empty else ()
    if not words:
        return []
    return [Reason(f"shares words with {whose}: {', '.join(words)}", ReasonKind.WORDS)]


def _path_reason(model: Model, path: tuple[URIRef, ...], seeds: Seeds) -> Reason:
    """A longer chain, told by its first link and its last (both in words, with what they
    join); every step goes in ``how`` (the page's "how" toggle).

    "discusses civil resistance, which is linked in 2 steps to community mental health,
    which Care workers' campaign addresses": the reader sees where the chain leaves the
    reading and where it reaches the campaign, and can open the steps between."""
    first, before, last = path[1], path[-2], path[-1]
    text = f"{_step(model, path[0], first)} {_quoted(model, first)}"
    if before != first:
        between = len(path) - 3  # links from the first link's end to the last link's start
        linked = "which is linked to" if between == 1 else f"which is linked in {between} steps to"
        text += f", {linked} {_quoted(model, before)}"
    text += f", which {_step(model, before, last)} {_end(model, last, seeds)}"
    how = [f'"{model.label(path[0])}"']
    how += [f"{_step(model, a, b)} {_quoted(model, b)}" for a, b in itertools.pairwise(path)]
    return Reason(text, ReasonKind.PATH, path, " → ".join(how))


def _step(model: Model, a: URIRef, b: URIRef) -> str:
    """How the link from ``a`` to its neighbour ``b`` reads ("discusses", "is addressed by")."""
    link = model.link(a, b)
    return _LINKS[link[0]][0 if link[1] else 1] if link else "is linked to"


def _end(model: Model, last: URIRef, seeds: Seeds) -> str:
    """Where a chain reaches what the suggestions are for: the campaign, or a match of the
    description (and why it is one)."""
    if last == seeds.campaign:
        return model.campaigns[last].label
    match = next((m for m in seeds.reading.matches if m.node == last), None) if seeds.reading else None
    if match is None or match.added:
        return f"{_quoted(model, last)}, which you added"
    if match.kind.from_labels:
        return f"{_name(model, last)}, which your description mentions ({', '.join(match.words)})"
    return f"{_quoted(model, last)}, which your description resembles ({', '.join(match.words)})"
