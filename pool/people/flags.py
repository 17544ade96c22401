"""Person flags (提示标记) that later stages put on people in pool pages without
``pool`` importing them: an app registers a provider in its ``AppConfig.ready``
(e.g. supervision: 无有效廉政意见), and pool pages ask ``flags_for``.

A provider takes cadre ids already scoped by the caller and a reference date and
returns the ids it flags; one query per provider, whatever the number of people.
Each flag names the roles that may see it (a leader sees no integrity details)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pool.people.selectors import grant_of


@dataclass(frozen=True)
class PersonFlag:
    code: str
    label: str  # short badge text, Chinese
    title: str  # the longer explanation shown on hover
    provider: Callable[[list[int], dt.date], set[int]]
    roles: frozenset
    stops: bool = False  # the person may not be proposed (考察对象, 人岗相适, 动议)


_FLAGS: dict[str, PersonFlag] = {}


def register(code: str, label: str, title: str, provider, roles, stops: bool = False) -> None:
    """Register (or replace) the flag ``code``; call from ``AppConfig.ready``. A flag
    that ``stops`` bars the person from being proposed, whoever asks."""
    _FLAGS[code] = PersonFlag(code, label, title, provider, frozenset(roles), stops)


def registered() -> list[PersonFlag]:
    return list(_FLAGS.values())


def flags_for(user, cadre_ids: Iterable[int], ref: dt.date) -> dict[int, list[PersonFlag]]:
    """cadre id -> the flags ``user``'s role may see that apply to that person."""
    grant = grant_of(user)
    ids = list(cadre_ids)
    out: dict[int, list[PersonFlag]] = {}
    if grant is None or not ids:
        return out
    for flag in _FLAGS.values():
        if grant.role not in flag.roles:
            continue
        for cadre_id in flag.provider(ids, ref):
            out.setdefault(cadre_id, []).append(flag)
    return out


def stopping(cadre_ids: Iterable[int], ref: dt.date) -> dict[int, list[PersonFlag]]:
    """cadre id -> the flags that bar proposing that person (any role's view)."""
    ids = list(cadre_ids)
    out: dict[int, list[PersonFlag]] = {}
    if not ids:
        return out
    for flag in _FLAGS.values():
        if flag.stops:
            for cadre_id in flag.provider(ids, ref):
                out.setdefault(cadre_id, []).append(flag)
    return out
