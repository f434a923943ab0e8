"""Distinguishing terms: log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from components.compare import log_odds_terms, term_totals

TEXTS = pd.Series(
    [
        "militia shelling border crossing shelling",
        "militia shelling convoy",
        "border smuggling trade smuggling",
        "border smuggling economy militia",
    ]
)
GROUPS = pd.Series(["A", "A", "B", "B"])


def test_log_odds_terms_ranks_overused_terms_first() -> None:
    terms = log_odds_terms(TEXTS, GROUPS, top_n=2)
    assert terms[terms["group"] == "A"]["term"].tolist()[0] == "shelling"
    assert terms[terms["group"] == "B"]["term"].tolist()[0] == "smuggling"
    assert (terms["z"] > 0).all()


def test_log_odds_terms_matches_the_formula() -> None:
    # one term w: y_A=3, y_B=0; other term v: y_A=1, y_B=4; uniform prior 0.5/0.5 scaled to n=8
    terms = log_odds_terms(
        pd.Series(["www vvv www www", "vvv vvv vvv vvv"]),
        pd.Series(["A", "B"]),
        prior=term_totals(pd.Series(["www vvv"])),
        top_n=5,
    )
    a, a0 = (0.5 + 0.01 / 2) / 1.01 * 8, 8.0  # prior share of www with the smoothing, times n
    delta = np.log((3 + a) / (4 + a0 - 3 - a)) - np.log((0 + a) / (4 + a0 - 0 - a))
    expected = delta / np.sqrt(1 / (3 + a) + 1 / (0 + a))
    row = terms[(terms["group"] == "A") & (terms["term"] == "www")].iloc[0]
    assert np.isclose(row["z"], expected, rtol=1e-3)


def test_log_odds_terms_equal_use_is_not_distinguishing() -> None:
    terms = log_odds_terms(pd.Series(["alpha common", "beta common"]), pd.Series(["A", "B"]))
    assert terms.set_index("group")["term"].to_dict() == {"A": "alpha", "B": "beta"}


def test_log_odds_terms_drops_stopwords_and_handles_one_group() -> None:
    terms = log_odds_terms(TEXTS, GROUPS, stopwords=frozenset({"shelling"}))
    assert "shelling" not in set(terms["term"])
    assert log_odds_terms(TEXTS, pd.Series(["A"] * 4)).empty
    assert log_odds_terms(pd.Series([], dtype="string"), pd.Series([], dtype="string")).empty
