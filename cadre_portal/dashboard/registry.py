"""The panel registry. A panel is a key, a title and a function from a ``Context`` (the
user, their jurisdiction and the reference date) to ``PanelData``: a chart spec that
static/js/dashboard.js draws, and the table behind it (the table view and the .xlsx).

Adding a panel is one function and one ``register(Panel(...))`` call in panels.py
(or in any module imported there), e.g. training coverage once 育 has its data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.urls import reverse

from pool.accounts.access import has_role
from pool.models import Role
from pool.selection.stats import Scope

DASHBOARD_READERS = frozenset({Role.STAFF, Role.LEADER})


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text, int, percent

    def as_json(self) -> dict:
        return {"label": self.label, "kind": self.kind}


@dataclass
class Chart:
    """What the browser draws. ``kind``: bar, stack (stacked bars), pie, pyramid (two
    series mirrored), line, funnel or kpi (tiles, no axes). ``links`` (one per
    category, or None) are where a click on that bar goes."""

    kind: str
    categories: list[str] = field(default_factory=list)
    series: list[dict] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)
    percent: bool = False

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "categories": self.categories,
            "series": self.series,
            "links": self.links,
            "percent": self.percent,
        }


@dataclass
class PanelData:
    chart: Chart
    columns: list[Column]
    rows: list[list]
    row_links: list[str | None] = field(default_factory=list)  # the first cell's link
    subtitle: str = ""
    note: str = ""


@dataclass
class Context:
    user: object
    ref: dt.date

    @cached_property
    def scope(self) -> Scope:
        return Scope.for_user(self.user)

    def may(self, *roles) -> bool:
        return has_role(self.user, frozenset(roles))

    def url(self, name: str, *args, **query) -> str:
        base = reverse(name, args=args)
        query = {k: v for k, v in query.items() if v not in (None, "")}
        return f"{base}?{urlencode(query)}" if query else base

    def region_url(self, pk: int, **query) -> str:
        return self.url("dashboard:region", pk, date=self.ref.isoformat(), **query)


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    build: Callable[[Context], PanelData]
    roles: frozenset = DASHBOARD_READERS
    wide: bool = False  # takes the full width of the page

    def visible_to(self, user) -> bool:
        return has_role(user, self.roles)


PANELS: list[Panel] = []


def register(panel: Panel) -> Panel:
    if any(p.key == panel.key for p in PANELS):
        raise ValueError(f"dashboard panel {panel.key!r} registered twice")
    PANELS.append(panel)
    return panel


def panels_for(user) -> list[Panel]:
    return [p for p in PANELS if p.visible_to(user)]


def get_panel(key: str, user) -> Panel | None:
    return next((p for p in panels_for(user) if p.key == key), None)


def cell_text(value, column: Column) -> object:
    """A table cell as the .xlsx and the table view show it."""
    if value is None:
        return "—" if column.kind != "text" else ""
    if column.kind == "percent":
        return f"{value:.1%}"
    return value


def as_json(panel: Panel, data: PanelData, ctx: Context) -> dict:
    return {
        "key": panel.key,
        "title": panel.title,
        "subtitle": data.subtitle,
        "date": ctx.ref.isoformat(),
        "columns": [c.as_json() for c in data.columns],
        "rows": data.rows,
        "row_links": data.row_links,
        "chart": data.chart.as_json(),
        "note": data.note,
        "export_url": ctx.url("dashboard:export", panel.key, date=ctx.ref.isoformat()),
    }
