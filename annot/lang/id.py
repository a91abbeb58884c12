"""Indonesian language resources: the single home of annot's Indonesian word lists.

Ingest, the tokenizer, the pre-annotators and the Label Studio conversion all import their
word lists from here; nothing else in annot spells out an Indonesian word list.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Dates, datelines, sources and page furniture (used by ingest and the tokenizer)
# ---------------------------------------------------------------------------------------------
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final, Literal

# Keys are lower case; compare with ``word.lower()`` (and strip a trailing "."). Phrase lists
# hold words separated by single spaces; :func:`phrase_pattern` turns them into a regex that
# accepts any run of whitespace between the words and tries the longest phrase first.

MONTHS_ID: Final[Mapping[str, int]] = MappingProxyType(
    {
        "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5,
        "juni": 6, "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "november": 11,
        "nopember": 11, "desember": 12,
    }
)  # fmt: skip
"""Indonesian month names (with the old spellings Pebruari and Nopember)."""

MONTHS_ID_ABBREVIATED: Final[Mapping[str, int]] = MappingProxyType(
    {
        "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "mei": 5, "jun": 6, "jul": 7,
        "agu": 8, "agt": 8, "ags": 8, "agst": 8, "agus": 8, "sep": 9, "sept": 9, "okt": 10,
        "nov": 11, "nop": 11, "des": 12,
    }
)  # fmt: skip
"""Indonesian month abbreviations as outlets print them ("14 Agt 2024", "5 Okt. 2020")."""

MONTHS_EN: Final[Mapping[str, int]] = MappingProxyType(
    {
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
        "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    }
)  # fmt: skip
"""English month names (date lines of CNN Indonesia, detik, Kumparan in English format)."""

MONTHS_EN_ABBREVIATED: Final[Mapping[str, int]] = MappingProxyType(
    {
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
        "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    }
)  # fmt: skip
"""English month abbreviations ("Wed, 14 Aug 2024 10:05 WIB")."""

MONTHS: Final[Mapping[str, int]] = MappingProxyType(
    {**MONTHS_ID, **MONTHS_ID_ABBREVIATED, **MONTHS_EN, **MONTHS_EN_ABBREVIATED}
)
"""Every month word above, lower case, to its number 1-12."""

WEEKDAYS_ID: Final[Mapping[str, int]] = MappingProxyType(
    {
        "senin": 1, "selasa": 2, "rabu": 3, "kamis": 4, "jumat": 5, "jum'at": 5, "jum’at": 5,
        "sabtu": 6, "minggu": 7, "ahad": 7,
    }
)  # fmt: skip
"""Indonesian weekdays to ISO numbers (Monday 1 … Sunday 7); "Minggu" also means "week"."""

WEEKDAYS_EN: Final[Mapping[str, int]] = MappingProxyType(
    {
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
        "sunday": 7, "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4,
        "fri": 5, "sat": 6, "sun": 7,
    }
)  # fmt: skip
"""English weekdays and their abbreviations, to ISO numbers."""

WEEKDAYS: Final[Mapping[str, int]] = MappingProxyType({**WEEKDAYS_ID, **WEEKDAYS_EN})
"""Every weekday word above, lower case, to its ISO number."""

TIME_ZONES: Final[Mapping[str, int]] = MappingProxyType({"WIB": 7, "WITA": 8, "WIT": 9})
"""Indonesian time zones (upper case as printed) to their offset from UTC in hours."""

TIME_WORDS: Final = ("pukul", "jam")
"""Words that may stand before a clock time in a date line ("pukul 10.30 WIB")."""

DATE_LABELS: Final = (
    "diterbitkan", "dipublikasikan", "diperbarui", "diperbaharui", "dibuat", "terbit",
    "tayang", "update", "updated", "published", "publikasi", "posted", "dipost",
)  # fmt: skip
"""Labels before a publication date line ("Diperbarui: Rabu, 26 Juni 2024")."""

TOP_LEVEL_DOMAINS: Final = (
    "com", "net", "org", "info", "biz", "io", "tv", "news", "asia", "gov", "edu", "mil",
    "online", "media", "site", "xyz", "id", "co", "go", "ac", "or", "sch", "web", "my", "sg",
    "uk", "au", "us", "ru", "ua", "kr", "jp", "cn", "de", "fr", "eu",
)  # fmt: skip
"""Lower-case top-level (and Indonesian second-level: co.id, go.id, ac.id, or.id, sch.id,
web.id, my.id) domains that make ``word.tld`` a domain."""

SENTENCE_FINAL_ABBREVIATIONS: Final = frozenset({"dll.", "dsb.", "dst.", "dkk."})
"""Abbreviations that often end a sentence; they do when a capital letter follows."""

REFERENCE_ABBREVIATIONS: Final = frozenset(
    {"Jl.", "Jln.", "No.", "Kab.", "Kec.", "Kel.", "Prov.", "hlm.", "tgl.", "Tgl."}
)
"""Abbreviations of addresses, pages and dates that keep their dot (case-sensitive)."""

BYLINE_LABELS: Final[Mapping[str, Literal["author", "editor"]]] = MappingProxyType(
    {
        "oleh": "author", "penulis": "author", "reporter": "author", "rep": "author",
        "pewarta": "author", "wartawan": "author", "jurnalis": "author",
        "kontributor": "author", "koresponden": "author", "laporan wartawan": "author",
        "laporan reporter": "author", "laporan koresponden": "author",
        "laporan kontributor": "author", "penulis berita": "author", "writer": "author",
        "author": "author", "by": "author",
        "editor": "editor", "redaktur": "editor", "red": "editor", "penyunting": "editor",
        "penyunting bahasa": "editor", "editor bahasa": "editor", "redaksi": "editor",
        "editing": "editor",
    }
)  # fmt: skip
"""Byline labels ("Reporter: X", "Rep: X", "Red: Y", "Redaktur & Reporter: Z") and whether
the names after them write or edit the article."""

REPORT_BYLINE_LABELS: Final = tuple(k for k in BYLINE_LABELS if k.startswith("laporan "))
"""Byline labels of the form "Laporan Wartawan Tribunnews.com, Galih Prasetyo"."""

BARE_BYLINE_LABELS: Final = ("oleh", "by")
"""Byline labels that need no colon anywhere ("Oleh Dinda Permatasari"); other labels need a
colon, a "|" or a neighbouring header line, or "Editor Majalah Ditangkap" would be a byline."""

SECTION_NAMES: Final = (
    "home", "beranda", "news", "berita", "nasional", "national", "internasional",
    "international", "dunia", "world", "global", "ekonomi", "bisnis", "ekbis", "economy",
    "business", "finance", "keuangan", "money", "market", "politik", "hukum", "polhuk",
    "peristiwa", "metro", "megapolitan", "jabodetabek", "regional", "daerah", "nusantara",
    "olahraga", "sport", "sports", "bola", "sepakbola", "otomotif", "oto", "tekno",
    "teknologi", "techno", "tech", "sains", "lifestyle", "gaya hidup", "hiburan",
    "entertainment", "seleb", "selebriti", "showbiz", "celebrity", "kesehatan", "health",
    "pendidikan", "edukasi", "travel", "wisata", "kuliner", "food", "opini", "kolom",
    "editorial", "khazanah", "islam", "religi", "hikmah", "video", "foto", "galeri",
    "infografis", "properti", "jatim", "jateng", "jabar", "sumut", "kalbar", "hot", "trending",
    "cek fakta", "pemilu", "pilkada", "tren", "indonesia", "humaniora", "news update", "umum",
    "kriminal", "hankam", "pertahanan", "keamanan", "parlemen", "pemerintahan",
    "ramadan", "haji", "bola dunia", "liga indonesia", "timnas", "citizen6", "health news",
)  # fmt: skip
"""Section names that make up breadcrumbs ("HOME > NEWS > NASIONAL") and section labels."""

BREADCRUMB_SEPARATORS: Final = (">", "»", "›", "/", "|", "•", "·")
"""What stands between the parts of a breadcrumb ("Home » Regional » Jawa Barat")."""

BREADCRUMB_ROOTS: Final = ("home", "beranda", "index", "indeks", "halaman utama")
"""The first part of a breadcrumb."""

RELATED_MARKERS: Final = (
    "baca juga", "baca pula", "baca lagi", "baca", "lihat juga", "simak juga", "cek juga",
    "baca selengkapnya", "baca lebih lanjut", "baca berita lainnya",
    "baca berita selengkapnya", "baca artikel lainnya", "baca artikel selengkapnya",
    "artikel terkait", "berita terkait", "berita lainnya", "artikel lainnya",
    "artikel pilihan", "berita pilihan", "berita rekomendasi", "artikel rekomendasi",
    "pilihan editor", "pilihan redaksi", "related articles", "read more", "read also",
    "see also", "video",
)  # fmt: skip
"""Words that introduce links to other articles: alone on a line (a list of titles follows)
or before a colon and a title ("Baca juga: …", "BACA:", "Pilihan Editor: …")."""

RELATED_TITLE_MARKERS: Final = (
    "next article", "previous article", "artikel selanjutnya", "artikel sebelumnya",
    "berita selanjutnya", "berita sebelumnya",
)  # fmt: skip
"""Words printed right before another article's title, without a colon ("Next Article …")."""

