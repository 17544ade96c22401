# Over 400 lines: every write of 选 (lists, pool, vetoes, rounds); services/ is left for #17.
"""Writes and audited reads on people. One function per thing a user does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pool import audit
from pool.accounts.access import require_setting_owner
from pool.models import (
    AuditAction,
    Cadre,
    Decision,
    ExitReason,
    Inspection,
    InspectionStatus,
    ListStatus,
    PoolEvent,
    PoolEventKind,
    PoolMembership,
    PoolStatus,
    Recommendation,
    RecommendationList,
    RecommendationRound,
    RecommendMethod,
    Role,
    SavedSearch,
    Tier,
    Unit,
    Veto,
    validate_attachment,
)
from pool.notify import notices
from pool.people import crypto, rules, selectors
from pool.selection import rules as selection_rules
from pool.selection import selectors as selection_selectors

# ---------------------------------------------------------------------------
# 选: recommendation lists, the pool, vetoes. Each function is one thing a user
# does; callers fetch objects through ``pool.people.selectors`` (jurisdiction first).
# ---------------------------------------------------------------------------

VETO_BLOCKS_ENTRY = "该同志存在一票否决情形，不能入库"
LIST_FIELDS = ["status", "return_reason", "submitted_at", "reviewed_at"]
RECOMMENDATION_FIELDS = ["reason", "achievements", "method", "votes_for", "votes_total"]


@dataclass(frozen=True)
class NewPerson:
    """The short form a unit fills in for someone not yet on the roster."""

    id_number: str
    name: str
    gender: str
    birth_month: dt.date
    category: str
    unit: Unit
    current_position: str = ""


def _lock_list(rec_list: RecommendationList) -> RecommendationList:
    return (
        RecommendationList.objects.select_for_update()
        .select_related("round", "unit")
        .get(pk=rec_list.pk)
    )


def _lock_cadre(cadre: Cadre) -> Cadre:
    """Admissions and vetoes of one person run one at a time."""
    return Cadre.objects.select_for_update().get(pk=cadre.pk)


def _require_open_round(round_: RecommendationRound) -> None:
    # Read the flag from the database: the round may have been closed since it was loaded.
    if not RecommendationRound.objects.filter(pk=round_.pk, is_open=True).exists():
        raise ValidationError(f"{round_.name}推荐已截止，不能再修改或报送清单")


def _require_editable(rec_list: RecommendationList) -> None:
    if not rec_list.is_editable:
        raise ValidationError(f"清单{rec_list.get_status_display()}，不能修改")


def _check_votes(votes_for, votes_total) -> None:
    problem = selection_rules.votes_problem(votes_for, votes_total)
    if problem:
        raise ValidationError({"votes_for": problem})


def _check_attachment(attachment) -> None:
    if attachment:
        try:
            validate_attachment(attachment)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from None


@transaction.atomic
def open_own_list(user, round_: RecommendationRound) -> RecommendationList:
    """The list ``user`` writes in ``round_``, created (as a draft) on first use."""
    key = selection_selectors.own_list_key(user)
    if key is None:
        raise ValidationError("您的角色不报送推荐清单")
    rec_list, created = RecommendationList.objects.get_or_create(round=round_, **key)
    if created:
        audit.record(user, AuditAction.CREATE, rec_list, detail="新建推荐清单")
    return rec_list


def check_new_person(user, person: NewPerson) -> str:
    """The checks on a new person that reveal nothing outside ``user``'s jurisdiction:
    the ID number itself, birth month and gender against it, the unit in scope, and a
    person already on the user's own roster. Returns the clear ID number."""
    errors: dict[str, str] = {}
    try:
        clear = rules.normalize_id_number(person.id_number)
    except rules.IdNumberError as error:
        raise ValidationError({"id_number": str(error)}) from None
    if rules.birth_date_from_id(clear).replace(day=1) != person.birth_month:
        errors["birth_month"] = "出生年月与身份证号中的出生日期不一致"
    if rules.gender_from_id(clear) != person.gender:
        errors["gender"] = "性别与身份证号不一致"
    if not person.name.strip():
        errors["name"] = "请填写姓名"
    if not selectors.units_for(user).filter(pk=person.unit.pk).exists():
        errors["unit"] = "只能在本单位（本人管辖范围内）新增干部"
    mine = selectors.cadres_for(user).filter(id_hash=crypto.lookup_hash(clear)).first()
    if mine is not None:
        errors["id_number"] = f"该身份证号已在干部名册中（{mine.name}），请从名册中选择"
    if errors:
        raise ValidationError(errors)
    return clear


