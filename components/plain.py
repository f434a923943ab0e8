"""Text from articles, metadata, URLs and analysts shown as text inside Markdown elements.

st.warning, st.success, st.subheader and friends render Markdown: an outlet named
`![o](http://…)` or a search for `[sign in](http://…)` would become a live image or link. Every
Markdown and Streamlit-shortcode character of such text is escaped with a backslash, which
CommonMark defines for any ASCII punctuation.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def plain(text: object) -> str:
    """`text` escaped so Markdown shows it as written ("![x](http://…)" stays those characters), on one line."""
    return _MARKUP.sub(r"\\\1", " ".join(str(text).split()))
