"""A seeded generator of realistic Label Studio exports of annot projects.

Each task is what a Label Studio 1.23.2 JSON snapshot export of an ``annot push`` project holds:
the task ``data``/``meta`` exactly as :func:`annot.labelstudio.convert.document_to_task` writes
them, one annotation (sometimes two, by different annotators; now and then a ground truth) with
the ``result`` list shaped as the web UI shapes it, and the pre-annotation as a full prediction
object (in the annotation's ``prediction`` and the task's ``predictions``).

The text is news-length (about 3,200 characters in paragraphs) and Indonesian-like: sentences
put together from the small word lists below (written for this generator, not copied from any
article). Regions: 15-70 entity mentions, direct and indirect quotes with their cue and speaker
(a mention, or a SPEAKER span that may refer to a mention) and the quote kind choice, claims with
their stance and check-worthiness choices and claimant. Every region's ``value.text`` is exactly
``text[start:end]``, and regions fall on token boundaries.

Generation is deterministic per ``(seed, task index)``, so ``generate_tasks(n, seed)`` is a prefix
of ``generate_tasks(n + k, seed)``. Writing streams: memory does not grow with ``n``.

    python -m benchmarks.generate out.jsonl --tasks 2000 --seed 0
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from annot.labelstudio import config
from annot.labelstudio.convert import document_to_task
from annot.schema import Document
from annot.schema.taxonomy import CheckWorthiness, QuoteKind, Relation, Stance

__all__ = ["generate_tasks", "write_export"]

_FIRST: Final = (
    "Budi", "Siti", "Agus", "Dewi", "Rina", "Hendra", "Wahyu", "Putri", "Joko", "Rahmat",
    "Fitri", "Yusuf", "Indah", "Bambang", "Lestari", "Andi", "Nurul", "Arif", "Teguh", "Ratna",
)  # fmt: skip
_LAST: Final = (
    "Santoso", "Rahmawati", "Wibowo", "Hidayat", "Lubis", "Siregar", "Pratama", "Kusuma",
    "Nugroho", "Saputra", "Harahap", "Setiawan", "Gunawan", "Purnomo", "Tanjung", "Halim",
)  # fmt: skip
_ORG_HEAD: Final = ("Kementerian", "Badan", "Dinas", "Komisi", "Lembaga", "Dewan")
_ORG_FIELD: Final = (
    "Pertahanan", "Keuangan", "Perhubungan", "Kesehatan", "Pendidikan", "Pangan", "Energi",
    "Kelautan", "Pertanian", "Perdagangan",
)  # fmt: skip
_ORG_SHORT: Final = ("PBB", "NATO", "TNI", "DPR", "KPK", "BMKG", "ASEAN", "Polri", "OJK")
_GPE: Final = (
    "Jakarta", "Bandung", "Surabaya", "Medan", "Makassar", "Semarang", "Jawa Barat",
    "Sulawesi Selatan", "Amerika Serikat", "Korea Utara", "Jepang", "Malaysia", "Australia",
    "Kalimantan Timur", "Papua", "Yogyakarta", "Palembang", "Denpasar",
)  # fmt: skip
_LOC: Final = (
    "Selat Malaka", "Laut Natuna", "Gunung Merapi", "Sungai Ciliwung", "Teluk Bone",
    "Danau Toba", "Pegunungan Jayawijaya",
)  # fmt: skip
_FAC: Final = (
    "Jembatan Suramadu", "Pelabuhan Tanjung Priok", "Bandara Kualanamu", "Gedung Sate",
    "Stadion Manahan", "Terminal Pulogadung", "Bendungan Jatiluhur",
)  # fmt: skip
_NORP: Final = ("Sunda", "Minang", "Batak", "Bugis", "Tionghoa", "Dayak", "Betawi")
_EVENT: Final = (
    "Pemilu 2029", "KTT ASEAN", "Pekan Olahraga Nasional", "Festival Danau Toba",
    "Hari Kemerdekaan", "Musyawarah Nasional",
)  # fmt: skip
_DAYS: Final = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_MONTHS: Final = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
_UNITS: Final = ("ton", "persen", "unit", "kilometer", "hektare", "orang", "kontainer")
_WEAPON: Final = (
    "rudal balistik", "peluncur roket", "kapal selam", "pesawat nirawak", "tank amfibi",
    "meriam howitzer",
)  # fmt: skip
_VERBS: Final = (
    "meninjau", "mengumumkan", "membahas", "menyetujui", "menolak", "memeriksa", "meresmikan",
    "mendukung", "mengkritik", "menunda", "mempercepat", "mengevaluasi",
)  # fmt: skip
_NOUNS: Final = ("anggaran", "rencana", "program", "proyek", "kebijakan", "laporan", "aturan")
_TOPICS: Final = (
    "pembangunan jalan", "bantuan pangan", "perbaikan jembatan", "pengadaan alat",
    "penanganan banjir", "subsidi energi", "perluasan sekolah", "pemulihan pasar",
    "penataan kawasan pesisir", "layanan kesehatan desa",
)  # fmt: skip
_ADVERBIALS: Final = (
    "secara resmi", "dalam rapat tertutup", "bersama warga", "sesuai jadwal",
    "tanpa penjelasan rinci", "setelah berbulan-bulan tertunda", "dengan pengawasan ketat",
)  # fmt: skip
_QUOTE_SUBJECTS: Final = ("Kami", "Pemerintah", "Semua pihak", "Warga", "Kita")
_QUOTE_VERBS: Final = (
    "akan", "tidak akan", "sudah", "belum", "harus", "siap",
)  # fmt: skip
_QUOTE_ACTIONS: Final = (
    "menyelesaikan", "menghentikan", "melanjutkan", "mengawasi", "membiayai", "memperbaiki",
)  # fmt: skip
_DIRECT_CUES: Final = ("kata", "ujar", "ungkap", "tegas", "jelas")
_INDIRECT_CUES: Final = ("mengatakan", "menyatakan", "menegaskan", "menjelaskan")
_PRONOUNS: Final = ("dia", "ia", "beliau")
_NOMINALS: Final = ("juru bicara itu", "seorang pejabat", "pejabat tersebut", "sumber itu")
_FILLERS: Final = (
    "Situasi di lapangan masih terus dipantau oleh petugas",
    "Sejumlah warga menyampaikan keluhan soal biaya hidup yang meningkat",
    "Rapat berikutnya dijadwalkan setelah laporan akhir diterima",
    "Para pengamat menilai langkah itu perlu diuji lebih dahulu",
    "Hingga berita ini diturunkan belum ada tanggapan tertulis",
)  # fmt: skip
_SOURCES: Final = ("beritanusantara.id", "kabarharian.co.id", "warta-kota.id", "suaradaerah.id")
_ID_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
_EPOCH: Final = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)
_SPEAKER_LABELS: Final = ("PER", "ORG", "GPE", "NORP")
_TARGET_CHARS: Final = 3200
_MIN_ENTITIES: Final = 15
_MAX_ENTITIES: Final = 70
_PROJECT: Final = 1


def _entity_text(rng: random.Random, label: str) -> str:
    """A surface form for an entity of ``label``."""
    if label == "PER":
        return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    if label == "ORG":
        if rng.random() < 0.4:
            return rng.choice(_ORG_SHORT)
        return f"{rng.choice(_ORG_HEAD)} {rng.choice(_ORG_FIELD)}"
    if label == "DATE":
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        if rng.random() < 0.5:
            return f"{rng.choice(_DAYS)} ({day}/{month}/2026)"
        return f"{day} {_MONTHS[month - 1]} 2026"
    if label == "TIME":
        return f"pukul {rng.randint(6, 22):02d}.{rng.choice((0, 15, 30, 45)):02d} WIB"
    if label == "QUANTITY":
        amount = f"{rng.randint(2, 990)}.{rng.randint(0, 999):03d}"
        return f"{amount} {rng.choice(_UNITS)}"
    lists = {"GPE": _GPE, "LOC": _LOC, "FAC": _FAC, "NORP": _NORP, "EVENT": _EVENT}
    return rng.choice(lists.get(label, _WEAPON))


@dataclass(slots=True)
class _Doc:
    """A document under construction: its text pieces and the result entries found so far."""

    rng: random.Random
    max_entities: int
    pieces: list[str] = field(default_factory=list)
    length: int = 0
    entities: list[dict[str, object]] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    """Region ids of PER mentions (speakers and what a pronoun refers to)."""
    others: list[dict[str, object]] = field(default_factory=list)
    relations: list[dict[str, object]] = field(default_factory=list)

    def rid(self) -> str:
        return "".join(self.rng.choice(_ID_ALPHABET) for _ in range(10))

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.pieces.append(text)
        self.length += len(text)
        return start, self.length

    def region(
        self, control: str, label: str, text: str, kind: str = "labels", rid: str | None = None
    ) -> str:
        start, end = self.add(text)
        return self.labelled(control, label, start, end, text, kind, rid)

    def labelled(
        self,
        control: str,
        label: str,
        start: int,
        end: int,
        text: str,
        kind: str = "labels",
        rid: str | None = None,
    ) -> str:
        rid = rid or self.rid()
        key = "labels" if kind == "labels" else "choices"
        entry: dict[str, object] = {
            "id": rid,
            "from_name": control,
            "to_name": config.TEXT_NAME,
            "type": kind,
            "origin": "manual",
            "value": {"start": start, "end": end, "text": text, key: [label]},
        }
        target = self.entities if control == config.ENTITY_CONTROL else self.others
        target.append(entry)
        return rid

    def entity(self, label: str) -> str:
        """Add an entity of ``label`` (plain text when the document has enough entities)."""
        text = _entity_text(self.rng, label)
        if len(self.entities) >= self.max_entities:
            self.add(text)
            return ""
        rid = self.region(config.ENTITY_CONTROL, label, text)
        if label == "PER":
            self.persons.append(rid)
        return rid

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

    def speaker(self, first: bool = False) -> str:
        """A speaker: a mention, or a SPEAKER span (maybe referring to a person); ``first``
        when it starts a sentence."""
        roll = self.rng.random()
        room = len(self.entities) < self.max_entities
        if room and (roll < 0.55 or not self.persons):
            label = "PER" if roll < 0.45 else self.rng.choice(_SPEAKER_LABELS)
            return self.entity(label)
        words = self.rng.choice(_PRONOUNS if roll < 0.8 else _NOMINALS)
        words = words[0].upper() + words[1:] if first else words
        rid = self.region(config.QUOTE_CONTROL, "SPEAKER", words)
        if self.persons and self.rng.random() < 0.7:
            self.relation(rid, self.rng.choice(self.persons), Relation.REFERS_TO)
        return rid


def _plain_sentence(doc: _Doc) -> None:
    rng = doc.rng
    doc.entity(rng.choice(("PER", "ORG", "GPE", "PER", "ORG")))
    doc.add(f" {rng.choice(_VERBS)} {rng.choice(_NOUNS)} {rng.choice(_TOPICS)}")
    if rng.random() < 0.6:
        doc.add(" di ")
        doc.entity(rng.choice(("GPE", "LOC", "FAC", "GPE")))
    if rng.random() < 0.5:
        doc.add(" pada ")
        doc.entity(rng.choice(("DATE", "DATE", "TIME", "EVENT")))
    if rng.random() < 0.4:
        doc.add(" senilai " if rng.random() < 0.5 else " sebanyak ")
        doc.entity("QUANTITY")
    if rng.random() < 0.25:
        doc.add(" bersama warga ")
        doc.entity("NORP")
    if rng.random() < 0.15:
        doc.add(" termasuk pengadaan ")
        doc.entity("WEAPON")
    doc.add(f" {rng.choice(_ADVERBIALS)}.")


def _clause(rng: random.Random) -> str:
    return (
        f"{rng.choice(_QUOTE_SUBJECTS)} {rng.choice(_QUOTE_VERBS)} "
        f"{rng.choice(_QUOTE_ACTIONS)} {rng.choice(_NOUNS)} {rng.choice(_TOPICS)}"
    )


def _claim(doc: _Doc, start: int, end: int, text: str, claimant: str) -> None:
    rng = doc.rng
    rid = doc.labelled(config.CLAIM_CONTROL, "CLAIM", start, end, text)
    stance = rng.choice((Stance.ASSERTS, Stance.ASSERTS, Stance.DENIES, Stance.HEDGES))
    worth = rng.choice(tuple(CheckWorthiness))
    doc.labelled(config.CLAIM_STANCE_CONTROL, stance.value, start, end, text, "choices", rid)
    doc.labelled(config.CHECK_WORTHINESS_CONTROL, worth.value, start, end, text, "choices", rid)
    doc.relation(claimant, rid, Relation.CLAIMANT_OF)


def _direct_quote(doc: _Doc) -> None:
    rng = doc.rng
    content = _clause(rng) + ","
    doc.add("“")
    start, end = doc.add(content)
    rid = doc.labelled(config.QUOTE_CONTROL, "QUOTE", start, end, content)
    kind = QuoteKind.DIRECT.value
    doc.labelled(config.QUOTE_KIND_CONTROL, kind, start, end, content, "choices", rid)
    doc.add("” ")
    cue = doc.region(config.QUOTE_CONTROL, "CUE", rng.choice(_DIRECT_CUES))
    doc.relation(cue, rid, Relation.CUE_OF)
    doc.add(" ")
    doc.relation(doc.speaker(), rid, Relation.SPEAKER_OF)
    doc.add(".")
    if rng.random() < 0.35:
        _claim(doc, start, end - 1, content[:-1], rid)


def _indirect_quote(doc: _Doc) -> None:
    rng = doc.rng
    speaker = doc.speaker(first=True)
    doc.add(" ")
    cue = doc.region(config.QUOTE_CONTROL, "CUE", rng.choice(_INDIRECT_CUES))
    doc.add(" bahwa ")
    content = _clause(rng).lower()
    start, end = doc.add(content)
    rid = doc.labelled(config.QUOTE_CONTROL, "QUOTE", start, end, content)
    kind = QuoteKind.INDIRECT.value
    doc.labelled(config.QUOTE_KIND_CONTROL, kind, start, end, content, "choices", rid)
    doc.relation(cue, rid, Relation.CUE_OF)
    doc.relation(speaker, rid, Relation.SPEAKER_OF)
    if rng.random() < 0.3:
        doc.add(" sebelum ")
        doc.entity("DATE")
    doc.add(".")
    if rng.random() < 0.3:
        _claim(doc, start, end, content, speaker)


def _claim_sentence(doc: _Doc) -> None:
    rng = doc.rng
    claimant = doc.entity(rng.choice(("PER", "ORG", "GPE")))
    doc.add(" menyebut ")
    start = doc.length
    doc.add(f"{rng.choice(_NOUNS)} {rng.choice(_TOPICS)} naik ")
    doc.entity("QUANTITY")
    doc.add(" sejak ")
    doc.entity("DATE")
    end = doc.length
    doc.add(".")
    if claimant:
        _claim(doc, start, end, "".join(doc.pieces)[start:end], claimant)


def _sentence(doc: _Doc) -> None:
    roll = doc.rng.random()
    if roll < 0.55:
        _plain_sentence(doc)
    elif roll < 0.67:
        _direct_quote(doc)
    elif roll < 0.77:
        _indirect_quote(doc)
    elif roll < 0.85:
        _claim_sentence(doc)
    else:
        doc.add(doc.rng.choice(_FILLERS) + ".")


def _article(rng: random.Random) -> tuple[str, str, list[dict[str, object]]]:
    """Title, text and the annotation's ``result`` list of one generated article."""
    doc = _Doc(rng, rng.randint(_MIN_ENTITIES, _MAX_ENTITIES))
    title = f"{rng.choice(_ORG_HEAD)} {rng.choice(_ORG_FIELD)} {rng.choice(_VERBS)} "
    title += f"{rng.choice(_NOUNS)} {rng.choice(_TOPICS)}"
    doc.add(title + "\n\n")
    target = rng.randint(_TARGET_CHARS - 500, _TARGET_CHARS + 500)
    while doc.length < target or len(doc.entities) < _MIN_ENTITIES:
        for index in range(rng.randint(2, 4)):
            if index:
                doc.add(" ")
            _sentence(doc)
        doc.add("\n\n")
    doc.pieces[-1] = doc.pieces[-1].rstrip("\n")
    return title, "".join(doc.pieces), doc.entities + doc.others + doc.relations