def create_cadre(user, person: NewPerson, clear: str, detail: str) -> Cadre:
    """File a new person on the roster (the ID checked by ``check_new_person``); an ID
    registered outside ``user``'s jurisdiction is refused."""
    if Cadre.objects.filter(id_hash=crypto.lookup_hash(clear)).exists():
        raise ValidationError({"id_number": "该身份证号已在您管辖范围外登记，请报上级组织部门核实"})
    cadre = Cadre(
        name=person.name.strip(),
        gender=person.gender,
        birth_month=person.birth_month,
        category=person.category,
        unit=person.unit,
        current_position=person.current_position.strip(),
    )
    cadre.id_number = clear
    cadre.save()
    audit.record(
        user,
        AuditAction.CREATE,
        cadre,
        detail=detail,
        after=audit.model_values(cadre, ["name", "gender", "birth_month", "category", "unit_id"]),
    )
    return cadre


@transaction.atomic
def add_recommendation(
    user,
    round_: RecommendationRound,
    cadre: Cadre | None = None,
    *,
    new_person: NewPerson | None = None,
    reason: str = "",
    achievements: str = "",
    method: str = RecommendMethod.INDIVIDUAL,
    votes_for: int | None = None,
    votes_total: int | None = None,
    attachment=None,
) -> Recommendation:
    """Put a person on the user's own list for ``round_``: someone from their roster
    (``cadre``) or someone new (``new_person``, checked against the ID number)."""
    _require_open_round(round_)
    rec_list = _lock_list(open_own_list(user, round_))
    _require_editable(rec_list)
    _check_votes(votes_for, votes_total)
    _check_attachment(attachment)
    if new_person is not None:
        if selectors.grant_of(user) is None or selectors.grant_of(user).role != Role.STAFF:
            # units submit new people for staff to check (pool.selection.new_people)
            raise ValidationError({"id_number": "新增人选须提交组织部门核实"})
        clear = check_new_person(user, new_person)
        cadre = create_cadre(user, new_person, clear, "填报推荐清单时新增干部")
    elif cadre is None or not selectors.cadres_for(user).filter(pk=cadre.pk).exists():
        raise ValidationError({"cadre": "只能推荐本单位（本人管辖范围内）的干部"})
    if rec_list.recommendations.filter(cadre=cadre).exists():
        raise ValidationError({"cadre": f"{cadre.name}已在本清单中"})
    rec = Recommendation(
        rec_list=rec_list,
        cadre=cadre,
        reason=reason.strip(),
        achievements=achievements.strip(),
        method=method,
        votes_for=votes_for,
        votes_total=votes_total,
    )
    if attachment:
        rec.attachment = attachment
        rec.attachment_name = attachment.name[:255]
    rec.save()
    audit.record(
        user,
        AuditAction.CREATE,
        rec,
        detail=f"加入{rec_list}",
        after=audit.model_values(rec, RECOMMENDATION_FIELDS),
    )
    return rec


