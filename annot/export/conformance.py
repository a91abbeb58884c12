"""BigBio/SEACrowd-style conformance checks, run on every exported row as hard failures.

The rules (after ``bigbio/tests/test_bigbio.py``):

- every id is unique across the whole config (:class:`IdRegistry`, fed row by row);
- every referenced id exists in its row (relation arguments, coreference members, event
  arguments);
- every offset slices to its text: kb passages, entities and event triggers against the
  passages joined by a space (as SEACrowd's harness rebuilds the text), ``ner`` tokens
  against the sentence, ``quotes`` content against its paragraph, ``claims`` spans against
  the sentence;
- sequence rows have one label per token.

Each check returns a list of messages (empty when the row conforms), in the BigBio form
``Example:{id} - text:'{a}' != text_by_offset:'{b}'``.
"""

from __future__ import annotations

from collections.abc import Iterable

from annot.export.rows import Row
from annot.export.seacrowd import kb_text

__all__ = [
    "IdRegistry",
    "check_claims_row",
    "check_kb_row",
    "check_ner_row",
    "check_quotes_row",
    "check_row",
    "check_seq_label_row",
    "row_ids",
]


def _mismatch(row_id: str, what: str, found: str, by_offset: str) -> str:
    return f"Example:{row_id} - {what} text:{found!r} != text_by_offset:{by_offset!r}"


def _text_bound(row_id: str, what: str, item: Row, text: str) -> list[str]:
    """One text per offset pair, each pair ``[start, end]``, each slicing ``text``."""
    pieces, offsets = item["text"], item["offsets"]
    if not isinstance(pieces, list) or not isinstance(offsets, list):
        return [f"Example:{row_id} - {what}: text and offsets must be lists"]
    if len(pieces) != len(offsets) or not offsets:
        return [f"Example:{row_id} - {what}: {len(pieces)} texts, {len(offsets)} offsets"]
    problems: list[str] = []
    for piece, pair in zip(pieces, offsets, strict=True):
        if len(pair) != 2:
            problems.append(f"Example:{row_id} - {what}: offsets {pair} are not [start, end]")
        elif text[pair[0] : pair[1]] != piece:
            problems.append(_mismatch(row_id, what, piece, text[pair[0] : pair[1]]))
    return problems


def check_kb_row(row: Row, text: str | None = None) -> list[str]:
    """Conformance of one ``seacrowd_kb`` row, as SEACrowd's harness checks it.

    Offsets are checked against the row's passages joined by one space (what the harness
    rebuilds, :func:`annot.export.seacrowd.kb_text`); every passage has exactly one text and
    one offset pair; relation arguments and coreference members are entities of the row,
    event arguments entities or events. ``text``, the document text when known, must contain
    every passage.
    """
    row_id = row["id"]
    joined = kb_text(row)
    problems: list[str] = []
    for passage in row["passages"]:
        what = f"passage {passage['id']}"
        if len(passage["text"]) != 1 or len(passage["offsets"]) != 1:
            problems.append(f"Example:{row_id} - {what}: needs exactly one text and offset pair")
            continue
        problems += _text_bound(row_id, what, passage, joined)
        if text is not None and passage["text"][0] not in text:
            problems.append(f"Example:{row_id} - {what}: text is not in the document")
    for entity in row["entities"]:
        problems += _text_bound(row_id, f"entity {entity['id']}", entity, joined)
    for event in row["events"]:
        problems += _text_bound(row_id, f"event {event['id']}", event["trigger"], joined)
    entity_ids = {entity["id"] for entity in row["entities"]}
    event_ids = {event["id"] for event in row["events"]}
    for relation in row["relations"]:
        for key in ("arg1_id", "arg2_id"):
            if relation[key] not in entity_ids:
                problems.append(
                    f"Example:{row_id} - relation {relation['id']} {key} {relation[key]!r} "
                    "is not an entity of this example"
                )
    for coreference in row["coreferences"]:
        for member in coreference["entity_ids"]:
            if member not in entity_ids:
                problems.append(
                    f"Example:{row_id} - coreference {coreference['id']} member {member!r} "
                    "is not an entity of this example"
                )
    for event in row["events"]:
        for ref in event["arguments"]["ref_id"]:
            if ref not in entity_ids | event_ids:
                problems.append(
                    f"Example:{row_id} - event {event['id']} argument {ref!r} "
                    "is not an entity or event of this example"
                )
    return problems


