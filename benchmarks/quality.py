"""Extraction quality against a blind annotation: actors, types, aliases, links, merges, quote speakers.

The tests hold the pipeline to precision/recall floors on the seed and held-out articles; this script
reports the finer figures an analyst feels (is the type right, do the spellings of one actor meet, does
one actor stay one across articles, are two actors folded together, who said each quotation), so that
one change can be measured before and after on the same annotation.

Run from the project root (this file may be copied into a git worktree of an older commit: it always
imports the `pipeline` package of the tree it sits in):

    python benchmarks/quality.py --src FOLDER --golden YAML [--data DIR] [--mixed FOLDER:YAML ...] [--json OUT]

--data DIR reuses the tables already built there, or builds into DIR when it holds none (so the next
run reuses them). --mixed builds every folder (--src and each FOLDER) as ONE corpus, scores each folder
against its own annotation on its own documents, and reports actors that fold labels of two different
annotation files together (a cross-region merge), and whether labels present in two files (the same
real-world actor, e.g. Iran) stay one actor.

Matching rules are those of tests/evaluation/seed_scoring.py (a surface is matched by `name_key`; an (actor,
article) pair by the 3-character file-name prefix), reimplemented here so that the scorer does not
change with the code under test. The other figures resolve an annotated label only within the articles
it is annotated for, because one spelling can mean two actors in one set ("RSF" is Sudan's Rapid
Support Forces in o01-o02 and the Rwanda Security Force in o12-o13).
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the pipeline of this tree, not of another checkout

import pandas as pd  # noqa: E402
import yaml  # noqa: E402

import pipeline  # noqa: E402
from pipeline.names import name_key  # noqa: E402
from pipeline.store.parquet import read_tables  # noqa: E402
from tests.evaluation.seed_scoring import Score as PairScore  # noqa: E402  (the tests' pair score, one definition)

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}
SIDECARS = ("metadata.csv", "metadata.json")
# A quotation may sit inside a pipeline quote that already matched another annotated quotation (one
# quotation running over several paragraphs) only when its first words are specific enough.
SHARED_QUOTE_MIN_WORDS = 6
# A pipeline quote shorter than the annotated first words still counts as found when it is their start
# and long enough not to match by chance.
TRUNCATED_QUOTE_MIN_WORDS = 4


# ---------------------------------------------------------------------------------------------- input


@dataclass(frozen=True)
class Golden:
    """One annotation file: actors (label, type, surfaces, docs, optional), non-actors, quotes."""

    path: Path
    actors: list[dict]
    not_actors: list[str]
    quotes: list[dict] | None  # None: the file has no quotes section

    @property
    def has_types(self) -> bool:
        return bool(self.actors) and all("type" in a for a in self.actors)

    @property
    def name(self) -> str:
        return self.path.stem


def load_golden(path: Path) -> Golden:
    """The annotation, with the optional sections missing rather than failing: the seed and held-out
    files predate `type` and `quotes`."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return Golden(Path(path), data["actors"], list(data.get("not_actors") or []), data.get("quotes"))


def parse_mixed(spec: str) -> tuple[Path, Path]:
    """FOLDER:YAML, split at the last colon (a folder path may hold one, a file name here does not)."""
    folder, sep, golden = spec.rpartition(":")
    if not sep or not folder:
        raise argparse.ArgumentTypeError(f"--mixed expects FOLDER:YAML, got {spec!r}")
    return Path(folder), Path(golden)


# -------------------------------------------------------------------------------------------- build


def has_tables(data: Path) -> bool:
    return (data / "manifest.json").is_file() and (data / "mentions.parquet").is_file()


def build(src: Path, out: Path) -> float:
    """Build `src` into `out` with an empty decisions file of its own, so that no analyst's curation
    (the repository's data/curation.yaml) colours the figures. Returns the seconds taken."""
    from pipeline.build import build_corpus
    from pipeline.config import PipelineConfig

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="quality-curation-") as tmp:
        build_corpus(src, out, config=PipelineConfig(curation_file=Path(tmp) / "curation.yaml"))
    return time.perf_counter() - started


