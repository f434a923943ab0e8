"""One actor's profile: its record, the view of its mentions under the sidebar's other filters, its
co-actors, quotes by and about it, the events it takes part in, and the curation decisions naming it.

The profile is about one actor, so the sidebar's actor and actor-type filters give way to it; the
outlet, publication-date, search, one-story and event-type filters apply as on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd

from data_access.curation import decisions_file, select_history
from data_access.event_curation import ACTOR_FIELDS
from data_access.filters import Filters
from data_access.tables import Tables
from data_access.view import View, select_view
from pipeline.api import EVENT_KINDS, Decision, read_decisions, slugify
from pipeline.schema import DESCRIBED_ID

PROFILE_PAGE = "actor"  # the page's url path: actor?id=<actor_id>
PROFILE_PARAM = "id"  # ?actor= is the sidebar's actor filter, so the profile's actor has its own name
ACTOR_COLUMNS = ["actor_id", "name", "type", "aliases", "n_mentions", "n_docs", "lat", "lon"]
CO_ACTOR_COLUMNS = ["actor_id", "name", "type", "sentences", "lat", "lon"]
# Event columns the profile shows, with the event's role for the actor first.
EVENT_COLUMNS = ["role", "date", "event_type", "sub_event_type", "actor1", "actor2", "place", "fatalities",
                 "text", "outlet", "published", "title", "doc_id", "event_id"]  # fmt: skip
ROLES = {"actor1_id": "initiator", "actor2_id": "target", "place_id": "place"}
QUOTE_COLUMNS = ["speaker", "quote", "outlet", "published", "title", "page", "speaker_id", "doc_id", "quote_id"]
# Fields of a decision that name an actor (events' `into` names an event, not an actor).
NEW_ACTOR_KINDS = ("add_actor", "split")  # decisions that make an actor, its id the slug of `name` (at least)


def profile_link(actor_id: str, params: dict | None = None) -> str:
    """The relative URL of `actor_id`'s profile, keeping `params` (the sidebar filters' URL
    parameters, components.filters.filters_to_params) so the profile opens on the same selection."""
    return f"{PROFILE_PAGE}?" + urlencode({**(params or {}), PROFILE_PARAM: actor_id}, doseq=True)


def profile_links(actor_ids: pd.Series, params: dict | None = None) -> pd.Series:
    """`profile_link` of every non-null id of `actor_ids` (nulls stay null: no link)."""
    return actor_ids.map(lambda actor_id: profile_link(str(actor_id), params=params), na_action="ignore").astype(
        "string"
    )


def select_speaker_actors(tables: Tables, speakers: Sequence[str]) -> pd.DataFrame:
    """actor_id, name of the quoted actors whose name is in `speakers` (as View.quote_speakers names
    them), in the order of `speakers`; an edited name standing for several actors gives each."""
    found = tables.query(
        "SELECT DISTINCT a.actor_id, a.name FROM quotes q JOIN actors a ON a.actor_id = q.speaker_id "
        "WHERE list_contains($speakers, a.name) ORDER BY a.actor_id",
        {"speakers": list(speakers)},
    )
    rank = {name: n for n, name in enumerate(speakers)}
    return found.sort_values("name", key=lambda names: names.map(rank), kind="stable").reset_index(drop=True)


def quote_links(tables: Tables, quotes: pd.DataFrame) -> pd.DataFrame:
    """For each row of `quotes` (quote_id, doc_id, speaker_id, as View.quotes_page gives them):
    `speaker_actor`, the speaker's actor id when it is an actor of these tables (else null: no
    profile to open), and `reader`, a Reader link that opens the article with the quote marked
    (`reader?doc=…&hit=START-END`), aligned with `quotes`."""
    spans = tables.query(
        'SELECT quote_id, start, "end" FROM quotes WHERE list_contains($quotes, quote_id)',
        {"quotes": list(quotes["quote_id"])},
    )
    where = {row.quote_id: f"{int(row.start)}-{int(row.end)}" for row in spans.itertuples(index=False)}
    known = set(tables.catalogue.actors["actor_id"])
    readers = [
        "reader?" + urlencode({"doc": doc_id, **({"hit": where[quote_id]} if quote_id in where else {})})
        for doc_id, quote_id in zip(quotes["doc_id"], quotes["quote_id"], strict=True)
    ]
    speakers = quotes["speaker_id"].where(quotes["speaker_id"].isin(known))
    return pd.DataFrame({"speaker_actor": speakers.to_numpy(), "reader": readers}, index=quotes.index)


def is_described(actor_id: str) -> bool:
    """Is this a party an event's clause describes without naming it ("unidentified gunmen")? Such an
    actor has no mention by design (pipeline.events.described)."""
    return actor_id.startswith(DESCRIBED_ID)


def select_actor(tables: Tables, actor_id: str) -> pd.Series | None:
    """ACTOR_COLUMNS of one actor over the whole corpus, None when the tables hold no such actor."""
    found = tables.query(f"SELECT {', '.join(ACTOR_COLUMNS)} FROM actors WHERE actor_id = $actor", {"actor": actor_id})
    return None if found.empty else found.iloc[0]


def profile_filters(filters: Filters, actor_id: str) -> Filters:
    """`filters` with the actor filter set to `actor_id` alone and no actor-type filter."""
    return replace(filters, actors=(actor_id,), actor_types=(), hide_media=False)


def select_profile_view(tables: Tables, filters: Filters, actor_id: str) -> View:
    """The filtered tables of one actor: its mentions under the other filters, kept like any view."""
    return select_view(tables, profile_filters(filters, actor_id))


def select_spellings(view: View, actor: pd.Series) -> pd.DataFrame:
    """surface, mentions: every spelling of the actor among the filtered mentions, most frequent
    first, then its known aliases not seen under these filters (0 mentions)."""
    seen = view.spellings(str(actor["actor_id"])).rename("mentions").rename_axis("surface").reset_index()
    aliases = actor["aliases"]  # a list, or an array as DuckDB returns it, or null
    known = {str(a) for a in aliases if a is not None} if aliases is not None and not _is_null(aliases) else set()
    unseen = sorted(known - set(seen["surface"]))
    rows = pd.DataFrame({"surface": unseen, "mentions": 0})
    return pd.concat([seen, rows], ignore_index=True).astype({"surface": "string", "mentions": "int64"})


def select_co_actors(view: View, actor_id: str) -> pd.DataFrame:
    """CO_ACTOR_COLUMNS: the actors named in the same sentence as `actor_id` (sentences: how many
    filtered sentences they share), most shared first."""
    edges = view.edges()
    mine = edges[(edges["source"] == actor_id) | (edges["target"] == actor_id)]
    other = mine["target"].where(mine["source"] == actor_id, mine["source"])
    counts = pd.DataFrame({"actor_id": other.to_numpy(), "sentences": mine["weight"].to_numpy()})
    actors = view.tables.query("SELECT actor_id, name, type, lat, lon FROM actors")
    joined = counts.merge(actors, on="actor_id", how="left")
    return joined.sort_values(["sentences", "name"], ascending=[False, True], kind="stable")[
        CO_ACTOR_COLUMNS
    ].reset_index(drop=True)


def select_places(actor: pd.Series, co_actors: pd.DataFrame, *, top: int) -> tuple[str, pd.DataFrame]:
    """Where to put the actor on a map: ('self', its own point) when it has coordinates, else
    ('co-mentioned', the `top` located actors most often named in its sentences), with columns
    name, type, lat, lon, sentences (0 for its own point)."""
    if pd.notna(actor["lat"]) and pd.notna(actor["lon"]):
        own = pd.DataFrame([{k: actor[k] for k in ("name", "type", "lat", "lon")} | {"sentences": 0}])
        return "self", own
    located = co_actors.dropna(subset=["lat", "lon"]).head(top)
    return "co-mentioned", located[["name", "type", "lat", "lon", "sentences"]].reset_index(drop=True)


def split_quotes(view: View, actor_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The filtered quotes (QUOTE_COLUMNS) said by `actor_id`, and those about it (in a sentence
    that mentions it, said by someone else), oldest first."""
    quotes = view.named_quotes  # "he" said by the actor shows its name, never the pronoun
    if quotes.empty:
        empty = pd.DataFrame(columns=QUOTE_COLUMNS)
        return empty, empty
    quotes = quotes.sort_values(["published", "doc_id", "start"], na_position="last", kind="stable")
    by = (quotes["speaker_id"] == actor_id).fillna(False).astype(bool)
    return quotes.loc[by, QUOTE_COLUMNS].reset_index(drop=True), quotes.loc[~by, QUOTE_COLUMNS].reset_index(drop=True)


