"""The optional drawing libraries (the ``viz`` extra), imported only when a picture is drawn."""

from __future__ import annotations

import importlib
from types import ModuleType

VIZ_HINT = "pictures need matplotlib and networkx: pip install 'newskg[viz]'"


def require(module: str) -> ModuleType:
    """Import an optional drawing library, or fail with how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"{exc.name or module} is not installed; {VIZ_HINT}") from exc
