"""NAVCO 1.2: the documented mapping, refusals of a broken CSV, and the success rates reproduced."""

from __future__ import annotations

import csv
import json
import re

import pytest

from graph import strategy
from graph.access import Viewer
from graph.errors import BadInput, NotAllowed
from graph.io.navco import SOURCE, import_navco, read_navco, statements
from graph.namespaces import DCTERMS, PROV, PRX, SDO, VOCAB
from graph.store import open_store
from tests.data import SHARED, SHARED_REASON

NAVCO = SHARED / "navco-1.2.csv"
needs_navco = pytest.mark.skipif(not NAVCO.is_file(), reason=SHARED_REASON)

HEADER = (
    "NAVCO ID,CAMPAIGN,LOCATION,BYEAR,EYEAR,TARGET,SUCCESS,LIMITED,FAILURE,ONGOING,NONVIOL,VIOL,DURATION\n"
)
ROWS = (
    "1,Won without arms,Somewhere,1980,1982,A regime,1,0,0,0,1,0,700\n"
    "2,Concessions by force,Elsewhere,1990,1995,A government,0,1,0,0,0,1,1800\n"
    "3,Still going,Here,2010,2014,An occupation,0,0,1,1,1,0,1500\n"
)


def rates_from_the_csv() -> dict[str, tuple[int, int]]:
    """Successes and campaigns per method, read with the csv module alone."""
    with NAVCO.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        column: (
            sum(r["SUCCESS"] == "1" for r in rows if r[column] == "1"),
            sum(r[column] == "1" for r in rows),
        )
        for column in ("NONVIOL", "VIOL")
    }


@pytest.fixture(scope="module")
def navco_store(ontology_quads):
    """Ontology plus NAVCO 1.2, imported once for the module (validation takes a few seconds)."""
    if not NAVCO.is_file():
        pytest.skip(SHARED_REASON)
    store = open_store("memory:")
    store.load_trusted(ontology_quads)
    summary = import_navco(store, NAVCO, viewer=Viewer.organiser())
    assert (summary.campaigns, summary.nonviolent, summary.violent) == (389, 169, 220)
    return store


@needs_navco
@pytest.mark.shared
@pytest.mark.parametrize(("method", "column"), [("civil-resistance", "NONVIOL"), ("insurrection", "VIOL")])
def test_taught_reproduces_the_success_rates_in_the_csv(navco_store, method, column):
    successes, campaigns = rates_from_the_csv()[column]
    viewer = Viewer.visitor()  # NAVCO is public
    answer = strategy.answer(
        navco_store, viewer, strategy.ask(navco_store, viewer, method=method, indicator="goal-attainment")
    )
    [goal] = answer.indicators
    assert answer.action_count == campaigns
    assert goal.n == campaigns
    assert goal.count(2) == successes
    assert goal.share(2) == pytest.approx(successes / campaigns)


@needs_navco
@pytest.mark.shared
def test_the_rates_are_the_published_ones(navco_store):
    """NAVCO 1.2: 94 of 169 nonviolent campaigns succeeded (55.6%), 56 of 220 violent ones (25.5%)."""
    assert rates_from_the_csv() == {"NONVIOL": (94, 169), "VIOL": (56, 220)}
    answer = strategy.answer(
        navco_store, Viewer.visitor(), strategy.Question(indicator=VOCAB["indicator-goal-attainment"])
    )
    assert answer.leader(VOCAB["indicator-goal-attainment"]).method == VOCAB["civil-resistance"]


