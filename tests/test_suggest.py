"""Readings for a campaign: reasons from real paths, the ranking's guarantees, visibility,
marking readings as read, and the ``praxis suggest`` command.

The seed graph is used where the reasons must read like the real thing; small graphs
built by hand where a guarantee or a number is tested (worked out in the comments).
"""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from graph.access import Viewer, Visibility
from graph.errors import BadInput, NotAllowed
from graph.namespaces import BIBO, DATA, DCTERMS, GRAPH, PRX, RDF, RDFS, VOCAB
from graph.store import Statement, open_store
from graph.suggest import (
    EDGE_WEIGHTS,
    ReasonKind,
    TextIndex,
    Weights,
    campaign_choices,
    mark_read,
    model_for,
    resolve_campaign,
    suggest,
    unmark_read,
)

HOUSING = DATA["campaign-housing"]
ORGANISER, MEMBER, VISITOR = Viewer.organiser(), Viewer.member("wren"), Viewer.visitor()
MCALEVEY = DATA["reading-mcalevey-2016-no-shortcuts"]
PUBLIC_CAMPAIGNS = [
    "campaign-montgomery-bus-boycott",
    "campaign-grunwick",
    "campaign-seabrook-occupations",
    "campaign-occupy-wall-street",
]


def linked(store, a: URIRef, b: URIRef) -> bool:
    """Is there a link the walk follows between ``a`` and ``b``, in either direction?"""
    pairs = {(_ox(a), _ox(b)), (_ox(b), _ox(a))}
    return any(
        (quad.subject, quad.object) in pairs and URIRef(quad.predicate.value) in EDGE_WEIGHTS
        for quad in store.quads(Viewer.organiser())
    )


def _ox(node):
    return ox.NamedNode(str(node))


def _quads(store, subject, predicate, obj) -> list:
    """The quads of one statement, in whichever graphs hold it."""
    wanted = (_ox(subject), _ox(predicate), _ox(obj))
    return [q for q in store.quads(Viewer.organiser()) if (q.subject, q.predicate, q.object) == wanted]


def labels(store, node) -> set[str]:
    return {str(r["label"]) for r in store.select("label_of", ORGANISER, node=node)}


# ------------------------------------------------------------- reasons are real
@pytest.mark.parametrize("campaign", ["campaign-housing", "campaign-care-work", *PUBLIC_CAMPAIGNS])
def test_every_reason_follows_links_that_exist_and_names_what_they_join(seeded, campaign):
    found = suggest(seeded, ORGANISER, campaign=campaign, top=15)
    assert len(found) == 15
    for item in found:
        assert item.reasons and all(isinstance(r, str) and r for r in item.reasons)
        assert item.reasons == tuple(r.text for r in item.explained)
        for reason in item.explained:
            if reason.kind is ReasonKind.WORDS:
                continue
            assert reason.path[0] == item.reading
            assert reason.path[-1] == DATA[campaign], reason
            for a, b in zip(reason.path, reason.path[1:], strict=False):
                assert linked(seeded, a, b), f"{reason.text}: no link between {a} and {b}"
            if reason.kind is ReasonKind.PATH:
                # a longer chain names its first and last link; every step is in "how"
                named = (reason.path[1], reason.path[-2], reason.path[-1])
                for node in reason.path:
                    assert any(label.casefold() in reason.how.casefold() for label in labels(seeded, node))
            else:
                named = reason.path[1:] if reason.kind is ReasonKind.ABOUT else reason.path[1:-1]
            for node in named:
                text = reason.text.casefold()
                assert any(label.casefold() in text for label in labels(seeded, node)), (node, reason.text)


def test_a_challenged_claim_is_explained_from_the_lesson_and_action_that_challenged_it(seeded):
    found = {s.reading: s for s in suggest(seeded, ORGANISER, campaign=HOUSING, top=65)}
    assert (
        'its claim "Organising beats mobilising" was challenged by the lesson "A fast mobilisation '
        'won the mould repairs" from the action "Mould petition walked to the housing office" on '
        "16 November 2024"
    ) in found[MCALEVEY].reasons
    assert found[MCALEVEY].parts["challenge"] == 1.0
    # Tufekci's claim was only qualified by the housing campaign's group-chat lesson: half a boost.
    assert found[DATA["reading-tufekci-2017-twitter-and-tear-gas"]].parts["challenge"] == 0.5
    assert found[DATA["reading-freire-1970-pedagogy-of-the-oppressed"]].parts["challenge"] == 0.0


