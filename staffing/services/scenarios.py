"""模拟调配 scenarios: drafting moves (each checked as the real 任免 would be, against
the scenario's seating), turning a chosen scenario into 任免建议, and carrying a
建议 out through the real 任职/免职 services. Every change is audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pool import audit
from pool.models import AuditAction
from pool.people.selectors import cadres_for, grant_of
from staffing import moves as engine
from staffing.models import (
    Appointment,
    AppointmentDocument,
    AppointmentProposal,
    MoveKind,
    Post,
    ProposalStatus,
    Scenario,
    ScenarioMove,
    ScenarioStatus,
)
from staffing.selectors import simulation
from staffing.services.appointments import appoint, end_appointment

SCENARIO_FIELDS = ["name", "ref_date", "note"]


def _draft(scenario: Scenario) -> Scenario:
    """The scenario locked for a change; refused once it has become 任免建议."""
    current = Scenario.objects.select_for_update().select_related("unit").get(pk=scenario.pk)
    if not current.is_draft:
        raise ValidationError(f"方案“{current.name}”已转为任免建议，不能再修改", code="proposed")
    return current


def create_scenario(actor, *, name: str, ref_date: dt.date, note: str = "") -> Scenario:
    """A draft in the actor's own jurisdiction."""
    grant = grant_of(actor)
    if grant is None or grant.unit_id is None:
        raise ValidationError("您的账号未设置管辖范围，不能新建模拟调配方案", code="no_scope")
    if not (name or "").strip():
        raise ValidationError({"name": "请填写方案名称"}, code="name")
    with transaction.atomic():
        scenario = Scenario.objects.create(
            name=name.strip(), unit=grant.unit, owner=actor, ref_date=ref_date, note=note.strip()
        )
        audit.record(
            actor,
            AuditAction.CREATE,
            scenario,
            detail=f"新建模拟调配方案“{scenario.name}”",
            after=audit.model_values(scenario, SCENARIO_FIELDS),
        )
    return scenario


