"""The throw-away PostgreSQL cluster: it works, it cleans up after itself, and it fails clearly."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests import pg_cluster
from tests.pg_cluster import postgres_available, require_postgres, throwaway_postgres

REPO_ROOT = Path(__file__).resolve().parents[2]


def _socket_dir(url: str) -> Path:
    """The cluster's own temp dir, asked from the server itself (it holds the unix socket)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return Path(conn.execute(sa.text("SHOW unix_socket_directories")).scalar_one())
    finally:
        engine.dispose()


def _accepts_connections(url: str) -> bool:
    port = sa.make_url(url).port
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.mark.postgres
def test_round_trip_then_server_and_dir_are_gone() -> None:
    require_postgres()
    with throwaway_postgres() as url:
        assert url.startswith("postgresql+psycopg://moat@127.0.0.1:") and url.endswith("/moat_test")
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE clients (id serial PRIMARY KEY, name text NOT NULL)"))
            conn.execute(sa.text("INSERT INTO clients (name) VALUES (:a), (:b)"), {"a": "Acme Corp", "b": "Globex"})
        with engine.connect() as conn:
            names = conn.execute(sa.text("SELECT name FROM clients ORDER BY id")).scalars().all()
            fsync = conn.execute(sa.text("SHOW fsync")).scalar_one()
        engine.dispose()
        cluster_dir = _socket_dir(url)
        assert cluster_dir.is_dir()
    assert names == ["Acme Corp", "Globex"]
    assert fsync == "off"
    assert not _accepts_connections(url)
    assert not cluster_dir.exists()


@pytest.mark.postgres
def test_sigterm_stops_server_and_removes_dir() -> None:
    """A cancelled CI job or `timeout` sends SIGTERM: the cluster must not outlive the test process."""
    require_postgres()
    script = textwrap.dedent(
        """
        import time
        from tests.pg_cluster import throwaway_postgres
        from tests.unit.test_pg_cluster import _socket_dir
        with throwaway_postgres() as url:
            print(url, _socket_dir(url), flush=True)
            time.sleep(60)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = child.stdout.readline()
        if not line:
            pytest.fail(f"child did not start the cluster: {child.communicate()[1]}", pytrace=False)
        url, cluster_dir = line.split()
        assert _accepts_connections(url)
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=30)
    finally:
        child.kill()
        child.communicate()
    assert not _accepts_connections(url)
    assert not Path(cluster_dir).exists()


def test_missing_postgres_is_reported_clearly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pg_cluster, "POSTGRES_LIB_ROOT", tmp_path)
    assert not postgres_available()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true but PostgreSQL cannot be started"):
        require_postgres()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match="apt-get install postgresql"):
        require_postgres()
    with pytest.raises(RuntimeError, match="initdb, pg_ctl.*apt-get install postgresql"):
        with throwaway_postgres():
            pass


def test_highest_installed_version_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for version in ("9.6", "16", "15"):
        bin_dir = tmp_path / version / "bin"
        bin_dir.mkdir(parents=True)
        for tool in ("initdb", "pg_ctl"):
            (bin_dir / tool).touch(mode=0o755)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pg_cluster, "POSTGRES_LIB_ROOT", tmp_path)
    monkeypatch.setattr(pg_cluster.os, "geteuid", lambda: 1000)  # as a normal user: no postgres-user lookup
    binaries = pg_cluster._find_binaries()
    assert isinstance(binaries, pg_cluster.PostgresBinaries), binaries
    assert binaries.run_as == ()
    assert binaries.initdb == tmp_path / "16" / "bin" / "initdb"
