"""模拟调配's pure rules: moves applied in order to a seating, refused as the real 任免
would be (超职数配备, two seats in one team, a seat no longer held)."""

import pytest

from staffing.moves import Move, PostSlot, Seat, apply_all, refusal

# Team 1: 镇长 (chief, 1 seat), 副镇长 (2 seats). Team 2: 局长 (1 seat).
POSTS = {
    10: PostSlot(10, 1, 1, True, "青石镇镇长"),
    11: PostSlot(11, 1, 2, False, "青石镇副镇长"),
    20: PostSlot(20, 2, 1, True, "东县教育局局长"),
}
SEATS = [Seat(1, 10, 100), Seat(2, 11, 101)]  # 1 is 镇长, 2 is a 副镇长


def appoint(cadre, post):
    return Move(cadre, f"干部{cadre}", post_id=post)


def remove(cadre, appointment):
    return Move(cadre, f"干部{cadre}", leaves=appointment)


def transfer(cadre, appointment, post):
    return Move(cadre, f"干部{cadre}", post_id=post, leaves=appointment)


@pytest.mark.parametrize(
    ("seats", "move", "reason"),
    [
        # 副镇长: 2 seats, 1 held -> the second is free; both held -> 超职数
        (SEATS, appoint(3, 11), ""),
        (
            [*SEATS, Seat(4, 11, 102)],
            appoint(3, 11),
            "超职数配备：青石镇副镇长核定职数2名，已有2名在任，不能再任命",
        ),
        (SEATS, appoint(3, 10), "超职数配备：青石镇镇长核定职数1名，已有1名在任，不能再任命"),
        # the 副镇长 cannot also be 镇长 of the same team, but may lead another team
        (
            SEATS,
            appoint(2, 10),
            "干部2已任青石镇副镇长，同一人不能在同一领导班子中同时担任两个职位",
        ),
        (SEATS, appoint(2, 20), ""),
        # 交流任职 within the team: leaving the 副镇长 seat frees the person (not the 镇长 seat)
        (SEATS, transfer(2, 101, 11), ""),
        (SEATS, remove(2, 101), ""),
        (SEATS, remove(2, 100), "干部2已不在原职位上（可能已免职或已被其他调配调整）"),
        (SEATS, remove(2, 999), "干部2已不在原职位上（可能已免职或已被其他调配调整）"),
        (SEATS, appoint(3, 99), "拟任职位不在本方案的管辖范围内"),
    ],
)
def test_a_move_is_refused_as_the_real_appointment_would_be(seats, move, reason):
    assert refusal(seats, POSTS, move) == reason


def test_moves_apply_in_order_so_a_removal_frees_the_seat_for_the_next():
    after, refused = apply_all(SEATS, POSTS, [remove(1, 100), appoint(3, 10)])
    assert refused == {}
    assert sorted((s.cadre_id, s.post_id) for s in after) == [(2, 11), (3, 10)]


def test_a_refused_move_is_left_out_and_the_later_ones_still_apply():
    moves = [appoint(3, 10), appoint(4, 11), remove(1, 100), remove(1, 100)]
    after, refused = apply_all(SEATS, POSTS, moves)
    assert set(refused) == {0, 3}
    assert sorted((s.cadre_id, s.post_id) for s in after) == [(2, 11), (4, 11)]


def test_nothing_is_changed_in_place():
    seats = list(SEATS)
    apply_all(seats, POSTS, [remove(1, 100), appoint(3, 10)])
    assert seats == SEATS