INLINE_RELATED_MARKERS: Final = ("baca juga", "baca pula", "lihat juga", "simak juga")
"""Markers of a link glued after the last sentence of a paragraph ("… kata dia. Baca juga: …")."""

READ_MORE_MARKERS: Final = tuple(
    m for m in RELATED_MARKERS if m.startswith("baca ") and m not in INLINE_RELATED_MARKERS
)
"""Related markers that may run into a title without a colon ("Baca lebih lanjut dari …")."""

VIDEO_MARKERS: Final = (
    "simak video", "tonton video", "saksikan video", "lihat video", "simak juga video",
    "tonton juga video", "saksikan juga video", "jangan lewatkan video", "video pilihan",
    "video terkait", "video unggulan", "gambas:video", "[gambas:video",
)  # fmt: skip
"""A line that starts with one of these links to a video ("Simak Video \"…\"",
"Saksikan video pilihan di bawah ini:", "[Gambas:Video 20detik]")."""

POPULAR_MARKERS: Final = (
    "populer", "terpopuler", "paling populer", "berita populer", "berita terpopuler",
    "terbaru", "berita terbaru", "terkini", "berita terkini", "video terkini",
    "paling banyak dibaca", "terbanyak dibaca", "most popular", "most read", "trending",
    "trending topic", "headline", "berita utama", "latest news", "recent posts",
    "related posts", "popular posts", "latest posts", "editor's pick", "editors pick",
    "topik pilihan", "topik terkait", "berita lain", "load more", "muat lebih banyak",
    "trending now", "paling dicari", "editor’s pick", "editor’s picks", "editor's picks",
    "tampilkan lebih banyak", "kategori", "categories",
)  # fmt: skip
"""Headers of "most read"/"latest" lists; the short lines under them are links too."""

