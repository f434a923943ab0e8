"""The dashboard's only door to data/: locate, build, load (cached) and filter the pipeline's tables."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from pipeline.schema import ACTOR_TYPES, TABLES
from pipeline.store import MANIFEST, read_manifest, read_tables

DATA_ENV = "DASHBOARD_DATA_DIR"
PROJECT_DIR = Path(__file__).resolve().parent
DEFAULT_DATA_DIR = PROJECT_DIR / "data"
DEFAULT_SOURCE_DIR = PROJECT_DIR / "seeds"
BASEMAP_FILE = PROJECT_DIR / "static" / "topojson" / "world_110m.json"
BASEMAP_URL = "app/static/topojson/"  # where Streamlit's static serving publishes static/
DATE_COLUMNS = {"documents": ("published",), "mentions": ("date",), "dates": ("value", "value_end")}
SENTENCE_KEY = ["doc_id", "sent_id"]
MENTION_COLUMNS = [
    "mention_id", "doc_id", "title", "outlet", "published", "actor_id", "name", "type", "surface",
    "start", "end", "sent_id", "sentence", "method", "score", "date", "date_basis", "date_granularity",
]  # fmt: skip


@dataclass(frozen=True)
class Paths:
    """Where the tables live and, when given on the command line, which sources to build them from."""

    data_dir: Path
    source_dir: Path | None = None


@dataclass(frozen=True)
class Tables:
    """Every table of one build, date columns as datetime64 so filters stay vectorised."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    actors: pd.DataFrame
    mentions: pd.DataFrame
    dates: pd.DataFrame
    quotes: pd.DataFrame
    problems: pd.DataFrame
    manifest: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Filters:
    """The analyst's selection; empty fields mean "everything"."""

    actors: tuple[str, ...] = ()
    actor_types: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    one_per_story: bool = False  # count a story syndicated by several outlets once

    @property
    def narrows_mentions(self) -> bool:
        """True when the filter picks mentions, not only documents."""
        return bool(self.actors or self.actor_types or self.text.strip())


@dataclass(frozen=True)
class View:
    """The filtered tables every view renders and every export writes."""

    filters: Filters
    mentions: pd.DataFrame  # MENTION_COLUMNS: mentions joined with document, actor and sentence
    documents: pd.DataFrame
    actors: pd.DataFrame  # n_mentions / n_docs counted over the filtered mentions
    quotes: pd.DataFrame
    dates: pd.DataFrame
    sentences: pd.DataFrame
    problems: pd.DataFrame
    tables: Tables


def resolve_paths(argv: Sequence[str], environ: Mapping[str, str]) -> Paths:
    """`--data DIR` wins over $DASHBOARD_DATA_DIR, which wins over data/ in the repository."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    parser.add_argument("--sources")
    args, _ = parser.parse_known_args(list(argv))
    data_dir = args.data or environ.get(DATA_ENV) or DEFAULT_DATA_DIR
    return Paths(Path(data_dir), Path(args.sources) if args.sources else None)


def manifest_mtime(data_dir: Path) -> float:
    """The manifest's modification time, 0.0 without one: the cache key that a rebuild changes."""
    path = Path(data_dir) / MANIFEST
    return path.stat().st_mtime if path.exists() else 0.0


def check_tables(paths: Paths):
    """The pipeline's verdict on the tables: 'fresh', 'missing', 'stale' or 'incompatible'.

    RETURNS (pipeline.freshness.TablesStatus): state and a sentence for the analyst.
    """
    from pipeline.freshness import tables_status  # imported late: only start-up needs it

    return tables_status(paths.data_dir, paths.source_dir)


def source_dir_for(paths: Paths) -> Path:
    """The sources to build from: the command line's, else the manifest's, else seeds/."""
    manifest = read_manifest(paths.data_dir) or {}
    return paths.source_dir or Path(manifest.get("source_dir") or DEFAULT_SOURCE_DIR)


def build_tables(paths: Paths, on_progress: Callable[[float, str], None]):
    """Run the pipeline into the data folder. RETURNS (pipeline.build.BuildSummary)."""
    from pipeline.build import build_corpus
    from pipeline.config import PipelineConfig

    config = PipelineConfig(curation_file=_manifest_decisions_file(read_manifest(paths.data_dir) or {}))
    return build_corpus(source_dir_for(paths), paths.data_dir, config=config, on_progress=on_progress)


