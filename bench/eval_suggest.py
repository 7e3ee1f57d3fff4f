"""How good are the readings suggested for a campaign? ``make eval`` answers with numbers.

For each of the twelve seed campaigns, ``bench/judgments.csv`` lists the readings a
reading group preparing for it should find useful, graded 3 (central), 2 (clearly
useful) or 1 (related), each with a line on why; the file's header explains how it was
written. This script loads the seed graph into an in-memory store, asks
:func:`graph.suggest.suggest` for the top ten readings of every campaign (as the local
organiser, who sees every record), and scores the lists against the judgments:

- **nDCG@10**: graded gain ``2^grade - 1`` discounted by ``log2(rank + 1)``, divided by
  the best possible for that campaign's judgments;
- **recall@10**: the share of a campaign's judged readings that are in its top ten;
- **MRR**: one over the rank of the first central (grade 3) reading, 0 if none.

The hybrid ranking is compared, in the same process and on the same store, with three
baselines: **popularity** (the most linked readings, the same list for every campaign),
**text only** (BM25 on the campaign's own words) and **graph only** (the random walk
alone). It prints a Markdown table (means over the campaigns) and the warm time per
suggestion; ``--per-campaign`` adds a table per campaign.

    python -m bench.eval_suggest [--per-campaign]
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from rdflib import URIRef

from graph.access import Viewer
from graph.io import bundled_quads
from graph.namespaces import DATA
from graph.store import PraxisStore, ontology_files, open_store, seed_files
from graph.suggest import Weights, popularity, suggest

__all__ = ["JUDGMENTS", "METHODS", "evaluate", "load_judgments", "main", "metrics", "seed_store"]

JUDGMENTS = Path(__file__).resolve().parent / "judgments.csv"
K = 10

#: The baselines turn off every signal but one, and the diversity step.
_PLAIN = {"challenge": 0.0, "diversity": 0.0, "per_concept": K}
METHODS: dict[str, Weights | None] = {
    "popularity": None,
    "text only": Weights(graph=0.0, text=1.0, **_PLAIN),
    "graph only": Weights(graph=1.0, text=0.0, **_PLAIN),
    "hybrid": Weights(),
}

Judgments = dict[URIRef, dict[URIRef, int]]


def load_judgments(path: Path = JUDGMENTS) -> Judgments:
    """``{campaign: {reading: grade}}`` from the CSV (lines starting with ``#`` are notes)."""
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        judged: Judgments = defaultdict(dict)
        for row in rows:
            judged[DATA[row["campaign"]]][DATA[row["reading"]]] = int(row["grade"])
    return dict(judged)


def seed_store() -> PraxisStore:
    """A fresh in-memory store holding the ontology, the schemes and the seed graph."""
    store = open_store("memory:")
    store.load_trusted(bundled_quads(ontology_files() + seed_files()))
    return store


def metrics(ranked: list[URIRef], grades: dict[URIRef, int], k: int = K) -> dict[str, float]:
    """nDCG@k, recall@k and MRR (first grade-3 reading) of one ranked list.

    >>> a, b, c = URIRef("a"), URIRef("b"), URIRef("c")
    >>> result = metrics([b, a], {a: 3, c: 1})
    >>> round(result["ndcg@10"], 4), result["recall@10"], result["mrr"]
    (0.5788, 0.5, 0.5)
    """
    gains = [(2 ** grades.get(r, 0) - 1) / math.log2(i + 2) for i, r in enumerate(ranked[:k])]
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    found = sum(1 for r in ranked[:k] if grades.get(r, 0) > 0)
    first = next((i + 1 for i, r in enumerate(ranked) if grades.get(r, 0) >= 3), None)
    return {
        "ndcg@10": sum(gains) / best if best else 0.0,
        "recall@10": found / len(grades) if grades else 0.0,
        "mrr": 1.0 / first if first else 0.0,
    }


def _ranker(store: PraxisStore, viewer: Viewer, weights: Weights | None) -> Callable[[URIRef], list[URIRef]]:
    if weights is None:
        linked = popularity(store, viewer)
        order = sorted(linked, key=lambda r: (-linked[r], str(r)))
        return lambda campaign: order[:K]
    return lambda campaign: [
        s.reading for s in suggest(store, viewer, campaign=campaign, top=K, weights=weights)
    ]


def evaluate(
    store: PraxisStore, judged: Judgments, viewer: Viewer | None = None
) -> dict[str, dict[URIRef, dict[str, float]]]:
    """``{method: {campaign: metrics}}`` for every method in :data:`METHODS`."""
    viewer = viewer or Viewer.organiser()
    results: dict[str, dict[URIRef, dict[str, float]]] = {}
    for name, weights in METHODS.items():
        rank = _ranker(store, viewer, weights)
        results[name] = {campaign: metrics(rank(campaign), grades) for campaign, grades in judged.items()}
    return results


def _table(results: dict[str, dict[URIRef, dict[str, float]]]) -> str:
    lines = ["| method | nDCG@10 | recall@10 | MRR |", "|---|---:|---:|---:|"]
    for name, per_campaign in results.items():
        means = {
            m: statistics.mean(v[m] for v in per_campaign.values()) for m in ("ndcg@10", "recall@10", "mrr")
        }
        label = f"**{name}**" if name == "hybrid" else name
        lines.append(f"| {label} | {means['ndcg@10']:.3f} | {means['recall@10']:.3f} | {means['mrr']:.3f} |")
    return "\n".join(lines)


def _per_campaign(results: dict[str, dict[URIRef, dict[str, float]]]) -> str:
    names = list(results)
    lines = ["| campaign (nDCG@10) | " + " | ".join(names) + " |", "|---" + "|---:" * len(names) + "|"]
    for campaign in next(iter(results.values())):
        cells = " | ".join(f"{results[n][campaign]['ndcg@10']:.3f}" for n in names)
        lines.append(f"| {str(campaign).rsplit('/', 1)[-1]} | {cells} |")
    return "\n".join(lines)


def _timing(store: PraxisStore, campaigns: list[URIRef]) -> tuple[float, float]:
    """(first suggestion after a change, median warm suggestion) in milliseconds."""
    viewer = Viewer.organiser()
    store.generation += 1  # as a write would: the next call rebuilds the model
    started = time.perf_counter()
    suggest(store, viewer, campaign=campaigns[0])
    first = (time.perf_counter() - started) * 1000
    warm = []
    for campaign in campaigns * 3:
        started = time.perf_counter()
        suggest(store, viewer, campaign=campaign)
        warm.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(warm)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-campaign", action="store_true", help="also print nDCG@10 per campaign")
    args = parser.parse_args(argv)
    judged = load_judgments()
    store = seed_store()
    results = evaluate(store, judged)
    print(
        f"Readings for a campaign: {len(judged)} seed campaigns, {sum(map(len, judged.values()))} judgments\n"
    )
    print(_table(results))
    if args.per_campaign:
        print("\n" + _per_campaign(results))
    first, warm = _timing(store, list(judged))
    print(f"\nSeed graph: first suggestion after a change {first:.0f} ms, then {warm:.1f} ms each (median).")
    hybrid = statistics.mean(v["ndcg@10"] for v in results["hybrid"].values())
    beaten = [
        n
        for n in METHODS
        if n != "hybrid" and statistics.mean(v["ndcg@10"] for v in results[n].values()) >= hybrid
    ]
    if beaten:
        print(f"The hybrid does not beat: {', '.join(beaten)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
