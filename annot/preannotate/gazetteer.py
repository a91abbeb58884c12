"""Names the entity annotator knows: countries, cities, bodies, people, weapons.

Built from the seed corpus (raw/) and general knowledge (countries, Indonesian provinces and
major cities, national and international bodies, news media). One signal among others: the
entity rules also find names, titles, organisations and acronyms no list knows. Each entry:
canonical name, label, aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from annot.schema import EntityLabel

__all__ = ["GAZETTEER", "WEAPONS", "GazetteerEntry"]

GPE, ORG, PER, LOC, FAC, NORP, EVENT = (
    EntityLabel.GPE,
    EntityLabel.ORG,
    EntityLabel.PER,
    EntityLabel.LOC,
    EntityLabel.FAC,
    EntityLabel.NORP,
    EntityLabel.EVENT,
)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    label: EntityLabel
    aliases: tuple[str, ...] = ()

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _e(name: str, label: EntityLabel, *aliases: str) -> GazetteerEntry:
    return GazetteerEntry(name, label, aliases)


_COUNTRIES = (
    "Afghanistan", "Arab Saudi", "Australia", "Belanda", "Belarus", "Brasil", "Filipina",
    "India", "Indonesia", "Inggris", "Irak", "Iran", "Israel", "Italia", "Jerman", "Kanada",
    "Malaysia", "Mesir", "Pakistan", "Palestina", "Polandia", "Prancis", "Singapura", "Suriah",
    "Thailand", "Turki", "Vietnam", "Yaman", "Hongaria", "Georgia", "Moldova", "Finlandia",
    "Swedia", "Norwegia", "Spanyol", "Meksiko", "Argentina", "Afrika Selatan", "Nigeria",
    "Sudan", "Myanmar", "Kamboja", "Laos", "Taiwan", "Mongolia", "Kuba", "Venezuela",
    "Qatar", "Lebanon", "Yordania", "Kuwait", "Uni Emirat Arab", "Bahrain", "Oman", "Tunisia",
    "Aljazair", "Maroko", "Libya", "Somalia", "Etiopia", "Kenya", "Selandia Baru", "Brunei",
    "Timor Leste", "Bangladesh", "Sri Lanka", "Nepal", "Uzbekistan", "Kazakhstan",
    "Portugal", "Belgia", "Austria", "Swiss", "Denmark", "Irlandia", "Yunani", "Ceko",
    "Rumania", "Kroasia", "Serbia", "Kolombia", "Peru", "Chile", "Gaza", "Tepi Barat",
)  # fmt: skip
_PROVINCE_SHORT = (
    "Sumut", "Sumbar", "Sumsel", "Jabar", "Jateng", "Jatim", "Kaltim", "Kalbar", "Kalsel",
    "Kalteng", "Kaltara", "Sulsel", "Sulut", "Sulteng", "Sultra", "Sulbar", "NTT", "NTB",
    "DKI", "DIY", "Babel", "Kepri", "Malut", "Papua Tengah", "Papua Selatan",
    "Papua Pegunungan", "Papua Barat Daya",
)  # fmt: skip
_CITIES = (
    "Surabaya", "Bandung", "Medan", "Semarang", "Makassar", "Palembang", "Yogyakarta",
    "Denpasar", "Padang", "Pekanbaru", "Banjarmasin", "Pontianak", "Manado", "Balikpapan",
    "Samarinda", "Malang", "Solo", "Surakarta", "Bogor", "Bekasi", "Depok", "Tangerang",
    "Batam", "Kupang", "Mataram", "Jayapura", "Ambon", "Kendari", "Palu", "Cirebon",
    "Tasikmalaya", "Cianjur", "Garut", "Sukabumi", "Bantul", "Sleman", "Magelang", "Kediri",
    "Jember", "Banyuwangi", "Badung", "Gianyar", "Banda Aceh", "Aceh Besar", "Lhokseumawe",
    "Tegal", "Pekalongan", "Cilacap", "Purwokerto", "Serang", "Cilegon", "Karawang",
    "Purwakarta", "Sidoarjo", "Gresik", "Madiun", "Probolinggo", "Pasuruan", "Mojokerto",
    "Tulungagung", "Blitar", "Klaten", "Boyolali", "Kudus", "Jepara", "Rembang", "Demak",
    "Kendal", "Salatiga", "Labuan Bajo", "Manggarai Barat", "Lombok", "Lombok Timur",
    "Lombok Barat", "Sumba", "Flores", "Ternate", "Sorong", "Merauke", "Timika", "Tarakan",
    "Jakarta Pusat", "Jakarta Selatan", "Jakarta Timur", "Jakarta Barat", "Jakarta Utara",
    "Kairo", "Doha", "Teheran", "Riyadh", "Dubai", "Istanbul", "Ankara", "Jenewa", "Paris",
    "London", "Berlin", "Roma", "Brussel", "New York", "Den Haag", "Kuala Lumpur", "Bangkok",
    "Manila", "Hanoi", "Canberra", "Sydney", "Tel Aviv", "Yerusalem", "Ramallah",
    "Khan Younis", "Rafah", "Beirut", "Damaskus", "Baghdad", "Amman", "Kabul", "Islamabad",
    "New Delhi", "Dhaka", "Abu Dhabi", "Jeddah", "Mekkah", "Madinah",
)  # fmt: skip
_BODIES = (
    ("Komisi Pemberantasan Korupsi", "KPK"), ("Badan Intelijen Negara", "BIN"),
    ("Tentara Nasional Indonesia", "TNI"), ("Kepolisian Negara Republik Indonesia", "Polri"),
    ("Dewan Perwakilan Rakyat", "DPR"), ("Majelis Permusyawaratan Rakyat", "MPR"),
    ("Dewan Perwakilan Daerah", "DPD"), ("Badan Pemeriksa Keuangan", "BPK"),
    ("Badan Pusat Statistik", "BPS"), ("Bank Indonesia", "BI"), ("Otoritas Jasa Keuangan", "OJK"),
    ("Badan Meteorologi, Klimatologi, dan Geofisika", "BMKG"),
    ("Badan Nasional Penanggulangan Bencana", "BNPB"), ("Komisi Pemilihan Umum", "KPU"),
    ("Badan Pengawas Pemilu", "Bawaslu"), ("Mahkamah Konstitusi", "MK"),
    ("Mahkamah Agung", "MA"), ("Kejaksaan Agung", "Kejagung"),
    ("Badan Narkotika Nasional", "BNN"), ("Majelis Ulama Indonesia", "MUI"),
    ("Nahdlatul Ulama", "NU"), ("Muhammadiyah",),
    ("Persatuan Sepak Bola Seluruh Indonesia", "PSSI"),
    ("Persatuan Bulu Tangkis Seluruh Indonesia", "PBSI"), ("Pertamina",),
    ("Perusahaan Listrik Negara", "PLN"), ("Central Intelligence Agency", "CIA"), ("FBI",),
    ("Hamas",), ("Hizbullah",), ("Houthi",), ("Taliban",), ("Organisasi Kesehatan Dunia", "WHO"),
    ("UNICEF",), ("UNRWA",), ("UNHCR",), ("Dana Moneter Internasional", "IMF"),
    ("Bank Dunia",), ("FIFA",), ("OPEC",), ("ANTARA",), ("Kompas",), ("Tempo",),
)  # fmt: skip
_PROVINCES = (
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi",
    "Sumatera Selatan", "Bengkulu", "Lampung", "Bangka Belitung", "Banten", "DKI Jakarta",
    "Jawa Barat", "Jawa Tengah", "Jawa Timur", "DI Yogyakarta", "Bali", "Nusa Tenggara Barat",
    "Nusa Tenggara Timur", "Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan",
    "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara", "Sulawesi Tengah",
    "Sulawesi Selatan", "Sulawesi Tenggara", "Gorontalo", "Sulawesi Barat", "Maluku",
    "Maluku Utara", "Papua", "Papua Barat",
)  # fmt: skip

GAZETTEER: Final[tuple[GazetteerEntry, ...]] = (
    _e("Korea Utara", GPE, "Korut", "Kerajaan Pertapa"),
    _e("Korea Selatan", GPE, "Korsel", "korsel"),
    _e("Amerika Serikat", GPE, "AS", "Amerika"),
    _e("Rusia", GPE),
    _e("Ukraina", GPE),
    _e("Jepang", GPE),
    _e("China", GPE, "Tiongkok", "Cina"),
    *(_e(name, GPE) for name in _COUNTRIES),
    *(_e(name, GPE) for name in _PROVINCES),
    *(_e(name, GPE) for name in _PROVINCE_SHORT),
    *(_e(name, GPE) for name in _CITIES),
    *(_e(names[0], ORG, *names[1:]) for names in _BODIES),
    _e("Pyongyang", GPE),
    _e("Seoul", GPE),
    _e("Moskow", GPE),
    _e("Kyiv", GPE, "Kiev"),
    _e("Kharkiv", GPE),
    _e("Washington", GPE),
    _e("Vladivostok", GPE),
    _e("Bakhmut", GPE),
    _e("Kramatorsk", GPE),
    _e("Beijing", GPE),
    _e("Tokyo", GPE),
    _e("Jakarta", GPE),
    _e("Semenanjung Korea", LOC),
    _e("Laut Hitam", LOC),
    _e("Eropa Timur", LOC),
    _e("Ukraina timur", LOC),
    _e("Perserikatan Bangsa-Bangsa", ORG, "PBB"),
    _e("Dewan Keamanan PBB", ORG, "Dewan Keamanan Perserikatan Bangsa-Bangsa"),
    _e("NATO", ORG),
    _e("Uni Eropa", ORG, "UE"),
    _e("ASEAN", ORG),
    _e("Kremlin", ORG),
    _e("Gedung Putih", ORG),
    _e("Pentagon", ORG),
    _e("Wagner", ORG),
    _e("Associated Press", ORG, "AP"),
    _e("Aljazeera", ORG, "Al Jazeera"),
    _e("CNN", ORG),
    _e("NBC", ORG),
    _e("Reuters", ORG),
    _e("AFP", ORG),
    _e("KCNA", ORG),
    _e("Yonhap", ORG),
    _e("The Guardian", ORG),
    _e("Barat", NORP),
    _e("Kosmodrom Vostochny", FAC),
    _e("Perang Korea", EVENT),
    _e("Perang Ukraina", EVENT),
    _e("Perang Dunia II", EVENT),
    _e("Vladimir Putin", PER, "Putin"),
    _e("Kim Jong Un", PER, "Kim"),
    _e("Antony Blinken", PER, "Blinken"),
    _e("Jens Stoltenberg", PER, "Stoltenberg"),
    _e("Jake Sullivan", PER, "Sullivan"),
    _e("John Kirby", PER, "Kirby"),
    _e("Dmitry Peskov", PER, "Peskov"),
    _e("Sergei Shoigu", PER, "Shoigu"),
    _e("Sergey Lavrov", PER, "Lavrov"),
    _e("Joe Biden", PER, "Biden"),
    _e("Donald Trump", PER, "Trump"),
    _e("Yevgeny Prigozhin", PER, "Prigozhin"),
    _e("Volodymyr Zelensky", PER, "Zelensky"),
)

#: Weapon and military-equipment kinds, longest first where they nest.
WEAPONS: Final[tuple[str, ...]] = (
    "rudal balistik antarbenua",
    "rudal balistik jarak pendek",
    "rudal balistik jarak menengah",
    "rudal bersenjata nuklir",
    "rudal balistik",
    "rudal jelajah",
    "rudal hipersonik",
    "rudal infanteri",
    "rudal",
    "senjata nuklir",
    "kapal selam",
    "satelit mata-mata",
    "pesawat tempur",
    "jet tempur",
    "drone",
    "roket",
    "artileri",
    "tank",
    "ICBM",
    "MLRS",
    "HIMARS",
    "Multiple Launch Rocket Systems",
)
