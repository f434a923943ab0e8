"""One row per event an article reports, however often it tells it.

News copy tells its main event three or four times: in the headline ("RSF attack on Zamzam camp
kills eight"), in the lead, and again in the details ("It was the second attack in two days").
ACLED counts it once per report, and so must we: the retellings of one article are folded into the
fullest telling in the body (the one that names most: initiator, target, place, a date of its
own; the earliest of equals), which takes what the others add.

Two tellings are one event when their sub-type agrees (any battle sub-types: an attack on a
camp and its capture are one battle; an abduction and a killing in one raid are two events), no
argument conflicts (initiator, target and place equal or unknown, a town and its province
agreeing), their dates do not conflict, and they share a known initiator or place (a target
alone is no proof: a group is attacked many times), or the later
one is the headline (which tells in short what the body tells) or a bare definite noun that names
nothing ("the skirmish", "the attack": it refers back to an event already told). Two tellings
that name different things stay two events.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

BATTLE = "battle"
_OWN_DATES = frozenset({"sentence", "context"})  # pipeline.events.dating: not the publication date

if TYPE_CHECKING:
    from pipeline.events.extract import Event


def fold_retellings(
    events: Sequence[Event],
    parents: Mapping[str, str | None],
    references: Collection[int] = (),
    states: Collection[str] = (),
) -> tuple[Event, ...]:
    """The article's events with each retelling folded into the fullest body telling of its event.
    `references`: the positions of events told by a bare definite noun ("the skirmish"); `states`:
    the place links that are states, which locate an event too loosely to tell two apart
    ("northern Mali" in the headline, "Gao" in the body)."""
    kept: list[Event] = []
    bare = {id(events[i]) for i in references}
    for event in sorted(events, key=lambda e: (e.sent_id == 0, -_named(e), e.start)):  # the headline last
        same = next(
            (
                i
                for i, k in enumerate(kept)
                if _same_event(_unstated(k, states), _unstated(event, states), parents, id(event) in bare)
            ),
            None,
        )
        if same is None:
            kept.append(event)
        else:
            kept[same] = _enriched(kept[same], event)
    return tuple(sorted(kept, key=lambda e: e.start))


def _unstated(event: Event, states: Collection[str]) -> Event:
    """The event as the folding reads it: a state as its place is no place."""
    return replace(event, place=None) if event.place in states else event


def _named(event: Event) -> int:
    """How much a telling names: its initiator, target, place and a date of its own sentence."""
    return sum(bool(x) for x in (event.actor1, event.actor2, event.place)) + (event.date_basis == "sentence")


def _same_event(a: Event, b: Event, parents: Mapping[str, str | None], b_refers_back: bool = False) -> bool:
    if a.event_type != b.event_type or (a.event_type != BATTLE and a.sub_event_type != b.sub_event_type):
        return False
    pairs = ((a.actor1, b.actor1), (a.actor2, b.actor2))
    if any(x and y and x != y for x, y in pairs) or not _places_agree(a.place, b.place, parents):
        return False
    if a.date_basis in _OWN_DATES and b.date_basis in _OWN_DATES and not _overlap(a, b):
        return False  # dated by the text itself, to different times: two events
    shared = [
        x for x, y in ((a.actor1, b.actor1), (a.place, b.place)) if x and y and (x == y or _within(x, y, parents))
    ]
    summary = b.sent_id == 0 and a.sent_id != 0  # the headline tells the article's event in short
    return bool(shared) or summary or (b_refers_back and not (b.actor1 or b.actor2 or b.place))


def _overlap(a: Event, b: Event) -> bool:
    """Whether the two periods meet ("on Monday" lies in "this month")."""
    if a.date is None or b.date is None:
        return True
    return a.date <= (b.date_end or b.date) and b.date <= (a.date_end or a.date)


def _places_agree(a: str | None, b: str | None, parents: Mapping[str, str | None]) -> bool:
    return not a or not b or a == b or _within(a, b, parents) or _within(b, a, parents)


def _within(place: str, other: str, parents: Mapping[str, str | None]) -> bool:
    """Whether `place` lies in `other` (a town in its province), following the gazetteer's parents."""
    seen = set()
    while place and place not in seen:
        seen.add(place)
        place = parents.get(place)
        if place == other:
            return True
    return False


def _enriched(first: Event, other: Event) -> Event:
    """The first telling, completed by what a retelling knows that it does not."""
    dated = first.date_basis != "sentence" and other.date_basis == "sentence"
    return replace(
        first,
        actor1=first.actor1 or other.actor1,
        actor2=first.actor2 or other.actor2,
        place=first.place or other.place,
        fatalities=first.fatalities if first.fatalities is not None else other.fatalities,
        date=other.date if dated else first.date,
        date_end=other.date_end if dated else first.date_end,
        date_granularity=other.date_granularity if dated else first.date_granularity,
        date_basis=other.date_basis if dated else first.date_basis,
        score=max(first.score, other.score),
    )
