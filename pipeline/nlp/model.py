"""Build the spaCy pipeline: the English model, mended sentences, and the gazetteer ruler.

Our components are registered under versioned names (`conflict_news_<job>_v1`) and added under short
pipe names (`news_<job>`): a component whose behaviour changes takes a new version, so a pipeline
config written for the old one names what it expects instead of silently running the new code.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.config import PipelineConfig
from pipeline.entities import MODEL_ENTS_KEY
from pipeline.knowledge import Knowledge
from pipeline.nlp.gazetteer_ruler import ruler_data
from pipeline.nlp.sentence_bounds import QuoteMarks, mend_sentence_starts
from pipeline.quotes import QuotePatterns
from pipeline.store import resolve_model_name

# Not used: nothing downstream reads lemmas, and proper nouns are read from the tagger's tags
# without the attribute ruler. The parser is used (events read who did what to whom from the
# dependencies), but not for sentences: those come from the senter and pipeline.nlp.sentence_bounds, which
# run before it, and the parser keeps their boundaries.
UNUSED_COMPONENTS = ("lemmatizer", "attribute_ruler")


def build_nlp(config: PipelineConfig, knowledge: Knowledge) -> Language:
    """The one place the spaCy pipeline is assembled.

    Order: model NER, then paragraph starts, then the gazetteer's EntityRuler, which overwrites the
    model's entities where they overlap a known alias (Al Qaim is a place, not a person; its
    patterns' tokens are kept between builds beside the knowledge, pipeline.nlp.gazetteer_ruler), then the
    case filter, which drops ruler matches in the wrong case ("is" is not IS). The ruler also
    marks demonyms ("Malian"), from which pipeline.entities.institutions reads "Malian army".
    """
    nlp = spacy.load(resolve_model_name(config), exclude=list(UNUSED_COMPONENTS))
    add_sentence_starts(nlp, knowledge.quotes)
    nlp.add_pipe(
        "conflict_news_name_particles_v1",
        name="news_name_particles",
        after="ner",
        config={"particles": sorted(knowledge.particles)},
    )
    nlp.add_pipe("conflict_news_keep_model_ents_v1", name="news_keep_model_ents", after="news_name_particles")
    ruler = nlp.add_pipe("conflict_news_gazetteer_ruler_v1", name="gazetteer_ruler", after="news_keep_model_ents")
    derived = ruler_data(nlp, knowledge)  # kept between builds in the build's cache folder
    ruler.add_keywords(derived["labels"], derived["ids"], derived["tokens"])
    nlp.add_pipe(
        "conflict_news_case_filter_v1",
        name="news_case_filter",
        after="gazetteer_ruler",
        config={"spellings": derived["spellings"], "capitalised": derived["capitalised"]},
    )
    return nlp


def add_sentence_starts(nlp: Language, quotes: QuotePatterns) -> None:
    """Sentences from the senter, mended by pipeline.nlp.sentence_bounds (paragraph breaks, brackets,
    quotations, abbreviations), set before the parser (if there is one), which then parses within
    them: the model places its senter after the parser, where setting sentence starts on a parsed
    Doc is refused.

    quotes (QuotePatterns): the quotation marks to pair and the abbreviations that end no sentence.
    """
    bounds = {
        "quote_pairs": [list(pair) for pair in quotes.quote_pairs],
        "single_quote_pairs": [list(pair) for pair in quotes.single_quote_pairs],
        "abbreviations": sorted(quotes.abbreviations),
    }
    if "parser" not in nlp.component_names:
        if "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        where = {"after": "senter"} if "senter" in nlp.component_names else {}  # else last (a sentencizer)
        nlp.add_pipe("conflict_news_sentence_bounds_v1", name="news_sentence_bounds", config=bounds, **where)
        return
    if "senter" not in nlp.disabled:
        nlp.disable_pipe("senter")
    nlp.add_pipe("conflict_news_sentences_v1", name="news_sentences", before="parser", config=bounds)


_BOUNDS_CONFIG = {"quote_pairs": [], "single_quote_pairs": [], "abbreviations": []}


@Language.factory(
    "conflict_news_sentence_bounds_v1",
    default_config=_BOUNDS_CONFIG,
    requires=["token.is_sent_start"],
    assigns=["token.is_sent_start"],
)
def make_sentence_bounds(
    nlp: Language,
    name: str,
    quote_pairs: list[list[str]],
    single_quote_pairs: list[list[str]],
    abbreviations: list[str],
) -> SentenceBounds:
    marks = QuoteMarks(tuple(map(tuple, quote_pairs)), tuple(map(tuple, single_quote_pairs)))
    return SentenceBounds(marks, frozenset(abbreviations))


class SentenceBounds:
    """Mend the sentence starts a Doc holds (pipeline.nlp.sentence_bounds.mend_sentence_starts): a
    start after every line break, none inside brackets or quotations or after an abbreviation."""

    def __init__(self, marks: QuoteMarks, abbreviations: frozenset[str]):
        self.marks = marks
        self.abbreviations = abbreviations

    def __call__(self, doc: Doc) -> Doc:
        proposed = [bool(token.is_sent_start) for token in doc]
        offsets = [token.idx for token in doc]
        mended = mend_sentence_starts(doc.text, offsets, proposed, self.marks, self.abbreviations)
        for token, start in zip(doc[1:], mended[1:], strict=True):
            token.is_sent_start = start
        return doc


@Language.factory(
    "conflict_news_sentences_v1", default_config={"senter": "senter", **_BOUNDS_CONFIG}, assigns=["token.is_sent_start"]
)
def make_sentences(
    nlp: Language,
    name: str,
    senter: str,
    quote_pairs: list[list[str]],
    single_quote_pairs: list[list[str]],
    abbreviations: list[str],
) -> SentenceStarts:
    return SentenceStarts(
        nlp.get_pipe(senter), make_sentence_bounds(nlp, name, quote_pairs, single_quote_pairs, abbreviations)
    )


class SentenceStarts:
    """The model's (disabled) senter, then the mending rules, in one component that can run
    anywhere in the pipeline; batched like the senter itself."""

    def __init__(self, senter, bounds: SentenceBounds):
        self.senter = senter
        self.bounds = bounds

    def __call__(self, doc: Doc) -> Doc:
        return self.bounds(self.senter(doc))

    def pipe(self, docs, *, batch_size: int = 128):
        for doc in self.senter.pipe(docs, batch_size=batch_size):
            yield self.bounds(doc)


@Language.factory("conflict_news_name_particles_v1", default_config={"particles": []}, assigns=["doc.ents"])
def make_name_particles(nlp: Language, name: str, particles: list[str]) -> NameParticles:
    return NameParticles(frozenset(particles))


class NameParticles:
    """Mend names the model splits at a lower-case particle: two person entities joined ("Julio" dos
    "Santos Jane"), and an entity with the capitalised words beyond a particle that it left out
    ("Mocimboa da" "Praia City", "Al Sunnah wa" "Jama’ah"). Portuguese, Spanish, Dutch and Arabic
    names carry such particles; the model reads them as ordinary words."""

    _NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})

    def __init__(self, particles: frozenset[str]):
        self.particles = particles

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        joined: list = []
        for ent in ents:
            previous = joined[-1] if joined else None
            between = doc[previous.end : ent.start] if previous is not None else None
            if (
                previous is not None
                and previous.label_ == ent.label_ == "PERSON"
                and 0 < len(between) <= 2
                and all(token.text in self.particles for token in between)
            ):
                joined[-1] = Span(doc, previous.start, ent.end, label="PERSON")
            else:
                joined.append(ent)
        mended = [self._extended(doc, ent, joined) for ent in joined]
        if mended != ents:
            doc.ents = mended
        return doc

    def _extended(self, doc: Doc, ent: Span, ents: list) -> Span:
        """`ent` grown over particle + capitalised words on either side that no other entity holds."""
        if ent.label_ not in self._NAME_LABELS:
            return ent
        taken = {i for other in ents if other is not ent for i in range(other.start, other.end)}
        start, end = ent.start, ent.end
        right = self._capitalised_after_particles(doc, end, taken, step=1)
        if right is not None:
            end = right
        left = self._capitalised_after_particles(doc, start - 1, taken, step=-1)
        if left is not None:
            start = left
        return ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label=ent.label_)

    def _capitalised_after_particles(self, doc: Doc, i: int, taken: set[int], *, step: int) -> int | None:
        """From token i, one or two particles then capitalised words (moving by `step`): the new
        edge (exclusive end going right, start going left), or None when the words are not there."""
        seen = 0
        while 0 <= i < len(doc) and i not in taken and (doc[i].text in self.particles or doc[i].text in _JOINERS):
            seen += doc[i].text in self.particles  # "Tehreek-e-Taliban": hyphens join a particle to its words
            if seen > 2:
                return None
            i += step
        words = 0
        while 0 <= i < len(doc) and i not in taken and _capitalised_word(doc[i]):
            i, words = i + step, words + 1
        if seen == 0 or words == 0:
            return None
        return i if step > 0 else i + 1


_JOINERS = frozenset({"-", "‑"})


def _capitalised_word(token) -> bool:
    """A capitalised word that may be part of a name: at a sentence start only a proper noun."""
    word = token.text[:1].isupper() and (token.is_alpha or "’" in token.text or "'" in token.text)
    return word and (not token.is_sent_start or token.tag_ in ("NNP", "NNPS"))


@Language.component("conflict_news_keep_model_ents_v1", requires=["doc.ents"], assigns=["doc.spans"])
def keep_model_ents(doc: Doc) -> Doc:
    """Keep the model's own entities aside before the gazetteer overwrites them: a longer
    organisation name around a known place ("Deir ez-Zor Military Council") is read from here."""
    doc.spans[MODEL_ENTS_KEY] = list(doc.ents)
    return doc


@Language.factory(
    "conflict_news_case_filter_v1", default_config={"spellings": {}, "capitalised": []}, assigns=["doc.ents"]
)
def make_case_filter(nlp: Language, name: str, spellings: dict, capitalised: list) -> CaseFilter:
    # Bare `dict` and `list`: spaCy checks a factory's arguments against their hints, and with
    # `dict[str, list[str]]` it walked every one of the 20,000 spellings (about a second a build).
    # They come from the gazetteer (pipeline.gazetteer.case_spellings) or the checked ruler cache.
    return CaseFilter(spellings, capitalised)


class CaseFilter:
    """Drop gazetteer matches whose spelling the gazetteer allows only in another case, and give
    back the model's own entities inside a dropped match: "the government of Benin" is no
    "Government of Benin" spelling, but Benin is still a name; a word the model itself read as a
    name ("Wafa said", where the gazetteer lists only "WAFA") stays one."""

    def __init__(self, spellings: dict[str, list[str]], capitalised: list[str]):
        self.spellings = {lower: frozenset(allowed) for lower, allowed in spellings.items()}
        self.capitalised = frozenset(capitalised)

    def __call__(self, doc: Doc) -> Doc:
        kept, dropped = [], []
        for ent in doc.ents:
            (kept if self._allowed(ent.text, ent.ent_id_) else dropped).append(ent)
        if not dropped:
            return doc
        taken = {i for ent in kept for i in range(ent.start, ent.end)}
        restored = [
            ent
            for ent in doc.spans.get(MODEL_ENTS_KEY, [])
            if any(d.start <= ent.start and ent.end <= d.end for d in dropped)
            and not taken & set(range(ent.start, ent.end))
        ]
        for token in (token for ent in dropped for token in ent):
            token.ent_id_ = ""  # the tokens still carry the dropped match's actor id
        doc.ents = sorted(kept + [Span(doc, e.start, e.end, label=e.label_) for e in restored], key=lambda e: e.start)
        return doc

    def _allowed(self, text: str, ent_id: str) -> bool:
        if not ent_id:
            return True
        lower = text.lower()
        if lower in self.capitalised and not text[:1].isupper():
            return False
        allowed = self.spellings.get(lower)
        return allowed is None or text in allowed
