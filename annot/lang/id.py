"""Indonesian language resources: the single home of annot's Indonesian word lists.

Ingest, the tokenizer, the pre-annotators and the Label Studio conversion all import their
word lists from here; nothing else in annot spells out an Indonesian word list.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Dates, datelines, sources and page furniture (used by ingest and the tokenizer)
# ---------------------------------------------------------------------------------------------


# (end of the dates/sources section)


# ---------------------------------------------------------------------------------------------
# Speech, quotes, names, titles, organisations, pronouns (used by pre-annotators and conversion)
# ---------------------------------------------------------------------------------------------


# This section imports nothing (the dates/sources section above owns the module's imports):
# plain tuples and frozensets of lower-case words, and small functions on built-in types.
# Regexes are compiled where they are used (annot.preannotate.quotes, .entities).


def me_n(base: str) -> str:
    """The active ``meN-`` form of a verb base: the nasal assimilates and drops k/t/s/p.

    ``kata`` -> ``mengata``, ``tegas`` -> ``menegas``, ``sebut`` -> ``menyebut``, ``papar`` ->
    ``memapar``, ``bocor`` -> ``membocor``, ``jawab`` -> ``menjawab``, ``ungkap`` ->
    ``mengungkap``, ``lapor`` -> ``melapor``; a ``per-`` base keeps its p (``memperingat``) and a
    consonant cluster keeps its first consonant (``klaim`` -> ``mengklaim``).
    """
    first, rest = base[:1], base[1:]
    cluster = rest[:1] not in ("a", "e", "i", "o", "u")
    if base.startswith("per") or (first in "ptks" and cluster):
        prefix = {"p": "mem", "b": "mem", "t": "men", "s": "meny", "k": "meng"}.get(first, "meng")
        return prefix + base
    if first in "lrmnwy":
        return "me" + base
    if first in "pb":
        return "mem" + (rest if first == "p" else base)
    if first in "tdcjz":
        return "men" + (rest if first == "t" else base)
    if first == "s":
        return "meny" + rest
    if first == "k":
        return "meng" + rest
    return "meng" + base  # vowels, g, h


def _forms(base: str, derivations: str) -> tuple[str, ...]:
    """``derivations``: space-separated ``meN-kan``, ``meN-i``, ``meN-``, ``ber-``."""
    forms: list[str] = []
    for derivation in derivations.split():
        prefix, _, suffix = derivation.partition("-")
        stem = me_n(base) if prefix == "meN" else "ber" + base if prefix == "ber" else base
        forms.append(stem + suffix)
    return tuple(forms)


#: Speech verbs: base, its active forms (generated), and whether the bare base and base+"nya"
#: attribute a quote written before them ("…," kata Budi / katanya / ujar dia).
SPEECH_VERB_TABLE: tuple[tuple[str, str, bool], ...] = (
    ("kata", "meN-kan", True),
    ("ujar", "ber-", True),
    ("ucap", "meN-kan", True),
    ("ungkap", "meN-kan", True),
    ("tegas", "meN-kan", True),
    ("jelas", "meN-kan", True),
    ("terang", "meN-kan", True),
    ("tambah", "meN-kan", True),
    ("imbuh", "", True),
    ("lanjut", "", True),
    ("sebut", "meN- meN-kan", True),
    ("tulis", "meN-", True),
    ("tutur", "meN-kan", True),
    ("papar", "meN-kan", True),
    ("pungkas", "", True),
    ("tandas", "meN-kan", True),
    ("sambung", "", True),
    ("tanya", "ber-", True),
    ("jawab", "meN-", True),
    ("seloroh", "ber-", True),
    ("keluh", "", True),
    ("teriak", "ber-", True),
    ("kenang", "", True),
    ("tukas", "", True),
    ("beber", "meN-kan", True),
    ("urai", "meN-kan", True),
    ("cerita", "meN-kan ber-", True),
    ("aku", "meN- meN-i", True),
    ("pasti", "meN-kan", False),
    ("tekan", "meN-kan", False),
    ("bocor", "meN-kan", False),
    ("nyata", "meN-kan", False),
    ("sampai", "meN-kan", False),
    ("lapor", "meN-kan", False),
    ("klaim", "meN-", False),
    ("peringat", "meN-kan", False),
    ("nilai", "meN-", False),
    ("pendapat", "ber-", False),
    ("saran", "meN-kan", False),
    ("klarifikasi", "meN-", False),
)

SPEECH_VERBS: tuple[str, ...] = tuple(
    dict.fromkeys(form for base, how, _ in SPEECH_VERB_TABLE for form in _forms(base, how))
)
"""Verbs that introduce reported speech after their subject: ``mengatakan``, ``berujar``,
``mengakui``, ``memastikan``, ``menekankan``, ``membocorkan`` … (generated from the table)."""

POSTPOSED_CUES: tuple[str, ...] = tuple(base for base, _, after in SPEECH_VERB_TABLE if after)
"""Bare bases that attribute a quote written before them, alone or with ``-nya``: ``kata``,
``ujar``, ``sambung``, ``tandas``, ``tanya``, ``jawab``, ``seloroh`` …"""

MENURUT: str = "menurut"
"""``Menurut X, …``, ``Menurutnya, …``, ``Menurut dia, …``, ``Masih menurut X, …``."""

NOT_A_CLAUSE: tuple[str, ...] = (
    "hal itu", "hal ini", "hal tersebut", "hal serupa", "hal senada", "demikian", "begitu",
    "sebagai", "kepada", "pada", "dalam", "di", "saat", "ketika", "bahwa",
)  # fmt: skip
"""Words after a speech verb that start an object or an adverbial, not a reported clause
(``menyampaikan hal itu``, ``mengatakan kepada wartawan``)."""

PRONOUNS: frozenset[str] = frozenset(
    {"dia", "ia", "beliau", "mereka", "nya", "-nya", "kami", "kita", "saya", "aku"}
)
"""Pronouns that can stand for a speaker (lower case)."""

THIRD_PERSON_PRONOUNS: tuple[str, ...] = ("dia", "ia", "beliau", "mereka")
"""The pronouns that refer back to an earlier speaker (``-nya`` is a clitic on the cue)."""

CLITIC_NYA: str = "nya"
"""The third-person clitic (``katanya``, ``Menurutnya``)."""

OPENING_QUOTES: tuple[str, ...] = ("“", '"', "''", "‘‘", "”", "„", "«")
"""Marks that open a direct quote, longest first where they share characters (``''`` before
``'``); ``”`` opens a quote too when it stands before a word (a common typo)."""

CLOSING_QUOTES: tuple[str, ...] = ("”", '"', "''", "’’", "“", "»")
"""Marks that close a direct quote (``“`` too when it stands after a word)."""


def enclosed_in_quotes(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands right inside an opening and a closing quote mark.

    A comma between the content and the closing mark belongs to the attribution (``“[Kami
    siap],” kata Budi``) and is allowed. The one rule of "direct" for gold files, Label Studio
    conversion and pre-annotation.
    """
    opened = any(text[:start].endswith(mark) for mark in OPENING_QUOTES)
    close_at = end + 1 if text[end : end + 1] == "," else end
    closed = any(text.startswith(mark, close_at) for mark in CLOSING_QUOTES)
    return opened and closed


TITLES: tuple[str, ...] = (
    "presiden", "wakil presiden", "perdana menteri", "wakil perdana menteri", "menteri",
    "wakil menteri", "menko", "sekretaris jenderal", "sekjen", "sekretaris", "ketua",
    "ketua umum", "wakil ketua", "kepala", "wakil kepala", "kepala pelaksana", "direktur",
    "direktur utama", "dirut", "direktur eksekutif", "deputi", "juru bicara", "jubir",
    "gubernur", "wakil gubernur", "penjabat gubernur", "pj gubernur", "bupati",
    "wakil bupati", "wali kota", "walikota", "wakil wali kota", "camat", "lurah",
    "kepala desa", "kades", "kapolri", "kapolda", "kapolres", "kapolresta", "kapolsek",
    "kabid humas", "kasat reskrim", "kapuspen", "panglima", "jenderal", "letjen", "mayjen",
    "brigjen", "kolonel", "kombes", "kombes pol", "akbp", "akp", "kompol", "iptu", "ipda",
    "marsekal", "laksamana", "pangdam", "danrem", "dandim", "hakim", "jaksa", "jaksa agung",
    "kajati", "kajari", "pelatih", "kapten", "manajer", "pengamat", "ekonom", "analis",
    "peneliti", "dosen", "guru besar", "profesor", "prof.", "dr.", "ir.", "hj.", "ustaz",
    "kiai", "pendiri", "ceo", "komisaris", "anggota", "politikus", "politisi", "koordinator",
    "pengacara", "kuasa hukum", "advokat", "duta besar", "dubes", "pemimpin", "penasihat",
    "komandan", "kepala staf", "plt", "plh", "raja", "ratu", "pangeran", "senator",
    "perwakilan", "pebulu tangkis", "bek",
    "striker", "pemain", "atlet", "corporate secretary", "sekretaris perusahaan",
)  # fmt: skip
"""Titles and roles that stand before a person's name, compared in lower case (``Presiden``,
``presiden``, ``Kapolda``, ``Juru Bicara``, ``politikus``, ``pengamat``)."""

ORGANISATION_HEADS: tuple[str, ...] = (
    "Kementerian", "Kemenko", "Departemen", "Badan", "Komisi", "Dewan", "Majelis", "Partai",
    "Bank", "Universitas", "Institut", "Sekolah Tinggi", "Politeknik", "Mahkamah",
    "Pengadilan", "Pengadilan Negeri", "Pengadilan Tinggi", "Kejaksaan", "Kejaksaan Agung",
    "Kejaksaan Negeri", "Kejaksaan Tinggi", "Kejari", "Kejati", "Kepolisian", "Polda",
    "Polres", "Polresta", "Polsek", "Kodam", "Korem", "Kodim", "Lembaga", "Yayasan",
    "Ikatan", "Himpunan", "Asosiasi", "Persatuan", "Perhimpunan", "Gabungan", "Serikat",
    "Koperasi", "Dinas", "Balai", "Balai Besar", "Biro", "Direktorat", "Inspektorat",
    "Sekretariat", "Otorita", "Komite", "Satuan Tugas", "Satgas", "Organisasi",
    "Perserikatan", "Federasi", "Konfederasi", "Stasiun", "Rumah Sakit", "RSUD", "RSUP",
    "Intelijen", "Angkatan", "Tentara", "Pasukan", "Perum", "Perumda", "PT", "CV", "DPRD",
    "Kantor Berita",
)  # fmt: skip
"""Capitalised words that head an organisation's name (``Kementerian Keuangan``, ``Bank
Indonesia``, ``Partai NasDem``, ``Polda Metro Jaya``, ``PT Aneka Tambang``). ``Pemerintah``
is not one: in ``Pemerintah Jepang`` only the country is an entity."""

NAMED_ORGANISATION_HEADS: tuple[str, ...] = (
    "Partai", "Bank", "Universitas", "Institut", "PT", "CV", "Perum", "Perumda", "Yayasan",
    "Koperasi", "Polda", "Polres", "Polresta", "Polsek", "Kodam", "Korem", "Kodim", "Stasiun",
    "Lembaga", "Ikatan", "Himpunan", "Asosiasi", "Persatuan", "Perhimpunan", "Otorita",
    "Rumah Sakit", "RSUD", "RSUP",
)  # fmt: skip
"""Heads followed by a proper name that is not an organisation word (``Partai [NasDem]``,
``Universitas [Gadjah Mada]``, ``PT [Aneka Tambang Tbk]``)."""

ORGANISATION_WORDS: tuple[str, ...] = (
    "Luar", "Dalam", "Negeri", "Pertahanan", "Keamanan", "Nasional", "Keuangan", "Kesehatan",
    "Perdagangan", "Pendidikan", "Perhubungan", "Pertanian", "Energi", "Hukum", "Strategi",
    "Intelijen", "Staf", "Gabungan", "Berita", "Pusat", "Umum", "Tinggi", "Agung",
    "Konstitusi", "Rakyat", "Perwakilan", "Daerah", "Republik", "Federal", "Bersenjata",
    "Sosial", "Informasi", "Komunikasi", "Riset", "Inovasi", "Statistik", "Pemberantasan",
    "Korupsi", "Penanggulangan", "Bencana", "Meteorologi", "Klimatologi", "Geofisika",
    "Pemilihan", "Pengawas", "Pemilu", "Narkotika", "Kebijakan", "Fiskal", "Pariwisata",
    "Perkebunan", "Kehutanan", "Lingkungan", "Hidup", "Pekerjaan", "Perumahan", "Bina",
    "Marga", "Wilayah", "Sungai", "Pelaksana", "Data", "Kebencanaan", "Penerangan",
    "Reserse", "Kriminal", "Khusus", "Negara", "Pangan", "Obat", "Makanan", "Perlindungan",
    "Konsumen", "Persaingan", "Usaha", "Investasi", "Koordinasi", "Penanaman", "Modal",
    "Perencanaan", "Pembangunan", "Pemeriksa", "Keuangan", "Kependudukan", "Pencatatan",
    "Sipil", "Kelautan", "Perikanan", "Perindustrian", "Ketenagakerjaan", "Agama",
    "Pemuda", "Olahraga", "Pariwisata", "Ekonomi", "Kreatif", "Dunia", "Bangsa-Bangsa",
    "Anak", "Dokter", "Pedagang", "Pasar", "Nelayan", "Seluruh", "Indonesia", "Kesatuan",
    "Mahasiswa", "Pemerintahan", "Kota", "Kabupaten", "Provinsi", "Metro", "Jaya",
    "Tbk", "Persero", "Kepresidenan", "Kabinet", "Utama", "Eksekutif", "Imunisasi",
    "Pengelolaan", "Perjalanan", "Wisata", "Advokasi", "Studi", "Masyarakat", "Penyelidikan",
    "Udara", "Laut", "Darat", "Tertinggi", "Antariksa", "Penerbangan", "Kepolisian",
    "Penyidikan", "Pengawasan", "Pengadaan", "Barang", "Jasa", "Pemerintah", "Kesejahteraan",
)  # fmt: skip
"""Capitalised words that continue an organisation's name after its head."""

