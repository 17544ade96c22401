"""积分排序: the registry of computed items and the ranking of the pool.

Each app registers the items it can compute from its own data (dependency
inversion: pool never imports the apps built on it)::

    from pool.selection.scoring import register_item
    register_item("annual_assessment", "年度考核", compute_fn)

``compute_fn(cadre_ids, ref_date) -> {cadre_id: score from 0 to 100}`` runs one or a
few queries for all the ids at once; a person it has no data for is left out.
Registered here: ``education`` (学历), ``grassroots`` (基层经历, from the 简历) and
``age`` (年龄). supervision registers ``annual_assessment`` in its AppConfig.ready.
**Training hook:** the training app registers ``training`` (培训情况, e.g. from
hours against the yearly target) in its ``AppConfig.ready`` the same way. An item of a
scheme whose code nobody registered is scored by hand (``ManualScore``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from pool import audit
from pool.accounts.access import require_setting_owner
from pool.models import (
    AuditAction,
    Cadre,
    CareerEntry,
    ManualScore,
    PoolMembership,
    ScoringItem,
    ScoringScheme,
)
from pool.people import rules, selectors
from pool.selection import rules as selection_rules

ComputeFn = Callable[[list[int], dt.date], dict[int, float]]


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    compute: ComputeFn


_REGISTRY: dict[str, Source] = {}


def register_item(code: str, label: str, compute_fn: ComputeFn) -> None:
    """Declare that ``code`` is computed by ``compute_fn`` (call from AppConfig.ready)."""
    _REGISTRY[code] = Source(code, label, compute_fn)


def registered() -> dict[str, Source]:
    return dict(_REGISTRY)


def is_computed(code: str) -> bool:
    return code in _REGISTRY


# --- items pool computes itself -------------------------------------------------------


def _education(cadre_ids: list[int], ref: dt.date) -> dict[int, float]:
    rows = Cadre.objects.filter(pk__in=cadre_ids).values_list(
        "pk", "fulltime_education", "inservice_education"
    )
    out = {}
    for pk, fulltime, inservice in rows:
        score = selection_rules.education_score(fulltime, inservice)
        if score is not None:
            out[pk] = score
    return out


def grassroots_months_of(
    cadre_ids: Iterable[int], ref: dt.date, extra_spans: dict | None = None
) -> dict[int, int]:
    """Months of 基层工作经历 per person from their 简历 (``rules.is_grassroots``), with
    ``extra_spans`` ({cadre id: [(start, end)]}, e.g. grassroots postings) counted in
    the same union. Two queries (the 简历 lines, the township names)."""
    lines: dict[int, list] = {pk: [] for pk in cadre_ids}
    for row in CareerEntry.objects.filter(cadre_id__in=list(lines)).values_list(
        "cadre_id", "start_month", "end_month", "description"
    ):
        lines[row[0]].append(row[1:])
    names = selectors.township_names()
    extra = extra_spans or {}
    return {
        pk: rules.grassroots_months(entries, ref, names, extra.get(pk, ()))
        for pk, entries in lines.items()
    }


def _grassroots(cadre_ids: list[int], ref: dt.date) -> dict[int, float]:
    return {
        pk: selection_rules.grassroots_score(m)
        for pk, m in grassroots_months_of(cadre_ids, ref).items()
    }


def _age(cadre_ids: list[int], ref: dt.date) -> dict[int, float]:
    ceilings = selectors.pool_ceilings()
    out = {}
    for pk, birth, rank in Cadre.objects.filter(pk__in=cadre_ids).values_list(
        "pk", "birth_month", "rank"
    ):
        score = selection_rules.age_score(
            rules.age_at(birth, ref), rules.pool_max_age(ceilings, rank)
        )
        if score is not None:
            out[pk] = score
    return out


register_item("education", "学历", _education)
register_item("grassroots", "基层经历", _grassroots)
register_item("age", "年龄", _age)

# --- schemes, manual scores -----------------------------------------------------------


def active_scheme() -> ScoringScheme | None:
    return ScoringScheme.objects.filter(is_active=True).first()


def scheme_items(scheme: ScoringScheme | None) -> list[ScoringItem]:
    return list(scheme.items.order_by("position", "id")) if scheme else []


@transaction.atomic
def update_items(user, scheme: ScoringScheme, changes: dict[int, dict]) -> None:
    """Change labels, weights and order of ``scheme``'s items (audited, before/after)."""
    require_setting_owner(user, scheme)
    items = {i.pk: i for i in ScoringItem.objects.select_for_update().filter(scheme=scheme)}
    before = {i.code: [i.label, str(i.weight), i.position] for i in items.values()}
    for pk, values in changes.items():
        item = items.get(pk)
        if item is None:
            raise ValidationError("积分项目不属于该方案")
        for name in ("label", "weight", "position", "group"):
            if name in values:
                setattr(item, name, values[name])
        item.save()
    if sum(i.weight for i in items.values()) <= 0:
        raise ValidationError("各项目权重之和须大于0")
    after = {i.code: [i.label, str(i.weight), i.position] for i in items.values()}
    audit.record(
        user, AuditAction.UPDATE, scheme, detail="修改积分排序方案", before=before, after=after
    )


