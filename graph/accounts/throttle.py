"""Slowing down password guessing: failed sign-ins counted per nickname and per address.

One :class:`SignInThrottle` serves the whole process (:func:`sign_ins`), so opening a
new browser session, reloading the page or connecting a script from elsewhere does
not start the count again. An attempt is counted *before* the password is checked
(:meth:`SignInThrottle.attempt`) and given back when it succeeds
(:meth:`SignInThrottle.succeeded`): many sessions guessing at once cannot slip past
the limit between check and count.

The address is whatever the caller says the client's address is. It is used to
count and never to grant anything, so a forged address can at worst spread one
person's guesses over more counters; the per-nickname counter still stops them.

>>> clock = [0.0]
>>> throttle = SignInThrottle(per_nickname=2, per_address=10, window=60, clock=lambda: clock[0])
>>> [throttle.attempt("heron", "203.0.113.9") for _ in range(3)]
[True, True, False]
>>> throttle.attempt("heron", "198.51.100.7")  # another address: the nickname is still locked
False
>>> throttle.attempt("wren", "203.0.113.9")  # another nickname from the same address
True
>>> clock[0] = 61.0
>>> throttle.attempt("heron", "203.0.113.9")  # a minute later
True
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

__all__ = [
    "MAX_FAILURES_PER_ADDRESS",
    "MAX_FAILURES_PER_NICKNAME",
    "WINDOW_SECONDS",
    "SignInThrottle",
    "sign_ins",
]

#: Failed sign-ins for one nickname, from anywhere, before it waits out the window.
MAX_FAILURES_PER_NICKNAME = 5
#: Failed sign-ins from one address, for any nicknames, before it waits out the window
#: (higher than per nickname: a chapter meeting may share one address).
MAX_FAILURES_PER_ADDRESS = 20
#: How long a failure counts, in seconds.
WINDOW_SECONDS = 60.0
#: Counters kept at most; the stalest go first (a flood of made-up nicknames
#: cannot grow the process without bound).
MAX_COUNTERS = 10_000
#: Longest nickname or address kept as a key (valid nicknames have at most 32 characters).
_KEY_CHARS = 64


class SignInThrottle:
    """Failures within the last ``window`` seconds, per nickname and per address; thread-safe."""

    def __init__(
        self,
        *,
        per_nickname: int = MAX_FAILURES_PER_NICKNAME,
        per_address: int = MAX_FAILURES_PER_ADDRESS,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = {"nickname": per_nickname, "address": per_address}
        self._window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[tuple[str, str], deque[float]] = {}

    def attempt(self, nickname: str, address: str) -> bool:
        """Count one attempt as a failure in advance; False (and nothing counted) when
        either the nickname or the address has used up its tries for now."""
        keys = _keys(nickname, address)
        with self._lock:
            now = self._clock()
            counts = [self._recent(key, now) for key in keys]
            if any(len(times) >= self._limits[key[0]] for key, times in zip(keys, counts, strict=True)):
                return False
            for key, times in zip(keys, counts, strict=True):
                times.append(now)
                self._failures[key] = times
            self._forget_stalest()
            return True

    def succeeded(self, nickname: str, address: str) -> None:
        """Give back the attempt counted by :meth:`attempt`: the password was right."""
        with self._lock:
            for key in _keys(nickname, address):
                times = self._failures.get(key)
                if times:
                    times.pop()
                    if not times:
                        del self._failures[key]

    def clear(self) -> None:
        """Forget every failure (for tests)."""
        with self._lock:
            self._failures.clear()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and now - times[0] >= self._window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times

    def _forget_stalest(self) -> None:
        while len(self._failures) > MAX_COUNTERS:
            stalest = min(self._failures, key=lambda key: self._failures[key][-1])
            del self._failures[stalest]


def _keys(nickname: str, address: str) -> tuple[tuple[str, str], tuple[str, str]]:
    return ("nickname", nickname[:_KEY_CHARS]), ("address", (address or "unknown")[:_KEY_CHARS])


_PROCESS_THROTTLE = SignInThrottle()


def sign_ins() -> SignInThrottle:
    """The throttle every browser session of this process shares."""
    return _PROCESS_THROTTLE