def merge_folders(folders: list[Path], dest: Path) -> dict[str, int]:
    """Copy every article of every folder into `dest` (one corpus) and merge their sidecars.

    A file keeps its name, so its 3-character prefix (o01, h01, 000) still names its document; on a
    name clash the later copy gets a tag after the prefix (`o01_` -> `o01_m1_`). Returns the new file
    name -> index of its folder."""
    origin: dict[str, int] = {}
    rows: list[dict] = []
    for index, folder in enumerate(folders):
        renamed: dict[str, str] = {}
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES):
            name = path.name if path.name not in origin else f"{path.name[:3]}_m{index}{path.name[3:]}"
            shutil.copy2(path, dest / name)
            origin[name] = index
            renamed[path.relative_to(folder).as_posix()] = name
            renamed.setdefault(path.name, name)
        for row in read_sidecar_rows(folder):
            file = str(row.get("file") or "").strip().removeprefix("./")
            if file in renamed:
                rows.append({**row, "file": renamed[file]})
    write_sidecar(rows, dest / "metadata.csv")
    return origin


def read_sidecar_rows(folder: Path) -> list[dict]:
    """The rows of a folder's metadata sidecar (CSV or JSON), [] when it has none."""
    for name in SIDECARS:
        path = folder / name
        if path.is_file():
            text = path.read_bytes().decode("utf-8-sig")
            if name.endswith(".json"):
                data = json.loads(text)
                return list(data.get("articles", []) if isinstance(data, dict) else data)
            return list(csv.DictReader(io.StringIO(text)))
    return []


def write_sidecar(rows: list[dict], path: Path) -> None:
    """One CSV with the union of the folders' columns (the seed sidecar has no `title`)."""
    if not rows:
        return
    columns = ["file", *sorted({key for row in rows for key in row if key and key != "file"})]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def corpus_tables(folders: list[Path], data: Path | None) -> tuple[dict[str, pd.DataFrame], dict[str, int], dict]:
    """The tables of the corpus made of `folders`, built now unless `data` already holds them, and
    each source file name -> index of its folder."""
    info: dict = {}
    with tempfile.TemporaryDirectory(prefix="quality-") as tmp:
        if len(folders) == 1:
            src, origin = folders[0], {p.name: 0 for p in folders[0].rglob("*") if p.is_file()}
        else:
            src = Path(tmp) / "corpus"
            src.mkdir()
            origin = merge_folders(folders, src)
        out = data or Path(tmp) / "data"
        if data is not None and has_tables(data):
            info["reused"] = str(data)
        else:
            out.mkdir(parents=True, exist_ok=True)
            info["build_seconds"] = round(build(src, out), 1)
        tables = read_tables(out)
    return tables, origin, info


def docs_by_folder(documents: pd.DataFrame, origin: dict[str, int], n_folders: int) -> list[set[str]]:
    """The doc_ids that came from each folder (a file is known by its name, its path may differ)."""
    result: list[set[str]] = [set() for _ in range(n_folders)]
    for doc_id, source in zip(documents["doc_id"], documents["source_file"], strict=True):
        index = origin.get(str(source).replace("\\", "/").rsplit("/", 1)[-1])
        if index is None and n_folders > 1:
            raise SystemExit(f"document {doc_id} ({source}) comes from no known folder")
        result[index or 0].add(doc_id)
    return result


def restrict(tables: dict[str, pd.DataFrame], doc_ids: set[str]) -> dict[str, pd.DataFrame]:
    """The tables of a mixed corpus seen from one annotation: its documents, mentions and quotes only
    (the actors table stays whole, since actors are shared)."""
    result = dict(tables)
    for name in ("documents", "mentions", "quotes", "sentences"):
        if name in tables:
            result[name] = tables[name][tables[name]["doc_id"].isin(doc_ids)]
    return result


# ---------------------------------------------------------------------------------------- scoring


def keyed_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions with an actor, their 3-character document prefix and the surface's name key."""
    frame = mentions.dropna(subset=["actor_id"])
    return frame.assign(prefix=frame["doc_id"].str[:3], key=frame["surface"].map(name_key))