def test_words_in_common_are_written_by_the_reading_and_used_by_the_campaign(seeded):
    from graph.suggest import stem, tokens

    model = model_for(seeded, ORGANISER)
    campaign_stems = {s for s, _ in tokens(model.campaign_text(HOUSING))}
    abstracts = {
        r["reading"]: f"{r['title']} {r['abstract']}".lower()
        for r in seeded.select("suggest_readings", ORGANISER)
    }
    worded = [s for s in suggest(seeded, ORGANISER, campaign=HOUSING, top=20) if s.parts["text"] > 0]
    assert len(worded) >= 10
    for item in worded:
        prefix = "shares words with the campaign: "
        (line,) = [r for r in item.reasons if r.startswith(prefix)]
        for word in line.removeprefix(prefix).split(", "):
            assert word in abstracts[item.reading] and stem(word) in campaign_stems, (item.title, word)


def test_a_withdrawn_lesson_no_longer_makes_a_reading_worth_revisiting(seeded):
    before = {s.reading: s for s in suggest(seeded, ORGANISER, campaign=HOUSING, top=65)}
    assert before[MCALEVEY].parts["challenge"] == 1.0
    withdrawn = Statement(DATA["lesson-2059a6"], PRX.withdrawn, Literal(True), Visibility.MEMBERS)
    seeded.write([withdrawn], viewer=ORGANISER, validate=False)
    after = {s.reading: s for s in suggest(seeded, ORGANISER, campaign=HOUSING, top=65)}
    assert after[MCALEVEY].parts["challenge"] == 0.0
    assert not any("A fast mobilisation" in r for s in after.values() for r in s.reasons)


# ------------------------------------------------------- the ranking's guarantees
def tiny_store(ontology_quads, statements: list[Statement]):
    store = open_store("memory:")
    store.load_trusted(ontology_quads)
    store.write(statements, viewer=ORGANISER, validate=False)
    return store


def reading(iri: URIRef, title: str, abstract: str, *about: URIRef) -> list[Statement]:
    pairs = [(RDF.type, PRX.Reading), (RDF.type, BIBO.Book), (DCTERMS.title, Literal(title))]
    pairs += [(DCTERMS.abstract, Literal(abstract)), (PRX.visibility, PRX.Public)]
    pairs += [(PRX.discusses, target) for target in about]
    return [Statement(iri, p, o) for p, o in pairs]


def campaign(iri: URIRef, description: str, *addresses: URIRef) -> list[Statement]:
    pairs = [
        (RDF.type, PRX.Campaign),
        (RDFS.label, Literal("Estate repairs")),
        (DCTERMS.description, Literal(description)),
    ]
    pairs += [(PRX.status, PRX.Active), (PRX.visibility, PRX.Public)]
    return [Statement(iri, p, o) for p, o in pairs + [(PRX.addresses, c) for c in addresses]]


CAMPAIGN, BOTH, NEITHER, LONELY = (
    DATA["campaign-t"],
    DATA["reading-both"],
    DATA["reading-neither"],
    DATA["claim-lonely"],
)


@settings(max_examples=25, deadline=None)
# no links in the score, only words and the challenge boost: words are not capped by links then
@example(kinds=[], graph=0.0, text=1.0, challenge=1.0, restart=0.5, diversity=0.0, per_concept=1, top=1)
# a text weight near zero: the cap on words divided the links by it, and overflowed
@example(kinds=["both"], graph=1, text=5e-324, challenge=0.0, restart=0.5, diversity=0, per_concept=1, top=1)
@pytest.mark.filterwarnings("error::RuntimeWarning")
@given(
    kinds=st.lists(st.sampled_from(["path", "text", "both", "neither"]), max_size=8),
    graph=st.floats(0, 1),
    text=st.floats(0, 1),
    challenge=st.floats(0, 1),
    restart=st.floats(0.05, 0.9),
    diversity=st.floats(0, 1),
    per_concept=st.integers(1, 10),
    top=st.integers(1, 15),
)
def test_a_reading_with_no_path_and_no_shared_word_never_outranks_one_with_both(
    ontology_quads, kinds, graph, text, challenge, restart, diversity, per_concept, top
):
    statements = campaign(CAMPAIGN, "Tenants on the estate want repairs and no rent rise.", VOCAB["parecon"])
    statements += reading(BOTH, "Rent and repairs", "How tenants won repairs.", VOCAB["parecon"])
    # The "neither" reading discusses a claim nothing else links to, in words the campaign never uses.
    statements += [Statement(LONELY, RDF.type, PRX.Claim)]
    statements += reading(NEITHER, "Medieval astronomy", "Tides, comets and calendars.", LONELY)
    for number, kind in enumerate(kinds):
        about = VOCAB["capitalism"] if kind in ("path", "both") else LONELY
        words = "rent repairs" if kind in ("text", "both") else "comets"
        statements += reading(DATA[f"reading-x{number}"], f"Extra {number}", f"About {words}.", about)
    store = tiny_store(ontology_quads, statements)
    weights = Weights(
        graph=graph,
        text=text,
        challenge=challenge,
        restart=restart,
        diversity=diversity,
        per_concept=per_concept,
    )
    found = [s.reading for s in suggest(store, ORGANISER, campaign=CAMPAIGN, top=top, weights=weights)]
    assert NEITHER not in found
    if graph + text > 0:
        assert BOTH in found or len(found) == top
    for number, kind in enumerate(kinds):
        if kind == "neither":
            assert DATA[f"reading-x{number}"] not in found


