"""Convert between annot's schema and Label Studio JSON: tasks, results, annotations.

Pure functions over JSON-shaped dicts (no network, no Label Studio SDK):

- push: :func:`document_to_task` builds a task; :func:`annotated_to_result` and
  :func:`annotated_to_prediction` turn an :class:`AnnotatedDocument` into the ``result`` list
  the Label Studio web UI produces (labels regions, per-region choices, relations);
- pull: :func:`task_to_annotated` turns an exported task into one :class:`AnnotatedDocument`
  per annotation, with a :class:`Problem` for everything it could not take over unchanged.

Mapping (control names from :mod:`annot.labelstudio.config`, see :class:`ControlNames`):

- an ``entity`` region is a :class:`Mention`; a ``quote`` region labelled QUOTE is a
  :class:`Quote`, CUE the cue of the quote it is linked to by ``cue_of``, SPEAKER a
  :class:`SpanRef` (``pronoun`` when its text is one of :data:`PRONOUNS`, else ``nominal``);
  a ``claim`` region is a :class:`Claim`;
- relations: ``speaker_of`` (mention or SPEAKER → QUOTE), ``cue_of`` (CUE → QUOTE),
  ``claimant_of`` (mention, SPEAKER or QUOTE → CLAIM), ``refers_to`` (SPEAKER → mention);
- per-region choices share their region's id: quote kind, claim stance, check-worthiness.
  A missing choice gets a default and a ``missing-choice`` warning: the quote kind is
  ``direct`` when the content is directly enclosed by quotation marks in the text
  (:func:`infer_quote_kind`, the one rule gold files use too), else ``indirect``; the stance
  ``asserts``; check-worthiness ``check_worthy``.

Offsets are code points (as Label Studio 1.23.2 stores them). On pull every region is checked
against the text; only provable repairs are made (UTF-16 offsets from older versions, and
whitespace the UI trimmed or added), each reported as an INFO problem. Every other bad region
is left out with an ERROR problem, and so is whatever is attached to it; a CUE or SPEAKER that
nothing links to is left out with an ``unlinked-region`` warning (a cue is never attached by
position alone). Item ids are derived from region ids (``m-``, ``q-``, ``c-`` + the region id,
characters outside ``[A-Za-z0-9.-]`` escaped as ``:hex:``, e.g. ``a_p1`` → ``m-a:5f:p1``), and
each item keeps its ``region_ids`` (quote: content, cue, SPEAKER; claim: claim, SPEAKER), so a
pulled document pushes back with the same region ids.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from statistics import fmean
from typing import Final, Literal

from annot.errors import AnnotError
from annot.labelstudio import config, format
from annot.lang.id import PRONOUNS, enclosed_in_quotes
from annot.problems import Problem, ProblemCode, Severity
from annot.pseudonym import PSEUDONYM_SECRET_ENV, keyed_pseudonym, pseudonym_secret
from annot.road.read import as_task
from annot.schema import (
    SCHEMA_VERSION,
    AnnotatedDocument,
    CheckWorthiness,
    Claim,
    Document,
    EntityLabel,
    HumanSource,
    LabelStudioRef,
    Mention,
    MentionRef,
    PreannotatorSource,
    Provenance,
    Quote,
    QuoteKind,
    QuoteLayerLabel,
    QuoteRef,
    Relation,
    Span,
    SpanRef,
    Stance,
)
from annot.schema.taxonomy import SPEAKER_LABELS

__all__ = [
    "DEFAULT_CHECK_WORTHINESS",
    "DEFAULT_CONTROLS",
    "DEFAULT_STANCE",
    "PRONOUNS",
    "ControlNames",
    "Conversion",
    "ConversionError",
    "SpeakerType",
    "annotated_to_prediction",
    "annotated_to_result",
    "annotator_pseudonym",
    "document_to_task",
    "infer_quote_kind",
    "region_id",
    "speaker_type",
    "task_to_annotated",
]

SpeakerType = Literal["nominal", "pronoun"]

DEFAULT_STANCE: Final = Stance.ASSERTS
DEFAULT_CHECK_WORTHINESS: Final = CheckWorthiness.CHECK_WORTHY
_ID_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_SAFE_ID_CHAR: Final = re.compile(r"[A-Za-z0-9.\-]")
_SAFE_ID: Final = re.compile(r"[A-Za-z0-9.\-]*")
_FIX_EXPORT: Final = (
    "Export the task again with Label Studio's JSON snapshot export instead of editing the "
    "JSON by hand, or correct the field."
)


class ConversionError(AnnotError):
    """An :class:`AnnotatedDocument` that cannot be turned into Label Studio JSON."""

    def __init__(self, message: str, *, document_id: str) -> None:
        super().__init__(f"document {document_id!r}: {message}")
        self.document_id = document_id


@dataclass(frozen=True, slots=True)
class ControlNames:
    """Names of the labeling config's tags; defaults are annot's own config."""

    text: str = config.TEXT_NAME
    """The ``Text`` tag (``to_name`` of every region) and the task data key of the text."""
    entity: str = config.ENTITY_CONTROL
    quote: str = config.QUOTE_CONTROL
    claim: str = config.CLAIM_CONTROL
    quote_kind: str = config.QUOTE_KIND_CONTROL
    claim_stance: str = config.CLAIM_STANCE_CONTROL
    check_worthiness: str = config.CHECK_WORTHINESS_CONTROL


DEFAULT_CONTROLS: Final = ControlNames()


@dataclass(frozen=True, slots=True)
class Conversion:
    """What :func:`task_to_annotated` produced: annotations, and every problem on the way."""

    annotations: list[AnnotatedDocument] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity ERROR (their regions were left out)."""
        return [p for p in self.problems if p.severity is Severity.ERROR]


# --- small public helpers ------------------------------------------------------------------


def annotator_pseudonym(user_id: int | str, *, secret: bytes | None = None) -> str:
    """The pseudonym of a Label Studio user id, e.g. ``ann-1f2e3d4c5b`` (never an e-mail).

    Keyed with the installation's secret (:func:`annot.pseudonym.pseudonym_secret`) unless
    ``secret`` is given: stable on this installation, not recomputable elsewhere.
    """
    return keyed_pseudonym(user_id, secret if secret is not None else _installation_secret())


def _installation_secret() -> bytes:
    """:func:`pseudonym_secret`, looked up once per secret setting and working directory
    (resolving the directory is the slow part, and it is asked once per annotation)."""
    return _secret_in(os.environ.get(PSEUDONYM_SECRET_ENV, ""), os.getcwd())


@functools.lru_cache(maxsize=8)
def _secret_in(setting: str, directory: str) -> bytes:
    return pseudonym_secret(Path(directory))


def region_id(item_id: str, part: str) -> str:
    """A stable Label Studio-style 10-character region id for ``part`` of item ``item_id``."""
    digest = hashlib.sha256(f"{item_id}:{part}".encode()).digest()
    return "".join(_ID_ALPHABET[byte % len(_ID_ALPHABET)] for byte in digest[:10])


def speaker_type(text: str) -> SpeakerType:
    """``pronoun`` when ``text`` is one of :data:`PRONOUNS`, else ``nominal``."""
    return "pronoun" if text.strip().lower() in PRONOUNS else "nominal"


def infer_quote_kind(text: str, content: Span) -> QuoteKind:
    """``direct`` when ``content`` is directly enclosed by quotation marks (any of
    :data:`annot.lang.id.OPENING_QUOTES` / ``CLOSING_QUOTES``), else ``indirect``."""
    enclosed = enclosed_in_quotes(text, content.start, content.end)
    return QuoteKind.DIRECT if enclosed else QuoteKind.INDIRECT


# --- push: schema -> Label Studio ------------------------------------------------------------


