"""Tell a reported event from a plan, threat, denial, hypothesis, negation or trend."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.events.patterns import EventPatterns
from pipeline.events.triggers import NOUN_TAGS, VERB_TAGS, Trigger

_CLAUSE_LINKS = frozenset({"xcomp", "conj", "aux", "auxpass"})
_MODIFIER_DEPS = frozenset({"det", "amod", "neg", "advmod", "compound", "nummod", "quantmod", "poss"})
_AUX_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "npadvmod"})
_PRESENT = frozenset({"VBZ", "VBP"})
_PERFECT = frozenset({"have", "has", "'ve"})  # the present perfect's auxiliary
_VIOLENT = frozenset({"battle", "explosion_remote_violence", "violence_against_civilians"})


def reported_as_happened(trigger: Trigger, patterns: EventPatterns, *, headline: bool) -> bool:
    """False when the parse shows the trigger planned ("plans to strike"), threatened, denied
    ("denied that its forces shelled"), hypothetical ("could attack"), negated ("did not attack",
    "no clashes"), purposive ("an operation to retake"), habitual ("often attack"), tallied over a
    period ("have been killed since", "a series of attacks") or, outside the
    headline, in the simple present ("militants attack convoys", "airstrikes continue"); a noun
    that only dates something else ("since the start of the clashes"); or a
    generic noun referring back to an event already reported ("The attack came after ...")."""
    head = trigger.head
    if trigger.kind == "verb" and head.dep_ == "amod":
        return False  # "the targeted building": a participle used as an adjective
    if trigger.rule.decision and head.dep_ == "acl" and head.tag_ == "VBN":
        return False  # "its armed groups integrated into the forces": a state, not a decision reported
    if trigger.kind == "noun" and head.dep_ == "compound":
        return False  # "an arrest warrant", "attack helicopters": the noun qualifies another
    if trigger.kind == "noun" and any(
        c.dep_ in _MODIFIER_DEPS and c.lower_ in patterns.modifiers | patterns.negations for c in head.children
    ):
        return False
    if _governed(head, patterns, decision=trigger.rule.decision):
        return False
    if trigger.kind == "noun" and _under_negated_noun(head, patterns):
        return False
    if any(_conditional(token, patterns) for token in clause_chain(head)):
        return False
    if trigger.kind == "verb" and _claimed(head, patterns):
        return False
    if trigger.kind == "noun" and _background(head, patterns):
        return False
    for token in clause_chain(head):
        if _modal_or_negated(token, patterns):
            return False
    if trigger.kind == "noun" and _anaphoric(trigger, patterns):
        return False
    if _over_a_period(trigger, patterns):
        return False
    if trigger.kind == "verb" and head.dep_ != "xcomp" and _infinitive(head) and not _ranked(head, patterns):
        return False
    if _generalised(head if trigger.kind == "verb" else None, patterns):
        return False
    verb = head if trigger.kind == "verb" else next((a for a in head.ancestors if a.tag_ in VERB_TAGS), None)
    if trigger.kind == "noun" and _after(head, verb, patterns):
        return True  # "comes days after another attack": the attack is past
    if verb is None or headline or not patterns.present_only_in_headline:
        return True
    return not _simple_present(verb) and not _continuing(verb, patterns)


def _continuing(verb: Token, patterns: EventPatterns) -> bool:
    """ "the group continues to engage in kidnappings", "they keep attacking convoys": a verb of
    continuing in the simple present over the trigger's clause tells a trend, not an event."""
    while verb.dep_ == "xcomp" and verb.head.i != verb.i and verb.head.tag_ in VERB_TAGS:
        verb = verb.head
        if verb.lower_ in patterns.continuation_verbs and _simple_present(verb):
            return True
    return False


def _claimed(verb: Token, patterns: EventPatterns) -> bool:
    """ "The rebels claimed to have killed 84 mercenaries", "claimed that they had killed 70 soldiers":
    a party's claim of what it did, not the article's report (a claim of responsibility for an attack,
    "claimed the attack", names the event as a noun and is read elsewhere)."""
    chain = clause_chain(verb)
    if any(t.lower_ in patterns.claim_governors for t in chain[1:]):
        return True
    top = chain[-1]
    return top.dep_ == "ccomp" and top.head.lower_ in patterns.claim_governors


def _conditional(token: Token, patterns: EventPatterns) -> bool:
    """ "if attacked by anyone", "unless the rebels withdraw": a clause under a conditional mark."""
    return any(c.dep_ == "mark" and c.lower_ in patterns.conditional_marks for c in token.children)


