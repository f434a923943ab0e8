"""The clause that states an event: its head verb and its tokens, within the sentence."""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.events.triggers import VERB_TAGS, Trigger

_SEPARATE_CLAUSES = frozenset({"conj", "cc", "parataxis"})
_EDGE_DEPS = frozenset({"punct", "cc"})
_PARTICIPLES = frozenset({"VBG", "VBN"})
_DASHES = frozenset({"—", "–", "--", "-"})  # "TRIPOLI (Reuters) - ..."
_DATELINE_TOKENS = 6
_COUNTED_ON = frozenset({"one", "another", "others"})  # "a fifth one", "another": the party just named


def clause_head(trigger: Trigger) -> Token:
    """The verb whose clause states the event: the trigger verb, or a noun trigger's first verb;
    a participle or infinitive attached to another verb belongs to that verb's clause ("attacked
    the village, killing 12"; "continued to shell"), not a finite verb ("as the U.S. has begun moving")."""
    token = trigger.head
    if trigger.kind == "noun":
        verb = next((a for a in token.ancestors if a.tag_ in VERB_TAGS), None)
        if verb is None and any(c.dep_ in ("acl", "relcl") and c.tag_ in VERB_TAGS for c in token.children):
            return token  # "a drone strike that killed 12", read as a noun phrase by the small model
        token = verb or token.sent.root
    while (
        token.head.i != token.i
        and token.head.tag_ in VERB_TAGS
        and (
            token.dep_ == "xcomp"
            or (
                token.dep_ in ("advcl", "acl")
                and token.tag_ in _PARTICIPLES
                and token.i > token.head.i
                and not any(c.dep_ in ("aux", "nsubj", "mark") for c in token.children)
            )
        )
    ):
        token = token.head
    return token


def clause_tokens(
    head: Token,
    sentence: Span,
    casualty_verbs: frozenset[str] = frozenset(),
    contrast_marks: frozenset[str] = frozenset(),
) -> list[Token]:
    """The clause of `head`: its subtree without coordinated clauses (another verb after "and") nor
    a clause joined by contrast (", while a grocer was gunned down": `contrasted`), trimmed of edge
    punctuation and conjunctions, within the sentence. A count of the wounded after "and" is part
    of it ("were killed and six others injured when militants attacked a post"): the parse hangs
    the circumstances of both on the last verb (see `casualty_of`)."""
    dropped: set[int] = set()
    toll = [c for c in head.children if casualty_of(c, casualty_verbs) == head]
    for child in head.children:
        if toll and (child in toll or child.dep_ == "cc"):
            continue  # "and six others injured": the toll of the same act
        separate = child.dep_ in _SEPARATE_CLAUSES and (child.dep_ != "conj" or child.tag_ in VERB_TAGS)
        if separate or contrasted(child, contrast_marks):
            dropped.update(t.i for t in child.subtree)
    kept = [t for t in head.subtree if t.i not in dropped and sentence.start <= t.i < sentence.end]
    if not kept:
        return [head]
    tokens = [head.doc[i] for i in range(kept[0].i, kept[-1].i + 1) if i not in dropped]
    dash = next((k for k, t in enumerate(tokens[:_DATELINE_TOKENS]) if _dash(t)), None)
    if dash is not None and all(t.is_punct or t.tag_ in ("NNP", "NNPS") for t in tokens[:dash]):
        tokens = tokens[dash + 1 :] or tokens  # a dateline: "KIDAL, Mali — ..."
    while len(tokens) > 1 and tokens[0].i != head.i and (tokens[0].dep_ in _EDGE_DEPS or tokens[0].is_space):
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1].i != head.i and (tokens[-1].dep_ in _EDGE_DEPS or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens


def contrasted(clause: Token, contrast_marks: frozenset[str]) -> bool:
    """Whether the clause is joined to the verb it hangs on by a subordinator of contrast ("while",
    "whereas"): a second act told beside the first, not the circumstance of it."""
    if clause.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in contrast_marks for c in clause.children):
        return False
    # "killed four suicide bombers while a fifth one killed a family": a subject that only counts on
    # from the first clause's party continues its act
    return not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _COUNTED_ON for c in clause.children)


def casualty_of(verb: Token, casualty_verbs: frozenset[str]) -> Token | None:
    """The verb a count of the wounded is coordinated with ("were killed and six others injured",
    "died and 20 were wounded"): the report of one act's toll, whose circumstances ("when militants
    attacked", "in an attack on the station") the parse attaches to the last verb; None otherwise."""
    if verb.dep_ == "conj" and verb.lower_ in casualty_verbs and verb.head.tag_ in VERB_TAGS:
        return verb.head
    return None


def _dash(token: Token) -> bool:
    """A dash that ends a dateline; a hyphen only when spaced ("TRIPOLI (Reuters) - "), not "Al-Shabab"."""
    if token.text != "-":
        return token.text in _DASHES
    return bool(token.whitespace_) and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
