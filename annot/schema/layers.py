"""The annotation layers: entity mentions, canonical entities, quotes and claims."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from annot.schema.base import Id, Lax, Model
from annot.schema.provenance import Provenance
from annot.schema.span import Span
from annot.schema.taxonomy import (
    CheckWorthiness,
    CheckWorthinessName,
    EntityLabel,
    EntityLabelName,
    QuoteKind,
    QuoteKindName,
    Stance,
    StanceName,
)

__all__ = [
    "CanonicalEntity",
    "Claim",
    "Claimant",
    "Mention",
    "MentionRef",
    "Quote",
    "QuoteRef",
    "SpanRef",
    "Speaker",
]


class CanonicalEntity(Model):
    """One real-world entity that several mentions refer to ("Korut", "Korea Utara")."""

    id: Id
    name: str = Field(min_length=1)
    """Canonical name in Indonesian, e.g. "Korea Utara"."""
    label: Annotated[EntityLabel, Lax]
    aliases: list[str] = Field(default_factory=list)
    """Other names and short forms, e.g. ["Korut", "Korea Utara (Korut)"]."""
    kb_id: str | None = None
    """Knowledge-base id, e.g. "wikidata:Q423"."""

    if TYPE_CHECKING:  # enum fields also take their values as string literals

        def __init__(
            self,
            *,
            id: str,
            name: str,
            label: EntityLabel | EntityLabelName,
            aliases: list[str] = ...,
            kb_id: str | None = None,
        ) -> None: ...


class Mention(Model):
    """A span of text that names an entity."""

    id: Id
    span: Span
    label: Annotated[EntityLabel, Lax]
    entity_id: Id | None = None
    """The :class:`CanonicalEntity` this mention refers to, if linked."""
    provenance: Provenance | None = None
    """Who produced this item; ``None`` means the annotated document's ``source``."""
    region_ids: list[str] = Field(default_factory=list)
    """Label Studio region ids this item was read from."""

    if TYPE_CHECKING:

        def __init__(
            self,
            *,
            id: str,
            span: Span,
            label: EntityLabel | EntityLabelName,
            entity_id: str | None = None,
            provenance: Provenance | None = None,
            region_ids: list[str] = ...,
        ) -> None: ...


class MentionRef(Model):
    """A speaker or claimant that is a named entity mention."""

    type: Literal["mention"] = "mention"
    mention_id: Id


class SpanRef(Model):
    """A speaker or claimant that is not a named entity: a description or a pronoun.

    ``nominal``: "seorang pejabat AS", "para analis"; ``pronoun``: "dia", "ia", "mereka", or
    the clitic "nya" of "katanya". ``refers_to`` links it to the mention it stands for.
    """

    type: Literal["nominal", "pronoun"]
    span: Span
    refers_to: Id | None = None


class QuoteRef(Model):
    """A claim made inside a quote: the claimant is whoever said the quote."""

    type: Literal["quote"] = "quote"
    quote_id: Id


Speaker = Annotated[MentionRef | SpanRef, Field(discriminator="type")]
Claimant = Annotated[MentionRef | SpanRef | QuoteRef, Field(discriminator="type")]


class Quote(Model):
    """Reported speech: what was said, the cue that attributes it, and who said it."""

    id: Id
    content: Span
    """The quoted content (quotation marks excluded for direct quotes)."""
    cue: Span | None = None
    """The attributing verb or phrase: kata, ujarnya (only "ujar"), menurut, mengatakan."""
    speaker: Speaker | None = None
    kind: Annotated[QuoteKind, Lax]
    provenance: Provenance | None = None
    region_ids: list[str] = Field(default_factory=list)

    if TYPE_CHECKING:

        def __init__(
            self,
            *,
            id: str,
            content: Span,
            cue: Span | None = None,
            speaker: MentionRef | SpanRef | None = None,
            kind: QuoteKind | QuoteKindName,
            provenance: Provenance | None = None,
            region_ids: list[str] = ...,
        ) -> None: ...


class Claim(Model):
    """A checkable assertion, who makes it, and whether they assert or deny it."""

    id: Id
    span: Span
    claimant: Claimant | None = None
    stance: Annotated[Stance, Lax] = Stance.ASSERTS
    check_worthiness: Annotated[CheckWorthiness, Lax]
    provenance: Provenance | None = None
    region_ids: list[str] = Field(default_factory=list)

    if TYPE_CHECKING:

        def __init__(
            self,
            *,
            id: str,
            span: Span,
            claimant: MentionRef | SpanRef | QuoteRef | None = None,
            stance: Stance | StanceName = ...,
            check_worthiness: CheckWorthiness | CheckWorthinessName,
            provenance: Provenance | None = None,
            region_ids: list[str] = ...,
        ) -> None: ...
