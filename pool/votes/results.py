"""Reads of 民主推荐测评: rounds in the user's jurisdiction, the double entry's
differences, and a closed round's result per candidate and per voter group."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pool.models import (
    AppraisalItem,
    Ballot,
    BallotMark,
    Grade,
    PaperEntry,
    VoteKind,
    VoterGroup,
    VotingRound,
    VotingRules,
)
from pool.people.selectors import units_for
from pool.votes import rules

GROUP_NAMES = dict(VoterGroup.choices)
ITEM_NAMES = dict(AppraisalItem.choices)
GRADE_NAMES = dict(Grade.choices)
PASSING = (Grade.EXCELLENT, Grade.COMPETENT)


def rounds_for(user):
    return VotingRound.objects.filter(unit__in=units_for(user)).select_related("unit")


def round_for(user, pk) -> VotingRound:
    """The round, or 404 outside the user's jurisdiction."""
    return get_object_or_404(rounds_for(user), pk=pk)


def code_counts(voting_round: VotingRound) -> dict[str, tuple[int, int]]:
    """Per group: (codes made, codes used)."""
    rows = voting_round.codes.values("group").annotate(
        made=Count("id"), used=Count("id", filter=Q(used=True))
    )
    return {r["group"]: (r["made"], r["used"]) for r in rows}


# --- paper ballots: the two entries of each group ---------------------------------------


def count_label(voting_round: VotingRound, key: str, names: dict[int, str]) -> str:
    parts = key.split(":")
    name = names.get(int(parts[0]), parts[0]) if parts[0].isdigit() else parts[0]
    if len(parts) == 3:
        return f"{name} {ITEM_NAMES.get(parts[1], parts[1])} {GRADE_NAMES.get(parts[2], parts[2])}"
    return name