PAGE_MARKERS: Final = (
    "next", "prev", "sebelumnya", "selanjutnya", "halaman selanjutnya", "halaman berikutnya",
    "halaman sebelumnya", "baca halaman berikutnya", "baca halaman selanjutnya",
    "lanjutkan membaca", "lanjut membaca", "lanjut baca", "continue reading",
    "cari berita lain di sini", "menu", "newsletter", "ikuti kami", "follow us",
    "kembali ke atas", "back to top", "loading", "memuat", "editorial team", "tim redaksi",
    "susunan redaksi",
)  # fmt: skip
"""Page navigation lines ("Halaman selanjutnya", "Lanjutkan Membaca ↓")."""

READING_TIME: Final = (
    ("waktu baca", "lama baca", "dibaca"),
    ("menit", "min", "kali"),
    ("read", "baca"),
)
"""A reading-time or view-count line: a word of the first group, a number, a unit of the
second ("waktu baca 2 menit", "Dibaca 1.204 kali"), or a number, a unit and a word of the third
("2 min read", "3 menit baca")."""

SHARE_MARKERS: Final = (
    "bagikan", "bagikan artikel", "bagikan artikel ini", "bagikan berita", "share",
    "share this", "share artikel", "facebook", "twitter", "x", "whatsapp", "telegram", "line",
    "linkedin", "pinterest", "email", "e-mail", "copy link", "salin link", "salin tautan",
    "link disalin", "link berhasil disalin", "url telah tercopy", "url telah disalin",
    "link telah disalin", "tweet", "cetak", "print", "copy",
)  # fmt: skip
"""Share buttons; a line made only of these (and separators) is page furniture."""

