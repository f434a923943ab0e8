"""Find date expressions in news text and resolve them to periods, relative to the publication date.

Modules:
- `expressions`: Find date expressions in news text and resolve them to periods, relative to the
  publication date.
- `grammar`: The grammar of date expressions: normalised words to a period (relative, named, decade,
  weekday, ago).
- `patterns`: Read data/patterns/dates.yaml into the date vocabulary, and normalise expressions to its
  keys.
- `periods`: Calendar periods for date resolution: units, shifts, windows, parts and the year of a
  yearless name.
- `supplement`: Compile the regex supplement of dates.yaml that finds date expressions the spaCy model
  misses.
"""

from pipeline.dates.expressions import find_date_expressions, is_date_expression, resolve_date
from pipeline.dates.patterns import DatePatterns, load_date_patterns
from pipeline.dates.periods import Period, ResolvedDate, season_period, unit_period

__all__ = [
    "DatePatterns",
    "Period",
    "ResolvedDate",
    "find_date_expressions",
    "is_date_expression",
    "load_date_patterns",
    "resolve_date",
    "season_period",
    "unit_period",
]
