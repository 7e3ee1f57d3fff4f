"""How good are the readings suggested for a campaign? ``make eval`` answers with numbers.

Three sets of judged campaigns, each scored per signal (**popularity**: the most linked
readings, the same list for every campaign; **words only**: BM25 on the campaign's
words; **links only**: the random walk alone; **hybrid**: the ranking as shipped):

1. **The seed campaigns** (``bench/judgments.csv``): for each of the twelve, the readings
   a reading group preparing for it should find useful, graded 3 (central), 2 (clearly
   useful) or 1 (related), each with a line on why. The shipped weights were tuned on
   these, so the *in-sample* figures are optimistic. The *held-out* figures come from
   leave-one-campaign-out cross-validation: for each campaign, the weights are chosen
   from a grid (:data:`GRID`) on the other eleven and scored on the one left out.
2. **The seed campaigns described in words**: each campaign's own description typed as
   a new campaign, its own records left out of "Read as:" (in-sample: the free-text
   settings were chosen on it).
3. **Held-out free-text descriptions** (``bench/eval/free_text_campaigns.csv`` and
   ``free_text_judgments.csv``): eighteen new campaigns written from the founding
   text's themes and judged before any ranking was seen; never used for tuning. The
   "Read as:" step is scored too: precision and recall (summed over the descriptions)
   of the concepts and the past campaigns it recognised. ft-15 is in Spanish, which
   no scheme has labels in: it is in the means and reported alone as a hard case.

Metrics, means over campaigns: **nDCG@10** (gain ``2^grade - 1`` discounted by
``log2(rank + 1)``, over the best possible), **recall@10** (share of the judged readings
in the top ten) and **MRR** (one over the rank of the first grade-3 reading; a
description with none has no MRR). Every list is asked for as the local organiser.

    python -m bench.eval_suggest [--per-campaign] [--quick]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import URIRef

from graph.access import Viewer
from graph.io import bundled_quads
from graph.namespaces import DATA
from graph.store import PraxisStore, ontology_files, open_store, seed_files
from graph.suggest import MatchKind, Weights, model_for, popularity, read_text, suggest

__all__ = [
    "FREE_TEXT",
    "FREE_TEXT_JUDGMENTS",
    "GRID",
    "JUDGMENTS",
    "METHODS",
    "Described",
    "cross_validated",
    "described_seed",
    "evaluate",
    "free_text",
    "load_free_text",
    "load_judgments",
    "main",
    "metrics",
    "seed_store",
]

HERE = Path(__file__).resolve().parent
JUDGMENTS = HERE / "judgments.csv"
FREE_TEXT = HERE / "eval" / "free_text_campaigns.csv"
FREE_TEXT_JUDGMENTS = HERE / "eval" / "free_text_judgments.csv"
K = 10
HARD = "ft-15"

#: The baselines turn off every signal but one, and the diversity step.
_PLAIN = {"challenge": 0.0, "diversity": 0.0, "per_concept": K}
METHODS: dict[str, Weights | None] = {
    "popularity": None,
    "words only": Weights(graph=0.0, text=1.0, **_PLAIN),
    "links only": Weights(graph=1.0, text=0.0, **_PLAIN),
    "hybrid": Weights(),
}
#: What cross-validation chooses from, per method (popularity and words only have nothing to tune).
GRID: dict[str, list[Weights]] = {
    "links only": [
        replace(METHODS["links only"], restart=r, lessons=ls)
        for r, ls in itertools.product((0.15, 0.3, 0.5), (0.0, 0.25, 0.5))
    ],
    "hybrid": [
        Weights(graph=g, text=round(1 - g, 2), challenge=c, restart=r, lessons=ls, diversity=d)
        for g, c, r, ls, d in itertools.product(
            (0.5, 0.6, 0.7, 0.8, 0.9), (0.0, 0.15, 0.3), (0.15, 0.3, 0.5), (0.0, 0.25, 0.5), (0.0, 0.3)
        )
    ],
}

Judgments = dict[object, dict[URIRef, int]]
Scores = dict[str, dict[object, dict[str, float | None]]]


@dataclass(frozen=True)
class Described:
    """A campaign described in words, with what its "Read as:" step should recognise."""

    id: str
    text: str
    concepts: frozenset[URIRef]
    campaigns: frozenset[URIRef]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def load_judgments(path: Path = JUDGMENTS, *, key: Callable[[str], object] = DATA.__getitem__) -> Judgments:
    """``{campaign: {reading: grade}}`` from a judgments CSV (lines starting with ``#`` are
    notes); campaigns are keyed by ``key`` of the campaign column (an IRI by default)."""
    judged: Judgments = defaultdict(dict)
    for row in _rows(path):
        judged[key(row["campaign"])][DATA[row["reading"]]] = int(row["grade"])
    return dict(judged)


def load_free_text(path: Path = FREE_TEXT) -> list[Described]:
    def iris(cell: str) -> frozenset[URIRef]:
        names = [name.strip() for name in cell.split(";") if name.strip()]
        return frozenset(URIRef(_expand(name)) for name in names)

    return [
        Described(r["id"], r["text"], iris(r["read_as_concepts"]), iris(r["read_as_campaigns"]))
        for r in _rows(path)
    ]


def _expand(name: str) -> str:
    for prefix, base in (("pxv:", "https://w3id.org/praxis/vocab/"), ("px:", str(DATA))):
        if name.startswith(prefix):
            return base + name.removeprefix(prefix)
    return name


def seed_store() -> PraxisStore:
    """A fresh in-memory store holding the ontology, the schemes and the seed graph."""
    store = open_store("memory:")
    store.load_trusted(bundled_quads(ontology_files() + seed_files()))
    return store


def metrics(ranked: list[URIRef], grades: dict[URIRef, int], k: int = K) -> dict[str, float | None]:
    """nDCG@k, recall@k and MRR (first grade-3 reading; ``None`` if none is judged 3).

    >>> a, b, c = URIRef("a"), URIRef("b"), URIRef("c")
    >>> result = metrics([b, a], {a: 3, c: 1})
    >>> round(result["ndcg@10"], 4), result["recall@10"], result["mrr"]
    (0.5788, 0.5, 0.5)
    >>> metrics([a], {a: 2})["mrr"] is None
    True
    """
    gains = [(2 ** grades.get(r, 0) - 1) / math.log2(i + 2) for i, r in enumerate(ranked[:k])]
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    found = sum(1 for r in ranked[:k] if grades.get(r, 0) > 0)
    first = next((i + 1 for i, r in enumerate(ranked) if grades.get(r, 0) >= 3), None)
    central = any(g >= 3 for g in grades.values())
    return {
        "ndcg@10": sum(gains) / best if best else 0.0,
        "recall@10": found / len(grades) if grades else 0.0,
        "mrr": (1.0 / first if first else 0.0) if central else None,
    }


Ranker = Callable[..., list[URIRef]]


def _ranker(store: PraxisStore, viewer: Viewer, weights: Weights | None) -> Ranker:
    """``rank(campaign=..., text=..., leave_out=...)`` -> the top ``K`` readings."""
    if weights is None:
        linked = popularity(store, viewer)
        order = sorted(linked, key=lambda r: (-linked[r], str(r)))
        return lambda **_: order[:K]
    return lambda **asked: [
        s.reading for s in suggest(store, viewer, top=K, weights=weights, reasons=False, **asked)
    ]


def evaluate(store: PraxisStore, judged: Judgments, viewer: Viewer | None = None) -> Scores:
    """``{method: {campaign: metrics}}`` for every method in :data:`METHODS`, in-sample."""
    viewer = viewer or Viewer.organiser()
    results: Scores = {}
    for name, weights in METHODS.items():
        rank = _ranker(store, viewer, weights)
        results[name] = {c: metrics(rank(campaign=c), grades) for c, grades in judged.items()}
    return results


def cross_validated(store: PraxisStore, judged: Judgments, grid: dict[str, list[Weights]] = GRID) -> Scores:
    """Leave one campaign out: for each, the grid point with the best mean nDCG@10 on the
    others is scored on it. Methods with nothing to tune score as in-sample."""
    viewer = Viewer.organiser()
    results = evaluate(store, judged, viewer)
    for name, points in grid.items():
        table = [
            {c: metrics(_ranker(store, viewer, w)(campaign=c), grades) for c, grades in judged.items()}
            for w in points
        ]
        held: dict[object, dict[str, float | None]] = {}
        for left in judged:
            others = [c for c in judged if c != left]
            best = max(table, key=lambda scored: statistics.mean(scored[c]["ndcg@10"] for c in others))
            held[left] = best[left]
        results[name] = held
    return results


def _own_records(store: PraxisStore, campaign: URIRef) -> frozenset[URIRef]:
    model = model_for(store, Viewer.organiser())
    return frozenset({campaign} | model.actions_of(campaign) | model.lessons_of(campaign))


def described_seed(store: PraxisStore, judged: Judgments) -> Scores:
    """Each seed campaign's own description as a new campaign, its own records left out."""
    viewer = Viewer.organiser()
    model = model_for(store, viewer)
    texts = {c: model.texts[c][1] for c in judged}
    results: Scores = {}
    for name, weights in METHODS.items():
        rank = _ranker(store, viewer, weights)
        results[name] = {
            c: metrics(rank(text=texts[c], leave_out=_own_records(store, c)), grades)
            for c, grades in judged.items()
        }
    return results


