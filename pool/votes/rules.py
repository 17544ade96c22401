"""The arithmetic of a round's result, on plain values (docs/rules.md, 民主推荐测评)."""

from __future__ import annotations

from fractions import Fraction


def is_spoilt(chosen: int, max_choices: int) -> bool:
    """A 推荐 ballot choosing more than the allowed number of candidates is 废票."""
    return chosen > max_choices


def rate(votes: int, ballots: int) -> Fraction | None:
    """得票率: votes over the valid ballots; None when there is none."""
    return Fraction(votes, ballots) if ballots else None


def round_is_valid(present: int, expected: int, numerator: int, denominator: int) -> bool:
    """A round counts when the voters present reach numerator/denominator of those
    expected (default 2/3, "以上" includes the number itself)."""
    return expected > 0 and present * denominator >= expected * numerator


def passes(competent_or_better: int, ballots: int, numerator: int, denominator: int) -> bool:
    """测评 称职以上: 优秀 and 称职 votes over numerator/denominator of the valid
    ballots (default "超过半数": strictly more than one half)."""
    return ballots > 0 and competent_or_better * denominator > ballots * numerator


def ranking(scores: list[int]) -> list[int]:
    """Competition ranking (1, 2, 2, 4) of ``scores``, highest first, in input order."""
    return [1 + sum(1 for other in scores if other > s) for s in scores]


def percent(value: Fraction | None) -> str:
    return "—" if value is None else f"{float(value):.1%}"