def test_the_top_of_the_list_is_not_all_on_one_concept(ontology_quads):
    # Twelve readings on parecon, each also written about the campaign (a direct link), and
    # three on community. By the walk alone a parecon reading scores 1 and a community one
    # about 0.19 (the campaign's mass reaches them through community, split four ways), so
    # by score alone the top ten are all parecon; with the per-concept cap (5) all three
    # community readings get in after five parecon ones (a sixth keeps a tenth: 0.07).
    statements = campaign(
        CAMPAIGN, "Planning the estate's economy together.", VOCAB["parecon"], VOCAB["community"]
    )
    for n in range(12):
        statements += reading(
            DATA[f"reading-p{n}"], f"Planning {n}", "Planning the economy.", VOCAB["parecon"]
        )
        statements.append(Statement(DATA[f"reading-p{n}"], PRX.aboutCampaign, CAMPAIGN))
    for n in range(3):
        statements += reading(DATA[f"reading-c{n}"], f"Neighbours {n}", "Neighbours.", VOCAB["community"])
    store = tiny_store(ontology_quads, statements)
    linked = Weights(graph=1.0, text=0.0, challenge=0.0)
    plain = suggest(store, ORGANISER, campaign=CAMPAIGN, weights=replace(linked, diversity=0, per_concept=10))
    varied = suggest(store, ORGANISER, campaign=CAMPAIGN, weights=linked)
    assert all("Planning" in s.title for s in plain)
    assert [s.title for s in varied[5:8]] == ["Neighbours 0", "Neighbours 1", "Neighbours 2"]
    assert all("Planning" in s.title for s in varied[:5] + varied[8:])
    # the list is in the order of what it was ranked on, though the scores are not
    assert [s.ranked_on for s in varied] == sorted((s.ranked_on for s in varied), reverse=True)
    assert varied[8].score > varied[5].score


@pytest.mark.parametrize(
    "campaign_name", ["campaign-housing", "campaign-otpor", "campaign-recovered-factories"]
)
def test_no_seed_campaign_gets_ten_readings_on_one_concept(seeded, campaign_name):
    found = suggest(seeded, ORGANISER, campaign=campaign_name)
    model = model_for(seeded, ORGANISER)
    topics = [model.out[PRX.discusses].get(s.reading, set()) for s in found]
    assert len(found) == 10
    assert max(sum(t in ts for ts in topics) for t in set().union(*topics)) < 10


# ------------------------------------------------------------ numbers by hand
def test_the_walk_matches_the_stationary_probabilities_worked_out_by_hand(ontology_quads):
    # One link, campaign - concept. With restart 0.5 at the campaign:
    #   p_c = 0.5 + 0.5 p_x and p_x = 0.5 p_c, so p_c = 2/3 and p_x = 1/3.
    store = open_store("memory:")
    store.write(campaign(CAMPAIGN, "x", VOCAB["parecon"]), viewer=ORGANISER, validate=False)
    model = model_for(store, ORGANISER)
    mass = model.walk({CAMPAIGN: 1.0}, restart=0.5, steps=200)
    assert mass[model.index[CAMPAIGN]] == pytest.approx(2 / 3, abs=1e-6)
    assert mass[model.index[VOCAB["parecon"]]] == pytest.approx(1 / 3, abs=1e-6)


