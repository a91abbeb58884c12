"""annot's typed schema: documents, spans, entities, quotes, claims and provenance.

Needs pydantic alone: importing it pulls in neither ``datasets`` nor the Label Studio SDK.
"""

from annot.schema.annotated import AnnotatedDocument, Withheld, comparable_layers
from annot.schema.document import ANNOTATABLE_ROLES, Document, Published, Segment, SegmentRole
from annot.schema.layers import (
    CanonicalEntity,
    Claim,
    Claimant,
    Mention,
    MentionRef,
    Quote,
    QuoteRef,
    SpanRef,
    Speaker,
)
from annot.schema.provenance import (
    AdjudicatedSource,
    HumanSource,
    LabelStudioRef,
    PreannotatorSource,
    Provenance,
)
from annot.schema.span import Span
from annot.schema.taxonomy import (
    CheckWorthiness,
    EntityLabel,
    LabelSet,
    QuoteKind,
    QuoteLayerLabel,
    Relation,
    Stance,
)
from annot.schema.version import SCHEMA_VERSION

__all__ = [
    "ANNOTATABLE_ROLES",
    "SCHEMA_VERSION",
    "AdjudicatedSource",
    "AnnotatedDocument",
    "CanonicalEntity",
    "CheckWorthiness",
    "Claim",
    "Claimant",
    "Document",
    "EntityLabel",
    "HumanSource",
    "LabelSet",
    "LabelStudioRef",
    "Mention",
    "MentionRef",
    "PreannotatorSource",
    "Provenance",
    "Published",
    "Quote",
    "QuoteKind",
    "QuoteLayerLabel",
    "QuoteRef",
    "Relation",
    "Segment",
    "SegmentRole",
    "Span",
    "SpanRef",
    "Speaker",
    "Stance",
    "Withheld",
    "comparable_layers",
]