def score_pairs(mentions: pd.DataFrame, golden: Golden) -> PairScore:
    """An expected actor is found in an article when a mention there belongs to an actor that one of
    its spellings resolves to (a spelling resolves to the actor most of its mentions have); a predicted
    pair is right when its actor is an expected (or optional) actor of that article."""
    actor_of_key = mentions.groupby("key")["actor_id"].agg(lambda s: s.mode().iat[0]) if len(mentions) else {}
    present = set(zip(mentions["actor_id"], mentions["prefix"], strict=True))
    score = PairScore()
    expected: set[tuple[str, str]] = set()
    optional: set[tuple[str, str]] = set()
    labels_of_actor: dict[str, set[str]] = defaultdict(set)
    for entry in golden.actors:
        ids = {actor_of_key[k] for k in map(name_key, entry["surfaces"]) if k in actor_of_key}
        for actor_id in ids:
            labels_of_actor[actor_id].add(entry["label"])
        if len(ids) > 1:
            score.split.append(f"{entry['label']}: {sorted(ids)}")
        for doc in entry["docs"]:
            (optional if entry.get("optional") else expected).update((a, doc) for a in ids)
            if entry.get("optional"):
                continue
            if any((a, doc) in present for a in ids):
                score.true_positives += 1
            else:
                score.missed.append(f"{entry['label']} in {doc}")
    score.merged = [f"{a}: {sorted(labels)}" for a, labels in labels_of_actor.items() if len(labels) > 1]
    score.false_positives = sorted(f"{a} in {d}" for a, d in present - expected - optional)
    not_actors = {name_key(text) for text in golden.not_actors}
    score.bad_mentions = sorted(set(mentions.loc[mentions["key"].isin(not_actors), "surface"]))
    return score


@dataclass
class LabelResolution:
    """Where one annotated label's spellings went, in the articles it is annotated for."""

    ids: Counter = field(default_factory=Counter)  # actor_id -> mentions
    by_key: dict[str, Counter] = field(default_factory=dict)  # surface key -> actor_id -> mentions
    by_doc: dict[str, set[str]] = field(default_factory=dict)  # doc prefix -> actor ids

    @property
    def primary(self) -> str | None:
        """The actor most of the label's mentions belong to (ties: the first id, for stable output)."""
        return min(self.ids, key=lambda a: (-self.ids[a], a)) if self.ids else None


def resolve_labels(mentions: pd.DataFrame, golden: Golden) -> dict[str, LabelResolution]:
    """Each label's mentions: those in its own articles written as one of its spellings. A spelling
    two labels share in one article (an annotation slip) is left out there, being undecidable."""
    claims: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in golden.actors:
        for key, doc in itertools.product(map(name_key, entry["surfaces"]), entry["docs"]):
            claims[key, doc].add(entry["label"])
    groups = {k: frame for k, frame in mentions.groupby(["key", "prefix"])} if len(mentions) else {}
    result: dict[str, LabelResolution] = {}
    for entry in golden.actors:
        resolution = result.setdefault(entry["label"], LabelResolution())
        for key, doc in itertools.product(dict.fromkeys(map(name_key, entry["surfaces"])), entry["docs"]):
            frame = groups.get((key, doc))
            if frame is None or len(claims[key, doc]) > 1:
                continue
            counts = Counter(frame["actor_id"])
            resolution.ids.update(counts)
            resolution.by_key.setdefault(key, Counter()).update(counts)
            resolution.by_doc.setdefault(doc, set()).update(counts)
    return result


