"""Numbers a chapter sets in the environment (limits, schedules), read the same way everywhere.

A setting is read when it is used, so a test or a restarted server sees a change. A
value that is not a positive number is a :class:`~graph.errors.PraxisError` naming the
variable, what it sets, and what was given, rather than a limit silently off.

>>> positive_number("PRAXIS_EXAMPLE_UNSET", 24.0, "hours between backups")
24.0
"""

from __future__ import annotations

import os

from graph.errors import PraxisError

__all__ = ["positive_number"]


def positive_number(name: str, default: float, what: str) -> float:
    """The environment variable ``name`` as a number above zero, else ``default``."""
    given = os.environ.get(name)
    if given is None:
        return default
    try:
        value = float(given)
    except ValueError:
        raise PraxisError(f"${name} ({what}) must be a number, not {given!r}.") from None
    if not value > 0:  # also refuses nan
        raise PraxisError(f"${name} ({what}) must be more than zero, not {given!r}.")
    return value
