"""Why a reading is suggested, in words a member understands, from real paths in the graph.

Every reason names the records it rests on and keeps the chain of links behind it
(``Reason.path``, the reading first), so a test, or a sceptical member, can check
each step. Reasons come in a fixed order of strength: what this campaign's lessons
challenged or qualified first ("worth revisiting"), then member posts about the
campaign, what the campaign addresses (or the concepts a description chose), what
its lessons supported, the methods and concepts of its actions,
claims about its concepts, neighbouring concepts in the thesaurus, words in
common, and, when nothing nearer explains a link, the shortest chain of links.

>>> format_date(dt.date(2025, 3, 12))
'on 12 March 2025'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from rdflib import URIRef

from graph.namespaces import PRX, SKOS
from graph.suggest.model import Model
from graph.suggest.textindex import Query

__all__ = ["Reason", "ReasonKind", "Seeds", "explain", "format_date"]

_STANCES = {PRX.challenges: "challenged", PRX.qualifies: "qualified", PRX.supports: "supported"}


class ReasonKind(Enum):
    CHALLENGED = "challenged"
    QUALIFIED = "qualified"
    ABOUT = "about"
    ADDRESSES = "addresses"
    CHOSEN = "chosen"
    SUPPORTED = "supported"
    ACTION = "action"
    CLAIM = "claim"
    NEAR = "near"
    WORDS = "words"
    PATH = "path"


@dataclass(frozen=True)
class Reason:
    """One reason: its text, its kind and the chain of links behind it (reading first)."""

    text: str
    kind: ReasonKind
    path: tuple[URIRef, ...] = ()


@dataclass(frozen=True)
class Seeds:
    """Where the walk starts: a campaign, or the concepts a description chose or mentioned."""

    campaign: URIRef | None = None
    chosen: frozenset[URIRef] = frozenset()
    #: Concepts whose labels the description uses, with the words it uses for them.
    mentioned: tuple[tuple[URIRef, str], ...] = ()

    def nodes(self) -> set[URIRef]:
        return ({self.campaign} if self.campaign else set()) | self.chosen | {c for c, _ in self.mentioned}


def format_date(value: object) -> str:
    if isinstance(value, dt.date):
        return f"on {value.day} {value:%B %Y}"
    return f"in {value}" if value else ""


def explain(
    model: Model, reading: URIRef, seeds: Seeds, query: Query, *, reachable: bool = True, limit: int = 3
) -> tuple[Reason, ...]:
    """Up to ``limit`` reasons, strongest first; words in common always get a place if any.

    ``reachable`` says whether the walk reached the reading at all; only then is the
    shortest chain of links looked for when no nearer reason explains it."""
    found = _campaign_reasons(model, reading, seeds.campaign) if seeds.campaign else []
    found += _concept_reasons(model, reading, seeds)
    ordered: list[Reason] = []
    seen: set[tuple[ReasonKind, URIRef]] = set()
    for reason in sorted(found, key=lambda r: list(ReasonKind).index(r.kind)):
        if (reason.kind, reason.path[1]) not in seen:
            seen.add((reason.kind, reason.path[1]))
            ordered.append(reason)
    words = _words(model, reading, query, "the campaign" if seeds.campaign else "your description")
    if not ordered and reachable and (path := model.path(reading, seeds.nodes())):
        ordered.append(_path_reason(model, path))
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


def _concept_reasons(model: Model, reading: URIRef, seeds: Seeds) -> list[Reason]:
    phrases = {c: "which your description mentions" for c, _ in seeds.mentioned}
    for concept, words in seeds.mentioned:
        if words.casefold() != model.label(concept).casefold():
            phrases[concept] += f' (as "{words}")'
    phrases.update({c: "one of the concepts you chose" for c in seeds.chosen})
    reasons = []
    for target in sorted(_targets(model, reading)):
        if target in phrases:
            text = f"discusses {_name(model, target)}, {phrases[target]}"
            reasons.append(Reason(text, ReasonKind.CHOSEN, (reading, target)))
        reasons += _near(model, reading, target, phrases, None)
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


def _words(model: Model, reading: URIRef, query: Query, whose: str) -> list[Reason]:
    words = model.text.shared_words(model.row[reading], query, limit=5) if not query.empty else ()
    if not words:
        return []
    return [Reason(f"shares words with {whose}: {', '.join(words)}", ReasonKind.WORDS)]


def _path_reason(model: Model, path: tuple[URIRef, ...]) -> Reason:
    steps = " → ".join(f'"{model.label(node)}"' for node in path[1:])
    return Reason(f"linked to it through {steps}", ReasonKind.PATH, path)