@transaction.atomic
def add_item(
    user, scheme: ScoringScheme, *, code: str, label: str, group: str, weight
) -> ScoringItem:
    require_setting_owner(user, scheme)
    code, label = code.strip(), label.strip()
    if not code or not label:
        raise ValidationError({"label": "请填写项目名称和代码"})
    if scheme.items.filter(code=code).exists():
        raise ValidationError({"code": f"方案中已有代码为“{code}”的项目"})
    position = (
        scheme.items.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    item = ScoringItem.objects.create(
        scheme=scheme, code=code, label=label, group=group, weight=weight, position=position
    )
    audit.record(user, AuditAction.CREATE, item, detail=f"积分排序方案新增项目：{label}")
    return item


@transaction.atomic
def remove_item(user, item: ScoringItem) -> None:
    require_setting_owner(user, item.scheme)
    audit.record(user, AuditAction.DELETE, item, detail=f"积分排序方案删除项目：{item.label}")
    item.delete()


@transaction.atomic
def set_manual_scores(user, cadre: Cadre, scores: dict[str, float | None]) -> int:
    """Hand scores of one person (None clears one); computed items are refused."""
    changed = 0
    existing = {s.code: s for s in ManualScore.objects.select_for_update().filter(cadre=cadre)}
    before = {code: str(s.score) for code, s in existing.items()}
    for code, value in scores.items():
        if is_computed(code):
            raise ValidationError(f"“{code}”由系统计算，不能人工评分")
        if value is not None and not 0 <= value <= 100:
            raise ValidationError({code: "得分应在0到100之间"})
        old = existing.get(code)
        if value is None:
            if old is not None:
                old.delete()
                changed += 1
        elif old is None:
            ManualScore.objects.create(cadre=cadre, code=code, score=value, recorded_by=user)
            changed += 1
        elif float(old.score) != float(value):
            old.score, old.recorded_by = value, user
            old.save(update_fields=["score", "recorded_by", "updated_at"])
            changed += 1
    if changed:
        after = {c: str(v) for c, v in scores.items() if v is not None}
        audit.record(
            user, AuditAction.UPDATE, cadre, detail="积分排序人工评分", before=before, after=after
        )
    return changed


# --- the ranking ----------------------------------------------------------------------


@dataclass
class RankRow:
    membership: PoolMembership
    scores: dict[str, float | None] = field(default_factory=dict)
    total: float = 0.0
    rank: int = 0

    @property
    def cadre(self) -> Cadre:
        return self.membership.cadre


def score_people(
    cadre_ids: list[int], items: list[ScoringItem], ref: dt.date
) -> dict[int, dict[str, float | None]]:
    """Every item's score for every person: one query per computed item, one for all
    hand scores, whatever the number of people."""
    scores: dict[int, dict[str, float | None]] = {pk: {} for pk in cadre_ids}
    manual_codes = [i.code for i in items if not is_computed(i.code)]
    manual: dict[tuple[int, str], float] = {}
    if manual_codes and cadre_ids:
        for pk, code, value in ManualScore.objects.filter(
            cadre_id__in=cadre_ids, code__in=manual_codes
        ).values_list("cadre_id", "code", "score"):
            manual[pk, code] = float(value)
    for item in items:
        if is_computed(item.code):
            computed = _REGISTRY[item.code].compute(cadre_ids, ref) if cadre_ids else {}
            for pk in cadre_ids:
                value = computed.get(pk)
                scores[pk][item.code] = None if value is None else round(float(value), 1)
        else:
            for pk in cadre_ids:
                scores[pk][item.code] = manual.get((pk, item.code))
    return scores


def rank_members(memberships, items: list[ScoringItem], ref: dt.date) -> list[RankRow]:
    """Members ranked by weighted total (ties share a rank), best first."""
    members = list(memberships)
    weights = {i.code: float(i.weight) for i in items}
    scores = score_people([m.cadre_id for m in members], items, ref)
    rows = [
        RankRow(m, scores[m.cadre_id], selection_rules.weighted_total(scores[m.cadre_id], weights))
        for m in members
    ]
    rows.sort(key=lambda r: (-r.total, r.cadre.birth_month, r.cadre.pk))
    previous, rank = None, 0
    for position, row in enumerate(rows, 1):
        if row.total != previous:
            rank, previous = position, row.total
        row.rank = rank
    return rows


def averages(rows: list[RankRow], items: list[ScoringItem]) -> dict[str, float]:
    """Pool average per item (missing scores count 0, as in the total)."""
    if not rows:
        return {i.code: 0.0 for i in items}
    return {
        i.code: round(sum(r.scores.get(i.code) or 0.0 for r in rows) / len(rows), 1) for i in items
    }
