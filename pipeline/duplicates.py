"""Link copies of one story (identical or near-identical articles, e.g. one wire story run by two outlets)."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from pipeline.records import DocumentRecord, Problem

SHINGLE_WORDS = 5  # a shingle is a run of five words, lower-cased, punctuation ignored
NEAR_DUPLICATE_SCORE = 0.7  # share of the shorter text's shingles that the longer one also has
MIN_SHINGLES = 20  # shorter texts (about 25 words) are linked only when identical
SAMPLE_EVERY = 4  # blocking looks at one shingle in four, chosen by hash (Broder's mod-p sampling)
MIN_SHARED_SAMPLES = 2  # two documents are compared only when they share this many sampled shingles
MAX_POSTING = 100  # a sampled shingle in more documents is a stock phrase, useless for blocking
ESTIMATE_MARGIN = 0.25  # pairs whose sampled overlap is this far below the threshold are not compared
_WORD = re.compile(r"\w+")
_MULTIPLIER = np.uint64(1_000_003)


@dataclass(frozen=True)
class StoryLink:
    """The story a document tells: `story_id` is the doc_id of its first copy (the earliest published,
    then the first by doc_id); `duplicate_of` names that copy for every other one, with the share of
    shingles they have in common (1.0 for identical text)."""

    doc_id: str
    story_id: str
    duplicate_of: str | None = None
    duplicate_score: float | None = None


@dataclass(frozen=True)
class Wording:
    """What story linking reads of a document's text: a digest of its words in order (equal for
    identical texts, whatever the spacing, case or punctuation) and its shingles (`_shingles`).
    Reading them is most of the linking's cost (0.4 ms a document), so a build that extends the
    previous one keeps them (pipeline.rebuild.increment)."""

    words: str
    shingles: np.ndarray


def wordings(records: Sequence[DocumentRecord], known: Mapping[str, Wording] | None = None) -> dict[str, Wording]:
    """doc_id -> the wording of each record, taken from `known` (by doc_id) where it is there."""
    known = known or {}
    word_hashes: dict[str, int] = {}
    found = {}
    for record in records:
        if record.doc_id in known:
            found[record.doc_id] = known[record.doc_id]
            continue
        tokens = _WORD.findall(record.text.lower())
        words = hashlib.sha256(" ".join(tokens).encode("utf-8", "surrogatepass")).hexdigest()
        found[record.doc_id] = Wording(words, _shingles(tokens, word_hashes))
    return found


def link_duplicates(
    records: Sequence[DocumentRecord], wording: Mapping[str, Wording] | None = None
) -> tuple[list[DocumentRecord], list[Problem]]:
    """Every record with its story link, in the same order, and an 'info' problem per copy found.
    `wording`: of every record (`wordings`), when the caller has it.

    Both copies stay documents: the analyst decides whether a syndicated story counts once.
    """
    links = find_stories(records, wording=wording)
    by_id = {r.doc_id: r for r in records}
    linked = [
        dataclasses.replace(
            r,
            story_id=links[r.doc_id].story_id,
            duplicate_of=links[r.doc_id].duplicate_of,
            duplicate_score=links[r.doc_id].duplicate_score,
        )
        for r in records
    ]
    problems = [
        Problem(by_id[link.doc_id].source_file, _describe(link, by_id[link.duplicate_of].source_file), "info")
        for link in links.values()
        if link.duplicate_of is not None
    ]
    return linked, problems


def find_stories(
    records: Sequence[DocumentRecord],
    *,
    threshold: float = NEAR_DUPLICATE_SCORE,
    wording: Mapping[str, Wording] | None = None,
) -> dict[str, StoryLink]:
    """Group records telling the same story, by doc_id.

    Identical texts (same words, whatever the spacing, case or punctuation) are copies at once;
    the others are compared only in pairs that share sampled shingles, so the work grows with the
    number of copies, not with the square of the corpus. Documents are taken earliest first; each
    joins the story of the most similar earlier first copy when `threshold` of the shorter text's
    shingles occur in the other, else starts a story. Copies never chain: a round-up that quotes
    two stories does not merge them.
    """
    wording = wording if wording is not None else wordings(records)
    first_with_words: dict[str, str] = {}
    same_words = {r.doc_id: first_with_words.setdefault(wording[r.doc_id].words, r.doc_id) for r in records}
    shingles = {doc_id: wording[doc_id].shingles for doc_id in first_with_words.values()}
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in _candidate_pairs(shingles, threshold - ESTIMATE_MARGIN):
        neighbours[a].add(b)
        neighbours[b].add(a)
    started: dict[str, str] = {}  # text (by its first doc_id) -> the document whose story it started
    links: dict[str, StoryLink] = {}
    for record in sorted(records, key=lambda r: (r.published or datetime.date.max, r.doc_id)):
        text = same_words[record.doc_id]
        if text in started:
            links[record.doc_id] = StoryLink(record.doc_id, started[text], started[text], 1.0)
            continue
        scores = {
            started[other]: _overlap(shingles[text], shingles[other]) for other in neighbours[text] & started.keys()
        }
        story = min(scores, key=lambda doc_id: (-scores[doc_id], doc_id), default=None)
        if story is not None and scores[story] >= threshold:
            links[record.doc_id] = StoryLink(record.doc_id, story, story, round(scores[story], 3))
        else:
            started[text] = record.doc_id
            links[record.doc_id] = StoryLink(record.doc_id, record.doc_id)
    return links


def _shingles(tokens: list[str], word_hashes: dict[str, int]) -> np.ndarray:
    """Sorted unique 64-bit hashes of the text's five-word runs (none for very short texts).

    crc32 gives every word the same hash in every run (Python's str hash changes per process),
    so the sampled shingles, and with them the links found, do not depend on the run.
    """
    n = len(tokens) - SHINGLE_WORDS + 1
    if n < 1:
        return np.empty(0, dtype=np.uint64)
    for token in set(tokens).difference(word_hashes):
        word_hashes[token] = zlib.crc32(token.encode("utf-8", "surrogatepass"))
    hashes = np.fromiter(map(word_hashes.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    rolled = np.zeros(n, dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):
        rolled = rolled * _MULTIPLIER + hashes[offset : offset + n]  # wraps modulo 2**64 on purpose
    return np.unique(rolled)


def _candidate_pairs(shingles: dict[str, np.ndarray], min_estimate: float = 0.0) -> list[tuple[str, str]]:
    """Pairs of documents sharing at least MIN_SHARED_SAMPLES sampled shingles (the blocking step),
    whose sampled overlap (shared samples over the smaller sample) reaches `min_estimate`: texts
    that only share a paragraph or two are not compared in full.

    All sampled shingles are sorted together, so only runs of equal values (shingles that several
    documents share) reach Python.
    """
    doc_ids = [doc_id for doc_id, hashes in shingles.items() if len(hashes) >= MIN_SHINGLES]
    samples = [_sample(shingles[doc_id]) for doc_id in doc_ids]
    if not samples:
        return []
    values = np.concatenate(samples)
    owners = np.repeat(np.arange(len(samples)), [len(sample) for sample in samples])
    order = np.argsort(values, kind="stable")
    values, owners = values[order], owners[order]
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    lengths = np.diff(np.r_[starts, len(values)])
    shared: Counter[tuple[int, int]] = Counter()
    wanted = (lengths > 1) & (lengths <= MAX_POSTING)
    for start, length in zip(starts[wanted].tolist(), lengths[wanted].tolist(), strict=True):
        shared.update(combinations(owners[start : start + length].tolist(), 2))
    sizes = [len(sample) for sample in samples]
    return sorted(
        (doc_ids[a], doc_ids[b])
        for (a, b), count in shared.items()
        if count >= MIN_SHARED_SAMPLES and count >= min_estimate * min(sizes[a], sizes[b])
    )


def _sample(hashes: np.ndarray) -> np.ndarray:
    """One shingle in SAMPLE_EVERY, picked by its hash: the same shingle is picked in every document."""
    return hashes[(hashes >> np.uint64(40)) % np.uint64(SAMPLE_EVERY) == 0]


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller shingle set found in the larger one (both have MIN_SHINGLES or more).

    Both arrays are sorted and unique (np.unique), so a binary search of the smaller in the larger
    counts the common shingles without sorting them again.
    """
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not len(small):
        return 0.0
    positions = np.minimum(np.searchsorted(large, small), len(large) - 1)
    return int(np.count_nonzero(large[positions] == small)) / len(small)


def _describe(link: StoryLink, first_file: str) -> str:
    return (
        f"same story as {first_file} ({link.duplicate_score:.0%} of the shorter text's five-word phrases "
        f"shared): kept, linked as a copy of {link.story_id!r}; the dashboard can count each story once"
    )
