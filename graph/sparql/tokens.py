r'''SPARQL 1.1's terminals, as the W3C grammar defines them, each with where it was typed.

:mod:`graph.sparql.checks` checks people's queries on tokens and on a parse, never
with a regular expression over the whole text: a pattern that hid strings was
fooled by ``"""\""""`` (it ended the long string one quote early, and a ``SERVICE``
after it went unseen). This lexer follows the grammar's terminals (section 19.8 of
the SPARQL 1.1 Query Language): ``IRIREF``, ``PNAME_NS``/``PNAME_LN`` (with ``PLX``),
``BLANK_NODE_LABEL``, ``VAR1``/``VAR2``, ``LANGTAG``, ``INTEGER``/``DECIMAL``/``DOUBLE``
with their signs, the four string forms with ``ECHAR``, ``NIL``, ``ANON``, keywords and
punctuation; comments and white space separate tokens. Each token keeps its line
and column in the text as typed, so every message points at what the person wrote.

Code-point escapes (``\uXXXX``, ``\UXXXXXXXX``): the specification applies them to
the whole text before tokenising; the engine we run (pyoxigraph 0.5) does not. It
reads them inside strings and IRIs only (``"\u0041"`` is ``"A"``, ``"\\u0041"`` is a
backslash and ``u0041``) and refuses them anywhere else (``\u0053ERVICE`` is a syntax
error). We mimic the engine, the stricter reading: decoded inside strings and IRIs,
refused elsewhere.

>>> [(t.kind, t.value) for t in tokenize('ASK { ?s rdfs:label "a\\u0042" } # note')]
[('WORD', 'ASK'), ('PUNCT', '{'), ('VAR', 's'), ('PNAME', 'rdfs:label'), ('STRING', 'aB'), ('PUNCT', '}')]
>>> tokenize('SELECT * WHERE { \\u0053ERVICE <x> {} }')  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.sparql.tokens.QuerySyntaxError: query: line 1, column 18: a \u or \U escape may stand only ...
'''

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from graph.errors import BadInput

__all__ = ["QuerySyntaxError", "Token", "tokenize"]


class QuerySyntaxError(BadInput):
    """Text that is not SPARQL 1.1; names the line and column as the person typed them."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(where + message, source="query")
        self.line, self.column = line, column


@dataclass(frozen=True)
class Token:
    """One terminal: ``kind``, the text as typed, its meaning and where it starts.

    ``value`` is the decoded content for ``STRING`` (escapes applied) and ``IRI``
    (without ``<>``, code points applied), the upper-cased word for ``WORD``, the
    name without ``?``/``$`` for ``VAR``; otherwise the text itself."""

    kind: str
    text: str
    value: str
    offset: int
    line: int
    column: int


# Character classes of the grammar (productions 164-173).
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_VARNAME = f"[{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_PATTERNS = [
    ("IRI", re.compile(f'<((?:[^<>"{{}}|^`\\\\\\x00-\\x20]|{_UCHAR})*)>')),
    ("PNAME", re.compile(f"(?:{_PREFIX})?:(?:{_LOCAL})?")),
    ("BNODE", re.compile(f"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?")),
    ("VAR", re.compile(f"[?$]({_VARNAME})")),
    ("LANGTAG", re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")),
    (
        "NUMBER",
        re.compile(r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+)"),
    ),
    ("NUMBER", re.compile(r"[+-]?[0-9]*\.[0-9]+")),
    ("NUMBER", re.compile(r"[+-]?[0-9]+")),
    ("NIL", re.compile(r"\([ \t\r\n]*\)")),
    ("ANON", re.compile(r"\[[ \t\r\n]*\]")),
    ("WORD", re.compile(r"[A-Za-z][A-Za-z0-9_]*")),
    ("PUNCT", re.compile(r"\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;*/|^?+\-!=<>]")),
]
_SPACE = re.compile(r"(?:[ \t\r\n]+|#[^\r\n]*)+")
_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tbnrf\\\"'])")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", "\\": "\\", '"': '"', "'": "'"}
_PN_LOCAL_ESC = re.compile(r"\\[_~.\-!$&'()*+,;=/?#@%]")
_IRI_FORBIDDEN = re.compile(r"[<>\"{}|^`\\\x00-\x20]")


class _Lines:
    """Offsets to 1-based line and column numbers (lines end at ``\\n``)."""

    def __init__(self, text: str):
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; :class:`QuerySyntaxError` at the first place none fits."""
    lines = _Lines(text)
    tokens: list[Token] = []
    position = 0

    def fail(message: str, offset: int) -> QuerySyntaxError:
        line, column = lines.at(offset)
        return QuerySyntaxError(message, line=line, column=column)

    while True:
        space = _SPACE.match(text, position)
        if space:
            position = space.end()
        if position >= len(text):
            return tokens
        char = text[position]
        if char in "\"'":
            end, value = _string(text, position, fail)
            kind, raw = "STRING", text[position:end]
        else:
            kind, raw, value, end = _other(text, position, fail)
        line, column = lines.at(position)
        tokens.append(Token(kind, raw, value, position, line, column))
        position = end


