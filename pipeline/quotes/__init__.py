"""Find direct quotations in an article and attribute each to a speaker.

Modules:
- `attribution`: Find where a quotation's attribution names its speaker: after it, before it, or in a
  short tail clause.
- `context`: The state quotation finding shares: quotations as marked and as kept, and sentences of the
  masked text.
- `extract`: Find direct quotations in an article text and attribute each to a speaker.
- `marks`: Find quotation marks: pair them per paragraph, mask the quoted words and find sentence ends.
- `patterns`: Read data/patterns/quotes.yaml into quotation word lists, and compile the regexes built
  from them.
- `speaker_resolution`: Resolve an attribution's subject to a speaker: a named actor, or a pronoun or
  noun resolved backwards.
- `speaker_roles`: Resolve 'the mayor' in an attribution to the person the text introduced with that
  role.
- `speakers`: Choose the earlier actor that a pronoun or a definite noun in an attribution stands for.
"""

from pipeline.quotes.context import Quote
from pipeline.quotes.extract import extract_quotes
from pipeline.quotes.marks import find_marks, with_single_quotes
from pipeline.quotes.patterns import QuotePatterns, load_quote_patterns
from pipeline.quotes.speakers import ActorSpan

__all__ = [
    "ActorSpan",
    "Quote",
    "QuotePatterns",
    "extract_quotes",
    "find_marks",
    "load_quote_patterns",
    "with_single_quotes",
]