def test_bm25_scores_match_the_formula_worked_out_by_hand():
    # d1 "rent rent", d2 "rent strike": both 2 words long, so the length norm is k1 = 1.2.
    # The index holds tf * (k1 + 1) / (tf + k1): d1 rent 2 * 2.2 / 3.2 = 1.375, d2 rent and
    # strike 2.2 / 2.2 = 1. The query brings idf(rent) = ln(1 + 0.5/2.5) = ln 1.2 (both use
    # it), so d1 scores 1.375 ln1.2 and d2 ln1.2: 1 and 1/1.375 once divided by the best.
    index = TextIndex.build(["rent rent", "rent strike"])
    query = index.query("rent")
    assert query.terms == {index.vocabulary["rent"]: pytest.approx(math.log(1.2))}
    d1, d2 = index.scores(query)
    assert (d1, d2) == pytest.approx((1.0, 1 / 1.375))
    assert index.weights[0, index.vocabulary["rent"]] == pytest.approx(1.375)
    assert index.weights[1, index.vocabulary["strike"]] == pytest.approx(1.0)
    assert list(index.scores(index.query("strikes"))) == [0.0, 1.0]


# ------------------------------------------------------------------ free text
def test_a_campaign_described_in_words_gets_readings_from_its_concepts_and_words(seeded):
    text = "Tenants on our estate are organising against a rent rise and for repairs to damp flats."
    found = suggest(seeded, VISITOR, text=text, concepts=["Grassroots organising"])
    assert len(found) == 10
    assert all(s.reasons for s in found)
    reasons = [r for s in found for r in s.reasons]
    assert any(r == "discusses grassroots organising, which you added" for r in reasons)
    assert any(r.startswith("shares words with your description: ") and "rent" in r for r in reasons)
    assert not any(s.already_read for s in found)


def test_concepts_a_description_names_are_used_and_said_so(seeded):
    found = suggest(seeded, ORGANISER, text="We are planning a sit-in at the housing office.")
    assert any("which your description mentions" in r for s in found for r in s.reasons)


def test_nothing_to_go_on_is_bad_input(seeded):
    with pytest.raises(BadInput, match="say which campaign"):
        suggest(seeded, ORGANISER)
    with pytest.raises(BadInput, match="no concept called"):
        suggest(seeded, ORGANISER, text="rent", concepts=["no such idea"])


# ------------------------------------------------------------------ visibility
def hidden_lessons(store) -> dict[URIRef, str]:
    everyone = {r["lesson"]: r["title"] for r in store.select("lessons_all", ORGANISER)}
    public = {r["lesson"] for r in store.select("lessons_all", VISITOR)}
    return {lesson: title for lesson, title in everyone.items() if lesson not in public}


def test_visitors_suggestions_never_use_members_only_records(seeded):
    hidden = hidden_lessons(seeded)
    assert len(hidden) >= 20
    runs = [suggest(seeded, VISITOR, campaign=c, top=20) for c in PUBLIC_CAMPAIGNS]
    runs.append(
        suggest(
            seeded, VISITOR, text="tenants organising a rent strike", concepts=["pxv:grassroots-organising"]
        )
    )
    for found in runs:
        for item in found:
            for reason in item.explained:
                assert not set(reason.path) & hidden.keys(), reason.text
                assert not any(title in reason.text for title in hidden.values()), reason.text
    assert campaign_choices(seeded, VISITOR, active_only=True) == []
    with pytest.raises(BadInput, match="no campaign called"):
        resolve_campaign(seeded, VISITOR, "campaign-housing")


def test_a_campaign_is_found_by_iri_local_name_or_label(seeded):
    for name in (
        str(HOUSING),
        "px:campaign-housing",
        "campaign-housing",
        "Tenants' housing campaign (our chapter)",
    ):
        assert resolve_campaign(seeded, MEMBER, name) == HOUSING


# ----------------------------------------------------------------- read for
def test_marking_a_reading_as_read_for_a_campaign_shows_at_once_and_stays_with_members(seeded):
    assert mark_read(seeded, MEMBER, reading=MCALEVEY, campaign=HOUSING) is True
    assert mark_read(seeded, MEMBER, reading=MCALEVEY, campaign=HOUSING) is False
    (quad,) = _quads(seeded, MCALEVEY, PRX.readFor, HOUSING)
    assert quad.graph_name.value == str(GRAPH["members"])  # the campaign is members-only
    found = {s.reading: s for s in suggest(seeded, MEMBER, campaign=HOUSING, top=65)}
    assert found[MCALEVEY].already_read
    assert sum(s.already_read for s in found.values()) == 1
    assert unmark_read(seeded, MEMBER, reading=MCALEVEY, campaign=HOUSING) is True
    assert not {s.reading: s for s in suggest(seeded, MEMBER, campaign=HOUSING, top=65)}[
        MCALEVEY
    ].already_read