FONT_MARKERS: Final = (
    "a", "a+", "a-", "aa", "ukuran font", "ukuran huruf", "ukuran teks", "font",
    "pengaturan font", "perbesar", "perkecil", "reset",
)  # fmt: skip
"""Font-size controls ("A A A", "A+ A-", "Ukuran Font"); only whole lines of these."""

AD_MARKERS: Final = (
    "advertisement", "advertising", "iklan", "ads", "sponsored", "konten sponsor",
    "konten bersponsor", "scroll to continue with content", "scroll to continue",
    "scroll untuk melanjutkan", "gulir untuk melanjutkan", "continue reading below",
    "artikel berlanjut di bawah iklan", "berita berlanjut setelah iklan",
    "scroll ke bawah untuk melanjutkan membaca", "scroll untuk melanjutkan membaca",
    "tutup iklan", "close ads",
)  # fmt: skip
"""Advertisement slots and "scroll to continue" markers (whole lines)."""

PROMO_VERBS: Final = (
    "ikuti", "follow", "dapatkan", "simak", "cek", "baca", "gabung", "bergabung", "join",
    "pantau", "update", "temukan", "klik", "kunjungi", "download", "unduh", "subscribe",
    "langganan", "berlangganan", "yuk", "jangan lupa",
)  # fmt: skip
"""Verbs that open a promotion of the outlet's channels."""

PROMO_CHANNELS: Final = (
    "google news", "whatsapp", "wa channel", "saluran whatsapp", "telegram", "newsletter",
)  # fmt: skip
"""Channels an outlet promotes ("… di Google News", "… WhatsApp Channel …")."""

PROMO_APPS: Final = (
    "aplikasi", "instagram", "tiktok", "youtube", "playstore", "play store", "app store",
)  # fmt: skip
"""Channels that make a promotion only when the outlet is named too ("Unduh aplikasi
Okezone"): a body sentence may tell readers to follow an agency's app."""

PROMO_OPENERS: Final = ("fakta atau hoaks", "baca berita tanpa iklan", "berita tanpa iklan")
"""Other openings of promotion lines (Cek Fakta hotlines, ad-free subscriptions)."""

PROMO_CLICK: Final = ("klik", "klik di sini", "klik link", "klik tautan", "info lengkap klik")
"""Words before the site at the end of an advertisement ("Info lebih lengkap klik : x.com")."""

POLL_QUESTIONS: Final = (
    "bagaimana reaksi anda", "bagaimana perasaan anda", "apa reaksi anda", "reaksi anda",
    "apa reaksimu", "bagaimana reaksimu", "bagaimana tanggapan anda", "beri penilaian",
    "berikan reaksi", "bagaimana pendapat anda tentang artikel ini", "polling",
    "jajak pendapat",
)  # fmt: skip
"""The question above a reader poll."""

POLL_ANSWERS: Final = (
    "senang", "sedih", "marah", "terkejut", "kaget", "takut", "lucu", "terinspirasi",
    "tidak peduli", "inspiratif", "menarik", "kesal", "bangga", "terharu", "suka",
    "tidak suka", "biasa saja", "gembira", "khawatir", "bahagia", "terhibur", "wow",
)  # fmt: skip
"""The answer buttons of a reader poll (lines under the question)."""

COMMENT_MARKERS: Final = (
    "komentar", "kirim komentar", "tulis komentar", "beri komentar", "lihat komentar",
    "tampilkan komentar", "semua komentar", "lihat semua komentar", "berikan komentar",
    "belum ada komentar", "login untuk berkomentar", "masuk untuk berkomentar",
    "komentar pembaca", "leave a comment", "leave a reply", "post a comment", "comments",
    "comment", "komentari",
)  # fmt: skip
"""Comment boxes; with a count ("12 Komentar") or a colon they are still comment boxes."""

COMMENT_POLICY: Final = (
    ("komentar",),
    ("tanggung jawab",),
    ("pengguna", "pembaca", "komentator", "pengirim"),
)
"""Words, in this order, of the "comments are the reader's responsibility" notice under
comment boxes ("Isi komentar sepenuhnya adalah tanggung jawab pengguna …")."""

TAG_LABELS: Final = ("tags", "tag", "topik", "kata kunci", "keyword", "keywords", "kategori")
"""Labels of tag lists ("Tags: beras, pangan"); alone on a line, the tags follow."""