FACILITY_HEADS: tuple[str, ...] = (
    "Stadion", "Pelabuhan", "Bandara", "Bandar Udara", "Gedung", "Istana", "Pasar",
    "Terminal", "Jalan", "Jembatan", "Pangkalan", "Pangkalan Udara", "Masjid", "Gereja",
    "Candi", "Tol", "Bendungan", "Kantor", "Lapas", "Rutan", "Mapolda", "Mapolres",
    "Kosmodrom", "Bandar",
)  # fmt: skip
"""Capitalised words that head the name of a building, port, road or base (``Stadion Kapten
I Wayan Dipta``, ``Pelabuhan Bakauheni``, ``Gedung Merah Putih KPK``)."""

NOT_NAMES: frozenset[str] = frozenset(
    {
        "Presiden", "Menteri", "Pemimpin", "Tertinggi", "Wakil", "Perdana", "Sekretaris",
        "Jenderal", "Juru", "Bicara", "Kepala", "Ketua", "Direktur", "Gubernur", "Wali",
        "Kota", "Kabupaten", "Provinsi", "Kecamatan", "Desa", "Kelurahan", "Pada", "Dalam",
        "Menurut", "Ketika", "Para", "Sementara", "Sebagai", "Namun", "Sejak", "Untuk",
        "Dengan", "Apakah", "Berbicara", "Belum", "Seperti", "Beberapa", "Kunjungan", "Hanya",
        "Upaya", "Kini", "Tuduhan", "Bulan", "Hari", "Tahun", "Baca", "Juga", "Perang", "Saya",
        "Kami", "Kita", "Mereka", "Ini", "Itu", "Tetapi", "Tapi", "Jadi", "Jika", "Kalau", "Dan",
        "Di", "Ke", "Dari", "Yang", "Sebelumnya", "Pemerintah", "Pemerintahan", "Penasihat",
        "Sekjen", "Seorang", "Sebanyak", "Sedikitnya", "Setidaknya", "Masih", "Selain",
        "Bahkan", "Lalu", "Kemudian", "Adapun", "Pihak", "Warga", "Pelatih", "Kapten",
        "Politikus", "Pengamat", "Analis", "Ekonom", "Deputi", "Kapolda", "Kapolres",
        "Kapolsek", "Kapolri", "Panglima", "Bupati", "Camat", "Lurah", "Anggota", "Dia", "Ia",
        "Beliau",
        "Pelaksana", "Penjabat", "Utama", "Umum", "Harga", "Kasus", "Tim", "Pasar", "Jalan",
        "Gedung", "Kantor", "Rumah", "Sakit", "Pusat", "Dinas", "Badan", "Komisi", "Dewan",
        "Kementerian", "Departemen", "Institut", "Berita", "Universitas", "Manajer", "Pendiri",
        "Koordinator", "Relawan", "Pengacara", "Kuasa", "Hukum", "Seusai", "Usai", "Saat",
    }
)  # fmt: skip
"""Capitalised words that are never (part of) a person's name: titles, function words at
the start of a sentence, place and body words (weekdays are in the dates section)."""

