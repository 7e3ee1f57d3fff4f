r"""What a person's SPARQL query may do, decided on its tokens and on its parse.

The SPARQL page and ``praxis query`` take text from anyone. A check over that text
with a regular expression was fooled (a long string ending in an escaped quote hid a
``SERVICE``), so the check now works in three steps, and what runs is exactly what
was checked:

1. **Tokens** (:mod:`graph.sparql.tokens`, the W3C grammar's terminals). Size and
   nesting depth are bounded here, before any parser sees the text; every bare word
   must be a SPARQL 1.1 keyword or function; ``SERVICE`` and the update keywords are
   refused as tokens (belt and braces).
2. **Canonical text** (:func:`guard`). The tokens are written out again as a new
   text in which no parser can disagree about where a token starts or ends: comments
   dropped, every string as a one-line ``"..."`` with only the escapes ``\"`` ``\\``
   ``\n`` ``\r`` ``\t``, IRIs with their code-point escapes applied, and every
   prefixed name written as its full ``<IRI>`` (the engine, and rdflib, read
   ``service:x {`` as ``SERVICE :x {``: their keywords need no word boundary). The
   canonical text holds no ``\u`` at all (rdflib applies code-point escapes to the
   whole text first, so ``"\\u0022"`` would become a quote there): a string whose
   content holds a backslash followed by ``u`` or ``U`` is refused, and so is a
   prefixed name with a ``\`` escape (write the full IRI instead).
3. **The parse** (:func:`check_parsed`): rdflib's SPARQL parser and algebra read the
   canonical text; anything that is not a query (``SELECT``, ``ASK``, ``CONSTRUCT``,
   ``DESCRIBE``), or that holds a ``ServiceGraphPattern`` anywhere in its parse tree
   or algebra, is refused, and so is a text rdflib cannot parse ("not SPARQL 1.1
   that this box can check"). This runs in the query worker
   (:mod:`graph.sparql.worker`), right before the engine runs the same text: rdflib's
   parser is slow on some hostile texts (a 20,000-character chain of ``&&`` takes
   seconds) and not thread-safe on first use (RDFLib/rdflib#1282), and there it can
   be stopped at the time limit. In this process it sits behind a lock.

Error positions from either parser are mapped back through the tokens to the line
and column the person typed (:meth:`GuardedQuery.locate`), not counted in the
hidden ``PREFIX`` lines put before the text.

Depth: ``{ ( [`` nested more than :data:`MAX_DEPTH` (64) deep is refused. Measured
(pyoxigraph 0.5.13, rdflib 7.6, Python 3.11): pyoxigraph's parser overflows its
stack between 1,000 and 3,000 nested braces and between 3,000 and 5,000 nested
parentheses (the process dies); it takes 0.6 s for 64 nested lists and 2.3 s for
100 (the time grows with the cube of the depth). rdflib hits Python's default
recursion limit at 32 nested parentheses and 64 braces; the worker raises the limit
and gives the parse a 64 MB stack, enough for depth 64 (it needs some 4,000 frames).

>>> guard('SELECT ?l WHERE { ?s rdfs:label ?l } # mine').text
'SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }'
>>> guard('SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }')
Traceback (most recent call last):
...
graph.sparql.limits.RefusedQuery: SERVICE is refused: queries may not ask other servers for data.
"""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass

from graph.namespaces import PREFIXES, PROLOGUE
from graph.sparql.limits import MAX_QUERY_CHARS, RefusedQuery
from graph.sparql.tokens import QuerySyntaxError, Token, tokenize

__all__ = [
    "MAX_DEPTH",
    "GuardedQuery",
    "ParseProblem",
    "check_parsed",
    "check_query",
    "guard",
]

#: Deepest nesting of ``{ ( [`` accepted (see the module's docstring for the figures).
MAX_DEPTH = 64

