"""One row per event an article reports, however often it tells it.

News copy tells its main event three or four times: in the headline ("RSF attack on Zamzam camp
kills eight"), in the lead, and again in the details ("It was the second attack in two days",
"the group claimed responsibility for the attack", "the shelling also destroyed homes"). ACLED
counts it once per report, and so must we: the retellings of one article are folded into its
fullest telling in the body (the one that names most: initiator, target, a place of its clause, a
day of its own; the earliest of equals), which takes what the others add, and the most specific
type any of them gives (an explosion told with its weapon, else a battle when the victims are
armed, else an attack). When that type comes from a body telling of its own and the fullest one only
says violence happened, that telling's clause represents the event (the sentence an annotator copies).

Two tellings are one event when their types are compatible, no argument conflicts and something
ties them:
- compatible: the same event type (any battle sub-types: an attack on a camp and its capture are
  one battle) and the same sub-type otherwise; or one of them is a generic telling ("attacked",
  "killed", "the attack": a word that says violence happened, not which) and the other is violence
  (an attack, battle or explosion; an abduction and a killing in one raid stay two events); or
  one of them is looting or destruction, which ACLED codes as part of a violent event told beside it;
- no conflict: initiators and targets equal or unknown, the places the clauses themselves name
  (not any place of the sentence) equal or one inside the other, dates of the text not disjoint
  (unless one refers back: "claimed responsibility on Tuesday for Monday's attack");
- tied: a shared initiator or clause place; or the later one is the headline, or refers back
  (a definite description, a comparison, a claim of responsibility), or one of them names nothing
  of its own (no party, no clause place, no day of its sentence) and they are at most three
  sentences apart, or they are of one type (not two attacks on civilians) in one sentence ("seven
  marines were killed and 21 soldiers wounded in a clash": one sentence reports one event of a kind
  unless a place, a day or a listed object tells them apart, ACLED Codebook 2023, "Event definition").
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

BATTLE = "battle"
EXPLOSION = "explosion_remote_violence"
VIOLENCE = "violence_against_civilians"
DESTRUCTION = "looting_property_destruction"
GENERIC_SUB_TYPES = frozenset({"attack", "armed_clash"})  # what a generic word can be typed as
NEARBY = 3  # sentences: how far a telling that names nothing may be from the one it retells
RETELLING_DAYS = 7  # days: how far a retelling's own date ("claimed on Tuesday") may be from the event's
_SPECIFICITY = (EXPLOSION, BATTLE, VIOLENCE)  # most specific first: the type a folded event keeps

if TYPE_CHECKING:
    from pipeline.events.extract import Event


@dataclass(frozen=True)
class Telling:
    """What the parse says about how an event is told, beside the Event row itself.

    refers_back: a definite description, a comparison or a claim ("the attack", "the second attack",
    "claimed responsibility for the attack"); generic: its trigger says only that violence happened;
    own_place: its place is named by its clause (not only somewhere else in the sentence);
    headline: told in the headline or a heading line under it (pipeline.events.tellings.headings),
    a summary of the body, never its representative telling; None: the article's first sentence;
    fragment: a clause of a few words with no subject ("killed in Pahalgam", "who attacked"),
    which mentions an act told in full elsewhere: never the representative telling of a folded
    event, and no event of its own in an article that tells others.
    victims: a generic telling typed by the victims or target it names ("three civilians were killed",
    "that attack killed five police"), not by default or by other words of its sentence.
    title: a headline alone on its line; one that no body telling retells is no event of its own when the
    body tells one (the annotations copy the body's telling, never the title's).
    """

    refers_back: bool = False
    generic: bool = False
    own_place: bool = True
    part: tuple[int, int] | None = None  # (sentence, trigger) of a listed object's parts: never one event
    headline: bool | None = None
    fragment: bool = False
    victims: bool = False
    title: bool = False  # a headline on a line of its own (not a first sentence that is the lead)


def _in_headline(event: Event, telling: Telling) -> bool:
    return event.sent_id == 0 if telling.headline is None else telling.headline


def fold_retellings(
    events: Sequence[Event],
    parents: Mapping[str, str | None],
    tellings: Sequence[Telling] = (),
    states: Collection[str] = (),
) -> tuple[Event, ...]:
    """The article's events with each retelling folded into the fullest body telling of its event.
    `tellings`: one per event (default: a specific telling with its own place); `states`: the place
    links that are states, which locate an event too loosely to tell two apart ("northern Mali" in
    the headline, "Gao" in the body)."""
    told = list(tellings) + [Telling()] * (len(events) - len(tellings))
    kept: list[tuple[Event, Telling]] = []
    for event, telling in sorted(zip(events, told, strict=True), key=_fullest_first):
        read = (_unstated(event, states), telling)
        candidates = [i for i, k in enumerate(kept) if _same_event((_unstated(k[0], states), k[1]), read, parents)]
        same = _retold(candidates, kept, event, telling)
        if same is None:
            kept.append((event, telling))
        else:
            kept[same] = _enriched(kept[same], (event, telling))
    if len(kept) > 1:
        kept = [k for k in kept if not k[1].fragment] or kept
    if len(kept) > 1:  # a generic telling that names nothing of its own details an event told beside it
        kept = [k for k in kept if not _unnamed(*k)] or kept
    if len(kept) > 1:  # a title no body telling retells summarises one typed otherwise: the body's is the event
        kept = [k for k in kept if not k[1].title] or kept
    return tuple(sorted((e for e, _ in kept), key=lambda e: e.start))


def _retold(candidates: list[int], kept: list[tuple[Event, Telling]], event: Event, telling: Telling) -> int | None:
    """Which of the events the telling may retell it retells: the first (the fullest); but a
    telling that refers back ("that attack", "the blast") or names nothing of its own ("three
    gunmen were killed in ensuing gunbattles") retells, among those of its own type if any, the
    one told last before it, as a reader takes it ("eight soldiers were killed in May ... JNIM
    claimed responsibility for that attack" is not the June attack told in the lead)."""
    if not candidates:
        return None
    if telling.refers_back or _bare(event, event.place if telling.own_place else None):
        before = [i for i in candidates if kept[i][0].start < event.start]
        alike = [i for i in before if kept[i][0].event_type == event.event_type]
        if alike or before:
            return max(alike or before, key=lambda i: kept[i][0].start)
    return candidates[0]


def _fullest_first(told: tuple[Event, Telling]) -> tuple:
    """The body before the headline; a full clause before a fragment; the telling that names most
    (initiator, target, a place of its clause, a day of its sentence) before one that names less;
    the earliest of equals."""
    event, telling = told
    day = event.date_basis == "sentence" and event.date_granularity == "day"
    named = bool(event.actor1) + bool(event.actor2) + bool(event.place and telling.own_place) + day
    return _in_headline(event, telling), telling.refers_back, telling.fragment, -named, event.start


def _unstated(event: Event, states: Collection[str]) -> Event:
    """The event as the folding reads it: a state as its place is no place."""
    return replace(event, place=None) if event.place in states else event


def _same_event(first: tuple[Event, Telling], later: tuple[Event, Telling], parents: Mapping[str, str | None]) -> bool:
    (a, ta), (b, tb) = first, later
    if ta.part is not None and ta.part == tb.part:
        return False  # "retook the Baghouz area and the town of Soussa": one event per place
    if not _compatible(first, later) and not _retold_explosion(first, later):
        return False
    if _parties_conflict(a, b):
        return False
    place_a, place_b = (a.place if ta.own_place else None), (b.place if tb.own_place else None)
    if not _places_agree(place_a, place_b, parents):
        return False
    if a.date_basis == b.date_basis == "sentence" and not _overlap(a, b):
        if not (ta.refers_back or tb.refers_back) or not _overlap(a, b, slack=RETELLING_DAYS):
            return False  # dated by the text itself, to different times: two events (a retelling's day
            # is often its verb's, "claimed responsibility for the attack on Tuesday", but not years off)
    shared = a.actor1 and a.actor1 == b.actor1
    shared = shared or (place_a and place_b and _places_agree(place_a, place_b, parents))
    summary = _in_headline(b, tb) and not _in_headline(a, ta)  # the headline tells the article's event in short
    # names nothing of its own; two attacks on civilians need more (each names its own victims)
    bare = (_bare(a, place_a) or _bare(b, place_b)) and not a.event_type == b.event_type == VIOLENCE
    bare = bare and abs(a.sent_id - b.sent_id) <= NEARBY  # what names nothing tells what was just told
    bare = bare and not _other_means(first, later)
    # one sentence, one type, nothing apart: "Seven marines were killed and 21 soldiers were wounded in a clash"
    one_sentence = a.sent_id == b.sent_id and a.event_type == b.event_type != VIOLENCE
    return bool(shared) or summary or tb.refers_back or bare or one_sentence or _dated_detail(first, later)


def _dated_detail(first: tuple[Event, Telling], later: tuple[Event, Telling]) -> bool:
    """ "Eight people were killed during a gunfight near Tamu, police said Friday ... two rival
    groups clashed Thursday night": of two tellings of one type (not two attacks on civilians) at
    most three sentences apart, one names only its day and the other no day of its own; the day
    completes the event told, it does not tell another."""
    (a, ta), (b, tb) = first, later
    if a.event_type != b.event_type or a.event_type == VIOLENCE or abs(a.sent_id - b.sent_id) > NEARBY:
        return False
    place_a, place_b = (a.place if ta.own_place else None), (b.place if tb.own_place else None)
    return (_only_day(b, place_b) and not _own_day(a)) or (_only_day(a, place_a) and not _own_day(b))


def _own_day(event: Event) -> bool:
    return event.date_basis == "sentence" and event.date_granularity == "day"


def _only_day(event: Event, place: str | None) -> bool:
    """A telling that names its day and nothing else of its own: no party, no place of its clause."""
    return _own_day(event) and not (event.actor1 or event.actor2 or place)


def _other_means(first: tuple[Event, Telling], later: tuple[Event, Telling]) -> bool:
    """Whether two tellings in different sentences tell violence done by different means: an
    explosion told on its own (an air strike, a suicide bombing) that does not refer back, and a
    generic word with a party or place of its own ("gunmen launched an attack on the camp" ...
    "fighter jets launched from Maiduguri"; "troops killed five militants who attacked a
    checkpoint" ... "the suicide bomber blew himself up"). That the explosion names nothing does not
    make it a retelling of the attack; a generic word that names nothing ("the six killed", "eight
    residents were killed") still retells the explosion."""
    (a, ta), (b, tb) = first, later
    if a.sent_id == b.sent_id or ta.refers_back or tb.refers_back or ta.generic == tb.generic:
        return False
    (generic, told), specific = ((b, tb), a) if tb.generic else ((a, ta), b)
    return specific.event_type == EXPLOSION and not _bare(generic, generic.place if told.own_place else None)


def _parties_conflict(a: Event, b: Event) -> bool:
    """Whether the two tellings name different parties in the same role; a battle has two sides
    and either may be told first ("troops were killed in clashes with Armenia", "the clashes
    provoked by Armenia"): two battle tellings conflict only when they name more than two parties."""
    if a.event_type == b.event_type == BATTLE:
        return len({p for p in (a.actor1, a.actor2, b.actor1, b.actor2) if p}) > 2
    return any(x and y and x != y for x, y in ((a.actor1, b.actor1), (a.actor2, b.actor2)))


def _sides(a: Event, b: Event) -> tuple[str | None, str | None]:
    """The initiator and target of the folded event: the first telling's, completed by the other's;
    in a battle, the other telling's party that is not already a side fills the missing side."""
    actor1, actor2 = a.actor1 or b.actor1, a.actor2 or b.actor2
    actor2 = actor2 if actor2 != actor1 else None
    if a.event_type == b.event_type == BATTLE:
        unused = [p for p in (b.actor1, b.actor2, a.actor1, a.actor2) if p and p not in (actor1, actor2)]
        actor1 = actor1 or (unused.pop(0) if unused else None)
        actor2 = actor2 or (unused.pop(0) if unused else None)
    return actor1, actor2


def _unnamed(event: Event, telling: Telling) -> bool:
    """A generic telling ("two men were beheaded", "that a relative of hers was killed", "as many as
    200 people have been killed") that, once its retellings are folded in, names no party, no place
    of its clause and no day of its sentence: a victim or a toll of an event the article tells, or a
    tally, not an event an annotator could locate (ACLED Codebook 2023, "Event definition": an event
    has an actor, a location and a date). An initiator described, not named ("a man was killed by men
    driving a vehicle with PMU insignia"), is a party of its own."""
    if not telling.generic or telling.refers_back or event.described1:
        return False
    return _bare(event, event.place if telling.own_place else None)


def _bare(event: Event, place: str | None) -> bool:
    """A telling that names nothing of its own: no party, no place of its clause, no day of its
    sentence ("security forces fought off gunmen"); two attacks on civilians need more (each
    names its own victims, which are not actors)."""
    day = event.date_basis == "sentence" and event.date_granularity == "day"
    return not (event.actor1 or event.actor2 or place or day)


def _compatible(first: tuple[Event, Telling], later: tuple[Event, Telling]) -> bool:
    """Whether the two tellings can be of one event, by their types (see the module docstring)."""
    (a, ta), (b, tb) = first, later
    if a.event_type == b.event_type and (a.event_type == BATTLE or a.sub_event_type == b.sub_event_type):
        return True
    if DESTRUCTION in (a.sub_event_type, b.sub_event_type):
        return (_violent(a) and b.sub_event_type == DESTRUCTION) or (_violent(b) and a.sub_event_type == DESTRUCTION)
    return (ta.generic and _violent(b)) or (tb.generic and _violent(a))


def _retold_explosion(first: tuple[Event, Telling], later: tuple[Event, Telling]) -> bool:
    """ "a suicide bombing ... The blast damaged buildings": an explosion retold by another
    explosion word that names nothing of its own is the same explosion."""
    (a, _), (b, tb) = first, later
    return a.event_type == b.event_type == EXPLOSION and tb.refers_back and not (b.actor1 or b.actor2)


def _violent(event: Event) -> bool:
    """An attack, battle or explosion: what a generic word ("attacked", "killed") may retell."""
    return event.event_type == EXPLOSION or event.sub_event_type in GENERIC_SUB_TYPES


def _overlap(a: Event, b: Event, slack: int = 0) -> bool:
    """Whether the two periods meet ("on Monday" lies in "this month"), or come within `slack` days."""
    if a.date is None or b.date is None:
        return True
    gap = datetime.timedelta(days=slack)
    return a.date <= (b.date_end or b.date) + gap and b.date <= (a.date_end or a.date) + gap


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


def _enriched(first: tuple[Event, Telling], other: tuple[Event, Telling]) -> tuple[Event, Telling]:
    """The first telling, completed by what a retelling knows that it does not: its initiator,
    target, a place its clause names, a date of its sentence, its dead, and a more specific type."""
    (a, ta), (b, tb) = first, other
    dated = a.date_basis != "sentence" and b.date_basis == "sentence"
    own = ta.own_place and a.place or not (tb.own_place and b.place)
    kind = _typed_by(first, other)
    actor1, actor2 = _sides(a, b)
    event = replace(
        a,
        event_type=kind.event_type,
        sub_event_type=kind.sub_event_type,
        actor1=actor1,
        actor2=actor2,
        place=(a.place or b.place) if own else b.place,
        fatalities=a.fatalities if a.fatalities is not None else b.fatalities,
        date=b.date if dated else a.date,
        date_end=b.date_end if dated else a.date_end,
        date_granularity=b.date_granularity if dated else a.date_granularity,
        date_basis=b.date_basis if dated else a.date_basis,
        score=max(a.score, b.score),
    )
    telling = Telling(
        ta.refers_back and tb.refers_back,
        ta.generic and tb.generic,
        ta.own_place or tb.own_place,
        ta.part or tb.part,
        _in_headline(a, ta) and _in_headline(b, tb),
        ta.fragment and tb.fragment,
        ta.victims or tb.victims,
        ta.title and tb.title,
    )
    return event, telling


def _typed_by(first: tuple[Event, Telling], other: tuple[Event, Telling]) -> Event:
    """The telling whose type the folded event keeps: the more specific (see _rank); of two generic
    words, each typed only by the words around it, the one typed by the victims it names ("that
    attack killed five police"), else the fullest telling ("bandits went on a rampage, killing
    three", not "the bandits shot during the attack", read as a battle from the police named in its
    sentence)."""
    (a, ta), (b, tb) = first, other
    if ta.generic and tb.generic:
        return b if tb.victims and not ta.victims else a
    return a if _rank(a, ta) <= _rank(b, tb) else b


def _rank(event: Event, telling: Telling) -> tuple[int, int]:
    """A specific telling before a generic one, then an explosion before a battle before an attack;
    looting or destruction last (it is part of the violence it is told with)."""
    if event.sub_event_type == DESTRUCTION:
        return 2, 0
    order = _SPECIFICITY.index(event.event_type) if event.event_type in _SPECIFICITY else len(_SPECIFICITY)
    return int(telling.generic), order
