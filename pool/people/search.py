"""Finding a person in a keystroke: the person picker's search, and unit paths.

``search_people`` matches each typed word against the name, the pinyin key (full
pinyin or initials), the masked ID number's last digits or the unit path, within the
user's jurisdiction, and answers in three queries whatever the number of cadres: the
scope's units, the people, and the paths of their units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from pool.models import OPEN_POOL_STATUSES, Cadre, PoolMembership
from pool.people import crypto, pinyin, rules
from pool.people.selectors import units_for

LIMIT = 20
ID_TAIL = re.compile(r"^\d{1,3}[\dXx]$")


def unit_paths(unit_ids) -> dict[int, str]:
    """Each unit's path from the top, e.g. 北山县/青石镇/办公室, in one query. The tree's
    root (the city) is left out below it, as everyone in the system shares it."""
    ids = sorted({int(i) for i in unit_ids if i is not None})
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE up(start_id, id, parent_id, name, depth) AS (
                SELECT id, id, parent_id, name, 0 FROM pool_unit WHERE id = ANY(%s)
                UNION ALL
                SELECT up.start_id, u.id, u.parent_id, u.name, up.depth + 1
                FROM pool_unit u JOIN up ON u.id = up.parent_id
            )
            SELECT start_id, name FROM up ORDER BY start_id, depth DESC
            """,
            [ids],
        )
        chains: dict[int, list[str]] = {}
        for start_id, name in cursor.fetchall():
            chains.setdefault(start_id, []).append(name)
    return {pk: "/".join(names[1:] if len(names) > 1 else names) for pk, names in chains.items()}


@dataclass(frozen=True)
class ScopeUnits:
    """The user's units (pk, parent, name) to match unit words and presets against."""

    parents: dict[int, int | None]
    names: dict[int, str]

    @classmethod
    def of(cls, user) -> ScopeUnits:
        rows = units_for(user).order_by().values_list("pk", "parent_id", "name")
        return cls({pk: parent for pk, parent, _ in rows}, {pk: name for pk, _, name in rows})

    @property
    def ids(self) -> list[int]:
        return list(self.parents)

    def subtree(self, roots) -> set[int]:
        """``roots`` and every unit below them, within the scope."""
        children: dict[int, list[int]] = {}
        for pk, parent in self.parents.items():
            children.setdefault(parent, []).append(pk)
        out, stack = set(), [r for r in roots if r in self.parents]
        while stack:
            pk = stack.pop()
            if pk not in out:
                out.add(pk)
                stack.extend(children.get(pk, ()))
        return out

    def path_in_scope(self, pk: int) -> str:
        names = []
        while pk in self.parents:
            names.append(self.names[pk])
            pk = self.parents[pk]
        return "/".join(reversed(names))

    def matching(self, word: str) -> set[int]:
        """Units whose name holds ``word`` (or whose path ends with a/b), with their subtrees."""
        if "/" in word:
            tail = word.strip("/").split("/")[-1]
            roots = [
                pk
                for pk, name in self.names.items()
                if tail in name and self.path_in_scope(pk).endswith(word.strip("/"))
            ]
        else:
            roots = [pk for pk, name in self.names.items() if word in name]
        return self.subtree(roots)


@dataclass(frozen=True)
class PersonHit:
    id: int
    name: str
    unit_path: str
    position: str
    birth_month: str
    id_tail: str
    in_pool: bool

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "unit_path": self.unit_path,
            "position": self.position,
            "birth_month": self.birth_month,
            "id_tail": self.id_tail,
            "in_pool": self.in_pool,
            "label": person_label(self),
        }


def person_label(hit) -> str:
    """How a chosen person reads in a chip: 王晓明（1990.06，北山县/青石镇，副镇长）."""
    parts = [p for p in (hit.birth_month, hit.unit_path, hit.position) if p]
    return f"{hit.name}（{'，'.join(parts)}）" if parts else hit.name


def _unit_q(word: str, scope: ScopeUnits | None) -> Q:
    """People whose unit, or a unit above it, is named with ``word``."""
    if scope is not None:
        units = scope.matching(word)
        return Q(unit_id__in=sorted(units)) if units else Q(pk__in=[])
    name = word.strip("/").split("/")[-1]
    return (
        Q(unit__name__contains=name)
        | Q(unit__parent__name__contains=name)
        | Q(unit__parent__parent__name__contains=name)
    )


