"""Open a store from what the user gave: ``memory``, a directory, or an http(s) SPARQL endpoint."""

from __future__ import annotations

from pathlib import Path

from kg.store.base import TripleStore
from kg.store.embedded import EmbeddedStore


def open_store(
    target: str | Path | None = None, *, read_only: bool = False,
    update_endpoint: str | None = None, graph_store: str | None = None, timeout: float | None = None,
) -> TripleStore:
    """``"memory"``, a store directory (default ``$KG_STORE`` or ``./kg-store``), or an endpoint URL."""
    from kg.settings import Settings

    if target is None:
        target = Settings().store
    text = str(target)
    if text.startswith(("http://", "https://")):
        from kg.store.remote import RemoteStore

        return RemoteStore(text, update_endpoint=update_endpoint, graph_store=graph_store, timeout=timeout)
    if text == "memory":
        return EmbeddedStore(None, timeout=timeout)
    return EmbeddedStore(Path(text), read_only=read_only, timeout=timeout)