_QUERY_WORDS = {
    "BASE", "PREFIX", "SELECT", "DISTINCT", "REDUCED", "AS", "CONSTRUCT", "WHERE", "DESCRIBE",
    "ASK", "FROM", "NAMED", "GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC", "LIMIT", "OFFSET",
    "VALUES", "UNDEF", "OPTIONAL", "GRAPH", "BIND", "MINUS", "FILTER", "UNION", "NOT", "IN",
    "EXISTS", "SEPARATOR", "A", "TRUE", "FALSE",
    "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT",
    "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS",
    "CEIL", "FLOOR", "ROUND", "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI",
    "CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY",
    "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW", "UUID", "STRUUID", "MD5", "SHA1",
    "SHA256", "SHA384", "SHA512", "COALESCE", "IF", "STRLANG", "STRDT", "SAMETERM", "ISIRI",
    "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX", "SUBSTR", "REPLACE",
}  # fmt: skip
_UPDATE_VERBS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
#: Words only an update uses besides its verb.
_UPDATE_WORDS = _UPDATE_VERBS | {"USING", "DATA", "INTO", "TO", "DEFAULT", "ALL", "SILENT"}
_OPENERS, _CLOSERS = "{([", "})]"
_LOCK = threading.Lock()


@dataclass(frozen=True)
class GuardedQuery:
    """A person's query after the token checks: ``text`` is what runs (after the prologue).

    ``spans`` pairs each token's offset in ``full`` with the token, so a position
    in the text the parsers saw maps back to where the person typed it."""

    original: str
    text: str
    starts: tuple[int, ...]
    tokens: tuple[Token, ...]

    @property
    def full(self) -> str:
        """The text the parsers and the engine read: the standard prologue, then :attr:`text`."""
        return PROLOGUE + self.text

    def locate(self, index: int) -> tuple[int, int] | None:
        """Line and column as typed for an offset into :attr:`full`; ``None`` past the end."""
        where = bisect.bisect_right(self.starts, index) - 1
        if where < 0:
            return (self.tokens[0].line, self.tokens[0].column) if self.tokens else None
        token = self.tokens[where]
        inside = index - self.starts[where]
        end = self.starts[where] + len(_emitted(self, where))
        if index >= end:  # in the space after the token: the next one is where it went wrong
            if where + 1 < len(self.tokens):
                following = self.tokens[where + 1]
                return following.line, following.column
            return None
        if _emitted(self, where) == token.text and "\n" not in token.text:
            return token.line, token.column + inside
        return token.line, token.column

    def near(self, index: int) -> str:
        """The token as typed at an offset into :attr:`full` (for messages)."""
        where = max(0, bisect.bisect_right(self.starts, index) - 1)
        if not self.tokens or (where == len(self.tokens) - 1 and index >= len(self.full)):
            return "the end of the query"
        if index >= self.starts[where] + len(_emitted(self, where)) and where + 1 < len(self.tokens):
            where += 1
        text = self.tokens[where].text
        return repr(text if len(text) <= 40 else text[:37] + "...")


class ParseProblem(Exception):
    """rdflib could not read the canonical text: where (an offset into ``full``) and why."""

    def __init__(self, index: int | None, message: str):
        super().__init__(message)
        self.index = index


