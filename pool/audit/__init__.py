"""The audit log: one function writes it, inside the caller's transaction.

Each row carries the hash of the row before it (a chain), computed under a
transaction-level advisory lock so concurrent writers cannot fork the chain.
``verify_chain`` walks it and names the first row that does not match, then looks
for each day's anchored head (``anchor_day``, kept in a table the app's database role
may only insert into, and in a file of the day under media), so removing the newest
rows and re-chaining the rest is found too.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from pool.models import AuditAction, AuditAnchor, AuditEntry
from pool.web.documents import chinese_date

logger = logging.getLogger(__name__)

_LOCK_KEY = 0x6175_6469_74  # "audit"
GENESIS = "0" * 64

_request_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_ip", default=None)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Remembers the client IP of the current request for ``record``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _request_ip.reset(token)


def _canonical(entry: AuditEntry) -> bytes:
    payload = {
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "ip": entry.ip,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "success": entry.success,
        "detail": entry.detail,
        "before": entry.before,
        "after": entry.after,
        "prev": entry.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder).encode()


def _digest(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def _jsonable(value):
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def record(
    actor,
    action: AuditAction | str,
    obj=None,
    *,
    detail: str = "",
    before: dict | None = None,
    after: dict | None = None,
    success: bool = True,
    actor_name: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one audit row. Call it inside the transaction of the change it records:
    if this write fails, the change fails with it. ``object_repr`` names what the row is
    about when there is no object (the page of a refused request)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditEntry.objects.order_by("-id").values_list("row_hash", flat=True).first()
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor,
            actor_name=actor_name or (actor.get_username() if actor else "系统"),
            ip=_request_ip.get(),
            action=action,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj)[:200] if obj is not None else object_repr[:200],
            success=success,
            detail=detail,
            before=_jsonable(before),
            after=_jsonable(after),
            prev_hash=last or GENESIS,
        )
        entry.row_hash = _digest(entry)
        entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str = ""


def verify_chain(batch: int = 5000) -> ChainReport:
    """Walk the chain oldest first; report the first row whose hash or link is wrong,
    then the first day whose anchored head is no longer in the log.

    Rows older than the retention period may have been purged: the oldest
    remaining row's ``prev_hash`` is taken as the starting point, and anchors of
    days before the retention floor are not looked for.
    """
    previous = None
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch):
        if previous is not None and entry.prev_hash != previous:
            return ChainReport(checked, entry.pk, "与上一条记录的链接不符（记录被删除或插入）")
        if _digest(entry) != entry.row_hash:
            return ChainReport(checked, entry.pk, "内容与校验值不符（记录被篡改）")
        previous = entry.row_hash
        checked += 1
    missing = _missing_anchor()
    if missing is not None:
        return ChainReport(
            checked,
            missing.last_id,
            f"是{chinese_date(missing.day)}的最后一条记录（已锚定），现已不在日志中"
            "（日志末尾的记录被删除，或整表被清空后重新写入）",
        )
    return ChainReport(checked, None)


def _retention_floor() -> dt.date:
    days = max(183, getattr(settings, "AUDIT_RETENTION_DAYS", 183))
    return timezone.localdate() - dt.timedelta(days=days)


def _missing_anchor() -> AuditAnchor | None:
    """The earliest anchor within retention whose row is gone from the log."""
    anchors = list(AuditAnchor.objects.filter(day__gte=_retention_floor()).order_by("day"))
    present = set(
        AuditEntry.objects.filter(row_hash__in=[a.row_hash for a in anchors]).values_list(
            "row_hash", flat=True
        )
    )
    return next((a for a in anchors if a.row_hash not in present), None)


def anchor_day(day: dt.date | None = None) -> AuditAnchor | None:
    """Anchor the chain's head at the end of ``day`` (default: yesterday): its last
    row's id and hash go into ``AuditAnchor`` (insert-only) and into
    ``MEDIA_ROOT/audit-anchors/<day>.txt``. Running it again for the same day changes
    nothing. Returns None while the log is empty."""
    day = day or timezone.localdate() - dt.timedelta(days=1)
    existing = AuditAnchor.objects.filter(day=day).first()
    if existing is not None:
        return existing
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    head = AuditEntry.objects.filter(at__lt=end).order_by("-id").values("id", "row_hash").first()
    if head is None:
        return None
    anchor = AuditAnchor.objects.create(day=day, last_id=head["id"], row_hash=head["row_hash"])
    _write_anchor_file(anchor)
    return anchor


def _write_anchor_file(anchor: AuditAnchor) -> None:
    """The day's anchor as a line in a file of its own, for copying off the machine
    (backup, syslog); the database row is what ``verify_chain`` reads."""
    folder = Path(settings.MEDIA_ROOT) / "audit-anchors"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"{anchor.day:%Y-%m-%d}.txt", "x", encoding="utf-8") as out:
            out.write(f"{anchor.day:%Y-%m-%d} {anchor.last_id} {anchor.row_hash}\n")
    except FileExistsError:
        pass
    except OSError:
        logger.exception("审计日志锚点文件写入失败：%s", anchor.day)


def is_personal_detail(entry: AuditEntry) -> bool:
    """A record hanging off one person (family member, 简历 line, assessment...): its
    name in the log is the person's data (``妻子 王芳``), not a title."""
    model = _model_of(entry)
    if model is None:
        return False
    field = next((f for f in model._meta.get_fields() if f.name == "cadre"), None)
    return field is not None and getattr(field, "related_model", None) is not None


