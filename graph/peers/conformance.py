"""Our shapes over a peer's dump, fast: a proof that no record it describes breaks them, or no answer.

pySHACL spends about half a millisecond a statement on a peer's dump (20k statements,
12 s), three quarters of a sync, and a sync of 100 peers of 100k statements has to fit
in ten minutes. Most dumps conform, so this module evaluates the SHACL Core constraints
our shapes use (read from the shapes graph when first needed, never listed by hand)
straight over the parsed statements, in one pass, and answers only "every record
conforms": :func:`conforms` returns True. Whenever it cannot prove that, it returns
False and :func:`graph.peers.checks.check_shapes` runs pySHACL exactly as before, so
every refusal, and its message, is still pySHACL's. That makes the proof, not the
speed, the part to get right, so every step errs towards "no answer":

- shapes using anything but the components below (``sh:node``, ``sh:not``, SPARQL
  constraints, inverse or sequence paths, other targets ...) give no answer at all;
- a value is counted as rdflib counts it or more (rdflib merges literals it
  normalises, never splits them), so ``sh:maxCount`` is safe and ``sh:minCount`` is
  read only as "at least one";
- a typed literal passes ``sh:datatype``, ``sh:pattern`` or a range only in a plain
  lexical form that rdflib parses too (``2024-05-01``, ``-3``, ``true``); any other
  form, even a valid one, is left to pySHACL;
- ``sh:deactivated`` and ``sh:severity`` are ignored: a shape pySHACL skips, or
  whose findings it does not count as violations, is checked here all the same.

What counts is what :func:`~graph.peers.checks.check_shapes` counts: findings about
records the dump describes (its subjects), evaluated over the dump plus the ontology and
vocabularies, less those about a link (a plain predicate path) to a record the dump
keeps to itself. A dump with a ``prx:`` term the ontology lacks, or a triple term, gets
no answer either (pySHACL's path words that refusal).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral

from graph.io import bundled_quads
from graph.namespaces import PRX, RDF, RDFS, SH, XSD
from graph.store import known_terms, ontology_files, shapes

__all__ = ["conforms"]

_PRX = str(PRX._NS)
_TYPE = ox.NamedNode(str(RDF.type))
_SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))
_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)
_NIL = URIRef(str(RDF.nil))
_CLASSES = {RDFS.Class, URIRef("http://www.w3.org/2002/07/owl#Class")}

#: The predicates of the shapes graph this module understands (``sh:message`` and the
#: like change no outcome; ``sh:deactivated`` and ``sh:severity`` only make pySHACL laxer).
_UNDERSTOOD = {
    SH[name]
    for name in [
        "targetClass",
        "targetSubjectsOf",
        "property",
        "path",
        "alternativePath",
        "or",
        "class",
        "datatype",
        "minCount",
        "maxCount",
        "in",
        "hasValue",
        "uniqueLang",
        "nodeKind",
        "pattern",
        "minInclusive",
        "maxInclusive",
        "message",
        "name",
        "description",
        "order",
        "group",
        "severity",
        "deactivated",
    ]
}

Index = dict[object, dict[object, set]]
_EMPTY: dict = {}
_NONE: frozenset = frozenset()


#: Class links followed for one dump, at most (our ontology and vocabularies need a few
#: thousand; a dump that needs more is left to pySHACL).
SUBCLASS_STEPS = 1_000_000


class Unsupported(Exception):
    """The shapes use something this module does not evaluate: no answer, pySHACL decides."""


class GiveUp(Exception):
    """The dump would cost too much to prove conforming: no answer, pySHACL decides."""


@dataclass
class Shape:
    """One shape, compiled: its path (None for a node shape), the checks on each value node,
    on the set of values, and the property shapes that apply to each value node."""

    path: tuple[ox.NamedNode, ...] | None = None
    #: the predicate a finding of this shape names (pySHACL's ``sh:resultPath``): its
    #: ``sh:path`` when that is one IRI (an ``sh:alternativePath`` is a blank node there)
    predicate: ox.NamedNode | None = None
    each: list[Callable[[object, Facts], bool]] = field(default_factory=list)
    whole: list[Callable[[Collection], bool]] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)

    def values(self, focus: object, facts: Facts) -> Collection:
        """The value nodes (read only: a node shape's is ``(focus,)``, a path's the index's own set)."""
        path = self.path
        if path is None:
            return (focus,)
        about = facts.about(focus)
        if len(path) == 1:
            return about.get(path[0], _NONE)
        found = _NONE
        for predicate in path:  # an sh:alternativePath: mostly one of them is there, or none
            values = about.get(predicate)
            if values:
                found = found | values if found else values
        return found

    def holds(self, focus: object, facts: Facts) -> bool:
        """True when ``focus`` certainly conforms (loops, not generators: this runs a few
        times per statement)."""
        values = self.values(focus, facts)
        for whole in self.whole:
            if not whole(values):
                return False
        for each in self.each:
            for value in values:
                if not each(value, facts):
                    return False
        for prop in self.properties:
            for value in values:
                if not prop.holds(value, facts):
                    return False
        return True

    def broken(self, focus: object, facts: Facts) -> list[ox.NamedNode | None]:
        """The result paths of every finding that cannot be ruled out for ``focus`` (a
        finding of a nested property shape names that shape's path)."""
        values = self.values(focus, facts)
        found: list[ox.NamedNode | None] = []
        if any(not check(values) for check in self.whole) or any(
            not check(value, facts) for check in self.each for value in values
        ):
            found.append(self.predicate)
        for prop in self.properties:
            for value in values:
                found += prop.broken(value, facts)
        return found


@dataclass
class Facts:
    """The dump's statements and the ontology's, indexed by subject then predicate."""

    index: Index
    subclass_of: dict[object, set]
    #: class links :meth:`supers` may still follow: a hostile dump's long chains of
    #: ``rdfs:subClassOf`` must not cost time or memory squared
    budget: int
    _supers: dict[object, frozenset] = field(default_factory=dict)
    _classes: dict[object, set] = field(default_factory=dict)
    _targeting: dict[frozenset, list[Shape]] = field(default_factory=dict)

    def about(self, node: object) -> dict:
        return self.index.get(node, _EMPTY)

    def supers(self, cls: object) -> frozenset:
        """``cls`` and every class it is a subclass of (``rdfs:subClassOf*``); raises
        :class:`GiveUp` once :attr:`budget` links have been followed."""
        known = self._supers.get(cls)
        if known is None:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.subclass_of.get(todo.pop(), ()):
                    if parent not in seen:
                        self.budget -= 1
                        if self.budget < 0:
                            raise GiveUp("too many rdfs:subClassOf links to follow")
                        seen.add(parent)
                        todo.append(parent)
            known = self._supers[cls] = frozenset(seen)
        return known

    def classes(self, node: object) -> set:
        """Every class ``node`` is a SHACL instance of (worked out once a node: a record is
        linked to many times)."""
        found = self._classes.get(node)
        if found is None:
            found = set()
            for kind in self.about(node).get(_TYPE, ()):
                found |= self.supers(kind)
            self._classes[node] = found
        return found

    def targeting(self, subject: object, compiled: Compiled) -> list[Shape]:
        """The shapes whose targets include ``subject``."""
        about = self.about(subject)
        types = frozenset(about.get(_TYPE, ()))
        found = self._targeting.get(types)
        if found is None:
            found = self._targeting[types] = [
                shape for cls in self.classes(subject) for shape in compiled.by_class.get(cls, ())
            ]
        if compiled.by_subject_of.keys() & about.keys():
            found = found + [
                shape for predicate in about for shape in compiled.by_subject_of.get(predicate, ())
            ]
        return found


@dataclass(frozen=True)
class Compiled:
    """The shapes with a target: by class, and by the predicate whose subjects they target."""

    by_class: dict[ox.NamedNode, list[Shape]]
    by_subject_of: dict[ox.NamedNode, list[Shape]]


def conforms(triples: Iterable[ox.Triple]) -> bool:
    """True only when no record ``triples`` describe breaks our shapes (as checked by
    :func:`graph.peers.checks.check_shapes`); False means "not proven", not "broken"."""
    compiled = _compiled()
    if compiled is None:
        return False
    dump: Index = {}
    edges: list[tuple[object, object]] = []
    terms: set = set()
    for triple in triples:
        subject, predicate, obj = triple.subject, triple.predicate, triple.object
        if isinstance(subject, ox.Triple) or isinstance(obj, ox.Triple):
            return False
        about = dump.get(subject)
        if about is None:
            about = dump[subject] = {}
        values = about.get(predicate)
        if values is None:
            about[predicate] = {obj}
        else:
            values.add(obj)
        if predicate == _SUBCLASS:
            edges.append((subject, obj))
        terms.add(predicate)
        if isinstance(obj, ox.NamedNode):
            terms.add(obj)
    terms.update(subject for subject in dump if isinstance(subject, ox.NamedNode))
    known = known_terms()
    if any(term.value.startswith(_PRX) and term.value not in known for term in terms):
        return False
    facts = _facts(dump, edges)
    described = dump.keys() | _context()[0].keys()
    try:
        for subject in dump:
            for shape in facts.targeting(subject, compiled):
                if shape.holds(subject, facts):
                    continue
                for path in shape.broken(subject, facts):
                    if path is None or not _about_withheld(dump[subject].get(path, ()), described):
                        return False
    except GiveUp:
        return False
    return True


def _about_withheld(values: Iterable, described: set) -> bool:
    """True when one of the dump's ``values`` links to a record it does not describe: the
    check leaves findings about that link out (its type cannot be known)."""
    return any(isinstance(value, ox.NamedNode) and value not in described for value in values)


def _facts(dump: Index, edges: list[tuple[object, object]]) -> Facts:
    """The dump and the context as one graph (a statement in both counts once)."""
    context, context_edges = _context()
    index: Index = {**context, **dump}
    for subject in dump.keys() & context.keys():
        both = {predicate: set(values) for predicate, values in context[subject].items()}
        for predicate, values in dump[subject].items():
            both.setdefault(predicate, set()).update(values)
        index[subject] = both
    subclass_of: dict[object, set] = {child: set(parents) for child, parents in context_edges.items()}
    for child, parent in edges:
        subclass_of.setdefault(child, set()).add(parent)
    return Facts(index, subclass_of, SUBCLASS_STEPS)


@cache
def _context() -> tuple[Index, dict[object, frozenset]]:
    """The ontology and vocabularies, indexed, and their ``rdfs:subClassOf`` links."""
    index: Index = {}
    edges: dict[object, set] = {}
    for quad in bundled_quads(ontology_files()):
        index.setdefault(quad.subject, {}).setdefault(quad.predicate, set()).add(quad.object)
        if quad.predicate == _SUBCLASS:
            edges.setdefault(quad.subject, set()).add(quad.object)
    return index, {child: frozenset(parents) for child, parents in edges.items()}


# ------------------------------------------------------------------ compiling the shapes
@cache
def _compiled() -> Compiled | None:
    """The shapes graph compiled, or None when it uses what this module does not evaluate."""
    graph = shapes()
    try:
        for subject, predicate, obj in graph:
            if str(predicate).startswith(str(SH)) and predicate not in _UNDERSTOOD:
                raise Unsupported(f"{predicate} on {subject}")
            if predicate == RDF.type and obj in _CLASSES:  # a shape that is a class targets it implicitly
                raise Unsupported(f"{subject} is a class")
        made: dict = {}
        by_class: dict[ox.NamedNode, list[Shape]] = {}
        by_subject_of: dict[ox.NamedNode, list[Shape]] = {}
        for node, cls in graph.subject_objects(SH.targetClass):
            by_class.setdefault(_iri(cls), []).append(_shape(graph, node, made, ()))
        for node, predicate in graph.subject_objects(SH.targetSubjectsOf):
            by_subject_of.setdefault(_iri(predicate), []).append(_shape(graph, node, made, ()))
    except Unsupported:
        return None
    return Compiled(by_class, by_subject_of)


def _shape(graph: Graph, node: object, made: dict, within: tuple) -> Shape:
    if node in within:
        raise Unsupported(f"{node} refers to itself")
    if node in made:
        return made[node]
    shape = Shape()
    inner = (*within, node)
    path = graph.value(node, SH.path)
    if path is not None:
        shape.path = _path(graph, path)
        shape.predicate = shape.path[0] if isinstance(path, URIRef) else None
    for predicate, value in graph.predicate_objects(node):
        if predicate == SH.property:
            shape.properties.append(_shape(graph, value, made, inner))
        elif predicate == SH["or"]:
            members = [_shape(graph, member, made, inner) for member in _items(graph, value)]
            shape.each.append(_either(members))
        elif predicate in _VALUE_CHECKS:
            shape.each.append(_VALUE_CHECKS[predicate](graph, node, value))
        elif predicate in _SET_CHECKS:
            shape.whole.append(_SET_CHECKS[predicate](graph, node, value))
    if shape.path is not None and shape.properties:  # pySHACL reports those about the value node
        raise Unsupported(f"property shapes within the property shape {node}")
    made[node] = shape
    return shape


def _either(members: list[Shape]) -> Callable[[object, Facts], bool]:
    """``sh:or``: a value holds if it holds for one of ``members`` (a loop: this runs for most
    links of a dump)."""

    def holds(v: object, facts: Facts) -> bool:
        for member in members:  # noqa: SIM110 (any() would make a generator per value)
            if member.holds(v, facts):
                return True
        return False

    return holds


def _path(graph: Graph, path: object) -> tuple[ox.NamedNode, ...]:
    if isinstance(path, URIRef):
        return (_iri(path),)
    alternatives = graph.value(path, SH.alternativePath)
    if isinstance(path, BNode) and alternatives is not None and len(set(graph.predicates(path))) == 1:
        members = _items(graph, alternatives)
        if all(isinstance(member, URIRef) for member in members):
            return tuple(_iri(member) for member in members)
    raise Unsupported(f"the path {path}")


def _items(graph: Graph, head: object) -> list:
    items = []
    while head != _NIL:
        first = graph.value(head, RDF.first)
        if first is None:
            raise Unsupported(f"a broken list at {head}")
        items.append(first)
        head = graph.value(head, RDF.rest)
    return items


def _iri(term: object) -> ox.NamedNode:
    if not isinstance(term, URIRef):
        raise Unsupported(f"{term!r} where an IRI was expected")
    return ox.NamedNode(str(term))


def _number(term: object) -> Decimal:
    """A numeric bound of the shapes graph."""
    if not isinstance(term, RdfLiteral) or _value(_ox_literal(term)) is None:
        raise Unsupported(f"the bound {term!r}")
    return Decimal(str(term))


def _ox_literal(term: RdfLiteral) -> ox.Literal:
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


# ------------------------------------------------------------------ the constraints
# Each returns, for a value (or the set of values), True only if pySHACL certainly agrees.

#: Lexical forms rdflib certainly parses to a value of the datatype (a subset of the valid ones).
_PLAIN_FORMS = {
    str(XSD.integer): re.compile(r"-?(0|[1-9][0-9]{0,17})"),
    str(XSD.nonNegativeInteger): re.compile(r"0|[1-9][0-9]{0,17}"),
    str(XSD.positiveInteger): re.compile(r"[1-9][0-9]{0,17}"),
    str(XSD.decimal): re.compile(r"-?(0|[1-9][0-9]{0,17})\.[0-9]{1,10}"),
    str(XSD.boolean): re.compile(r"true|false"),
    str(XSD.gYear): re.compile(r"[1-9][0-9]{3}"),
    str(XSD.date): re.compile(r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}"),
    str(XSD.language): re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?"),
}
_NUMBERS = {str(XSD[name]) for name in ("integer", "nonNegativeInteger", "positiveInteger", "decimal")}


def _value(literal: object) -> object:
    """The literal's value when its form is one rdflib certainly reads as it is written
    (plain strings and the forms above), else None."""
    if not isinstance(literal, ox.Literal):
        return None
    datatype = literal.datatype.value
    if datatype in (_STRING, _LANG_STRING):
        return literal.value
    form = _PLAIN_FORMS.get(datatype)
    if form is None or not form.fullmatch(literal.value):
        return None
    if datatype == str(XSD.date):
        try:
            return dt.date.fromisoformat(literal.value)
        except ValueError:
            return None
    if datatype in _NUMBERS:
        try:
            return Decimal(literal.value)
        except InvalidOperation:
            return None
    return literal.value


def _class(graph: Graph, shape: object, cls: object) -> Callable[[object, Facts], bool]:
    wanted = _iri(cls)
    return lambda v, facts: not isinstance(v, ox.Literal) and wanted in facts.classes(v)


def _datatype(graph: Graph, shape: object, datatype: object) -> Callable[[object, Facts], bool]:
    wanted = _iri(datatype).value
    if wanted == _LANG_STRING:
        return lambda v, facts: isinstance(v, ox.Literal) and bool(v.language)
    if wanted == _STRING:
        return lambda v, facts: isinstance(v, ox.Literal) and v.datatype.value == _STRING
    return lambda v, facts: isinstance(v, ox.Literal) and v.datatype.value == wanted and _value(v) is not None


def _in(graph: Graph, shape: object, head: object) -> Callable[[object, Facts], bool]:
    allowed = {ox.NamedNode(str(item)) for item in _items(graph, head) if isinstance(item, URIRef)}
    return lambda v, facts: v in allowed


def _node_kind(graph: Graph, shape: object, kind: object) -> Callable[[object, Facts], bool]:
    kinds = {
        SH.IRI: (ox.NamedNode,),
        SH.BlankNode: (ox.BlankNode,),
        SH.Literal: (ox.Literal,),
        SH.BlankNodeOrIRI: (ox.BlankNode, ox.NamedNode),
        SH.BlankNodeOrLiteral: (ox.BlankNode, ox.Literal),
        SH.IRIOrLiteral: (ox.NamedNode, ox.Literal),
    }
    if kind not in kinds:
        raise Unsupported(f"the node kind {kind}")
    return lambda v, facts: isinstance(v, kinds[kind])


def _pattern(graph: Graph, shape: object, pattern: object) -> Callable[[object, Facts], bool]:
    regex = re.compile(str(pattern))

    def matches(v: object, facts: Facts) -> bool:
        if isinstance(v, ox.NamedNode):
            return regex.search(v.value) is not None
        plain = isinstance(v, ox.Literal) and v.datatype.value in (_STRING, _LANG_STRING)
        return plain and regex.search(v.value) is not None

    return matches


def _bound(compare: Callable[[Decimal, Decimal], bool]):
    def make(graph: Graph, shape: object, limit: object) -> Callable[[object, Facts], bool]:
        bound = _number(limit)

        def within(v: object, facts: Facts) -> bool:
            if not isinstance(v, ox.Literal) or v.datatype.value not in _NUMBERS:
                return False
            value = _value(v)
            return value is not None and compare(value, bound)

        return within

    return make


def _min_count(graph: Graph, shape: object, count: object) -> Callable[[Collection], bool]:
    least = int(count)
    if least > 1:  # rdflib may merge values this module counts apart
        raise Unsupported(f"sh:minCount {least}")
    return lambda values: len(values) >= least


def _max_count(graph: Graph, shape: object, count: object) -> Callable[[Collection], bool]:
    most = int(count)
    return lambda values: len(values) <= most


def _has_value(graph: Graph, shape: object, value: object) -> Callable[[Collection], bool]:
    wanted = _iri(value)
    return lambda values: wanted in values


def _unique_lang(graph: Graph, shape: object, flag: object) -> Callable[[Collection], bool]:
    if not (isinstance(flag, RdfLiteral) and flag.toPython() is True):
        return lambda values: True

    def unique(values: Collection) -> bool:
        languages = [v.language.lower() for v in values if isinstance(v, ox.Literal) and v.language]
        return len(languages) == len(set(languages))

    return unique


_VALUE_CHECKS = {
    SH["class"]: _class,
    SH.datatype: _datatype,
    SH["in"]: _in,
    SH.nodeKind: _node_kind,
    SH.pattern: _pattern,
    SH.minInclusive: _bound(lambda value, bound: value >= bound),
    SH.maxInclusive: _bound(lambda value, bound: value <= bound),
}
_SET_CHECKS = {
    SH.minCount: _min_count,
    SH.maxCount: _max_count,
    SH.hasValue: _has_value,
    SH.uniqueLang: _unique_lang,
}
