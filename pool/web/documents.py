"""How official documents write dates and issuers: 2026年9月30日 (no leading zeros), and
the 组织部 of a region's Party committee named from the region without doubling its
suffix (北山县 -> 中共北山县委组织部, 江州市 -> 中共江州市委组织部)."""

from __future__ import annotations

import datetime as dt

from pool.models import UnitKind

REGION_KINDS = frozenset({UnitKind.REGION, UnitKind.COUNTY_LEADERSHIP})
COMMITTEE = "委"


def chinese_date(day: dt.date) -> str:
    """2026-09-30 -> 2026年9月30日, as 公文 write it."""
    return f"{day.year}年{day.month}月{day.day}日"


def org_department(region: str) -> str:
    """The 组织部 of ``region``'s Party committee: 北山县 / 北山县委 / 中共北山县委 ->
    中共北山县委组织部; 河西区 -> 中共河西区委组织部."""
    name = region.strip().removeprefix("中共").removesuffix("组织部")
    if not name:
        raise ValueError("地区名称为空，无法确定发文机关")
    if not name.endswith(COMMITTEE):
        name += COMMITTEE
    return f"中共{name}组织部"
