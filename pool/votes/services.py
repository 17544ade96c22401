"""Writes of 民主推荐测评: each staff action is one function, in one transaction, audited.
Casting a ballot is the one write that is never audited: the audit row's time and IP
would tie the voter to the ballot."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from pool import audit
from pool.accounts.access import require_setting_owner
from pool.models import (
    AuditAction,
    Ballot,
    BallotCode,
    BallotMark,
    PaperEntry,
    VoteKind,
    VoterGroup,
    VoterRoll,
    VotingCandidate,
    VotingRound,
    VotingRules,
)
from pool.votes import codes, rules

MAX_CODES = 500  # per batch


class BallotRefused(Exception):
    """A ballot not taken, with the Chinese sentence the voter reads."""


def create_round(actor, data: dict, cadres, rolls: dict[str, int]) -> VotingRound:
    """A round with its candidates (in the order chosen) and expected voters per group."""
    if not cadres:
        raise ValidationError({"cadres": "请至少选择一名人选"})
    if not any(rolls.values()):
        raise ValidationError({"__all__": "请至少填写一类参加人员的应到人数"})
    with transaction.atomic():
        voting_round = VotingRound.objects.create(created_by=actor, **data)
        VotingCandidate.objects.bulk_create(
            VotingCandidate(round=voting_round, cadre=c, position=i) for i, c in enumerate(cadres)
        )
        VoterRoll.objects.bulk_create(
            VoterRoll(round=voting_round, group=g, expected=n) for g, n in rolls.items() if n
        )
        audit.record(
            actor,
            AuditAction.CREATE,
            voting_round,
            detail=f"新建{voting_round.get_kind_display()}：{voting_round.title}",
            after={
                **audit.model_values(voting_round, ["kind", "title", "post_name", "max_choices"]),
                "candidates": [c.pk for c in cadres],
                "rolls": {g: n for g, n in rolls.items() if n},
            },
        )
    return voting_round


def generate_codes(actor, voting_round: VotingRound, group: str, count: int) -> list[str]:
    """``count`` new codes for ``group``; the clear codes are returned once and never kept."""
    if voting_round.is_closed():
        raise ValidationError("投票已结束，不能再生成投票码")
    if not voting_round.rolls.filter(group=group).exists():
        raise ValidationError({"group": "该类人员不在本次参加人员名单中"})
    if not 1 <= count <= MAX_CODES:
        raise ValidationError({"count": f"每次生成1至{MAX_CODES}个投票码"})
    made = [codes.new_code() for _ in range(count)]
    with transaction.atomic():
        BallotCode.objects.bulk_create(
            BallotCode(
                round=voting_round, group=group, code_hash=codes.code_hash(voting_round.pk, c)
            )
            for c in made
        )
        audit.record(
            actor,
            AuditAction.CREATE,
            voting_round,
            detail=f"生成投票码{count}个（{VoterGroup(group).label}）",
        )
    return made


def cast_ballot(voting_round: VotingRound, raw_code: str, choices) -> Ballot:
    """Burn the code and store the ballot in one transaction, or refuse.

    ``choices`` is a list of candidate pks (推荐) or {candidate pk: {item: grade}}
    (测评), already checked against the round by the form."""
    if not voting_round.is_open():
        raise BallotRefused("投票未开始或已结束")
    code = codes.normalise(raw_code)
    if code is None:
        raise BallotRefused("投票码格式不正确，请核对后重新输入")
    with transaction.atomic():
        row = (
            BallotCode.objects.select_for_update()
            .filter(round=voting_round, code_hash=codes.code_hash(voting_round.pk, code))
            .first()
        )
        if row is None:
            raise BallotRefused("投票码无效，请核对后重新输入")
        if row.used:
            raise BallotRefused("该投票码已使用，每个投票码只能投票一次")
        row.used = True
        row.save(update_fields=["used"])
        if voting_round.kind == VoteKind.RECOMMEND:
            spoilt = rules.is_spoilt(len(choices), voting_round.max_choices)
            ballot = Ballot.objects.create(round=voting_round, group=row.group, spoilt=spoilt)
            if not spoilt:
                BallotMark.objects.bulk_create(
                    BallotMark(ballot=ballot, candidate_id=pk) for pk in choices
                )
        else:
            ballot = Ballot.objects.create(round=voting_round, group=row.group)
            BallotMark.objects.bulk_create(
                BallotMark(ballot=ballot, candidate_id=pk, item=item, grade=grade)
                for pk, grades in choices.items()
                for item, grade in grades.items()
            )
    return ballot


def close_round(actor, voting_round: VotingRound) -> None:
    if voting_round.closed_at is not None:
        raise ValidationError("本次投票已结束")
    with transaction.atomic():
        voting_round.closed_at = timezone.now()
        voting_round.closed_by = actor
        voting_round.save(update_fields=["closed_at", "closed_by"])
        audit.record(actor, AuditAction.UPDATE, voting_round, detail="结束投票")


def save_paper_entry(
    actor, voting_round: VotingRound, group: str, ballots: int, spoilt: int, counts: dict
) -> PaperEntry:
    """One staff member's entry of a group's paper totals: the first free slot, or the
    slot this staff member already holds. The two slots belong to two people."""
    if not voting_round.rolls.filter(group=group).exists():
        raise ValidationError({"group": "该类人员不在本次参加人员名单中"})
    if spoilt > ballots:
        raise ValidationError({"spoilt": "废票数不能大于收回票数"})
    valid = ballots - spoilt
    over = [key for key, n in counts.items() if n > valid]
    if over:
        raise ValidationError("单项票数不能大于有效票数（收回票数减废票数）")
    if (
        voting_round.kind == VoteKind.RECOMMEND
        and sum(counts.values()) > valid * voting_round.max_choices
    ):
        raise ValidationError("得票总数超过有效票数乘以应推人数，请核对")
    per_item: dict[str, int] = {}
    for key, n in counts.items():
        if key.count(":") == 2:
            item = key.rsplit(":", 1)[0]
            per_item[item] = per_item.get(item, 0) + n
    if any(total > valid for total in per_item.values()):
        raise ValidationError("同一测评对象同一项目的各等次票数之和不能大于有效票数，请核对")
    with transaction.atomic():
        entries = {
            e.slot: e
            for e in PaperEntry.objects.select_for_update().filter(round=voting_round, group=group)
        }
        mine = next((e for e in entries.values() if e.entered_by_id == actor.pk), None)
        if mine is None:
            free = [s for s in (1, 2) if s not in entries]
            if not free:
                raise ValidationError("该类人员的纸质票已由两人录入，只有录入人可以修改")
            mine = PaperEntry(round=voting_round, group=group, slot=free[0], entered_by=actor)
        before = audit.model_values(mine, ["ballots", "spoilt", "counts"]) if mine.pk else None
        mine.ballots, mine.spoilt, mine.counts = ballots, spoilt, counts
        try:
            mine.save()
        except IntegrityError as error:  # a second staff member took the slot meanwhile
            raise ValidationError("录入冲突，请刷新后重试") from error
        audit.record(
            actor,
            AuditAction.UPDATE if before else AuditAction.CREATE,
            voting_round,
            detail=f"纸质票{mine.get_slot_display()}（{mine.get_group_display()}）",
            before=before,
            after=audit.model_values(mine, ["ballots", "spoilt", "counts"]),
        )
    return mine


RULE_FIELDS = ["turnout_numerator", "turnout_denominator", "pass_numerator", "pass_denominator"]


def update_rules(actor, data: dict) -> VotingRules:
    current = VotingRules.current()
    require_setting_owner(actor, current)
    if data["turnout_numerator"] > data["turnout_denominator"]:
        raise ValidationError({"turnout_numerator": "参会比例的分子不能大于分母"})
    if data["pass_numerator"] > data["pass_denominator"]:
        raise ValidationError({"pass_numerator": "得票率的分子不能大于分母"})
    with transaction.atomic():
        before = audit.model_values(current, RULE_FIELDS)
        for name in RULE_FIELDS:
            setattr(current, name, data[name])
        current.save()
        audit.record(
            actor,
            AuditAction.UPDATE,
            current,
            detail="修改民主推荐测评规则",
            before=before,
            after=audit.model_values(current, RULE_FIELDS),
        )
    return current
