"""The gates in front of an appointment dated today or later: whether it is a
promotion (提拔), a standing 一票否决, 凡提四必, and the 双把关 动议 an A or B team
needs. One place, read by the appointment service (which refuses), the 动议 page
(which shows the checklist) and ``import appointments`` (row errors)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pool.models import Cadre, Veto
from staffing import rules
from staffing.models import Appointment, Post, SecondSignOff, SignOffDecision, WarningRecord
from supervision.gates import Must, four_musts


@dataclass
class Gates:
    promotion: bool
    seat_level: int
    vetoed: bool
    musts: list[Must] = field(default_factory=list)  # only for a promotion

    @property
    def missing(self) -> list[Must]:
        return [m for m in self.musts if not m.ok]

    def refusals(self, name: str) -> list[str]:
        """Why the promotion cannot be made, in words (empty: it can)."""
        if not self.promotion:
            return []
        out = []
        if self.vetoed:
            out.append(f"{name}有一票否决记录且未解除，不能提拔任用")
        if self.missing:
            out.append(
                f"{name}提拔任职须凡提四必，尚缺："
                + "；".join(f"{m.label}（{m.detail}）" for m in self.missing)
            )
        return out


def held_levels(cadre_id: int, on: dt.date, exclude: int | None = None) -> list[int]:
    """The levels of the seats ``cadre_id`` holds on ``on``."""
    held = (
        Appointment.objects.serving_on(on)
        .filter(cadre_id=cadre_id)
        .exclude(pk=exclude)
        .values_list("post__team__unit__level", "post__team__unit__kind", "post__is_chief")
    )
    return [rules.post_level(level, kind, chief) for level, kind, chief in held]


def seat_level(post: Post) -> int:
    unit = post.team.unit
    return rules.post_level(unit.level, unit.kind, post.is_chief)


def gates_for(cadre: Cadre, post: Post, start: dt.date, *, probation: bool = False) -> Gates:
    """The gates of seating ``cadre`` in ``post`` from ``start``. ``probation`` (the
    form's 提拔任职 tick) marks a promotion whatever the levels say."""
    level = seat_level(post)
    before = start - dt.timedelta(days=1)
    promotion = probation or rules.is_promotion(cadre.rank, held_levels(cadre.pk, before), level)
    vetoed = Veto.objects.filter(cadre_id=cadre.pk, active=True).exists()
    musts = four_musts(cadre, start) if promotion else []
    return Gates(promotion, level, vetoed, musts)


def latest_warning(team_id: int) -> WarningRecord | None:
    return WarningRecord.objects.filter(team_id=team_id).order_by("-quarter").first()


@dataclass(frozen=True)
class MotionGate:
    motion: SecondSignOff | None  # the 动议 to tie the appointment to
    code: str = ""  # set when refused
    message: str = ""


def motion_gate(
    team, cadre: Cadre, post: Post, start: dt.date, today: dt.date, *, lock: bool = False
) -> MotionGate:
    """双把关 as a gate: into a team graded A or B (with a gap) in the latest quarter, an
    appointment dated today or later needs this person's 动议 for this post with the
    干部科's opinion recorded and not 不同意. ``MotionGate(None)`` when none is needed;
    ``lock``: the 动议 row is locked (inside the appointment's transaction)."""
    record = latest_warning(team.pk)
    if record is None or not rules.needs_motion(record.level, record.gap, start, today):
        return MotionGate(None)
    motions = SecondSignOff.objects.filter(cadre=cadre, post=post, appointment__isnull=True)
    if lock:
        motions = motions.select_for_update()
    motion = motions.order_by("-created_at", "-pk").first()
    where = f"{team.unit.name}领导班子{record.quarter}为{record.level}级（差额{record.gap}名）"
    if motion is None:
        return MotionGate(
            None,
            "motion_required",
            f"{where}，任职须先提出动议，经干部科双把关签署意见后才能录入",
        )
    if not motion.decision:
        return MotionGate(
            None,
            "motion_pending",
            f"{cadre.name}任{post.title}的动议尚待干部科签署双把关意见，签署后才能录入任职",
        )
    if motion.decision == SignOffDecision.REJECTED:
        return MotionGate(
            None,
            "motion_rejected",
            f"双把关不同意（{motion.note}），{cadre.name}任{post.title}不能录入",
        )
    return MotionGate(motion)