PHOTO_LABELS: Final = (
    "foto", "photo", "dok", "dok.", "dokumentasi", "sumber foto", "kredit foto", "sumber",
    "ilustrasi foto", "fotografer", "pewarta foto", "tangkapan layar",
)  # fmt: skip
"""Labels of photo credits ("Foto: Dok. Humas", "Sumber: BPBD")."""

CREDIT_WORDS: Final = (
    "foto", "photo", "dok", "dokumentasi", "istimewa", "ist", "via", "getty", "images",
    "reuters", "afp", "ap", "kcna", "antara", "xinhua", "yonhap", "tass", "sputnik", "epa",
    "anadolu", "bloomberg", "shutterstock", "istock", "unsplash", "pexels", "freepik",
    "instagram", "twitter", "youtube", "facebook", "tiktok", "tangkapan layar", "screenshot",
    "kredit", "sumber", "handout", "pixabay",
)  # fmt: skip
"""Words that make a parenthesis a credit ("(Foto: Istimewa)", "(KCNA via Reuters)")."""

SYNDICATION_MARKERS: Final = (
    "artikel ini telah tayang di", "artikel ini sudah tayang di", "artikel ini telah terbit di",
    "artikel ini pertama kali terbit di", "artikel ini telah dimuat di",
    "berita ini telah tayang di", "artikel ini tayang di",
)  # fmt: skip
"""Notes that the article first ran elsewhere ("Artikel ini telah tayang di TribunJabar.id …")."""

IMAGE_EXTENSIONS: Final = ("jpg", "jpeg", "png", "webp", "gif", "heic", "bmp", "tif", "tiff")
"""Extensions of photo file names left in scrapes ("IMG_1234.jpg", "WhatsApp Image ….jpeg")."""

COPYRIGHT_MARKERS: Final = ("copyright", "©", "all rights reserved")
"""Openings of copyright notices at the bottom of a page ("Copyright © ANTARA 2024")."""

COPYRIGHT_NOTICES: Final = (
    ("hak cipta", "dilarang mengambil", "dilarang mengutip", "dilarang keras mengambil"),
    ("dilindungi undang-undang", "izin tertulis"),
)
"""A notice that opens with a word of the first group and says one of the second ("Dilarang
mengambil konten … tanpa izin tertulis …"); either alone can be a body sentence."""

CONJUNCTIONS: Final = ("dan", "and")
"""Words that join names in a byline ("Sri Wahyuni dan Agus Salim") or open a continued promo
line ("dan follow Channel WhatsApp …")."""

BIO_OPENERS: Final = ("saya", "saya adalah", "saya seorang", "saya adalah seorang")
"""How a first-person author bio begins ("Saya seorang penulis …")."""

BIO_LABELS: Final = ("tentang penulis", "profil penulis", "about the author")
"""Headers of an author biography."""

BIO_ROLES: Final = (
    "penulis",
    "jurnalis",
    "wartawan",
    "reporter",
    "editor",
    "kontributor",
    "blogger",
)
"""What a first-person author bio says the author is ("Saya seorang penulis …")."""

OUTLET_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "cnn indonesia": "cnnindonesia.com", "cnnindonesia": "cnnindonesia.com",
        "kompas tv": "kompas.tv", "kompastv": "kompas.tv",
        "antara": "antaranews.com", "antaranews": "antaranews.com",
        "antara news": "antaranews.com", "detik": "detik.com", "detikcom": "detik.com",
        "detiknews": "detik.com", "detikfinance": "detik.com", "detiksport": "detik.com",
        "detikinet": "detik.com", "detikjateng": "detik.com", "detikjatim": "detik.com",
        "detikjabar": "detik.com", "detiksumut": "detik.com", "detikhealth": "detik.com",
        "medcom": "medcom.id", "metrotvnews": "metrotvnews.com", "tempo": "tempo.co",
        "republika": "republika.co.id", "jpnn": "jpnn.com", "okezone": "okezone.com",
        "merdeka": "merdeka.com", "liputan6": "liputan6.com", "tribunnews": "tribunnews.com",
        "kompas": "kompas.com", "suara": "suara.com", "kumparan": "kumparan.com",
        "idn times": "idntimes.com", "bisnis": "bisnis.com", "beritasatu": "beritasatu.com",
        "cnbc indonesia": "cnbcindonesia.com", "sindonews": "sindonews.com",
        "viva": "viva.co.id", "inews": "inews.id", "tirto": "tirto.id",
        "katadata": "katadata.co.id",
    }
)  # fmt: skip
"""Outlet names printed without a domain, lower case, to the site's domain ("Jakarta, CNN
Indonesia --", "Jakarta (ANTARA) -", "Follow Berita Okezone di Google News", "detikNews")."""