def type_accuracy(golden: Golden, resolved: dict[str, LabelResolution], actors: pd.DataFrame) -> dict | None:
    """Does the actor a label resolves to carry the annotated type? Over labels found at all."""
    if not golden.has_types:
        return None
    type_of = dict(zip(actors["actor_id"], actors["type"], strict=True))
    rows = {"required": [0, 0], "all": [0, 0]}
    wrong = []
    for entry in golden.actors:
        actor_id = resolved[entry["label"]].primary
        if actor_id is None:
            continue
        got = type_of.get(actor_id)
        ok = got == entry["type"]
        for group in ("all",) if entry.get("optional") else ("all", "required"):
            rows[group][0] += ok
            rows[group][1] += 1
        if not ok:
            wrong.append(
                {
                    "label": entry["label"],
                    "expected": entry["type"],
                    "got": got,
                    "actor_id": actor_id,
                    "optional": bool(entry.get("optional")),
                }
            )
    return {
        "accuracy": ratio(*rows["required"]),
        "correct": rows["required"][0],
        "found": rows["required"][1],
        "accuracy_all": ratio(*rows["all"]),
        "correct_all": rows["all"][0],
        "found_all": rows["all"][1],
        "wrong": wrong,
    }


def alias_pairs(golden: Golden, resolved: dict[str, LabelResolution]) -> dict:
    """Of the spellings of one actor that occur as mentions (distinct keys), how many pairs resolve
    to the same actor (each spelling to the actor most of its mentions have)."""
    same = total = 0
    broken = []
    for entry in golden.actors:
        by_key = resolved[entry["label"]].by_key
        if len(by_key) < 2:
            continue
        actor_of = {key: min(c, key=lambda a, c=c: (-c[a], a)) for key, c in by_key.items()}
        pairs = list(itertools.combinations(sorted(actor_of), 2))
        agree = sum(actor_of[a] == actor_of[b] for a, b in pairs)
        same, total = same + agree, total + len(pairs)
        if agree < len(pairs):
            spelled = {key: surface_of(entry, key) for key in actor_of}
            broken.append(
                {
                    "label": entry["label"],
                    "pairs": len(pairs),
                    "same": agree,
                    "actors": {spelled[k]: actor_of[k] for k in sorted(actor_of)},
                }
            )
    return {"fraction": ratio(same, total), "same": same, "pairs": total, "broken": broken}


def cross_article_links(golden: Golden, resolved: dict[str, LabelResolution]) -> dict:
    """Is an actor annotated in several articles one actor in all of them (every mention)? Only labels
    with mentions in at least two of their articles can be judged."""
    linked = judged = 0
    unjudged: list[str] = []
    broken = []
    for entry in golden.actors:
        if len(set(entry["docs"])) < 2:
            continue
        by_doc = resolved[entry["label"]].by_doc
        if len(by_doc) < 2:
            unjudged.append(f"{entry['label']} ({len(by_doc)} of {len(set(entry['docs']))} docs)")
            continue
        judged += 1
        ids = set().union(*by_doc.values())
        if len(ids) == 1:
            linked += 1
        else:
            broken.append({"label": entry["label"], "docs": {d: sorted(a) for d, a in sorted(by_doc.items())}})
    return {
        "fraction": ratio(linked, judged),
        "linked": linked,
        "judged": judged,
        "broken": broken,
        "unjudged": unjudged,
    }


def wrong_merges(golden: Golden, resolved: dict[str, LabelResolution]) -> list[dict]:
    """Actors holding mentions of two or more annotated labels (every mention counts, not the
    majority: one stray mention folded into another actor is a merge an analyst would see)."""
    held: dict[str, dict[str, int]] = defaultdict(dict)
    for label, resolution in resolved.items():
        for actor_id, n in resolution.ids.items():
            held[actor_id][label] = n
    return [{"actor_id": a, "labels": labels} for a, labels in sorted(held.items()) if len(labels) > 1]


# ------------------------------------------------------------------------------------------ quotes

_QUOTE_CHARS = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b", "'"),  # curly single quotes
        **dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb", '"'),  # curly double quotes, guillemets
        **dict.fromkeys("\u2013\u2014", "-"),  # en and em dash
        "\u00a0": " ",  # no-break space
    }
)
_EDGES = " \t\n\"'.,;:!?()-"


def normalise_quote(text: str) -> str:
    """Quote text compared without typographic quotes, edge punctuation, case or spacing."""
    return re.sub(r"\s+", " ", str(text).translate(_QUOTE_CHARS)).strip(_EDGES).casefold()