def _about_people(entry: AuditEntry) -> bool:
    """A person's record, or one naming people (a talk with several, a request)."""
    model = _model_of(entry)
    if model is None:
        return False
    if model._meta.label == "pool.Cadre":
        return True
    return any(
        f.name in ("cadre", "cadres") and getattr(f, "related_model", None) is not None
        for f in model._meta.get_fields()
    )


def detail_for_auditor(entry: AuditEntry) -> str:
    """What the 审计管理员 reads of the description: for records about people, what was
    done (the words before the first "：") without whom and what (names, conclusions,
    grades), which staff with the person in scope read on the person's change history."""
    head, colon, rest = entry.detail.partition("：")
    if not colon or not rest or not _about_people(entry):
        return entry.detail
    return f"{head}：（内容仅管辖范围内的干部科可见）"


def object_for_auditor(entry: AuditEntry) -> str:
    """What the 审计管理员 sees of the object: its name, except for a person's detail
    records, which show their kind and number."""
    if not is_personal_detail(entry):
        return entry.object_repr
    return f"{_model_of(entry)._meta.verbose_name} #{entry.object_id}"


def model_values(obj, fields: list[str]) -> dict:
    """A change's before/after values for the audit row."""
    return {name: getattr(obj, name) for name in fields}


def _model_of(entry: AuditEntry):
    try:
        return apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        return None


def describe_changes(entry: AuditEntry, *, with_values: bool = True) -> str:
    """The entry's before/after values as people read them: ``字段：旧 → 新`` for each
    value that changed (or ``字段：值`` when there is no before), with the model's field
    names and choice labels where the object's type is a model.

    ``with_values=False`` names the fields only (``变更字段：性别、出生年月``): what the
    审计管理员 reads, who audits what was done, not the people's data."""
    after = entry.after if isinstance(entry.after, dict) else {}
    before = entry.before if isinstance(entry.before, dict) else {}
    if not after and not before:
        return ""
    model = _model_of(entry)
    fields = {f.name: f for f in model._meta.get_fields()} if model else {}

    def label(key: str) -> str:
        field = fields.get(key.removesuffix("_id")) or fields.get(key)
        return str(getattr(field, "verbose_name", key))

    def shown(key: str, value) -> str:
        if value is None or value == "" or value == [] or value == {}:
            return "（空）"
        if isinstance(value, list | dict):  # ids, several values: as written
            return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
        field = fields.get(key)
        choices = dict(getattr(field, "flatchoices", None) or [])
        return str(choices.get(value, value))

    changed = [
        key
        for key in dict.fromkeys([*before, *after])
        if not (key in before and key in after and before[key] == after[key])
    ]
    if not with_values:
        return "变更字段：" + "、".join(label(key) for key in changed) if changed else ""
    parts = []
    for key in changed:
        old, new = before.get(key), after.get(key)
        if key in before and key in after:
            if old != new:
                parts.append(f"{label(key)}：{shown(key, old)} → {shown(key, new)}")
        elif key in after:
            parts.append(f"{label(key)}：{shown(key, new)}")
        else:
            parts.append(f"{label(key)}：{shown(key, old)} → （删除）")
    return "；".join(parts)
