"""Errors a person can act on.

Every error the library raises on purpose is a :class:`PraxisError` whose message
is plain language: what is wrong, where (file and line, or field), and what to do.
The CLI prints the message and exits with the error's ``exit_code`` (1 for a
finding such as a validation failure, 2 for bad usage or bad input).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BadInput",
    "Finding",
    "NotAllowed",
    "PraxisError",
    "StoreBusy",
    "ValidationFailed",
]


class PraxisError(Exception):
    """Base class: ``str(error)`` is the message shown to a person."""

    exit_code = 2


class BadInput(PraxisError):
    """A file or value that cannot be read: names the file, line or field."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        where = ""
        if source:
            where = f"{source}, line {line}: " if line else f"{source}: "
        super().__init__(where + message)
        self.source = source
        self.line = line


class NotAllowed(PraxisError):
    """The viewer's role does not allow this (for example a visitor writing)."""


class StoreBusy(PraxisError):
    """Another process holds the embedded store for writing."""


@dataclass(frozen=True)
class Finding:
    """One validation result, worded for a member rather than for a SHACL engine."""

    focus: str
    message: str
    path: str | None = None
    source: str | None = None
    line: int | None = None
    node: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.source:
            where = f"{self.source}, line {self.line}: " if self.line else f"{self.source}: "
        field = f" (field {self.path})" if self.path else ""
        return f"{where}{self.focus}{field}: {self.message}"


class ValidationFailed(PraxisError):
    """Data that does not conform to the shapes; nothing was written."""

    exit_code = 1

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        lines = "\n".join(f"  - {finding}" for finding in findings)
        super().__init__(f"{len(findings)} problem(s) found; nothing was changed:\n{lines}")
