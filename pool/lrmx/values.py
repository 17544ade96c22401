"""Cell parsers for LRMX values, and how each value is written back. Pure.

Text is kept exactly as written (only the outer spaces go): unlike spreadsheet
cells, no NFKC, because the full-width punctuation of Chinese text (（）：；，)
must come back out of an export unchanged.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Callable

from pool.imports import cells, vocabulary
from pool.people import rules

_DAY = re.compile(r"^(\d{4})\s*[./年-]?\s*(\d{1,2})\s*(?:[./月-]\s*(\d{1,2})\s*日?)?\s*$")
_COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_LEADING_MONTH = re.compile(r"^(\d{4}\s*[./年-]?\s*\d{1,2})\s*月?\s*[；;，,、\s]+\D")
JPEG, PNG = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"


def plain(max_length: int | None = None) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = str(value).strip()
        if max_length is not None and len(text) > max_length:
            raise cells.CellError(f"内容过长（{len(text)}个字），最多{max_length}个字")
        return text

    return parse


def name(value: object) -> str:
    text = re.sub(r"[\s\u3000]+", "", str(value))
    if len(text) > 50:
        raise cells.CellError(f"姓名过长（{len(text)}个字）")
    return text


def ethnicity(value: object) -> str:
    """民族 with or without 族 (pool.imports.vocabulary.ethnicity)."""
    return vocabulary.ethnicity(plain(40)(value))


def political_status(text: str) -> str:
    """A family member's 政治面貌 in its standard words (党员 -> 中共党员, 民盟 -> 民盟盟员);
    words the vocabulary does not know (已故, 退休) are kept as written."""
    try:
        return vocabulary.political_status(text) if text else text
    except cells.CellError:
        return text


def optional_month(value: object) -> dt.date | None:
    """入党时间 and a family member's 出生年月: a month, or words with no date in
    them (民盟, 已故), which are not a month and are not kept. Some systems write
    the month and a 民主党派 together (201106；民盟): the month is kept."""
    text = str(value).strip()
    if not any(ch.isdigit() for ch in text):
        return None
    try:
        return cells.month(text)
    except cells.CellError:
        m = _LEADING_MONTH.match(text)
        if m is None:
            raise
        return cells.month(m.group(1))


def day(value: object) -> dt.date:
    """计算年龄时间, 填表时间: 20231024, 2023.10.24, 2023年10月24日, or a month (202310)."""
    text = str(value).strip()
    m = _COMPACT_DAY.match(text) or _DAY.match(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        except ValueError:
            pass
    raise cells.CellError(f"“{text}”不是有效的日期（例如 20231024 或 2023.10.24）")


def photo(value: object) -> tuple[bytes, str]:
    """The base64 ZhaoPian: (image bytes, content type); JPEG or PNG, within the size."""
    from pool.models import CadrePhoto

    text = re.sub(r"\s+", "", value if isinstance(value, str) else str(value))
    too_large = cells.CellError(f"照片过大，不能超过 {CadrePhoto.MAX_BYTES // 1048576} MB")
    if len(text) > (CadrePhoto.MAX_BYTES + 2) // 3 * 4:  # refused before decoding
        raise too_large
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise cells.CellError("照片不是有效的Base64编码") from None
    if len(data) > CadrePhoto.MAX_BYTES:
        raise too_large
    if data.startswith(JPEG):
        return data, "image/jpeg"
    if data.startswith(PNG):
        return data, "image/png"
    raise cells.CellError("照片格式应为JPEG或PNG")


def month_text(value: dt.date | None) -> str:
    return f"{value.year}{value.month:02d}" if value else ""


def day_text(value: dt.date | None) -> str:
    return f"{value.year}{value.month:02d}{value.day:02d}" if value else ""


def photo_text(data: bytes | None) -> str:
    return base64.b64encode(bytes(data)).decode("ascii") if data else ""


def same_month(birth, id_number: str) -> str | None:
    """None when the birth month agrees with the ID number, else the message."""
    born = rules.birth_date_from_id(id_number).replace(day=1)
    if birth is None or birth == born:
        return None
    return (
        f"出生年月{rules.format_month(birth)}与身份证号中的出生年月{rules.format_month(born)}不一致"
    )
