"""People's SPARQL queries: lexed, checked on their parse, run in worker processes with limits.

The SPARQL page and ``praxis query`` take query text from anyone. This package is the
box that text goes through, and the store's :meth:`~graph.store.PraxisStore.user_query`
is the only way in:

=======================  ===========================================================
:mod:`.tokens`           a SPARQL 1.1 lexer (the W3C grammar's terminals)
:mod:`.checks`            tokens checked and written as a canonical text; rdflib's parse
                         and algebra checked (no ``SERVICE``, no update)
:mod:`.limits`           time, memory, rows, workers; the errors people get; reading a result
:mod:`.pool`             worker processes and the snapshots they hold (never forked)
:mod:`.worker`           the worker itself (``python -m graph.sparql.worker``)
:mod:`.results`          a query's answer as a table, JSON or CSV (``praxis query``)
:mod:`.examples`         the documented example queries (``examples/*.rq``)
=======================  ===========================================================

Nothing here imports the store: the pool is handed a :class:`Source` that says whose
snapshot to use and how to make it.
"""

from graph.sparql.checks import MAX_DEPTH, GuardedQuery, ParseProblem, check_parsed, check_query, guard
from graph.sparql.examples import Example, QueryTable, list_examples, run_table
from graph.sparql.limits import (
    LIMITS,
    MAX_QUERY_CHARS,
    QueryTimeout,
    RefusedQuery,
    collect,
    limit,
    query_dataset,
    timed_out,
)
from graph.sparql.pool import QueryPool, Snapshot, Source, run_query, shared_pool
from graph.sparql.results import PeoplesQueries, ResultFormat, cell, render, shorten, table
from graph.sparql.tokens import QuerySyntaxError, Token, tokenize

__all__ = [
    "LIMITS",
    "MAX_DEPTH",
    "MAX_QUERY_CHARS",
    "Example",
    "GuardedQuery",
    "ParseProblem",
    "PeoplesQueries",
    "QueryPool",
    "QuerySyntaxError",
    "QueryTable",
    "QueryTimeout",
    "RefusedQuery",
    "ResultFormat",
    "Snapshot",
    "Source",
    "Token",
    "cell",
    "check_parsed",
    "check_query",
    "collect",
    "guard",
    "limit",
    "list_examples",
    "query_dataset",
    "render",
    "run_query",
    "run_table",
    "shared_pool",
    "shorten",
    "table",
    "timed_out",
    "tokenize",
]