@transaction.atomic
def update_recommendation(
    user,
    rec: Recommendation,
    *,
    reason: str,
    achievements: str,
    method: str,
    votes_for: int | None,
    votes_total: int | None,
    attachment=None,
    remove_attachment: bool = False,
) -> Recommendation:
    rec_list = _lock_list(rec.rec_list)
    _require_open_round(rec_list.round)
    _require_editable(rec_list)
    _check_votes(votes_for, votes_total)
    _check_attachment(attachment)
    before = audit.model_values(rec, [*RECOMMENDATION_FIELDS, "attachment_name"])
    rec.reason, rec.achievements, rec.method = reason.strip(), achievements.strip(), method
    rec.votes_for, rec.votes_total = votes_for, votes_total
    if attachment:
        rec.attachment = attachment
        rec.attachment_name = attachment.name[:255]
    elif remove_attachment:
        rec.attachment, rec.attachment_name = "", ""
    rec.save()
    after = audit.model_values(rec, [*RECOMMENDATION_FIELDS, "attachment_name"])
    audit.record(user, AuditAction.UPDATE, rec, before=before, after=after)
    return rec


@transaction.atomic
def remove_recommendation(user, rec: Recommendation) -> None:
    rec_list = _lock_list(rec.rec_list)
    _require_open_round(rec_list.round)
    _require_editable(rec_list)
    audit.record(
        user,
        AuditAction.DELETE,
        rec,
        detail=f"移出{rec_list}",
        before=audit.model_values(rec, RECOMMENDATION_FIELDS),
    )
    rec.delete()


def submission_problems(
    rec_list: RecommendationList, recs: list[Recommendation], ref: dt.date | None = None
) -> list[str]:
    """Everything that stops ``rec_list`` from being submitted, in Chinese, by person."""
    ref = ref or timezone.localdate()
    ceilings = selectors.pool_ceilings()
    vetoed = selection_selectors.active_veto_ids(r.cadre_id for r in recs)
    problems = []
    cap = selection_rules.cap_problem(len(recs), rec_list.round.unit_cap)
    if cap:
        problems.append(cap)
    for rec in recs:
        problems += selection_rules.recommendation_problems(
            name=rec.cadre.name,
            reason=rec.reason,
            age=rec.cadre.age_at(ref),
            max_age=rules.pool_max_age(ceilings, rec.cadre.rank),
            vetoed=rec.cadre_id in vetoed,
        )
    return problems


def _move(user, rec_list: RecommendationList, target: str, detail: str, **fields):
    error = selection_rules.list_transition_error(rec_list.status, target)
    if error:
        raise ValidationError(error)
    before = audit.model_values(rec_list, LIST_FIELDS)
    rec_list.status = target
    for name, value in fields.items():
        setattr(rec_list, name, value)
    rec_list.save()
    after = audit.model_values(rec_list, LIST_FIELDS)
    audit.record(user, AuditAction.UPDATE, rec_list, detail=detail, before=before, after=after)
    return rec_list


@transaction.atomic
def submit_list(user, rec_list: RecommendationList) -> RecommendationList:
    """The unit (sector, department) sends its list: refused with every problem named."""
    rec_list = _lock_list(rec_list)
    error = selection_rules.list_transition_error(rec_list.status, ListStatus.SUBMITTED)
    if error:
        raise ValidationError(error)
    _require_open_round(rec_list.round)
    recs = list(selection_selectors.list_recommendations(rec_list))
    if not recs:
        raise ValidationError("清单中还没有推荐人选，不能报送")
    problems = submission_problems(rec_list, recs)
    if problems:
        raise ValidationError(problems)
    return _move(
        user,
        rec_list,
        ListStatus.SUBMITTED,
        f"报送推荐清单（{len(recs)}人）",
        submitted_at=timezone.now(),
        submitted_by=user,
    )


@transaction.atomic
def start_review(user, rec_list: RecommendationList) -> RecommendationList:
    rec_list = _lock_list(rec_list)
    return _move(user, rec_list, ListStatus.UNDER_REVIEW, "开始审核推荐清单")


@transaction.atomic
def return_list(user, rec_list: RecommendationList, reason: str) -> RecommendationList:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": "请填写退回原因"})
    rec_list = _lock_list(rec_list)
    rec_list = _move(
        user,
        rec_list,
        ListStatus.RETURNED,
        f"退回推荐清单：{reason}",
        return_reason=reason,
        reviewed_at=timezone.now(),
        reviewed_by=user,
    )
    round_ = rec_list.round
    notices.notify(
        notices.list_writers(rec_list),
        kind="推荐清单",
        title=f"{round_.name}推荐清单已被退回，请修改后重新报送",
        body=f"退回原因：{reason}",
        url=f"{reverse('pool:my_list')}?round={round_.pk}",
    )
    return rec_list


