"""The annotation taxonomy: the single source of every label name, definition and mapping.

Label Studio controls, hotkeys and colours, ``ClassLabel`` names in exports and the
generated documentation all read from here; nothing else lists labels by hand.

Entity labels follow OntoNotes 5.0 names where one fits (PER, ORG, GPE, LOC, FAC, NORP, EVENT,
DATE, TIME, QUANTITY) so that models and guidelines transfer, and add WEAPON because arms
transfers are a central, checkable topic of the news this corpus collects ("rudal balistik",
"ICBM", "MLRS"); folding them into a catch-all would make those claims unfindable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

from annot.errors import TaxonomyError

__all__ = [
    "CHECK_WORTHINESS",
    "CLAIMANT_LABELS",
    "ENTITY_LABELS",
    "QUOTE_KINDS",
    "QUOTE_LAYER_LABELS",
    "RELATIONS",
    "SPEAKER_LABELS",
    "STANCES",
    "CheckWorthiness",
    "CheckWorthinessName",
    "ChoiceInfo",
    "EntityLabel",
    "EntityLabelName",
    "LabelInfo",
    "LabelSet",
    "QuoteKind",
    "QuoteKindName",
    "QuoteLayerLabel",
    "Relation",
    "Stance",
    "StanceName",
    "label_names",
    "map_label",
    "parse_entity_label",
]


class EntityLabel(StrEnum):
    """Entity mention types (OntoNotes-style names, plus WEAPON)."""

    PER = "PER"
    ORG = "ORG"
    GPE = "GPE"
    LOC = "LOC"
    FAC = "FAC"
    NORP = "NORP"
    EVENT = "EVENT"
    DATE = "DATE"
    TIME = "TIME"
    QUANTITY = "QUANTITY"
    WEAPON = "WEAPON"


class LabelSet(StrEnum):
    """Label sets an export can be produced in."""

    ANNOT = "annot"
    """annot's own taxonomy (all labels)."""
    NERGRIT = "nergrit"
    """IndoNLU NERGrit: PERSON, ORGANISATION, PLACE."""
    INDOLEM = "indolem"
    """IndoLEM NER UGM: PERSON, LOCATION, ORGANIZATION, TIME, QUANTITY."""


@dataclass(frozen=True, slots=True)
class LabelInfo:
    """Everything annotators and exports need to know about one label."""

    name: str
    title: str
    definition: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    color: str
    hotkey: str
    nergrit: str | None
    indolem: str | None
    title_id: str = ""
    """The label's name in Indonesian, shown with the English one in Label Studio."""


def _info(
    label: EntityLabel,
    title: str,
    definition: str,
    examples: tuple[str, ...],
    counter_examples: tuple[str, ...],
    color: str,
    hotkey: str,
    nergrit: str | None,
    indolem: str | None,
) -> tuple[EntityLabel, LabelInfo]:
    return label, LabelInfo(
        label.value,
        title,
        definition,
        examples,
        counter_examples,
        color,
        hotkey,
        nergrit,
        indolem,
        _ENTITY_TITLES_ID[label],
    )


_ENTITY_TITLES_ID: Mapping[EntityLabel, str] = MappingProxyType(
    {
        EntityLabel.PER: "Orang",
        EntityLabel.ORG: "Organisasi",
        EntityLabel.GPE: "Wilayah berpemerintahan",
        EntityLabel.LOC: "Lokasi",
        EntityLabel.FAC: "Fasilitas",
        EntityLabel.NORP: "Kebangsaan, agama atau kelompok politik",
        EntityLabel.EVENT: "Peristiwa",
        EntityLabel.DATE: "Tanggal",
        EntityLabel.TIME: "Waktu",
        EntityLabel.QUANTITY: "Jumlah",
        EntityLabel.WEAPON: "Senjata atau peralatan militer",
    }
)


