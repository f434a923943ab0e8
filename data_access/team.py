"""Who may curate: anyone who reaches the port (no analysts file), or in team mode only an analyst
signed in with the password whose argon2 hash the analysts file keeps (pipeline/curation/analysts.py)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pipeline.api import Analysts, AnalystsFileError, analysts_path, read_analysts, verify_analyst

ADD_COMMAND = "python -m pipeline add-analyst NAME"
_REMEDY = f"add an analyst with {ADD_COMMAND}. Until then nobody can record decisions; reading stays open"


@dataclass(frozen=True)
class TeamAccess:
    """Who may curate now.

    mode: "open" (no analysts file: anyone who reaches the port, typing any name), "team" (only a
        signed-in analyst of `analysts`), or "closed" (team mode, but nobody can sign in: `problem` says why).
    """

    mode: Literal["open", "team", "closed"]
    path: Path
    analysts: Analysts = Analysts()
    problem: str = ""


def team_access(environ: Mapping[str, str] | None = None) -> TeamAccess:
    """Read the analysts file ($DASHBOARD_ANALYSTS_FILE, else data/analysts.yaml) as it is now, so
    that an added or removed analyst counts from the next click. Never raises: a file the environment
    names but that is missing, a damaged file or one naming nobody closes curation (never opens it)."""
    path, named = analysts_path(os.environ if environ is None else environ)
    try:
        analysts = read_analysts(path)
    except FileNotFoundError:
        if not named:
            return TeamAccess("open", path)
        return TeamAccess("closed", path, problem=f"{path} (named by the environment) does not exist; {_REMEDY}")
    except (AnalystsFileError, OSError) as error:
        return TeamAccess("closed", path, problem=f"{error}; fix it or write it again with {ADD_COMMAND}")
    if not analysts.entries:
        return TeamAccess("closed", path, problem=f"{path} names no analyst; {_REMEDY}")
    return TeamAccess("team", path, analysts)


def sign_in(access: TeamAccess, name: str, password: str) -> str | None:
    """The analyst's name as the file writes it when the password is theirs, else None (whether the
    name or the password was wrong is not told). Always takes one argon2 verification."""
    return verify_analyst(access.analysts, name, password)


def is_member(access: TeamAccess, name: str) -> bool:
    """True while `name` (as signed in) is still in the team: removing the entry signs them out."""
    found = access.analysts.find(name) if access.mode == "team" else None
    return found is not None and found.name == name
