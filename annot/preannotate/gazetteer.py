"""Names the entity annotator knows: countries, cities, bodies, people, weapons.

Built from the seed corpus (raw/) and general knowledge of the domain (countries, Indonesian
provinces, international bodies, news media). Each entry: canonical name, label, aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from annot.schema import EntityLabel

__all__ = ["GAZETTEER", "TITLES", "WEAPONS", "GazetteerEntry"]

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

#: Words that introduce a person's name: "Presiden Rusia [Vladimir Putin]".
TITLES: Final[tuple[str, ...]] = (
    "Presiden",
    "presiden",
    "Wakil Presiden",
    "Perdana Menteri",
    "Wakil Perdana Menteri",
    "Menteri",
    "menteri",
    "Sekretaris Jenderal",
    "Sekjen",
    "Juru bicara",
    "juru bicara",
    "Pemimpin Tertinggi",
    "Pemimpin",
    "pemimpin",
    "penasihat",
    "Penasihat",
    "Direktur",
    "Ketua",
    "Kepala",
    "Gubernur",
    "Wali Kota",
    "Jenderal",
    "profesor",
    "perwakilan",
)
