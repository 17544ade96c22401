"""Reads of the 管 stage, scoped to the user's jurisdiction through
``pool.selectors``; what is loaded with what is decided here, once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Max, Prefetch, QuerySet

from pool.models import OPEN_POOL_STATUSES, Cadre, PoolMembership, Role
from pool.selectors import cadres_for, grant_of, units_for
from supervision import rules
from supervision.models import (
    Assessment,
    Concern,
    IntegrityOpinion,
    IntegrityRequest,
    Talk,
    TalkerRole,
    TalkParticipant,
    TalkRule,
)


def _unit_ids(user) -> list[int]:
    return list(units_for(user).values_list("pk", flat=True))


def talks_for(user) -> QuerySet[Talk]:
    """Talks with at least one cadre in ``user``'s jurisdiction, with only those cadres
    loaded as participants (a city-wide meeting shows a county its own people)."""
    unit_ids = _unit_ids(user)
    mine = TalkParticipant.objects.filter(cadre__unit_id__in=unit_ids).select_related("cadre")
    return (
        Talk.objects.filter(participants__cadre__unit_id__in=unit_ids)
        .distinct()
        .prefetch_related(Prefetch("participants", queryset=mine))
    )


@dataclass
class OverdueRow:
    cadre: Cadre
    talker_role: str
    period_months: int
    last_talk: dt.date | None
    due_by: dt.date | None

    @property
    def talker_role_label(self) -> str:
        return TalkerRole(self.talker_role).label


def overdue(user, today: dt.date, talker_role: str = "") -> list[OverdueRow]:
    """谈话提醒台账: for every current pool member in ``user``'s jurisdiction and every
    talk rule, the pairs with no talk by that role on or after the period start, ordered
    by unit. Four queries whatever the numbers (units, rules, members, last talks)."""
    unit_ids = _unit_ids(user)
    talk_rules = list(TalkRule.objects.all())
    if talker_role:
        talk_rules = [r for r in talk_rules if r.talker_role == talker_role]
    members = (
        PoolMembership.objects.filter(
            status__in=OPEN_POOL_STATUSES, cadre__unit_id__in=unit_ids, cadre__is_active=True
        )
        .select_related("cadre__unit")
        .order_by("cadre__unit__position", "cadre__unit_id", "cadre__birth_month", "cadre_id")
    )
    cadres = [m.cadre for m in members]
    last: dict[tuple[int, str], dt.date] = {
        (cid, role): day
        for cid, role, day in TalkParticipant.objects.filter(cadre__in=[c.pk for c in cadres])
        .values_list("cadre_id", "talker_role")
        .annotate(last=Max("date"))
        .values_list("cadre_id", "talker_role", "last")
    }
    rows = []
    for cadre in cadres:
        for rule in talk_rules:
            seen = last.get((cadre.pk, rule.talker_role))
            if rules.talk_status(seen, today, rule.period_months).overdue:
                rows.append(
                    OverdueRow(
                        cadre,
                        rule.talker_role,
                        rule.period_months,
                        seen,
                        rules.due_date(seen, rule.period_months),
                    )
                )
    return rows


def liaisons():
    """Accounts that integrity requests may be addressed to."""
    return (
        get_user_model()
        .objects.filter(grant__role=Role.DISCIPLINE_LIAISON, is_active=True)
        .order_by("username")
    )


def integrity_requests_for(user) -> QuerySet[IntegrityRequest]:
    """Staff: batches with someone in their jurisdiction. The liaison: only the batches
    addressed to them. Everyone else: none."""
    grant = grant_of(user)
    requests = IntegrityRequest.objects.select_related("requested_by", "addressed_to")
    if grant is None:
        return requests.none()
    if grant.role == Role.DISCIPLINE_LIAISON:
        return requests.filter(addressed_to=user)
    if grant.role == Role.STAFF:
        return requests.filter(opinions__cadre__unit_id__in=_unit_ids(user)).distinct()
    return requests.none()


def opinions_for(user) -> QuerySet[IntegrityOpinion]:
    """Opinions ``user`` may read: the liaison's own requests; staff's people."""
    grant = grant_of(user)
    opinions = IntegrityOpinion.objects.select_related("cadre__unit", "request")
    if grant is None:
        return opinions.none()
    if grant.role == Role.DISCIPLINE_LIAISON:
        return opinions.filter(request__addressed_to=user)
    if grant.role == Role.STAFF:
        return opinions.filter(cadre__unit_id__in=_unit_ids(user))
    return opinions.none()


def request_opinions(user, req: IntegrityRequest) -> list[IntegrityOpinion]:
    return list(opinions_for(user).filter(request=req).order_by("cadre__unit_id", "id"))


def concerns_for(user) -> QuerySet[Concern]:
    return Concern.objects.filter(cadre__unit_id__in=_unit_ids(user)).select_related("cadre__unit")


def assessments_for(user) -> QuerySet[Assessment]:
    return Assessment.objects.filter(cadre__unit_id__in=_unit_ids(user)).select_related(
        "cadre__unit"
    )


def pick_cadres(user, unit_id: int | None = None) -> QuerySet[Cadre]:
    """People a form may offer: in jurisdiction, of one unit when given."""
    cadres = cadres_for(user)
    if unit_id:
        cadres = cadres.filter(unit_id=unit_id)
    return cadres.order_by("unit__position", "unit_id", "-birth_month", "id")


# --- One person's records, for the cadre profile. ``cadre`` comes from a scoped
# queryset (``cadres_for(user)``), so it is already in the user's jurisdiction; the
# caller decides which of these a role may see (talk notes and integrity: staff only).


def talks_of(cadre: Cadre) -> list[Talk]:
    """Every talk the person took part in, newest first (one query)."""
    return list(Talk.objects.filter(participants__cadre=cadre).order_by("-date", "-id"))


def opinions_of(cadre: Cadre) -> list[IntegrityOpinion]:
    return list(
        IntegrityOpinion.objects.filter(cadre=cadre)
        .select_related("request")
        .order_by("-request__created", "-id")
    )


def concerns_of(cadre: Cadre) -> list[Concern]:
    return list(Concern.objects.filter(cadre=cadre).order_by("-received_on", "-id"))


def assessments_of(cadre: Cadre) -> list[Assessment]:
    return list(Assessment.objects.filter(cadre=cadre).order_by("-year", "kind", "-quarter"))


def annual_grades(cadre_ids) -> dict[int, dict[int, str]]:
    """``{cadre_id: {year: grade}}`` of annual assessments, for many people at once."""
    out: dict[int, dict[int, str]] = {}
    rows = Assessment.objects.filter(cadre_id__in=list(cadre_ids), kind="annual").values_list(
        "cadre_id", "year", "grade"
    )
    for cadre_id, year, grade in rows:
        out.setdefault(cadre_id, {})[year] = grade
    return out


@dataclass
class TalkDue:
    rule: TalkRule
    status: rules.TalkStatus

    @property
    def due_by(self) -> dt.date | None:
        return rules.due_date(self.status.last_talk, self.rule.period_months)


def talk_dues_of(cadre: Cadre, today: dt.date) -> list[TalkDue]:
    """Each talk rule with the person's last talk by that role and whether it is
    overdue on ``today`` (two queries)."""
    last = dict(
        TalkParticipant.objects.filter(cadre=cadre)
        .values_list("talker_role")
        .annotate(last=Max("date"))
        .values_list("talker_role", "last")
    )
    return [
        TalkDue(rule, rules.talk_status(last.get(rule.talker_role), today, rule.period_months))
        for rule in TalkRule.objects.all()
    ]
