"""Scale-out on dask.distributed: ``.jsonl`` shards in, one N-Quads file per shard out.

Each task extracts one shard on one worker with ``kg.run.extract_paths``; the pipeline is loaded once
per worker process (``load_pipeline`` caches it) and used by one thread at a time. The shard outputs are
then loaded with ``kg load out/*.nq`` (embedded store) or a server's own bulk loader.

Two ways to move the data:

* ``shared_fs=False`` (default): the client reads each shard and sends its bytes; the worker sends the
  N-Quads back and the client writes ``out_dir/<shard stem>.nq``. No shared file system is needed, and at
  most ``2 x`` the cluster's threads shards are in flight, so the client's memory stays bounded.
* ``shared_fs=True``: workers read the shard and write the output themselves; the paths must mean the
  same file on the client and on every worker (NFS, a cluster file system, one machine).

Needs the ``dask`` extra: ``pip install 'newskg[dask]'``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.settings import Settings

_PIPELINE_LOCK = threading.Lock()  # one thread of a worker process uses the pipeline at a time


@dataclass(frozen=True, slots=True)
class ShardReport:
    """What one shard gave: its output file, counts, and the inputs that failed (one line each)."""

    shard: Path
    output: Path | None
    articles: int = 0
    triples: int = 0
    errors: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.output is not None and not self.errors


def output_path(shard: Path, out_dir: Path) -> Path:
    """Where the N-Quads of ``shard`` go: ``out_dir/<stem>.nq``."""
    return out_dir / f"{shard.stem}.nq"


def extract_shards(shards: Sequence[Path], out_dir: Path, *, client: Any, settings: Settings | None = None,
                   published: dt.date | None = None, shared_fs: bool = False) -> list[ShardReport]:
    """Extract every shard on the Dask cluster ``client`` (a ``distributed.Client`` or a scheduler address).

    Returns one report per shard, in the order given. Shards must have distinct file stems.
    """
    shards = [Path(s) for s in shards]
    stems = [s.stem for s in shards]
    duplicates = sorted({s for s in stems if stems.count(s) > 1})
    if duplicates:
        raise ValueError(f"shards must have distinct names; repeated: {', '.join(duplicates)}")
    settings = settings or Settings()
    out_dir.mkdir(parents=True, exist_ok=True)
    with _connect(client) as dask_client:
        if shared_fs:
            reports = _by_path(dask_client, shards, out_dir, settings, published)
        else:
            reports = _by_bytes(dask_client, shards, out_dir, settings, published)
    by_shard = {r.shard: r for r in reports}
    return [by_shard[s] for s in shards]


@contextmanager
def _connect(client: Any) -> Iterator[Any]:
    """The given Client, left open; or a Client for a scheduler address, closed at the end."""
    if not isinstance(client, str):
        yield client
        return
    from distributed import Client

    own = Client(client)
    try:
        yield own
    finally:
        own.close()


def _window(client: Any) -> int:
    """Tasks to keep in flight: two per worker thread."""
    threads = sum(client.nthreads().values()) or 1
    return 2 * threads


def _by_bytes(client: Any, shards: list[Path], out_dir: Path, settings: Settings,
              published: dt.date | None) -> list[ShardReport]:
    from distributed import as_completed

    todo: Iterator[Path] = iter(shards)
    reports: list[ShardReport] = []
    futures: dict[Any, Path] = {}

    def submit(shard: Path) -> Any:
        try:
            data = shard.read_bytes()
        except OSError as exc:
            reports.append(ShardReport(shard, None, errors=(f"{shard}: cannot read: {exc.strerror or exc}",)))
            return None
        future = client.submit(extract_shard_bytes, shard.name, data, settings, published, pure=False)
        futures[future] = shard
        return future

    running = as_completed()
    for shard in todo:
        if (future := submit(shard)) is not None:
            running.add(future)
        if running.count() >= _window(client):
            break
    for future in running:
        shard = futures.pop(future)
        try:
            data, articles, triples, errors = future.result()
        except Exception as exc:  # a worker failure costs this shard only
            reports.append(ShardReport(shard, None, errors=(f"{shard}: {type(exc).__name__}: {exc}",)))
        else:
            target = output_path(shard, out_dir)
            _write_atomically(target, data)
            reports.append(ShardReport(shard, target, articles, triples, tuple(errors)))
        for shard in todo:
            if (future := submit(shard)) is not None:
                running.add(future)
                break
    return reports


def _by_path(client: Any, shards: list[Path], out_dir: Path, settings: Settings,
             published: dt.date | None) -> list[ShardReport]:
    futures = [client.submit(extract_shard_path, str(s.resolve()), str(output_path(s, out_dir).resolve()),
                             settings, published, pure=False) for s in shards]
    reports = []
    for shard, future in zip(shards, futures, strict=True):
        try:
            articles, triples, errors = future.result()
        except Exception as exc:  # a worker failure costs this shard only
            reports.append(ShardReport(shard, None, errors=(f"{shard}: {type(exc).__name__}: {exc}",)))
        else:
            reports.append(ShardReport(shard, output_path(shard, out_dir), articles, triples, tuple(errors)))
    return reports


def _write_atomically(target: Path, data: bytes) -> None:
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(target)


# -- what runs on the workers ------------------------------------------------------------------------

def extract_shard_path(shard: str, out: str, settings: Settings,
                       published: dt.date | None) -> tuple[int, int, list[str]]:
    """On a worker: extract the file ``shard`` to the N-Quads file ``out``; (articles, triples, errors)."""
    from kg.run import extract_paths

    errors: list[str] = []
    with _PIPELINE_LOCK:
        report = extract_paths([Path(shard)], out, settings=settings, published=published,
                               on_error=errors.append, jobs=1)
    return report.articles, report.triples, errors


def extract_shard_bytes(name: str, data: bytes, settings: Settings,
                        published: dt.date | None) -> tuple[bytes, int, int, list[str]]:
    """On a worker: extract a shard sent as bytes (``name`` keeps its file name in ``nkg:sourceFile``)."""
    with tempfile.TemporaryDirectory(prefix="kg-shard-") as tmp:
        shard = Path(tmp) / name
        shard.write_bytes(data)
        out = Path(tmp) / "out.nq"
        articles, triples, errors = extract_shard_path(str(shard), str(out), settings, published)
        errors = [e.replace(str(shard), name) for e in errors]
        return out.read_bytes(), articles, triples, errors
