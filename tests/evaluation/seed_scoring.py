"""Score built tables against our own annotation of the seed articles (tests/golden/seed_actors.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from pipeline.names import name_key

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "seed_actors.yaml"


@dataclass
class Score:
    true_positives: int = 0
    false_positives: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    bad_mentions: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / max(self.true_positives + len(self.false_positives), 1)

    @property
    def recall(self) -> float:
        return self.true_positives / max(self.true_positives + len(self.missed), 1)

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def report(self) -> str:
        return (
            f"precision {self.precision:.3f} recall {self.recall:.3f} "
            f"(tp {self.true_positives}, fp {len(self.false_positives)}, fn {len(self.missed)}, "
            f"split {len(self.split)}, merged {len(self.merged)}, non-actors {len(self.bad_mentions)})\n"
            f"false positives: {self.false_positives}\nmissed: {self.missed}\nsplit: {self.split}\n"
            f"merged: {self.merged}\nnon-actor mentions: {self.bad_mentions}"
        )


def score_tables(tables: dict[str, pd.DataFrame], golden_path: Path = GOLDEN) -> Score:
    """(actor, article) pairs: an expected actor is found in an article when a mention there belongs to
    an actor that one of its spellings resolves to; a predicted pair is right when its actor is an
    expected (or optional) actor of that article."""
    golden = yaml.safe_load(golden_path.read_text(encoding="utf-8"))
    mentions = tables["mentions"].assign(prefix=lambda f: f["doc_id"].str[:3], key=lambda f: f["surface"].map(name_key))
    actor_of_key = mentions.groupby("key")["actor_id"].agg(lambda s: s.mode().iat[0])
    score = Score()
    expected_pairs: set[tuple[str, str]] = set()
    optional_pairs: set[tuple[str, str]] = set()
    for entry in golden["actors"]:
        actor_ids = {actor_of_key[k] for k in map(name_key, entry["surfaces"]) if k in actor_of_key}
        if len(actor_ids) > 1:
            score.split.append(f"{entry['label']}: {sorted(actor_ids)}")
        for doc in entry["docs"]:
            pairs = {(actor_id, doc) for actor_id in actor_ids}
            (optional_pairs if entry.get("optional") else expected_pairs).update(pairs)
            found = any(((mentions["prefix"] == doc) & (mentions["actor_id"] == a)).any() for a in actor_ids)
            if entry.get("optional"):
                continue
            if found:
                score.true_positives += 1
            else:
                score.missed.append(f"{entry['label']} in {doc}")
    labels_of_actor: dict[str, set[str]] = {}
    for entry in golden["actors"]:
        for key in map(name_key, entry["surfaces"]):
            if key in actor_of_key:
                labels_of_actor.setdefault(actor_of_key[key], set()).add(entry["label"])
    score.merged = [f"{a}: {sorted(labels)}" for a, labels in labels_of_actor.items() if len(labels) > 1]
    predicted = set(zip(mentions["actor_id"], mentions["prefix"], strict=False))
    score.false_positives = sorted(f"{a} in {d}" for a, d in predicted - expected_pairs - optional_pairs)
    not_actors = {name_key(text) for text in golden["not_actors"]}
    score.bad_mentions = sorted(set(mentions.loc[mentions["key"].isin(not_actors), "surface"]))
    return score


if __name__ == "__main__":  # PYTHONPATH=. python tests/evaluation/seed_scoring.py DATA_DIR [GOLDEN_YAML]
    import sys

    from pipeline.store import read_tables

    golden = Path(sys.argv[2]) if len(sys.argv) > 2 else GOLDEN
    print(score_tables(read_tables(Path(sys.argv[1])), golden).report())