def guard(text: str) -> GuardedQuery:
    """Check ``text`` token by token and write its canonical text; raise if refused.

    Raises :class:`~graph.sparql.limits.RefusedQuery` (too long, too deep, ``SERVICE``,
    an update, an escape we will not pass on) or
    :class:`~graph.sparql.tokens.QuerySyntaxError` (not SPARQL), both naming the line
    and column as typed."""
    if len(text) > MAX_QUERY_CHARS:
        raise RefusedQuery(f"The query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}.")
    tokens = tokenize(text)
    _check_words(tokens)
    _check_depth(tokens)
    pieces, starts = [], []
    offset, glue = len(PROLOGUE), True
    prefixes = dict(PREFIXES)
    relative_prefix: Token | None = None
    for number, token in enumerate(tokens):
        previous = tokens[number - 1] if number else None
        if token.kind == "WORD" and token.value == "BASE" and relative_prefix is not None:
            raise _refused(
                f"PREFIX {relative_prefix.text} is a relative IRI and a BASE follows it; "
                "write the prefix's full IRI",
                relative_prefix,
            )
        declaring = previous is not None and previous.kind == "WORD" and previous.value == "PREFIX"
        if declaring and token.kind == "PNAME" and number + 1 < len(tokens):
            following = tokens[number + 1]
            if following.kind == "IRI" and token.value.endswith(":"):
                prefixes[token.value[:-1]] = following.value
                if not _absolute(following.value):
                    relative_prefix = following
        emitted = _canonical(token, prefixes, declaring)
        sticky = (
            token.kind == "LANGTAG"
            or token.text == "^^"
            or _after(previous, "^^")
            or _path_modifier(token, previous)
            or _call(token, previous)
        )
        if not (glue or sticky):
            pieces.append(" ")
            offset += 1
        starts.append(offset)
        pieces.append(emitted)
        offset += len(emitted)
        glue = False
    canonical = "".join(pieces)
    if "\\u" in canonical.lower():  # cannot happen (see _canonical); never pass one on
        raise RefusedQuery("The query holds a \\u escape the checker cannot pass on safely.")
    return GuardedQuery(text, canonical, tuple(starts), tuple(tokens))


