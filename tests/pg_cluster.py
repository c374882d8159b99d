"""A throw-away PostgreSQL server for tests.

Tests that need real PostgreSQL behaviour (types, locking, SQL dialect) get a private cluster in a
temporary directory instead of sharing a long-lived server: nothing leaks between runs, nothing
needs configuring, and parallel test runs on one machine cannot collide. Durability is switched
off because the data dies with the test anyway, which keeps start-up to a couple of seconds.

Usage::

    require_postgres()                         # skip here, fail under CI, when PostgreSQL is missing
    with throwaway_postgres() as url:          # postgresql+psycopg://moat@127.0.0.1:PORT/moat_test
        engine = sqlalchemy.create_engine(url)
"""

from __future__ import annotations

import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

# Debian installs the server binaries per major version here, outside PATH.
POSTGRES_LIB_ROOT = Path("/usr/lib/postgresql")
SUPERUSER = "moat"
DATABASE = "moat_test"
# PostgreSQL refuses to run as root; Debian's package creates this system user.
SERVICE_USER = "postgres"
STARTUP_TIMEOUT_S = 30

_SPEED_OPTIONS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


@dataclass(frozen=True)
class PostgresBinaries:
    """Where initdb/pg_ctl live and how to call them (as ourselves, or as the service user under root)."""

    initdb: Path
    pg_ctl: Path
    run_as: tuple[str, ...]


def _version_key(bin_dir: Path) -> tuple[int, ...]:
    """Sort key for /usr/lib/postgresql/<version>/bin: numeric, so 16 beats 9.6."""
    return tuple(int(part) for part in re.findall(r"\d+", bin_dir.parent.name))


def _bin_dir_candidates() -> list[Path]:
    """PATH first (a deliberate choice by whoever set it up), then Debian's versioned dirs, highest first."""
    candidates = []
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    candidates.extend(sorted(POSTGRES_LIB_ROOT.glob("*/bin"), key=_version_key, reverse=True))
    return candidates


def _find_binaries() -> PostgresBinaries | str:
    """The binaries to use, or a message saying why PostgreSQL cannot be started here."""
    bin_dir = next(
        (d for d in _bin_dir_candidates() if (d / "initdb").is_file() and (d / "pg_ctl").is_file()),
        None,
    )
    if bin_dir is None:
        return (
            f"PostgreSQL server binaries (initdb, pg_ctl) were not found in PATH or {POSTGRES_LIB_ROOT}/*/bin; "
            "install Debian's 'postgresql' package (apt-get install postgresql) or run .ci/run as root"
        )
    run_as: tuple[str, ...] = ()
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVICE_USER)
        except KeyError:
            return (
                f"PostgreSQL refuses to run as root and there is no '{SERVICE_USER}' system user to run it as; "
                "install Debian's 'postgresql' package (it creates that user) or run the tests as a normal user"
            )
        runuser = shutil.which("runuser")
        if runuser is None:
            return "running as root needs 'runuser' (util-linux) to start PostgreSQL as the postgres user"
        run_as = (runuser, "-u", SERVICE_USER, "--")
    return PostgresBinaries(initdb=bin_dir / "initdb", pg_ctl=bin_dir / "pg_ctl", run_as=run_as)


def postgres_available() -> bool:
    """True when throwaway_postgres() can start a server on this machine."""
    return isinstance(_find_binaries(), PostgresBinaries)


def require_postgres() -> None:
    """Skip the calling test where PostgreSQL is missing, except under CI, where a missing server is a failure.

    .ci/run installs PostgreSQL, so under CI=true its absence means the set-up broke; a skip would
    hide that and let PostgreSQL-only code paths ship untested.
    """
    problem = _find_binaries()
    if isinstance(problem, PostgresBinaries):
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but PostgreSQL cannot be started: {problem}", pytrace=False)
    pytest.skip(f"PostgreSQL not available: {problem}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(binaries: PostgresBinaries, args: list[str], cwd: Path, what: str) -> None:
    """Run a server tool, turning a failure into a RuntimeError that carries its output."""
    result = subprocess.run(
        [*binaries.run_as, *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=STARTUP_TIMEOUT_S * 2,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {result.returncode}): {result.stdout}{result.stderr}".strip())


def _log_tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


@contextmanager
def _sigterm_raises_interrupt() -> Iterator[None]:
    """Let SIGTERM (CI cancel, `timeout`) unwind like Ctrl-C, so the server is still stopped and the dir removed.

    Python's default SIGTERM action kills the process without running finally blocks. Only the main
    thread may set handlers, and a handler someone else installed is left alone.
    """
    in_main_thread = threading.current_thread() is threading.main_thread()
    if not in_main_thread or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def _interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt("SIGTERM")

    signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _start(binaries: PostgresBinaries, root: Path) -> int:
    """initdb + pg_ctl start inside `root`; returns the TCP port. The server may be up even if this raises."""
    if binaries.run_as:
        service = pwd.getpwnam(SERVICE_USER)
        os.chown(root, service.pw_uid, service.pw_gid)
    data = root / "data"
    initdb = [str(binaries.initdb), "--no-sync", "-A", "trust", "-U", SUPERUSER, "-E", "UTF8", "--locale=C"]
    _run(binaries, [*initdb, "-D", str(data)], root, "initdb")
    port = _free_port()
    # pg_ctl hands -o to /bin/sh, hence the quoting.
    options = [f"-p {port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={shlex.quote(str(root))}"]
    options += [f"-c {option}" for option in _SPEED_OPTIONS]
    log = root / "server.log"
    pg_ctl = [str(binaries.pg_ctl), "-D", str(data), "-l", str(log), "-w", "-t", str(STARTUP_TIMEOUT_S)]
    try:
        _run(binaries, [*pg_ctl, "-o", " ".join(options), "start"], root, "pg_ctl start")
    except RuntimeError as error:
        raise RuntimeError(f"{error}\nserver log:\n{_log_tail(log)}") from None
    return port


def _stop(binaries: PostgresBinaries, root: Path) -> None:
    """Best effort, no raise: it runs while another error may be propagating, which must stay visible."""
    subprocess.run(
        [*binaries.run_as, str(binaries.pg_ctl), "-D", str(root / "data"), "-m", "immediate", "-w", "stop"],
        cwd=root,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=STARTUP_TIMEOUT_S,
    )


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a private PostgreSQL cluster and yield a SQLAlchemy URL to its empty `moat_test` database.

    The cluster listens on 127.0.0.1 (trust auth) on a free port, keeps its unix socket in its own
    temp dir, and is stopped (immediate mode) and deleted on exit, on errors and on interruption.
    Raises RuntimeError with the reason when PostgreSQL is not installed or does not start.
    """
    binaries = _find_binaries()
    if isinstance(binaries, str):
        raise RuntimeError(binaries)
    root = Path(tempfile.mkdtemp(prefix="moat-pg-"))
    try:
        with _sigterm_raises_interrupt():
            port = _start(binaries, root)
            with psycopg.connect(
                host="127.0.0.1", port=port, user=SUPERUSER, dbname="postgres", autocommit=True, connect_timeout=10
            ) as conn:
                conn.execute(f"CREATE DATABASE {DATABASE}")
            yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{DATABASE}"
    finally:
        if (root / "data" / "postmaster.pid").exists():
            _stop(binaries, root)
        shutil.rmtree(root, ignore_errors=True)
