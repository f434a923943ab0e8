"""Synthetic tables for the dashboard tests: four invented articles, three outlets, hostile text."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipeline.schema import SCHEMA_VERSION, conform
from pipeline.store import write_tables

HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_FORMULA = '=HYPERLINK("http://evil.example","click")'

ACTORS = [
    # actor_id, name, type, aliases, lat, lon
    ("kataib-hezbollah", "Kata'ib Hezbollah", "armed_group", ["Kata'ib Hezbollah", "KH"], None, None),
    ("pmf", "Popular Mobilization Forces", "armed_group", ["Popular Mobilization Forces", "PMF"], None, None),
    ("islamic-state", "Islamic State", "armed_group", ["Islamic State", "IS"], None, None),
    ("united-states", "United States", "state", ["United States"], 38.0, -97.0),
    ("iraqi-army", "Iraqi Army", "security_force", ["Iraqi Army"], None, None),
    ("al-qaim", "Al-Qaim", "place", ["Al-Qaim", "Qaim"], 34.37, 41.09),
    ("abu-fadak", "Abu Fadak", "person", ["Abu Fadak"], None, None),
]

# doc_id, title, outlet, published, sentences: (text, [(surface, actor_id)], [(date text, value, granularity)])
DOCUMENTS = [
    (
        "d1",
        "Militias hold the border",
        "Alpha News",
        date(2019, 1, 10),
        [
            (
                "Kata'ib Hezbollah fighters patrolled Al-Qaim in December 2018.",
                [("Kata'ib Hezbollah", "kataib-hezbollah"), ("Al-Qaim", "al-qaim")],
                [("December 2018", date(2018, 12, 1), "month")],
            ),
            (
                "The Popular Mobilization Forces said the crossing was secure.",
                [("Popular Mobilization Forces", "pmf")],
                [],
            ),
            (
                "Islamic State cells remain active near Al-Qaim.",
                [("Islamic State", "islamic-state"), ("Al-Qaim", "al-qaim")],
                [],
            ),
            ('"We will not leave the border," said Abu Fadak.', [("Abu Fadak", "abu-fadak")], []),
        ],
    ),
    (
        "d2",
        "Strikes on the militia",
        "Beta Times",
        date(2019, 3, 5),
        [
            (
                "The United States struck Kata'ib Hezbollah positions on 3 March 2019.",
                [("United States", "united-states"), ("Kata'ib Hezbollah", "kataib-hezbollah")],
                [("3 March 2019", date(2019, 3, 3), "day")],
            ),
            ("KH condemned the strike as aggression.", [("KH", "kataib-hezbollah")], []),
            ("Smuggling through Qaim grew in 2018.", [("Qaim", "al-qaim")], [("2018", date(2018, 1, 1), "year")]),
        ],
    ),
    (
        "d3",
        "Army returns to the west",
        "Beta Times",
        None,
        [
            (
                "The Iraqi Army deployed to Al-Qaim with the Popular Mobilization Forces.",
                [("Iraqi Army", "iraqi-army"), ("Al-Qaim", "al-qaim"), ("Popular Mobilization Forces", "pmf")],
                [],
            ),
            ("Islamic State attacks fell sharply.", [("Islamic State", "islamic-state")], []),
        ],
    ),
    (
        "d4",
        HOSTILE_FORMULA + " militia posts",
        "Gamma Wire",
        date(2020, 6, 1),
        [
            (HOSTILE_FORMULA + " was found in Islamic State files.", [("Islamic State", "islamic-state")], []),
            ("Kata'ib Hezbollah posted " + HOSTILE_IMG + " online.", [("Kata'ib Hezbollah", "kataib-hezbollah")], []),
            (
                "A message read " + HOSTILE_SCRIPT + " beside the United States flag.",
                [("United States", "united-states")],
                [],
            ),
        ],
    ),
]

QUOTES = [
    # doc_id, sent_id, speaker_id, speaker, quote
    ("d1", 3, "abu-fadak", "Abu Fadak", "We will not leave the border,"),
    ("d2", 1, "kataib-hezbollah", "KH", "=cmd|' /C calc'!A0 aggression"),
]


EVENTS = [
    # doc_id, sent_id, clause, event_type, sub_event_type, actor1, actor2, place, date, fatalities, cluster
    ("d2", 0, "The United States struck Kata'ib Hezbollah positions", "explosion_remote_violence", "air_drone_strike",
     "united-states", "kataib-hezbollah", "al-qaim", date(2019, 3, 3), 25, "c1"),
    ("d3", 0, "The Iraqi Army deployed to Al-Qaim", "strategic_development", "other",
     "iraqi-army", None, "al-qaim", None, None, "c2"),
    ("d4", 1, "Kata'ib Hezbollah posted " + HOSTILE_IMG, "strategic_development", "other",
     "kataib-hezbollah", None, None, date(2020, 6, 1), None, "c3"),
]  # fmt: skip


def _event_rows(sentences: list[dict], actors: pd.DataFrame) -> pd.DataFrame:
    places = actors.set_index("actor_id")
    rows = []
    for n, (doc_id, sent_id, clause, kind, sub, actor1, actor2, place, when, dead, cluster) in enumerate(EVENTS):
        sentence = next(s for s in sentences if s["doc_id"] == doc_id and s["sent_id"] == sent_id)
        at = sentence["start"] + sentence["text"].index(clause)
        rows.append(
            dict(
                event_id=f"e{n}",
                doc_id=doc_id,
                sent_id=sent_id,
                start=at,
                end=at + len(clause),
                text=clause,
                event_type=kind,
                sub_event_type=sub,
                actor1_id=actor1,
                actor2_id=actor2,
                place_id=place,
                lat=places.loc[place, "lat"] if place else None,
                lon=places.loc[place, "lon"] if place else None,
                date=when,
                date_end=when,
                date_granularity="day" if when else None,
                date_basis="sentence" if when else "published",
                fatalities=dead,
                method="rule",
                score=0.8,
                cluster_id=cluster,
                reviewed=False,
            )
        )
    return pd.DataFrame(rows)


def build_frames() -> dict[str, pd.DataFrame]:
    """The synthetic corpus as raw table rows (conformed later by write_tables)."""
    docs, sentences, mentions, dates = [], [], [], []
    for doc_id, title, outlet, published, sents in DOCUMENTS:
        text = ""
        for sent_id, (sentence, found, dated) in enumerate(sents):
            start = len(text)
            sentences.append(
                dict(doc_id=doc_id, sent_id=sent_id, start=start, end=start + len(sentence), text=sentence)
            )
            sentence_date = dated[0] if dated else None
            for surface, actor_id in found:
                at = start + sentence.index(surface)
                mentions.append(
                    dict(
                        mention_id=f"{doc_id}-m{len(mentions)}",
                        doc_id=doc_id,
                        actor_id=actor_id,
                        surface=surface,
                        start=at,
                        end=at + len(surface),
                        sent_id=sent_id,
                        method="gazetteer",
                        score=1.0,
                        date=sentence_date[1] if sentence_date else published,
                        date_basis="sentence" if sentence_date else ("published" if published else None),
                        date_granularity=sentence_date[2] if sentence_date else ("day" if published else None),
                    )
                )
            for phrase, value, granularity in dated:
                at = start + sentence.index(phrase)
                dates.append(
                    dict(
                        doc_id=doc_id,
                        sent_id=sent_id,
                        text=phrase,
                        start=at,
                        end=at + len(phrase),
                        value=value,
                        granularity=granularity,
                        basis="absolute",
                    )
                )
            text += sentence + "\n\n"
        docs.append(
            dict(
                doc_id=doc_id,
                source_file=f"{doc_id}.txt",
                title=title,
                title_basis="text",
                outlet=outlet,
                outlet_basis="metadata",
                author="A. Writer",
                author_basis="text",
                url=f"https://example.org/{doc_id}",
                published=published,
                published_basis="metadata" if published else None,
                published_evidence="metadata.csv" if published else None,
                text=text,
                n_words=len(text.split()),
                language="en",
                encoding="utf-8",
            )
        )
    actors = _actor_rows(mentions)
    return dict(
        documents=pd.DataFrame(docs),
        sentences=pd.DataFrame(sentences),
        actors=actors,
        events=_event_rows(sentences, actors),
        mentions=pd.DataFrame(mentions),
        dates=pd.DataFrame(dates),
        quotes=_quote_rows(sentences),
        problems=pd.DataFrame([dict(source_file="broken.pdf", severity="error", reason="unsupported file type .pdf")]),
    )


def _actor_rows(mentions: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(mentions)
    rows = []
    for actor_id, name, kind, aliases, lat, lon in ACTORS:
        mine = frame[frame["actor_id"] == actor_id]
        rows.append(
            dict(
                actor_id=actor_id,
                name=name,
                type=kind,
                aliases=aliases,
                n_mentions=len(mine),
                n_docs=mine["doc_id"].nunique(),
                lat=lat,
                lon=lon,
                in_gazetteer=True,
                source="test",
            )
        )
    return pd.DataFrame(rows)


def _quote_rows(sentences: list[dict]) -> pd.DataFrame:
    rows = []
    for n, (doc_id, sent_id, speaker_id, speaker, quote) in enumerate(QUOTES):
        sentence = next(s for s in sentences if s["doc_id"] == doc_id and s["sent_id"] == sent_id)
        at = sentence["start"] + max(sentence["text"].find(quote), 0)
        rows.append(
            dict(
                quote_id=f"q{n}",
                doc_id=doc_id,
                sent_id=sent_id,
                speaker_id=speaker_id,
                speaker=speaker,
                quote=quote,
                start=at,
                end=at + len(quote),
            )
        )
    return pd.DataFrame(rows)


def write_corpus(out: Path) -> Path:
    """Write the synthetic tables like a pipeline build would."""
    frames = build_frames()
    write_tables(
        {name: conform(frame, name) for name, frame in frames.items()},
        out,
        {"schema_version": SCHEMA_VERSION, "built_by": "tests/dashboard/conftest.py"},
    )
    return out


@pytest.fixture
def corpus_writer():
    """`write_corpus`, for tests that fake a pipeline build (importing conftest is fragile)."""
    return write_corpus


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with the synthetic tables; the dashboard finds it through DASHBOARD_DATA_DIR."""
    out = write_corpus(tmp_path / "data")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(out))
    return out


@pytest.fixture
def tables(data_dir: Path):
    """The synthetic tables as the dashboard loads them."""
    import data_access

    return data_access.load_tables.__wrapped__(str(data_dir), 0.0)


@pytest.fixture
def read_csv():
    """Parse CSV export bytes into a list of row dicts."""

    def _read(payload: bytes) -> list[dict]:
        assert payload.startswith(b"\xef\xbb\xbf"), "a byte order mark, for Excel"
        return list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"))))

    return _read