def match_rank(annotated: str, quote: str) -> int | None:
    """0 the same words, 1 the quote starts with them, 2 contains them, 3 the quote is their start
    (a pipeline quote cut short); None when unrelated."""
    if not annotated or not quote:
        return None
    if quote == annotated:
        return 0
    if quote.startswith(annotated):
        return 1
    if annotated in quote:
        return 2
    if annotated.startswith(quote) and len(quote.split()) >= TRUNCATED_QUOTE_MIN_WORDS:
        return 3
    return None


def quote_speakers(golden: Golden, quotes: pd.DataFrame, resolved: dict[str, LabelResolution]) -> dict | None:
    """Each annotated quotation found among the pipeline's quotes of its article, and whether the
    speaker is right. Best matches are taken first and a pipeline quote serves one annotation, so that
    "liberate all of the Congo" (M23) is not answered by the later "We want to liberate all of the
    Congo" (Nangaa); a long quotation may share a quote that runs over several paragraphs."""
    if golden.quotes is None:
        return None
    frame = quotes.assign(prefix=quotes["doc_id"].str[:3], norm=quotes["quote"].map(normalise_quote))
    candidates = []
    for i, item in enumerate(golden.quotes):
        words = normalise_quote(item["quote"])
        for j, row in frame[frame["prefix"] == item["doc"]].iterrows():
            rank = match_rank(words, row["norm"])
            if rank is not None:
                candidates.append((rank, i, row["start"], j))
    chosen: dict[int, tuple[int, object]] = {}
    used: set = set()
    for rank, i, _, j in sorted(candidates, key=lambda c: c[:3]):
        if i not in chosen and j not in used:
            chosen[i] = (rank, j)
            used.add(j)
    for rank, i, _, j in sorted(candidates, key=lambda c: c[:3]):
        if i not in chosen and rank <= 2 and len(golden.quotes[i]["quote"].split()) >= SHARED_QUOTE_MIN_WORDS:
            chosen[i] = (rank, j)
    found = correct = correct_null = 0
    missed, wrong = [], []
    for i, item in enumerate(golden.quotes):
        short = f"{item['doc']} “{item['quote']}”"
        if i not in chosen:
            missed.append(f"{short} (speaker {item['speaker']})")
            continue
        found += 1
        row = frame.loc[chosen[i][1]]
        got = None if pd.isna(row["speaker_id"]) else row["speaker_id"]
        expected_ids = set(resolved[item["speaker"]].ids) if item["speaker"] in resolved else set()
        ok = got is None if item["speaker"] is None else got in expected_ids
        correct += ok
        correct_null += ok and item["speaker"] is None
        if not ok:
            wrong.append(
                {
                    "quote": short,
                    "expected": item["speaker"],
                    "expected_ids": sorted(expected_ids),
                    "got": got,
                    "got_speaker": None if pd.isna(row["speaker"]) else row["speaker"],
                }
            )
    n = len(golden.quotes)
    return {
        "accuracy": ratio(correct, n),
        "correct": correct,
        "annotated": n,
        "found": found,
        "correct_of_found": ratio(correct, found),
        "correct_null": correct_null,
        "annotated_null": sum(q["speaker"] is None for q in golden.quotes),
        "missed": missed,
        "wrong": wrong,
    }


# -------------------------------------------------------------------------------- annotation checks