DESCRIPTION_HEADS: tuple[str, ...] = (
    "seorang", "para", "beberapa", "sejumlah", "pejabat", "sumber", "pernyataan", "laporan",
    "pihak", "juru bicara", "pemerintah", "politikus", "politisi", "pengamat", "warga",
    "pria", "wanita", "perempuan", "lelaki", "ibu", "bapak", "pedagang", "petani", "nelayan",
    "mahasiswa", "siswa", "korban", "saksi", "pengacara", "kuasa hukum", "analis", "ekonom",
    "diplomat", "aktivis", "relawan", "petugas", "kementerian", "lembaga", "badan",
    "kepolisian", "militer", "tentara", "perusahaan", "manajemen", "angkatan", "partai",
    "kelompok", "organisasi", "kantor", "kubu", "tim", "keluarga", "orang tua", "pelaku",
    "tersangka", "penyidik", "polisi", "pasien", "dokter", "guru", "pengusaha", "investor",
    "peneliti", "masyarakat", "keduanya", "ketiganya", "ketiga", "kedua",
)  # fmt: skip
"""Lower-case first words of descriptions that can be a speaker (``Politikus Partai NasDem
itu``, ``seorang pejabat AS``, ``pria yang sudah berjualan sejak 2010 itu``)."""

PERSON_NOUNS: tuple[str, ...] = (
    "pejabat", "politikus", "politisi", "pengamat", "warga", "pria", "wanita", "perempuan",
    "lelaki", "ibu", "bapak", "pedagang", "petani", "nelayan", "mahasiswa", "siswa", "korban",
    "saksi", "pengacara", "kuasa hukum", "analis", "ekonom", "diplomat", "aktivis", "relawan",
    "petugas", "juru bicara", "sumber",
)  # fmt: skip
"""Description heads that denote a person: only these (and titles) link an anaphoric
description ("politikus itu") to the person it names."""

