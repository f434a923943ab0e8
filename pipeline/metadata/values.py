"""Metadata values checked before use: no spreadsheet formulas, no dates relative to the day of the build.

A sidecar exported from a spreadsheet can hold `=NOW()` or `=HYPERLINK(…)` where a value should
be, and a hand-typed `published` of "tomorrow" or "in 3 days" parses, but to a date that moves with
each build. Both are refused with the reason, so the build can name the file and row.
"""

from __future__ import annotations

import datetime
import re

# OWASP "CSV injection": '=' always starts a formula; '+', '-' and '@' do when what follows is
# one: a call (@SUM(…), +HYPERLINK(…)), a DDE command (-2+3+cmd|' /C calc'!A0) or a cell (+A1).
# "+972 Magazine", "-30 °C" or an author's "@handle" are not.
FORMULA = re.compile(r"=|[+\-@](?:.*[(|!]|\$?[A-Za-z]{1,3}\$?\d+\s*$)", re.DOTALL)
DATE_START = re.compile(r"[=+\-@]")  # no date starts so
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Two days far apart: a date read the same against both is absolute; one that moves is relative.
BASES = (datetime.datetime(2001, 3, 14), datetime.datetime(2013, 9, 2))


def refuse_value(field: str, value: str) -> str | None:
    """Why a sidecar `value` of `field` cannot be used ("… looks like a spreadsheet formula"), or None.

    published must be an absolute date (`parse_published`); any field must not be a formula.
    """
    text = value.strip()
    if FORMULA.match(text) or (field == "published" and DATE_START.match(text)):
        return f"{field} {value!r} looks like a spreadsheet formula"
    if field == "published":
        try:
            parse_published(text)
        except ValueError as error:
            return f"{field} {value!r} {error}"
    return None


def parse_published(value: str) -> datetime.date:
    """The absolute date `value` names (ISO, or any full English date dateparser reads).

    Raises ValueError('is not a date') or ValueError('is relative to the day of the build …') for
    'tomorrow', 'in 3 days', '3 days ago', 'now'.
    """
    text = value.strip()
    if ISO_DATE.match(text):
        try:
            return datetime.date.fromisoformat(text[:10])
        except ValueError:
            pass
    import dateparser  # imported late: most sidecars hold ISO dates

    settings = {"REQUIRE_PARTS": ["day", "month", "year"]}
    parsed = [dateparser.parse(text, languages=["en"], settings={**settings, "RELATIVE_BASE": b}) for b in BASES]
    if parsed[0] is None or parsed[1] is None:
        raise ValueError("is not a date")
    if parsed[0] != parsed[1]:
        raise ValueError("is relative to the day of the build, not a date; give the date itself")
    return parsed[0].date()
