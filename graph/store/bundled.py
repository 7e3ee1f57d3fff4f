"""The files that ship inside the package: the ontology, the shapes, the concept schemes and the seed.

The top-level ``ontology/`` and ``data/seed/`` folders are the source of truth;
``pyproject.toml`` maps them into the package as ``graph.ontology`` and
``graph.seed`` (no copies), so an installed wheel reads them exactly as a checkout
does, with :mod:`importlib.resources`. Each file is a :class:`BundledFile`: its name
(for messages and file formats) and its bytes.

>>> [f.name for f in ontology_files()][:2]
['praxis.ttl', 'alternatives.ttl']
>>> shapes_file().name
'shapes.ttl'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

__all__ = ["BundledFile", "ontology_files", "seed_files", "shapes_file"]


@dataclass(frozen=True)
class BundledFile:
    """One shipped file: ``source`` names it in messages (``ontology/vocab/skills.ttl``)."""

    name: str
    source: str
    entry: Traversable

    @property
    def suffix(self) -> str:
        return "." + self.name.rsplit(".", 1)[-1] if "." in self.name else ""

    def read_bytes(self) -> bytes:
        return self.entry.read_bytes()


def _turtle(package: str, folder: str, *, under: str = "") -> list[BundledFile]:
    root = files(package)
    entry = root / under if under else root
    found = [item for item in entry.iterdir() if item.name.endswith(".ttl")]
    prefix = f"{folder}/{under}/" if under else f"{folder}/"
    return [BundledFile(item.name, prefix + item.name, item) for item in sorted(found, key=lambda i: i.name)]


@cache
def ontology_files() -> tuple[BundledFile, ...]:
    """``praxis.ttl`` and every concept scheme (``vocab/*.ttl``), in a stable order."""
    main = [f for f in _turtle("graph.ontology", "ontology") if f.name == "praxis.ttl"]
    return (*main, *_turtle("graph.ontology", "ontology", under="vocab"))


@cache
def shapes_file() -> BundledFile:
    """``shapes.ttl``: one SHACL shape per class, with messages for members."""
    (found,) = [f for f in _turtle("graph.ontology", "ontology") if f.name == "shapes.ttl"]
    return found


@cache
def seed_files() -> tuple[BundledFile, ...]:
    """The seed graph's files, in a stable order."""
    return tuple(_turtle("graph.seed", "data/seed"))