@dataclass
class PaperGroup:
    group: str
    first: PaperEntry | None = None
    second: PaperEntry | None = None
    differences: list[tuple[str, object, object]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return GROUP_NAMES[self.group]

    @property
    def agreed(self) -> bool:
        return self.first is not None and self.second is not None and not self.differences


def paper_groups(voting_round: VotingRound) -> list[PaperGroup]:
    names = {c.pk: c.cadre.name for c in voting_round.candidates.select_related("cadre")}
    entries = {
        (e.group, e.slot): e
        for e in voting_round.paper_entries.select_related("entered_by").order_by("slot")
    }
    out = []
    for roll in voting_round.rolls.all():
        first, second = entries.get((roll.group, 1)), entries.get((roll.group, 2))
        item = PaperGroup(roll.group, first, second)
        if first and second:
            for label, a, b in (
                ("收回票数", first.ballots, second.ballots),
                ("废票数", first.spoilt, second.spoilt),
            ):
                if a != b:
                    item.differences.append((label, a, b))
            for key in sorted(set(first.counts) | set(second.counts)):
                a, b = first.counts.get(key, 0), second.counts.get(key, 0)
                if a != b:
                    item.differences.append((count_label(voting_round, key, names), a, b))
        out.append(item)
    return out


# --- results ------------------------------------------------------------------------------


@dataclass
class GroupTally:
    group: str
    expected: int
    ballots: int = 0  # 收回 (online and agreed paper)
    spoilt: int = 0
    counts: Counter = field(default_factory=Counter)  # key as in PaperEntry.counts

    @property
    def name(self) -> str:
        return GROUP_NAMES.get(self.group, "合计")

    @property
    def valid(self) -> int:
        return self.ballots - self.spoilt

    @property
    def participation(self) -> Fraction | None:
        return Fraction(self.ballots, self.expected) if self.expected else None


@dataclass
class CandidateRow:
    pk: int
    cadre_id: int
    name: str
    unit: str
    votes: dict[str, int]  # group (and "" for the total) -> 得票数 or 称职以上票数
    rates: dict[str, Fraction | None]
    rank: int = 0
    grades: dict = field(default_factory=dict)  # 测评: item -> grade -> total votes
    passed: bool | None = None


@dataclass
class Result:
    voting_round: VotingRound
    groups: list[GroupTally]
    total: GroupTally
    candidates: list[CandidateRow]
    valid_round: bool
    voting_rules: VotingRules
    paper_pending: list[str]


def _tallies(voting_round: VotingRound) -> list[GroupTally]:
    tallies = {r.group: GroupTally(r.group, r.expected) for r in voting_round.rolls.all()}
    for row in (
        Ballot.objects.filter(round=voting_round)
        .values("group")
        .annotate(n=Count("id"), spoilt=Count("id", filter=Q(spoilt=True)))
    ):
        tallies[row["group"]].ballots += row["n"]
        tallies[row["group"]].spoilt += row["spoilt"]
    marks = (
        BallotMark.objects.filter(ballot__round=voting_round, ballot__spoilt=False)
        .values("ballot__group", "candidate_id", "item", "grade")
        .annotate(n=Count("id"))
    )
    for m in marks:
        key = f"{m['candidate_id']}" + (f":{m['item']}:{m['grade']}" if m["item"] else "")
        tallies[m["ballot__group"]].counts[key] += m["n"]
    return list(tallies.values())


def result(voting_round: VotingRound) -> Result:
    """The result; paper ballots count for a group once both entries agree."""
    groups = _tallies(voting_round)
    by_group = {g.group: g for g in groups}
    pending = []
    for paper in paper_groups(voting_round):
        if paper.agreed:
            tally = by_group[paper.group]
            tally.ballots += paper.first.ballots
            tally.spoilt += paper.first.spoilt
            tally.counts.update(paper.first.counts)
        elif paper.first or paper.second:
            pending.append(paper.name)
    total = GroupTally("", sum(g.expected for g in groups))
    for g in groups:
        total.ballots += g.ballots
        total.spoilt += g.spoilt
        total.counts.update(g.counts)
    setting = VotingRules.current()
    rows = _candidates(voting_round, [*groups, total], setting)
    return Result(
        voting_round,
        groups,
        total,
        rows,
        rules.round_is_valid(
            total.ballots, total.expected, setting.turnout_numerator, setting.turnout_denominator
        ),
        setting,
        pending,
    )


def _candidates(voting_round, tallies, setting) -> list[CandidateRow]:
    rows = []
    appraise = voting_round.kind == VoteKind.APPRAISE
    for c in voting_round.candidates.select_related("cadre__unit"):
        votes, rates = {}, {}
        for t in tallies:
            if appraise:
                n = sum(t.counts[f"{c.pk}:{AppraisalItem.OVERALL}:{g}"] for g in PASSING)
            else:
                n = t.counts[str(c.pk)]
            votes[t.group], rates[t.group] = n, rules.rate(n, t.valid)
        row = CandidateRow(c.pk, c.cadre_id, c.cadre.name, c.cadre.unit.name, votes, rates)
        if appraise:
            total = tallies[-1]
            row.grades = {
                item: {g: total.counts[f"{c.pk}:{item}:{g}"] for g in Grade.values}
                for item in AppraisalItem.values
            }
            row.passed = rules.passes(
                votes[""], total.valid, setting.pass_numerator, setting.pass_denominator
            )
        rows.append(row)
    for row, rank in zip(rows, rules.ranking([r.votes[""] for r in rows]), strict=True):
        row.rank = rank
    return sorted(rows, key=lambda r: (r.rank, r.name))


def latest_rates(cadre_ids, kind: str) -> dict[int, tuple[VotingRound, Fraction | None, bool]]:
    """Each person's latest closed round of ``kind``: (round, 得票率 or 称职以上率 over
    all groups, passed for 测评). For the ranking item and the 考察 record."""
    now = timezone.now()
    out: dict = {}
    rounds = (
        VotingRound.objects.filter(kind=kind, candidates__cadre_id__in=list(cadre_ids))
        .filter(Q(closed_at__isnull=False) | Q(closes_at__lte=now))
        .distinct()
        .order_by("-closes_at", "-id")
    )
    for voting_round in rounds:
        wanted = {c.pk: c.cadre_id for c in voting_round.candidates.all() if c.cadre_id not in out}
        if not wanted:
            continue
        res = result(voting_round)
        for row in res.candidates:
            if row.pk in wanted and res.valid_round:
                out[wanted[row.pk]] = (voting_round, row.rates[""], row.passed)
    return out


@dataclass(frozen=True)
class PersonVote:
    voting_round: VotingRound
    votes: int
    rate: Fraction | None
    rank: int
    passed: bool | None
    valid_round: bool


def votes_of(cadre) -> list[PersonVote]:
    """A person's closed 推荐 and 测评 rounds, newest first: shown to staff on the
    考察 record (the pool timeline)."""
    now = timezone.now()
    rounds = (
        VotingRound.objects.filter(candidates__cadre=cadre)
        .filter(Q(closed_at__isnull=False) | Q(closes_at__lte=now))
        .select_related("unit")
        .order_by("-closes_at", "-id")
    )
    out = []
    for voting_round in rounds:
        res = result(voting_round)
        row = next(r for r in res.candidates if r.cadre_id == cadre.pk)
        out.append(
            PersonVote(voting_round, row.votes[""], row.rates[""], row.rank, row.passed,
                       res.valid_round)
        )  # fmt: skip
    return out