def test_only_members_and_organisers_mark_readings_and_only_for_campaigns(seeded):
    grunwick = DATA["campaign-grunwick"]
    with pytest.raises(NotAllowed):
        mark_read(seeded, VISITOR, reading=MCALEVEY, campaign=grunwick)
    with pytest.raises(BadInput, match="not a campaign"):
        mark_read(seeded, MEMBER, reading=MCALEVEY, campaign=VOCAB["parecon"])
    assert mark_read(seeded, MEMBER, reading=MCALEVEY, campaign=grunwick)
    (quad,) = _quads(seeded, MCALEVEY, PRX.readFor, grunwick)
    assert quad.graph_name.value == str(GRAPH["public"])  # a public campaign, a public reading


# ----------------------------------------------------------------------- CLI
def test_praxis_suggest_prints_json_best_first_with_reasons(run_praxis):
    assert run_praxis("init").returncode == 0
    result = run_praxis(
        "suggest", "--campaign", "Tenants' housing campaign (our chapter)", "--format", "json"
    )
    assert result.returncode == 0, result.stderr.decode()
    rows = json.loads(result.stdout)
    assert len(rows) == 10
    assert [r["ranked_on"] for r in rows] == sorted((r["ranked_on"] for r in rows), reverse=True)
    for row in rows:
        assert {"reading", "title", "score", "ranked_on", "basis", "reasons"} <= row.keys()
        assert row["reading"].startswith("https://w3id.org/praxis/id/")
        assert isinstance(row["score"], float) and row["score"] > 0
        assert row["reasons"] and all(isinstance(r, str) and r for r in row["reasons"])
    described = run_praxis(
        "suggest", "--text", "a rent strike on our estate", "--concept", "Community", "--top", "3"
    )
    assert described.returncode == 0, described.stderr.decode()
    out = described.stdout.decode()
    assert out.startswith('Read as: Rent withholding (a method of action: "rent strike")')
    assert " ".join(out.split("\n\n")[0].split()).endswith("; Community (a concept you added).")
    assert "\n 1. " in out and "\n    ranked on " in out
    assert run_praxis("suggest").returncode == 2
    hidden = run_praxis("--as", "visitor", "suggest", "--campaign", "campaign-housing")
    assert hidden.returncode == 2
    assert b"no campaign called 'campaign-housing'" in hidden.stderr


# ---------------------------------------------------------------- evaluation
def test_the_judgments_name_seed_campaigns_and_readings_and_the_hybrid_beats_every_baseline(seeded):
    from bench.eval_suggest import METHODS, evaluate, load_judgments, metrics

    judged = load_judgments()
    campaigns = {c.iri for c in campaign_choices(seeded, ORGANISER)}
    readings = set(model_for(seeded, ORGANISER).readings)
    assert set(judged) == campaigns and len(campaigns) == 12
    assert all(r in readings and g in (1, 2, 3) for grades in judged.values() for r, g in grades.items())
    # nDCG by hand: [b, a] with a=3, c=1 judged: DCG = 0 + 7/log2(3); ideal = 7 + 1/log2(3).
    a, b, c = URIRef("a"), URIRef("b"), URIRef("c")
    worked = metrics([b, a], {a: 3, c: 1})
    assert worked["ndcg@10"] == pytest.approx((7 / math.log2(3)) / (7 + 1 / math.log2(3)))
    assert (worked["recall@10"], worked["mrr"]) == (0.5, 0.5)
    results = evaluate(seeded, judged)
    mean = {name: sum(m["ndcg@10"] for m in results[name].values()) / 12 for name in METHODS}
    assert all(mean["hybrid"] > mean[name] for name in METHODS if name != "hybrid"), mean


def test_the_free_text_set_has_a_dozen_descriptions_judged_with_reasons_on_real_readings(seeded):
    import csv

    from bench.eval_suggest import FREE_TEXT_JUDGMENTS, free_text, load_free_text, load_judgments

    described = load_free_text()
    judged = load_judgments(FREE_TEXT_JUDGMENTS, key=str)
    readings = set(model_for(seeded, ORGANISER).readings)
    concepts = set(model_for(seeded, ORGANISER).concepts)
    assert len(described) >= 12 and {d.id for d in described} == set(judged)
    assert all(d.concepts <= concepts and d.text.strip() for d in described)
    assert all(r in readings for grades in judged.values() for r in grades)
    with FREE_TEXT_JUDGMENTS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert all(row["why"].strip() for row in rows)
    # scored as asked: the text alone, as a new campaign; metrics in range for every method
    results = free_text(seeded, described[:3], judged)
    assert all(0 <= m["ndcg@10"] <= 1 for per in results.values() for m in per.values())