def _under_negated_noun(noun: Token, patterns: EventPatterns) -> bool:
    """ "There were no reports of casualties or arrests": the trigger hangs, before any verb, from a
    noun its determiner negates, so the article says it did not happen."""
    for ancestor in noun.ancestors:
        if ancestor.tag_ in VERB_TAGS:
            return False
        if ancestor.tag_ in NOUN_TAGS and any(
            c.dep_ in ("det", "neg") and c.lower_ in patterns.negations for c in ancestor.children
        ):
            return True
    return False


def _over_a_period(trigger: Trigger, patterns: EventPatterns) -> bool:
    """Violence tallied over a period, many events rather than one: a verb of the trigger's clause
    dated by "since" ("more than 500 rebels have been killed since", "Since 2011, Israel has carried
    out regular airstrikes"), or a plural noun said to recur ("almost daily attacks", "a frequent
    target of Turkish attacks") or counted as a run ("a series of bomb attacks"). A trigger inside
    the "since" phrase is the event that starts the period ("since seizing Goma"), not a tally; a
    development ("have been deployed since March") is a state that lasts, and stays an event."""
    rule = trigger.rule
    if rule.resolve != "attack" and patterns.event_of.get(rule.sub_type or "") not in _VIOLENT:
        return False
    head = trigger.head
    if trigger.kind == "noun" and head.tag_ == "NNS" and _recurring(head, patterns):
        return True
    verbs = [token for token in clause_chain(head) if token.tag_ in VERB_TAGS]
    spans = not (trigger.kind == "noun" and _counted(head, patterns))
    return any(_since(v, patterns) or (spans and _over_span(v, patterns)) or _in_summary(v, patterns) for v in verbs)


def _counted(noun: Token, patterns: EventPatterns) -> bool:
    """ "three airstrikes", "a number of deadly airstrikes": a noun counted, each an event even over a span."""
    if any(c.dep_ == "nummod" for c in noun.children):
        return True
    quantity = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    return quantity is not None and quantity.lower_ in patterns.quantity_nouns


def _over_span(verb: Token, patterns: EventPatterns) -> bool:
    """Whether a span of several units of time dates the verb in the present perfect, the tense of a
    running total: "have been killed in recent days", "have been carrying out attacks for nearly four
    months", "have recorded several attacks in the last 18 months" ("had struck the market in recent
    days" reports an event)."""
    if not any(c.dep_ in ("aux", "auxpass") and c.lower_ in _PERFECT for c in verb.children):
        return False
    return any(
        c.dep_ == "prep"
        and c.lower_ in patterns.span_prepositions
        and any(o.dep_ == "pobj" and o.tag_ == "NNS" and o.lower_ in patterns.period_units for o in c.children)
        for c in verb.children
    )


def _in_summary(verb: Token, patterns: EventPatterns) -> bool:
    """ "Two policemen were killed in similar incidents": the verb's phrase is a plural incident noun
    with a word of several and no count, a sum of events the article tells one by one."""
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for noun in (o for o in prep.children if o.dep_ == "pobj" and o.lower_ in patterns.incident_nouns):
            words = {c.lower_ for c in noun.children if c.dep_ in ("amod", "advmod")}
            counted = any(c.dep_ == "nummod" for c in noun.children)
            if words & patterns.summary_modifiers and not counted:
                return True
    return False


def _recurring(noun: Token, patterns: EventPatterns) -> bool:
    """ "almost daily attacks", "a frequent target of attacks", "a series of attacks"."""
    nouns = [noun]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.tag_ in NOUN_TAGS:
        nouns.append(noun.head.head)  # "a series of attacks", "a frequent target of attacks"
    if any(n.lower_ in patterns.series_nouns for n in nouns[1:]):
        return True
    return any(c.dep_ in ("amod", "advmod") and c.lower_ in patterns.frequency_words for n in nouns for c in n.children)


def _since(verb: Token, patterns: EventPatterns) -> bool:
    """Whether "since" dates the verb: "have been killed since", "Since then, attacks have ...",
    "had been killed since the war broke out"."""
    for child in verb.children:
        if child.dep_ in ("prep", "advmod") and child.lower_ in patterns.period_prepositions:
            return True
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in patterns.period_prepositions for m in child.children
        ):
            return True
    return False


