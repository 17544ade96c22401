"""Pure rules of the correction form: which fields a person may ask to correct, how a
typed value is read, what a scan must be. No ORM, no I/O."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from pool.people import rules as pool_rules


@dataclass(frozen=True)
class Correctable:
    name: str  # the Cadre field
    label: str
    kind: str  # "text", "choice" or "month"
    max_length: int = 0
    choices: tuple[str, ...] = ()
    required: bool = False


def catalogue(model) -> dict[str, Correctable]:
    """The fields of ``pool.people.edits.EDITABLE_FIELDS`` as the form offers them, read
    from the model (labels, lengths, choices); built once by the caller."""
    from pool.people.edits import EDITABLE_FIELDS

    out = {}
    for name in EDITABLE_FIELDS:
        field = model._meta.get_field(name)
        if field.get_internal_type() == "DateField":
            kind, choices = "month", ()
        elif field.choices:
            kind, choices = "choice", tuple(str(v) for v, _ in field.choices)
        else:
            kind, choices = "text", ()
        out[name] = Correctable(
            name,
            str(field.verbose_name),
            kind,
            max_length=getattr(field, "max_length", 0) or 0,
            choices=choices,
            required=not field.blank,
        )
    return out


class BadValue(ValueError):
    """A value that cannot be stored: its message is Chinese and names the field."""


def _clean_text(raw: object, *, fold: bool = True) -> str:
    """Printable characters, trimmed; ``fold``: full-width letters and digits as ASCII
    (months, choices). Free text keeps its full-width brackets (（选调生）)."""
    text = str(raw or "")
    if fold:
        text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if c.isprintable()).strip()


def parse_value(spec: Correctable, raw: object):
    """The value ``raw`` (as typed) means for ``spec``: a date for months, a string
    otherwise; raises ``BadValue`` with a Chinese message."""
    text = _clean_text(raw, fold=spec.kind != "text")
    if not text:
        if spec.required:
            raise BadValue(f"请填写更正后的{spec.label}")
        return None if spec.kind == "month" else ""
    if spec.kind == "month":
        try:
            return pool_rules.parse_month(text)
        except pool_rules.MonthError:
            raise BadValue(f"{spec.label}格式不正确，请写成 1988.03 这样的年月") from None
    if spec.kind == "choice" and text not in spec.choices:
        raise BadValue(f"{spec.label}只能填写：{'、'.join(spec.choices)}")
    if spec.max_length and len(text) > spec.max_length:
        raise BadValue(f"{spec.label}不能超过{spec.max_length}个字")
    return text


def parse_month_field(label: str, raw: object, *, required: bool) -> dt.date | None:
    text = _clean_text(raw)
    if not text:
        if required:
            raise BadValue(f"请填写{label}")
        return None
    try:
        return pool_rules.parse_month(text)
    except pool_rules.MonthError:
        raise BadValue(f"{label}格式不正确，请写成 1988.03 这样的年月") from None


def show(value) -> str:
    """A stored value as the person reads it (months as 1988.03, blank as （空）)."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, dt.date):
        return pool_rules.format_month(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return pool_rules.format_month(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def show_career(values: dict | None) -> str:
    """A 简历 line (as stored in a request's JSON) in the 审批表's way."""
    if not values:
        return "（空）"
    end = show(values.get("end_month")) if values.get("end_month") else "至今"
    return f"{show(values.get('start_month'))}—{end} {values.get('description', '')}"


# The scan: a PDF, JPEG or PNG by its first bytes (whatever its name says), 1 byte to 5 MB.
SCAN_MAX_BYTES = 5 * 1024 * 1024
SCAN_MAGIC = {
    "pdf": (b"%PDF-", "application/pdf"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
}


def scan_type(head: bytes) -> str | None:
    """The content type the bytes are (PDF, JPEG, PNG), or None."""
    for magic, content_type in SCAN_MAGIC.values():
        if head.startswith(magic):
            return content_type
    return None


def scan_problem(filename: str, size: int, head: bytes) -> str | None:
    """Why an upload cannot be the scan, in Chinese; None when it can."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in SCAN_MAGIC:
        return "证明材料只能是PDF、JPG或PNG文件"
    if size <= 0:
        return "证明材料是空文件"
    if size > SCAN_MAX_BYTES:
        return (
            f"证明材料不能超过{SCAN_MAX_BYTES // (1024 * 1024)}MB（当前{size / 1024 / 1024:.1f}MB）"
        )
    if not head.startswith(SCAN_MAGIC[suffix][0]):
        return "证明材料内容与文件类型不符，请上传真实的PDF或图片扫描件"
    return None
