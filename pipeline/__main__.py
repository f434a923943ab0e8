"""Command line: `python -m pipeline build [SRC] [--out DATA]`; the only place paths are resolved."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from pipeline.build import build_corpus
from pipeline.config import PROJECT_DIR, PipelineConfig
from pipeline.engines import ENGINES


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config = replace(
        PipelineConfig(),
        n_process=args.n_process,
        batch_size=args.batch_size,
        use_cache=not args.no_cache,
        engine=args.engine,
        scheduler=args.scheduler,
        max_file_bytes=int(args.max_file_mb * 1024 * 1024),
        max_chars=args.max_chars,
        **({"knowledge_dir": Path(args.knowledge).resolve()} if args.knowledge else {}),
        **({"theatres": tuple(args.theatre)} if args.theatre else {}),
    )
    try:
        summary = build_corpus(
            Path(args.src), Path(args.out), config=config, on_progress=_print_progress if args.verbose else None
        )
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(summary.format())
    return 0


def _parser() -> argparse.ArgumentParser:
    defaults = PipelineConfig()
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", description="Build actor, mention, date and quote tables from news articles."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the Parquet tables of a folder of articles")
    build.add_argument(
        "src", nargs="?", default=str(PROJECT_DIR / "seeds"), help="folder of .txt/.md/.html articles (default: seeds/)"
    )
    build.add_argument("--out", default=str(PROJECT_DIR / "data"), help="folder for the tables (default: data/)")
    build.add_argument(
        "--knowledge", help="knowledge folder with base/ and theatres/ (default: the project's data/knowledge/)"
    )
    build.add_argument(
        "--theatre",
        action="append",
        help="a theatre pack to load (repeat for several, in order; default: every pack under theatres/)",
    )
    build.add_argument("--engine", choices=ENGINES, default=defaults.engine, help="analyse here or on Dask")
    build.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster)")
    build.add_argument("--n-process", type=int, default=defaults.n_process, help="spaCy worker processes")
    build.add_argument("--batch-size", type=int, default=defaults.batch_size, help="documents per spaCy batch")
    build.add_argument(
        "--max-file-mb", type=float, default=defaults.max_file_bytes / 1024 / 1024, help="skip larger files"
    )
    build.add_argument(
        "--max-chars", type=int, default=defaults.max_chars, help="skip files whose text has more characters"
    )
    build.add_argument("--no-cache", action="store_true", help="recompute every document")
    build.add_argument("-v", "--verbose", action="store_true", help="print progress")
    return parser


def _print_progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