@transaction.atomic
def accept_list(user, rec_list: RecommendationList) -> RecommendationList:
    rec_list = _lock_list(rec_list)
    return _move(
        user,
        rec_list,
        ListStatus.ACCEPTED,
        "推荐清单审核通过",
        reviewed_at=timezone.now(),
        reviewed_by=user,
    )


@transaction.atomic
def admit_to_pool(
    user,
    cadre: Cadre,
    tier: str,
    *,
    round_: RecommendationRound | None = None,
    on: dt.date | None = None,
    reason: str = "",
) -> PoolMembership:
    """入库: refused while a veto is active or while the person is already in."""
    _lock_cadre(cadre)
    if tier not in Tier.values:
        raise ValidationError({"tier": "请选择梯次"})
    if Veto.objects.filter(cadre=cadre, active=True).exists():
        raise ValidationError(VETO_BLOCKS_ENTRY)
    if PoolMembership.objects.filter(cadre=cadre, exited_on__isnull=True).exists():
        raise ValidationError(f"{cadre.name}已在年轻干部库中")
    on = on or timezone.localdate()
    again = PoolMembership.objects.filter(cadre=cadre).exists()
    membership = PoolMembership.objects.create(
        cadre=cadre, round=round_, tier=tier, status=PoolStatus.IN_POOL, entered_on=on
    )
    PoolEvent.objects.create(
        membership=membership,
        kind=PoolEventKind.RE_ENTRY if again else PoolEventKind.ENTRY,
        to_value=tier,
        happened_on=on,
        reason=reason,
        actor=user,
    )
    audit.record(
        user,
        AuditAction.CREATE,
        membership,
        detail=("重新入库" if again else "入库") + (f"：{reason}" if reason else ""),
        after={"tier": tier, "entered_on": on},
    )
    return membership


@transaction.atomic
def accept_candidate(
    user, round_: RecommendationRound, cadre: Cadre, tier: str, *, on: dt.date | None = None
) -> PoolMembership:
    """Admit someone recommended in ``round_`` with ``tier``; every list that named them
    records the decision."""
    recs = list(
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("rec_list__unit")
        .filter(
            cadre=cadre,
            rec_list__round=round_,
            rec_list__status__in=selection_selectors.CANDIDATE_LIST_STATUSES,
        )
    )
    if not recs:
        raise ValidationError(f"{cadre.name}不是{round_.name}已报送清单中的推荐人选")
    sources = "、".join(r.rec_list.owner_name for r in recs)
    membership = admit_to_pool(
        user, cadre, tier, round_=round_, on=on, reason=f"{round_.name}推荐（{sources}）"
    )
    Recommendation.objects.filter(pk__in=[r.pk for r in recs]).update(
        decision=Decision.ACCEPTED, decided_at=timezone.now()
    )
    return membership


def _lock_open_membership(membership: PoolMembership) -> PoolMembership:
    locked = (
        PoolMembership.objects.select_for_update().select_related("cadre").get(pk=membership.pk)
    )
    if not locked.is_open:
        raise ValidationError(f"{locked.cadre.name}已不在年轻干部库中")
    return locked


@transaction.atomic
def change_tier(
    user, membership: PoolMembership, tier: str, reason: str = "", on: dt.date | None = None
) -> PoolMembership:
    membership = _lock_open_membership(membership)
    if tier not in Tier.values:
        raise ValidationError({"tier": "请选择梯次"})
    if tier == membership.tier:
        raise ValidationError({"tier": f"梯次已是“{membership.get_tier_display()}”"})
    on = on or timezone.localdate()
    before = membership.tier
    membership.tier = tier
    membership.save(update_fields=["tier"])
    PoolEvent.objects.create(
        membership=membership,
        kind=PoolEventKind.TIER_CHANGE,
        from_value=before,
        to_value=tier,
        happened_on=on,
        reason=reason.strip(),
        actor=user,
    )
    audit.record(
        user,
        AuditAction.UPDATE,
        membership,
        detail="调整梯次",
        before={"tier": before},
        after={"tier": tier},
    )
    return membership


