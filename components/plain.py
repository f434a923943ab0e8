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

The contract's snake_case codes (actor and event types) are shown as words by one function,
`type_label` ("armed group", not armed_group), in charts, filters and tables alike; and a bar chart
is as tall as its bars need (`bar_height`).
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
# Codes whose words are not the code with spaces; every other code reads as itself with spaces.
TYPE_LABELS = {"international_org": "international organisation", "other_org": "other organisation"}
BAR_HEIGHT = (300, 28, 900)  # a bar chart's minimum height, height per bar and maximum, in pixels
BAR_CHROME = 160  # title, axis and margins around the bars


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


def type_label(code: object) -> str:
    """A snake_case code of the tables as an analyst reads it: 'armed_group' -> 'armed group'."""
    return TYPE_LABELS.get(str(code), str(code).replace("_", " "))


def type_labels(codes: pd.Series) -> pd.Series:
    """`type_label` of every non-null cell of `codes` (one call per distinct code; nulls stay null)."""
    return codes.map({code: type_label(code) for code in codes.dropna().unique()})


def bar_height(n_bars: int, *, sizes: tuple[int, int, int] = BAR_HEIGHT, chrome: int = BAR_CHROME) -> int:
    """Pixels for a chart of `n_bars` horizontal bars: `chrome` + a row per bar, never under the
    minimum (one bar must not shrink to a strip) nor over the maximum (sizes: minimum, per bar, maximum)."""
    minimum, per_bar, maximum = sizes
    return min(maximum, max(minimum, chrome + per_bar * n_bars))
