"""No page shows Django's raw empty choice ``---------``: every GET page of the URL
permission table, rendered as each role that may open it, labels its empty choices
(请选择… or 全部)."""

import re

import pytest
from django.urls import reverse

from tests.test_url_permissions import (  # noqa: F401  (objects is a fixture)
    PERSONA_ROLES,
    RULES,
    _in_object,
    objects,
)

RAW_EMPTY = "---------"


@pytest.mark.parametrize("persona", list(PERSONA_ROLES))
def test_no_page_shows_a_raw_empty_choice(persona, objects, client, request):  # noqa: F811
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
        if RAW_EMPTY in html:
            found.append(
                (
                    name,
                    re.findall(r'<select name="([^"]+)"[^>]*>\s*<option value=""[^>]*>-{9}', html),
                )
            )
    assert opened, persona
    assert not found, f"{persona} sees “{RAW_EMPTY}” on {found}"
