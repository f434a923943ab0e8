"""Events an article reports as having happened: triggers, their arguments, date, fatalities, clusters.

One module per job: `patterns` (the word lists of data/knowledge/base/patterns/events.yaml),
`triggers` (trigger words and phrases), `modality` (plans, threats, denials, trends: no event),
`arguments` (the words that stand for the parties), `clauses` (the clause that states an event),
`parties` (the actors those words name: "they", "the rebel army", "it" for a town), `described`
(the parties no actor stands for: "unidentified gunmen", "villagers"; words in `party_words`), `splits` (one
event per listed place: "retook A and B"), `places` (where), `subtypes` (what an
ambiguous trigger is, from its arguments), `dating` (the event's date), `fatalities`, `tellings`
(a retelling, a generic word, a count of many events, a claim), `retellings` (one row per event
of an article), `extract` (one article), `clustering` (one real-world event across articles).
"""

from pipeline.events.extract import Event, EventActor, extract_events
from pipeline.events.patterns import EventPatterns, load_event_patterns

__all__ = ["Event", "EventActor", "EventPatterns", "extract_events", "load_event_patterns"]