def phrase_pattern(phrases: Iterable[str]) -> str:
    """A regex alternation of ``phrases``, longest first, any whitespace between words.

    Case is left to the caller (compile with ``re.IGNORECASE`` or wrap in ``(?i:…)``).
    """
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(re.escape(word) for word in p.split()) for p in ordered)


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

NOUN_SUFFIXES: tuple[str, ...] = ("an", CLITIC_NYA)
"""Endings of a noun or a possessed noun (``pengiriman``, ``rencananya``): such a word right
after a speech verb starts its object, not a reported clause."""

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

COMPLEMENTIZER: str = "bahwa"
"""The word that opens a reported clause ("mengatakan bahwa …")."""

RELATIVE_PRONOUN: str = "yang"
"""The relative pronoun ("Menurut laporan NBC, yang mengutip …, …")."""

INNER_OPENING_QUOTES: tuple[str, ...] = ("‘", "'")
"""Single marks that open a quote inside a quote (``‘…’``)."""

INNER_CLOSING_QUOTES: tuple[str, ...] = ("’", "'")
"""Single marks that close a quote inside a quote."""

OPENING_QUOTE_CHARACTERS: frozenset[str] = frozenset(
    mark for mark in (*OPENING_QUOTES, *INNER_OPENING_QUOTES) if len(mark) == 1 and mark != "”"
)
"""Characters that open a quote when a token starts a sentence (``“``, ``‘``, ``"``, ``'``,
``„``, ``«``); ``”`` only opens by mistake, so it does not start a sentence."""

CLOSING_QUOTE_CHARACTERS: frozenset[str] = frozenset(
    mark for mark in (*CLOSING_QUOTES, *INNER_CLOSING_QUOTES) if len(mark) == 1 and mark != "“"
)
"""Characters that close a quote after a sentence's last mark (``”``, ``’``, ``"``, ``'``,
``»``); ``“`` only closes by mistake."""

TITLE_ABBREVIATIONS: frozenset[str] = frozenset(
    {"Dr.", "dr.", "Prof.", "Ir.", "Drs.", "Dra.", "Hj.", "Sdr.", "Sdri.", "Bpk.", "Ny."}
)
"""Abbreviated titles before a name that keep their dot (case-sensitive)."""

COMPANY_ABBREVIATIONS: frozenset[str] = frozenset({"Tbk."})
"""Abbreviations after a company's name that keep their dot (``PT Aneka Tambang Tbk.``)."""

NAME_CONNECTORS: tuple[str, ...] = ("dan", "untuk", "of", "and", "for", "the")
"""Lower-case words inside the long form of "Nama Panjang (AKRONIM)" (``Badan Meteorologi,
Klimatologi, dan Geofisika (BMKG)``, ``Dana Anak-Anak untuk PBB``)."""

BRANCH_BODIES: tuple[str, ...] = ("Bawaslu", "Kejari", "Kejati", "Polda", "Polres")
"""Bodies with a branch per region that are not written as an acronym (``Polda Bali``); a
capitalised acronym (``KPU Makassar``, ``BNN``) is a body too."""

REGION_WORDS: tuple[str, ...] = ("Provinsi", "Kota", "Kabupaten")
"""Words before a region's name (``BNN Provinsi Aceh``, ``Pemerintah Kota Bandung``)."""


# (end of the speech/names section)

# ---------------------------------------------------------------------------------------------
# Claims: checkable events, opinions, hedges, accusations, denials (used by the claim annotator)
# ---------------------------------------------------------------------------------------------

CHECKABLE_VERBS: tuple[str, ...] = (
    "mengirim", "mengirimkan", "mentransfer", "memasok", "menjual", "menyediakan",
    "memberikan", "menembakkan", "ditemukan", "disuplai", "dipasok", "meluncurkan", "menyita",
    "menyerang", "digunakan", "mengekspor", "menyelesaikan", "melakukan perjalanan",
    "didampingi", "membantu",
)  # fmt: skip
"""Verbs of events a fact-checker can verify (a sentence with one is check-worthy)."""

