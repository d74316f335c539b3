"""China's provinces, prefectures and counties (rules/places/gazetteer.tsv, built by scripts/build_places.py),
found in Chinese text with an Aho-Corasick automaton (`pyahocorasick`), so every name is found in one pass.

Provinces and prefectures are found by their full name (西宁市) or their short one (西宁); counties only by
their full name (化隆回族自治县), since many short county names are ordinary words (和平, 东方, 新华).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .catalog import builtin_rules_dir

if TYPE_CHECKING:
    import ahocorasick

# Accepted English names beside the gazetteer's own: official alternatives and names fixed in older
# romanisations (Peking University, Tsingtao beer).
_OTHER_NAMES = {
    "Tibet": ("Xizang",),
    "Macao": ("Macau",),
    "Inner Mongolia": ("Nei Mongol",),
    "Beijing": ("Peking",),
    "Guangzhou": ("Canton",),
    "Qingdao": ("Tsingtao",),
    "Xiamen": ("Amoy",),
    "Nanjing": ("Nanking",),
}


@dataclass(frozen=True, slots=True)
class Place:
    zh: str
    level: str  # province | prefecture | county
    en: str  # Xining, Xi'an, Inner Mongolia
    syllables: tuple[str, ...]  # xi, an; () for a conventional name (Shaanxi)
    full: str  # 西宁市

    @property
    def names(self) -> tuple[str, ...]:
        return (self.en, *_OTHER_NAMES.get(self.en, ()))


@lru_cache(maxsize=1)
def _places() -> tuple[Place, ...]:
    with open(builtin_rules_dir() / "places" / "gazetteer.tsv", encoding="utf-8", newline="") as fh:
        return tuple(
            Place(row["zh"], row["level"], row["en"], tuple(row["pinyin"].split()), row["full"])
            for row in csv.DictReader(fh, delimiter="\t")
        )


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    import ahocorasick

    auto = ahocorasick.Automaton()
    for place in _places():
        if place.level == "county" and place.zh != place.full:
            continue
        if place.zh not in auto:
            auto.add_word(place.zh, place)
    auto.make_automaton()
    return auto


@lru_cache(maxsize=1)
def english_names() -> frozenset[str]:
    """The English names of every place in the gazetteer ("Jiangyong", "Xining", "Amoy")."""
    return frozenset(name for place in _places() for name in place.names)


@lru_cache(maxsize=1)
def major_names() -> frozenset[str]:
    """The gazetteer's English names of the provinces and prefectures ("Qinghai", "Hefei", "Xi'an"), the places
    a page names most, without the older names ("Canton", which is also an English word)."""
    return frozenset(place.en for place in _places() if place.level != "county")


def find_places(text: str) -> Iterator[tuple[int, int, Place]]:
    """The places named in a Chinese text, longest first where names overlap (西宁市 over 西宁)."""
    found = sorted(
        ((end + 1 - len(place.zh), end + 1, place) for end, place in _automaton().iter(text)),
        key=lambda f: (f[0], -(f[1] - f[0])),
    )
    last = 0
    for start, end, place in found:
        if start >= last:
            yield start, end, place
            last = end
