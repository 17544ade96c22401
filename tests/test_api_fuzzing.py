"""The API fuzzed from its own OpenAPI schema (issue #19, finding 18): schemathesis
generates requests for every operation, with every persona's token, and checks that
none is a server error and that each answer's status code, content type and body are
the ones the schema documents. In process (the Django WSGI app): no server to start.

Bounded so the whole run stays near a minute and a half (2 cores): a few examples
per operation and role, valid (positive) and invalid (negative) data.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from pool.accounts import tokens
from tests.factories import CadreFactory, InspectionFactory, PoolMembershipFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Examples per operation (valid, invalid): readers reach data and get more; the other
# roles are refused everywhere but the token endpoints, which a few examples show.
READERS = {GenerationMode.POSITIVE: 3, GenerationMode.NEGATIVE: 2}
REFUSED = {GenerationMode.POSITIVE: 1, GenerationMode.NEGATIVE: 1}
PERSONAS = {
    "staff": READERS,
    "unit_committee": READERS,
    "sector_dept": READERS,
    "leader": READERS,
    "discipline_liaison": REFUSED,
    "sys_admin": REFUSED,
    "security_admin": REFUSED,
    "audit_admin": REFUSED,
}
REVOKE = "/api/token/revoke/"


@pytest.fixture(scope="module")
def schema():
    raw = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(raw)))
    loaded.app = get_wsgi_application()
    return loaded


@pytest.fixture
def keep_connection():
    """The WSGI app closes the database connection after each request, as Django's
    test client does not: keep it, or the test's transaction (and data) would go."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(keep_connection, units, staff, settings, tmp_path):
    """Some people, pool members and an inspection inside 东县, so that generated ids
    sometimes hit a record (the ids are small numbers)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for unit in ("qingshi", "beishan", "east_edu", "west_edu"):
        cadre = CadreFactory(unit=units[unit])
        InspectionFactory(membership=PoolMembershipFactory(cadre=cadre, status="inspection"))


@pytest.fixture(scope="module")
def strategies(schema):
    """Each operation's strategies, built once for all personas. Revoking comes last:
    the role's token then stops working (403, documented)."""
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: op.path == REVOKE)
    return [
        (operation, {mode: operation.as_strategy(generation_mode=mode) for mode in READERS})
        for operation in operations
    ]


def _fuzz(operation, strategy, user, mode, examples):
    key = tokens.issue(user)[1]

    @given(case=strategy)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        header = f"Token {tokens.issue(user)[1] if operation.path == REVOKE else key}"
        case.call_and_validate(headers={"Authorization": header}, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # Nothing in the operation can be made invalid (no parameters, no body).
        if mode is not GenerationMode.NEGATIVE:
            raise


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_operation_answers_as_its_schema_says(strategies, records, persona, request):
    user = request.getfixturevalue(persona)
    for operation, by_mode in strategies:
        for mode, examples in PERSONAS[persona].items():
            _fuzz(operation, by_mode[mode], user, mode, examples)
