"""Command line: `python -m pipeline build [SRC] [--out DATA]`, `check-knowledge`, `export-pack NAME`,
`add-analyst NAME`; the only place paths are resolved."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import warnings
from dataclasses import replace
from pathlib import Path

from pipeline.config import ENGINES, PROJECT_DIR, PipelineConfig
from pipeline.curation import add_analyst, analysts_path, check_name, hash_password
from pipeline.progress_bar import TerminalBars
from pipeline.rebuild import nothing_to_build

# spaCy, the knowledge and the build are imported by the commands that need them: a rebuild of an
# unchanged folder is decided in a fraction of the second importing spaCy alone takes.


def main(argv: list[str] | None = None) -> int:
    warnings.formatwarning = _format_warning
    args = _parser().parse_args(argv)
    commands = {
        "build": _build,
        "check-knowledge": _check_knowledge,
        "export-pack": _export_pack,
        "add-analyst": _add_analyst,
    }
    try:
        return commands[args.command](args)
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _config(args: argparse.Namespace) -> PipelineConfig:
    return replace(
        PipelineConfig(),
        **({"knowledge_dir": Path(args.knowledge).resolve()} if args.knowledge else {}),
        **({"theatres": tuple(args.theatre)} if args.theatre else {}),
    )


def _build(args: argparse.Namespace) -> int:
    config = replace(
        _config(args),
        n_process=args.n_process,
        batch_size=args.batch_size,
        use_cache=not args.no_cache,
        engine=args.engine,
        scheduler=args.scheduler,
        max_file_bytes=int(args.max_file_mb * 1024 * 1024),
        max_chars=args.max_chars,
        lock_timeout=args.lock_timeout,
        **({"curation_file": Path(args.decisions).resolve()} if args.decisions else {}),
    )
    unchanged = None if args.force_out else nothing_to_build(Path(args.src), Path(args.out), config)
    if unchanged:
        print(unchanged)
        return 0
    from pipeline.build import build_corpus

    with TerminalBars(sys.stderr, log=args.verbose) as progress:  # bars on a terminal only
        summary = build_corpus(
            Path(args.src), Path(args.out), config=config, on_progress=progress, force_out=args.force_out
        )
    print(summary.format())
    return 0


def _check_knowledge(args: argparse.Namespace) -> int:
    """Load every layer with its checks; a problem raises ValueError naming file and line."""
    from pipeline.knowledge import load_knowledge

    knowledge = load_knowledge(_config(args))
    packs = ", ".join(knowledge.packs) or "none"
    print(
        f"Knowledge OK: {len(knowledge.gazetteer.entries):,} actors, {len(knowledge.gazetteer.by_key):,} spellings, "
        f"{len(knowledge.institutions.demonyms):,} demonyms; theatre packs: {packs}."
    )
    return 0


def _export_pack(args: argparse.Namespace) -> int:
    """Write the analysts' curated actors of one build as the theatre pack NAME."""
    from pipeline.curation import load_decisions, pack_from_curation, uncurated_dir, write_pack
    from pipeline.knowledge import load_knowledge
    from pipeline.store import read_tables

    config = _config(args)
    data = Path(args.data)
    tables = read_tables(data)
    decisions = load_decisions(Path(args.decisions) if args.decisions else config.decisions_path)
    knowledge = load_knowledge(config)
    exported = pack_from_curation(
        tables,
        read_tables(uncurated_dir(data))["actors"],
        list(decisions.decisions),
        knowledge.gazetteer,
        name=args.name,
        where=str(data),
    )
    written = write_pack(config.theatres_dir / args.name, exported, force=args.force)
    load_knowledge(replace(config, theatres=None))  # the new pack loads and passes the checks beside every other
    files = ", ".join(map(str, written))
    print(f"Wrote {len(exported.entries)} actors and {len(exported.non_actors)} non-actors: {files}")
    for note in [*decisions.skipped, *exported.skipped]:
        print(f"  skipped {note}")
    return 0