DEMONSTRATIVES: tuple[str, ...] = ("itu", "tersebut", "ini")
"""Words that close an anaphoric description (``Politikus Partai NasDem itu``)."""

NON_SPEAKER_PREPOSITIONS: tuple[str, ...] = (
    "di", "ke", "dari", "pada", "kepada", "dengan", "untuk", "bagi", "oleh", "terhadap",
    "melawan", "bersama", "tentang", "soal", "atas", "sejak", "hingga", "sampai", "seusai",
    "usai", "saat", "ketika", "dalam", "sebelum", "setelah", "menuju", "antara",
)  # fmt: skip
"""Words after which a name is a place, a partner or a time, not the speaker."""

SENTENCE_ADVERBS: tuple[str, ...] = (
    "namun", "tetapi", "tapi", "akan tetapi", "sementara itu", "selain itu", "karena itu",
    "oleh karena itu", "meski demikian", "meski begitu", "kendati demikian", "bahkan",
    "padahal", "apalagi", "sebelumnya", "kemudian", "lalu", "jadi", "dengan demikian",
    "untuk itu", "di sisi lain", "sebaliknya", "adapun", "pun", "karenanya",
)  # fmt: skip
"""Connectives that may open a sentence before a mid-sentence cue (``Namun, ungkap dia, …``):
they are not part of the reported clause."""

