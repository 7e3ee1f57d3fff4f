"""Who someone is: a users file of nicknames, roles and bcrypt password hashes.

A chapter that serves the explorer beyond its own machine lists its people in a
TOML file (``$PRAXIS_USERS``, default ``.praxis/users.toml``), written by
``praxis users add``. Only a nickname, a role and a bcrypt hash are kept: members
are pseudonymous, and a stolen file gives no password back. An entry may also
name the subject of an identity provider's login (``oidc = "..."``) for chapters
that configure OIDC through Streamlit's ``st.login``.

::

    [users.wren]
    role = "member"
    password = "$2b$12$..."

>>> users = Users({"wren": User("wren", Role.MEMBER, hash_password("a long passphrase"))})
>>> users.authenticate("wren", "a long passphrase").role
<Role.MEMBER: 'member'>
>>> users.authenticate("wren", "wrong") is None
True

bcrypt reads at most 72 bytes of a password, and the bcrypt package refuses longer
ones: ``praxis users add`` refuses them with a message, and signing in with one is
simply a wrong password.

>>> users.authenticate("wren", "x" * 1000) is None
True
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from graph.access import Role, Viewer
from graph.errors import BadInput

__all__ = ["MAX_PASSWORD_BYTES", "MIN_PASSWORD", "User", "Users", "hash_password", "users_path"]

#: Shortest password accepted by ``praxis users add``.
MIN_PASSWORD = 10
#: Longest password in bytes of UTF-8: bcrypt reads no further, and bcrypt 5 refuses more.
MAX_PASSWORD_BYTES = 72
_NICKNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{1,31}$")


def users_path() -> Path:
    """``$PRAXIS_USERS`` or ``.praxis/users.toml`` under the working directory."""
    return Path(os.environ.get("PRAXIS_USERS") or ".praxis/users.toml")


def hash_password(password: str) -> str:
    """A bcrypt hash of ``password``; :class:`BadInput` when bcrypt cannot take it."""
    import bcrypt

    encoded = _encoded(password)
    if encoded is None:
        raise BadInput(
            f"a password may have at most {MAX_PASSWORD_BYTES} bytes in UTF-8 (about "
            f"{MAX_PASSWORD_BYTES} plain letters, fewer with accents or other scripts): "
            "choose a shorter passphrase",
            source="password",
        )
    return bcrypt.hashpw(encoded, bcrypt.gensalt()).decode("ascii")


def _encoded(password: str) -> bytes | None:
    """The password as bcrypt takes it, or None when it is too long or not encodable."""
    try:
        encoded = password.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, e.g. from undecodable terminal input
        return None
    return encoded if len(encoded) <= MAX_PASSWORD_BYTES else None


@dataclass(frozen=True)
class User:
    nickname: str
    role: Role
    password: str | None = None  # a bcrypt hash, never the password itself
    oidc: str | None = None

    def viewer(self) -> Viewer:
        return Viewer(self.role, self.nickname)


@dataclass(frozen=True)
class Users:
    """The chapter's people by nickname (empty when no file is configured)."""

    by_nickname: dict[str, User] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Users:
        path = path or users_path()
        if not path.is_file():
            return cls()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise BadInput(f"the users file is not valid TOML ({error})", source=str(path)) from None
        users = {}
        for nickname, entry in data.get("users", {}).items():
            try:
                role = Role(entry.get("role", "member"))
            except ValueError:
                raise BadInput(
                    f"user {nickname!r} has role {entry.get('role')!r}; use visitor, member or organiser",
                    source=str(path),
                ) from None
            users[nickname] = User(nickname, role, entry.get("password"), entry.get("oidc"))
        return cls(users)

    def __bool__(self) -> bool:
        return bool(self.by_nickname)

    def authenticate(self, nickname: str, password: str) -> User | None:
        """The user if the password matches its hash; ``None`` otherwise (same time either way)."""
        import bcrypt

        user = self.by_nickname.get(nickname)
        # Check against a dummy hash for unknown names (and passwords bcrypt cannot take)
        # so timing does not reveal who exists.
        encoded = _encoded(password)
        stored = user.password if user and user.password and encoded is not None else _DUMMY
        matches = bcrypt.checkpw(encoded or b"", stored.encode("ascii"))
        return user if user and user.password and encoded is not None and matches else None

    def by_oidc(self, subject: str) -> User | None:
        return next((u for u in self.by_nickname.values() if u.oidc and u.oidc == subject), None)

    def with_user(self, nickname: str, role: Role, password: str) -> Users:
        if not _NICKNAME.match(nickname):
            raise BadInput(
                "a nickname is 2-32 letters, digits, '-' or '_', starting with a letter", source="nickname"
            )
        if len(password) < MIN_PASSWORD:
            raise BadInput(f"a password needs at least {MIN_PASSWORD} characters", source="password")
        hashed = hash_password(password)
        users = dict(self.by_nickname)
        old = users.get(nickname)
        users[nickname] = User(nickname, role, hashed, old.oidc if old else None)
        return Users(users)

    def without(self, nickname: str) -> Users:
        if nickname not in self.by_nickname:
            raise BadInput(f"there is no user {nickname!r}", source="nickname")
        return Users({k: v for k, v in self.by_nickname.items() if k != nickname})

    def save(self, path: Path | None = None) -> None:
        """Write the file (owner-readable only)."""
        path = path or users_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = []
        for user in sorted(self.by_nickname.values(), key=lambda u: u.nickname):
            lines += [f"[users.{user.nickname}]", f'role = "{user.role.value}"']
            if user.password:
                lines.append(f'password = "{user.password}"')
            if user.oidc:
                lines.append(f"oidc = {_toml_string(user.oidc)}")
            lines.append("")
        path.write_text("\n".join(lines), encoding="utf-8")
        path.chmod(0o600)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_DUMMY = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5l8JeyZtN0Kj4d2qg1pJ9s8x2n5m4vK"
