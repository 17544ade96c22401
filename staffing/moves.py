"""模拟调配: a scenario's moves (任职, 免职, 交流任职) applied in order to a seating, on
plain values (no ORM, no I/O). The refusals say what ``services.appointments`` would
say of the real 任免: 超职数配备 and a second seat in one team."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PostSlot:
    """A post as the simulation sees it; ``name`` is the unit's name and the title."""

    pk: int
    team_id: int
    quota: int
    is_chief: bool
    name: str


@dataclass(frozen=True)
class Seat:
    cadre_id: int
    post_id: int
    appointment_id: int | None = None  # None: taken by a move of the scenario


@dataclass(frozen=True)
class Move:
    """任职 has a ``post_id``, 免职 ``leaves``, 交流任职 both."""

    cadre_id: int
    cadre_name: str
    post_id: int | None = None  # the seat taken (任职, 交流任职)
    leaves: int | None = None  # the appointment ended (免职, 交流任职)


def refusal(seats: Sequence[Seat], posts: Mapping[int, PostSlot], move: Move) -> str:
    """Why ``move`` cannot be made on ``seats`` ("" when it can)."""
    held = [s for s in seats if s.appointment_id is not None and s.appointment_id == move.leaves]
    if move.leaves is not None and (not held or held[0].cadre_id != move.cadre_id):
        return f"{move.cadre_name}已不在原职位上（可能已免职或已被其他调配调整）"
    if move.post_id is None:
        return ""
    post = posts.get(move.post_id)
    if post is None:
        return "拟任职位不在本方案的管辖范围内"
    rest = [s for s in seats if not held or s is not held[0]]
    same_team = [
        s for s in rest if s.cadre_id == move.cadre_id and posts[s.post_id].team_id == post.team_id
    ]
    if same_team:
        return (
            f"{move.cadre_name}已任{posts[same_team[0].post_id].name}，"
            "同一人不能在同一领导班子中同时担任两个职位"
        )
    holders = sum(1 for s in rest if s.post_id == post.pk)
    if holders + 1 > post.quota:
        return f"超职数配备：{post.name}核定职数{post.quota}名，已有{holders}名在任，不能再任命"
    return ""


def apply(seats: Sequence[Seat], posts: Mapping[int, PostSlot], move: Move) -> list[Seat]:
    """The seats after ``move`` (which ``refusal`` has let through)."""
    after = [s for s in seats if move.leaves is None or s.appointment_id != move.leaves]
    if move.post_id is not None:
        after.append(Seat(move.cadre_id, move.post_id))
    return after


def apply_all(
    seats: Iterable[Seat], posts: Mapping[int, PostSlot], moves: Sequence[Move]
) -> tuple[list[Seat], dict[int, str]]:
    """The seats after every move in order, and the reason each refused move (by its
    index) was left out; the moves after a refused one still apply."""
    current = list(seats)
    refused: dict[int, str] = {}
    for index, move in enumerate(moves):
        reason = refusal(current, posts, move)
        if reason:
            refused[index] = reason
        else:
            current = apply(current, posts, move)
    return current, refused