def document_to_task(doc: Document) -> dict[str, object]:
    """A Label Studio task for ``doc``.

    ``data`` holds the text under ``config.TEXT_NAME`` (what the labeling config shows) and
    ``doc_id``, ``title``, ``source``, ``content_sha256`` and ``schema_version``; ``meta``
    repeats the ids so that a pull can tell which document and text version a task shows.
    """
    ids: dict[str, object] = {
        "doc_id": doc.id,
        "content_sha256": doc.content_sha256,
        "schema_version": SCHEMA_VERSION,
    }
    data: dict[str, object] = {
        config.TEXT_NAME: doc.text,
        "doc_id": doc.id,
        "title": doc.title,
        "source": doc.source,
        "content_sha256": doc.content_sha256,
        "schema_version": SCHEMA_VERSION,
    }
    return {"data": data, "meta": ids}


@dataclass(slots=True)
class _ResultBuilder:
    origin: str
    controls: ControlNames
    regions: list[dict[str, object]] = field(default_factory=list)
    relations: list[dict[str, object]] = field(default_factory=list)

    def region(
        self, rid: str, control: str, span: Span, label: str, provenance: Provenance | None
    ) -> None:
        value: dict[str, object] = {
            "start": span.start,
            "end": span.end,
            "text": span.text,
            "labels": [label],
        }
        result = self._result(rid, control, "labels", value)
        if isinstance(provenance, PreannotatorSource) and provenance.score is not None:
            result["score"] = provenance.score
        self.regions.append(result)

    def choice(self, rid: str, control: str, span: Span, choice: str) -> None:
        value: dict[str, object] = {
            "start": span.start,
            "end": span.end,
            "text": span.text,
            "choices": [choice],
        }
        self.regions.append(self._result(rid, control, "choices", value))

    def relation(self, from_id: str, to_id: str, relation: Relation) -> None:
        self.relations.append(
            {
                "from_id": from_id,
                "to_id": to_id,
                "type": "relation",
                "direction": "right",
                "labels": [relation.value],
            }
        )

    def _result(
        self, rid: str, control: str, kind: str, value: dict[str, object]
    ) -> dict[str, object]:
        return {
            "id": rid,
            "from_name": control,
            "to_name": self.controls.text,
            "type": kind,
            "origin": self.origin,
            "value": value,
        }


def _part_ids(item_id: str, parts: Sequence[str], given: Sequence[str]) -> dict[str, str]:
    """Region ids for ``parts``: the item's own ``region_ids`` when they fit, else derived."""
    if len(given) == len(parts):
        return dict(zip(parts, given, strict=True))
    ids = {part: region_id(item_id, part) for part in parts}
    if given:
        ids[parts[0]] = given[0]
    return ids


def _push_speaker(
    out: _ResultBuilder,
    agent: MentionRef | SpanRef,
    speaker_rid: str | None,
    mention_rids: Mapping[str, str],
) -> str:
    """The region id a speaker/claimant relation starts from (adds a SPEAKER region)."""
    if isinstance(agent, MentionRef):
        return mention_rids[agent.mention_id]
    assert speaker_rid is not None
    out.region(speaker_rid, out.controls.quote, agent.span, QuoteLayerLabel.SPEAKER.value, None)
    if agent.refers_to is not None:
        out.relation(speaker_rid, mention_rids[agent.refers_to], Relation.REFERS_TO)
    return speaker_rid


def _push_quote(out: _ResultBuilder, quote: Quote, mention_rids: Mapping[str, str]) -> str:
    parts = ["content"] + ["cue"] * (quote.cue is not None)
    parts += ["speaker"] * isinstance(quote.speaker, SpanRef)
    ids = _part_ids(quote.id, parts, quote.region_ids)
    rid, controls = ids["content"], out.controls
    out.region(rid, controls.quote, quote.content, QuoteLayerLabel.QUOTE.value, quote.provenance)
    out.choice(rid, controls.quote_kind, quote.content, quote.kind.value)
    if quote.cue is not None:
        out.region(ids["cue"], controls.quote, quote.cue, QuoteLayerLabel.CUE.value, None)
        out.relation(ids["cue"], rid, Relation.CUE_OF)
    if quote.speaker is not None:
        source = _push_speaker(out, quote.speaker, ids.get("speaker"), mention_rids)
        out.relation(source, rid, Relation.SPEAKER_OF)
    return rid


def _push_claim(
    out: _ResultBuilder,
    claim: Claim,
    mention_rids: Mapping[str, str],
    quote_rids: Mapping[str, str],
) -> None:
    parts = ["claim"] + ["claimant"] * isinstance(claim.claimant, SpanRef)
    ids = _part_ids(claim.id, parts, claim.region_ids)
    rid, controls = ids["claim"], out.controls
    out.region(rid, controls.claim, claim.span, QuoteLayerLabel.CLAIM.value, claim.provenance)
    out.choice(rid, controls.claim_stance, claim.span, claim.stance.value)
    out.choice(rid, controls.check_worthiness, claim.span, claim.check_worthiness.value)
    if isinstance(claim.claimant, QuoteRef):
        out.relation(quote_rids[claim.claimant.quote_id], rid, Relation.CLAIMANT_OF)
    elif claim.claimant is not None:
        source = _push_speaker(out, claim.claimant, ids.get("claimant"), mention_rids)
        out.relation(source, rid, Relation.CLAIMANT_OF)


def annotated_to_result(
    ad: AnnotatedDocument, *, origin: str = "prediction", controls: ControlNames = DEFAULT_CONTROLS
) -> list[dict[str, object]]:
    """The Label Studio ``result`` list for ``ad``, shaped as the web UI shapes it.

    Labels regions come first (each per-region choice right after its region, with the same
    id), then the relations. Region ids are the items' ``region_ids`` when present, else
    :func:`region_id` of the item id and part (``mention``, ``content``, ``cue``,
    ``speaker``, ``claim``, ``claimant``), so pushing the same document twice gives the same
    ids. ``origin`` is ``prediction`` for pre-annotations and ``manual`` for what a person drew.
    """
    out = _ResultBuilder(origin=origin, controls=controls)
    mention_rids: dict[str, str] = {}
    for mention in ad.mentions:
        rid = _part_ids(mention.id, ["mention"], mention.region_ids)["mention"]
        mention_rids[mention.id] = rid
        out.region(rid, controls.entity, mention.span, mention.label.value, mention.provenance)
    quote_rids = {quote.id: _push_quote(out, quote, mention_rids) for quote in ad.quotes}
    for claim in ad.claims:
        _push_claim(out, claim, mention_rids, quote_rids)
    return out.regions + out.relations


def annotated_to_prediction(
    ad: AnnotatedDocument, *, controls: ControlNames = DEFAULT_CONTROLS
) -> dict[str, object]:
    """A Label Studio prediction: ``model_version`` ("name@version"), ``score``, ``result``.

    ``ad.source`` must be a :class:`PreannotatorSource`. ``score`` is the mean of the items'
    scores when any item has one, else the source's score, else left out.
    """
    source = ad.source
    if not isinstance(source, PreannotatorSource):
        raise ConversionError(
            f"a prediction needs a pre-annotator as its source, not {source.type!r}. Build the "
            "AnnotatedDocument with source=PreannotatorSource(name=..., version=...), or push "
            "human work with annotated_to_result(ad, origin='manual').",
            document_id=ad.document.id,
        )
    items: list[Mention | Quote | Claim] = [*ad.mentions, *ad.quotes, *ad.claims]
    scores = [
        item.provenance.score
        for item in items
        if isinstance(item.provenance, PreannotatorSource) and item.provenance.score is not None
    ]
    prediction: dict[str, object] = {
        "model_version": f"{source.name}@{source.version}",
        "result": annotated_to_result(ad, origin="prediction", controls=controls),
    }
    score = fmean(scores) if scores else source.score
    if score is not None:
        prediction["score"] = score
    return prediction


# --- problems and typed access to loose JSON ---------------------------------------------


def _dump(raw: Mapping[str, object]) -> str:
    return json.dumps(raw, ensure_ascii=False, sort_keys=True, default=repr)


