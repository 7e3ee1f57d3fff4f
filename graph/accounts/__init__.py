"""Who someone is: the users file (nicknames, roles, bcrypt hashes) and the sign-in throttle.

=======================  ===========================================================
:mod:`.users`            the users file and checking a password (``praxis users``)
:mod:`.throttle`         failed sign-ins counted per nickname and per address
=======================  ===========================================================

What each role may do is :mod:`graph.access`.
"""

from graph.accounts.throttle import (
    MAX_FAILURES_PER_ADDRESS,
    MAX_FAILURES_PER_NICKNAME,
    WINDOW_SECONDS,
    SignInThrottle,
    sign_ins,
)
from graph.accounts.users import MAX_PASSWORD_BYTES, MIN_PASSWORD, User, Users, hash_password, users_path

__all__ = [
    "MAX_FAILURES_PER_ADDRESS",
    "MAX_FAILURES_PER_NICKNAME",
    "MAX_PASSWORD_BYTES",
    "MIN_PASSWORD",
    "WINDOW_SECONDS",
    "SignInThrottle",
    "User",
    "Users",
    "hash_password",
    "sign_ins",
    "users_path",
]
