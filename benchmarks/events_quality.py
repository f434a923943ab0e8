"""Score a build's events against a blind event annotation (tests/golden/events_*.yaml).

A predicted event matches a gold one of the same document when they have the same event_type and
their clauses overlap (the gold clause is found in the document's text); each is matched once.
Reports precision, recall and F1, and over the matches how often the sub-type, the initiator, the
target, the place, the date and the fatalities agree, and whether gold events told by several
articles share one predicted cluster.

    python benchmarks/events_quality.py --src seeds --golden tests/golden/events_seeds.yaml
    python benchmarks/events_quality.py --src FOLDER --golden GOLDEN [--data DIR (reuse a build)]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.build import build_corpus  # noqa: E402
from pipeline.config import PipelineConfig  # noqa: E402
from pipeline.names import name_key  # noqa: E402
from pipeline.store.parquet import read_tables  # noqa: E402


def gold_spans(golden: list[dict], documents: pd.DataFrame) -> pd.DataFrame:
    """The gold events with their document and clause offsets (rows whose clause is not in the text are dropped)."""
    by_prefix = {
        doc_id[:3]: (doc_id, text) for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True)
    }
    rows = []
    for event in golden:
        doc_id, text = by_prefix.get(str(event["doc"]), (None, ""))
        at = text.find(event["clause"]) if doc_id else -1
        if at >= 0:
            rows.append({**event, "doc_id": doc_id, "start": at, "end": at + len(event["clause"])})
    return pd.DataFrame(rows)


def match(gold: pd.DataFrame, predicted: pd.DataFrame) -> list[tuple[int, int]]:
    """(gold row, predicted row) pairs: same document and type, overlapping clauses, greedy by overlap."""
    pairs = []
    for g, gr in gold.iterrows():
        same = predicted[(predicted["doc_id"] == gr["doc_id"]) & (predicted["event_type"] == gr["event_type"])]
        for p, pr in same.iterrows():
            overlap = min(gr["end"], pr["end"]) - max(gr["start"], pr["start"])
            if overlap > 0:
                pairs.append((overlap, g, p))
    used_g, used_p, chosen = set(), set(), []
    for _, g, p in sorted(pairs, reverse=True):
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            chosen.append((g, p))
    return chosen


# The marks that list or qualify names in a gold value ("Ngouboua, Bakaram island, Lake Chad",
# "border (districts of Kelbajar and Lachin)"): name_key keeps them, so a name followed by one was
# never held by the value it opens.
_LIST_MARKS = re.compile(r"[,;()]")


def agrees(gold_name: object, actor_id: object, names: dict[str, list[str]]) -> bool:
    """A gold actor or place (as written) agrees with a predicted id when one of the id's spellings
    is it, holds it, or is one of the names it lists ("Malian army (Fama) and Wagner" holds
    "Wagner"; "Maka Almukarramah hotel, Mogadishu" holds "Mogadishu"); both empty agree."""
    if gold_name is None or (isinstance(gold_name, float) and pd.isna(gold_name)):
        return actor_id is None or pd.isna(actor_id)
    if actor_id is None or pd.isna(actor_id):
        return False
    key = " ".join(_LIST_MARKS.sub(" ", name_key(str(gold_name))).split())
    return any(
        _holds_acronym(spelling, str(gold_name))
        if name_key(spelling).startswith("#")
        else _holds(name_key(spelling), key)
        for spelling in names.get(str(actor_id), [])
    )


def _holds_acronym(acronym: str, gold: str) -> bool:
    """An acronym's key is marked apart from words ("#SDF"), so it is looked for as a word of the gold
    value as written: "SDF fighter", "FLEC (claimed)"."""
    return re.search(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", gold) is not None


def _holds(spelling: str, gold: str) -> bool:
    return bool(spelling) and (spelling == gold or gold in spelling or f" {spelling} " in f" {gold} ")


def _value(value: object) -> str:
    """A date or count as comparable text; '' for none."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)[:10] if not isinstance(value, int | float) else str(int(value))


def score(tables: dict[str, pd.DataFrame], golden: list[dict]) -> dict:
    gold = gold_spans(golden, tables["documents"])
    predicted = tables["events"].reset_index(drop=True)
    pairs = match(gold, predicted)
    actors = tables["actors"]
    names = {
        a: [n, *list(aliases)]
        for a, n, aliases in zip(actors["actor_id"], actors["name"], actors["aliases"], strict=True)
    }
    tp = len(pairs)
    precision = tp / max(len(predicted), 1)
    recall = tp / max(len(gold), 1)

    def share(check) -> float:
        return sum(check(gold.loc[g], predicted.loc[p]) for g, p in pairs) / max(tp, 1)

    clusters = gold.groupby("cluster")["doc_id"].nunique() if "cluster" in gold else pd.Series(dtype=int)
    multi = set(clusters[clusters > 1].index)
    joined = [
        len({predicted.loc[p, "cluster_id"] for g, p in pairs if gold.loc[g, "cluster"] == c}) == 1
        and len({gold.loc[g, "doc_id"] for g, p in pairs if gold.loc[g, "cluster"] == c}) > 1
        for c in multi
    ]
    return {
        "gold": len(gold),
        "predicted": len(predicted),
        "matched": tp,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 3),
        "sub_type": round(share(lambda g, p: g["sub_event_type"] == p["sub_event_type"]), 3),
        "actor1": round(share(lambda g, p: agrees(g.get("actor1"), p["actor1_id"], names)), 3),
        "actor2": round(share(lambda g, p: agrees(g.get("actor2"), p["actor2_id"], names)), 3),
        "place": round(share(lambda g, p: agrees(g.get("place"), p["place_id"], names)), 3),
        "date": round(share(lambda g, p: _value(g.get("date")) == _value(p["date"])), 3),
        "fatalities": round(share(lambda g, p: _value(g.get("fatalities")) == _value(p["fatalities"])), 3),
        "clusters_joined": f"{sum(joined)}/{len(multi)}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", required=True)
    parser.add_argument("--golden", required=True)
    parser.add_argument("--data", help="a folder with the build of --src (built there when empty)")
    args = parser.parse_args()
    golden = yaml.safe_load(Path(args.golden).read_text(encoding="utf-8"))["events"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.data) if args.data else Path(tmp) / "data"
        if not (out / "events.parquet").exists():
            build_corpus(Path(args.src), out, config=PipelineConfig(curation_file=Path(tmp) / "curation.yaml"))
        result = score(read_tables(out), golden)
    print(" ".join(f"{key} {value}" for key, value in result.items()))


if __name__ == "__main__":
    main()