def _other(text: str, position: int, fail) -> tuple[str, str, str, int]:
    for kind, pattern in _PATTERNS:
        found = pattern.match(text, position)
        if not found:
            continue
        raw = found.group(0)
        if kind == "IRI":
            value = _decode_iri(found.group(1), position + 1, fail)
            bad = _IRI_FORBIDDEN.search(value)
            if bad:
                raise fail(
                    f"the IRI holds {bad.group(0)!r} (written as an escape), which an IRI may not hold",
                    position,
                )
            return kind, raw, value, found.end()
        if kind == "PNAME":
            escape = _PN_LOCAL_ESC.search(raw)
            if escape:
                raise fail(
                    f"the prefixed name {raw} uses the escape {escape.group(0)}; write the full <IRI> "
                    "instead",
                    position + escape.start(),
                )
            return kind, raw, raw, found.end()
        if kind == "VAR":
            return kind, raw, found.group(1), found.end()
        if kind == "WORD":
            # a word glued to a colon is a prefixed name; PNAME failed only if the name is malformed
            return kind, raw, raw.upper(), found.end()
        return kind, raw, raw, found.end()
    if text.startswith(("\\u", "\\U"), position):
        raise fail("a \\u or \\U escape may stand only inside a string or an <IRI>", position)
    raise fail(f"unexpected character {text[position]!r}", position)


def _string(text: str, start: int, fail) -> tuple[int, str]:
    """End offset and decoded content of the string literal starting at ``start``."""
    quote = text[start]
    long = text.startswith(quote * 3, start)
    position = start + (3 if long else 1)
    parts: list[str] = []
    while True:
        if position >= len(text):
            raise fail("this string is never closed", start)
        char = text[position]
        if long and text.startswith(quote * 3, position):
            return position + 3, "".join(parts)
        if not long and char == quote:
            return position + 1, "".join(parts)
        if char == "\\":
            escape = _ESCAPE.match(text, position)
            if not escape:
                raise fail(
                    "a backslash in a string must start one of \\t \\b \\n \\r \\f \\\\ \\\" \\' "
                    "\\uXXXX \\UXXXXXXXX",
                    position,
                )
            parts.append(_decode_escape(escape.group(0), position, fail))
            position = escape.end()
            continue
        if not long and char in "\r\n":
            raise fail(
                'a string in single quotes must end on the line it starts (use """ for more lines)', start
            )
        parts.append(char)
        position += 1


def _code_point(escape: str, offset: int, fail) -> str:
    point = int(escape[2:], 16)
    if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
        raise fail(f"{escape} is not a Unicode character", offset)
    return chr(point)


def _decode_iri(raw: str, offset: int, fail) -> str:
    """An IRI's text with its code-point escapes applied (the only escapes an IRI has)."""
    return re.sub(_UCHAR, lambda found: _code_point(found.group(0), offset + found.start(), fail), raw)


def _decode_escape(escape: str, offset: int, fail) -> str:
    """One escape in a string: ECHAR or a code point."""
    if escape[1] in "uU":
        return _code_point(escape, offset, fail)
    return _ECHAR[escape[1]]