def update_scenario(
    actor, scenario: Scenario, *, name: str, ref_date: dt.date, note: str = ""
) -> Scenario:
    if not (name or "").strip():
        raise ValidationError({"name": "请填写方案名称"}, code="name")
    with transaction.atomic():
        current = _draft(scenario)
        before = audit.model_values(current, SCENARIO_FIELDS)
        current.name, current.ref_date, current.note = name.strip(), ref_date, note.strip()
        current.save(update_fields=[*SCENARIO_FIELDS, "updated_at"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"修改模拟调配方案“{current.name}”",
            before=before,
            after=audit.model_values(current, SCENARIO_FIELDS),
        )
    return current


def delete_scenario(actor, scenario: Scenario) -> None:
    with transaction.atomic():
        current = _draft(scenario)
        labels = [m.label for m in simulation.moves_of(current)]
        audit.record(
            actor,
            AuditAction.DELETE,
            current,
            detail=f"删除模拟调配方案“{current.name}”",
            before={**audit.model_values(current, SCENARIO_FIELDS), "moves": labels},
        )
        current.delete()


def _in_scope(actor, scenario: Scenario, name: str, *, cadre_id, post_id, leaves_id):
    """The move's person, post and seat, each inside both the actor's jurisdiction and
    the scenario's; anything else is refused naming the move."""
    units = simulation.scope_of(scenario).values("pk")
    cadre = cadres_for(actor).filter(unit__in=units, pk=cadre_id).first()
    if cadre is None:
        raise ValidationError({"cadre": f"{name}：所选干部不在本方案的管辖范围内"})
    post = leaves = None
    if post_id is not None:
        post = (
            Post.objects.filter(team__unit__in=units, pk=post_id)
            .select_related("team__unit")
            .first()
        )
        if post is None:
            raise ValidationError({"post": f"{name}：拟任职位不在本方案的管辖范围内"})
    if leaves_id is not None:
        leaves = (
            Appointment.objects.filter(post__team__unit__in=units, pk=leaves_id, cadre=cadre)
            .select_related("post__team__unit")
            .first()
        )
        if leaves is None:
            raise ValidationError({"leaves": f"{name}：请选择{cadre.name}现任的、要免去的职务"})
    return cadre, post, leaves


def add_move(
    actor,
    scenario: Scenario,
    *,
    kind: str,
    cadre_id: int,
    date: dt.date,
    post_id: int | None = None,
    leaves_id: int | None = None,
) -> ScenarioMove:
    """Add a move at the end of a draft. Refused, with a message naming the move, when
    its person, post or seat is outside the jurisdiction, or when after the moves
    before it the seat is full (超职数配备) or the person already sits in that team."""
    if kind not in MoveKind.values:
        raise ValidationError({"kind": "请选择调配类型（任职、免职或交流任职）"})
    if kind == MoveKind.REMOVE:
        post_id = None
    elif post_id is None:
        raise ValidationError({"post": "请选择拟任职位"})
    if kind == MoveKind.APPOINT:
        leaves_id = None
    elif leaves_id is None:
        raise ValidationError({"leaves": "请选择要免去的现任职务"})
    if date is None:
        raise ValidationError({"date": "请填写拟任免日期"})
    with transaction.atomic():
        current = _draft(scenario)
        moves = simulation.moves_of(current)
        number = len(moves) + 1
        cadre, post, leaves = _in_scope(
            actor,
            current,
            f"第{number}条调配",
            cadre_id=cadre_id,
            post_id=post_id,
            leaves_id=leaves_id,
        )
        move = ScenarioMove(
            scenario=current,
            position=(max((m.position for m in moves), default=0) + 1),
            kind=kind,
            cadre=cadre,
            post=post,
            leaves=leaves,
            date=date,
        )
        world = simulation.seating(simulation.scope_of(current), current.ref_date)
        steps = simulation.as_engine_moves([*moves, move], world)
        seats, _ = engine.apply_all(world.seats, world.posts, steps[:-1])
        reason = engine.refusal(seats, world.posts, steps[-1])
        if reason:
            raise ValidationError(f"第{number}条调配（{move.label}）：{reason}", code="refused")
        move.save()
        current.save(update_fields=["updated_at"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"模拟调配方案“{current.name}”增加调配：{move.label}",
        )
    return move


def remove_move(actor, move: ScenarioMove) -> None:
    with transaction.atomic():
        current = _draft(move.scenario)
        label = move.label
        ScenarioMove.objects.filter(pk=move.pk, scenario=current).delete()
        current.save(update_fields=["updated_at"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"模拟调配方案“{current.name}”删除调配：{label}",
        )


def propose(actor, scenario: Scenario) -> list[AppointmentProposal]:
    """转为任免建议: every move of the draft, checked again against today's seating and
    the actor's jurisdiction, becomes a pending 任免建议; the scenario is then closed."""
    with transaction.atomic():
        current = _draft(scenario)
        moves = simulation.moves_of(current)
        if not moves:
            raise ValidationError("方案中还没有调配，不能转为任免建议", code="empty")
        problems = []
        for number, move in enumerate(moves, start=1):
            try:
                _in_scope(
                    actor,
                    current,
                    f"第{number}条调配（{move.label}）",
                    cadre_id=move.cadre_id,
                    post_id=move.post_id,
                    leaves_id=move.leaves_id,
                )
            except ValidationError as error:
                problems += error.messages
        found = simulation.effect(current, moves, with_targets=False)
        problems += found.refusals
        if problems:
            raise ValidationError(problems, code="refused")
        proposals = AppointmentProposal.objects.bulk_create(
            [AppointmentProposal(move=m, created_by=actor) for m in moves]
        )
        current.status = ScenarioStatus.PROPOSED
        current.proposed_at = timezone.now()
        current.proposed_by = actor
        current.save(update_fields=["status", "proposed_at", "proposed_by", "updated_at"])
        audit.record(
            actor,
            AuditAction.CREATE,
            current,
            detail=f"模拟调配方案“{current.name}”转为任免建议{len(proposals)}条",
            after={"proposals": [m.label for m in moves]},
        )
    return proposals


def _pending(proposal: AppointmentProposal) -> AppointmentProposal:
    current = (
        AppointmentProposal.objects.select_for_update(of=("self",))
        .select_related(
            "move__scenario",
            "move__cadre",
            "move__post__team__unit",
            "move__leaves__post__team__unit",
        )
        .get(pk=proposal.pk)
    )
    if current.status != ProposalStatus.PENDING:
        raise ValidationError(
            f"该任免建议{current.get_status_display()}，不能再办理", code="closed"
        )
    return current


def carry_out(
    actor,
    proposal: AppointmentProposal,
    *,
    date: dt.date,
    document_number: str = "",
    document: AppointmentDocument | None = None,
    title: str = "",
    probation: bool = False,
) -> AppointmentProposal:
    """办理: the 免职 and/or 任职 of the 建议, made by the real services in one
    transaction, so their checks (超职数, double seats, locked 任免文件, open 公示)
    refuse it as they refuse any 任免, and an appointment to an A or B team that does
    not reduce its gap is flagged for 双把关."""
    with transaction.atomic():
        current = _pending(proposal)
        move = current.move
        if not cadres_for(actor).filter(pk=move.cadre_id).exists():
            raise ValidationError(f"{move.cadre.name}已不在您的管辖范围内", code="scope")
        if move.leaves_id is not None:
            end_appointment(actor, move.leaves, date, document_number, document=document)
        if move.post_id is not None:
            current.appointment = appoint(
                actor,
                move.cadre,
                move.post,
                date,
                document_number,
                document=document,
                title=title,
                probation=probation,
            )
        current.status = ProposalStatus.DONE
        current.done_by, current.done_at = actor, timezone.now()
        current.save(update_fields=["status", "appointment", "done_by", "done_at"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"办理任免建议：{move.label}",
            before={"status": ProposalStatus.PENDING},
            after={"status": current.status, "appointment": current.appointment_id},
        )
    return current


def withdraw(actor, proposal: AppointmentProposal, note: str = "") -> AppointmentProposal:
    with transaction.atomic():
        current = _pending(proposal)
        current.status = ProposalStatus.WITHDRAWN
        current.note = (note or "").strip()[:200]
        current.done_by, current.done_at = actor, timezone.now()
        current.save(update_fields=["status", "note", "done_by", "done_at"])
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail=f"撤回任免建议：{current.move.label}",
            before={"status": ProposalStatus.PENDING},
            after={"status": current.status, "note": current.note},
        )
    return current