@needs_navco
@pytest.mark.shared
def test_praxis_import_navco_then_taught(run_praxis):
    assert run_praxis("init", "--empty").returncode == 0
    imported = run_praxis("import", "navco", str(NAVCO))
    assert imported.returncode == 0, imported.stderr.decode()
    assert b"389 campaigns" in imported.stderr
    result = run_praxis(
        "--as", "visitor", "taught", "--method", "civil-resistance", "--indicator", "goal-attainment",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    body = json.loads(result.stdout)
    successes, campaigns = rates_from_the_csv()["NONVIOL"]
    assert body["actions"] == campaigns
    assert body["indicators"][0]["n"] == campaigns
    assert body["indicators"][0]["distribution"]["+2"] == successes
    stats = json.loads(run_praxis("stats", "--format", "json").stdout)
    assert (stats["Campaign"], stats["Action"], stats["Assessment"]) == (389, 389, 389)
    refused = run_praxis("--as", "member", "import", "navco", str(NAVCO))
    assert refused.returncode == 2
    assert b"Only an organiser" in refused.stderr


def test_each_row_becomes_a_campaign_an_action_and_an_assessment():
    rows = read_navco(HEADER + ROWS)
    triples = {(s.subject, s.predicate, s.object) for s in statements(rows)}
    won, forced, going = rows
    assert (won.iri("action"), PRX.usesMethod, VOCAB["civil-resistance"]) in triples
    assert (forced.iri("action"), PRX.usesMethod, VOCAB["insurrection"]) in triples
    scores = {
        row.campaign: next(o for s, p, o in triples if s == row.iri("assessment") and p == PRX.score)
        for row in rows
    }
    assert {name: int(score) for name, score in scores.items()} == {
        "Won without arms": 2,
        "Concessions by force": 1,
        "Still going": -1,
    }
    assert (going.iri("campaign"), PRX.status, PRX.Active) in triples
    assert (won.iri("campaign"), PRX.status, PRX.Concluded) in triples
    assert not any(s == going.iri("campaign") and p == SDO.endDate for s, p, _ in triples)
    assert (won.iri("assessment"), PROV.wasDerivedFrom, SOURCE) in triples
    assert not any(p == PRX.organisedBy for _, p, _ in triples)
    assert not any(p == DCTERMS.creator for _, p, _ in triples)  # no member is the assessor
    assert str(won.iri("action")).rsplit("/", 1)[-1].startswith("action-")
    assert "Won" not in str(won.iri("action"))  # opaque


def test_the_mapping_is_valid_and_written_once(store, tmp_path):
    path = tmp_path / "navco.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    import_navco(store, path, viewer=Viewer.organiser())
    import_navco(store, path, viewer=Viewer.organiser())
    counts = store.stats(Viewer.visitor())
    assert (counts["Campaign"], counts["Action"], counts["Assessment"]) == (3, 3, 3)
    with pytest.raises(NotAllowed):
        import_navco(store, path, viewer=Viewer.member("wren"))


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("NAVCO ID,CAMPAIGN\n1,x\n", "lacks the column(s) LOCATION", 1),
        (
            HEADER + "4,Both,Here,2000,2001,T,1,1,0,0,1,0,1\n",
            "exactly one of SUCCESS, LIMITED and FAILURE",
            2,
        ),
        (HEADER + ROWS + "5,Neither,Here,2000,2001,T,1,0,0,0,0,0,1\n", "exactly one of NONVIOL and VIOL", 5),
        (HEADER + "6,Odd year,Here,20x0,2001,T,1,0,0,0,1,0,1\n", "BYEAR must be a year", 2),
        (HEADER + "7,Bad flag,Here,2000,2001,T,yes,0,0,0,1,0,1\n", "SUCCESS must be 0 or 1", 2),
        (HEADER + ROWS + ROWS.splitlines(keepends=True)[0], "listed twice (first on line 2)", 5),
        # issue 16, item 5: rows with cells missing or added, and files cut in a quoted cell
        (
            HEADER + ROWS + "8,Short row,Here,2000,2001,T,1,0,0,0,1,0\n",
            "has 12 cells but the header has 13",
            5,
        ),
        (HEADER + "9,Long,Here,2000,2001,T,1,0,0,0,1,0,1,extra\n", "a cell or a separator is too many", 2),
        (HEADER + ROWS + '10,"Cut in a quoted', "a quoted cell is not closed", 5),
    ],
)
def test_a_broken_csv_is_refused_with_its_line_and_nothing_is_written(store, tmp_path, text, message, line):
    path = tmp_path / "broken.csv"
    path.write_text(text, encoding="utf-8")
    before = store.stats(Viewer.organiser())["statements"]
    with pytest.raises(BadInput, match=re.escape(message)) as caught:
        import_navco(store, path, viewer=Viewer.organiser())
    assert caught.value.line == line
    assert store.stats(Viewer.organiser())["statements"] == before
