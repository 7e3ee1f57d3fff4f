"""SKOS thesauri import as schemes of their own; organisers accept or reject suggested matches."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from graph.access import Viewer
from graph.errors import BadInput, NotAllowed
from graph.io.skos import accept_match, import_skos, imported_schemes, match_suggestions, reject_match
from graph.namespaces import PRX, SKOS, VOCAB
from tests.data import SHARED, SHARED_REASON

ORGANISER = Viewer.organiser()
EX = "https://thesaurus.example.org/"
THESAURUS = f"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <{EX}> .
@prefix pxv: <https://w3id.org/praxis/vocab/> .
ex:scheme a skos:ConceptScheme ; skos:prefLabel "Example thesaurus"@en .
ex:racism a skos:Concept ; skos:inScheme ex:scheme ; skos:prefLabel "Racisme"@fr , "Racism"@en .
ex:capital a skos:Concept ; skos:inScheme ex:scheme ; skos:prefLabel "Capitalisme"@fr ;
    skos:altLabel "CAPITALISM"@en .
ex:gardens a skos:Concept ; skos:inScheme ex:scheme ; skos:prefLabel "Community gardens"@en .
pxv:racism skos:prefLabel "Hijacked"@en .
"""


def run(store, text: str = THESAURUS, viewer: Viewer = ORGANISER):
    return import_skos(store, text.encode("utf-8"), viewer=viewer, source="thesaurus.ttl")


def pairs(store) -> set[tuple[URIRef, URIRef]]:
    return {(s.ours, s.theirs) for s in match_suggestions(store, ORGANISER)}


def test_a_thesaurus_becomes_its_own_scheme_with_suggested_matches(store):
    report = run(store)
    assert (report.added, report.suggestions) == (3, 2)
    assert "statements about our own terms" in report.warnings[0].message
    labels = store.select("label_of", ORGANISER, node=VOCAB["racism"])
    assert "Hijacked" not in {row["label"] for row in labels}  # our vocabulary is never rewritten
    [scheme] = imported_schemes(store, ORGANISER)
    assert (scheme.iri, scheme.label, scheme.concepts) == (URIRef(EX + "scheme"), "Example thesaurus", 3)
    assert pairs(store) == {
        (VOCAB["racism"], URIRef(EX + "racism")),
        (VOCAB["capitalism"], URIRef(EX + "capital")),
    }
    [capital] = [s for s in match_suggestions(store, ORGANISER) if s.ours == VOCAB["capitalism"]]
    assert (capital.theirs_label, capital.matched) == ("Capitalisme", "CAPITALISM")
    assert store.validate() == []


def test_accepting_and_rejecting_are_kept_and_survive_a_reimport(store):
    run(store)
    accept_match(store, ORGANISER, VOCAB["racism"], URIRef(EX + "racism"))
    reject_match(store, ORGANISER, VOCAB["capitalism"], URIRef(EX + "capital"))
    assert pairs(store) == set()
    rows = store.select("import_match_links", ORGANISER)
    assert {(r["ours"], r["relation"], r["theirs"]) for r in rows} == {
        (VOCAB["racism"], SKOS.closeMatch, URIRef(EX + "racism")),
        (VOCAB["capitalism"], PRX.rejectedMatch, URIRef(EX + "capital")),
    }
    again = run(store)
    assert (again.added, again.merged, again.suggestions) == (0, 3, 0)
    accept_match(store, ORGANISER, VOCAB["capitalism"], URIRef(EX + "capital"))  # a change of mind
    rows = store.select("import_match_links", ORGANISER)
    assert (VOCAB["capitalism"], PRX.rejectedMatch, URIRef(EX + "capital")) not in {
        (r["ours"], r["relation"], r["theirs"]) for r in rows
    }


def test_only_organisers_import_thesauri_and_decide_matches(store):
    with pytest.raises(NotAllowed):
        run(store, viewer=Viewer.member("wren"))
    run(store)
    with pytest.raises(NotAllowed):
        accept_match(store, Viewer.member("wren"), VOCAB["racism"], URIRef(EX + "racism"))


def test_a_file_that_is_not_skos_is_refused(store):
    with pytest.raises(BadInput, match="this is not a SKOS thesaurus"):
        run(store, "<https://e.org/a> <https://e.org/b> <https://e.org/c> .")
    with pytest.raises(BadInput, match=r"thesaurus\.ttl, line 1"):
        run(store, "@prefix skos: <http://www.w3.org/2004/02/skos/core#> . ex:broken")


UNESCO = SHARED / "unesco-thesaurus.ttl"


@pytest.mark.shared
@pytest.mark.skipif(not UNESCO.exists(), reason=SHARED_REASON)
def test_the_unesco_thesaurus_imports_as_its_own_scheme(store):
    report = import_skos(store, UNESCO.read_bytes(), viewer=ORGANISER, source=UNESCO.name)
    assert report.added == 4482
    [scheme] = imported_schemes(store, ORGANISER)
    assert (
        str(scheme.iri) == "http://vocabularies.unesco.org/thesaurus" and scheme.label == "UNESCO Thesaurus"
    )
    found = {(s.ours, s.matched.casefold()) for s in match_suggestions(store, ORGANISER)}
    assert (VOCAB["racism"], "racism") in found
    assert (VOCAB["capitalism"], "capitalism") in found
    assert report.suggestions == len(match_suggestions(store, ORGANISER))
