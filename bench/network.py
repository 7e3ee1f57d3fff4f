"""The network's answers at scale: ``python -m bench.network [--peers 100] [--lessons 1000]``.

Issue 22 asks network-wide tensions and "what was taught" to answer in under 2 s with
100 followed chapters of 100k statements each (10M in all). This builds the seed plus
``--peers`` chapters' graphs (``graph/peer/peer-NNN``), each with ``--lessons`` lessons
(11,300 make a chapter of 100k statements, the issue's size; one action per two lessons,
an author per chapter, 1 to 2 tags on the seed's concepts and claims, dates over five
years), loaded as ``praxis peers sync`` would leave them, on an embedded store on disk;
then times, round after round, each answer on our graphs alone and over the whole
network, and prints as JSON the network's first time, the medians of the later rounds,
their ratio to ours, the median with what each chapter's graph gives kept
(``network_chapters_kept_s``: a visit after a write of ours or a sync's chapter made), and
the median with each chapter's counts kept alone (``network_counts_kept_s``: an answer's
first making in the explorer, whose warm-up counts each chapter's records).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from collections import Counter
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from graph import network, strategy, theory
from graph.access import Viewer
from graph.io import bundled_quads
from graph.namespaces import DATA, DCTERMS, GRAPH, PRX, RDF, RDFS, SDO, XSD
from graph.store import PraxisStore, ontology_files, open_store, seed_files, to_ox

__all__ = ["main", "peer_quads"]

ORGANISER = Viewer.organiser()
_STANCES = [to_ox(PRX.supports)] * 5 + [to_ox(PRX.challenges)] * 3 + [to_ox(PRX.qualifies)] * 2
_DAY0 = dt.date(2021, 1, 1)


def _n(term) -> ox.NamedNode:
    return to_ox(term)


def peer_quads(name: str, lessons: int, targets: list[ox.NamedNode], rng: random.Random) -> list[ox.Quad]:
    """One chapter's public graph: ``lessons`` lessons with their actions and one author."""
    graph = ox.NamedNode(str(GRAPH[f"peer/{name}"]))
    quads: list[ox.Quad] = []

    def add(s, p, o) -> None:
        quads.append(ox.Quad(s, p, o, graph))

    author = _n(DATA[f"{name}-member"])
    add(author, _n(RDF.type), _n(PRX.Member))
    add(author, _n(RDFS.label), ox.Literal(f"{name} organiser"))
    action = None
    for number in range(lessons):
        day = (_DAY0 + dt.timedelta(days=rng.randrange(5 * 365))).isoformat()
        if number % 2 == 0:
            action = _n(DATA[f"{name}-action-{number}"])
            add(action, _n(RDF.type), _n(PRX.Action))
            add(action, _n(RDFS.label), ox.Literal(f"Action {number} of {name}"))
            add(action, _n(SDO.startDate), ox.Literal(day, datatype=_n(XSD.date)))
        lesson = _n(DATA[f"{name}-lesson-{number}"])
        add(lesson, _n(RDF.type), _n(PRX.Lesson))
        add(lesson, _n(RDFS.label), ox.Literal(f"Lesson {number} of {name}"))
        add(lesson, _n(DCTERMS.description), ox.Literal("What the action taught, in a sentence or two."))
        add(lesson, _n(PRX.fromAction), action)
        add(lesson, _n(DCTERMS.created), ox.Literal(day, datatype=_n(XSD.date)))
        add(lesson, _n(DCTERMS.creator), author)
        for target in rng.sample(targets, rng.choice((1, 1, 2))):
            add(lesson, rng.choice(_STANCES), target)
    return quads


def _timed(
    call, rounds: int, store: PraxisStore, *, per_graph: bool = True, before=None
) -> tuple[float, float, object]:
    """The first call's time, the median of the others (or the first's) and the result; each
    call makes its answer (none is taken from the store's memo, ``PraxisStore.forget``), but
    for what is kept per chapter graph when ``per_graph`` is false, and what ``before()``
    makes (untimed) after the memo is dropped."""
    times, result = [], None
    for _ in range(max(rounds, 1)):
        store.forget(per_graph=per_graph)
        if before is not None:
            before()
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return times[0], statistics.median(times[1:] or times), result


def _build(folder: Path, peers: int, lessons: int, seed: int) -> tuple[PraxisStore, int]:
    store = open_store(f"oxigraph:{folder}")
    store.load_trusted(bundled_quads(ontology_files()) + bundled_quads(seed_files()))
    targets = [ox.NamedNode(str(t.target)) for t in theory.rank(store, ORGANISER, today=dt.date(2026, 1, 1))]
    rng = random.Random(seed)
    for number in range(peers):
        store.load_trusted(peer_quads(f"peer-{number:03d}", lessons, targets, rng))
    return store, len(store.backend.store)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.network", description=__doc__.splitlines()[0])
    parser.add_argument("--peers", type=int, default=100)
    parser.add_argument("--lessons", type=int, default=1000, help="lessons per chapter")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    today = dt.date(2026, 1, 1)
    with tempfile.TemporaryDirectory(prefix="praxis-network-") as work:
        started = time.perf_counter()
        store, statements = _build(Path(work) / "store", args.peers, args.lessons, args.seed)
        built = time.perf_counter() - started
        ours = theory.rank(store, ORGANISER, today=today)
        sizes = Counter({t.target: len(t.lessons) for t in ours if t.kind == "Concept"})
        busiest = sizes.most_common(1)[0][0]
        question = strategy.Question(concept=busiest)
        figures: dict[str, dict[str, float]] = {}
        for name, alone, everywhere in (
            (
                "tensions",
                lambda: theory.rank(store, ORGANISER, today=today),
                lambda: network.network_rank(store, ORGANISER, today=today),
            ),
            (
                "taught",
                lambda: strategy.answer(store, ORGANISER, question),
                lambda: network.network_answer(store, ORGANISER, question),
            ),
        ):
            _, ours_s, mine = _timed(alone, args.rounds, store)
            first_s, network_s, found = _timed(everywhere, args.rounds, store)
            _, kept_s, found = _timed(everywhere, args.rounds, store, per_graph=False)
            # a question's first ask in the explorer: the warm-up has made each chapter's counts
            # (the page counts the network's actions first), nothing else
            warm = partial(strategy.action_count, store.with_peers(), ORGANISER)
            _, asked_s, _ = _timed(everywhere, args.rounds, store, before=warm)
            figures[name] = {
                "ours_s": round(ours_s, 3),
                "network_first_s": round(first_s, 3),  # the whole answer made
                "network_s": round(network_s, 3),  # made again (what the engine keeps is warm)
                # what each chapter's graph gives kept (PraxisStore.graph_memo), the rest made:
                # a page's first visit after a write of ours, or once a sync's chapter is made
                "network_chapters_kept_s": round(kept_s, 3),
                "network_counts_kept_s": round(asked_s, 3),
                "ratio": round(network_s / ours_s, 1),
            }
        counted = len({row.lesson for row in found.answer.lessons})
        ours_only = len({row.lesson for row in mine.lessons})  # the last pair timed: taught
        report = {
            "peers": args.peers,
            "lessons_per_peer": args.lessons,
            "statements": statements,
            "build_s": round(built, 1),
            "taught_question": str(busiest),
            "taught_lessons": counted,
            "taught_lessons_ours": ours_only,
            **figures,
        }
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
