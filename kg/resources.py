"""Where the ontology and the named queries are, in a wheel or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """``ontology`` or ``queries``: shipped inside the wheel, or beside ``kg/`` in a checkout."""
    for candidate in (_PACKAGE / "_resources" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"newskg resource folder {name!r} not found (broken install?)")


def ontology_file(name: str = "newskg.ttl") -> Path:
    return resource_dir("ontology") / name
