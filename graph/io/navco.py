"""Import NAVCO 1.2 so a session can set its own actions beside 389 documented campaigns.

NAVCO 1.2 (Chenoweth and Stephan; Harvard Dataverse, doi:10.7910/DVN/0UZOTX) lists
maximalist campaigns from 1945 to 2014, one row each. ``praxis import navco FILE``
reads its CSV with this mapping:

===========================  ================================================================
CSV                          graph
===========================  ================================================================
one row                      a public ``prx:Campaign``, one ``prx:Action`` standing for the
                             campaign as a whole, and one ``prx:Assessment`` of that action
CAMPAIGN                     the campaign's ``rdfs:label`` (the action's and assessment's
                             labels start with it)
NAVCO ID                     ``dct:identifier`` of the campaign (not unique in the file: six
                             IDs are shared by two campaigns, so IRIs also use the name)
LOCATION, TARGET             ``schema:location`` of campaign and action; both, with the years,
                             in the campaign's ``dct:description``
BYEAR                        campaign ``schema:startDate`` (``xsd:gYear``); the action's date
                             is 1 January of BYEAR (actions need a full date; NAVCO has years)
EYEAR                        campaign ``schema:endDate`` (``xsd:gYear``), unless ONGOING
ONGOING = 1 / 0              ``prx:status prx:Active`` / ``prx:Concluded``
NONVIOL = 1                  the action ``prx:usesMethod pxv:civil-resistance``
VIOL = 1                     the action ``prx:usesMethod pxv:insurrection``
SUCCESS = 1                  assessment on ``pxv:indicator-goal-attainment``, ``prx:score 2``
LIMITED = 1                  ``prx:score 1``
FAILURE = 1                  ``prx:score -1``
other columns                not imported (read them in the CSV itself)
===========================  ================================================================

Decisions:

* **FAILURE scores -1, not -2.** NAVCO's FAILURE says the campaign did not attain
  its goal (campaigns still running in 2014 are coded FAILURE too); it does not
  say the campaign set its cause back, which the data do not measure. -2 stays
  for a group's own judgement that an action made things worse.
* **No member is the assessor.** Members are pseudonymous people; a dataset is
  not one. NAVCO's records carry no ``dct:creator`` (the shapes allow that) and
  instead ``prov:wasDerivedFrom`` the source record :data:`SOURCE`
  (``px:dataset-navco-1-2``, a ``schema:Dataset`` with its citation and address),
  so every imported statement can be traced to, and filtered by, its source.
* **No organisation.** NAVCO names campaigns, not the organisations behind them,
  so ``prx:organisedBy`` is left out.
* **Stable IRIs.** ``px:campaign-navco-<ID>-<6 hex>``, ``px:action-<6 hex>`` and
  ``px:assessment-<6 hex>``, the hex digits from a hash of the row's ID, name,
  location and years (opaque, as actions and assessments must be). Importing the
  same file again replaces those records instead of doubling them.
* Every row must have exactly one of SUCCESS, LIMITED, FAILURE and exactly one
  of NONVIOL, VIOL; a row that does not is refused with its line number, and
  nothing is written (one validated transaction).

With these rules ``praxis taught --method civil-resistance --indicator
goal-attainment`` counts a score of +2 exactly where the CSV says SUCCESS, so
the share of +2 is NAVCO's success rate (see :func:`success_rates`).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput
from graph.namespaces import DATA, DCTERMS, PROV, PRX, RDF, RDFS, SDO, VOCAB, XSD
from graph.store import PraxisStore, Statement

__all__ = [
    "COLUMNS",
    "SOURCE",
    "NavcoRow",
    "NavcoSummary",
    "import_navco",
    "read_navco",
    "statements",
    "success_rates",
]

#: Columns the importer reads (the file has more; they are ignored).
COLUMNS = (
    "NAVCO ID", "CAMPAIGN", "LOCATION", "BYEAR", "EYEAR", "TARGET",
    "SUCCESS", "LIMITED", "FAILURE", "ONGOING", "NONVIOL", "VIOL",
)  # fmt: skip
#: The source record every imported campaign, action and assessment is derived from.
SOURCE = DATA["dataset-navco-1-2"]
GOAL_ATTAINMENT = VOCAB["indicator-goal-attainment"]
NONVIOLENT = VOCAB["civil-resistance"]
VIOLENT = VOCAB["insurrection"]
SCORE = {"SUCCESS": 2, "LIMITED": 1, "FAILURE": -1}
_OUTCOME_WORDS = {
    "SUCCESS": "success: the campaign achieved its stated goal",
    "LIMITED": "limited success: significant concessions short of the campaign's goal",
    "FAILURE": "failure: the campaign did not achieve its goal",
}
_PUBLIC = Visibility.PUBLIC


@dataclass(frozen=True)
class NavcoRow:
    """One campaign as the CSV gives it."""

    line: int
    navco_id: str
    campaign: str
    location: str
    target: str
    begin: int
    end: int
    outcome: str  # SUCCESS, LIMITED or FAILURE
    ongoing: bool
    nonviolent: bool

    @property
    def key(self) -> str:
        return f"{self.navco_id}|{self.campaign}|{self.location}|{self.begin}|{self.end}"

    def iri(self, kind: str) -> URIRef:
        digest = hashlib.sha1(f"navco-1.2|{kind}|{self.key}".encode()).hexdigest()[:6]
        if kind == "campaign":
            return DATA[f"campaign-navco-{self.navco_id}-{digest}"]
        return DATA[f"{kind}-{digest}"]


@dataclass(frozen=True)
class NavcoSummary:
    """What an import wrote."""

    campaigns: int
    nonviolent: int
    violent: int
    statements: int


def read_navco(data: bytes | str, *, source: str = "navco CSV") -> list[NavcoRow]:
    """Parse and check the CSV; :class:`BadInput` names the line and column of any problem."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    records = _records(text, source)
    _, header = next(records, (1, []))
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise BadInput(
            f"the CSV lacks the column(s) {', '.join(missing)}; is this NAVCO 1.2?", source=source, line=1
        )
    rows: list[NavcoRow] = []
    seen: dict[str, int] = {}
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise BadInput(
                f"the row has {len(cells)} cells but the header has {len(header)} columns: a cell or a "
                "separator is " + ("missing" if len(cells) < len(header) else "too many"),
                source=source,
                line=line,
            )
        row = _row(dict(zip(header, cells, strict=True)), line, source)
        if row.key in seen:
            raise BadInput(
                f"the same campaign is listed twice (first on line {seen[row.key]})",
                source=source,
                line=row.line,
            )
        seen[row.key] = row.line
        rows.append(row)
    if not rows:
        raise BadInput("the CSV has a header but no campaigns", source=source)
    return rows