def _word_q(word: str, scope: ScopeUnits | None, positions: bool = False) -> Q:
    if ID_TAIL.match(word):
        return Q(id_masked__endswith=word.upper())
    if len(word) in (15, 18) and word[:-1].isdigit():
        try:
            return Q(id_hash=crypto.lookup_hash(rules.normalize_id_number(word)))
        except rules.IdNumberError:
            return Q(pk__in=[])
    if pinyin.looks_like_pinyin(word):
        return Q(search_key__contains=word.lower())
    q = Q(name__contains=word) | _unit_q(word, scope)
    if positions:
        q |= Q(current_position__contains=word)
    return q


def text_q(text: str, scope: ScopeUnits | None = None, *, positions: bool = False) -> Q:
    """Every word of ``text`` matches the name, pinyin, initials, ID tail or unit (and
    职务 with ``positions``): the picker's rule, for list pages' search boxes too."""
    q = Q()
    for word in text.replace("／", "/").split()[:5]:
        q &= _word_q(word, scope, positions)
    return q


def search_people(
    user,
    text: str = "",
    *,
    pool_only: bool = False,
    unit_id: int | None = None,
    exclude=(),
    limit: int = LIMIT,
    scope: ScopeUnits | None = None,
) -> tuple[list[PersonHit], bool]:
    """People in ``user``'s jurisdiction matching every word of ``text`` (at most
    ``limit``, and whether there are more). ``pool_only`` keeps current pool members;
    ``unit_id`` keeps that unit and the units below it. An empty text lists the preset
    (pool or unit) only; with neither, nothing."""
    scope = scope or ScopeUnits.of(user)
    words = text.replace("／", "/").split()[:5]
    if not words and not pool_only and unit_id is None:
        return [], False
    units = scope.subtree([unit_id]) if unit_id is not None else set(scope.ids)
    in_pool = Exists(
        PoolMembership.objects.filter(cadre=OuterRef("pk"), status__in=OPEN_POOL_STATUSES)
    )
    people = Cadre.objects.filter(unit_id__in=sorted(units), is_active=True).annotate(
        in_pool=in_pool
    )
    people = people.filter(text_q(text, scope))
    if pool_only:
        people = people.filter(in_pool=True)
    if exclude:
        people = people.exclude(pk__in=list(exclude))
    first = words[0] if words else ""
    rank = Case(
        When(name=first, then=Value(0)),
        When(name__startswith=first, then=Value(1)),
        When(search_key__startswith=first.lower(), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    rows = list(
        people.annotate(match_rank=rank)
        # Not by pool membership: sorting on it would probe every match, not the 21 kept.
        .order_by("match_rank", "name", "-birth_month", "pk")
        .values_list(
            "pk", "name", "unit_id", "current_position", "birth_month", "id_masked", "in_pool"
        )[: limit + 1]
    )
    paths = unit_paths(r[2] for r in rows[:limit])
    hits = [
        PersonHit(
            id=pk,
            name=name,
            unit_path=paths.get(unit, ""),
            position=position,
            birth_month=rules.format_month(born),
            id_tail=masked[-4:],
            in_pool=pooled,
        )
        for pk, name, unit, position, born, masked, pooled in rows[:limit]
    ]
    return hits, len(rows) > limit


def chosen_people(cadres, ids) -> list[PersonHit]:
    """The people already chosen in a form (after a validation error, or preselected),
    read from the form's scoped queryset: two queries."""
    ids = [int(i) for i in ids if str(i).isdigit()]
    if not ids:
        return []
    rows = list(
        cadres.filter(pk__in=ids)
        .order_by()
        .values_list("pk", "name", "unit_id", "current_position", "birth_month", "id_masked")
    )
    paths = unit_paths(r[2] for r in rows)
    by_pk = {
        pk: PersonHit(pk, name, paths.get(unit, ""), pos, rules.format_month(born), m[-4:], False)
        for pk, name, unit, pos, born, m in rows
    }
    return [by_pk[i] for i in ids if i in by_pk]
