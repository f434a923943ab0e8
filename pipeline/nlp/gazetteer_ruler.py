"""The gazetteer's entity ruler, whose phrase patterns are kept between builds as tokens.

spaCy's EntityRuler tokenises each phrase pattern (one Doc per spelling: 25,000 of them) every
time a pipeline is built, and that was most of building it. The PhraseMatcher behind it matches on
one attribute of each token (here LOWER), so what a pattern needs is the lower-case form of each of
its tokens: `GazetteerRuler.add_keywords` adds patterns as those, without a Doc, exactly as
`EntityRuler.add_patterns` adds them (same match keys, same entity ids). The tokens, with the other
things the pipeline derives from the gazetteer (the case filter's spellings and capitalised forms),
are computed once for the knowledge, the code, the model and the spaCy version, and kept as JSON in
the build's cache folder (pipeline.knowledge_cache).
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Sequence

from spacy.language import Language
from spacy.pipeline.entityruler import DEFAULT_ENT_ID_SEP, EntityRuler

from pipeline.entities import demonym_patterns, demonym_spellings
from pipeline.gazetteer import capitalised_forms, case_spellings, ruler_patterns
from pipeline.knowledge import Knowledge
from pipeline.knowledge_cache import (
    RULER_SUFFIX,
    CacheEntryError,
    check_mapping,
    check_string_lists,
    check_strs,
    entry_key,
    read_entry,
    spacy_version,
    write_entry,
)

_RULER_KEYS = frozenset({"labels", "ids", "tokens", "spellings", "capitalised"})


class GazetteerRuler(EntityRuler):
    """An EntityRuler that also takes phrase patterns as their tokens' lower-case forms."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._n_keywords = 0

    def __len__(self) -> int:
        return super().__len__() + self._n_keywords

    def add_keywords(self, labels: Sequence[str], ids: Sequence[str], tokens: Sequence[Sequence[str]]) -> None:
        """Add phrase patterns as `EntityRuler.add_patterns` adds `{"label", "pattern", "id"}`: the
        i-th matches the token forms `tokens[i]` (of the matcher's attribute, LOWER) and is the
        entity `labels[i]` with the id `ids[i]`."""
        strings = self.nlp.vocab.strings
        grouped: dict[str, list[list[int]]] = defaultdict(list)
        for label, ent_id, forms in zip(labels, ids, tokens, strict=True):
            key_label = self._create_label(label, ent_id)
            self._ent_ids[self.matcher._normalize_key(key_label)] = (label, ent_id)
            if forms:
                grouped[key_label].append([strings.add(form) for form in forms])
        for key_label, keywords in grouped.items():
            self.phrase_matcher.add(key_label, keywords)
        self._n_keywords += len(labels)


@Language.factory(
    "conflict_news_gazetteer_ruler_v1",
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    default_config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True, "ent_id_sep": DEFAULT_ENT_ID_SEP},
)
def make_gazetteer_ruler(
    nlp: Language, name: str, phrase_matcher_attr: str, overwrite_ents: bool, ent_id_sep: str
) -> GazetteerRuler:
    return GazetteerRuler(
        nlp, name, phrase_matcher_attr=phrase_matcher_attr, overwrite_ents=overwrite_ents, ent_id_sep=ent_id_sep
    )


def ruler_data(nlp: Language, knowledge: Knowledge) -> dict:
    """What the pipeline derives from the gazetteer: each phrase pattern's label, id and tokens
    (lower case), the case filter's spellings and capitalised forms. Read from the knowledge's
    cache folder when kept there for this knowledge, code, model and spaCy version; else computed
    (tokenising every spelling with `nlp`'s tokenizer) and kept there."""
    key = entry_key("ruler", knowledge.cache_key, spacy_version()) if knowledge.cache_dir is not None else ""
    if key:
        body = read_entry(knowledge.cache_dir, key, RULER_SUFFIX)
        data = _checked(body) if body is not None else None
        if data is not None:
            return data
    patterns = ruler_patterns(knowledge.gazetteer) + demonym_patterns(knowledge.institutions)
    data = {
        "labels": [pattern["label"] for pattern in patterns],
        "ids": [pattern["id"] for pattern in patterns],
        "tokens": [[token.lower_ for token in doc] for doc in nlp.tokenizer.pipe(p["pattern"] for p in patterns)],
        "spellings": {**demonym_spellings(knowledge.institutions), **case_spellings(knowledge.gazetteer)},
        "capitalised": capitalised_forms(knowledge.gazetteer),
    }
    if key:
        write_entry(knowledge.cache_dir, key, RULER_SUFFIX, data)
    return data


def _checked(body: object) -> dict | None:
    """The ruler's data from a cache entry, every value checked; None (with a RuntimeWarning) when
    it is not of that shape."""
    try:
        data = check_mapping(body, _RULER_KEYS)
        labels, ids, tokens = check_strs(data["labels"]), check_strs(data["ids"]), data["tokens"]
        if type(tokens) is not list:
            raise CacheEntryError("the ruler's tokens are not an array")
        check_string_lists(tokens)
        if not len(labels) == len(ids) == len(tokens):
            raise CacheEntryError("the ruler's columns differ in length")
        spellings = data["spellings"]
        if type(spellings) is not dict:
            raise CacheEntryError("the spellings are not an object")
        check_string_lists(list(spellings.values()))
        check_strs(data["capitalised"])
    except CacheEntryError as error:
        warnings.warn(
            f"ignored the ruler cache entry: {error}; the ruler's patterns are tokenised again",
            RuntimeWarning,
            stacklevel=3,
        )
        return None
    return data