def free_text(store: PraxisStore, described: list[Described], judged: Judgments) -> Scores:
    """The held-out descriptions: ``{method: {id: metrics}}``."""
    viewer = Viewer.organiser()
    results: Scores = {}
    for name, weights in METHODS.items():
        rank = _ranker(store, viewer, weights)
        results[name] = {d.id: metrics(rank(text=d.text), judged.get(d.id, {})) for d in described}
    return results


def read_as_scores(
    store: PraxisStore, described: Iterable[Described]
) -> dict[str, dict[str, tuple[int, int, int]]]:
    """``{id: {"concepts" | "campaigns": (found and expected, found, expected)}}``."""
    viewer = Viewer.organiser()
    labelled = tuple(k for k in MatchKind if k.from_labels)
    scores = {}
    for d in described:
        reading = read_text(store, viewer, d.text)
        concepts = {m.node for m in reading.of_kind(*labelled)}
        campaigns = {m.node for m in reading.of_kind(MatchKind.CAMPAIGN)}
        scores[d.id] = {
            "concepts": (len(concepts & d.concepts), len(concepts), len(d.concepts)),
            "campaigns": (len(campaigns & d.campaigns), len(campaigns), len(d.campaigns)),
        }
    return scores


# ------------------------------------------------------------------ reporting
def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.mean(present) if present else None


