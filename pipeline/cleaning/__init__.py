"""Separate an article's own text (headline and body) from page furniture, recording what was dropped.

Modules:
- `boilerplate_patterns`: Read and compile data/patterns/boilerplate.yaml: line rules, Markdown markup
  and caption signals.
- `clean`: Separate an article's own text (headline and body) from page furniture, recording what was
  dropped.
- `fragments`: Expand the `{name}` fragments of a patterns YAML file into a regex and compile it.
- `furniture`: Remove paragraphs of page furniture: picture captions and credits, and the closing bios
  and link lists.
- `headline`: Find an article's headline among its first paragraphs, dropping a section label (kicker)
  above it.
- `line_rules`: Remove boilerplate lines: the line rules anywhere, the header rules only above the
  article body.
- `pieces`: The pieces cleaning works on (lines and paragraphs with their raw position) and what it
  removes.
"""

from pipeline.cleaning.boilerplate_patterns import BoilerplatePatterns, load_boilerplate_patterns
from pipeline.cleaning.clean import CleanedArticle, clean_article
from pipeline.cleaning.fragments import compile_with_fragments
from pipeline.cleaning.pieces import Removal

__all__ = [
    "BoilerplatePatterns",
    "CleanedArticle",
    "Removal",
    "clean_article",
    "compile_with_fragments",
    "load_boilerplate_patterns",
]
