"""What every importer returns, how it reports progress, and how it refuses a file.

Importers parse and check the whole input, then write once. They return an
:class:`ImportReport` (frozen: how many records were added, how many entries
were merged into records already there, and warnings with their line or row)
and take an optional ``progress(fraction, text)`` callback: the data page shows
it as ``st.progress``, the CLI as a line on stderr. When a file cannot be
imported, :func:`refuse` raises :class:`~graph.errors.BadInput` listing every
problem found, each with its line or row and column, and nothing is written.

>>> str(ImportWarning("the ISBN has 14 digits; it was left out", line=143))
'line 143: the ISBN has 14 digits; it was left out'
>>> str(ImportWarning("not a number", line=3, column="year", unit="row"))
"row 3, column 'year': not a number"
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import NoReturn

from graph.errors import BadInput
from graph.io.rdf import MAX_FILE_BYTES

__all__ = ["MAX_LISTED", "ImportReport", "ImportWarning", "Progress", "decode", "refuse", "step"]

#: ``progress(fraction from 0 to 1, what is happening)``.
Progress = Callable[[float, str], None]

#: Most problems listed in one refusal (the rest are counted).
MAX_LISTED = 25


@dataclass(frozen=True)
class ImportWarning:
    """Something an import noticed, with where: a line (files) or a row (CSV)."""

    message: str
    line: int | None = None
    column: str | None = None
    unit: str = "line"

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"{self.unit} {self.line}")
        if self.column:
            where.append(f"column {self.column!r}")
        return (", ".join(where) + ": " if where else "") + self.message


@dataclass(frozen=True)
class ImportReport:
    """The outcome of one import: counts and warnings (nothing here is an error)."""

    source: str
    kind: str
    added: int
    merged: int = 0
    warnings: tuple[ImportWarning, ...] = ()
    statements: int = 0
    suggestions: int = 0
    details: tuple[tuple[str, int], ...] = field(default=())

    def as_dict(self) -> dict:
        data = asdict(self)
        data["warnings"] = [str(w) for w in self.warnings]
        data["details"] = dict(self.details)
        return data

    def summary(self) -> str:
        parts = [f"{self.source}: added {self.added:,} {self.kind}"]
        if self.merged:
            parts.append(f"merged {self.merged:,} into records already there")
        if self.suggestions:
            parts.append(f"{self.suggestions:,} match suggestions to review")
        if self.warnings:
            parts.append(f"{len(self.warnings):,} warning(s)")
        return "; ".join(parts) + "."


def step(progress: Progress | None, fraction: float, text: str) -> None:
    """Report progress if anyone listens (a callback may raise to cancel)."""
    if progress is not None:
        progress(max(0.0, min(1.0, fraction)), text)


def refuse(problems: Iterable[ImportWarning], *, source: str) -> NoReturn:
    """Raise one :class:`BadInput` naming every problem; nothing was written."""
    found = list(problems)
    lines = [f"  - {problem}" for problem in found[:MAX_LISTED]]
    if len(found) > MAX_LISTED:
        lines.append(f"  - ... and {len(found) - MAX_LISTED} more")
    if len(found) == 1:
        only = found[0]
        if only.unit == "line" and only.column is None:
            raise BadInput(
                f"{only.message.rstrip('.')}; nothing was imported.", source=source, line=only.line
            )
        raise BadInput(f"{str(only).rstrip('.')}; nothing was imported.", source=source)
    raise BadInput(f"{len(found)} problems; nothing was imported:\n" + "\n".join(lines), source=source)


def decode(data: bytes, *, source: str) -> str:
    """The file as text, or a clear error (size, encoding, emptiness)."""
    if len(data) > MAX_FILE_BYTES:
        raise BadInput(f"the file is larger than the {MAX_FILE_BYTES // 2**20} MiB limit", source=source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BadInput(
            "the file is not UTF-8 text; save it as UTF-8 and try again", source=source, line=line
        ) from None
    if not text.strip():
        raise BadInput("the file is empty: there is nothing to import", source=source)
    return text
