"""Read the words of described parties (data/knowledge/base/patterns/parties.yaml): see pipeline.events.described."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.knowledge_files import strictly

PARTIES_FILE = "parties.yaml"


@dataclass(frozen=True)
class PartyWords:
    """The head nouns of described parties by the actor type they get, and the modifiers that
    make one armed or that its name leaves out."""

    armed: frozenset[str] = frozenset()
    forces: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()  # "a police post", "an army convoy": a target that stands for its holder
    armed_modifiers: frozenset[str] = frozenset()
    dropped_modifiers: frozenset[str] = frozenset()
    victim_verbs: frozenset[str] = frozenset()  # "soldiers were killed in clashes with X": the subject is the victims
    categories: dict[str, str] = field(default_factory=dict)  # kind -> ACLED's category ("person" -> "civilians")


def load_party_words(path: Path) -> PartyWords:
    """Read parties.yaml; no file gives no described parties."""
    if not Path(path).exists():
        return PartyWords()
    with strictly(path) as data:

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key, []))

        return PartyWords(
            armed=words("armed"),
            forces=words("forces"),
            people=words("people"),
            sites=words("sites"),
            armed_modifiers=words("armed_modifiers"),
            dropped_modifiers=words("dropped_modifiers"),
            victim_verbs=words("victim_verbs"),
            categories={str(kind): str(word) for kind, word in (data.get("categories") or {}).items()},
        )