OPINION_MARKERS: tuple[str, ...] = (
    "saya pikir", "prihatin", "harus", "tidak bisa", "kami menolak",
)  # fmt: skip
"""Words of opinion or obligation: a quoted sentence with one is not a checkable claim."""

HEDGES: tuple[str, ...] = (
    "mungkin", "diperkirakan", "kemungkinan", "diduga", "berpotensi", "bisa jadi", "diyakini",
    "khawatir", "kekhawatiran",
)  # fmt: skip
"""Words that hedge a claim (stance ``hedges``)."""

DENIAL_MARKERS: tuple[str, ...] = ("tidak pernah",)
"""Words that deny a claim inside it (stance ``denies``)."""

ACCUSATION_VERBS: tuple[str, ...] = ("menuduh", "menuding", "tuding", "Tuding")
"""Verbs of accusation; what follows them is the claim (case-sensitive)."""

DENIAL_VERBS: tuple[str, ...] = ("membantah", "menyangkal", "menolak")
"""Verbs of denial before what is denied."""

DENIED_NOUNS: tuple[str, ...] = ("tuduhan", "laporan", "kabar", "anggapan", "klaim")
"""Nouns of what is denied ("membantah tuduhan tersebut")."""

ACCUSATION_NOUN: str = "tuduhan"
"""The noun of a passive denial ("Tuduhan itu dibantah oleh …")."""

PASSIVE_DENIAL: tuple[str, ...] = ("dibantah", "oleh")
"""The passive denial verb and its agent preposition."""

REPORT_VERBS: tuple[str, ...] = ("dilaporkan", "diperkirakan", "diyakini", "diduga")
"""Passive report verbs: their clause is a claim with no claimant; ``dilaporkan`` asserts,
the others hedge."""

ASSERTING_REPORT_VERB: str = "dilaporkan"
"""The one report verb that asserts."""


# (end of the claims section)


# ---------------------------------------------------------------------------------------------
# Numbers, quantities and time (used by the entity annotator's DATE, TIME and QUANTITY rules)
# ---------------------------------------------------------------------------------------------

NUMBER_WORDS: Final = (
    "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
    "sebelas", "seratus", "seribu", "puluhan", "ratusan", "ribuan", "jutaan", "belasan",
    "miliaran",
)  # fmt: skip
"""Numbers written as words, and the vague plurals ("puluhan rudal", "ribuan warga")."""

NUMBER_WORD_SCALES: Final = ("belas", "puluh", "ratus", "ribu", "juta")
"""What follows a number word to scale it ("dua puluh", "tiga ratus", "lima belas")."""

MAGNITUDES: Final = ("ribu", "juta", "miliar", "triliun")
"""What follows digits to scale them ("20 juta", "Rp 5 miliar")."""

TIME_UNITS: Final = ("hari", "minggu", "pekan", "bulan", "tahun", "dekade", "abad")
"""Units of a duration ("tiga hari", "beberapa bulan terakhir"); after a number they make a
DATE, never a QUANTITY."""

ONE_UNIT_DURATIONS: Final = ("seminggu", "setahun", "sebulan")
"""Durations of one unit written as one word."""

VAGUE_COUNTS: Final = ("beberapa",)
"""Counts without a number ("beberapa hari")."""

RELATIVE_TIME_WORDS: Final = (
    "lalu", "terakhir", "kemudian", "mendatang", "depan", "ini", "sebelumnya", "yang sama",
)  # fmt: skip
"""Words after a unit or a month that make a relative date ("pekan lalu", "Mei mendatang")."""

PERIOD_POSITIONS: Final = ("awal", "akhir", "pertengahan")
"""Parts of a period before it ("awal 2024", "akhir bulan ini", "pertengahan Juli")."""

THIS_AND_LAST: Final = ("ini", "lalu", "depan")
"""Words after "tahun", "bulan" or "pekan" with a period position ("akhir tahun ini")."""

AFTER_MONTH: Final = ("lalu", "mendatang")
"""Words after a month that make it relative ("Mei lalu", "Juli mendatang")."""

PERIOD_UNITS: Final = ("tahun", "bulan", "pekan")
"""Periods after a period position ("akhir tahun", "awal pekan depan")."""