def select_actor_events(view: View, actor_id: str) -> pd.DataFrame:
    """The filtered events `actor_id` takes part in, one row per role it has there (initiator,
    target, place): EVENT_COLUMNS, in the events' order."""
    events = view.events
    parts = [events[events[column] == actor_id].assign(role=role) for column, role in ROLES.items()]
    parts = [part for part in parts if not part.empty]
    if not parts:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    return pd.concat(parts, ignore_index=True)[EVENT_COLUMNS]


def select_actor_decisions(tables: Tables, actor_id: str) -> pd.DataFrame:
    """The curation decisions that name `actor_id` (as the actor decided on, merged into, or an
    event's initiator, target or place) or one of its mentions, newest first, as
    data_access.curation.select_history lists them. Raises ValueError, with a sentence for the
    analyst, when the curation file cannot be read."""
    try:
        decisions = read_decisions(decisions_file(tables))
    except Exception as error:  # broken YAML or schema: the page says so instead of a traceback
        raise ValueError(f"The curation file cannot be read: {error}.") from error
    found = tables.query("SELECT mention_id FROM mentions WHERE actor_id = $actor", {"actor": actor_id})
    mentions = set(found["mention_id"])
    ids = {d.id for d in decisions if _names_actor(d, actor_id, mentions)}
    if not ids:
        return select_history_columns()
    history = select_history(tables, tables.data_dir)
    return history[history["decision_id"].isin(ids)].reset_index(drop=True)


def select_history_columns() -> pd.DataFrame:
    """An empty history, with select_history's columns."""
    return pd.DataFrame(columns=["decision_id", "kind", "what", "by", "at", "note", "undone", "status"])


def _names_actor(decision: Decision, actor_id: str, mentions: set[str]) -> bool:
    fields = decision.fields
    if fields.get("mention") in mentions:
        return True
    if decision.kind in NEW_ACTOR_KINDS and isinstance(fields.get("name"), str):
        base = slugify(fields["name"])  # a taken id gets a suffix: base-2, base-3, ...
        if actor_id == base or (actor_id.startswith(base + "-") and actor_id[len(base) + 1 :].isdigit()):
            return True
    keys = [key for key in ACTOR_FIELDS if not (key == "into" and decision.kind in EVENT_KINDS)]
    return any(fields.get(key) == actor_id for key in keys)


def _is_null(value: object) -> bool:
    return not hasattr(value, "__len__") and bool(pd.isna(value))
