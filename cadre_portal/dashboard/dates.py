"""The dashboard's reference date: ``?date=YYYY-MM-DD``, today when absent."""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.date(2000, 1, 1)


class DateError(ValueError):
    """A date the dashboard cannot use; the message is Chinese, for the user."""


def parse_ref(raw: str | None, today: dt.date) -> dt.date:
    raw = (raw or "").strip()
    if not raw:
        return today
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise DateError(f"统计日期“{raw}”无效，应为年-月-日（如 {today:%Y-%m-%d}）") from None
    if not EARLIEST <= day <= today:
        raise DateError(f"统计日期应在{EARLIEST:%Y-%m-%d}至今天（{today:%Y-%m-%d}）之间")
    return day