NYA_PREPOSITIONS: tuple[str, ...] = (
    "kepada", "bagi", "pada", "oleh", "untuk", "dengan", "dari", "atas", "tentang",
    "terhadap", "bersama", "diri", "menurut",
)  # fmt: skip
"""Prepositions whose ``-nya`` points at an entity (``kepadanya``, ``menurutnya``)."""

NYA_BASES: frozenset[str] = frozenset(POSTPOSED_CUES) | frozenset(NYA_PREPOSITIONS)
"""Lower-case bases whose final ``-nya`` the tokenizer splits off with ``split_clitics``."""


SUBJECT_TRAILING_ADVERBS: tuple[str, ...] = (
    "juga", "pun", "telah", "sudah", "kembali", "sempat", "lantas", "kemudian", "pula", "lalu",
    "bahkan", "sendiri", "akhirnya", "justru", "hanya", "tidak",
)  # fmt: skip
"""Adverbs between a subject and its speech verb ("Hendra [juga] mengatakan")."""

NOT_MAIN_CLAUSE: tuple[str, ...] = (
    "yang", "untuk", "agar", "supaya", "tanpa", "dengan", "sambil", "seraya", "sembari",
    "enggan", "ingin", "akan", "bisa", "dapat", "harus", "mau", "sempat", "menolak", "berani",
    "tak", "tidak",
)  # fmt: skip
"""Words after which a speech verb is not the main verb ("tanpa menyebut nama", "yang
mengatakan", "enggan menjelaskan")."""