@dataclass(frozen=True, slots=True)
class _Reporter:
    """Collects problems, each located at the task/annotation/region this reporter is for."""

    sink: list[Problem]
    document_id: str | None = None
    task_id: int | None = None
    annotation_id: int | None = None
    prediction_id: int | None = None
    region_id: str | None = None
    layer: str | None = None
    raw: Mapping[str, object] | None = None
    raw_name: str = "region"

    def at_region(
        self, rid: str | None, raw: Mapping[str, object], layer: str | None = None
    ) -> _Reporter:
        return self._at(rid, raw, "region", layer)

    def at_relation(self, raw: Mapping[str, object]) -> _Reporter:
        return self._at(None, raw, "relation", None)

    def _at(
        self, rid: str | None, raw: Mapping[str, object] | None, raw_name: str, layer: str | None
    ) -> _Reporter:
        """A copy located at a region or relation (``replace`` is slow for one per region)."""
        return _Reporter(
            self.sink,
            self.document_id,
            self.task_id,
            self.annotation_id,
            self.prediction_id,
            rid,
            layer,
            raw,
            raw_name,
        )

    def in_region(self, rid: str) -> _Reporter:
        """A copy located at region ``rid`` (what ``replace(self, region_id=rid)`` makes)."""
        return self._at(rid, self.raw, self.raw_name, self.layer)

    def add(
        self,
        code: ProblemCode,
        severity: Severity,
        message: str,
        fix: str,
        *,
        span: tuple[int, int] | None = None,
        layer: str | None = None,
    ) -> None:
        details = {self.raw_name: _dump(self.raw)} if self.raw is not None else {}
        if self.prediction_id is not None:
            details["prediction_id"] = str(self.prediction_id)
        start, end = span if span is not None else (None, None)
        self.sink.append(
            Problem(
                code=code,
                severity=severity,
                message=message,
                fix=fix,
                document_id=self.document_id,
                task_id=self.task_id,
                annotation_id=self.annotation_id,
                region_id=self.region_id,
                start=start,
                end=end,
                layer=layer if layer is not None else self.layer,
                details=details,
            )
        )


def _short(value: object, width: int = 120) -> str:
    """``repr(value)`` cut to ``width`` characters (a message never holds a whole task)."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _region_id(item: Mapping[str, object]) -> str | None:
    """A result entry's ``id`` when it is a string (regions and choices are keyed by it)."""
    rid = item.get("id")
    return rid if isinstance(rid, str) else None


# --- pull: parsing regions, choices and relations ------------------------------------------


class _Kind(StrEnum):
    ENTITY = "entity"
    QUOTE = QuoteLayerLabel.QUOTE.value
    CUE = QuoteLayerLabel.CUE.value
    SPEAKER = QuoteLayerLabel.SPEAKER.value
    CLAIM = QuoteLayerLabel.CLAIM.value


#: Region kind and entity label by label (lookups: calling an enum is slow for one per region).
_KINDS: Final = {kind.value: kind for kind in _Kind}
_ENTITY_LABELS: Final = {label.value: label for label in EntityLabel}
_LAYERS: Final[Mapping[_Kind, str]] = {
    _Kind.ENTITY: "entities",
    _Kind.QUOTE: "quotes",
    _Kind.CUE: "quotes",
    _Kind.SPEAKER: "quotes",
    _Kind.CLAIM: "claims",
}
_RELATION_LAYERS: Final[Mapping[Relation, str]] = {
    Relation.SPEAKER_OF: "quotes",
    Relation.CUE_OF: "quotes",
    Relation.REFERS_TO: "quotes",
    Relation.CLAIMANT_OF: "claims",
}
#: Which region kinds each relation may go from and to (direction: from → to).
_ENDPOINTS: Final[Mapping[Relation, tuple[frozenset[_Kind], frozenset[_Kind]]]] = {
    Relation.SPEAKER_OF: (frozenset({_Kind.ENTITY, _Kind.SPEAKER}), frozenset({_Kind.QUOTE})),
    Relation.CUE_OF: (frozenset({_Kind.CUE}), frozenset({_Kind.QUOTE})),
    Relation.CLAIMANT_OF: (
        frozenset({_Kind.ENTITY, _Kind.SPEAKER, _Kind.QUOTE}),
        frozenset({_Kind.CLAIM}),
    ),
    Relation.REFERS_TO: (frozenset({_Kind.SPEAKER}), frozenset({_Kind.ENTITY})),
}


@dataclass(frozen=True, slots=True)
class _Region:
    id: str
    kind: _Kind
    span: Span
    entity_label: EntityLabel | None
    score: float | None

    @property
    def label(self) -> str:
        return self.entity_label.value if self.entity_label is not None else self.kind.value

    @property
    def layer(self) -> str:
        return _LAYERS[self.kind]


@dataclass(frozen=True, slots=True)
class _ChoiceControl:
    applies_to: _Kind
    values: tuple[str, ...]
    layer: str


@dataclass(frozen=True, slots=True)
class _Link:
    source: _Region
    target: _Region
    relation: Relation
    raw: Mapping[str, object]


