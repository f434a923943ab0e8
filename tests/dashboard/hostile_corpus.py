"""The synthetic corpus of conftest.py with Markdown and HTML in every field an analyst sees.

Outlets, titles, actor names, a speaker, an article sentence and the problems table carry live-looking
links and images to `base` (a loopback URL: the browser test serves it and records every request),
`<img src=…>` tags and `javascript:` links. The dashboard must show all of it as text.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

from pipeline.curation import recurate, uncurated_dir
from pipeline.schema import SCHEMA_VERSION, conform
from pipeline.store import write_tables

_CONFTEST = Path(__file__).resolve().parent / "conftest.py"


def payloads(base: str) -> dict[str, str]:
    """Name -> hostile text pointing at `base`: one of each kind of live markup."""
    return {
        "outlet_image": f"![o]({base}/outlet-image.png) Alpha News",
        "outlet_link": f"[Beta Times]({base}/outlet-link) <img src={base}/outlet-tag.png>",
        "title_image": f"![t]({base}/title-image.png) Militias hold the border",
        "title_js": '<a href="javascript:alert(1)">Strikes</a> on the [militia](javascript:alert(2))',
        "actor_image": f"Kata'ib ![kh]({base}/actor-image.png) Hezbollah",
        "actor_link": f'<a href="{base}/actor-tag">PMF</a> [Popular Mobilization]({base}/actor-link)',
        "actor_tag": f'<img src="{base}/actor-tag.png"> Islamic State',
        "place": f"![q]({base}/place-image.png) Al-Qaim <{base}/place-autolink>",
        "speaker": f"![s]({base}/speaker-image.png) Abu Fadak",
        "sentence": f"Readers saw ![a]({base}/article-image.png) and [sign in]({base}/article-link) online.",
        "problem_file": f"![p]({base}/problem-image.png).pdf",
        "problem_reason": f"[fix it here]({base}/problem-link) <img src={base}/problem-tag.png>",
        "search": f"[Your session expired - sign in]({base}/q-link) ![x]({base}/q-image.png)",
    }


def hostile_frames(base: str) -> dict[str, pd.DataFrame]:
    """conftest.build_frames() with the payloads of `base` put into outlets, titles, names and problems."""
    spec = importlib.util.spec_from_file_location("dashboard_corpus_for_hostile", _CONFTEST)
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    frames = corpus.build_frames()
    text = payloads(base)
    documents = frames["documents"].set_index("doc_id")
    documents.loc["d1", ["outlet", "title"]] = [text["outlet_image"], text["title_image"]]
    documents.loc["d2", ["outlet", "title"]] = [text["outlet_link"], text["title_js"]]
    documents.loc["d3", "outlet"] = text["outlet_link"]
    frames["documents"] = _with_sentence(documents.reset_index(), frames["sentences"], text["sentence"])
    names = {
        "kataib-hezbollah": text["actor_image"],
        "pmf": text["actor_link"],
        "islamic-state": text["actor_tag"],
        "al-qaim": text["place"],
        "abu-fadak": text["speaker"],
    }
    actors = frames["actors"]
    frames["actors"] = actors.assign(name=actors["actor_id"].map(names).fillna(actors["name"]))
    quotes = frames["quotes"]
    frames["quotes"] = quotes.assign(speaker=quotes["speaker"].replace("Abu Fadak", text["speaker"]))
    frames["problems"] = pd.DataFrame(
        [dict(source_file=text["problem_file"], severity="error", reason=text["problem_reason"])]
    )
    return frames


def _with_sentence(documents: pd.DataFrame, sentences: pd.DataFrame, sentence: str) -> pd.DataFrame:
    """d3's text with a hostile sentence appended, after its last sentence (offsets stay true)."""
    last = sentences[sentences["doc_id"] == "d3"]["end"].max()
    start = int(last) + 2
    sentences.loc[len(sentences)] = dict(doc_id="d3", sent_id=99, start=start, end=start + len(sentence), text=sentence)
    at = documents["doc_id"] == "d3"
    documents.loc[at, "text"] = documents.loc[at, "text"] + sentence + "\n\n"
    return documents


def write_hostile_corpus(root: Path, base: str) -> Path:
    """The hostile tables as a build leaves them (an uncurated copy, curated tables, a decisions file
    in `root`, never the repository's). RETURNS the data folder."""
    data = root / "data"
    frames = hostile_frames(base)
    write_tables(
        {name: conform(frame, name) for name, frame in frames.items()},
        uncurated_dir(data),
        {"schema_version": SCHEMA_VERSION, "built_by": "tests/dashboard/hostile_corpus.py"},
    )
    recurate(data, root / "curation.yaml")
    return data
