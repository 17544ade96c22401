"""Where 任职廉政谈话 obligations come from, without ``supervision`` importing the
stages above it: ``staffing`` registers its appointments and ``training``'s 交流任职
postings in its ``AppConfig.ready`` (training may not import supervision)::

    from supervision import new_posts
    new_posts.register("appointments", provider)

``provider(unit_ids, since, until)`` returns the new posts of young cadres in
``unit_ids`` (``None``: every unit) that started between ``since`` and ``until``
(both included), as ``(cadre_id, started_on, title)`` tuples, in one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class NewPost:
    cadre_id: int
    started_on: dt.date
    title: str  # what was taken up: 青石镇副镇长, 交流任职（县发改局）


Provider = Callable[[list[int] | None, dt.date, dt.date], Iterable[tuple[int, dt.date, str]]]

_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Register (or replace) the provider ``name``; call from ``AppConfig.ready``."""
    _PROVIDERS[name] = provider


def new_posts(unit_ids: list[int] | None, since: dt.date, until: dt.date) -> list[NewPost]:
    """Every registered provider's new posts, one row per person and start day."""
    seen: dict[tuple[int, dt.date], NewPost] = {}
    for provider in _PROVIDERS.values():
        for cadre_id, started_on, title in provider(unit_ids, since, until):
            seen.setdefault((cadre_id, started_on), NewPost(cadre_id, started_on, title))
    return sorted(seen.values(), key=lambda p: (p.started_on, p.cadre_id))