CLAUSE_WORDS: tuple[str, ...] = (
    "akan", "sudah", "telah", "tidak", "belum", "masih", "harus", "bisa", "dapat", "perlu",
    "sedang", "adalah", "merupakan", "menjadi", "tetap", "segera", "hanya", "juga", "ada",
    "siap", "mampu", "ingin", "mau", "boleh", "wajib", "pernah", "sempat", "bukan",
)  # fmt: skip
"""Auxiliaries, copulas and adverbs that make a word group a clause, not a noun phrase."""

VERB_PREFIXES: tuple[str, ...] = ("me", "ber", "di", "ter")
"""Prefixes of verbs (``mengatakan``, ``bertanya``, ``disebut``, ``terlihat``)."""

ACTIVE_VERB_PREFIXES: tuple[str, ...] = ("me", "ber")
"""Prefixes of active verbs: a word with one ends the subject before it."""

NOT_VERBS: tuple[str, ...] = (
    "menteri", "media", "mereka", "merah", "meja", "berita", "beras", "berat", "bencana",
)  # fmt: skip
"""Words that start like an active verb but are not one."""

COPULAS: tuple[str, ...] = ("adalah", "merupakan")
"""Copulas: what follows is a predicate."""

CLAUSE_LINKS: tuple[str, ...] = ("yang", "seraya", "sambil", "sembari", "dan")
"""Words that end the speaker's name after a cue ("kata Andi [sambil] tersenyum")."""

MENURUT_LEADS: tuple[str, ...] = ("masih", "namun", "tetapi", "sementara itu")
"""Words that may stand before "menurut" at the start of a sentence ("Masih menurut X, …")."""

ASIDE_PREPOSITIONS: tuple[str, ...] = (
    "kepada", "pada", "dalam", "di", "saat", "ketika", "seusai", "usai",
)  # fmt: skip
"""Prepositions of an aside between a speech verb and its clause ("mengatakan [kepada
wartawan,] …")."""

ADVERBIAL_OPENERS: tuple[str, ...] = (
    "sebagaimana", "dikutip", "tanpa", "sementara", "seperti", "dalam", "selain", "terkait",
    "menanggapi", "ditemui", "dihubungi", "saat", "ketika",
)  # fmt: skip
"""Words that open an adverbial segment before a subject ("Dalam keterangan tertulisnya,")."""

DESCRIPTION_LEADS: tuple[str, ...] = ("seorang", "para", "sang")
"""Words before a person noun in a description ("[seorang] pejabat")."""


# (end of the speech/names section)
