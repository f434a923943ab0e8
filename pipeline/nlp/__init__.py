"""The spaCy pipeline: the English model, mended sentence starts and the gazetteer's entity ruler.

Modules:
- `gazetteer_ruler`: The gazetteer's entity ruler, whose phrase patterns are kept between builds as tokens.
- `model`: Build the spaCy pipeline: the English model, mended sentences, and the gazetteer ruler.
- `sentence_bounds`: Mend proposed sentence starts: never inside brackets or quotations, never after an
  abbreviation.
"""

from pipeline.nlp.model import build_nlp

__all__ = ["build_nlp"]
