"""Analysts' decisions: the file that keeps them, their rules, applying them to every build, the
review queue, the team's analysts, and growing a theatre pack from what they decided.

Modules:
- `analysts`: The analysts who may curate in team mode: a YAML file of names and argon2 password hashes,
  read and checked, verified at sign-in, and replaced atomically by `python -m pipeline add-analyst
  NAME`.
- `apply`: Analysts' corrections: decisions kept in a YAML file and applied to every build, in order.
- `decisions`: The analysts' decisions file: every entry checked when read; decisions recorded and
  undone under a lock.
- `events`: Analysts' decisions about events: reject or accept one, correct what it says, merge two
  clusters, split one out.
- `file`: The analysts' decisions file as text: read within a size limit (the last parse kept while the
  bytes are the same), a decision appended and an undo marked in place, so comments and hand edits stay.
- `pack_export`: Grow a theatre from curation: the actors analysts added, renamed, merged, split,
  retyped or located in one corpus become a theatre pack, so a desk's corrections are knowledge for its
  next one.
- `reader`: Read the analysts' decisions file from YAML events: plain values, and where each decision
  is.
- `recurate`: re-apply the analysts' decisions to a build's uncurated tables: at the end of every build, and
  after every decision from the dashboard, without spaCy.
- `review_queue`: The mentions and events an analyst should review first: the pipeline's least certain
  links and events.
- `rules`: One analyst decision: its kinds and fields, and the rules every entry of the decisions file
  keeps.
- `tables`: The tables being corrected by analysts' decisions, held as indexes so one decision costs
  what it touches.
"""

from pipeline.curation.analysts import (
    Analysts,
    AnalystsFileError,
    add_analyst,
    analysts_path,
    check_name,
    hash_password,
    read_analysts,
    verify_analyst,
)
from pipeline.curation.apply import apply_decisions
from pipeline.curation.decisions import (
    DecisionsFile,
    load_decisions,
    read_decisions,
    record_decision,
    undo_decision,
    write_decisions,
)
from pipeline.curation.pack_export import pack_from_curation, write_pack
from pipeline.curation.reader import CurationError
from pipeline.curation.recurate import curate_tables, recurate, uncurated_dir
from pipeline.curation.review_queue import METHOD_REASONS, event_review_queue, review_reasons
from pipeline.curation.rules import EVENT_KINDS, KIND_LABELS, Decision
from pipeline.curation.tables import CURATED

__all__ = [
    "curate_tables",
    "recurate",
    "uncurated_dir",
    "KIND_LABELS",
    "Analysts",
    "AnalystsFileError",
    "CURATED",
    "CurationError",
    "Decision",
    "DecisionsFile",
    "EVENT_KINDS",
    "METHOD_REASONS",
    "add_analyst",
    "analysts_path",
    "apply_decisions",
    "check_name",
    "event_review_queue",
    "hash_password",
    "load_decisions",
    "pack_from_curation",
    "read_analysts",
    "read_decisions",
    "record_decision",
    "review_reasons",
    "undo_decision",
    "verify_analyst",
    "write_decisions",
    "write_pack",
]