ENTITY_LABELS: Mapping[EntityLabel, LabelInfo] = MappingProxyType(
    dict(
        [
            _info(
                EntityLabel.PER,
                "Person",
                "A named person, or a person's name as used in the text. Titles and roles are "
                "left out of the span (they are context, not the name).",
                ("Presiden Rusia [Vladimir Putin]", "kata [Easley]", "[Kim Jong Un] bertemu"),
                ("[Presiden] (a role, not a name)", "seorang pejabat (unnamed: a SPEAKER span)"),
                "#ff0044",
                "p",
                "PERSON",
                "PERSON",
            ),
            _info(
                EntityLabel.ORG,
                "Organisation",
                "A named organisation: government bodies, ministries, agencies, armed forces, "
                "companies, parties, media, international bodies; also a building or city used "
                "for the institution it houses (metonymy: [Gedung Putih] menuduh, [Kremlin] "
                "membantah).",
                ("[Departemen Luar Negeri AS]", "[PBB]", "[Dewan Keamanan Nasional]", "[NATO]"),
                ("AS (a country: GPE)", "pemerintah (unnamed)"),
                "#00ff00",
                "o",
                "ORGANISATION",
                "ORGANIZATION",
            ),
            _info(
                EntityLabel.GPE,
                "Geo-political entity",
                "A place with a government: country, province, city, also when it acts or "
                "speaks (AS mengatakan). Abbreviations and short forms count (AS, Korut, Korsel).",
                (
                    "[Korea Utara]",
                    "[Korut]",
                    "[Amerika Serikat] ([AS])",
                    "[Pyongyang]",
                    "[Kharkiv]",
                ),
                ("Barat as a political bloc (NORP)", "Semenanjung Korea (no government: LOC)"),
                "#0000ff",
                "g",
                "PLACE",
                "LOCATION",
            ),
            _info(
                EntityLabel.LOC,
                "Location",
                "A named place without its own government: regions, seas, mountains, rivers, "
                "continents.",
                ("[Semenanjung Korea]", "[Laut Hitam]", "[Eropa Timur]"),
                ("Rusia (a country: GPE)",),
                "#ffbb66",
                "l",
                "PLACE",
                "LOCATION",
            ),
            _info(
                EntityLabel.FAC,
                "Facility",
                "A named building, base, port, airport, road or launch site, used as a place.",
                ("[Kosmodrom Vostochny]", "[Bandara Soekarno-Hatta]"),
                ("Gedung Putih acting as the administration (ORG)",),
                "#ee00ff",
                "f",
                "PLACE",
                "LOCATION",
            ),
            _info(
                EntityLabel.NORP,
                "Nationality, religious or political group",
                "A group defined by nationality, religion, ideology or bloc, when it is not a "
                "country or an organisation.",
                ("negara [Barat]", "warga [Muslim]", "kelompok [separatis pro-Rusia]"),
                ("pejabat AS (the country: GPE)",),
                "#00bbff",
                "n",
                None,
                None,
            ),
            _info(
                EntityLabel.EVENT,
                "Event",
                "A named or specific event: wars, summits, disasters, elections.",
                ("[Perang Korea]", "[invasi Rusia ke Ukraina]", "[KTT G20]"),
                ("pertemuan itu (unspecific)",),
                "#ff4400",
                "e",
                None,
                None,
            ),
            _info(
                EntityLabel.DATE,
                "Date",
                "A calendar expression, absolute or relative: day, date, month, year, period.",
                ("[Rabu, 26 Juni 2024]", "[Kamis (14/9/2023)]", "[September lalu]", "[tahun 2011]"),
                ("15:41 WIB (a clock time: TIME)",),
                "#ccffaa",
                "d",
                None,
                "TIME",
            ),
            _info(
                EntityLabel.TIME,
                "Time",
                "A time of day or a duration shorter than a day.",
                ("[15:41 WIB]", "[pukul 10.00]", "[tiga jam]"),
                ("dua bulan (longer than a day: DATE)",),
                "#00ffcc",
                "t",
                None,
                "TIME",
            ),
            _info(
                EntityLabel.QUANTITY,
                "Quantity",
                "A number with what it counts or measures, including money and percentages; "
                "modifiers such as 'lebih dari' and 'puluhan' are part of the span, and so are "
                "the counted noun's adjectives and complements that name what is counted; "
                "names, prepositional phrases and clauses are not.",
                (
                    "[lebih dari 11.000 kontainer amunisi]",
                    "[puluhan rudal balistik]",
                    "[129 kilometer]",
                    "[50.000 tentara]",
                ),
                ("pertama (an ordinal, not a quantity)", "[50.000 tentara] Wagner (a name)"),
                "#7799ee",
                "j",
                None,
                "QUANTITY",
            ),
            _info(
                EntityLabel.WEAPON,
                "Weapon or military equipment",
                "A specific kind of weapon, weapon system or military equipment; the generic "
                "words 'senjata' and 'amunisi' alone are not labelled.",
                ("[rudal balistik antarbenua]", "[ICBM]", "[MLRS]", "[drone]", "[kapal selam]"),
                ("senjata (generic)", "amunisi (generic)"),
                "#331100",
                "w",
                None,
                None,
            ),
        ]
    )
)

