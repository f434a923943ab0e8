"""What the events tests share: the publication date their invented articles carry, and checks on links."""

from __future__ import annotations

import datetime

PUBLISHED = datetime.date(2024, 5, 10)  # a Friday


def names(link: str | None, *words: str) -> bool:
    """Whether an actor link (a gazetteer id or a name key) holds one of the words."""
    return bool(link) and any(word in link.lower().replace("-", " ") for word in words)


def only(events):
    """The one event of a list, failing with what was found otherwise."""
    assert len(events) == 1, [(e.sub_event_type, e.trigger) for e in events]
    return events[0]
