"""Pure rules of 选 on plain values: list status flow, what blocks a submission, attachments,
age-out dates and the item scores of 积分排序. No ORM."""

from __future__ import annotations

import datetime as dt

from pool.people.rules import add_months

LIST_STATUS_LABELS = {
    "draft": "草稿",
    "submitted": "已报送",
    "under_review": "审核中",
    "accepted": "审核通过",
    "returned": "已退回",
}


LIST_TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted"}),
    "submitted": frozenset({"under_review", "returned"}),
    "under_review": frozenset({"accepted", "returned"}),
    "returned": frozenset({"submitted"}),
    "accepted": frozenset(),
}


def list_transition_allowed(current: str, target: str) -> bool:
    return target in LIST_TRANSITIONS.get(current, frozenset())


def list_transition_error(current: str, target: str) -> str | None:
    """None when a list may go from ``current`` to ``target``; else why not, in Chinese."""
    if list_transition_allowed(current, target):
        return None
    here = LIST_STATUS_LABELS.get(current, current)
    there = LIST_STATUS_LABELS.get(target, target)
    return f"清单当前为“{here}”，不能改为“{there}”"


def recommendation_problems(
    *, name: str, reason: str, age: int | None, max_age: int | None, vetoed: bool
) -> list[str]:
    """Why one person cannot be submitted on a list (empty list: nothing blocks)."""
    problems = []
    if not (reason or "").strip():
        problems.append(f"{name}：未填写推荐理由")
    if age is not None and max_age is not None and age > max_age:
        problems.append(f"{name}：{age}岁，超过本职级的年轻干部年龄上限（{max_age}岁以下）")
    if vetoed:
        problems.append(f"{name}：存在一票否决情形，不能推荐")
    return problems


def cap_problem(count: int, cap: int | None) -> str | None:
    if cap is not None and count > cap:
        return f"推荐{count}人，超过本批次每份清单{cap}人的上限"
    return None


def votes_problem(votes_for: int | None, votes_total: int | None) -> str | None:
    if votes_for is not None and votes_total is not None and votes_for > votes_total:
        return f"得票数（{votes_for}）不能超过参加推荐人数（{votes_total}）"
    return None


ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc (Word 97-2003, WPS)


ATTACHMENT_MAGIC = {".pdf": (b"%PDF-",), ".doc": (_OLE2,), ".docx": (b"PK\x03\x04",)}


def attachment_problem(filename: str, size: int, head: bytes) -> str | None:
    """PDF or Word, 1 byte to 10 MB, and the first bytes match the extension."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in ATTACHMENT_MAGIC:
        return "附件只能是PDF或Word文件（.pdf、.doc、.docx）"
    if size <= 0:
        return "附件是空文件"
    if size > ATTACHMENT_MAX_BYTES:
        return f"附件不能超过10MB（当前{size / 1024 / 1024:.1f}MB）"
    if not head.startswith(ATTACHMENT_MAGIC[suffix]):
        return "附件内容与文件类型不符，请上传真实的PDF或Word文件"
    return None


def over_age_from(birth_month: dt.date, max_age: int) -> dt.date:
    """The first day on which ``age_at`` exceeds ``max_age``: the month of the
    (max_age + 1)th birthday (ages count whole years by month)."""
    return dt.date(birth_month.year + max_age + 1, birth_month.month, 1)


AGE_OUT_HORIZON_MONTHS = 6


def age_out_state(
    birth_month: dt.date, max_age: int | None, today: dt.date, horizon: int = AGE_OUT_HORIZON_MONTHS
) -> str | None:
    """``"over"`` when past the threshold today (propose exit), ``"soon"`` when the
    threshold is passed within ``horizon`` months (that day included), else None."""
    if max_age is None:
        return None
    passes = over_age_from(birth_month, max_age)
    if passes <= today:
        return "over"
    if passes <= add_months(today, horizon):
        return "soon"
    return None


EDUCATION_POINTS = {
    "博士研究生": 100,
    "硕士研究生": 90,
    "研究生": 90,  # the file does not say 博士 or 硕士
    "大学本科": 80,
    "大学专科": 60,
    "中专": 40,
    "高中及以下": 20,
}


# 党校 education (中央党校研究生, 省委党校大学 ...) is in-service education of its level.
EDUCATION_POINTS |= {
    f"{school}{word}": EDUCATION_POINTS[level]
    for school in ("中央党校", "省委党校", "市委党校", "县委党校")
    for word, level in (("研究生", "研究生"), ("大学", "大学本科"), ("大专", "大学专科"))
}


INSERVICE_DISCOUNT = 10  # an in-service degree counts a step below a full-time one


def education_score(fulltime: str, inservice: str) -> float | None:
    """The better of the full-time level and the in-service level less 10 points
    (党校 education is in-service, whichever column holds it)."""
    scores = [
        EDUCATION_POINTS[value] - (INSERVICE_DISCOUNT if in_service else 0)
        for value, in_service in ((fulltime, "党校" in fulltime), (inservice, True))
        if value in EDUCATION_POINTS
    ]
    return float(max(scores)) if scores else None


GRASSROOTS_FULL_MONTHS = 60  # five years of grassroots work scores 100


def grassroots_score(months: int) -> float:
    return round(min(100.0, months * 100 / GRASSROOTS_FULL_MONTHS), 1)


def age_score(age: int, max_age: int | None) -> float | None:
    """Headroom under the pool ceiling of the person's rank: 10 points per year left, at
    most 100;
    0 once over it."""
    if max_age is None:
        return None
    return float(min(100, max(0, (max_age - age + 1) * 10)))


def weighted_total(scores: dict[str, float | None], weights: dict[str, float]) -> float:
    """Weighted mean on 0-100; an item without a score counts 0."""
    total_weight = sum(weights.values())
    if not total_weight:
        return 0.0
    points = sum(w * (scores.get(code) or 0.0) for code, w in weights.items())
    return round(points / total_weight, 2)