@dataclass(slots=True)
class _Raw:
    """One annotation's result entries, sorted by what they are."""

    regions: list[tuple[str, Mapping[str, object]]] = field(default_factory=list)
    choices: list[tuple[str, Mapping[str, object]]] = field(default_factory=list)
    relations: list[Mapping[str, object]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Context:
    doc: Document
    controls: ControlNames
    rep: _Reporter
    source: PreannotatorSource | None
    """The pre-annotator when converting a prediction (regions may carry a score)."""

    def with_rep(self, rep: _Reporter) -> _Context:
        return _Context(self.doc, self.controls, rep, self.source)

    def label_controls(self) -> dict[str, tuple[str, ...]]:
        return _label_controls(self.controls)

    def choice_controls(self) -> dict[str, _ChoiceControl]:
        return _choice_controls(self.controls)

    def control_layer(self, control: str) -> str:
        """The layer of a labels control's regions."""
        layers = {self.controls.entity: "entities", self.controls.claim: "claims"}
        return layers.get(control, "quotes")

    def known_controls(self) -> tuple[str, ...]:
        return _known_controls(self.controls)


# the tables of a ControlNames, built once (they are read for every region)


@functools.cache
def _label_controls(controls: ControlNames) -> dict[str, tuple[str, ...]]:
    quote_labels = (QuoteLayerLabel.QUOTE, QuoteLayerLabel.CUE, QuoteLayerLabel.SPEAKER)
    return {
        controls.entity: tuple(label.value for label in EntityLabel),
        controls.quote: tuple(label.value for label in quote_labels),
        controls.claim: (QuoteLayerLabel.CLAIM.value,),
    }


@functools.cache
def _choice_controls(controls: ControlNames) -> dict[str, _ChoiceControl]:
    claim_values = tuple(stance.value for stance in Stance)
    worthiness = tuple(value.value for value in CheckWorthiness)
    kinds = tuple(kind.value for kind in QuoteKind)
    return {
        controls.quote_kind: _ChoiceControl(_Kind.QUOTE, kinds, "quotes"),
        controls.claim_stance: _ChoiceControl(_Kind.CLAIM, claim_values, "claims"),
        controls.check_worthiness: _ChoiceControl(_Kind.CLAIM, worthiness, "claims"),
    }


@functools.cache
def _known_controls(controls: ControlNames) -> tuple[str, ...]:
    return tuple(sorted({*_label_controls(controls), *_choice_controls(controls)}))


def _sort_entries(entries: list[object], ctx: _Context) -> _Raw:
    raw = _Raw()
    labels, choices, known = ctx.label_controls(), ctx.choice_controls(), ctx.known_controls()
    for index, entry in enumerate(entries):
        item = as_task(entry)
        if item is None:
            ctx.rep.add(
                ProblemCode.MALFORMED_JSON,
                Severity.ERROR,
                f"result[{index}] is {_short(entry)}, expected an object; it is left out.",
                _FIX_EXPORT,
            )
            continue
        if item.get("type") == "relation":
            raw.relations.append(item)
            continue
        control = _check_controls(item, ctx, known)
        if control in labels:
            raw.regions.append((control, item))
        elif control in choices:
            raw.choices.append((control, item))
    return raw


def _check_controls(
    item: Mapping[str, object], ctx: _Context, known: tuple[str, ...]
) -> str | None:
    """The result's ``from_name`` when it and ``to_name`` are known controls (``known``:
    ``ctx.known_controls()``), else a problem."""
    from_name, to_name = item.get("from_name"), item.get("to_name")
    if type(from_name) is str and from_name in known and to_name == ctx.controls.text:
        return from_name  # the common case: nothing to report
    view, issues = format.parse(format.ResultEntry, item)
    rep = ctx.rep.at_region(view.id, item)
    _report([i for i in issues if i.key in _CONTROL_KEYS], rep, "result")
    from_name, to_name = view.from_name, view.to_name
    if from_name is None or to_name is None:
        return None
    if from_name not in known or to_name != ctx.controls.text:
        rep.add(
            ProblemCode.UNKNOWN_CONTROL,
            Severity.ERROR,
            f"result from {from_name!r} to {to_name!r} names a control this config does not "
            f"have; known controls: {', '.join(known)}, all to {ctx.controls.text!r}. "
            "It is left out.",
            "Pull with the ControlNames of the labeling config the project uses "
            "(task_to_annotated(task, controls=ControlNames(...))), or update the project's "
            "labeling config to annot's (annot.labelstudio.config.labeling_config()).",
        )
        return None
    return from_name


def _parse_label(
    labels: list[str], valid: tuple[str, ...], rep: _Reporter, what: str
) -> str | None:
    if len(labels) != 1:
        code = ProblemCode.MULTIPLE_LABELS if labels else ProblemCode.MISSING_KEY
        rep.add(
            code,
            Severity.ERROR,
            f"{what} has {len(labels)} labels {labels}, expected exactly one; it is left out.",
            "Give the region exactly one label in Label Studio (draw one region per label "
            "when two labels really apply).",
        )
        return None
    if labels[0] not in valid:
        rep.add(
            ProblemCode.UNKNOWN_LABEL,
            Severity.ERROR,
            f"{what} has the unknown label {labels[0]!r}; valid labels: {', '.join(valid)}. "
            "It is left out.",
            "Relabel the region with one of the valid labels, or pull with the ControlNames of "
            "the config it was made with.",
        )
        return None
    return labels[0]


_CONTROL_KEYS: Final = ("from_name", "to_name")
"""Checked (and reported) before a region or choice is parsed, by :func:`_check_controls`."""


def _clean_region(
    control: str, item: Mapping[str, object], ctx: _Context, valid: tuple[str, ...]
) -> _Region | None:
    """The region of an entry as the web UI writes it (every field of the right type, one
    valid label, offsets that hold its text with nothing to trim), else ``None``: then
    :func:`_parse_region` reads it field by field and reports. Same region either way."""
    rid, value = item.get("id"), item.get("value")
    if type(rid) is not str or item.get("type") != "labels" or type(value) is not dict:
        return None
    if item.get("score") is not None and ctx.source is not None:
        return None  # a prediction's score is checked field by field
    start, end, found = value.get("start"), value.get("end"), value.get("text")
    labels = value.get("labels")
    if type(start) is not int or type(end) is not int or type(found) is not str:
        return None
    if type(labels) is not list or len(labels) != 1:
        return None
    label, text = labels[0], ctx.doc.text
    if type(label) is not str or label not in valid:
        return None
    if not 0 <= start < end <= len(text) or text[start:end] != found:
        return None
    if _trimmed_edges(text, start, end, label) is not None:
        return None
    kind = _Kind.ENTITY if control == ctx.controls.entity else _KINDS[label]
    entity_label = _ENTITY_LABELS[label] if kind is _Kind.ENTITY else None
    return _Region(rid, kind, Span.at(text, start, end), entity_label, None)


def _parse_region(
    control: str, item: Mapping[str, object], ctx: _Context, valid: tuple[str, ...]
) -> _Region | None:
    clean = _clean_region(control, item, ctx, valid)
    if clean is not None:
        return clean
    view, issues = format.parse(format.RegionResult, item)
    rid = view.id
    rep = ctx.rep.at_region(rid, item, ctx.control_layer(control))
    if ctx.source is None:  # a score is read from predictions only
        issues = [issue for issue in issues if issue.key != "score"]
    issues = [issue for issue in issues if issue.key not in _CONTROL_KEYS]
    if rid is None:
        _report([issue for issue in issues if issue.key == "id"], rep, "region")
        return None
    if view.type != "labels":
        rep.add(
            ProblemCode.MALFORMED_JSON,
            Severity.ERROR,
            f"region of control {control!r} has type {_short(item.get('type'))}, expected "
            "'labels'; it is left out.",
            _FIX_EXPORT,
        )
        return None
    value = view.value
    labels = value.labels if value is not None else None
    label_issues = [i for i in issues if i.path in {("value",), ("value", "labels")}]
    _report(label_issues, rep, "region")
    label = _parse_label(labels, valid, rep, "region") if labels is not None else None
    if value is None or label is None:
        return None
    kind = _Kind.ENTITY if control == ctx.controls.entity else _Kind(label)
    rep = ctx.rep.at_region(rid, item, _LAYERS[kind])
    _report([i for i in issues if i not in label_issues], rep, "region")
    span = _place(value, ctx.doc.text, rep, label)
    if span is None:
        return None
    entity_label = EntityLabel(label) if kind is _Kind.ENTITY else None
    return _Region(rid, kind, span, entity_label, view.score)


# --- pull: offsets -----------------------------------------------------------------------------


def _utf16_to_code_points(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Code-point offsets for UTF-16 offsets ``[start, end)``, when both fall on characters."""
    if all(ord(char) <= 0xFFFF for char in text):
        return None
    boundaries, units = {0: 0}, 0
    for index, char in enumerate(text, start=1):
        units += 2 if ord(char) > 0xFFFF else 1
        boundaries[units] = index
    if start in boundaries and end in boundaries:
        return boundaries[start], boundaries[end]
    return None


def _stripped(text: str, start: int, end: int, found: str) -> tuple[int, int] | None:
    """Offsets of ``text[start:end]`` without surrounding whitespace, when that is ``found``."""
    if not 0 <= start <= end <= len(text):
        return None
    covered = text[start:end]
    core = covered.strip()
    if not core or core != found.strip():
        return None
    lead = len(covered) - len(covered.lstrip())
    return start + lead, start + lead + len(core)


#: Punctuation a mouse selection picks up at the edge of a name, cue or speaker ("Seoul,").
_EDGE_PUNCTUATION: Final = frozenset(",;:!?“”\"‘’'«»")
#: Labels whose spans may end in punctuation by the guidelines (“Apa?”, mixed “…”): only
#: whitespace is trimmed from them.
_CLAUSE_LABELS: Final = frozenset({QuoteLayerLabel.QUOTE.value, QuoteLayerLabel.CLAIM.value})


def _edge_junk(core: str, char: str, *, at_end: bool, names: bool) -> bool:
    """Whether ``char``, just outside ``core``, is selection noise rather than part of it."""
    if char.isspace():
        return True
    if not names:
        return False
    if char in _EDGE_PUNCTUATION:
        return True
    if at_end and char == ".":  # a full stop, unless the word is an abbreviation ("S.H.")
        words = core.split()
        return not words or "." not in words[-1]
    if at_end and char == ")":  # an unbalanced bracket only ("Kamis (14/9/2023)" keeps it)
        return core.count("(") <= core.count(")")
    if not at_end and char == "(":
        return core.count(")") <= core.count("(")
    return False


#: Every character that :func:`_edge_junk` may find at a name's edge, besides whitespace.
_NAME_EDGE_JUNK: Final = _EDGE_PUNCTUATION | {".", "(", ")"}


def _may_trim(char: str, names: bool) -> bool:
    """Whether :func:`_edge_junk` could find ``char`` at an edge to be noise."""
    return char.isspace() or (names and char in _NAME_EDGE_JUNK)


def _trimmed_edges(text: str, start: int, end: int, label: str) -> tuple[int, int] | None:
    """``[start, end)`` without the whitespace (and, for names, punctuation) at its edges.

    None when there is nothing to trim, or nothing would be left (a whitespace-only region
    is validation's ``empty-span``).
    """
    names = label not in _CLAUSE_LABELS
    if start < end and not _may_trim(text[start], names) and not _may_trim(text[end - 1], names):
        return None  # the common case: neither edge can be trimmed
    s, e = start, end
    while s < e and _edge_junk(text[s + 1 : e], text[s], at_end=False, names=names):
        s += 1
    while e > s and _edge_junk(text[s : e - 1], text[e - 1], at_end=True, names=names):
        e -= 1
    return None if (s, e) == (start, end) or s == e else (s, e)


def _trim_selection(span: Span, text: str, rep: _Reporter, label: str) -> Span:
    """``span`` trimmed to its words, with a ``trimmed-selection`` warning; the text is checked."""
    trimmed = _trimmed_edges(text, span.start, span.end, label)
    if trimmed is None:
        return span
    start, end = trimmed
    expected = span.text[start - span.start : len(span.text) - (span.end - end)]
    if text[start:end] != expected:  # pragma: no cover - span.text is text[span.start:span.end]
        raise AssertionError(f"trimmed {span!r} to [{start}, {end}) but the texts differ")
    rep.add(
        ProblemCode.TRIMMED_SELECTION,
        Severity.WARNING,
        f"{label} [{span.start}, {span.end}) {span.text!r} has whitespace or punctuation at its "
        f"edges; it is trimmed to [{start}, {end}) {expected!r}.",
        "Check the region; select the words only (double-click a word to select it exactly).",
        span=trimmed,
    )
    return Span.at(text, start, end)


def _place(value: format.RegionValue, text: str, rep: _Reporter, label: str) -> Span | None:
    """The region's span in ``text`` (trimmed to its words), or ``None`` with an error."""
    span = _place_exactly(value, text, rep, label)
    return _trim_selection(span, text, rep, label) if span is not None else None


def _place_exactly(value: format.RegionValue, text: str, rep: _Reporter, label: str) -> Span | None:
    """The region's span in ``text``: exact, provably repaired, or ``None`` with an error
    (a missing or mistyped offset or text was reported when the region was parsed)."""
    start, end, found = value.start, value.end, value.text
    if start is None or end is None or found is None:
        return None
    if 0 <= start < end <= len(text) and text[start:end] == found:
        return Span.at(text, start, end)
    fix_region = (
        f"Open the task in Label Studio and redraw the {label} region over the intended text, "
        "then export again."
    )
    utf16 = _utf16_to_code_points(text, start, end)
    if utf16 is not None and utf16[0] < utf16[1] and text[utf16[0] : utf16[1]] == found:
        rep.add(
            ProblemCode.REPAIRED_UTF16_OFFSETS,
            Severity.INFO,
            f"{label} offsets [{start}, {end}) count UTF-16 code units (older Label Studio); "
            f"as code points they are [{utf16[0]}, {utf16[1]}), which hold {found!r}.",
            "Nothing to do; re-export from Label Studio ≥ 1.23 to get code-point offsets.",
            span=utf16,
        )
        return Span.at(text, *utf16)
    trimmed = _stripped(text, start, end, found)
    if trimmed is not None:
        rep.add(
            ProblemCode.REPAIRED_WHITESPACE,
            Severity.INFO,
            f"{label} [{start}, {end}) says {found!r} but the text has {text[start:end]!r}; "
            f"they differ in surrounding whitespace only, so the span is [{trimmed[0]}, "
            f"{trimmed[1]}) {text[trimmed[0] : trimmed[1]]!r}.",
            "Nothing to do; to avoid it, select words without the spaces around them.",
            span=trimmed,
        )
        return Span.at(text, *trimmed)
    code, message = _offset_error(text, start, end, found, label)
    rep.add(code, Severity.ERROR, message, fix_region, span=(start, end))
    return None


def _offset_error(
    text: str, start: int, end: int, found: str, label: str
) -> tuple[ProblemCode, str]:
    where = f"{label} region [{start}, {end}) with text {found!r}"
    if end < start:
        return ProblemCode.OFFSETS_REVERSED, f"{where} ends before it starts; it is left out."
    if start < 0 or end > len(text):
        return (
            ProblemCode.OFFSETS_OUT_OF_RANGE,
            f"{where} lies outside the text of {len(text)} code points; it is left out.",
        )
    if start == end or not found:
        return (
            ProblemCode.EMPTY_SPAN,
            f"{where} is empty (the text has {text[start:end]!r}); it is left out.",
        )
    return (
        ProblemCode.TEXT_MISMATCH,
        f"{where}: expected {found!r} but the text has {text[start:end]!r} there (offsets "
        "are code points); it is left out.",
    )


# --- pull: choices -----------------------------------------------------------------------------


def _parse_choices(
    raw: _Raw, regions: Mapping[str, _Region], dropped: set[str], ctx: _Context
) -> dict[tuple[str, str], str]:
    """Per-region choices keyed by (region id, control); problems for the rest."""
    controls = ctx.choice_controls()
    chosen: dict[tuple[str, str], str] = {}
    for control, item in raw.choices:
        spec = controls[control]
        rid = _region_id(item)
        clean = _clean_choice(item, spec)
        region = regions.get(rid) if rid is not None else None
        if (
            clean is not None
            and region is not None
            and region.kind is spec.applies_to
            and chosen.setdefault((region.id, control), clean) == clean
        ):
            continue  # the common case: nothing to report
        rep = ctx.rep.at_region(rid, item, spec.layer)
        value = _choice_value(item, control, spec, rep)
        if value is None or rid is None:
            continue
        if not _choice_fits(rid, control, spec, regions, dropped, rep):
            continue
        previous = chosen.setdefault((rid, control), value)
        if previous != value:
            rep.add(
                ProblemCode.MULTIPLE_LABELS,
                Severity.ERROR,
                f"{control!r} is chosen twice for region {rid!r}: {previous!r} and {value!r}; "
                f"{previous!r} (the first) is kept.",
                "Keep a single choice for the region in Label Studio.",
            )
    return chosen


def _clean_choice(item: Mapping[str, object], spec: _ChoiceControl) -> str | None:
    """The choice of an entry as the web UI writes it (an id, one valid choice), else
    ``None``: then :func:`_choice_value` reads it field by field and reports."""
    value, kind = item.get("value"), item.get("type")
    if type(item.get("id")) is not str or type(value) is not dict:
        return None
    if kind is not None and type(kind) is not str:
        return None
    choices = value.get("choices")
    if type(choices) is not list or len(choices) != 1 or type(choices[0]) is not str:
        return None
    return choices[0] if choices[0] in spec.values else None


def _choice_value(
    item: Mapping[str, object], control: str, spec: _ChoiceControl, rep: _Reporter
) -> str | None:
    view, issues = format.parse(format.ChoiceResult, item)
    _report([i for i in issues if i.key not in _CONTROL_KEYS], rep, f"{control!r} choice")
    if view.id is None or view.value is None or view.value.choices is None:
        return None
    return _parse_label(view.value.choices, spec.values, rep, f"{control!r} choice")


def _choice_fits(
    rid: str,
    control: str,
    spec: _ChoiceControl,
    regions: Mapping[str, _Region],
    dropped: set[str],
    rep: _Reporter,
) -> bool:
    region = regions.get(rid)
    if region is not None and region.kind is spec.applies_to:
        return True
    if region is not None:
        reason = f"region {rid!r} is a {region.label} region, but {control!r} is a choice for "
        reason += f"{spec.applies_to.value} regions"
    elif rid in dropped:
        reason = f"its region {rid!r} was left out (see that region's problem)"
    else:
        reason = f"there is no region {rid!r} in this annotation"
    rep.add(
        ProblemCode.ORPHAN_CHOICE,
        Severity.ERROR,
        f"the {control!r} choice cannot be attached: {reason}; it is left out.",
        f"Select the {spec.applies_to.value} region in Label Studio and make the choice there.",
    )
    return False


# --- pull: relations ---------------------------------------------------------------------------


def _clean_relation(item: Mapping[str, object], regions: Mapping[str, _Region]) -> _Link | None:
    """The link of a relation with nothing to report (one valid label, a direction, both
    regions there and of the kinds it joins), else ``None`` (:func:`_parse_relation`)."""
    from_id, to_id, labels = item.get("from_id"), item.get("to_id"), item.get("labels")
    direction = item.get("direction")
    if type(from_id) is not str or type(to_id) is not str or direction not in _DIRECTIONS:
        return None
    if type(labels) is not list or len(labels) != 1 or type(labels[0]) is not str:
        return None
    if labels[0] not in _RELATION_NAMES:
        return None
    if direction == "left":
        from_id, to_id = to_id, from_id
    source, target = regions.get(from_id), regions.get(to_id)
    relation = _RELATIONS[labels[0]]
    if source is None or target is None or not _kinds_fit(relation, source, target):
        return None
    entity = source if source.kind is _Kind.ENTITY else target
    if entity.entity_label is not None and entity.entity_label not in SPEAKER_LABELS:
        return None
    return _Link(source, target, relation, item)


_DIRECTIONS: Final = (None, "right", "left")
#: Relation by label (a lookup: calling the enum is slow for one per relation).
_RELATIONS: Final = {relation.value: relation for relation in Relation}
_RELATION_NAMES: Final = frozenset(_RELATIONS)


def _parse_relation(
    item: Mapping[str, object], regions: Mapping[str, _Region], dropped: set[str], ctx: _Context
) -> _Link | None:
    clean = _clean_relation(item, regions)
    if clean is not None:
        return clean
    rep = ctx.rep.at_relation(item)
    view, issues = format.parse(format.Relation, item)
    labels = view.labels or []
    if len(labels) == 1 and labels[0] in set(Relation):
        rep = replace(rep, layer=_RELATION_LAYERS[Relation(labels[0])])
    _report(issues, rep, "relation")
    from_id, to_id, direction = view.from_id, view.to_id, view.direction or "right"
    if from_id is None or to_id is None:
        return None
    if direction == "left":
        from_id, to_id = to_id, from_id
    ends = [_endpoint(rid, regions, dropped, rep) for rid in (from_id, to_id)]
    source, target = ends
    if source is None or target is None:
        return None
    if direction not in {"left", "right"}:
        rep.add(
            ProblemCode.WRONG_RELATION,
            Severity.ERROR,
            f"relation {from_id!r} – {to_id!r} has direction {direction!r}; annot's relations "
            "point one way ('right': from → to). It is left out.",
            "Set the relation's direction in Label Studio to point from the speaker, cue or "
            "claimant to the quote or claim.",
        )
        return None
    relation = _relation_label(labels, source, target, rep)
    if relation is None or not _relation_fits(relation, source, target, rep):
        return None
    return _Link(source, target, relation, item)


def _endpoint(
    rid: str, regions: Mapping[str, _Region], dropped: set[str], rep: _Reporter
) -> _Region | None:
    region = regions.get(rid)
    if region is not None:
        return region
    reason = (
        "was left out (see that region's problem)"
        if rid in dropped
        else "does not exist in this annotation"
    )
    rep.add(
        ProblemCode.DANGLING_RELATION,
        Severity.ERROR,
        f"relation points to region {rid!r}, which {reason}; the relation is left out.",
        "Fix the region in Label Studio and draw the relation again, or delete the relation.",
    )
    return None


def _relation_label(
    labels: list[str], source: _Region, target: _Region, rep: _Reporter
) -> Relation | None:
    between = f"{source.label} region {source.id!r} → {target.label} region {target.id!r}"
    if not labels:
        fitting = [rel for rel in _ENDPOINTS if _kinds_fit(rel, source, target)]
        if len(fitting) == 1:
            rep.add(
                ProblemCode.UNLABELLED_RELATION,
                Severity.WARNING,
                f"relation {between} has no label; it can only be {fitting[0].value}.",
                f"Label the relation {fitting[0].value!r} in Label Studio.",
                layer=_RELATION_LAYERS[fitting[0]],
            )
            return fitting[0]
    valid = tuple(relation.value for relation in Relation)
    label = _parse_label(labels, valid, rep, f"relation {between}")
    return Relation(label) if label is not None else None


def _kinds_fit(relation: Relation, source: _Region, target: _Region) -> bool:
    froms, tos = _ENDPOINTS[relation]
    return source.kind in froms and target.kind in tos


def _relation_fits(relation: Relation, source: _Region, target: _Region, rep: _Reporter) -> bool:
    froms, tos = _ENDPOINTS[relation]
    between = f"{source.label} region {source.id!r} to {target.label} region {target.id!r}"
    layer = _RELATION_LAYERS[relation]
    if not _kinds_fit(relation, source, target):
        allowed = " or ".join(sorted(kind.value for kind in froms))
        rep.add(
            ProblemCode.WRONG_RELATION,
            Severity.ERROR,
            f"{relation.value} goes from {between}, but must go from {allowed} to "
            f"{' or '.join(sorted(kind.value for kind in tos))}; it is left out.",
            "Redraw the relation in Label Studio in the right direction between the right "
            "regions, or change its label.",
            layer=layer,
        )
        return False
    entity = source if source.kind is _Kind.ENTITY else target
    if entity.entity_label is not None and entity.entity_label not in SPEAKER_LABELS:
        plausible = ", ".join(sorted(label.value for label in SPEAKER_LABELS))
        rep.add(
            ProblemCode.WRONG_RELATION,
            Severity.ERROR,
            f"{relation.value} goes from {between}, but a {entity.label} mention cannot speak "
            f"or be spoken of as a speaker (plausible: {plausible}); it is left out.",
            "Link the person or organisation instead, or fix the mention's label.",
            layer=layer,
        )
        return False
    return True


@dataclass(slots=True)
class _Links:
    """Accepted links: what each quote, claim or SPEAKER region is linked to."""

    speaker_of: dict[str, _Region] = field(default_factory=dict)
    cue_of: dict[str, _Region] = field(default_factory=dict)
    claimant_of: dict[str, _Region] = field(default_factory=dict)
    refers_to: dict[str, _Region] = field(default_factory=dict)

    def used(self) -> set[str]:
        """Ids of regions that a quote or claim uses (as speaker, cue or claimant)."""
        tables = (self.speaker_of, self.cue_of, self.claimant_of)
        return {region.id for table in tables for region in table.values()}

    def add(self, link: _Link, rep: _Reporter) -> None:
        """Keep the first link of a kind per quote, claim or SPEAKER; report the others."""
        if link.relation is Relation.REFERS_TO:
            table, key, other = self.refers_to, link.source, link.target
        else:
            table = {
                Relation.SPEAKER_OF: self.speaker_of,
                Relation.CUE_OF: self.cue_of,
                Relation.CLAIMANT_OF: self.claimant_of,
            }[link.relation]
            key, other = link.target, link.source
        kept = table.setdefault(key.id, other)
        if kept.id != other.id:
            rep.at_relation(link.raw).add(
                ProblemCode.WRONG_RELATION,
                Severity.ERROR,
                f"{key.label} region {key.id!r} has a second {link.relation.value} relation "
                f"(with {other.label} region {other.id!r}); only one is allowed, the first "
                f"(with {kept.id!r}) is kept.",
                f"Delete the extra {link.relation.value} relation in Label Studio.",
                layer=_RELATION_LAYERS[link.relation],
            )


# --- pull: building the layers -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Layers:
    mentions: list[Mention]
    quotes: list[Quote]
    claims: list[Claim]


def _item_id(prefix: str, rid: str) -> str:
    """An annot id for the item read from region ``rid`` (injective, readable)."""
    if _SAFE_ID.fullmatch(rid):
        body = rid
    else:
        body = "".join(c if _SAFE_ID_CHAR.fullmatch(c) else f":{ord(c):x}:" for c in rid)
    if len(body) > 190:
        body = ":h:" + hashlib.sha256(rid.encode()).hexdigest()[:32]
    return f"{prefix}-{body}"


def _item_source(region: _Region, ctx: _Context) -> Provenance | None:
    if ctx.source is None or region.score is None:
        return None
    return PreannotatorSource(name=ctx.source.name, version=ctx.source.version, score=region.score)


def _speaker_ref(region: _Region, links: _Links) -> MentionRef | SpanRef:
    if region.kind is _Kind.ENTITY:
        return MentionRef(mention_id=_item_id("m", region.id))
    target = links.refers_to.get(region.id)
    refers_to = _item_id("m", target.id) if target is not None else None
    return SpanRef(type=speaker_type(region.span.text), span=region.span, refers_to=refers_to)


def _choice(
    region: _Region,
    control: str,
    chosen: Mapping[tuple[str, str], str],
    default: str,
    ctx: _Context,
) -> str:
    value = chosen.get((region.id, control))
    if value is None:
        ctx.rep.add(
            ProblemCode.MISSING_CHOICE,
            Severity.WARNING,
            f"{region.label} region {region.id!r} has no {control!r} choice; "
            f"the default {default!r} is used.",
            f"Select the region in Label Studio and choose its {control!r}.",
            layer=region.layer,
            span=(region.span.start, region.span.end),
        )
        return default
    return value


def _build_quote(
    region: _Region, links: _Links, chosen: Mapping[tuple[str, str], str], ctx: _Context
) -> Quote:
    rep = ctx.rep.in_region(region.id)
    default = infer_quote_kind(ctx.doc.text, region.span).value
    kind = _choice(region, ctx.controls.quote_kind, chosen, default, ctx.with_rep(rep))
    cue, speaker = links.cue_of.get(region.id), links.speaker_of.get(region.id)
    if speaker is None:
        rep.add(
            ProblemCode.QUOTE_WITHOUT_SPEAKER,
            Severity.WARNING,
            f"QUOTE {region.span.text!r} has no speaker_of relation.",
            "Draw a speaker_of relation from the speaker (mention or SPEAKER span) to the quote.",
            layer="quotes",
            span=(region.span.start, region.span.end),
        )
    region_ids = [region.id]
    if cue is not None:
        region_ids.append(cue.id)
    if speaker is not None and speaker.kind is _Kind.SPEAKER:
        region_ids.append(speaker.id)
    return Quote(
        id=_item_id("q", region.id),
        content=region.span,
        cue=cue.span if cue is not None else None,
        speaker=_speaker_ref(speaker, links) if speaker is not None else None,
        kind=QuoteKind(kind),
        provenance=_item_source(region, ctx),
        region_ids=region_ids,
    )


def _build_claim(
    region: _Region, links: _Links, chosen: Mapping[tuple[str, str], str], ctx: _Context
) -> Claim:
    in_region = ctx.with_rep(ctx.rep.in_region(region.id))
    stance = _choice(region, ctx.controls.claim_stance, chosen, DEFAULT_STANCE.value, in_region)
    worthiness = _choice(
        region, ctx.controls.check_worthiness, chosen, DEFAULT_CHECK_WORTHINESS.value, in_region
    )
    agent = links.claimant_of.get(region.id)
    claimant: MentionRef | SpanRef | QuoteRef | None = None
    if agent is None:
        in_region.rep.add(
            ProblemCode.CLAIM_WITHOUT_CLAIMANT,
            Severity.WARNING,
            f"CLAIM {region.span.text!r} has no claimant_of relation.",
            "Draw a claimant_of relation from the claimant (mention, SPEAKER span or the quote "
            "that makes the claim) to the claim.",
            layer="claims",
            span=(region.span.start, region.span.end),
        )
    elif agent.kind is _Kind.QUOTE:
        claimant = QuoteRef(quote_id=_item_id("q", agent.id))
    else:
        claimant = _speaker_ref(agent, links)
    speaker_ids = [agent.id] if agent is not None and agent.kind is _Kind.SPEAKER else []
    return Claim(
        id=_item_id("c", region.id),
        span=region.span,
        claimant=claimant,
        stance=Stance(stance),
        check_worthiness=CheckWorthiness(worthiness),
        provenance=_item_source(region, ctx),
        region_ids=[region.id, *speaker_ids],
    )


def _report_unlinked(regions: Mapping[str, _Region], links: _Links, ctx: _Context) -> None:
    used = links.used()
    for region in regions.values():
        if region.kind not in {_Kind.CUE, _Kind.SPEAKER} or region.id in used:
            continue
        target = "a QUOTE (cue_of)" if region.kind is _Kind.CUE else "a QUOTE or CLAIM"
        ctx.rep.in_region(region.id).add(
            ProblemCode.UNLINKED_REGION,
            Severity.WARNING,
            f"{region.label} {region.span.text!r} is not linked to {target}; it is left out "
            "(a cue or speaker belongs to the quote or claim it attributes).",
            f"Draw a relation from the {region.label} region to {target} in Label Studio.",
            layer="quotes",
            span=(region.span.start, region.span.end),
        )


def _convert_result(entries: list[object], ctx: _Context) -> _Layers:
    raw = _sort_entries(entries, ctx)
    regions, dropped = _parse_regions(raw, ctx)
    chosen = _parse_choices(raw, regions, dropped, ctx)
    links = _Links()
    for item in raw.relations:
        link = _parse_relation(item, regions, dropped, ctx)
        if link is not None:
            links.add(link, ctx.rep)
    _report_unlinked(regions, links, ctx)
    kept = list(regions.values())
    return _Layers(
        mentions=[
            Mention(
                id=_item_id("m", region.id),
                span=region.span,
                label=region.entity_label,
                provenance=_item_source(region, ctx),
                region_ids=[region.id],
            )
            for region in kept
            if region.entity_label is not None
        ],
        quotes=[_build_quote(r, links, chosen, ctx) for r in kept if r.kind is _Kind.QUOTE],
        claims=[_build_claim(r, links, chosen, ctx) for r in kept if r.kind is _Kind.CLAIM],
    )


def _parse_regions(raw: _Raw, ctx: _Context) -> tuple[dict[str, _Region], set[str]]:
    """Regions that passed every check by id, and the ids of those left out."""
    valid = ctx.label_controls()
    counts: dict[str, int] = {}
    for _, item in raw.regions:
        rid = _region_id(item)
        if rid is not None:
            counts[rid] = counts.get(rid, 0) + 1
    regions: dict[str, _Region] = {}
    for control, item in raw.regions:
        rid = _region_id(item)
        if rid is not None and counts[rid] > 1:
            ctx.rep.at_region(rid, item).add(
                ProblemCode.DUPLICATE_REGION_ID,
                Severity.ERROR,
                f"{counts[rid]} regions share the id {rid!r}; relations and choices cannot "
                "tell them apart, so all of them are left out.",
                "Delete the duplicates in Label Studio (or give generated regions unique ids, "
                "e.g. with annot.labelstudio.convert.region_id).",
            )
            continue
        region = _parse_region(control, item, ctx, valid[control])
        if region is not None:
            regions[region.id] = region
    return regions, set(counts) - set(regions)


# --- pull: tasks and annotations ----------------------------------------------------------


def _report(
    issues: Sequence[format.FieldIssue],
    rep: _Reporter,
    what: str,
    *,
    errors: Collection[str] = (),
) -> None:
    """One problem per issue, worded as before the models: a missing required key and a
    wrong type of a required key (or of a key in ``errors``) are errors; a wrong type of an
    optional key is a warning (the value is ignored)."""
    for issue in issues:
        where = " ".join((what, *issue.path[:-1]))
        if issue.missing:
            rep.add(
                format.issue_code(issue),
                Severity.ERROR,
                f"{where} has no {issue.key!r} (expected {issue.expected}); it cannot be "
                "converted.",
                _FIX_EXPORT,
            )
            continue
        error = issue.required or issue.key in errors
        rep.add(
            format.issue_code(issue),
            Severity.ERROR if error else Severity.WARNING,
            f"{where}'s {issue.key!r} is {_short(issue.value)}, expected {issue.expected}"
            + ("." if error else "; it is ignored."),
            _FIX_EXPORT,
        )


def _task_document(
    data: Mapping[str, object] | None,
    controls: ControlNames,
    document: Document | None,
    rep: _Reporter,
) -> tuple[Document | None, format.TaskData | None]:
    if data is None:
        return None, None
    view, issues = format.parse(format.task_data_model(controls.text), data)
    if document is not None:  # only the text is needed, to compare
        issues = [issue for issue in issues if issue.key == controls.text]
    _report(issues, rep, "task data")
    text = getattr(view, controls.text)
    if document is not None:
        if text is not None and text != document.text:
            rep.add(
                ProblemCode.DOCUMENT_CHANGED,
                Severity.ERROR,
                f"the task's text ({len(text)} code points) differs from document "
                f"{document.id!r} ({len(document.text)}); its regions cannot be placed in the "
                "document, so no annotation is converted.",
                "Pull against the document version the task was pushed with (data.content_sha256"
                "), or re-push the document and have it annotated again.",
            )
            return None, view
        return document, view
    if text is None or view.doc_id is None:
        return None, view
    return Document(id=view.doc_id, text=text, title=view.title, source=view.source), view


def _check_schema_version(data: format.TaskData | None, rep: _Reporter) -> None:
    version = data.schema_version if data is not None else None
    if version is not None and version != SCHEMA_VERSION:
        rep.add(
            ProblemCode.SCHEMA_VERSION,
            Severity.WARNING,
            f"the task was pushed under schema version {version!r}; it is read as "
            f"{SCHEMA_VERSION!r}.",
            "Check the converted annotation, or pull with the annot version that pushed it.",
        )


def _annotator(annotation: format.Annotation, rep: _Reporter) -> str:
    """The pseudonym of ``completed_by`` (an id, or an object with an id; never the e-mail)."""
    user = annotation.completed_by
    user_id = user.id if isinstance(user, format.User) else user
    if user_id is None:
        rep.add(
            ProblemCode.MISSING_KEY,
            Severity.WARNING,
            "the annotation's 'completed_by' has no user id; the annotator is 'ann-unknown'.",
            _FIX_EXPORT,
        )
        return "ann-unknown"
    return annotator_pseudonym(user_id)


def _prediction_id(annotation: format.Annotation) -> int | None:
    """The prediction the annotation started from: embedded, by id, or ``parent_prediction``."""
    embedded = annotation.prediction
    if isinstance(embedded, dict):
        return format.parse(format.Prediction, embedded)[0].id
    return embedded if embedded is not None else annotation.parent_prediction


def _ls_ref(
    task: format.Task,
    item: format.Annotation | format.Prediction,
    rep: _Reporter,
    *,
    annotation_id: int | None,
    prediction_id: int | None,
) -> LabelStudioRef | None:
    if rep.task_id is None:
        return None
    annotation = item if isinstance(item, format.Annotation) else None
    return LabelStudioRef(
        project_id=item.project if item.project is not None else task.project,
        task_id=rep.task_id,
        annotation_id=annotation_id,
        prediction_id=prediction_id,
        created_at=item.created_at,
        updated_at=item.updated_at,
        lead_time=item.lead_time,
        was_cancelled=bool(annotation is not None and annotation.was_cancelled),
        ground_truth=bool(annotation is not None and annotation.ground_truth),
    )


#: Annotation fields whose wrong type leaves the annotation out: which annotations count
#: (cancelled, ground truth) depends on them, so they are never guessed.
_DECIDING: Final = ("was_cancelled", "ground_truth")


def _convert_annotation(
    task: format.Task, annotation: Mapping[str, object], ctx: _Context
) -> AnnotatedDocument | None:
    view, issues = format.parse(format.Annotation, annotation)
    rep = replace(ctx.rep, annotation_id=view.id)
    _report([i for i in issues if i.key != "completed_by"], rep, "annotation", errors=_DECIDING)
    if any(issue.key in _DECIDING for issue in issues):
        return None
    ref = _ls_ref(task, view, rep, annotation_id=view.id, prediction_id=_prediction_id(view))
    if ref is not None and ref.was_cancelled:
        rep.add(
            ProblemCode.CANCELLED_ANNOTATION,
            Severity.INFO,
            "the annotator skipped (cancelled) this task; the annotation is converted and "
            "flagged with label_studio.was_cancelled.",
            "Leave it out of agreement and adjudication, or ask the annotator to finish it.",
        )
    source = HumanSource(annotator=_annotator(view, rep))
    if view.result is None:
        return None
    layers = _convert_result(view.result, replace(ctx, rep=rep))
    return AnnotatedDocument(
        document=ctx.doc,
        source=source,
        label_studio=ref,
        mentions=layers.mentions,
        quotes=layers.quotes,
        claims=layers.claims,
    )


def _preannotator(prediction: format.Prediction) -> PreannotatorSource:
    """``model_version`` "name@version"; without "@" the version is "unversioned"."""
    name, at, version = (prediction.model_version or "").rpartition("@")
    if not at:
        name, version = version, "unversioned"
    return PreannotatorSource(
        name=name or "unknown", version=version or "unversioned", score=prediction.score
    )


def _convert_prediction(
    task: format.Task, prediction: Mapping[str, object], ctx: _Context
) -> AnnotatedDocument | None:
    view, issues = format.parse(format.Prediction, prediction)
    rep = replace(ctx.rep, prediction_id=view.id)
    _report(issues, rep, "prediction")
    source = _preannotator(view)
    ref = _ls_ref(task, view, rep, annotation_id=None, prediction_id=view.id)
    if view.result is None:
        return None
    layers = _convert_result(view.result, replace(ctx, rep=rep, source=source))
    return AnnotatedDocument(
        document=ctx.doc,
        source=source,
        label_studio=ref,
        mentions=layers.mentions,
        quotes=layers.quotes,
        claims=layers.claims,
    )


def _objects(items: list[object], rep: _Reporter, what: str) -> list[Mapping[str, object]]:
    objects: list[Mapping[str, object]] = []
    for index, item in enumerate(items):
        mapping = as_task(item)
        if mapping is None:
            rep.add(
                ProblemCode.MALFORMED_JSON,
                Severity.ERROR,
                f"{what}[{index}] is {_short(item)}, expected an object; it is left out.",
                _FIX_EXPORT,
            )
        else:
            objects.append(mapping)
    return objects


def _task_predictions(
    task: format.Task, annotations: list[Mapping[str, object]]
) -> list[Mapping[str, object]]:
    """Full predictions: the task's own, then those embedded in annotations (by id, once)."""
    found = [p for p in (as_task(item) for item in task.predictions or []) if p is not None]
    found += [p for p in (as_task(a.get("prediction")) for a in annotations) if p is not None]
    unique: dict[object, Mapping[str, object]] = {}
    for prediction in found:
        unique.setdefault(prediction.get("id", id(prediction)), prediction)
    return list(unique.values())


def task_to_annotated(
    task: Mapping[str, object],
    *,
    controls: ControlNames = DEFAULT_CONTROLS,
    document: Document | None = None,
    include_predictions: bool = False,
) -> Conversion:
    """Every annotation of an exported Label Studio task as an :class:`AnnotatedDocument`.

    The document is ``document`` when given (the task's text must be its text), else rebuilt
    from the task data (``text`` under ``controls.text``, ``doc_id``, ``title``, ``source``).
    With ``include_predictions`` each full prediction (from ``task["predictions"]`` or embedded
    as ``annotation["prediction"]``) is converted too, with a :class:`PreannotatorSource`.
    Nothing raises on bad input: every problem is in :attr:`Conversion.problems`, and what an
    ERROR problem concerns is left out of the annotations. The task's shapes are the models
    of :mod:`annot.labelstudio.format`. Debug one region with
    ``[str(p) for p in task_to_annotated(task).problems]``.
    """
    problems: list[Problem] = []
    view, issues = format.parse(format.Task, task)
    rep = _Reporter(sink=problems, task_id=view.id)
    _report(issues, rep, "task")
    doc, data = _task_document(view.data, controls, document, rep)
    if doc is None:
        return Conversion([], problems)
    rep = replace(rep, document_id=doc.id)
    _check_schema_version(data, rep)
    ctx = _Context(doc=doc, controls=controls, rep=rep, source=None)
    annotations = _objects(view.annotations or [], rep, "annotations")
    converted = [_convert_annotation(view, item, ctx) for item in annotations]
    if include_predictions:
        predictions = _task_predictions(view, annotations)
        converted += [_convert_prediction(view, item, ctx) for item in predictions]
    return Conversion([ad for ad in converted if ad is not None], problems)