def check_seq_label_row(row: Row) -> list[str]:
    """One label per token."""
    if len(row["tokens"]) != len(row["labels"]):
        return [f"Example:{row['id']} - {len(row['tokens'])} tokens, {len(row['labels'])} labels"]
    return []


def check_ner_row(row: Row) -> list[str]:
    """Tokens slice the sentence at their offsets; one tag per token."""
    problems: list[str] = []
    columns = (row["tokens"], row["token_starts"], row["token_ends"], row["ner_tags"])
    if len({len(column) for column in columns}) != 1:
        problems.append(f"Example:{row['id']} - tokens, offsets and tags differ in length")
        return problems
    base = row["start"]
    for token, start, end in zip(
        row["tokens"], row["token_starts"], row["token_ends"], strict=True
    ):
        found = row["text"][start - base : end - base]
        if found != token:
            problems.append(_mismatch(row["id"], "token", token, found))
    return problems


def check_quotes_row(row: Row) -> list[str]:
    """Content, cue and speaker slice the paragraph or lie outside it consistently."""
    problems: list[str] = []
    base, paragraph = row["paragraph_start"], row["paragraph_text"]
    start, end, text = row["content_start"], row["content_end"], row["content_text"]
    found = paragraph[start - base : end - base]
    if found != text:
        problems.append(_mismatch(row["id"], "content", text, found))
    for prefix in ("cue_", "speaker_"):
        start, end, text = row[f"{prefix}start"], row[f"{prefix}end"], row[f"{prefix}text"]
        if start is not None and (end - start != len(text)):
            problems.append(_mismatch(row["id"], prefix.rstrip("_"), text, "<length>"))
    return problems


def check_claims_row(row: Row) -> list[str]:
    """Claim spans overlap their sentence; a row without a claim has the ``none`` classes."""
    problems: list[str] = []
    start, end = row["sentence_start"], row["sentence_end"]
    if end - start != len(row["sentence_text"]):
        problems.append(_mismatch(row["id"], "sentence", row["sentence_text"], "<length>"))
    for span in row["claim_spans"]:
        if not (span["start"] < end and start < span["end"]):
            problems.append(f"Example:{row['id']} - claim span {span} outside the sentence")
        if span["end"] - span["start"] != len(span["text"]):
            problems.append(_mismatch(row["id"], "claim", span["text"], "<length>"))
    if row["has_claim"] != bool(row["claim_spans"]) or (
        not row["has_claim"] and (row["stance"] != 0 or row["check_worthiness"] != 0)
    ):
        problems.append(f"Example:{row['id']} - has_claim disagrees with its spans or classes")
    return problems


def check_row(config: str, row: Row, text: str | None = None) -> list[str]:
    """The checks of ``config`` applied to ``row`` (``documents`` is checked by the schema)."""
    if config == "seacrowd_kb":
        return check_kb_row(row, text)
    if config == "seacrowd_seq_label":
        return check_seq_label_row(row)
    if config == "ner":
        return check_ner_row(row)
    if config == "quotes":
        return check_quotes_row(row)
    if config == "claims":
        return check_claims_row(row)
    return []


def row_ids(config: str, row: Row) -> Iterable[str]:
    """Every id a row defines (for kb: the example, its passages, entities, relations, …)."""
    yield row["id"]
    if config == "seacrowd_kb":
        for key in ("passages", "entities", "events", "coreferences", "relations"):
            yield from (item["id"] for item in row[key])


class IdRegistry:
    """Ids seen so far in one config; :meth:`add_ids` reports the ones seen before."""

    def __init__(self, config: str) -> None:
        self.config = config
        self._seen: set[str] = set()

    def add_ids(self, ids: Iterable[str]) -> list[str]:
        problems: list[str] = []
        for item_id in ids:
            if item_id in self._seen:
                problems.append(f"config {self.config}: id {item_id!r} is not unique")
            self._seen.add(item_id)
        return problems