DAY_WORD: Final = "hari"
"""The word before a weekday ("hari Senin")."""

MONTH_WORD: Final = "bulan"
"""The word before a month ("bulan Juli")."""

YEAR_WORD: Final = "tahun"
"""The word before a year or after a month ("tahun 2020", "Juli tahun lalu")."""

QUARTER_WORDS: Final = ("kuartal", "triwulan", "semester")
"""Parts of a year counted by an ordinal ("kuartal ketiga 2024", "semester II")."""

ORDINALS: Final = ("pertama", "kedua", "ketiga", "keempat")
"""Ordinal words of quarters and semesters."""

SEASON_WORD: Final = "musim"
"""The word before a season."""

SEASONS: Final = ("dingin", "panas", "semi", "gugur", "hujan", "kemarau")
"""Seasons after "musim" ("musim dingin", "musim kemarau")."""

YEAR_PREPOSITIONS: Final = ("pada", "sejak", "hingga", "sampai")
"""Prepositions that make a bare four-digit number a year ("sejak 2014")."""

CLOCK_WORD: Final = "pukul"
"""The word before a clock time ("pukul 10.30 WIB"); ``jam`` also counts hours."""

CURRENCY_SIGNS: Final = ("Rp", "US$", "$")
"""Signs before a sum of money ("Rp 20 juta", "US$ 5 miliar"), case-sensitive."""

PARTS_OF_DAY: Final = (
    "pagi", "siang", "sore", "petang", "malam", "dini hari", "tengah malam", "subuh",
    "pagi hari", "siang hari", "sore hari", "malam hari",
)  # fmt: skip
"""Parts of the day: TIME, also after a date ("Rabu (10/4/2024) [malam]", "Kalau [malam], …")."""

NOT_PART_OF_DAY_AFTER: Final = ("makan", "selamat", "jam", "pasar", "acara")
"""Words that make a following part of the day something else ("makan malam" is dinner,
"jam malam" a curfew, "selamat pagi" a greeting)."""

QUANTITY_MODIFIERS: Final = (
    "lebih dari", "kurang dari", "sekitar", "hampir", "sedikitnya", "setidaknya", "sebanyak",
    "mencapai", "hingga", "sekurang-kurangnya",
)  # fmt: skip
"""Modifiers before a number that belong to the QUANTITY ("lebih dari 11.000 kontainer")."""

NOT_COUNTED: Final = frozenset(
    {
        "dan", "atau", "yang", "di", "ke", "dari", "untuk", "dengan", "pada", "telah", "akan",
        "sudah", "dalam", "oleh", "itu", "ini", "tersebut", "kali", "lipat", "per",
    }
)  # fmt: skip
"""Words after a number that are not what it counts ("2024 dan", "tiga kali")."""

PERCENT_OR_TIMES: Final = frozenset({"persen", "%", "kali"})
"""Heads of a percentage or a multiple; they take no modifier after them."""

COUNTED_NOUN_MODIFIERS: Final = ("balistik", "jelajah", "tambahan")
"""A word after the counted noun that belongs to the QUANTITY ("puluhan rudal [balistik]")."""

MEASURE_HEADS: Final = frozenset(
    {"kontainer", "ton", "barel", "kilogram", "kg", "liter", "karung", "paket", "truk", "peti"}
)
"""Measure and container nouns whose complement names what is measured: the complement is part
of the QUANTITY ("11.000 kontainer amunisi", "40 ton beras")."""

COMPLEMENT_STOP: Final = NOT_COUNTED | frozenset(
    {
        "sebelum", "sesudah", "setelah", "sejak", "selama", "saat", "ketika", "bagi", "kepada",
        "terhadap", "tentang", "bahwa", "namun", "tetapi", "juga", "pun", "masih", "hanya",
        "saja", "pula", "belum", "tidak", "bukan", "setiap", "tiap", "serta", "sebagai",
        "melalui", "menuju", "hingga", "sampai", "lebih", "kurang", "sekitar", "hampir",
        "sebanyak", "senilai", "seharga", "sedikitnya", "setidaknya",
    }
)  # fmt: skip
"""Words that end a measure noun's complement (prepositions, conjunctions, adverbs,
modifiers): "40 ton beras [di] gudang"."""


# (end of the numbers/quantities/time section)
