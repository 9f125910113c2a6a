"""Pytest fixtures that start real SPARQL 1.1 servers on 127.0.0.1: Oxigraph server and Virtuoso.

Import the fixtures into a test module (``from sparql_servers import oxigraph_server, ...``).
Each server gets a free port and a temporary directory, is waited for until it answers, and is
stopped afterwards. Virtuoso is skipped, with the reason, when Debian's ``virtuoso-opensource``
is not installed (``.ci/setup.d/virtuoso.sh`` installs it).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

VIRTUOSO_MAX_ROWS = 40  # small on purpose: the tests then exercise paging past ResultSetMaxRows


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answers(url: str, process: subprocess.Popen[bytes], *, seconds: float = 60.0) -> None:
    """Poll ``url`` until it gives any HTTP response; fail early if the process died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with status {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} after {seconds} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@dataclass
class Server:
    """A running server: its endpoints and how to kill and restart it (same data directory)."""

    name: str
    query: str
    update: str
    graph_store: str | None
    start_command: list[str]
    ready_url: str
    workdir: Path
    user: str | None = None
    password: str | None = None
    auth_query: str | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        log = (self.workdir / "server.log").open("ab")
        self.process = subprocess.Popen(self.start_command, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT)
        wait_until_answers(self.ready_url, self.process)

    def kill(self) -> None:
        """Kill the server hard (SIGKILL), as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=15)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


def _oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph, a test dependency)")
    return found


def _oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    binary = _oxigraph_binary()
    workdir = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = Server(
        name="oxigraph", query=f"{base}/query", update=f"{base}/update", graph_store=f"{base}/store",
        start_command=[binary, "serve", "--location", str(workdir / "data"), "--bind", f"127.0.0.1:{port}"],
        ready_url=f"{base}/query?query=ASK%7B%7D", workdir=workdir,
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``oxigraph serve`` on a free 127.0.0.1 port with a temporary store directory (one per module)."""
    yield from _oxigraph(tmp_path_factory)


@pytest.fixture
def fresh_oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An empty Oxigraph server of the test's own (it starts in about a second)."""
    yield from _oxigraph(tmp_path_factory)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}, /usr/share/virtuoso-opensource-7/vad
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/vsp
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 1

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


def _isql(sql_port: int, statements: str) -> None:
    subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statements}"],
                   check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Virtuoso Open Source (Debian ``virtuoso-opensource``) with its own database and free ports.

    SPARQL writes are granted to the anonymous ``SPARQL`` user (as a site would for a trusted
    network), and ``ResultSetMaxRows`` is set low so that its silent cap is exercised.
    """
    binary = shutil.which("virtuoso-t")
    if binary is None or shutil.which("isql-vt") is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource; .ci/setup.d/virtuoso.sh)")
    workdir = tmp_path_factory.mktemp("virtuoso")
    (workdir / "vsp").mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=workdir, sql_port=sql_port, http_port=http_port,
                                       max_rows=VIRTUOSO_MAX_ROWS), encoding="utf-8")
    base = f"http://127.0.0.1:{http_port}"
    server = Server(
        name="virtuoso", query=f"{base}/sparql", update=f"{base}/sparql", graph_store=f"{base}/sparql-graph-crud",
        start_command=[binary, "+foreground", "+configfile", str(ini)],
        ready_url=f"{base}/sparql?query=ASK%7B%7D", workdir=workdir,
        user="dba", password="dba", auth_query=f"{base}/sparql-auth",
    )
    server.start()
    try:
        _isql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL"; '
                        "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        server.stop()
        raise RuntimeError(f"could not configure Virtuoso: {getattr(exc, 'stderr', exc)!r}") from exc
    yield server
    server.stop()


@pytest.fixture(params=["oxigraph", "virtuoso"])
def sparql_server(request: pytest.FixtureRequest) -> Server:
    """Each test that takes this runs once per server."""
    server: Server = request.getfixturevalue(f"{request.param}_server")
    if server.process is None or server.process.poll() is not None:
        server.start()
    return server


def env_without_credentials() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD")}
