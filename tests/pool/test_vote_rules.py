"""The arithmetic of a 民主推荐测评 result, with its boundaries (docs/rules.md)."""

from fractions import Fraction

import pytest

from pool.votes import rules


@pytest.mark.parametrize(
    ("chosen", "allowed", "spoilt"), [(0, 1, False), (1, 1, False), (2, 1, True), (3, 3, False)]
)
def test_a_ballot_choosing_more_than_allowed_is_spoilt(chosen, allowed, spoilt):
    assert rules.is_spoilt(chosen, allowed) is spoilt


@pytest.mark.parametrize(
    ("present", "expected", "valid"),
    [(20, 30, True), (19, 30, False), (30, 30, True), (2, 3, True), (1, 3, False), (0, 0, False)],
)
def test_a_round_counts_with_two_thirds_present(present, expected, valid):
    assert rules.round_is_valid(present, expected, 2, 3) is valid


@pytest.mark.parametrize(
    ("good", "ballots", "passed"), [(6, 10, True), (5, 10, False), (4, 10, False), (0, 0, False)]
)
def test_appraisal_needs_more_than_half_competent_or_better(good, ballots, passed):
    assert rules.passes(good, ballots, 1, 2) is passed


def test_ranking_shares_places_and_skips():
    assert rules.ranking([5, 9, 5, 1]) == [2, 1, 2, 4]


def test_rate_and_percent():
    assert rules.rate(2, 3) == Fraction(2, 3)
    assert rules.rate(1, 0) is None
    assert rules.percent(Fraction(2, 3)) == "66.7%"
    assert rules.percent(None) == "—"
