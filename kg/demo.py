"""``make demo``: load the bundled sample into a fresh embedded store and print the named queries' answers."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.output import write_rows
from kg.queries import named_queries
from kg.run import load_paths
from kg.store import TripleStore, open_store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
STORE = ROOT / "demo-out" / "store"
SHOWN = ("entities", "meetings", "figures")


def main() -> None:
    shutil.rmtree(STORE, ignore_errors=True)
    store = open_store(STORE)
    report = load_paths([EXAMPLES], store)
    print(report.summary("loaded"), f"into {STORE}")
    queries = named_queries()
    for name in SHOWN:
        print(f"\n== {name}: {queries[name].description}")
        names, rows = store.select(queries[name].text)
        write_rows(names, rows, "table")
    write_pictures(store)
    store.close()


def write_pictures(store: TripleStore) -> None:
    """The meeting network of the bundled article as an interactive page and a picture, beside the store."""
    from kg.viz.network import meeting_network, write_network

    network = meeting_network(store)
    written = [write_network(network, STORE.parent / name, title="Meeting network of the bundled article")
               for name in ("network.html", "network.png")]
    print(f"\n== meeting network: {len(network.nodes)} people and countries, {len(network.meetings)} meetings")
    for path in written:
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
