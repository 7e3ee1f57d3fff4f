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

A command module registers its commands on :func:`main` (the ``praxis`` entry point)
when it is imported, which is when one of them runs: :data:`ROOMS` says which module has
which commands. Results go to stdout, messages to stderr. Exit codes: 0 success, 1 a
finding (``validate``), 2 bad usage or bad input. Run where the store lives, a command
acts as the local organiser unless ``--as visitor|member`` says otherwise.
"""

from graph.cli.context import import_group, main

#: Each room's commands (``praxis NAME``), and the importers it adds (``praxis import NAME``).
ROOMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "store": (("init", "load", "validate", "query", "export", "stats"), ()),
    "theory": (("tensions", "revise", "decide", "history"), ()),
    "suggest": (("suggest",), ()),
    "strategy": (("taught",), ("navco",)),
    "programme": (("sessions", "skills"), ()),
    "data": (("backup", "restore", "matches"), ("bibtex", "csljson", "csv", "skos")),
    "library": (("cite", "calendar"), ()),
    "users": (("users", "log"), ()),
    "serve": (("serve",), ()),
    "publish": (("publish",), ()),
    "peers": (("peers",), ()),
}

for _room, (_commands, _importers) in ROOMS.items():
    main.rooms.update(dict.fromkeys(_commands, f"graph.cli.{_room}"))
    import_group.rooms.update(dict.fromkeys(_importers, f"graph.cli.{_room}"))

__all__ = ["ROOMS", "main"]
