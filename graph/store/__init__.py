"""The one door to the data: open a store, read as a viewer, write all or nothing.

Every read and write of the library goes through :class:`PraxisStore`; nothing outside
this package touches a backend or the engine.

=======================  ===========================================================
:mod:`.praxis_store`     :class:`PraxisStore` and :func:`open_store` (``memory:``,
                         ``oxigraph:PATH``, ``sparql+http://HOST/PATH``)
:mod:`.backends`         the :class:`Backend` protocol and the embedded engine
:mod:`.remote`           SPARQL endpoints over kept-alive HTTP (``oxigraph serve``, Fuseki)
:mod:`.terms`            :class:`Statement`; terms between rdflib and pyoxigraph
:mod:`.queries`          the named queries (``queries/*.rq``) and their loader
:mod:`.validate`         SHACL per write and per store, worded for members
:mod:`.literals`         the size limit on every value written
:mod:`.audit`            the audit log every write adds to
:mod:`.bundled`          the ontology, shapes, schemes and seed shipped in the package
=======================  ===========================================================

>>> from graph.access import Viewer
>>> open_store("memory:").select("triple_count", Viewer.visitor())
[{'count': 0}]
"""

from graph.store import queries
from graph.store.audit import MAX_RECORDS, audit_statements
from graph.store.backends import CHECKPOINT_ABOVE, Backend, BulkLoading, LocalBackend, bind_with_values
from graph.store.bundled import BundledFile, ontology_files, seed_files, shapes_file
from graph.store.literals import (
    ENGINE_TOKEN_BYTES,
    MAX_VALUE_BYTES,
    ValueTooLarge,
    check_text,
    check_triples,
    first_long_line,
    refused_by_engine,
    size_text,
    too_large,
)
from graph.store.praxis_store import DEFAULT_URL, PraxisStore, open_store
from graph.store.remote import REMOTE_REFRESH, RemoteBackend
from graph.store.terms import Statement, engine_iri, from_ox, rows_from_tsv, to_ox, to_python
from graph.store.validate import known_terms, shapes, unknown_terms, validate_delta, validate_graph

__all__ = [
    "CHECKPOINT_ABOVE",
    "DEFAULT_URL",
    "ENGINE_TOKEN_BYTES",
    "MAX_RECORDS",
    "MAX_VALUE_BYTES",
    "REMOTE_REFRESH",
    "Backend",
    "BulkLoading",
    "BundledFile",
    "LocalBackend",
    "PraxisStore",
    "RemoteBackend",
    "Statement",
    "ValueTooLarge",
    "audit_statements",
    "bind_with_values",
    "check_text",
    "check_triples",
    "engine_iri",
    "first_long_line",
    "from_ox",
    "known_terms",
    "ontology_files",
    "open_store",
    "queries",
    "refused_by_engine",
    "rows_from_tsv",
    "seed_files",
    "shapes",
    "shapes_file",
    "size_text",
    "to_ox",
    "to_python",
    "too_large",
    "unknown_terms",
    "validate_delta",
    "validate_graph",
]
