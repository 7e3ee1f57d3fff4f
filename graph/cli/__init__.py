"""The ``praxis`` command: thin faces on the library, one module per room.

=======================  ===========================================================
:mod:`.context`          the group, who is acting, options declared once (formats)
:mod:`.store`            init, load, validate, query, export, stats
:mod:`.theory`           tensions, revise, decide, history
:mod:`.suggest`          suggest
:mod:`.strategy`         taught, import navco
:mod:`.programme`        sessions, skills
:mod:`.data`             import bibtex|csljson|csv|skos, backup, restore, matches
:mod:`.library`          cite (APA, Chicago, BibTeX, CSL-JSON), calendar (iCalendar)
:mod:`.users`            users, log
:mod:`.serve`            serve (make serve): the store server and the explorer together
:mod:`.publish`          publish: the public graph as a static Linked Data site
:mod:`.peers`            peers add|list|remove|sync: follow other chapters
=======================  ===========================================================

Importing a command module registers its commands on :func:`main` (the ``praxis``
entry point). Results go to stdout, messages to stderr. Exit codes: 0 success, 1 a
finding (``validate``), 2 bad usage or bad input. Run where the store lives, a command
acts as the local organiser unless ``--as visitor|member`` says otherwise.
"""

from graph.cli import data, library, peers, programme, publish, serve, store, strategy, suggest, theory, users
from graph.cli.context import main

__all__ = [
    "data",
    "library",
    "main",
    "peers",
    "programme",
    "publish",
    "serve",
    "store",
    "strategy",
    "suggest",
    "theory",
    "users",
]
