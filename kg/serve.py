"""``kg serve``: the embedded store as a standard SPARQL 1.1 endpoint, by running the Oxigraph server on it.

We do not write an HTTP server: the ``oxigraph`` command (PyPI package ``oxigraph``, the ``serve`` extra)
already speaks the SPARQL 1.1 Protocol and serves a query page (YASGUI) at ``/``. This module finds it,
builds its command line, starts it on 127.0.0.1 and waits until it answers.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

HOST = "127.0.0.1"
DEFAULT_PORT = 7878
INSTALL_HINT = "install it with: pip install 'newskg[serve]' (or: pip install oxigraph)"


class ServerError(OSError):
    """The Oxigraph server is missing, could not start, or stopped early."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a running server answers."""

    host: str
    port: int
    writable: bool = False

    @property
    def page(self) -> str:
        """The query page for the browser."""
        return f"http://{self.host}:{self.port}/"

    @property
    def query(self) -> str:
        """The SPARQL 1.1 query endpoint (GET or POST)."""
        return f"http://{self.host}:{self.port}/query"

    @property
    def update(self) -> str | None:
        """The SPARQL 1.1 update endpoint, only when served writable."""
        return f"http://{self.host}:{self.port}/update" if self.writable else None

    @property
    def graph_store(self) -> str | None:
        """The Graph Store Protocol endpoint (read-only servers answer GET only)."""
        return f"http://{self.host}:{self.port}/store"


def oxigraph_executable() -> Path:
    """The ``oxigraph`` command: beside this Python (a virtualenv's bin/) first, then on ``$PATH``."""
    beside = Path(sys.executable).parent / ("oxigraph.exe" if sys.platform == "win32" else "oxigraph")
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise ServerError(f"the Oxigraph server (`oxigraph` command) is not installed; {INSTALL_HINT}")


def server_command(store: Path, *, port: int = DEFAULT_PORT, host: str = HOST, writable: bool = False,
                   union_default_graph: bool = False, timeout_s: int | None = None,
                   executable: Path | None = None) -> list[str]:
    """The Oxigraph command line serving ``store``; read-only unless ``writable``.

    >>> server_command(Path("kg-store"), executable=Path("oxigraph"))[1:]
    ['serve-read-only', '--location', 'kg-store', '--bind', '127.0.0.1:7878']
    """
    exe = executable or oxigraph_executable()
    command = [str(exe), "serve" if writable else "serve-read-only", "--location", str(store),
               "--bind", f"{host}:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    if timeout_s is not None:
        command += ["--timeout-s", str(timeout_s)]
    return command


def check_store(store: Path) -> None:
    """A store directory made by ``kg load`` must exist before it is served."""
    if not store.is_dir():
        raise ServerError(f"no store at {store}; load articles first: kg load examples/ --store {store}")


def free_port(host: str = HOST) -> int:
    """A TCP port that is free right now (for tests and ``--port 0``)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _wait_until_ready(process: subprocess.Popen[bytes], host: str, port: int, wait_s: float,
                      log: IO[bytes] | None) -> None:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            message = ""
            if log is not None:
                log.seek(0)
                message = log.read().decode("utf-8", "replace").strip()
            raise ServerError(f"the Oxigraph server stopped (exit {process.returncode}): {message or 'see above'}")
        if _answers(host, port):
            return
        time.sleep(0.1)
    _stop(process)
    raise ServerError(f"the Oxigraph server did not answer on {host}:{port} within {wait_s:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _start(store: Path, *, port: int, host: str, writable: bool, union_default_graph: bool,
           timeout_s: int | None, wait_s: float, log: IO[bytes] | None) -> tuple[subprocess.Popen[bytes], Endpoint]:
    """Start the server and wait until it accepts connections; its messages go to ``log`` (or our stderr)."""
    check_store(store)
    port = port or free_port(host)
    if _answers(host, port):
        raise ServerError(f"port {port} on {host} is already in use; choose another with --port")
    command = server_command(store, port=port, host=host, writable=writable,
                             union_default_graph=union_default_graph, timeout_s=timeout_s)
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log or None, stderr=log or None)
    try:
        _wait_until_ready(process, host, port, wait_s, log)
    except BaseException:
        _stop(process)
        raise
    return process, Endpoint(host, port, writable)


@contextmanager
def running_server(store: Path, *, port: int = DEFAULT_PORT, host: str = HOST, writable: bool = False,
                   union_default_graph: bool = False, timeout_s: int | None = None,
                   wait_s: float = 30.0) -> Iterator[Endpoint]:
    """Start the Oxigraph server on ``store``, yield its endpoint once it answers, stop it on exit.

    ``port=0`` picks a free port. A read-only server sees the store as it was when it started.
    """
    with tempfile.TemporaryFile() as log:
        process, endpoint = _start(store, port=port, host=host, writable=writable,
                                   union_default_graph=union_default_graph, timeout_s=timeout_s,
                                   wait_s=wait_s, log=log)
        try:
            yield endpoint
        finally:
            _stop(process)


def serve(store: Path, *, port: int = DEFAULT_PORT, host: str = HOST, writable: bool = False,
          union_default_graph: bool = False, timeout_s: int | None = None,
          on_ready: Callable[[Endpoint], None] | None = None) -> int:
    """Serve ``store`` in the foreground until interrupted (Ctrl-C) or the server stops; its exit code."""
    process, endpoint = _start(store, port=port, host=host, writable=writable,
                               union_default_graph=union_default_graph, timeout_s=timeout_s, wait_s=30.0, log=None)
    try:
        if on_ready is not None:
            on_ready(endpoint)
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(process)
