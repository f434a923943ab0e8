"""Write synthetic tables in the contract's shape for N documents and about M mentions, for dashboard benchmarks.

The tables are made directly (no spaCy): sentences are drawn from a pool of invented sentences,
each built from the seed articles' words with actor names placed at known offsets, so every
offset holds (`mentions.surface == documents.text[start:end]`), search terms from the seeds match
a realistic share of sentences, and actor frequencies follow a Zipf law as in real news.
Run: python -m benchmarks.synthesize_tables OUT --documents 100000 --mentions 2000000
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.config import PipelineConfig
from pipeline.curation import uncurated_dir
from pipeline.schema import ACTOR_TYPES, MENTION_METHODS, SCHEMA_VERSION
from pipeline.search import index_writer, load_rules
from pipeline.store import SEARCH_INDEX, write_tables

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"[a-z]{3,}")
POOL_SENTENCES = 20_000
MENTIONS_PER_ACTOR = 400  # one actor per this many mentions, at least MIN_ACTORS
MIN_ACTORS = 40
OUTLETS = 40
FIRST_DAY = date(2018, 1, 1)
DAYS = 3 * 365
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Pool:
    """Invented sentences and, flattened, the mentions, dates and quotes inside them."""

    text: np.ndarray  # object array of str
    mentions: pd.DataFrame  # pool_id, actor (index), start, end
    dates: pd.DataFrame  # pool_id, text, start, end, value, granularity
    quotes: pd.DataFrame  # pool_id, start, end, quote, speaker (actor index)


def seed_words(folder: Path = ROOT / "seeds") -> list[str]:
    """The distinct lower-case words of the seed articles, sorted (the filler of every sentence)."""
    words = {w for path in sorted(folder.glob("*.txt")) for w in WORD.findall(path.read_text(encoding="utf-8").lower())}
    return sorted(words)


def make_actors(count: int, words: list[str], rng: np.random.Generator) -> pd.DataFrame:
    """`count` invented actors with unique two-word names, a type each, coordinates for places and states."""
    kinds = rng.choice(ACTOR_TYPES, size=count, p=_type_shares())
    names, seen = [], set()
    for index in range(count):
        name = f"{words[rng.integers(len(words))].title()} {words[rng.integers(len(words))].title()}"
        name = name if name not in seen else f"{name} {index}"
        seen.add(name)
        names.append(name)
    located = np.isin(kinds, ("place", "state"))
    return pd.DataFrame(
        {
            "actor_id": [f"actor-{index:05d}" for index in range(count)],
            "name": names,
            "type": kinds,
            "aliases": [[name] for name in names],
            "lat": np.where(located, rng.uniform(29.0, 37.0, count), np.nan),
            "lon": np.where(located, rng.uniform(38.0, 48.0, count), np.nan),
            "in_gazetteer": rng.random(count) < 0.3,
            "source": "benchmarks/synthesize_tables.py",
        }
    )


def _type_shares() -> list[float]:
    weights = {"person": 4, "armed_group": 2, "place": 3, "state": 1, "security_force": 1, "government_body": 1}
    raw = np.array([weights.get(kind, 0.5) for kind in ACTOR_TYPES])
    return list(raw / raw.sum())


def make_pool(actors: pd.DataFrame, words: list[str], rng: np.random.Generator, size: int = POOL_SENTENCES) -> Pool:
    """`size` invented sentences with 0-4 actor names each, a date phrase in one of five, a quote in one of ten."""
    names = actors["name"].tolist()
    people = np.flatnonzero(actors["type"].to_numpy() == "person")
    ranks = np.arange(1, len(names) + 1)
    zipf = (1 / ranks) / (1 / ranks).sum()
    texts, mentions, dates, quotes = [], [], [], []
    for pool_id in range(size):
        text, found, dated = _sentence(names, zipf, words, rng)
        shift, speaking = 0, []
        if rng.random() < 0.1 and len(people):
            quote = " ".join(words[i] for i in rng.integers(len(words), size=8)).capitalize() + ","
            speaker = int(people[rng.integers(len(people))])
            head = f'"{quote}" said '
            speaking = [(pool_id, speaker, len(head), len(head) + len(names[speaker]))]
            quotes.append((pool_id, 1, 1 + len(quote), quote, speaker))
            head += names[speaker] + ". "
            text, shift = head + text, len(head)
        texts.append(text)
        mentions += speaking + [(pool_id, actor, start + shift, end + shift) for actor, start, end in found]
        dates += [
            (pool_id, phrase, start + shift, end + shift, value, kind) for phrase, start, end, value, kind in dated
        ]
    return Pool(
        np.array(texts, dtype=object),
        pd.DataFrame(mentions, columns=["pool_id", "actor", "start", "end"]).sort_values(["pool_id", "start"]),
        pd.DataFrame(dates, columns=["pool_id", "text", "start", "end", "value", "granularity"]),
        pd.DataFrame(quotes, columns=["pool_id", "start", "end", "quote", "speaker"]),
    )


def _sentence(names: list[str], zipf: np.ndarray, words: list[str], rng: np.random.Generator) -> tuple[str, list, list]:
    """One sentence of filler words and actor names; the names' and date phrase's offsets in it."""
    text, found, dated = "", [], []
    for actor in rng.choice(len(names), size=rng.integers(0, 5), p=zipf):
        text += " ".join(words[i] for i in rng.integers(len(words), size=rng.integers(2, 7))) + " "
        found.append((int(actor), len(text), len(text) + len(names[actor])))
        text += names[actor] + " "
    text += " ".join(words[i] for i in rng.integers(len(words), size=rng.integers(1, 5)))
    if rng.random() < 0.2:
        phrase, value, granularity = _date_phrase(rng)
        text += " on " if granularity == "day" else " in "
        dated.append((phrase, len(text), len(text) + len(phrase), value, granularity))
        text += phrase
    return text[:1].upper() + text[1:] + ".", found, dated


def _date_phrase(rng: np.random.Generator) -> tuple[str, date, str]:
    day = FIRST_DAY + timedelta(days=int(rng.integers(DAYS)))
    granularity = rng.choice(["day", "month", "year"], p=[0.5, 0.35, 0.15])
    if granularity == "day":
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}", day, "day"
    if granularity == "month":
        return f"{MONTHS[day.month - 1]} {day.year}", day.replace(day=1), "month"
    return str(day.year), date(day.year, 1, 1), "year"


def synthesize(n_documents: int, n_mentions: int, *, seed: int = 0) -> dict[str, pd.DataFrame]:
    """Every table of the contract for `n_documents` documents and about `n_mentions` mentions.

    RETURNS (dict[str, DataFrame]): table name -> rows (write_tables conforms them).
    """
    rng = np.random.default_rng(seed)
    words = seed_words()
    actors = make_actors(max(MIN_ACTORS, n_mentions // MENTIONS_PER_ACTOR), words, rng)
    pool = make_pool(actors, words, rng, size=min(POOL_SENTENCES, max(200, n_mentions // 2)))
    picks = _pick_sentences(pool, n_documents, n_mentions, rng)
    sentences, documents = _layout(pool, picks, n_documents, rng)
    mentions = _expand(pool.mentions, sentences)
    dates = _expand(pool.dates, sentences)
    quotes = _expand(pool.quotes, sentences)
    mentions = _mention_rows(mentions, dates, documents, actors, rng)
    return {
        "documents": documents,
        "sentences": sentences.drop(columns=["pool_id"]),
        "actors": _count_actors(actors, mentions),
        "mentions": mentions,
        "dates": dates.assign(value_end=None, basis=np.where(dates["granularity"] == "day", "absolute", "relative")),
        "quotes": quotes.assign(
            quote_id=[f"q{i:07d}" for i in range(len(quotes))],
            speaker_id=actors["actor_id"].to_numpy()[quotes["speaker"]],
            speaker=actors["name"].to_numpy()[quotes["speaker"]],
        ),
        "problems": pd.DataFrame(
            {"source_file": ["broken.pdf"], "severity": ["error"], "reason": ["unsupported file type .pdf"]}
        ),
    }


def _pick_sentences(pool: Pool, n_documents: int, n_mentions: int, rng: np.random.Generator) -> np.ndarray:
    """Pool ids of the corpus' sentences, enough for `n_mentions` mentions and one sentence per document."""
    per_sentence = np.bincount(pool.mentions["pool_id"], minlength=len(pool.text))
    guess = int(n_mentions / max(per_sentence.mean(), 0.1) * 1.2) + n_documents
    picks = rng.integers(len(pool.text), size=guess)
    enough = int(np.searchsorted(np.cumsum(per_sentence[picks]), n_mentions)) + 1
    return picks[: max(enough, n_documents)]


