"""Synthetic graphs shaped like a chapter's, for benchmarks: 10k, 100k and 1M triples.

A generated dataset is the ontology and the real concept schemes (what
``praxis init --empty`` loads) plus records made up from a seeded random
generator, so the same size and seed always give the same graph. Records point
at the real vocabulary (``ontology/vocab``: Sharp's methods, the systems,
skills and indicators) and at generated concepts placed under real ones in the
same schemes (``skos:broader``/``skos:narrower`` both stated). Each record's
statements sit in the named graph of its own ``prx:visibility``, as the loader
puts them; the file is N-Quads, conforming to ``ontology/shapes.ttl``.

Records come in blocks of 100, so the kinds keep fixed proportions at any size:

============  =========  ===========================================  ============
kind          per block  visibility drawn                             triples each
============  =========  ===========================================  ============
concept       2          public (in a real scheme, under a concept)   6-7 (+1)
organisation  1          public                                       4
member        4          members 90 %, restricted 10 %                4
reading       12         public                                       9-12
claim         3          public                                       6-7
campaign      2          public 60 %, members 35 %, restricted 5 %    8-11
action        16         public 30 %, members 65 %, restricted 5 %    8-10
lesson        30         public 50 %, members 48 %, restricted 2 %    9-10
assessment    30         public 40 %, members 58 %, restricted 2 %    9
============  =========  ===========================================  ============

(+1: the ``skos:narrower`` stated on the parent.) An action is never more
visible than its campaign, nor a lesson or an assessment than its action (a
visitor who sees a lesson sees what it came from), so the levels records end
up at are more restricted than those drawn: of the generated statements about
28-31 % are public, 59-63 % members-only and 9-10 % restricted. A quarter of
the campaigns are active. Lesson and action targets follow a Zipf-like skew, as
real attention does: a few concepts draw most lessons. A block is about 887
statements, so 1M statements hold some 33,000 lessons and 33,000 assessments.

>>> p = plan(1_000_000)
>>> p.counts["lesson"] == 30 * p.blocks
True
>>> generate(2_000).counts["lesson"]
30
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.access import Visibility
from graph.io.rdf import format_of, read_quads
from graph.namespaces import BIBO, DATA, DCTERMS, FOAF, PRX, RDF, RDFS, SCHEME, SDO, SKOS, VOCAB, XSD
from graph.validate import ontology_files

__all__ = [
    "BLOCK",
    "DATA_DIR",
    "DEFAULT_SEED",
    "GENERATOR_VERSION",
    "SIZES",
    "VISIBILITY_SHARES",
    "Dataset",
    "Generated",
    "Plan",
    "dataset",
    "generate",
    "parse_size",
    "plan",
]

#: Bump when the output changes, so cached files are rebuilt.
GENERATOR_VERSION = 4
DEFAULT_SEED = 7
DATA_DIR = Path(__file__).resolve().parent / "data"

#: Named sizes (total statements, ontology and vocabulary included).
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}

#: Records of each kind in one block of 100.
BLOCK = {
    "concept": 2,
    "organisation": 1,
    "member": 4,
    "reading": 12,
    "claim": 3,
    "campaign": 2,
    "action": 16,
    "lesson": 30,
    "assessment": 30,
}
#: Expected statements per block (measured; used to size the number of blocks).
TRIPLES_PER_BLOCK = 887

_P, _M, _R = Visibility.PUBLIC, Visibility.MEMBERS, Visibility.RESTRICTED
#: The share of each visibility level drawn for each kind (before the "never
#: more visible than its parent" rule raises some of them).
VISIBILITY_SHARES: dict[str, dict[Visibility, float]] = {
    "concept": {_P: 1.0},
    "organisation": {_P: 1.0},
    "reading": {_P: 1.0},
    "claim": {_P: 1.0},
    "member": {_M: 0.9, _R: 0.1},
    "campaign": {_P: 0.6, _M: 0.35, _R: 0.05},
    "action": {_P: 0.3, _M: 0.65, _R: 0.05},
    "lesson": {_P: 0.5, _M: 0.48, _R: 0.02},
    "assessment": {_P: 0.4, _M: 0.58, _R: 0.02},
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_WORDS = _words(
    "power organising mutual aid tenants union neighbours council rent strike picket assembly "
    "consensus care childcare solidarity housing workplace boycott leaflet meeting training "
    "facilitation outreach media coalition pressure landlord city budget school clinic transit "
    "climate border wage debt food network commons cooperative practice theory strategy "
    "escalation trust leadership turnout recruitment retention burnout accountability "
    "reflection evidence risk police legal support access language"
)
_NICKS = _words("wren heron alder rowan hazel kestrel birch linnet willow sorrel finch yarrow")
_GIVEN = _words("Ada Bea Cal Dev Eli Fay Gus Hal Ivy Jo Kit Lou Max Noor Ola Pat Ray Sol Tam Uma")
_FAMILY = _words("Abara Brook Costa Diallo Evans Fraser Garcia Haddad Ito Jensen Kaur Lopes Moreau")
_PLACES = ("Northside", "Riverside", "Old Town", "the estate", "the high street", "the campus")


@dataclass(frozen=True)
class Plan:
    """How many records of each kind a target size gets."""

    target: int
    blocks: int
    counts: dict[str, int]


@dataclass(frozen=True)
class Generated:
    """A generated dataset in memory: its quads and what the benchmark needs to know."""

    quads: list[ox.Quad]
    counts: dict[str, int]
    landmarks: dict[str, str]


@dataclass(frozen=True)
class Dataset:
    """A generated dataset cached on disk as N-Quads, with a JSON sidecar."""

    path: Path
    size: str
    seed: int
    triples: int
    counts: dict[str, int]
    landmarks: dict[str, str]


def parse_size(text: str | int) -> int:
    """``"10k"`` -> 10000, ``"1m"`` -> 1000000, ``"2500"`` -> 2500."""
    if isinstance(text, int):
        return text
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", text)
    if not match:
        raise ValueError(f"not a size: {text!r} (use e.g. 10k, 100k, 1m)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    return int(float(match.group(1)) * factor)


@cache
def _ontology() -> tuple[ox.Quad, ...]:
    quads: list[ox.Quad] = []
    for path in ontology_files():
        quads += read_quads(path.read_bytes(), source=str(path), fmt=format_of(path))
    return tuple(quads)


def plan(triples: int) -> Plan:
    """Blocks of records for ``triples`` statements in all (at least one block)."""
    blocks = max(1, round((triples - len(_ontology())) / TRIPLES_PER_BLOCK))
    return Plan(triples, blocks, {kind: n * blocks for kind, n in BLOCK.items()})


@dataclass(frozen=True)
class _Vocabulary:
    """The real concepts records may point at, read from ``ontology/vocab``."""

    by_scheme: dict[str, list[str]]
    methods: list[str]
    skills: list[str]
    indicators: list[str]


@cache
def _vocabulary() -> _Vocabulary:
    store = ox.Store()
    store.extend(_ontology())
    rows = store.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?c ?scheme ?notation WHERE { GRAPH ?g { ?c skos:inScheme ?scheme . "
        "OPTIONAL { ?c skos:notation ?notation } } } ORDER BY ?c"
    )
    by_scheme: dict[str, list[str]] = {}
    methods: list[str] = []
    for row in rows:
        scheme = row["scheme"].value.rsplit("/", 1)[-1]
        by_scheme.setdefault(scheme, []).append(row["c"].value)
        if row["notation"] is not None:
            methods.append(row["c"].value)
    return _Vocabulary(by_scheme, methods, by_scheme["skills"], by_scheme["indicators"])


class _Skewed:
    """Draws from ``items`` with Zipf-like weights (the first in a shuffled order is hottest)."""

    def __init__(self, rng: random.Random, items: Sequence[str], exponent: float = 1.0):
        self.items = list(items)
        rng.shuffle(self.items)
        total, cumulative = 0.0, []
        for rank in range(len(self.items)):
            total += 1.0 / (rank + 1) ** exponent
            cumulative.append(total)
        self.cumulative = cumulative
        self.rng = rng

    def __call__(self) -> str:
        return self.rng.choices(self.items, cum_weights=self.cumulative)[0]

    def several(self, low: int, high: int) -> list[str]:
        return list(dict.fromkeys(self() for _ in range(self.rng.randint(low, high))))


class _Writer:
    """Accumulates quads; remembers each record's visibility."""

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


