"""Member blog posts: readings of the chapter's own, linking theory to what is happening now.

A post is typed ``prx:Reading`` and ``prx:BlogPost``: it has a title
(``dct:title``), a date (``dct:issued``), its author (``dct:creator``, a member
by nickname), a link to where it is published (``schema:url``) or its text
(``schema:articleBody``) or both, a short summary (``dct:abstract``), the
concepts and claims it discusses (``prx:discusses``, which puts it on reading
lists) and the campaigns it is about (``prx:aboutCampaign``).

Concept and campaign pages list posts with :func:`posts_for`.

>>> from graph.store import open_store
>>> posts_for(open_store("memory:"), Viewer.visitor(), concept=URIRef("https://w3id.org/praxis/vocab/parecon"))
[]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef

from graph.access import Permission, Viewer, Visibility, require
from graph.errors import BadInput
from graph.labels import local_name
from graph.namespaces import DCTERMS, PRX, RDF, SDO, XSD
from graph.practice import member_for, new_iri, nickname_of
from graph.programme.refs import RecordRef, group_refs, level_of, member_by_nickname, require_text
from graph.store import PraxisStore, Statement

__all__ = ["SUMMARY_LENGTH", "Post", "PostDraft", "add_post", "list_posts", "posts_for"]

#: Longest summary made from a post's text when none is given (characters).
SUMMARY_LENGTH = 280


@dataclass(frozen=True)
class Post:
    """A blog post as the viewer sees it (``author`` is ``None`` if members are hidden)."""

    iri: URIRef
    title: str
    date: dt.date | None
    author: str | None = None
    url: str | None = None
    text: str | None = None
    summary: str | None = None
    concepts: tuple[RecordRef, ...] = ()
    campaigns: tuple[RecordRef, ...] = ()
    visibility: Visibility | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.iri),
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "author": self.author,
            "url": self.url,
            "text": self.text,
            "summary": self.summary,
            "concepts": [ref.as_dict() for ref in self.concepts],
            "campaigns": [ref.as_dict() for ref in self.campaigns],
            "visibility": self.visibility.value if self.visibility else None,
        }


@dataclass(frozen=True)
class PostDraft:
    """What a member fills in. ``author`` is a nickname; ``None`` means the viewer."""

    title: str
    date: dt.date
    concepts: tuple[URIRef, ...]
    url: str | None = None
    text: str | None = None
    summary: str | None = None
    campaigns: tuple[URIRef, ...] = field(default=())
    author: str | None = None
    visibility: Visibility = Visibility.PUBLIC


def list_posts(store: PraxisStore, viewer: Viewer) -> list[Post]:
    """Every post ``viewer`` can see, newest first."""
    links = group_refs(store.select("post_links", viewer), "post")
    found: dict[URIRef, Post] = {}
    for row in store.select("post_list", viewer):
        iri = row["post"]
        if iri in found:
            continue
        mine = links.get(iri, {})
        found[iri] = Post(
            iri=iri,
            title=str(row["title"] or local_name(iri)),
            date=row["date"] if isinstance(row["date"], dt.date) else None,
            author=row["nickname"],
            url=str(row["url"]) if row["url"] is not None else None,
            text=row["text"],
            summary=row["summary"],
            concepts=mine.get("discusses", ()),
            campaigns=mine.get("campaign", ()),
            visibility=level_of(row["visibility"]),
        )
    return sorted(found.values(), key=lambda p: (p.date or dt.date.min, p.title), reverse=True)


def posts_for(
    store: PraxisStore, viewer: Viewer, *, concept: URIRef | None = None, campaign: URIRef | None = None
) -> list[Post]:
    """Posts that discuss ``concept`` (a concept or claim) and/or are about ``campaign``, newest first.

    With neither, every post. Used by the concept and campaign pages."""
    chosen = []
    for post in list_posts(store, viewer):
        if concept is not None and all(str(ref.iri) != str(concept) for ref in post.concepts):
            continue
        if campaign is not None and all(str(ref.iri) != str(campaign) for ref in post.campaigns):
            continue
        chosen.append(post)
    return chosen


def add_post(store: PraxisStore, viewer: Viewer, draft: PostDraft, *, once: str | None = None) -> URIRef:
    """Add a member's post; return its IRI. Needs a title, a link or text, and a concept.

    ``once`` is the form's key: saving the same form again records nothing."""
    require(viewer, Permission.ADD_POST)
    title = require_text(draft.title, field="title")
    url = (draft.url or "").strip() or None
    text = (draft.text or "").strip() or None
    if url is None and text is None:
        raise BadInput("give a link to where the post is published, or its text (or both)", source="link")
    if url is not None and (not url.startswith(("http://", "https://")) or any(c.isspace() for c in url)):
        raise BadInput("a link must start with http:// or https:// and contain no spaces", source="link")
    if not draft.concepts:
        raise BadInput("tag the post with at least one concept it discusses", source="concepts")
    author = _author(store, viewer, draft.author)
    summary = (draft.summary or "").strip() or (_summary(text) if text else None)
    iri = new_iri("post", once)
    level = draft.visibility
    pairs: list[tuple[URIRef, Any]] = [
        (RDF.type, PRX.Reading),
        (RDF.type, PRX.BlogPost),
        (DCTERMS.title, Literal(title)),
        (DCTERMS.issued, Literal(draft.date.isoformat(), datatype=XSD.date)),
        (DCTERMS.creator, author),
        (PRX.visibility, level.concept),
    ]
    if url:
        pairs.append((SDO.url, URIRef(url)))
    if text:
        pairs.append((SDO.articleBody, Literal(text)))
    if summary:
        pairs.append((DCTERMS.abstract, Literal(summary)))
    pairs += [(PRX.discusses, c) for c in dict.fromkeys(draft.concepts)]
    pairs += [(PRX.aboutCampaign, c) for c in dict.fromkeys(draft.campaigns)]
    store.write([Statement(iri, p, o, level) for p, o in pairs], viewer=viewer, once=once)
    return iri


def _author(store: PraxisStore, viewer: Viewer, nickname: str | None) -> URIRef:
    """The viewer's own member record, or another member's when a nickname is given."""
    own = nickname_of(viewer)
    if nickname is None or " ".join(nickname.split()).casefold() == " ".join(own.split()).casefold():
        return member_for(store, viewer)
    return member_by_nickname(store, viewer, nickname, field="author")


def _summary(text: str) -> str:
    """The first paragraph of ``text``, cut at a word to :data:`SUMMARY_LENGTH` characters.

    >>> _summary("One two three.\\n\\nSecond paragraph.")
    'One two three.'
    >>> len(_summary("word " * 100)) <= SUMMARY_LENGTH
    True
    """
    first = " ".join(text.strip().split("\n\n", 1)[0].split())
    if len(first) <= SUMMARY_LENGTH:
        return first
    cut = first[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0]
    return cut + "…"
