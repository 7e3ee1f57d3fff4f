"""Authors' names: from the one text a reading keeps (``prx:authors``) to the parts a
citation needs, and back.

A reading keeps its authors in order as one text, ``"Given Family"`` names separated by
``"; "`` (the ontology's ``prx:authors``). Citation styles need each name's family name
apart from its given names ("Alinsky, S. D."), and a text does not always say where one
ends: *Bruce Bueno de Mesquita* is "Bueno de Mesquita, Bruce". So:

- a name is read as **given names then a family name**; the family name is the last word,
  or starts at the first particle (*van*, *von*, *de*, *della*, ...) when one stands
  between the given names and the last word: "Ludwig van Beethoven" is "van Beethoven";
- a name may be written **"Family, Given"** where that rule would cut it wrongly; the
  library writes that form only then (:func:`name_text`), so most names read as typed;
- ``", Jr."`` (or ``Sr.``, ``II``, ``III``, ``IV``) after a name is a suffix, as the
  importers write it;
- a name of one word, or one that looks like a group (an acronym in capitals, or a word
  such as *Collective*, *Network*, *Committee*), is kept whole (CSL's ``literal``);
- ``et al.`` (BibTeX's ``and others``) is kept in the text and left out of CSL names.

>>> split_name("Saul D. Alinsky")
Name(given='Saul D.', family='Alinsky', suffix='', literal='')
>>> split_name("Bueno de Mesquita, Bruce").family
'Bueno de Mesquita'
>>> split_name("Ludwig van Beethoven").family
'van Beethoven'
>>> split_name("Martin Luther King, Jr.").suffix
'Jr.'
>>> split_name("IOPS London").literal
'IOPS London'
>>> split_name("Federação Anarquista do Rio de Janeiro").literal
'Federação Anarquista do Rio de Janeiro'
>>> name_text("Bruce", "Bueno de Mesquita"), name_text("Saul D.", "Alinsky")
('Bueno de Mesquita, Bruce', 'Saul D. Alinsky')
>>> authors_of("Michael Albert; Robin Hahnel")
('Michael Albert', 'Robin Hahnel')
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.io.identifiers import label_key

__all__ = [
    "ET_AL",
    "Name",
    "author_key",
    "authors_of",
    "authors_text",
    "csl_name",
    "name_text",
    "split_name",
]

#: What the importers write for BibTeX's "and others".
ET_AL = "et al."

_PARTICLES = {
    "af", "al", "av", "bin", "da", "das", "de", "degli", "dei", "del", "della", "der", "des",
    "di", "do", "dos", "du", "el", "ibn", "la", "le", "op", "st", "te", "ten", "ter", "van",
    "vander", "von", "zu",
}  # fmt: skip
_SUFFIXES = {"jr", "jr.", "junior", "sr", "sr.", "senior", "ii", "iii", "iv"}
_GROUP_WORDS = {
    "association", "campaign", "centre", "center", "coalition", "collective", "committee",
    "council", "federation", "foundation", "group", "institute", "movement", "network",
    "organisation", "organization", "party", "press", "project", "society", "union",
    "university",
    # the same words in other languages the library's readings come in
    "federação", "federación", "fédération", "federazione", "föderation", "colectivo", "coletivo",
    "collectif", "kollektiv", "asociación", "associação", "sindicato", "syndicat", "gewerkschaft",
    "movimiento", "movimento", "mouvement", "partido", "partei", "rede", "réseau",
    "comité", "comitê", "comitato", "unión", "união", "grupo", "groupe", "gruppe",
}  # fmt: skip


@dataclass(frozen=True)
class Name:
    """One author's name in parts; ``literal`` is set instead for a name kept whole."""

    given: str = ""
    family: str = ""
    suffix: str = ""
    literal: str = ""


def authors_of(text: str | None) -> tuple[str, ...]:
    """The names in a ``prx:authors`` text, in order."""
    return tuple(part.strip() for part in (text or "").split(";") if part.strip())


def authors_text(names: list[str] | tuple[str, ...]) -> str:
    """The ``prx:authors`` text for ``names`` (empty ones dropped, spaces tidied)."""
    return "; ".join(" ".join(name.split()) for name in names if name.strip())


def _is_group(words: list[str]) -> bool:
    return any(
        (len(word) >= 2 and word.isupper() and word.isalpha()) or word.casefold().strip(".,") in _GROUP_WORDS
        for word in words
    )


def _by_words(text: str) -> Name:
    words = text.split()
    if len(words) < 2 or _is_group(words):
        return Name(literal=text)
    start = len(words) - 1
    for index in range(1, len(words) - 1):
        if words[index].casefold() in _PARTICLES:
            start = index
            break
    return Name(given=" ".join(words[:start]), family=" ".join(words[start:]))


def split_name(text: str) -> Name:
    """The parts of one name as the module notes describe."""
    text = " ".join(text.split())
    if not text or text == ET_AL:
        return Name(literal=text)
    head, comma, tail = text.partition(",")
    if comma and tail.strip():
        if tail.strip().casefold() in _SUFFIXES:
            found = _by_words(head.strip())
            return Name(found.given, found.family, tail.strip(), found.literal)
        given, _, suffix = tail.strip().partition(",")
        return Name(given=given.strip(), family=head.strip(), suffix=suffix.strip())
    return _by_words(text)


def name_text(given: str, family: str, suffix: str = "") -> str:
    """How the library writes a name: "Given Family" when it reads back the same, else
    "Family, Given"; a suffix follows after a comma."""
    given, family, suffix = (" ".join(part.split()) for part in (given, family, suffix))
    if not given:
        return family + (f", {suffix}" if suffix else "")
    plain = f"{given} {family}"
    if split_name(plain) == Name(given, family):
        return plain + (f", {suffix}" if suffix else "")
    return f"{family}, {given}" + (f", {suffix}" if suffix else "")


def csl_name(text: str) -> dict[str, str] | None:
    """A CSL-JSON name object for one name (``None`` for ``et al.``)."""
    name = split_name(text)
    if name.literal == ET_AL or not text.strip():
        return None
    if name.literal:
        return {"literal": name.literal}
    found = {"family": name.family, "given": name.given}
    if name.suffix:
        found["suffix"] = name.suffix
    return {key: value for key, value in found.items() if value}


def author_key(text: str) -> str:
    """A key that says two names are the same person, whichever way they are written:
    family name and first initial ("alinsky|s")."""
    name = split_name(text)
    if name.literal:
        return label_key(name.literal)
    initial = label_key(name.given)[:1]
    return f"{label_key(name.family)}|{initial}"