def _close(user, membership, exit_reason: str, note: str, on: dt.date) -> PoolMembership:
    if on < membership.entered_on:
        raise ValidationError({"on": "出库日期不能早于入库日期"})
    # Leaving the pool ends an inspection still running (mark_used closes its own first).
    Inspection.objects.filter(membership=membership, status=InspectionStatus.ACTIVE).update(
        status=InspectionStatus.WITHDRAWN,
        ended_on=max(on, membership.entered_on),
        end_reason=f"出库（{ExitReason(exit_reason).label}）",
    )
    used = exit_reason == ExitReason.PROMOTED
    before = audit.model_values(membership, ["status", "exited_on", "exit_reason"])
    membership.status = PoolStatus.USED if used else PoolStatus.EXITED
    membership.exited_on, membership.exit_reason, membership.exit_note = on, exit_reason, note
    membership.save(update_fields=["status", "exited_on", "exit_reason", "exit_note"])
    PoolEvent.objects.create(
        membership=membership,
        kind=PoolEventKind.USED if used else PoolEventKind.EXIT,
        from_value=before["status"],
        to_value=exit_reason,
        happened_on=on,
        reason=note,
        actor=user,
    )
    after = audit.model_values(membership, ["status", "exited_on", "exit_reason"])
    audit.record(user, AuditAction.UPDATE, membership, detail="出库", before=before, after=after)
    return membership


@transaction.atomic
def exit_pool(
    user, membership: PoolMembership, reason: str, note: str = "", on: dt.date | None = None
) -> PoolMembership:
    """出库 with one of the DESIGN reasons; a veto goes through ``record_veto``."""
    membership = _lock_open_membership(membership)
    if reason not in ExitReason.values:
        raise ValidationError({"reason": "请选择出库原因"})
    if reason == ExitReason.VETO:
        raise ValidationError({"reason": "一票否决请通过“记录一票否决”办理"})
    if reason == ExitReason.OTHER and not note.strip():
        raise ValidationError({"note": "出库原因为“其他”时请填写说明"})
    return _close(user, membership, reason, note.strip(), on or timezone.localdate())


@transaction.atomic
def record_veto(user, cadre: Cadre, reason: str, source: str = "") -> Veto:
    """一票否决: ends the person's open pool stay and bars re-entry while it stands."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": "请填写否决事由"})
    _lock_cadre(cadre)
    veto = Veto.objects.create(
        cadre=cadre,
        reason=reason,
        source=source.strip(),
        recorded_at=timezone.now(),
        recorded_by=user,
    )
    audit.record(user, AuditAction.CREATE, veto, detail="记录一票否决", after={"source": source})
    membership = PoolMembership.objects.filter(cadre=cadre, exited_on__isnull=True).first()
    if membership is not None:
        _close(user, membership, ExitReason.VETO, reason, timezone.localdate())
    return veto


@transaction.atomic
def lift_veto(user, veto: Veto, reason: str) -> Veto:
    """The finding no longer stands (e.g. 影响期满): re-entry is possible again."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": "请填写解除原因"})
    veto = Veto.objects.select_for_update().get(pk=veto.pk)
    if not veto.active:
        raise ValidationError("该一票否决已解除")
    veto.active, veto.lifted_at, veto.lift_reason = False, timezone.now(), reason
    veto.save(update_fields=["active", "lifted_at", "lift_reason"])
    audit.record(user, AuditAction.UPDATE, veto, detail="解除一票否决", after={"active": False})
    return veto


