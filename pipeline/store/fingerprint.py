"""What a build's output depends on, hashed without loading spaCy or the knowledge.

The per-article cache key and the manifest carry this fingerprint, and a rebuild of an unchanged
folder is decided from it (pipeline.rebuild.noop) in a fraction of a second: importing spaCy alone takes
longer than checking the sources.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from pathlib import Path

from pipeline.config import PipelineConfig

_PIPELINE_DIR = Path(__file__).resolve().parent
KNOWLEDGE_SUFFIXES = (".yaml", ".tsv")  # the world's towns are a table (cities.tsv)


def pipeline_fingerprint(config: PipelineConfig) -> str:
    """Changes whenever the model, the domain knowledge, the settings or the pipeline code change."""
    digest = hashlib.sha256()
    digest.update(model_fingerprint(config).encode())
    digest.update(knowledge_fingerprint(config).encode())
    digest.update(str(config.fuzzy_threshold).encode())
    for path in sorted(_PIPELINE_DIR.rglob("*.py")):  # subpackages too (pipeline/events/)
        digest.update(str(path.relative_to(_PIPELINE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def knowledge_fingerprint(config: PipelineConfig) -> str:
    """A hash of the knowledge a build loads: the YAML files and tables of the base and of its
    theatre packs, in load order. Any edit of them invalidates cached results; the analysts'
    decisions file never does, even when kept among them, as decisions are applied after the cache,
    to the tables."""
    digest = hashlib.sha256()
    decisions = config.decisions_path.resolve()
    for folder in (config.base_dir, *config.theatre_dirs()):
        for path in sorted(p for p in Path(folder).rglob("*") if p.suffix in KNOWLEDGE_SUFFIXES):
            if path.resolve() != decisions:
                digest.update(str(path.relative_to(config.knowledge_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def resolve_model_name(config: PipelineConfig) -> str:
    """The first of the configured models that is installed.

    Raises OSError naming every model tried, with the install command.
    """
    for name in config.models:
        if importlib.util.find_spec(name) is not None:
            return name
    raise OSError(
        f"none of the spaCy models {', '.join(config.models)} is installed; run `pip install -r requirements.txt`"
    )


def model_fingerprint(config: PipelineConfig) -> str:
    """Name and installed version of the model, for cache keys and the manifest."""
    name = resolve_model_name(config)
    return f"{name}=={importlib.metadata.version(name)}"
