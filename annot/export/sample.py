"""A tiny hand-written Indonesian corpus for tests, benchmarks and examples.

The passages are invented for annot (no article is copied). They exercise what the export
must handle: nested entities (``AS`` inside ``Departemen Luar Negeri AS``), crossing spans, a
mention inside ``katanya`` (misaligned with the default tokenization), direct and indirect
quotes with cue and named, nominal and pronoun speakers, claims with every claimant kind, and
two near-duplicate articles (``rudal-1``, ``rudal-2``) that must share a split.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from annot.schema import (
    AnnotatedDocument,
    CanonicalEntity,
    Claim,
    Document,
    HumanSource,
    Mention,
    MentionRef,
    Quote,
    QuoteRef,
    Segment,
    Span,
    SpanRef,
)
from annot.schema.document import SegmentRole

__all__ = ["DocumentBuilder", "sample_corpus", "synthetic_corpus"]


@dataclass(slots=True)
class DocumentBuilder:
    """Builds an :class:`AnnotatedDocument` from a title and paragraphs by finding strings."""

    id: str
    title: str
    paragraphs: list[str]
    annotator: str = "ann-001"
    mentions: list[Mention] = field(default_factory=list)
    entities: list[CanonicalEntity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join([self.title, *self.paragraphs])

    def span(self, needle: str, occurrence: int = 0, *, within: str | None = None) -> Span:
        """The ``occurrence``-th ``needle`` (inside the first ``within`` when given)."""
        text = self.text
        base = text.index(within) if within is not None else 0
        start = text.index(needle, base)
        for _ in range(occurrence):
            start = text.index(needle, start + 1)
        return Span.at(text, start, start + len(needle))

    def mention(
        self,
        mention_id: str,
        needle: str,
        label: str,
        *,
        occurrence: int = 0,
        within: str | None = None,
        entity: str | None = None,
    ) -> DocumentBuilder:
        span = self.span(needle, occurrence, within=within)
        self.mentions.append(
            Mention(id=mention_id, span=span, label=label, entity_id=entity)  # type: ignore[arg-type]
        )
        return self

    def build(self) -> AnnotatedDocument:
        segments = []
        offset = 0
        for role, part in [(SegmentRole.TITLE, self.title)] + [
            (SegmentRole.BODY, paragraph) for paragraph in self.paragraphs
        ]:
            segments.append(
                Segment(
                    role=role,
                    raw_start=offset,
                    raw_end=offset + len(part),
                    text_start=offset,
                    text_end=offset + len(part),
                )
            )
            offset += len(part) + 2
        document = Document(
            id=self.id, text=self.text, title=self.title, source="contoh.id", segments=segments
        )
        return AnnotatedDocument(
            document=document,
            source=HumanSource(annotator=self.annotator),
            entities=self.entities,
            mentions=self.mentions,
            quotes=self.quotes,
            claims=self.claims,
        )


_RUDAL_BODY = [
    "Departemen Luar Negeri AS menuduh Korea Utara (Korut) telah mengirim puluhan rudal "
    "balistik ke Rusia sejak September lalu.",
    "“Kami memiliki bukti kuat soal pengiriman itu,” kata juru bicara Matthew Miller di "
    "Washington, Kamis (14/9/2023).",
    "Pemerintah Korut membantah tuduhan tersebut. Menurut Kim Yo Jong, laporan itu hanya "
    "propaganda Barat.",
]


def _rudal(document_id: str, title: str, body: list[str]) -> AnnotatedDocument:
    b = DocumentBuilder(document_id, title, body)
    b.entities.append(
        CanonicalEntity(id="e-korut", name="Korea Utara", label="GPE", kb_id="wikidata:Q423")
    )
    b.mention("m-deplu", "Departemen Luar Negeri AS", "ORG")
    b.mention("m-as", "AS", "GPE", within="Departemen Luar Negeri AS")  # nested in m-deplu
    b.mention("m-korea", "Korea Utara", "GPE", within=body[0], entity="e-korut")
    b.mention("m-korut1", "Korut", "GPE", within=body[0], entity="e-korut")
    b.mention("m-rudal", "puluhan rudal balistik", "QUANTITY")
    b.mention("m-rudal-w", "rudal balistik", "WEAPON", within=body[0])  # nested in m-rudal
    b.mention("m-rusia", "Rusia", "GPE", within=body[0])
    b.mention("m-sept", "September lalu", "DATE")
    b.mention("m-miller", "Matthew Miller", "PER")
    b.mention("m-washington", "Washington", "GPE")
    b.mention("m-kamis", "Kamis (14/9/2023)", "DATE")
    b.mention("m-pemerintah", "Pemerintah Korut", "ORG")
    b.mention("m-korut2", "Korut", "GPE", within="Pemerintah Korut", entity="e-korut")
    b.mention("m-kim", "Kim Yo Jong", "PER")
    b.mention("m-barat", "Barat", "NORP", within=body[2])
    b.quotes.append(
        Quote(
            id="q-miller",
            content=b.span("Kami memiliki bukti kuat soal pengiriman itu"),
            cue=b.span("kata", within=body[1]),
            speaker=MentionRef(mention_id="m-miller"),
            kind="direct",
        )
    )
    b.quotes.append(
        Quote(
            id="q-kim",
            content=b.span("laporan itu hanya propaganda Barat"),
            cue=b.span("Menurut"),
            speaker=MentionRef(mention_id="m-kim"),
            kind="indirect",
        )
    )
    b.claims.append(
        Claim(
            id="c-kirim",
            span=b.span(
                "Korea Utara (Korut) telah mengirim puluhan rudal balistik ke Rusia sejak "
                "September lalu"
            ),
            claimant=MentionRef(mention_id="m-deplu"),
            stance="asserts",
            check_worthiness="check_worthy",
        )
    )
    b.claims.append(
        Claim(
            id="c-bantah",
            span=b.span("tuduhan tersebut"),
            claimant=MentionRef(mention_id="m-pemerintah"),
            stance="denies",
            check_worthiness="check_worthy",
        )
    )
    b.claims.append(
        Claim(
            id="c-propaganda",
            span=b.span("laporan itu hanya propaganda Barat"),
            claimant=QuoteRef(quote_id="q-kim"),
            stance="denies",
            check_worthiness="not_check_worthy",
        )
    )
    return b.build()


def _amunisi() -> AnnotatedDocument:
    body = [
        "Kementerian Pertahanan Ukraina melaporkan lebih dari 11.000 kontainer amunisi tiba "
        "dari Korut di wilayah Kharkiv.",
        "Negara-negara Barat khawatir pasokan itu memperpanjang perang. “Kami tidak akan "
        "mundur,” katanya.",
        "Seorang pejabat PBB mengatakan bahwa jumlah itu diperkirakan terus bertambah.",
    ]
    b = DocumentBuilder("amunisi-kharkiv", "Ribuan Kontainer Amunisi Tiba di Kharkiv", body)
    b.mention("m-kharkiv-t", "Kharkiv", "GPE")
    b.mention("m-kemhan", "Kementerian Pertahanan Ukraina", "ORG")
    b.mention("m-ukraina", "Ukraina", "GPE", within=body[0])  # nested
    b.mention("m-kontainer", "lebih dari 11.000 kontainer", "QUANTITY")
    b.mention("m-korut", "Korut", "GPE", within=body[0])
    # crossing spans: "wilayah Kharkiv" (LOC) and "Korut di wilayah" (LOC, an annotation slip)
    b.mention("m-wilayah", "wilayah Kharkiv", "LOC", within=body[0])
    b.mention("m-slip", "Korut di wilayah", "LOC", within=body[0])
    b.mention("m-barat", "Negara-negara Barat", "NORP")
    # a pronoun clitic labelled as a person: the boundary falls inside the token "katanya"
    b.mention("m-nya", "nya", "PER", within="katanya")
    b.mention("m-pbb", "PBB", "ORG")
    b.quotes.append(
        Quote(
            id="q-mundur",
            content=b.span("Kami tidak akan mundur"),
            cue=b.span("kata", within="katanya"),
            speaker=SpanRef(type="pronoun", span=b.span("nya", within="katanya")),
            kind="direct",
        )
    )
    b.quotes.append(
        Quote(
            id="q-pbb",
            content=b.span("jumlah itu diperkirakan terus bertambah"),
            cue=b.span("mengatakan"),
            speaker=SpanRef(type="nominal", span=b.span("Seorang pejabat PBB"), refers_to="m-pbb"),
            kind="indirect",
        )
    )
    b.claims.append(
        Claim(
            id="c-tiba",
            span=b.span("lebih dari 11.000 kontainer amunisi tiba dari Korut"),
            claimant=MentionRef(mention_id="m-kemhan"),
            check_worthiness="check_worthy",
        )
    )
    b.claims.append(
        Claim(
            id="c-bertambah",
            span=b.span("jumlah itu diperkirakan terus bertambah"),
            claimant=QuoteRef(quote_id="q-pbb"),
            stance="hedges",
            check_worthiness="not_check_worthy",
        )
    )
    return b.build()


_SHORT = [
    (
        "banjir-semarang",
        "Banjir Rendam Ribuan Rumah di Semarang",
        "Badan Penanggulangan Bencana Daerah mencatat 2.500 rumah terendam di Semarang pada "
        "Senin (4/3/2024). Warga mengungsi ke masjid dan sekolah terdekat.",
        [
            ("Badan Penanggulangan Bencana Daerah", "ORG"),
            ("2.500 rumah", "QUANTITY"),
            ("Semarang", "GPE"),
            ("Senin (4/3/2024)", "DATE"),
        ],
    ),
    (
        "pemilu-jakarta",
        "KPU Umumkan Jadwal Debat Calon Gubernur",
        "Komisi Pemilihan Umum (KPU) Jakarta menggelar debat pertama pada Oktober 2024. "
        "Ketua KPU Jakarta, Wahyu Dinata, meminta pendukung menjaga ketertiban.",
        [
            ("Komisi Pemilihan Umum", "ORG"),
            ("Jakarta", "GPE"),
            ("Oktober 2024", "DATE"),
            ("Wahyu Dinata", "PER"),
        ],
    ),
    (
        "kereta-bandung",
        "Kereta Cepat Angkut Sejuta Penumpang",
        "PT Kereta Cepat Indonesia China melaporkan satu juta penumpang sejak Oktober tahun "
        "lalu. Perjalanan Jakarta ke Bandung kini memakan waktu sekitar 45 menit.",
        [
            ("PT Kereta Cepat Indonesia China", "ORG"),
            ("satu juta penumpang", "QUANTITY"),
            ("Bandung", "GPE"),
            ("sekitar 45 menit", "TIME"),
        ],
    ),
    (
        "gempa-cianjur",
        "Gempa Guncang Cianjur",
        "Gempa bermagnitudo 5,6 mengguncang Cianjur, Jawa Barat, pada siang hari. Badan "
        "Meteorologi, Klimatologi, dan Geofisika meminta warga tetap tenang.",
        [
            ("Cianjur", "GPE"),
            ("Jawa Barat", "GPE"),
            ("Badan Meteorologi, Klimatologi, dan Geofisika", "ORG"),
        ],
    ),
]


def _short(
    document_id: str, title: str, body: str, labels: list[tuple[str, str]]
) -> AnnotatedDocument:
    b = DocumentBuilder(document_id, title, [body])
    for index, (needle, label) in enumerate(labels):
        b.mention(f"m{index}", needle, label, within=body)
    return b.build()


def sample_corpus() -> list[AnnotatedDocument]:
    """Seven annotated articles (two of them near-duplicates)."""
    second = list(_RUDAL_BODY)
    second[2] = second[2].replace("Korut membantah", "Korut langsung membantah")
    return [
        _rudal("rudal-1", "Korut Dituduh Kirim Rudal ke Rusia", _RUDAL_BODY),
        _amunisi(),
        *(_short(*item) for item in _SHORT),
        _rudal("rudal-2", "AS: Korut Kirim Puluhan Rudal ke Rusia", second),
    ]


def synthetic_corpus(count: int) -> Iterator[AnnotatedDocument]:
    """``count`` distinct documents for benchmarks: the sample corpus with renamed ids and
    a numbered closing sentence (so that they are not all near-duplicates of each other)."""
    base = sample_corpus()
    for index in range(count):
        doc = base[index % len(base)]
        closing = f"Laporan nomor {index} disusun redaksi pada hari ke-{index % 28 + 1}."
        text = doc.document.text + "\n\n" + closing
        segments = [
            *doc.document.segments,
            Segment(
                role=SegmentRole.BODY,
                raw_start=len(doc.document.text) + 2,
                raw_end=len(text),
                text_start=len(doc.document.text) + 2,
                text_end=len(text),
            ),
        ]
        document = doc.document.model_copy(
            update={"id": f"{doc.document.id}-{index:06d}", "text": text, "segments": segments}
        )
        yield doc.model_copy(update={"document": document})
