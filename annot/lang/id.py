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


# (end of the speech/names section)
