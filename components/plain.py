"""Text from articles, metadata, URLs and analysts shown as text inside Markdown elements and charts.

st.warning, st.success, st.subheader, st.caption, st.status, st.progress and widget labels render
Markdown: an outlet named `![o](http://…)` or a search for `[sign in](http://…)` would become a
live image or link. Every Markdown and Streamlit-shortcode character of such text is escaped with
a backslash, which CommonMark defines for any ASCII punctuation, and an invisible word joiner goes
before each 'http', 'www.' and '@', since GitHub-flavoured Markdown turns a bare URL or e-mail
address into a link after escapes are read (`plain`); or the text goes into a code span, where
Markdown is not read at all (`code`). Plotly reads a few HTML tags in chart text
(`<a href>`, `<b>`, `<br>`) in hover labels, axis labels and legends: data going there is
HTML-escaped (`chart_text`), which plotly shows as the characters written.
"""

from __future__ import annotations

import html
import re

import pandas as pd

_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# GFM links a bare URL or address only after whitespace or punctuation: a word joiner (U+2060,
# neither) before it keeps it text.
_AUTOLINK = re.compile(r"(?i)(?=https?:|www\.|@)")
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """`text` escaped so Markdown shows it as written ("![x](http://…)" stays those characters, and a
    bare URL is not made a link), on one line."""
    return _MARKUP.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, " ".join(str(text).split())))


def code(text: object) -> str:
    """`text` as an inline code span: shown as written, on one line (a backtick becomes ')."""
    return "`" + (" ".join(str(text).replace("`", "'").split()) or " ") + "`"


def chart_text(text: object) -> str:
    """`text` for a plotly label or hover text: its '<', '>' and '&' escaped, so no tag of it is read.

    Quotes are left alone: plotly decodes &lt; &gt; &amp; back to the characters, but not &quot;.
    """
    return html.escape(str(text), quote=False)


def chart_texts(values: pd.Series) -> pd.Series:
    """`chart_text` of every non-null cell of `values` (nulls stay null, so plotly skips them)."""
    return values.map(chart_text, na_action="ignore")