def _layout(pool: Pool, picks: np.ndarray, n_documents: int, rng: np.random.Generator):
    """Sentences spread over documents (at least one each), their offsets, and the documents' rows."""
    doc_of = np.sort(np.concatenate([np.arange(n_documents), rng.integers(n_documents, size=len(picks) - n_documents)]))
    first = np.searchsorted(doc_of, np.arange(n_documents))
    lengths = np.fromiter((len(t) for t in pool.text), dtype=np.int64, count=len(pool.text))[picks] + 1
    ends = np.cumsum(lengths)
    starts = ends - lengths - np.repeat(ends[first] - lengths[first], np.diff(np.append(first, len(picks))))
    doc_ids = np.array([f"doc{i:06d}" for i in range(n_documents)], dtype=object)
    sentences = pd.DataFrame(
        {
            "doc_id": doc_ids[doc_of],
            "sent_id": np.arange(len(picks)) - first[doc_of],
            "start": starts,
            "end": starts + lengths - 1,
            "text": pool.text[picks],
            "pool_id": picks,
        }
    )
    bounds = np.append(first, len(picks))
    texts = [" ".join(pool.text[picks[a:b]]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    return sentences, _documents(doc_ids, texts, rng)


def _documents(doc_ids: np.ndarray, texts: list[str], rng: np.random.Generator) -> pd.DataFrame:
    n = len(doc_ids)
    outlet_rank = np.arange(1, OUTLETS + 1)
    outlets = np.array([f"Outlet {i:02d}" for i in outlet_rank], dtype=object)
    days = rng.integers(DAYS, size=n)
    published = [
        None if rng_null else FIRST_DAY + timedelta(days=int(d))
        for d, rng_null in zip(days, rng.random(n) < 0.03, strict=True)
    ]
    return pd.DataFrame(
        {
            "doc_id": doc_ids,
            "source_file": [f"{d}.txt" for d in doc_ids],
            "title": [" ".join(t.split()[:8]) for t in texts],
            "title_basis": "text",
            "outlet": outlets[rng.choice(OUTLETS, size=n, p=(1 / outlet_rank) / (1 / outlet_rank).sum())],
            "outlet_basis": "metadata",
            "author": "A. Writer",
            "author_basis": "text",
            "url": [f"https://example.org/{d}" for d in doc_ids],
            "published": published,
            "published_basis": ["metadata" if p else None for p in published],
            "language": "en",
            "encoding": "utf-8",
            "text": texts,
            "n_words": [t.count(" ") + 1 for t in texts],
            "story_id": doc_ids,
        }
    )


def _expand(rows: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The pool's rows (mentions, dates or quotes) of every corpus sentence, offsets into its document."""
    rows = rows.sort_values("pool_id", kind="stable").reset_index(drop=True)
    counts = np.bincount(rows["pool_id"], minlength=int(sentences["pool_id"].max()) + 1)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    per_sentence = counts[sentences["pool_id"].to_numpy()]
    owner = np.repeat(np.arange(len(sentences)), per_sentence)
    within = np.arange(len(owner)) - np.repeat(np.cumsum(per_sentence) - per_sentence, per_sentence)
    taken = rows.iloc[first[sentences["pool_id"].to_numpy()][owner] + within].reset_index(drop=True)
    at = sentences["start"].to_numpy()[owner]
    return taken.drop(columns=["pool_id"]).assign(
        doc_id=sentences["doc_id"].to_numpy()[owner],
        sent_id=sentences["sent_id"].to_numpy()[owner],
        start=taken["start"].to_numpy() + at,
        end=taken["end"].to_numpy() + at,
    )


def _mention_rows(
    found: pd.DataFrame, dates: pd.DataFrame, documents: pd.DataFrame, actors: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Mentions with ids, surfaces, methods, scores and the date of their sentence, else of their document."""
    names = actors["name"].to_numpy()
    n = len(found)
    dated = found.merge(dates[["doc_id", "sent_id", "value", "granularity"]], on=["doc_id", "sent_id"], how="left")
    published = dated["doc_id"].map(documents.set_index("doc_id")["published"])
    in_sentence = dated["value"].notna()
    return pd.DataFrame(
        {
            "mention_id": [f"m{i:08d}" for i in range(n)],
            "doc_id": dated["doc_id"],
            "actor_id": actors["actor_id"].to_numpy()[dated["actor"]],
            "surface": names[dated["actor"]],
            "start": dated["start"],
            "end": dated["end"],
            "sent_id": dated["sent_id"],
            "method": rng.choice(MENTION_METHODS[:5], size=n, p=[0.7, 0.15, 0.05, 0.05, 0.05]),
            "score": np.round(rng.uniform(0.5, 1.0, n), 3),
            "date": dated["value"].where(in_sentence, published),
            "date_basis": np.where(in_sentence, "sentence", np.where(published.notna(), "published", None)),
            "date_granularity": dated["granularity"].where(in_sentence, np.where(published.notna(), "day", None)),
            "reviewed": False,
        }
    )


def _count_actors(actors: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Actors that have mentions, with n_mentions and n_docs."""
    counts = mentions.groupby("actor_id").agg(n_mentions=("mention_id", "size"), n_docs=("doc_id", "nunique"))
    return actors.merge(counts.reset_index(), on="actor_id", how="inner")


def write_synthetic(out: Path, n_documents: int, n_mentions: int, *, seed: int = 0) -> dict[str, int]:
    """Synthesize the tables and write them like a build (Parquet, search index, the dashboard's
    database and manifest, and the same tables as the uncurated copy that curation decisions are
    applied to). RETURNS rows per table."""
    tables = synthesize(n_documents, n_mentions, seed=seed)
    counts = {name: len(frame) for name, frame in tables.items()}
    manifest = {"schema_version": SCHEMA_VERSION, "built_by": "benchmarks/synthesize_tables.py", "counts": counts}
    write_tables(tables, uncurated_dir(Path(out)), manifest, database=False)  # as a build: no database there
    rules = load_rules(PipelineConfig().patterns_dir / "names.yaml")
    search = index_writer(tables["sentences"], rules, previous=Path(out) / SEARCH_INDEX)  # as a build writes it
    write_tables(tables, Path(out), manifest, extras={SEARCH_INDEX: search})
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=1_000)
    parser.add_argument("--mentions", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(write_synthetic(args.out, args.documents, args.mentions, seed=args.seed))


if __name__ == "__main__":
    main()