#: Entity types that can plausibly be the speaker of a quote or the claimant of a claim.
SPEAKER_LABELS: frozenset[EntityLabel] = frozenset(
    {EntityLabel.PER, EntityLabel.ORG, EntityLabel.GPE, EntityLabel.NORP}
)
CLAIMANT_LABELS: frozenset[EntityLabel] = SPEAKER_LABELS


class QuoteLayerLabel(StrEnum):
    """Span labels of the quote and claim layers."""

    QUOTE = "QUOTE"
    CUE = "CUE"
    SPEAKER = "SPEAKER"
    CLAIM = "CLAIM"


QUOTE_LAYER_LABELS: Mapping[QuoteLayerLabel, LabelInfo] = MappingProxyType(
    {
        QuoteLayerLabel.QUOTE: LabelInfo(
            "QUOTE",
            "Quote content",
            "What a source said: the words inside the quotation marks (marks excluded) for a "
            "direct quote, the reported clause for an indirect one.",
            ("“[Kami menolak],” kata Budi.", "Budi mengatakan bahwa [partainya menolak]."),
            ("the cue or the speaker",),
            "#ffff00",
            "q",
            None,
            None,
            "Isi kutipan",
        ),
        QuoteLayerLabel.CUE: LabelInfo(
            "CUE",
            "Cue",
            "The verb or phrase that attributes the quote: kata, ujar, mengatakan, menurut; "
            "for clitic forms only the verb part ([kata]nya, [ujar]nya).",
            ("“…,” [kata] Budi.", "[Menurut] Budi, …", "[ujar]nya"),
            ("the speaker's name",),
            "#330055",
            "c",
            None,
            None,
            "Penanda kutipan",
        ),
        QuoteLayerLabel.SPEAKER: LabelInfo(
            "SPEAKER",
            "Unnamed speaker",
            "A speaker or claimant that is not a named entity: a description or a pronoun, "
            "including the clitic -nya.",
            ("kata [seorang pejabat AS]", "kata[nya]", "ujar [dia]"),
            ("a named person (use PER)",),
            "#003300",
            "s",
            None,
            None,
            "Penutur tak bernama",
        ),
        QuoteLayerLabel.CLAIM: LabelInfo(
            "CLAIM",
            "Claim",
            "A checkable assertion about the world (numbers, events, transfers, accusations) "
            "as stated in the text, attributed or not.",
            ("[Korut telah mentransfer puluhan rudal balistik]",),
            ("opinions and predictions that cannot be checked",),
            "#ffaacc",
            "k",
            None,
            None,
            "Klaim",
        ),
    }
)


class Relation(StrEnum):
    """Links between regions, drawn as Label Studio relations (direction: from → to)."""

    SPEAKER_OF = "speaker_of"
    """speaker (mention or SPEAKER span) → QUOTE."""
    CUE_OF = "cue_of"
    """CUE → QUOTE."""
    CLAIMANT_OF = "claimant_of"
    """claimant (mention, SPEAKER span or QUOTE) → CLAIM."""
    REFERS_TO = "refers_to"
    """SPEAKER span (pronoun, description) → the entity mention it stands for."""


RELATIONS: Mapping[Relation, str] = MappingProxyType(
    {
        Relation.SPEAKER_OF: "Who said the quote: from the speaker to the quote.",
        Relation.CUE_OF: "Which cue attributes the quote: from the cue to the quote.",
        Relation.CLAIMANT_OF: "Who makes the claim: from the claimant (or its quote) to the claim.",
        Relation.REFERS_TO: "Whom a pronoun or description stands for: to the named mention.",
    }
)


@dataclass(frozen=True, slots=True)
class ChoiceInfo:
    """A per-region choice with its definition."""

    value: str
    definition: str
    title: str = ""
    """Short title in Indonesian and English, shown next to the value in Label Studio."""
    hotkey: str = ""
    """Key that picks this choice for the selected region (unique in the whole config)."""