def _records(text: str, source: str):
    """(line, cells) for each CSV record; a quoted cell left open (a file cut short)
    is refused with its line."""
    reader = csv.reader(io.StringIO(text), strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        detail = str(error)
        if "end of data" in detail:
            detail = "a quoted cell is not closed; the file may be cut short"
        raise BadInput(f"this is not a readable CSV file ({detail})", source=source, line=line) from None


def _row(record: dict[str, str], line: int, source: str) -> NavcoRow:
    def flag(column: str) -> bool:
        value = (record.get(column) or "").strip()
        if value not in ("0", "1"):
            raise BadInput(f"column {column} must be 0 or 1, not {value!r}", source=source, line=line)
        return value == "1"

    def year(column: str) -> int:
        value = (record.get(column) or "").strip()
        if not (len(value) == 4 and value.isdigit()):
            raise BadInput(
                f"column {column} must be a year such as 1989, not {value!r}", source=source, line=line
            )
        return int(value)

    name = (record.get("CAMPAIGN") or "").strip()
    navco_id = (record.get("NAVCO ID") or "").strip()
    if not name or not navco_id:
        raise BadInput("every campaign needs a NAVCO ID and a CAMPAIGN name", source=source, line=line)
    outcomes = [column for column in SCORE if flag(column)]
    if len(outcomes) != 1:
        raise BadInput(
            f"exactly one of SUCCESS, LIMITED and FAILURE must be 1 (found {', '.join(outcomes) or 'none'})",
            source=source,
            line=line,
        )
    nonviolent, violent = flag("NONVIOL"), flag("VIOL")
    if nonviolent == violent:
        raise BadInput("exactly one of NONVIOL and VIOL must be 1", source=source, line=line)
    return NavcoRow(
        line=line,
        navco_id=navco_id,
        campaign=name,
        location=(record.get("LOCATION") or "").strip(),
        target=(record.get("TARGET") or "").strip(),
        begin=year("BYEAR"),
        end=year("EYEAR"),
        outcome=outcomes[0],
        ongoing=flag("ONGOING"),
        nonviolent=nonviolent,
    )


def statements(rows: list[NavcoRow]) -> list[Statement]:
    """The source record and, per row, a campaign, an action and an assessment (all public)."""
    out = [
        _s(SOURCE, RDF.type, SDO.Dataset),
        _s(SOURCE, RDF.type, PROV.Entity),
        _s(SOURCE, RDFS.label, Literal("NAVCO 1.2")),
        _s(
            SOURCE,
            DCTERMS.description,
            Literal(
                "Nonviolent and Violent Campaigns and Outcomes, version 1.2: 389 maximalist campaigns "
                "from 1945 to 2014, each coded as primarily nonviolent or violent and as a success, a "
                "limited success or a failure. Imported with graph/io/navco.py.",
                lang="en",
            ),
        ),
        _s(
            SOURCE,
            DCTERMS.bibliographicCitation,
            Literal(
                "Chenoweth, Erica, and Maria J. Stephan. Nonviolent and Violent Campaigns and Outcomes "
                "(NAVCO) Data Project, version 1.2. Harvard Dataverse. doi:10.7910/DVN/0UZOTX"
            ),
        ),
        _s(SOURCE, SDO.url, URIRef("https://doi.org/10.7910/DVN/0UZOTX")),
        _s(SOURCE, PRX.visibility, PRX.Public),
    ]
    for row in rows:
        campaign, action, assessment = row.iri("campaign"), row.iri("action"), row.iri("assessment")
        kind = "primarily nonviolent" if row.nonviolent else "primarily violent"
        years = f"{row.begin}-{row.end}" if row.begin != row.end else str(row.begin)
        ongoing = "; still ongoing when the data end in 2014" if row.ongoing else ""
        out += [
            _s(campaign, RDF.type, PRX.Campaign),
            _s(campaign, RDFS.label, Literal(row.campaign)),
            _s(
                campaign,
                DCTERMS.description,
                Literal(
                    f"A {kind} campaign in {row.location or 'an unrecorded place'} against "
                    f"{row.target or 'an unrecorded target'}, {years}{ongoing}. NAVCO 1.2 codes its "
                    f"outcome as {_OUTCOME_WORDS[row.outcome]}.",
                    lang="en",
                ),
            ),
            _s(campaign, DCTERMS.identifier, Literal(row.navco_id)),
            _s(campaign, PRX.status, PRX.Active if row.ongoing else PRX.Concluded),
            _s(campaign, SDO.startDate, Literal(str(row.begin), datatype=XSD.gYear)),
            _s(campaign, PROV.wasDerivedFrom, SOURCE),
            _s(campaign, PRX.visibility, PRX.Public),
            _s(action, RDF.type, PRX.Action),
            _s(action, RDFS.label, Literal(f"{row.campaign} ({years})")),
            _s(
                action,
                DCTERMS.description,
                Literal(
                    "The campaign as a whole, as NAVCO 1.2 records it: one action standing for the "
                    "campaign's primary method. NAVCO gives years only, so the date is 1 January of "
                    "the first year.",
                    lang="en",
                ),
            ),
            _s(action, SDO.startDate, Literal(f"{row.begin}-01-01", datatype=XSD.date)),
            _s(action, PRX.partOf, campaign),
            _s(action, PRX.usesMethod, NONVIOLENT if row.nonviolent else VIOLENT),
            _s(action, PROV.wasDerivedFrom, SOURCE),
            _s(action, PRX.visibility, PRX.Public),
            _s(assessment, RDF.type, PRX.Assessment),
            _s(assessment, RDFS.label, Literal(f"{row.campaign}: goal attainment (NAVCO 1.2)")),
            _s(assessment, PRX.assessedAction, action),
            _s(assessment, PRX.indicator, GOAL_ATTAINMENT),
            _s(assessment, PRX.score, Literal(SCORE[row.outcome])),
            _s(
                assessment,
                PRX.evidence,
                Literal(f"NAVCO 1.2 codes {row.outcome}=1: {_OUTCOME_WORDS[row.outcome]}.", lang="en"),
            ),
            _s(assessment, PROV.wasDerivedFrom, SOURCE),
            _s(assessment, PRX.visibility, PRX.Public),
        ]
        if row.location:
            out += [
                _s(campaign, SDO.location, Literal(row.location)),
                _s(action, SDO.location, Literal(row.location)),
            ]
        if not row.ongoing:
            out.append(_s(campaign, SDO.endDate, Literal(str(row.end), datatype=XSD.gYear)))
    return out


def import_navco(store: PraxisStore, path: Path, *, viewer: Viewer) -> NavcoSummary:
    """Read ``path`` and write it in one validated transaction (re-importing replaces)."""
    require(viewer, Permission.IMPORT_DATASET)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise BadInput(f"cannot read the file ({error.strerror})", source=str(path)) from None
    try:
        rows = read_navco(data, source=str(path))
    except UnicodeDecodeError:
        raise BadInput(
            "the file is not UTF-8 text; save it as UTF-8 and try again", source=str(path)
        ) from None
    written = statements(rows)
    replace = [SOURCE] + [row.iri(kind) for row in rows for kind in ("campaign", "action", "assessment")]
    store.write(written, viewer=viewer, replace=replace)
    nonviolent = sum(row.nonviolent for row in rows)
    return NavcoSummary(len(rows), nonviolent, len(rows) - nonviolent, len(written))


def success_rates(rows: list[NavcoRow]) -> dict[str, tuple[int, int]]:
    """(successes, campaigns) for nonviolent and violent campaigns, straight from the rows."""
    rates = {}
    for name, nonviolent in (("nonviolent", True), ("violent", False)):
        chosen = [row for row in rows if row.nonviolent == nonviolent]
        rates[name] = (sum(row.outcome == "SUCCESS" for row in chosen), len(chosen))
    return rates


def _s(subject: URIRef, predicate: URIRef, obj: object) -> Statement:
    return Statement(subject, predicate, obj, _PUBLIC)  # type: ignore[arg-type]