def check_parsed(full: str) -> None:
    """Parse ``full`` (a :attr:`GuardedQuery.full`) with rdflib; refuse what is not a plain query.

    Raises :class:`ParseProblem` if rdflib cannot read it, :class:`~graph.sparql.limits.RefusedQuery`
    for ``SERVICE`` found in the parse tree or the algebra. Not thread-safe on first use:
    call it from one thread, or through :func:`check_query`."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(full)
    except ParseBaseException as error:
        raise ParseProblem(error.loc, error.msg) from None
    except RecursionError:
        raise ParseProblem(None, "it is nested too deeply for the checker") from None
    if _holds_service(tree):
        raise RefusedQuery("SERVICE is refused: queries may not ask other servers for data.")
    try:
        algebra = translateQuery(tree).algebra
    except RecursionError:
        raise ParseProblem(None, "it is nested too deeply for the checker") from None
    except Exception as error:  # rdflib's own checks (scope of variables, aggregates...)
        raise ParseProblem(None, str(error) or type(error).__name__) from None
    if algebra.name not in {"SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"}:
        raise RefusedQuery("Only read queries (SELECT, ASK, CONSTRUCT, DESCRIBE) may run here.")
    if _holds_service(algebra):
        raise RefusedQuery("SERVICE is refused: queries may not ask other servers for data.")


def check_query(text: str) -> GuardedQuery:
    """Every check, in this process: :func:`guard`, then :func:`check_parsed` behind a lock.

    Raises :class:`~graph.sparql.limits.RefusedQuery` or
    :class:`~graph.sparql.tokens.QuerySyntaxError`."""
    guarded = guard(text)
    with _LOCK:
        try:
            check_parsed(guarded.full)
        except ParseProblem as problem:
            raise not_checkable(guarded, problem.index, str(problem)) from None
    return guarded


def not_checkable(guarded: GuardedQuery, index: int | None, reason: str) -> QuerySyntaxError:
    """The message for a text a parser refused, placed where the person typed it."""
    where = guarded.locate(index) if index is not None else None
    near = f" near {guarded.near(index)}" if index is not None else ""
    # the engine counts lines and columns in the canonical text after the hidden prologue:
    # its "error at 19:46" means nothing to the person, whose position is given instead
    reason = re.sub(r"^\s*error at \d+:\d+:?\s*", "", reason.split("\n")[0])[:200]
    message = f"this is not SPARQL 1.1 that this box can check{near} ({reason})"
    if where is None:
        return QuerySyntaxError(message)
    return QuerySyntaxError(message, line=where[0], column=where[1])


# ----------------------------------------------------------------------------- helpers
def _refused(message: str, token: Token) -> RefusedQuery:
    return RefusedQuery(f"Line {token.line}, column {token.column}: {message}.")


def _check_words(tokens: list[Token]) -> None:
    found = {t.value for t in tokens if t.kind == "WORD" and t.value in _UPDATE_WORDS}
    updates = sorted(found & _UPDATE_VERBS or found)
    if any(t.kind == "WORD" and t.value == "SERVICE" for t in tokens):
        raise RefusedQuery("SERVICE is refused: queries may not ask other servers for data.")
    if updates:
        raise RefusedQuery(
            f"This looks like an update ({', '.join(updates)}); only read queries "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE) may run here."
        )
    for token in tokens:
        if token.kind == "WORD" and token.value not in _QUERY_WORDS:
            raise QuerySyntaxError(
                f"{token.text!r} is not a SPARQL 1.1 keyword or function (a prefixed name needs "
                "its colon, as in prx:Lesson; a variable its ?)",
                line=token.line,
                column=token.column,
            )


def _check_depth(tokens: list[Token]) -> None:
    depth = 0
    for token in tokens:
        if token.kind == "PUNCT" and token.text in _OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise _refused(
                    f"the query nests {{ ( [ more than {MAX_DEPTH} deep, the limit here; write it flatter",
                    token,
                )
        elif token.kind == "PUNCT" and token.text in _CLOSERS:
            depth = max(0, depth - 1)


def _canonical(token: Token, prefixes: dict[str, str], declaring: bool) -> str:
    """One token as the canonical text writes it."""
    if token.kind == "STRING":
        lowered = token.value.lower()
        at = lowered.find("\\u")
        if at >= 0:
            raise _refused(
                "the string holds a backslash followed by u, which another parser could read as a "
                "character escape; this box does not accept it",
                token,
            )
        return '"' + token.value.translate(_STRING_ESCAPES) + '"'
    if token.kind == "IRI":
        return f"<{token.value}>"
    if token.kind == "PNAME":
        prefix, _, local = token.value.partition(":")
        if declaring:
            return token.value
        if prefix not in prefixes:
            raise QuerySyntaxError(
                f"the prefix {prefix}: is not declared (add PREFIX {prefix}: <...> at the top)",
                line=token.line,
                column=token.column,
            )
        return f"<{prefixes[prefix]}{local}>"
    if token.kind == "NIL":
        return "()"
    if token.kind == "ANON":
        return "[]"
    return token.text


_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _after(previous: Token | None, text: str) -> bool:
    return previous is not None and previous.text == text


def _path_modifier(token: Token, previous: Token | None) -> bool:
    """``*``, ``+`` or ``?`` after a path step: rdflib reads it as a modifier only when glued."""
    if token.kind != "PUNCT" or token.text not in "*+?" or previous is None:
        return False
    return previous.kind in {"IRI", "PNAME"} or previous.text == ")" or previous.value == "A"


def _call(token: Token, previous: Token | None) -> bool:
    """``(`` after a keyword or function name: pyoxigraph reads ``COALESCE (`` as an error."""
    return (token.kind == "NIL" or token.text == "(") and previous is not None and previous.kind == "WORD"


def _emitted(guarded: GuardedQuery, where: int) -> str:
    start = guarded.starts[where] - len(PROLOGUE)
    end = guarded.starts[where + 1] - len(PROLOGUE) if where + 1 < len(guarded.starts) else len(guarded.text)
    return guarded.text[start:end].rstrip(" ")


def _absolute(iri: str) -> bool:
    scheme, colon, _ = iri.partition(":")
    return bool(colon) and scheme[:1].isalpha() and all(c.isalnum() or c in "+-." for c in scheme)


def _holds_service(node: object) -> bool:
    """Whether an rdflib parse tree or algebra holds a ``ServiceGraphPattern`` anywhere."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    todo = [node]
    while todo:
        item = todo.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            todo.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            todo.extend(item)
        elif isinstance(item, dict):
            todo.extend(item.values())
    return False
