"""Build the spaCy pipeline: the English model, paragraph-aware sentences, and the gazetteer ruler."""

from __future__ import annotations

import importlib.metadata
import importlib.util

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import PipelineConfig
from pipeline.gazetteer import Gazetteer, ruler_patterns

# The parser and lemmatizer are not used: sentences come from the faster senter, and nothing
# downstream reads dependencies or lemmas.
UNUSED_COMPONENTS = ("parser", "lemmatizer")


def resolve_model_name(config: PipelineConfig) -> str:
    """The first of the configured models that is installed.

    Raises OSError naming every model tried, with the install command.
    """
    for name in config.models:
        if importlib.util.find_spec(name) is not None:
            return name
    raise OSError(
        f"none of the spaCy models {', '.join(config.models)} is installed; "
        "run `pip install -r requirements.txt`"
    )


def build_nlp(config: PipelineConfig, gazetteer: Gazetteer) -> Language:
    """The one place the spaCy pipeline is assembled.

    Order: model NER, then paragraph starts, then the gazetteer EntityRuler, which overwrites the
    model's entities where they overlap a known alias (Al Qaim is a place, not a person).
    """
    nlp = spacy.load(resolve_model_name(config), exclude=list(UNUSED_COMPONENTS))
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    nlp.add_pipe("news_paragraph_starts", after="senter")
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="gazetteer_ruler",
        after="ner",
        config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"},
    )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns(gazetteer))
    return nlp


def model_fingerprint(config: PipelineConfig) -> str:
    """Name and installed version of the model, for cache keys and the manifest."""
    name = resolve_model_name(config)
    return f"{name}=={importlib.metadata.version(name)}"


@Language.component("news_paragraph_starts", requires=["token.is_sent_start"], assigns=["token.is_sent_start"])
def paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every line break: a headline, caption or list item never runs into
    the next line, whatever the statistical sentence splitter thought."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text:
            token.is_sent_start = True
    return doc
