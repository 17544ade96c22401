"""The API schema documents every answer an operation can give, errors included,
so clients (and schemathesis in tests/test_api_fuzzing.py) can rely on it.

``ApiSchema`` adds to each operation the 4xx answers DRF and this project's
policy can produce, unless the operation states its own:
- 400 (validation: ``{"field": ["message"]}``) where it takes a body or query parameters;
- 401/403 (``{"detail": "..."}``) where it needs authentication: not logged in,
  token invalid, role not allowed, second factor or password change pending;
- 404 where it names an object in its path or body (out of the jurisdiction answers
  404 too) or pages.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ERROR = OpenApiResponse(
    inline_serializer("Error", {"detail": serializers.CharField()}),
    description="错误说明（detail）",
)
VALIDATION = OpenApiResponse(
    inline_serializer(
        "ValidationError",
        {
            "detail": serializers.JSONField(required=False, help_text="整体错误"),
            "non_field_errors": serializers.ListField(
                child=serializers.CharField(), required=False
            ),
        },
    ),
    description="输入有误：各字段名对应错误说明列表",
)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """``Authorization: Token <token>`` from ``POST /api/token/``."""

    target_class = "pool.accounts.tokens.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None)
        )


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, body in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(body, code, direction=direction)
        return responses

    def _error_responses(self) -> dict:
        errors = {}
        takes_input = self.method in ("POST", "PUT", "PATCH") or bool(
            self._get_filter_parameters()
            or self._get_pagination_parameters()
            or self.get_override_parameters()
        )
        if takes_input:
            errors["400"] = VALIDATION
        if self.get_auth():
            errors["401"] = ERROR
            errors["403"] = ERROR
        # An object named in the path or the body, out of reach; or ?page= past the end.
        if "{" in self.path or self.method == "POST" or (self.method == "GET" and takes_input):
            errors["404"] = ERROR
        return errors
