"""Identifiers and keys for readings: ISBNs, DOIs, titles, labels.

Importers check identifiers before anything is stored, and match records by
keys that ignore case, accents, punctuation and spacing.

>>> check_isbn("978-0-679-72113-0")
IsbnCheck(isbn13='9780679721130', isbn10=None, problems=())
>>> check_isbn("97800274756650").problems
('the ISBN 97800274756650 has 14 digits (an ISBN has 10 or 13); it was left out',)
>>> isbn13_of("0679721134")
'9780679721130'
>>> normalise_doi("https://doi.org/10.1186/S40359-015-0089-9")
'10.1186/s40359-015-0089-9'
>>> label_key("Non-violent  Direct Action") == label_key("nonviolent direct action")
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "IsbnCheck",
    "check_isbn",
    "isbn13_of",
    "label_key",
    "normalise_doi",
    "slug",
    "title_key",
]

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass(frozen=True)
class IsbnCheck:
    """The valid ISBNs found in a field, and a warning for each invalid one."""

    isbn13: str | None
    isbn10: str | None
    problems: tuple[str, ...]


def _isbn13_valid(digits: str) -> bool:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return total % 10 == 0


def _isbn10_valid(digits: str) -> bool:
    total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
    return total % 11 == 0


def _isbn_parts(raw: str) -> list[str]:
    """Split a field holding one or more ISBNs ("978-0-679-72113-0, 0679721134")."""
    parts = []
    for part in re.split(r"[,;/]", raw):
        text = re.sub(r"^\s*ISBN(-1[03])?:?\s*", "", part.strip(), flags=re.IGNORECASE)
        if len(re.sub(r"[\s-]", "", text)) in (10, 13) or " " not in text:
            parts.append(text)
        else:
            parts += text.split()
    return [p for p in parts if p]


def check_isbn(raw: str) -> IsbnCheck:
    """Check every ISBN in ``raw`` (several may be separated by commas or semicolons).

    A wrong length or check digit is a problem (worded for the import report), and
    that ISBN is left out; the entry itself is still imported."""
    isbn13 = isbn10 = None
    problems = []
    for text in _isbn_parts(raw or ""):
        digits = re.sub(r"[\s-]", "", text).upper()
        if not re.fullmatch(r"\d{12}[\dX]|\d{9}[\dX]", digits) or (
            len(digits) == 13 and digits.endswith("X")
        ):
            count = sum(c.isdigit() for c in digits)
            problems.append(
                f"the ISBN {text} has {count} digits (an ISBN has 10 or 13); it was left out"
                if re.fullmatch(r"[\dX]+", digits)
                else f"the ISBN {text!r} is not a number; it was left out"
            )
        elif not (_isbn13_valid(digits) if len(digits) == 13 else _isbn10_valid(digits)):
            problems.append(f"the ISBN {text} has a wrong check digit; it was left out")
        elif len(digits) == 13:
            isbn13 = isbn13 or digits
        else:
            isbn10 = isbn10 or digits
    return IsbnCheck(isbn13, isbn10, tuple(problems))


def isbn13_of(isbn10: str) -> str:
    """The ISBN-13 of a valid ISBN-10 (for matching duplicates)."""
    body = "978" + isbn10[:9]
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
    return body + str(check)


def normalise_doi(raw: str | None) -> str | None:
    """A DOI in its bare, lower-case form, or ``None`` if it is not one."""
    if not raw:
        return None
    text = raw.strip()
    text = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", text, flags=re.IGNORECASE)
    text = text.lower()
    return text if _DOI.match(text) else None


def label_key(text: str) -> str:
    """A key for matching labels: no accents, no case, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain.casefold() if c.isalnum())


def title_key(title: str, year: str | None) -> str:
    """Normalised title and year: two entries with the same key are the same reading."""
    return f"{label_key(title)}|{(year or '')[:4]}"


def slug(text: str, *, words: int = 1) -> str:
    """ASCII, lower case, hyphenated: a piece of a readable IRI."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    parts = [p for p in re.split(r"[^a-z0-9]+", ascii_text) if p]
    return "-".join(parts[:words])