def annotation_notes(golden: Golden, documents: pd.DataFrame, raw_texts: dict[str, str]) -> list[str]:
    """Slips in the annotation itself: a spelling not written in any of its articles, a quotation
    not in its article, a speaker that is no label, a spelling two labels share in one article."""
    text_of = defaultdict(str)
    for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
        text_of[doc_id[:3]] += "\n" + spaced(text)
    raw_of = defaultdict(str)
    for doc_id, text in raw_texts.items():
        raw_of[doc_id[:3]] += "\n" + spaced(text)
    notes = []
    labels = {a["label"] for a in golden.actors}
    for entry in golden.actors:
        for surface in map(spaced, entry["surfaces"]):
            if any(surface in text_of[d] for d in entry["docs"]):
                continue
            where = "nowhere"
            if any(surface.casefold() in text_of[d].casefold() for d in entry["docs"]):
                where = "only in another case"
            elif any(surface in raw_of[d] for d in entry["docs"]):
                where = "only in the raw file, not in the cleaned text"
            notes.append(f"surface {surface!r} of {entry['label']!r} not written in {'/'.join(entry['docs'])}: {where}")
    for item in golden.quotes or []:
        if normalise_quote(item["quote"]) not in normalise_quote(text_of[item["doc"]]):
            notes.append(f"quote {item['doc']} “{item['quote']}” not in the article text")
        if item["speaker"] is not None and item["speaker"] not in labels:
            notes.append(f"quote speaker {item['speaker']!r} is no actor label")
    seen: dict[tuple[str, str], str] = {}
    for entry in golden.actors:
        for key, doc in itertools.product(dict.fromkeys(map(name_key, entry["surfaces"])), entry["docs"]):
            other = seen.setdefault((key, doc), entry["label"])
            if other != entry["label"]:
                notes.append(f"spelling key {key!r} belongs to both {other!r} and {entry['label']!r} in {doc}")
    if len(labels) < len(golden.actors):
        notes.append(f"{len(golden.actors) - len(labels)} label(s) appear twice in the actors list")
    return notes


def spaced(text: str) -> str:
    """Text compared for presence with one kind of space and of quotation mark (a no-break space or
    a curly apostrophe is no slip of the annotator)."""
    return re.sub(r"\s+", " ", str(text).translate(_QUOTE_CHARS))


def raw_texts(folder: Path) -> dict[str, str]:
    """The article files as written (stem -> text), to tell a spelling lost in cleaning from a slip."""
    return {
        p.stem: p.read_text(encoding="utf-8", errors="replace")
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
    }


# ------------------------------------------------------------------------------------- evaluation


def evaluate(golden: Golden, tables: dict[str, pd.DataFrame], folder: Path) -> tuple[dict, dict[str, LabelResolution]]:
    """Every figure for one annotation on its own documents."""
    mentions = keyed_mentions(tables["mentions"])
    pairs = score_pairs(mentions, golden)
    resolved = resolve_labels(mentions, golden)
    result = {
        "golden": str(golden.path),
        "src": str(folder),
        "n_docs": int(tables["documents"]["doc_id"].nunique()),
        "n_labels": len(golden.actors),
        "pairs": {
            "precision": round(pairs.precision, 4),
            "recall": round(pairs.recall, 4),
            "f1": round(pairs.f1, 4),
            "tp": pairs.true_positives,
            "fp": len(pairs.false_positives),
            "fn": len(pairs.missed),
            "false_positives": pairs.false_positives,
            "missed": pairs.missed,
            "split": pairs.split,
            "merged": pairs.merged,
            "non_actor_mentions": pairs.bad_mentions,
        },
        "types": type_accuracy(golden, resolved, tables["actors"]),
        "alias_pairs": alias_pairs(golden, resolved),
        "cross_article": cross_article_links(golden, resolved),
        "wrong_merges": wrong_merges(golden, resolved),
        "quotes": quote_speakers(golden, tables["quotes"], resolved),
        "annotation_notes": annotation_notes(golden, tables["documents"], raw_texts(folder)),
    }
    return result, resolved