@transaction.atomic
def create_round(
    user, *, name: str, opens_on: dt.date, closes_on: dt.date, unit_cap: int | None = None
) -> RecommendationRound:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写批次名称"})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "截止日期不能早于开始日期"})
    if RecommendationRound.objects.filter(name=name).exists():
        raise ValidationError({"name": f"已有“{name}”批次"})
    grant = selectors.grant_of(user)
    round_ = RecommendationRound.objects.create(
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        unit_cap=unit_cap,
        owner_id=grant.unit_id if grant else None,
    )
    audit.record(user, AuditAction.CREATE, round_, detail="新建推荐批次")
    notices.notify(
        notices.list_writers(),
        kind="推荐清单",
        title=f"{name}优秀年轻干部推荐已开始，截止{closes_on.year}年{closes_on.month}月{closes_on.day}日",
        body=f"推荐时间：{opens_on:%Y.%m.%d}至{closes_on:%Y.%m.%d}。请在截止前填写并报送本单位推荐清单。",
        url=f"{reverse('pool:my_list')}?round={round_.pk}",
        key=f"round-open-{round_.pk}",
    )
    return round_


@transaction.atomic
def close_round(user, round_: RecommendationRound) -> RecommendationRound:
    """截止推荐: no more additions, changes or submissions in ``round_``; its lists stay
    readable and the department can still review what was submitted."""
    round_ = RecommendationRound.objects.select_for_update().get(pk=round_.pk)
    require_setting_owner(user, round_)
    if not round_.is_open:
        raise ValidationError(f"{round_.name}推荐已截止")
    round_.is_open = False
    round_.closed_by = user
    round_.closed_at = timezone.now()
    round_.save(update_fields=["is_open", "closed_by", "closed_at"])
    audit.record(
        user,
        AuditAction.UPDATE,
        round_,
        detail="截止推荐批次",
        before={"is_open": True},
        after={"is_open": False},
    )
    return round_


@transaction.atomic
def reopen_round(user, round_: RecommendationRound, today) -> RecommendationRound:
    """Undo 截止推荐: by who closed it, on or before the round's 截止日期; lists can be
    added to, changed and submitted again. Lists already submitted stay submitted."""
    round_ = RecommendationRound.objects.select_for_update().get(pk=round_.pk)
    if round_.is_open:
        raise ValidationError(f"{round_.name}推荐尚未截止")
    if round_.closed_by_id != user.pk:
        raise ValidationError("只有截止本批次的工作人员可以重新开放")
    if today > round_.closes_on:
        raise ValidationError(
            f"已过截止日期（{round_.closes_on.year}年{round_.closes_on.month}月"
            f"{round_.closes_on.day}日），不能重新开放；如需继续推荐，请开启新批次"
        )
    round_.is_open = True
    round_.closed_by = None
    round_.closed_at = None
    round_.save(update_fields=["is_open", "closed_by", "closed_at"])
    audit.record(
        user,
        AuditAction.UPDATE,
        round_,
        detail="重新开放推荐批次（撤销截止）",
        before={"is_open": False},
        after={"is_open": True},
    )
    return round_


def open_attachment(user, rec: Recommendation) -> None:
    """Downloading the minutes or vote sheet of a recommendation is audited."""
    audit.record(user, AuditAction.VIEW, rec, detail="下载推荐材料附件")


@transaction.atomic
def save_search(user, page: str, name: str, query: str) -> SavedSearch:
    """常用筛选: keep the current filter under a name (the same name replaces it)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写筛选名称"})
    query = "&".join(
        part
        for part in (query or "").lstrip("?").split("&")
        if part and not part.startswith(("page=", "export="))
    )
    if not query:
        raise ValidationError({"query": "当前没有筛选条件"})
    search, _ = SavedSearch.objects.update_or_create(
        user=user, page=page, name=name[:50], defaults={"query": query[:1000]}
    )
    audit.record(user, AuditAction.CREATE, search, detail=f"保存常用筛选：{name}")
    return search


@transaction.atomic
def delete_search(user, search: SavedSearch) -> None:
    audit.record(user, AuditAction.DELETE, search, detail=f"删除常用筛选：{search.name}")
    search.delete()