class QuoteKind(StrEnum):
    """How a quote renders the source's words."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


QUOTE_KINDS: Mapping[QuoteKind, ChoiceInfo] = MappingProxyType(
    {
        QuoteKind.DIRECT: ChoiceInfo(
            "direct",
            "The source's own words in quotation marks: “Kami menolak,” kata Budi.",
            "langsung · direct",
            "1",
        ),
        QuoteKind.INDIRECT: ChoiceInfo(
            "indirect",
            "Reported speech without quotation marks: Budi mengatakan bahwa partainya menolak.",
            "tidak langsung · indirect",
            "2",
        ),
        QuoteKind.MIXED: ChoiceInfo(
            "mixed",
            "Reported speech with a quoted fragment: Budi menyebut rencana itu “tidak masuk akal”.",
            "campuran · mixed",
            "3",
        ),
    }
)


class Stance(StrEnum):
    """The claimant's stance towards the claim."""

    ASSERTS = "asserts"
    DENIES = "denies"
    HEDGES = "hedges"


# Stance and check-worthiness show together for a claim, so their keys differ from each other
# and from every label key; letters name the choice (a: asserts, b: membantah, h: hedges;
# v: verifikasi, x: not worth it).
STANCES: Mapping[Stance, ChoiceInfo] = MappingProxyType(
    {
        Stance.ASSERTS: ChoiceInfo(
            "asserts",
            "The claimant states it as true (menuduh, mengatakan … telah …).",
            "menegaskan · asserts",
            "a",
        ),
        Stance.DENIES: ChoiceInfo(
            "denies",
            "The claimant states it is false (membantah, menyangkal, tidak pernah).",
            "membantah · denies",
            "b",
        ),
        Stance.HEDGES: ChoiceInfo(
            "hedges",
            "The claimant presents it as uncertain (diperkirakan, kemungkinan, diduga).",
            "meragukan · hedges",
            "h",
        ),
    }
)


class CheckWorthiness(StrEnum):
    """Whether a fact-checker should spend time on the claim."""

    CHECK_WORTHY = "check_worthy"
    NOT_CHECK_WORTHY = "not_check_worthy"


CHECK_WORTHINESS: Mapping[CheckWorthiness, ChoiceInfo] = MappingProxyType(
    {
        CheckWorthiness.CHECK_WORTHY: ChoiceInfo(
            "check_worthy",
            "Verifiable, of public interest, harmful if false (numbers, transfers, accusations).",
            "layak dicek · check-worthy",
            "v",
        ),
        CheckWorthiness.NOT_CHECK_WORTHY: ChoiceInfo(
            "not_check_worthy",
            "Trivial, common knowledge, or not verifiable from public sources.",
            "tidak layak dicek · not check-worthy",
            "x",
        ),
    }
)


def parse_entity_label(value: str) -> EntityLabel:
    """The :class:`EntityLabel` named ``value``; :class:`TaxonomyError` lists the valid ones."""
    try:
        return EntityLabel(value)
    except ValueError:
        raise TaxonomyError(value, [label.value for label in EntityLabel], "entity label") from None


def map_label(label: EntityLabel, label_set: LabelSet) -> str | None:
    """``label`` in ``label_set``; ``None`` when that set has no such type (exported as O)."""
    info = ENTITY_LABELS[label]
    if label_set is LabelSet.ANNOT:
        return info.name
    if label_set is LabelSet.NERGRIT:
        return info.nergrit
    return info.indolem


def label_names(label_set: LabelSet) -> list[str]:
    """The entity type names of ``label_set`` in taxonomy order, without duplicates."""
    names: list[str] = []
    for label in EntityLabel:
        name = map_label(label, label_set)
        if name is not None and name not in names:
            names.append(name)
    return names


# -- the values as string literals ----------------------------------------------------------
# What a type checker accepts where the schema takes an enum: ``Mention(label="PER")`` passes
# ``mypy --strict`` and a typo (``label="PERSON"``) does not. The enums above stay the single
# source; a test asserts that each literal lists exactly its enum's values.

EntityLabelName = Literal[
    "PER", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "DATE", "TIME", "QUANTITY", "WEAPON"
]
QuoteKindName = Literal["direct", "indirect", "mixed"]
StanceName = Literal["asserts", "denies", "hedges"]
CheckWorthinessName = Literal["check_worthy", "not_check_worthy"]