def cross_annotation(
    goldens: list[Golden], resolutions: list[dict[str, LabelResolution]], same: dict[str, str] | None = None
) -> dict:
    """In one corpus of several annotated sets: actors holding labels of two files (a cross-region
    merge, unless the labels are the same, i.e. one real-world actor), and whether a label present
    in several files stays one actor across them. `same` maps a casefolded label to the casefolded
    label of the same actor in another file, where the two annotations named it differently."""
    same = same or {}

    def canon(label: str) -> str:
        return same.get(label.casefold(), label.casefold())

    held: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # actor -> file -> labels
    for golden, resolved in zip(goldens, resolutions, strict=True):
        for label, resolution in resolved.items():
            for actor_id in resolution.ids:
                held[actor_id][golden.name].add(label)
    merges = []
    for actor_id, by_file in sorted(held.items()):
        files = sorted(by_file)
        clash = any(
            canon(la) != canon(lb)
            for fa, fb in itertools.combinations(files, 2)
            for la in by_file[fa]
            for lb in by_file[fb]
        )
        if len(files) > 1 and clash:
            merges.append({"actor_id": actor_id, "labels": {f: sorted(by_file[f]) for f in files}})
    shared = defaultdict(dict)  # label (casefolded) -> file -> actor ids
    for golden, resolved in zip(goldens, resolutions, strict=True):
        for label, resolution in resolved.items():
            shared[canon(label)].setdefault(golden.name, set()).update(resolution.ids)
    shared = {k: {f: sorted(ids) for f, ids in v.items()} for k, v in shared.items() if len(v) > 1}
    judged = {k: v for k, v in shared.items() if all(v.values())}
    linked = [k for k, v in judged.items() if len(set().union(*map(set, v.values()))) == 1]
    return {
        "merges": merges,
        "shared_labels": shared,
        "shared_linked": ratio(len(linked), len(judged)),
        "shared_linked_n": len(linked),
        "shared_judged": len(judged),
        "shared_broken": {k: v for k, v in judged.items() if k not in linked},
    }