@st.cache_data(show_spinner="Loading tables…", max_entries=2)
def load_tables(data_dir: str, mtime: float) -> Tables:
    """Read all tables once per build; `mtime` only keys the cache so a rebuild invalidates it."""
    frames = read_tables(Path(data_dir))
    for name, columns in DATE_COLUMNS.items():
        for column in columns:
            frames[name][column] = pd.to_datetime(frames[name][column])
    return Tables(**frames, manifest=read_manifest(Path(data_dir)) or {})


def filter_documents(documents: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Documents of the chosen outlets and publication range; undated ones drop out of a range."""
    mask = pd.Series(True, index=documents.index)
    if filters.outlets:
        mask &= documents["outlet"].isin(filters.outlets)
    if filters.date_from is not None:
        mask &= documents["published"] >= pd.Timestamp(filters.date_from)
    if filters.date_to is not None:
        mask &= documents["published"] <= pd.Timestamp(filters.date_to)
    documents = documents[mask.fillna(False)]
    return keep_one_per_story(documents) if filters.one_per_story else documents


def keep_one_per_story(documents: pd.DataFrame) -> pd.DataFrame:
    """One document per story_id: the earliest published, then the first doc_id; rows keep their order.

    Applied after the outlet and date filters, so a story stays when only its later copy is chosen.
    A document with a null story_id (tables built before stories were linked) is its own story.
    """
    ranked = documents.assign(_story=documents["story_id"].fillna(documents["doc_id"]))
    ranked = ranked.sort_values(["published", "doc_id"], na_position="last", kind="stable")
    kept = ranked.drop_duplicates("_story").index
    return documents[documents.index.isin(kept)]


def match_sentences(sentences: pd.DataFrame, text: str) -> pd.DataFrame:
    """Sentences containing `text` (case-insensitive, literal)."""
    found = sentences["text"].str.contains(text.strip(), case=False, regex=False, na=False)
    return sentences[found]


def filter_mentions(tables: Tables, filters: Filters, doc_ids: pd.Index) -> pd.DataFrame:
    """Mention rows in `doc_ids` of the chosen actors and types whose sentence matches the search."""
    mentions = tables.mentions[tables.mentions["doc_id"].isin(doc_ids)]
    if filters.actors:
        mentions = mentions[mentions["actor_id"].isin(filters.actors)]
    if filters.actor_types:
        typed = tables.actors.loc[tables.actors["type"].isin(filters.actor_types), "actor_id"]
        mentions = mentions[mentions["actor_id"].isin(typed)]
    if filters.text.strip():
        keys = match_sentences(tables.sentences, filters.text)[SENTENCE_KEY]
        mentions = mentions.merge(keys, on=SENTENCE_KEY, how="inner")
    return mentions


def join_mentions(mentions: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Mentions with their document's title, outlet and date, actor name and type, and sentence.

    Left merges keep the contract's row order (doc_id, start, end), so no re-sort is needed.
    """
    docs = tables.documents[["doc_id", "title", "outlet", "published"]]
    actors = tables.actors[["actor_id", "name", "type"]]
    sentences = tables.sentences[SENTENCE_KEY + ["text"]].rename(columns={"text": "sentence"})
    joined = mentions.merge(docs, on="doc_id", how="left").merge(actors, on="actor_id", how="left")
    joined = joined.merge(sentences, on=SENTENCE_KEY, how="left")
    return joined[MENTION_COLUMNS].reset_index(drop=True)


def count_actors(mentions: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Actors that have filtered mentions, n_mentions / n_docs recounted over them, most mentioned first."""
    counts = mentions.groupby("actor_id").agg(n_mentions=("mention_id", "size"), n_docs=("doc_id", "nunique"))
    base = actors.drop(columns=["n_mentions", "n_docs"])
    out = base.merge(counts.reset_index(), on="actor_id", how="inner")
    return out.sort_values(["n_mentions", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def filter_quotes(tables: Tables, filters: Filters, doc_ids: pd.Index, mentions: pd.DataFrame) -> pd.DataFrame:
    """Quotes of the filtered documents by a chosen speaker or in a sentence with a chosen mention."""
    quotes = tables.quotes[tables.quotes["doc_id"].isin(doc_ids)]
    if filters.narrows_mentions:
        in_sentence = _key_isin(quotes, mentions)
        by_speaker = quotes["speaker_id"].isin(mentions["actor_id"].unique()) & bool(
            filters.actors or filters.actor_types
        )
        quotes = quotes[in_sentence | by_speaker.fillna(False)]
    docs = tables.documents[["doc_id", "title", "outlet", "published"]]
    return quotes.merge(docs, on="doc_id", how="left")


def select_view(tables: Tables, filters: Filters) -> View:
    """Apply `filters` to every table at once, so all views and exports agree on the rows."""
    documents = filter_documents(tables.documents, filters)
    mentions = filter_mentions(tables, filters, documents["doc_id"])
    if filters.narrows_mentions:
        documents = documents[documents["doc_id"].isin(mentions["doc_id"])]
        sentences = tables.sentences[_key_isin(tables.sentences, mentions)]
        dates = tables.dates[_key_isin(tables.dates, mentions)]
    else:
        sentences = tables.sentences[tables.sentences["doc_id"].isin(documents["doc_id"])]
        dates = tables.dates[tables.dates["doc_id"].isin(documents["doc_id"])]
    return View(
        filters=filters,
        mentions=join_mentions(mentions, tables),
        documents=documents.reset_index(drop=True),
        actors=count_actors(mentions, tables.actors),
        quotes=filter_quotes(tables, filters, documents["doc_id"], mentions).reset_index(drop=True),
        dates=dates.reset_index(drop=True),
        sentences=sentences.reset_index(drop=True),
        problems=tables.problems,
        tables=tables,
    )


def select_export_tables(view: View) -> dict[str, pd.DataFrame]:
    """Every filtered table by name, as the ZIP export writes them."""
    return {name: getattr(view, name) for name in TABLES}


def date_span(documents: pd.DataFrame) -> tuple[date | None, date | None]:
    """First and last publication date, or (None, None) when no document is dated."""
    published = documents["published"].dropna()
    if published.empty:
        return None, None
    return published.min().date(), published.max().date()


def _key_isin(frame: pd.DataFrame, keys: pd.DataFrame) -> pd.Series:
    """Rows of `frame` whose (doc_id, sent_id) occurs in `keys`, as a boolean mask."""
    wanted = pd.MultiIndex.from_frame(keys[SENTENCE_KEY].drop_duplicates())
    return pd.Series(pd.MultiIndex.from_frame(frame[SENTENCE_KEY]).isin(wanted), index=frame.index)


def basemap_url() -> str | None:
    """The folder URL of the offline world outlines for plotly maps, or None when not installed.

    plotly.js fetches its outlines from a CDN unless told where else to look; the project can ship
    them in static/topojson/ (served when server.enableStaticServing is on).
    """
    if BASEMAP_FILE.exists() and st.get_option("server.enableStaticServing"):
        return BASEMAP_URL
    return None


@st.cache_data(show_spinner=False)
def stop_words() -> frozenset[str]:
    """English function words (spaCy's list), kept out of the distinguishing-terms statistics."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


# Curation: the analysts' decisions are recorded and re-applied by the pipeline; these wrappers
# turn every outcome into a sentence for the page and make the next run load the corrected tables.
CURATION_SOURCE = "curation"  # problems.source_file of decisions that no longer apply
CURATION_TYPES = ACTOR_TYPES  # the types a decision may set (components never import the pipeline)


@dataclass(frozen=True)
class CurationResult:
    """What became of a decision or an undo, in words for the analyst."""

    ok: bool
    message: str
    warning: str = ""  # saved, but it does not apply to these articles (also listed in Problems)


def decisions_file(tables: Tables) -> Path:
    """The curation file the build applied (its manifest names it), else the pipeline's default."""
    from pipeline.config import PipelineConfig

    return _manifest_decisions_file(tables.manifest) or PipelineConfig().decisions_path


def _manifest_decisions_file(manifest: Mapping) -> Path | None:
    recorded = (manifest.get("curation") or {}).get("decisions_file")
    return Path(recorded) if recorded else None


def can_curate(data_dir: Path) -> bool:
    """True when the build kept its uncurated tables, to which every decision is re-applied."""
    from pipeline.build import uncurated_dir

    return read_manifest(uncurated_dir(Path(data_dir))) is not None


def decide(data_dir: Path, tables: Tables, kind: str, *, by: str, note: str = "", **fields) -> CurationResult:
    """Record one decision (pipeline.curation.KINDS names the kinds and their fields) under the
    file lock, then re-apply every decision to the build's uncurated tables. Never raises."""
    from pipeline.curation import CurationError, record_decision

    path = decisions_file(tables)
    try:
        decision = record_decision(path, kind, by=by, note=note, **fields)
    except CurationError as error:
        return CurationResult(False, f"Not recorded: {error}.")
    except Exception as error:  # a locked, unreadable or unwritable file must become a message
        return CurationResult(False, f"Not recorded: {path} could not be updated ({error}).")
    return _recurate(data_dir, path, decision.id, f"Recorded: {decision.describe()}.")


def undo(data_dir: Path, tables: Tables, decision_id: str, *, by: str, note: str = "") -> CurationResult:
    """Mark a decision undone (it stays in the history) and re-apply the others. Never raises."""
    from pipeline.curation import CurationError, undo_decision

    path = decisions_file(tables)
    try:
        decision = undo_decision(path, decision_id, by=by, note=note)
    except CurationError as error:
        return CurationResult(False, f"Not undone: {error}.")
    except Exception as error:  # as in decide()
        return CurationResult(False, f"Not undone: {path} could not be updated ({error}).")
    return _recurate(data_dir, path, None, f"Undone: {decision.describe()}.")


def _recurate(data_dir: Path, path: Path, decision_id: str | None, message: str) -> CurationResult:
    from pipeline.build import recurate

    try:
        curated = recurate(Path(data_dir), path)
    except Exception as error:  # the decision is saved; the tables stay as they were until a rebuild
        return CurationResult(
            False, f"{message} It is saved, but the tables could not be updated ({error}); rebuild them."
        )
    load_tables.clear()  # the manifest's mtime keys the cache, and a coarse file clock may not move
    stale = _stale_reasons(curated["problems"]).get(decision_id, "")
    return CurationResult(True, message, f"It does not apply to these articles: {stale}." if stale else "")


def _stale_reasons(problems: pd.DataFrame) -> dict[str, str]:
    """decision id -> why it no longer applies, from the problems the curation step reported."""
    found = problems.loc[problems["source_file"] == CURATION_SOURCE, "reason"].str.extract(
        r"^decision (?P<id>\S+) .* no longer applies: (?P<why>.*)$"
    )
    return dict(zip(found["id"].dropna(), found["why"].dropna(), strict=True))


def select_history(tables: Tables) -> pd.DataFrame:
    """Every decision, newest first: decision_id, kind, what, by, at, note, undone (bool), status.

    Raises ValueError with a sentence for the analyst when the curation file is unreadable.
    """
    from pipeline.curation import read_decisions

    path = decisions_file(tables)
    try:
        decisions = read_decisions(path)
    except Exception as error:  # broken YAML or schema: the page says so instead of a traceback
        raise ValueError(f"The curation file {path} cannot be read ({error}).") from error
    stale = _stale_reasons(tables.problems)
    rows = [
        {
            "decision_id": d.id,
            "kind": d.kind,
            "what": d.describe(),
            "by": d.by,
            "at": d.at,
            "note": d.note,
            "undone": bool(d.undone),
            "status": _status(d.undone, stale.get(d.id)),
        }
        for d in reversed(decisions)
    ]
    columns = ["decision_id", "kind", "what", "by", "at", "note", "undone", "status"]
    return pd.DataFrame(rows, columns=columns)


def _status(undone: Mapping | None, stale: str | None) -> str:
    if undone:
        note = f": {undone['note']}" if undone.get("note") else ""
        return f"undone by {undone.get('by')} at {undone.get('at')}{note}"
    return f"no longer applies: {stale}" if stale else "applied"


def select_review_queue(tables: Tables, mention_ids: pd.Series | None = None) -> pd.DataFrame:
    """The mentions the pipeline is least sure of, least sure first, among `mention_ids` when given.

    RETURNS (DataFrame): MENTION_COLUMNS plus reason and sentence_start (to mark the mention).
    """
    from pipeline.curation import review_queue

    queue = review_queue({"mentions": tables.mentions, "actors": tables.actors})
    if mention_ids is not None:
        queue = queue[queue["mention_id"].isin(mention_ids)].reset_index(drop=True)
    starts = tables.sentences[SENTENCE_KEY + ["start"]].rename(columns={"start": "sentence_start"})
    joined = join_mentions(queue, tables).assign(reason=queue["reason"].to_numpy())
    return joined.merge(starts, on=SENTENCE_KEY, how="left")
