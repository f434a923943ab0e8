"""Where an event happened is not where its source speaks from (issue 12): a capital that is the
subject of a speech verb ("a mine that Accra alleged had been laid", "…, Kinshasa said") stands for
its government. Invented text; the test fails without the rule."""

from __future__ import annotations


def test_a_capital_that_speaks_is_not_the_events_place(events_of):
    events = events_of(
        "Fighting broke out in Sikasso region on Monday. A soldier lost a leg to a landmine that Bamako "
        "alleged had been laid recently by the rebels."
    )
    mine = next(e for e in events if e.sub_event_type == "remote_explosive_landmine_ied")
    assert mine.place != "bamako", events
