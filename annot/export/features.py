"""Explicit ``datasets.Features`` of every exported config, built from the taxonomy.

Lists of records use ``List({...})`` (a list of dicts), never ``Sequence({...})``, which
would turn them into a dict of lists.

The features are written down as their ``Features.to_dict()`` form (plain dicts, see
:mod:`annot.export.hf`), so that an export needs no ``import datasets`` (seconds and ~60 MB):
:mod:`annot.export.hf` turns them into the Arrow schema and the card's YAML exactly as
``datasets`` does; the ``*_features()`` functions give the real ``datasets.Features``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annot.export.hf import ClassLabel, List, Spec, Value
from annot.schema.taxonomy import CheckWorthiness, LabelSet, QuoteKind, Stance, label_names

if TYPE_CHECKING:
    from datasets import Features

__all__ = [
    "CHECK_WORTHINESS_NAMES",
    "CLAIM_STANCE_NAMES",
    "CONFIG_FEATURES",
    "CONFIG_SPECS",
    "claims_features",
    "claims_spec",
    "documents_features",
    "documents_spec",
    "iob2_names",
    "ner_features",
    "ner_spec",
    "quotes_features",
    "quotes_spec",
    "seacrowd_kb_features",
    "seacrowd_kb_spec",
    "seacrowd_seq_label_features",
    "seacrowd_seq_label_spec",
]

#: ``none`` marks a sentence that carries no claim.
CLAIM_STANCE_NAMES = ["none", *(stance.value for stance in Stance)]
CHECK_WORTHINESS_NAMES = ["none", *(value.value for value in CheckWorthiness)]

_STRING = Value("string")
_INT = Value("int32")


def iob2_names(label_set: LabelSet = LabelSet.ANNOT) -> list[str]:
    """``O`` then ``B-X``, ``I-X`` for every type X of ``label_set``, in taxonomy order."""
    names = ["O"]
    for name in label_names(label_set):
        names += [f"B-{name}", f"I-{name}"]
    return names


def _provenance() -> Spec:
    return {
        "type": _STRING,
        "annotator": _STRING,
        "name": _STRING,
        "version": _STRING,
        "score": Value("float64"),
        "policy": _STRING,
        "annotators": List(_STRING),
    }


def _span(prefix: str) -> Spec:
    return {f"{prefix}start": _INT, f"{prefix}end": _INT, f"{prefix}text": _STRING}


def _agent(prefix: str) -> Spec:
    return {
        f"{prefix}type": _STRING,
        f"{prefix}mention_id": _STRING,
        f"{prefix}quote_id": _STRING,
        **_span(prefix),
        f"{prefix}refers_to": _STRING,
    }


def documents_spec() -> Spec:
    """Full fidelity: text, metadata, segments and every layer with offsets and provenance."""
    return {
        "id": _STRING,
        "schema_version": _STRING,
        "text": _STRING,
        "title": _STRING,
        "source": _STRING,
        "url": _STRING,
        "published": {
            "date": Value("date32"),
            "time": Value("time64[us]"),
            "timezone": _STRING,
            "text": _STRING,
            "source": _STRING,
        },
        "authors": List(_STRING),
        "editors": List(_STRING),
        "language": _STRING,
        "segments": List(
            {
                "role": _STRING,
                "raw_start": _INT,
                "raw_end": _INT,
                "text_start": _INT,
                "text_end": _INT,
            }
        ),
        "entities": List(
            {
                "id": _STRING,
                "name": _STRING,
                "label": _STRING,
                "aliases": List(_STRING),
                "kb_id": _STRING,
            }
        ),
        "mentions": List(
            {
                "id": _STRING,
                **_span(""),
                "label": _STRING,
                "entity_id": _STRING,
                "provenance": _provenance(),
            }
        ),
        "quotes": List(
            {
                "id": _STRING,
                **_span("content_"),
                **_span("cue_"),
                **_agent("speaker_"),
                "kind": _STRING,
                "provenance": _provenance(),
            }
        ),
        "claims": List(
            {
                "id": _STRING,
                **_span(""),
                **_agent("claimant_"),
                "stance": _STRING,
                "check_worthiness": _STRING,
                "provenance": _provenance(),
            }
        ),
    }


def ner_spec(label_set: LabelSet = LabelSet.ANNOT) -> Spec:
    """Token classification: tokens, IOB2 tags, the sentence and the tokens' offsets.

    ``tokens`` and ``ner_tags`` come first: transformers' ``run_ner.py`` takes the columns
    named ``tokens`` and ``ner_tags``, or else the first and second column.
    """
    return {
        "tokens": List(_STRING),
        "ner_tags": List(ClassLabel(names=iob2_names(label_set))),
        "id": _STRING,
        "document_id": _STRING,
        "text": _STRING,
        "start": _INT,
        "end": _INT,
        "token_starts": List(_INT),
        "token_ends": List(_INT),
    }


def quotes_spec() -> Spec:
    """One row per quote, offsets into the document text, with its paragraph."""
    return {
        "id": _STRING,
        "document_id": _STRING,
        **_span("content_"),
        **_span("cue_"),
        **_span("speaker_"),
        "speaker_label": _STRING,
        "speaker_entity": _STRING,
        "kind": ClassLabel(names=[kind.value for kind in QuoteKind]),
        **_span("paragraph_"),
    }


def claims_spec() -> Spec:
    """One row per sentence: does it carry a claim, whose, with which stance.

    ``claim_spans`` lists every claim overlapping the sentence with its own claimant, stance
    and check-worthiness; the sentence-level ``claimant``/``stance``/``check_worthiness``
    classes are those of the first claim (by start offset, then id).
    """
    return {
        "id": _STRING,
        "document_id": _STRING,
        **_span("sentence_"),
        "has_claim": Value("bool"),
        "claim_spans": List(
            {
                "id": _STRING,
                **_span(""),
                "claimant": _STRING,
                "stance": _STRING,
                "check_worthiness": _STRING,
            }
        ),
        "claimant": _STRING,
        "stance": ClassLabel(names=CLAIM_STANCE_NAMES),
        "check_worthiness": ClassLabel(names=CHECK_WORTHINESS_NAMES),
    }


def seacrowd_seq_label_spec(label_set: LabelSet = LabelSet.ANNOT) -> Spec:
    """SEACrowd's ``seq_label`` schema (``seacrowd.utils.schemas.seq_label_features``).

    The same three features in another order (SEACrowd's checks compare names and types,
    not order): ``tokens``, ``labels``, ``id``, so that ``run_ner.py``, which takes the
    ``tokens`` column and, without a ``ner_tags`` column, the *second* column as labels,
    reads it without ``--label_column_name``.
    """
    return {
        "tokens": List(_STRING),
        "labels": List(ClassLabel(names=iob2_names(label_set))),
        "id": _STRING,
    }


def _kb_normalized() -> Spec:
    # SEACrowd writes ``Sequence({...})``: a dict of lists, kept as is for compatibility.
    return {"db_name": List(_STRING), "db_id": List(_STRING)}


def seacrowd_kb_spec() -> Spec:
    """SEACrowd's (BigBio's) ``kb`` schema (``seacrowd.utils.schemas.kb_features``)."""
    text_bound = {"text": List(_STRING), "offsets": List(List(_INT))}
    return {
        "id": _STRING,
        "passages": List({"id": _STRING, "type": _STRING, **text_bound}),
        "entities": List(
            {"id": _STRING, "type": _STRING, **text_bound, "normalized": _kb_normalized()}
        ),
        "events": List(
            {
                "id": _STRING,
                "type": _STRING,
                "trigger": text_bound,
                "arguments": {"role": List(_STRING), "ref_id": List(_STRING)},
            }
        ),
        "coreferences": List({"id": _STRING, "entity_ids": List(_STRING)}),
        "relations": List(
            {
                "id": _STRING,
                "type": _STRING,
                "arg1_id": _STRING,
                "arg2_id": _STRING,
                "normalized": _kb_normalized(),
            }
        ),
    }


def _features(spec: Spec) -> Features:
    from datasets import Features

    return Features.from_dict(spec)


def documents_features() -> Features:
    """Full fidelity: text, metadata, segments and every layer with offsets and provenance."""
    return _features(documents_spec())


def ner_features(label_set: LabelSet = LabelSet.ANNOT) -> Features:
    """Token classification (see :func:`ner_spec`)."""
    return _features(ner_spec(label_set))


def quotes_features() -> Features:
    """One row per quote (see :func:`quotes_spec`)."""
    return _features(quotes_spec())


def claims_features() -> Features:
    """One row per sentence (see :func:`claims_spec`)."""
    return _features(claims_spec())


def seacrowd_seq_label_features(label_set: LabelSet = LabelSet.ANNOT) -> Features:
    """SEACrowd's ``seq_label`` schema (see :func:`seacrowd_seq_label_spec`)."""
    return _features(seacrowd_seq_label_spec(label_set))


def seacrowd_kb_features() -> Features:
    """SEACrowd's (BigBio's) ``kb`` schema (see :func:`seacrowd_kb_spec`)."""
    return _features(seacrowd_kb_spec())


#: Config name → its features (the NER config in each label set it can be exported in).
CONFIG_FEATURES: dict[str, Any] = {
    "documents": documents_features,
    "ner": ner_features,
    "quotes": quotes_features,
    "claims": claims_features,
    "seacrowd_seq_label": seacrowd_seq_label_features,
    "seacrowd_kb": seacrowd_kb_features,
}

#: Config name → its features as ``Features.to_dict()`` (what an export uses).
CONFIG_SPECS: dict[str, Any] = {
    "documents": documents_spec,
    "ner": ner_spec,
    "quotes": quotes_spec,
    "claims": claims_spec,
    "seacrowd_seq_label": seacrowd_seq_label_spec,
    "seacrowd_kb": seacrowd_kb_spec,
}
