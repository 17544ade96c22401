"""Every page shows times in Beijing time: objects made at 00:40 on 30 November in
Beijing (16:40 on the 29th in UTC) never read as the 29th, on any GET page of the URL
permission table, for any role that may open it."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from tests.test_url_permissions import (  # noqa: F401  (objects is a fixture)
    PERSONA_ROLES,
    RULES,
    _in_object,
    objects,
)

BEIJING_MIDNIGHT = dt.datetime(2026, 11, 29, 16, 40, tzinfo=dt.UTC)  # 2026-11-30 00:40 in Beijing
UTC_DAY = re.compile(r"2026[-./年]\s*11[-./月]\s*29|11月29日")


@pytest.fixture
def just_after_midnight_in_beijing():
    with time_machine.travel(BEIJING_MIDNIGHT, tick=False):
        yield


@pytest.mark.parametrize("persona", list(PERSONA_ROLES))
def test_no_page_shows_the_utc_day(
    persona,
    just_after_midnight_in_beijing,
    objects,  # noqa: F811
    client,
    request,
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    role = user.grant.role
    found, opened = [], 0
    for name, rule in sorted(RULES.items()):
        if rule.method != "get" or rule.ok != 200 or role not in rule.roles:
            continue
        pk = _in_object(objects[rule.obj], role).pk if rule.obj else None
        url = reverse(name, kwargs={"pk": pk} if pk is not None else dict(rule.kwargs) or None)
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        opened += 1
        html = response.content.decode()
        for m in UTC_DAY.finditer(html):
            found.append((name, html[max(0, m.start() - 80) : m.end() + 20]))
    assert opened, persona
    assert not found, f"{persona} sees the UTC day on {found}"