def generate(triples: int, *, seed: int = DEFAULT_SEED) -> Generated:
    """A whole dataset of about ``triples`` statements (ontology and vocabulary included)."""
    rng = random.Random(seed)
    counts = plan(triples).counts
    vocab = _vocabulary()
    out = _Writer()
    out.quads.extend(_ontology())

    def level(kind: str, floor: Visibility = _P) -> Visibility:
        shares = VISIBILITY_SHARES[kind]
        drawn = rng.choices(list(shares), weights=list(shares.values()))[0]
        return max(drawn, floor, key=lambda v: v.rank)

    def sentence(low: int, high: int) -> str:
        words = rng.choices(_WORDS, k=rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def hex_id(kind: str, used: set[str]) -> str:
        while True:
            local = f"{kind}-{rng.getrandbits(24):06x}"
            if local not in used:
                used.add(local)
                return str(DATA[local])

    def day(start: dt.date, span_days: int) -> dt.date:
        return start + dt.timedelta(days=rng.randrange(max(1, span_days)))

    # Concepts: generated ones hang under real ones (or earlier generated ones) in four schemes.
    schemes = ["systems", "alternatives", "principles", "strategy"]
    generated: dict[str, list[str]] = {s: [] for s in schemes}
    for n in range(counts["concept"]):
        scheme = schemes[n % len(schemes)]
        parents = vocab.by_scheme[scheme] + generated[scheme]
        parent = rng.choice(parents)
        iri = str(VOCAB[f"generated-{scheme}-{n:05d}"])
        generated[scheme].append(iri)
        out.add(
            iri,
            _P,
            (RDF.type, SKOS.Concept),
            (RDF.type, PRX.Concept),
            (SKOS.inScheme, SCHEME[scheme]),
            (SKOS.prefLabel, _text(f"{sentence(2, 3)[:-1]} ({n})", "en")),
            (SKOS.definition, _text(sentence(12, 25), "en")),
            (SKOS.broader, parent),
        )
        out.add(parent, _P, (SKOS.narrower, iri))
        if rng.random() < 0.3:
            out.add(iri, _P, (SKOS.related, rng.choice(vocab.by_scheme[rng.choice(schemes)])))
    theory = [c for s in schemes for c in vocab.by_scheme[s] if c not in vocab.methods]
    concept_pick = _Skewed(rng, theory + [c for s in schemes for c in generated[s]])
    method_pick = _Skewed(rng, vocab.methods)

    organisations = [str(DATA[f"org-generated-{n:04d}"]) for n in range(counts["organisation"])]
    for iri in organisations:
        out.add(
            iri,
            _P,
            (RDF.type, PRX.Organisation),
            (RDFS.label, _text(f"{rng.choice(_WORDS).title()} {rng.choice(_WORDS).title()} collective")),
            (DCTERMS.description, _text(sentence(15, 30), "en")),
            (PRX.visibility, PRX.Public),
        )

    used: set[str] = set()
    members = []
    for n in range(counts["member"]):
        iri, lv = hex_id("member", used), level("member")
        members.append(iri)
        nick = f"{rng.choice(_NICKS).title()} {n}"
        out.add(
            iri,
            lv,
            (RDF.type, PRX.Member),
            (RDFS.label, _text(nick)),
            (FOAF.nick, _text(nick)),
            (PRX.visibility, lv.concept),
        )
    member_pick = _Skewed(rng, members, exponent=0.8)

    readings = [str(DATA[f"reading-generated-{n:06d}"]) for n in range(counts["reading"])]
    claims = [str(DATA[f"claim-generated-{n:05d}"]) for n in range(counts["claim"])]
    claim_pick = _Skewed(rng, claims)
    kinds = [(BIBO.Book, DCTERMS.publisher), (BIBO.Article, PRX.journal), (BIBO.Webpage, None)]
    for n, iri in enumerate(readings):
        kind, venue = rng.choice(kinds)
        authors = "; ".join(f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}" for _ in range(rng.randint(1, 3)))
        pairs: list[tuple[Any, Any]] = [
            (RDF.type, PRX.Reading),
            (RDF.type, kind),
            (DCTERMS.title, _text(f"{sentence(3, 8)[:-1]} ({n})")),
            (PRX.authors, _text(authors)),
            (DCTERMS.issued, _typed(str(rng.randint(1950, 2025)), XSD.gYear)),
            (DCTERMS.abstract, _text(sentence(30, 60), "en")),
            (PRX.visibility, PRX.Public),
        ]
        if venue is not None:
            pairs.append((venue, _text(f"{rng.choice(_WORDS).title()} {rng.choice(('Press', 'Review'))}")))
        else:
            pairs.append((SDO.url, ox.NamedNode(f"https://example.org/reading/{n}")))
        pairs += [(PRX.discusses, c) for c in concept_pick.several(1, 3)]
        if claims and rng.random() < 0.2:
            pairs.append((PRX.discusses, claim_pick()))
        out.add(iri, _P, *pairs)

    for n, iri in enumerate(claims):
        pairs = [
            (RDF.type, PRX.Claim),
            (RDFS.label, _text(f"Claim {n}: {sentence(3, 6)[:-1]}", "en")),
            (PRX.statement, _text(sentence(20, 40), "en")),
            (PRX.fromReading, rng.choice(readings)),
            (PRX.visibility, PRX.Public),
        ]
        pairs += [(PRX.aboutConcept, c) for c in concept_pick.several(1, 2)]
        out.add(iri, _P, *pairs)

    campaigns: list[tuple[str, Visibility, dt.date, int, bool]] = []
    for n in range(counts["campaign"]):
        iri, lv = str(DATA[f"campaign-generated-{n:05d}"]), level("campaign")
        start = day(dt.date(1990, 1, 1), 35 * 365)
        active = rng.random() < 0.25
        span = (dt.date(2026, 1, 1) - start).days if active else rng.randint(30, 3 * 365)
        campaigns.append((iri, lv, start, span, active))
        pairs = [
            (RDF.type, PRX.Campaign),
            (RDFS.label, _text(f"{rng.choice(_WORDS).title()} campaign {n}")),
            (DCTERMS.description, _text(sentence(20, 40), "en")),
            (PRX.status, PRX.Active if active else PRX.Concluded),
            (SDO.startDate, _typed(start.isoformat(), XSD.date)),
            (PRX.organisedBy, rng.choice(organisations)),
            (PRX.visibility, lv.concept),
        ]
        if not active:
            pairs.append((SDO.endDate, _typed((start + dt.timedelta(days=span)).isoformat(), XSD.date)))
        pairs += [(PRX.addresses, c) for c in concept_pick.several(1, 3)]
        out.add(iri, lv, *pairs)

    actions: list[tuple[str, Visibility, dt.date]] = []
    for _ in range(counts["action"]):
        campaign, floor, start, span, _active = rng.choice(campaigns)
        iri, lv = hex_id("action", used), level("action", floor)
        when = day(start, span)
        actions.append((iri, lv, when))
        pairs = [
            (RDF.type, PRX.Action),
            (
                RDFS.label,
                _text(f"{rng.choice(_WORDS).title()} {rng.choice(('picket', 'march', 'workshop'))}"),
            ),
            (DCTERMS.description, _text(sentence(15, 35), "en")),
            (SDO.startDate, _typed(when.isoformat(), XSD.date)),
            (PRX.partOf, campaign),
            (PRX.usesMethod, method_pick()),
            (PRX.addresses, concept_pick()),
            (PRX.visibility, lv.concept),
        ]
        if rng.random() < 0.5:
            pairs.append((SDO.location, _text(rng.choice(_PLACES))))
        if rng.random() < 0.5:
            pairs.append((PRX.requiresSkill, rng.choice(vocab.skills)))
        out.add(iri, lv, *pairs)

    stances = [PRX.supports, PRX.challenges, PRX.qualifies]
    lessons: list[tuple[str, Visibility]] = []
    for _ in range(counts["lesson"]):
        action, floor, when = rng.choice(actions)
        iri, lv = hex_id("lesson", used), level("lesson", floor)
        lessons.append((iri, lv))
        pairs = [
            (RDF.type, PRX.Lesson),
            (RDFS.label, _text(sentence(4, 9)[:-1])),
            (DCTERMS.description, _text(sentence(20, 45), "en")),
            (PRX.evidence, _text(sentence(10, 25), "en")),
            (PRX.fromAction, action),
            (DCTERMS.created, _typed(day(when, 90).isoformat(), XSD.date)),
            (DCTERMS.creator, member_pick()),
            (PRX.visibility, lv.concept),
        ]
        for _ in range(rng.choice((1, 1, 1, 2))):
            stance = rng.choices(stances, weights=(0.5, 0.3, 0.2))[0]
            target = claim_pick() if rng.random() < 0.2 else concept_pick()
            pairs.append((stance, target))
        out.add(iri, lv, *pairs)

    for _ in range(counts["assessment"]):
        action, floor, when = rng.choice(actions)
        iri, lv = hex_id("assessment", used), level("assessment", floor)
        out.add(
            iri,
            lv,
            (RDF.type, PRX.Assessment),
            (RDFS.label, _text(f"Assessment of {rng.choice(_WORDS)}")),
            (PRX.assessedAction, action),
            (PRX.indicator, rng.choice(vocab.indicators)),
            (PRX.score, _typed(str(rng.choices((-2, -1, 0, 1, 2), weights=(1, 2, 3, 4, 2))[0]), XSD.integer)),
            (PRX.evidence, _text(sentence(10, 25), "en")),
            (DCTERMS.creator, member_pick()),
            (DCTERMS.created, _typed(day(when, 60).isoformat(), XSD.date)),
            (PRX.visibility, lv.concept),
        )

    def most_visible(records: list[tuple[str, Visibility]]) -> str:
        """The first of the most visible records, so every viewer can use it."""
        return min(records, key=lambda record: record[1].rank)[0]

    active = [(c, lv) for c, lv, _s, _span, is_active in campaigns if is_active]
    landmarks = {
        "concept": next(c for c in concept_pick.items if c in theory),
        "method": method_pick.items[0],
        "claim": claim_pick.items[0],
        "campaign": most_visible(active or [(c, lv) for c, lv, *_ in campaigns]),
        "action": most_visible([(a, lv) for a, lv, _w in actions]),
        "lesson": most_visible(lessons),
        "member": members[0],
        "reading": readings[0],
        "organisation": organisations[0],
        "indicator": vocab.indicators[0],
        "scheme": str(SCHEME["systems"]),
    }
    return Generated(out.quads, counts, landmarks)


def _file_stem(size: str, seed: int) -> str:
    return f"praxis-{size.lower()}-seed{seed}-v{GENERATOR_VERSION}"


def dataset(
    size: str,
    *,
    seed: int = DEFAULT_SEED,
    directory: Path = DATA_DIR,
    progress: Callable[[str], None] | None = None,
) -> Dataset:
    """The dataset of ``size`` (``"10k"``, ``"100k"``, ``"1m"``, or a number), generated
    on first use and cached in ``bench/data/`` as N-Quads plus a JSON sidecar."""
    size = size.lower()
    path = directory / f"{_file_stem(size, seed)}.nq"
    sidecar = path.with_suffix(".json")
    if path.is_file() and sidecar.is_file():
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        return Dataset(path=path, size=size, seed=seed, **meta)
    if progress:
        progress(f"generating the {size} dataset (seed {seed}) into {path} ...")
    made = generate(parse_size(size), seed=seed)
    directory.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    ox.serialize(made.quads, str(partial), format=ox.RdfFormat.N_QUADS)
    partial.replace(path)
    meta = {"triples": len(made.quads), "counts": made.counts, "landmarks": made.landmarks}
    sidecar.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return Dataset(path=path, size=size, seed=seed, **meta)


def _main() -> None:
    import argparse
    import time

    parser = argparse.ArgumentParser(description="Generate (and cache) synthetic Praxis graphs.")
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 1k, 10k, 100k, 1m")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    for size in args.sizes.split(","):
        started = time.perf_counter()
        made = dataset(size.strip(), seed=args.seed, progress=print)
        elapsed = time.perf_counter() - started
        print(json.dumps({"size": size, "path": str(made.path), "triples": made.triples, "s": elapsed}))
        del made


if __name__ == "__main__":
    _main()
