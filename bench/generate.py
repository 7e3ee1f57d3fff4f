"""Synthetic graphs shaped like a chapter's, for benchmarks: 10k, 100k and 1M triples.

A generated dataset is the ontology and the real concept schemes (what
``praxis init --empty`` loads) plus records made up from a seeded random
generator (:mod:`bench.synthetic`, which says what each kind of record holds
and how visible it is), so the same size and seed always give the same graph.
This module decides how many records a size gets, and caches datasets in
``bench/data/`` as N-Quads with a JSON sidecar (``python -m bench.generate``).

Records come in blocks of 100, so the kinds keep fixed proportions at any size:

============  =========  ============
kind          per block  triples each
============  =========  ============
concept       2          6-7 (+1)
organisation  1          4
member        4          4
reading       12         9-12
claim         3          6-7
campaign      2          8-11
action        16         8-10
lesson        30         9-10
assessment    30         9
============  =========  ============

(+1: the ``skos:narrower`` stated on the parent.) A block is about 887
statements, so 1M statements hold some 33,000 lessons and 33,000 assessments.

>>> p = plan(1_000_000)
>>> p.counts["lesson"] == 30 * p.blocks
True
>>> generate(2_000).counts["lesson"]
30
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from bench.draws import VISIBILITY_SHARES, ontology
from bench.synthetic import Generated, synthesise
from graph.store import ontology_files

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


@dataclass(frozen=True)
class Plan:
    """How many records of each kind a target size gets."""

    target: int
    blocks: int
    counts: dict[str, int]


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


def plan(triples: int) -> Plan:
    """Blocks of records for ``triples`` statements in all (at least one block)."""
    blocks = max(1, round((triples - len(ontology())) / TRIPLES_PER_BLOCK))
    return Plan(triples, blocks, {kind: n * blocks for kind, n in BLOCK.items()})


def generate(triples: int, *, seed: int = DEFAULT_SEED) -> Generated:
    """A whole dataset of about ``triples`` statements (ontology and vocabulary included)."""
    return synthesise(plan(triples).counts, seed=seed)


def _file_stem(size: str, seed: int) -> str:
    """The cache's name: size, seed, generator version and a fingerprint of the ontology files,
    so a changed ontology or vocabulary is never served from an older file."""
    digest = hashlib.sha256()
    for bundled in ontology_files():  # praxis.ttl, then vocab/ by name
        digest.update(bundled.read_bytes())
    return f"praxis-{size.lower()}-seed{seed}-v{GENERATOR_VERSION}-{digest.hexdigest()[:8]}"


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
    # Two processes (two test workers) may make the same dataset at once: each writes its own
    # files and moves them into place whole, so neither sees the other's half-written file.
    meta = {"triples": len(made.quads), "counts": made.counts, "landmarks": made.landmarks}
    mine = f".partial-{os.getpid()}"
    partial_meta = sidecar.with_suffix(mine)
    partial_meta.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    partial_meta.replace(sidecar)
    partial = path.with_suffix(mine)
    ox.serialize(made.quads, str(partial), format=ox.RdfFormat.N_QUADS)
    partial.replace(path)
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