def _after(noun: Token, verb: Token | None, patterns: EventPatterns) -> bool:
    """Whether the noun hangs from its verb through "after"/"following" (an earlier event)."""
    for ancestor in noun.ancestors:
        if ancestor is verb or ancestor.tag_ in VERB_TAGS:
            return False
        if ancestor.dep_ == "prep" and ancestor.lower_ in patterns.past_prepositions:
            return True
    return False


def _governed(head: Token, patterns: EventPatterns, *, decision: bool = False) -> bool:
    """Whether a word of plan, threat, denial or trend governs the trigger ("plans to strike",
    "denied that its forces shelled"). A noun whose clause tells what it said is no such word:
    "a radio call that a sniper had attacked" reports the attack. For a decision trigger, a word of
    decision taken is none either: "have decided to stop targeting" reports the decision."""
    blocking = patterns.governors - patterns.decisions if decision else patterns.governors
    child = head
    for ancestor in head.ancestors:
        reported = ancestor.tag_ in NOUN_TAGS and child.dep_ in ("relcl", "acl") and child.tag_ in VERB_TAGS
        quantity = ancestor.lower_ in patterns.quantity_nouns and any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in ancestor.children
        )  # "a number of airstrikes"
        if ancestor.lower_ in blocking and not quantity and not (reported and not _infinitive(child)):
            return True
        child = ancestor
    return False


def _background(noun: Token, patterns: EventPatterns) -> bool:
    """ "for the first time since the start of the clashes": a noun under another noun under a
    preposition that sets the time of something else names the backdrop, not the event the
    sentence reports; the preposition's own object is an event ("in the year since its liberation")."""
    for ancestor in noun.ancestors:
        if ancestor.tag_ in VERB_TAGS:
            return False
        if ancestor.dep_ == "prep" and ancestor.lower_ in patterns.background_prepositions:
            return noun.head.i != ancestor.i
    return False


def _ranked(verb: Token, patterns: EventPatterns) -> bool:
    """ "the last town to be freed", "the first city to fall": an infinitive that ranks the noun
    it qualifies among others tells what happened to it, not a purpose."""
    noun = verb.head
    return verb.dep_ in ("acl", "relcl") and any(
        c.dep_ in ("amod", "advmod") and c.lower_ in patterns.ranking_words for c in noun.children
    )


def _generalised(verb: Token | None, patterns: EventPatterns) -> bool:
    """ "Some of them have fought the US": a part of a group named by a pronoun, a history of the
    group rather than one event; and "are deployed along the border", a state in the present."""
    if verb is None:
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.lower_ in patterns.partitive_subjects:
        of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None and any(c.dep_ == "pobj" and c.tag_ in ("PRP", "DT") for c in of.children):
            return True
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return bool(auxiliaries) and verb.tag_ == "VBN" and all(a.lower_ in ("is", "are", "am") for a in auxiliaries)


def clause_chain(head: Token) -> list[Token]:
    """The trigger and the words that carry its clause's tense and polarity: for a noun, up to its
    first verb; then up the xcomp/conj links ("continued to shell", "attacked ... and killed")."""
    chain = [head]
    token = head
    if head.tag_ not in VERB_TAGS:
        for ancestor in head.ancestors:
            chain.append(ancestor)
            if ancestor.tag_ in VERB_TAGS or ancestor.tag_ == "MD":
                token = ancestor
                break
        else:
            return chain
    while token.dep_ in _CLAUSE_LINKS and token.head.i != token.i:
        token = token.head
        chain.append(token)
    return chain


def _modal_or_negated(token: Token, patterns: EventPatterns) -> bool:
    cues = patterns.modals | patterns.negations | patterns.habitual
    return any(c.dep_ in _AUX_DEPS and c.lower_ in cues for c in token.children) or any(
        c.lower_ in patterns.frequency_nouns and any(m.dep_ in ("amod", "nummod") for m in c.children)
        for c in token.children
    )  # "has targeted it multiple times": a series


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _simple_present(verb: Token) -> bool:
    return verb.tag_ in _PRESENT and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _anaphoric(trigger: Trigger, patterns: EventPatterns) -> bool:
    """ "The attack came after ...": a generic noun with a definite determiner and nothing of its own."""
    head = trigger.head
    if trigger.rule.resolve is None:
        return False
    own = [c for c in head.children if c.dep_ not in ("det", "punct") and not trigger.first <= c.i <= trigger.last]
    return not own and any(c.dep_ == "det" and c.lower_ in patterns.anaphoric_determiners for c in head.children)
