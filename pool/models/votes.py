"""民主推荐 and 民主测评 online: voting rounds, one-time codes and anonymous ballots.

Secrecy is in the shape of the tables: a ``BallotCode`` holds only the keyed hash of a
code and whether it was used; a ``Ballot`` holds its group and choices, a random UUID
key and no time of its own. No column, id order or timestamp ties the two
(tests/pool/test_votes_secrecy.py checks the fields)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from pool.models.core import Cadre, Unit, owner_unit_field


class VoteKind(models.TextChoices):
    RECOMMEND = "recommend", "民主推荐"
    APPRAISE = "appraise", "民主测评"


class VoterGroup(models.TextChoices):
    LEADERS = "leaders", "班子成员"
    MIDDLE = "middle", "中层正职"
    OTHERS = "others", "其他干部"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASIC = "basic", "基本称职"
    INCOMPETENT = "incompetent", "不称职"


class AppraisalItem(models.TextChoices):
    """The standard items of a 测评 (德、能、勤、绩、廉) and the overall grade."""

    MORAL = "de", "德"
    ABILITY = "neng", "能"
    DILIGENCE = "qin", "勤"
    RESULTS = "ji", "绩"
    INTEGRITY = "lian", "廉"
    OVERALL = "overall", "总体评价"


class VotingRules(models.Model):
    """The thresholds of a round's result (docs/rules.md), one editable row."""

    turnout_numerator = models.PositiveSmallIntegerField("有效会议参会比例（分子）", default=2)
    turnout_denominator = models.PositiveSmallIntegerField("有效会议参会比例（分母）", default=3)
    pass_numerator = models.PositiveSmallIntegerField("测评称职以上得票率（分子）", default=1)
    pass_denominator = models.PositiveSmallIntegerField("测评称职以上得票率（分母）", default=2)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    owner = owner_unit_field()

    class Meta:
        verbose_name = verbose_name_plural = "民主推荐测评规则"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="voting_rules_single_row"),
            models.CheckConstraint(
                condition=Q(turnout_denominator__gte=1)
                & Q(turnout_numerator__lte=F("turnout_denominator"))
                & Q(pass_denominator__gte=1)
                & Q(pass_numerator__lte=F("pass_denominator")),
                name="voting_rules_ratios_sane",
            ),
        ]

    def __str__(self) -> str:
        return "民主推荐测评规则"

    @classmethod
    def current(cls) -> VotingRules:
        return cls.objects.get_or_create(pk=1)[0]


class VotingRound(models.Model):
    """One 推荐大会 or 测评: who is on the ballot, who votes (by group), and when."""

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="voting_rounds", verbose_name="组织单位"
    )
    # The ballot page's address: random, so nobody finds a round's ballot by counting.
    ballot_key = models.UUIDField("投票地址标识", default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("类型", max_length=16, choices=VoteKind.choices)
    title = models.CharField("名称", max_length=100)
    post_name = models.CharField(
        "推荐职位",
        max_length=100,
        blank=True,
        help_text="会议推荐某一职位时填写；留空为推荐入库人选",
    )
    max_choices = models.PositiveSmallIntegerField(
        "应推人数", default=1, help_text="每张推荐票最多可选人数，超过为废票；测评不适用"
    )
    opens_at = models.DateTimeField("投票开始时间")
    closes_at = models.DateTimeField("投票截止时间")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="结束人",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="创建人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "民主推荐测评"
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="voting_round_closes_after_opening"
            ),
            models.CheckConstraint(condition=Q(max_choices__gte=1), name="voting_round_choices"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_closed(self, now=None) -> bool:
        return self.closed_at is not None or (now or timezone.now()) >= self.closes_at

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return not self.is_closed(now) and now >= self.opens_at


class VotingCandidate(models.Model):
    """A person on the ballot: a 推荐 candidate or a person under 测评."""

    round = models.ForeignKey(
        VotingRound, models.CASCADE, related_name="candidates", verbose_name="推荐测评"
    )
    cadre = models.ForeignKey(Cadre, models.PROTECT, related_name="+", verbose_name="人选")
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "推荐测评人选"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "cadre"], name="voting_candidate_once"),
        ]

    def __str__(self) -> str:
        return str(self.cadre)


class VoterRoll(models.Model):
    """The expected voters of one group (应到人数): each group's votes are shown apart."""

    round = models.ForeignKey(
        VotingRound, models.CASCADE, related_name="rolls", verbose_name="推荐测评"
    )
    group = models.CharField("参加人员类别", max_length=16, choices=VoterGroup.choices)
    expected = models.PositiveIntegerField("应到人数")

    class Meta:
        verbose_name = verbose_name_plural = "参加人员"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "group"], name="voter_roll_group_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}（应到{self.expected}人）"


class BallotCode(models.Model):
    """A one-time code, as its keyed hash only, with a used flag. No time of use and
    no reference to the ballot it was spent on."""

    round = models.ForeignKey(
        VotingRound, models.CASCADE, related_name="codes", verbose_name="推荐测评"
    )
    group = models.CharField("参加人员类别", max_length=16, choices=VoterGroup.choices)
    code_hash = models.CharField("投票码摘要", max_length=64, unique=True)
    used = models.BooleanField("已使用", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "投票码"

    def __str__(self) -> str:
        return f"{self.get_group_display()}投票码"


class Ballot(models.Model):
    """One cast ballot: its group and choices, a random key, no time and no code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        VotingRound, models.CASCADE, related_name="ballots", verbose_name="推荐测评"
    )
    group = models.CharField("参加人员类别", max_length=16, choices=VoterGroup.choices)
    spoilt = models.BooleanField("废票", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "选票"

    def __str__(self) -> str:
        return f"{self.get_group_display()}选票"


class BallotMark(models.Model):
    """A mark on a ballot: a chosen 推荐 candidate (no item), or a 测评 grade of one item."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, models.CASCADE, related_name="marks")
    candidate = models.ForeignKey(VotingCandidate, models.CASCADE, related_name="+")
    item = models.CharField(max_length=16, choices=AppraisalItem.choices, blank=True)
    grade = models.CharField(max_length=16, choices=Grade.choices, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "选票内容"

    def __str__(self) -> str:
        return f"{self.item}:{self.grade}"


class PaperEntry(models.Model):
    """The totals of one group's paper ballots as entered by one of two staff (双人录入).
    Paper ballots count only when both entries of the group agree."""

    round = models.ForeignKey(
        VotingRound, models.CASCADE, related_name="paper_entries", verbose_name="推荐测评"
    )
    group = models.CharField("参加人员类别", max_length=16, choices=VoterGroup.choices)
    slot = models.PositiveSmallIntegerField(
        "录入次序", choices=[(1, "第一次录入"), (2, "第二次录入")]
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="录入人"
    )
    ballots = models.PositiveIntegerField("收回票数")
    spoilt = models.PositiveIntegerField("废票数")
    # {"<candidate pk>": n} for 推荐; {"<candidate pk>:<item>:<grade>": n} for 测评
    counts = models.JSONField("票数", default=dict)
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "纸质票录入"
        constraints = [
            models.UniqueConstraint(fields=["round", "group", "slot"], name="paper_entry_slot"),
            models.CheckConstraint(condition=Q(spoilt__lte=F("ballots")), name="paper_spoilt_le"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}{self.get_slot_display()}"