def _timestamp(seconds: float) -> str:
    return (_EPOCH + dt.timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def _prediction(
    rng: random.Random, result: list[dict[str, object]], pid: int, task_id: int, at: float
) -> dict[str, object]:
    """The pre-annotation: most of the entities, with scores, as Label Studio stores it."""
    predicted: list[dict[str, object]] = []
    for entry in result:
        if entry.get("from_name") == config.ENTITY_CONTROL and rng.random() < 0.85:
            score = round(rng.uniform(0.55, 0.99), 2)
            predicted.append({**entry, "origin": "prediction", "score": score})
    return {
        "id": pid,
        "result": predicted,
        "model_version": "rules@0.2",
        "created_ago": "0 minutes",
        "score": 0.8,
        "cluster": None,
        "neighbors": None,
        "mislabeling": 0.0,
        "created_at": _timestamp(at),
        "updated_at": _timestamp(at),
        "model": None,
        "model_run": None,
        "task": task_id,
        "project": _PROJECT,
    }


def _annotation(
    rng: random.Random,
    aid: int,
    user: int,
    result: list[dict[str, object]],
    prediction: dict[str, object],
    task_id: int,
    at: float,
) -> dict[str, object]:
    ground_truth = rng.random() < 0.03
    return {
        "id": aid,
        "completed_by": user,
        "result": result,
        "was_cancelled": False,
        "ground_truth": ground_truth,
        "created_at": _timestamp(at),
        "updated_at": _timestamp(at),
        "draft_created_at": None,
        "lead_time": round(rng.uniform(60.0, 900.0), 3),
        "prediction": prediction,
        "result_count": sum(1 for entry in result if entry.get("type") != "relation"),
        "unique_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "import_id": None,
        "last_action": None,
        "bulk_created": False,
        "task": task_id,
        "project": _PROJECT,
        "updated_by": user,
        "parent_prediction": prediction["id"],
        "parent_annotation": None,
        "last_created_by": None,
    }


def _second_opinion(rng: random.Random, result: list[dict[str, object]]) -> list[dict[str, object]]:
    """Another annotator's result: the same regions, a few entities relabelled or left out."""
    changed: list[dict[str, object]] = []
    for entry in result:
        if entry.get("from_name") == config.ENTITY_CONTROL:
            value = entry["value"]
            assert isinstance(value, dict)
            roll = rng.random()
            if roll < 0.04:
                continue
            if roll < 0.08:
                label = "ORG" if value["labels"] == ["PER"] else "PER"
                entry = {**entry, "value": {**value, "labels": [label]}}
        changed.append(entry)
    kept = {entry["id"] for entry in changed if "id" in entry}
    return [e for e in changed if "id" in e or (e["from_id"] in kept and e["to_id"] in kept)]


def generate_task(index: int, seed: int = 0) -> dict[str, object]:
    """Task number ``index`` (0-based) of the export generated with ``seed``."""
    rng = random.Random(f"annot-bench:{seed}:{index}")
    title, text, result = _article(rng)
    doc = Document(
        id=f"berita-{seed}-{index:07d}", text=text, title=title, source=rng.choice(_SOURCES)
    )
    task_id = index + 1
    at = index * 37.0
    prediction = _prediction(rng, result, task_id, task_id, at)
    user = rng.randint(1, 6)
    annotations = [_annotation(rng, 2 * index + 1, user, result, prediction, task_id, at + 600)]
    if rng.random() < 0.1:  # a second opinion; the first annotation is then the reviewed gold
        annotations[0]["ground_truth"] = True
        other = user % 6 + 1
        second = _second_opinion(rng, result)
        annotations.append(
            _annotation(rng, 2 * index + 2, other, second, prediction, task_id, at + 1200)
        )
    task = document_to_task(doc)
    return {
        "id": task_id,
        "annotations": annotations,
        "drafts": [],
        "predictions": [prediction],
        "data": task["data"],
        "meta": task["meta"],
        "created_at": _timestamp(at),
        "updated_at": _timestamp(at + 1200),
        "allow_skip": True,
        "inner_id": task_id,
        "total_annotations": len(annotations),
        "cancelled_annotations": 0,
        "total_predictions": 1,
        "comment_count": 0,
        "unresolved_comment_count": 0,
        "last_comment_updated_at": None,
        "project": _PROJECT,
        "updated_by": user,
        "comment_authors": [],
    }


def generate_tasks(n: int, seed: int = 0) -> Iterator[dict[str, object]]:
    """``n`` exported tasks, deterministic per ``seed`` (one at a time: constant memory)."""
    for index in range(n):
        yield generate_task(index, seed)


def write_export(
    path: Path, n: int, seed: int = 0, fmt: Literal["jsonl", "json"] = "jsonl"
) -> Path:
    """Write ``n`` generated tasks to ``path``: a pull file (``jsonl``, one task a line) or a
    Label Studio JSON export (``json``, one array). Streams; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        if fmt == "json":
            out.write("[")
        for index, task in enumerate(generate_tasks(n, seed)):
            line = json.dumps(task, ensure_ascii=False, separators=(",", ":"))
            if fmt == "json":
                out.write(("," if index else "") + "\n" + line)
            else:
                out.write(line + "\n")
        if fmt == "json":
            out.write("\n]\n")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=("jsonl", "json"), default="jsonl")
    args = parser.parse_args(argv)
    write_export(args.output, args.tasks, args.seed, args.format)
    print(f"wrote {args.tasks} tasks to {args.output}")


if __name__ == "__main__":
    main()