def _add_analyst(args: argparse.Namespace) -> int:
    """Ask twice for a password, without echo, and write the analyst with its argon2 hash (never the
    password) into the analysts file; an analyst already there gets the new password."""
    path = Path(args.file) if args.file else analysts_path(os.environ)[0]
    name = check_name(args.name)
    try:
        password = getpass.getpass(f"Password for {name}: ")
        repeated = getpass.getpass("Repeat it: ")
    except EOFError:
        raise ValueError("no password was typed; nothing was written") from None
    if repeated != password:
        raise ValueError("the two passwords differ; nothing was written")
    replaced = add_analyst(path, name, hash_password(password))
    print(f"{'Replaced the password of' if replaced else 'Added'} {name} in {path}: the dashboard is in team mode.")
    return 0


def _parser() -> argparse.ArgumentParser:
    defaults = PipelineConfig()
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", description="Build actor, mention, date and quote tables from news articles."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the Parquet tables of a folder of articles")
    build.add_argument(
        "src",
        nargs="?",
        default=str(PROJECT_DIR / "seeds"),
        help="folder of .txt/.md/.html articles and .pdf/.docx reports (default: seeds/)",
    )
    build.add_argument("--out", default=str(PROJECT_DIR / "data"), help="folder for the tables (default: data/)")
    build.add_argument("--decisions", help="the analysts' decisions file (default: data/curation.yaml)")
    build.add_argument(
        "--force-out",
        action="store_true",
        help="build into --out although it holds files but no earlier build (deletes none of them)",
    )
    build.add_argument(
        "--lock-timeout",
        type=float,
        default=defaults.lock_timeout,
        help="seconds to wait for another build writing the same folder (default: %(default)s)",
    )
    build.add_argument("--engine", choices=ENGINES, default=defaults.engine, help="analyse here or on Dask")
    build.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster)")
    build.add_argument(
        "--n-process",
        type=int,
        default=defaults.n_process,
        help="processes for spaCy and the analysis of each article (default: the usable cores, %(default)s; 1: one)",
    )
    build.add_argument("--batch-size", type=int, default=defaults.batch_size, help="documents per spaCy batch")
    build.add_argument(
        "--max-file-mb", type=float, default=defaults.max_file_bytes / 1024 / 1024, help="skip larger files"
    )
    build.add_argument(
        "--max-chars", type=int, default=defaults.max_chars, help="skip files whose text has more characters"
    )
    build.add_argument(
        "--no-cache", action="store_true", help="recompute every document, and compile the knowledge again"
    )
    build.add_argument(
        "-v", "--verbose", action="store_true", help="print every progress message (bars show on a terminal anyway)"
    )
    check = commands.add_parser("check-knowledge", help="load and check the knowledge: base and theatre packs")
    export = commands.add_parser("export-pack", help="write the analysts' curated actors as a theatre pack")
    export.add_argument("name", help="the theatre pack's name (a folder under data/knowledge/theatres/)")
    export.add_argument("--data", default=str(PROJECT_DIR / "data"), help="the build's folder (default: data/)")
    export.add_argument("--decisions", help="the analysts' decisions file (default: data/curation.yaml)")
    export.add_argument("--force", action="store_true", help="replace the pack's curated actors if they exist")
    analyst = commands.add_parser(
        "add-analyst", help="add an analyst who may curate in team mode, or set a new password for one"
    )
    analyst.add_argument("name", help="the name every decision of theirs records, e.g. 'A. Analyst'")
    analyst.add_argument(
        "--file", help="the analysts file (default: $DASHBOARD_ANALYSTS_FILE, else data/analysts.yaml)"
    )
    for command in (build, check, export):
        command.add_argument(
            "--knowledge", help="knowledge folder with base/ and theatres/ (default: the project's data/knowledge/)"
        )
        command.add_argument(
            "--theatre",
            action="append",
            help="a theatre pack to load (repeat for several, in order; default: every pack under theatres/)",
        )
    return parser


def _format_warning(message, category, filename, lineno, line=None) -> str:
    """The pipeline's own warnings (a discarded commit journal) as one plain line; others as Python shows them."""
    if Path(filename).resolve().is_relative_to(PROJECT_DIR / "pipeline"):
        return f"warning: {message}\n"
    return _PYTHON_FORMAT_WARNING(message, category, filename, lineno, line)


_PYTHON_FORMAT_WARNING = warnings.formatwarning


if __name__ == "__main__":
    sys.exit(main())