def _means(per_campaign: dict[object, dict[str, float | None]]) -> dict[str, float | None]:
    return {m: _mean(v[m] for v in per_campaign.values()) for m in ("ndcg@10", "recall@10", "mrr")}


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _side_by_side(inside: Scores, held: Scores) -> str:
    lines = [
        "| method | nDCG@10 in-sample | held out | recall@10 in-sample | held out "
        "| MRR in-sample | held out |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in inside:
        a, b = _means(inside[name]), _means(held[name])
        cells = " | ".join(f"{_cell(a[m])} | {_cell(b[m])}" for m in ("ndcg@10", "recall@10", "mrr"))
        lines.append(f"| {_bold(name)} | {cells} |")
    return "\n".join(lines)


def _bold(name: str) -> str:
    return f"**{name}**" if name == "hybrid" else name


def _table(results: Scores, *, hard: str | None = None) -> str:
    head = "| method | nDCG@10 | recall@10 | MRR |"
    if hard:
        head += f" {hard} nDCG@10 | {hard} recall@10 |"
    lines = [head, "|---" + "|---:" * (5 if hard else 3) + "|"]
    for name, per_campaign in results.items():
        means = _means(per_campaign)
        cells = " | ".join(_cell(means[m]) for m in ("ndcg@10", "recall@10", "mrr"))
        row = f"| {_bold(name)} | {cells} |"
        if hard:
            alone = per_campaign[hard]
            row += f" {_cell(alone['ndcg@10'])} | {_cell(alone['recall@10'])} |"
        lines.append(row)
    return "\n".join(lines)


def _read_as_table(scores: dict[str, dict[str, tuple[int, int, int]]]) -> str:
    def ratio(a: int, b: int) -> str:
        return f"{a / b:.2f} ({a}/{b})" if b else "–"

    lines = [
        "| | concepts: precision | recall | past campaigns: precision | recall |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, ids in (
        ("all descriptions", list(scores)),
        (f"without {HARD}", [i for i in scores if i != HARD]),
        (f"{HARD} alone", [HARD] if HARD in scores else []),
    ):
        cells = []
        for part in ("concepts", "campaigns"):
            hit, found, expected = (sum(scores[i][part][n] for i in ids) for n in range(3))
            cells += [ratio(hit, found), ratio(hit, expected)]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _per_campaign(results: Scores) -> str:
    names = list(results)
    lines = ["| campaign (nDCG@10) | " + " | ".join(names) + " |", "|---" + "|---:" * len(names) + "|"]
    for campaign in next(iter(results.values())):
        cells = " | ".join(_cell(results[n][campaign]["ndcg@10"]) for n in names)
        lines.append(f"| {str(campaign).rsplit('/', 1)[-1]} | {cells} |")
    return "\n".join(lines)


def _timing(store: PraxisStore, campaigns: list[URIRef], text: str) -> tuple[float, float, float]:
    """(first suggestion after a change, median warm suggestion, median warm free-text
    suggestion) in milliseconds."""
    viewer = Viewer.organiser()
    store.generation += 1  # as an import would: the next call rebuilds the model
    started = time.perf_counter()
    suggest(store, viewer, campaign=campaigns[0])
    first = (time.perf_counter() - started) * 1000
    warm, words = [], []
    for campaign in campaigns * 3:
        started = time.perf_counter()
        suggest(store, viewer, campaign=campaign)
        warm.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        suggest(store, viewer, text=text)
        words.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(warm), statistics.median(words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-campaign", action="store_true", help="also print nDCG@10 per campaign")
    parser.add_argument("--quick", action="store_true", help="skip the cross-validation (about a minute)")
    args = parser.parse_args(argv)
    judged = load_judgments()
    store = seed_store()
    inside = evaluate(store, judged)
    print(f"## Seed campaigns: {len(judged)} campaigns, {sum(map(len, judged.values()))} judgments\n")
    if args.quick:
        print(_table(inside))
    else:
        print("In-sample (the shipped weights were tuned on these) beside held out (leave one campaign")
        print(f"out; weights chosen from {len(GRID['hybrid'])} grid points on the other eleven):\n")
        print(_side_by_side(inside, cross_validated(store, judged)))
    if args.per_campaign:
        print("\n" + _per_campaign(inside))
    described = load_free_text()
    held = load_judgments(FREE_TEXT_JUDGMENTS, key=str)
    count = sum(map(len, held.values()))
    print("\n## Campaigns described in words\n")
    print("In-sample: each seed campaign's own description typed as a new campaign, its own records")
    print("left out (the free-text settings were chosen on these). Held out: the")
    print(f"{len(described)} new descriptions in bench/eval/ ({count} judgments, never tuned on):\n")
    found = free_text(store, described, held)
    print(_side_by_side(described_seed(store, judged), found))
    print(f"\n{HARD} (in Spanish; no scheme has Spanish labels) alone:\n")
    print(_table({name: {HARD: per[HARD]} for name, per in found.items()}))
    if args.per_campaign:
        print("\n" + _per_campaign(found))
    print("\nRead as (summed over the descriptions):\n")
    print(_read_as_table(read_as_scores(store, described)))
    first, warm, words = _timing(store, list(judged), described[0].text)
    print(
        f"\nSeed graph: first suggestion after a rebuild {first:.0f} ms, then {warm:.1f} ms for a campaign "
        f"and {words:.1f} ms for a description (medians)."
    )
    hybrid = _means(inside["hybrid"])["ndcg@10"]
    beaten = [n for n in METHODS if n != "hybrid" and _means(inside[n])["ndcg@10"] >= hybrid]
    if beaten:
        print(f"The hybrid does not beat: {', '.join(beaten)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