def surface_of(entry: dict, key: str) -> str:
    """The annotated spelling behind a name key, for reading the lists."""
    return next((s for s in entry["surfaces"] if name_key(s) == key), key)


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def provenance() -> dict:
    """Which tree was measured: its commit and whether it had uncommitted changes."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "root": str(ROOT),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


# ----------------------------------------------------------------------------------------- report


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_result(r: dict) -> list[str]:
    """One line per figure, then the lists behind them."""
    p, t, a, c, q = r["pairs"], r["types"], r["alias_pairs"], r["cross_article"], r["quotes"]
    lines = [
        f"== {Path(r['golden']).name} on {r['src']} ({r['n_docs']} docs, {r['n_labels']} labels)",
        f"actor pairs      P {fmt(p['precision'])}  R {fmt(p['recall'])}  F1 {fmt(p['f1'])}  "
        f"(tp {p['tp']}, fp {p['fp']}, fn {p['fn']}, split {len(p['split'])}, merged {len(p['merged'])}, "
        f"non-actor mentions {len(p['non_actor_mentions'])})",
        "type accuracy    n/a (annotation has no types)"
        if t is None
        else f"type accuracy    {fmt(t['accuracy'])} ({t['correct']}/{t['found']} required labels found; "
        f"incl. optional {fmt(t['accuracy_all'])} = {t['correct_all']}/{t['found_all']})",
        f"alias pairs      {fmt(a['fraction'])} ({a['same']}/{a['pairs']} spelling pairs on one actor)",
        f"cross-article    {fmt(c['fraction'])} ({c['linked']}/{c['judged']} multi-article labels one actor; "
        f"{len(c['unjudged'])} found in <2 of their docs)",
        f"wrong merges     {len(r['wrong_merges'])} actor(s) holding ≥2 labels",
        "quote speakers   n/a (annotation has no quotes)"
        if q is None
        else f"quote speakers   {fmt(q['accuracy'])} ({q['correct']}/{q['annotated']} right; found {q['found']}, "
        f"right of found {fmt(q['correct_of_found'])}; null speakers right {q['correct_null']}/{q['annotated_null']})",
    ]
    lines += listed("false positives", p["false_positives"])
    lines += listed("missed", p["missed"])
    lines += listed("split (seed_scoring rule)", p["split"])
    lines += listed("merged (seed_scoring rule)", p["merged"])
    lines += listed("non-actor mentions", p["non_actor_mentions"])
    if t:
        lines += listed(
            "wrong types",
            [
                f"{w['label']}: expected {w['expected']}, got {w['got']} ({w['actor_id']})"
                + (" [optional]" if w["optional"] else "")
                for w in t["wrong"]
            ],
        )
    lines += listed("alias pairs apart", [f"{b['label']} {b['same']}/{b['pairs']}: {b['actors']}" for b in a["broken"]])
    lines += listed("not one actor across articles", [f"{b['label']}: {b['docs']}" for b in c["broken"]])
    lines += listed("multi-article labels found in <2 docs", c["unjudged"])
    lines += listed("wrong merges", [f"{m['actor_id']}: {m['labels']}" for m in r["wrong_merges"]])
    if q:
        lines += listed("quotes missed", q["missed"])
        lines += listed(
            "quote speakers wrong",
            [
                f"{w['quote']}: expected {w['expected']} {w['expected_ids']}, got {w['got']} ({w['got_speaker']})"
                for w in q["wrong"]
            ],
        )
    lines += listed("annotation notes", r["annotation_notes"])
    return lines


def listed(title: str, items: list) -> list[str]:
    return [f"  {title} ({len(items)}):"] + [f"    - {item}" for item in items] if items else []


def format_cross(x: dict) -> list[str]:
    lines = [
        "== across annotations (one mixed corpus)",
        f"cross-region merges  {len(x['merges'])} actor(s) holding labels of two annotation files",
        f"shared labels linked {fmt(x['shared_linked'])} ({x['shared_linked_n']}/{x['shared_judged']} labels in "
        f"several files, found in each, on one actor)",
    ]
    lines += listed("cross-region merges", [f"{m['actor_id']}: {m['labels']}" for m in x["merges"]])
    lines += listed("shared labels not linked", [f"{k}: {v}" for k, v in x["shared_broken"].items()])
    lines += listed("shared labels", [f"{k}: {v}" for k, v in x["shared_labels"].items()])
    return lines


# ------------------------------------------------------------------------------------------- main


def header(output: dict) -> str:
    """Which pipeline was measured and on what, so that a saved report says what it is about."""
    dirty = " (uncommitted changes)" if output["dirty"] else ""
    how = f"tables reused from {output['reused']}" if "reused" in output else f"built in {output['build_seconds']} s"
    return f"pipeline {Path(pipeline.__file__).parent} @ {output['commit']}{dirty}; {how}; {output['n_docs']} documents"


def same_actor_map(pairs: list[str]) -> dict[str, str]:
    """'US forces=US military' -> {'us military': 'us forces'}: the second label counts as the first."""
    result = {}
    for pair in pairs:
        first, sep, second = pair.partition("=")
        if not sep:
            raise SystemExit(f"--same-actor expects LABEL=LABEL, got {pair!r}")
        result[second.strip().casefold()] = first.strip().casefold()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, required=True, help="article folder annotated by --golden")
    parser.add_argument("--golden", type=Path, required=True, help="annotation YAML of --src")
    parser.add_argument("--data", type=Path, help="reuse the tables built here (built into it when absent)")
    parser.add_argument(
        "--mixed",
        type=parse_mixed,
        nargs="+",
        action="extend",
        default=[],
        metavar="FOLDER:YAML",
        help="build these folders together with --src as one corpus",
    )
    parser.add_argument(
        "--same-actor",
        nargs="+",
        action="extend",
        default=[],
        metavar="LABEL=LABEL",
        help="two labels of different annotation files that name one real-world actor (--mixed only)",
    )
    parser.add_argument("--json", type=Path, help="write every figure and list here")
    args = parser.parse_args(argv)

    folders = [args.src.resolve(), *(f.resolve() for f, _ in args.mixed)]
    goldens = [load_golden(args.golden), *(load_golden(g) for _, g in args.mixed)]
    tables, origin, info = corpus_tables(folders, args.data)
    doc_sets = docs_by_folder(tables["documents"], origin, len(folders))
    results, resolutions = [], []
    for folder, golden, doc_ids in zip(folders, goldens, doc_sets, strict=True):
        result, resolved = evaluate(golden, restrict(tables, doc_ids), folder)
        results.append(result)
        resolutions.append(resolved)
    output = {**provenance(), **info, "n_docs": len(tables["documents"]), "results": results}
    lines = [header(output)]
    for result in results:
        lines += format_result(result)
    if len(goldens) > 1:
        output["cross_annotation"] = cross_annotation(goldens, resolutions, same_actor_map(args.same_actor))
        lines += format_cross(output["cross_annotation"])
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(output, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
