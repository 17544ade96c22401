"""Which roles may use which pages. Scope (which rows) lives in selectors;
this module only answers "may this role do this kind of thing at all"."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from pool.models import Role
from pool.people.selectors import grant_of, may_change_setting

# Every set of roles a page or service checks, defined here once (issue #17).
STAFF = frozenset({Role.STAFF})  # 干部科 staff
STAFF_AND_LEADERS = frozenset({Role.STAFF, Role.LEADER})
STAFF_AND_UNITS = frozenset({Role.STAFF, Role.UNIT_COMMITTEE})
STAFF_LEADERS_AND_UNITS = frozenset({Role.STAFF, Role.LEADER, Role.UNIT_COMMITTEE})
DISCIPLINE_LIAISONS = frozenset({Role.DISCIPLINE_LIAISON})
# The 三员: system, security and audit administrators.
ADMIN_ROLES = frozenset({Role.SYS_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
ACCOUNT_ADMINS = frozenset({Role.SYS_ADMIN, Role.SECURITY_ADMIN})
AUDIT_READERS = frozenset({Role.AUDIT_ADMIN})
# Roles that read people's records (each within its scope).
CADRE_READERS = frozenset({Role.STAFF, Role.LEADER, Role.UNIT_COMMITTEE, Role.SECTOR_DEPT})
# Roles that may reveal a clear ID number (each reveal is audited).
ID_REVEALERS = STAFF
# 选: who writes a recommendation list of their own (unit, sector, 组织部门), who reviews
# lists and keeps the pool, and who reads the pool (leaders: without veto reasons).
LIST_WRITERS = frozenset({Role.UNIT_COMMITTEE, Role.SECTOR_DEPT, Role.STAFF})
LIST_REVIEWERS = STAFF
POOL_READERS = STAFF_AND_LEADERS
POOL_KEEPERS = STAFF


def has_role(user, roles) -> bool:
    grant = grant_of(user)
    return grant is not None and grant.role in roles


def require_roles(*roles):
    """View decorator: logged in, and holding one of ``roles`` (else 403)."""
    allowed = frozenset(roles)

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, allowed):
                raise PermissionDenied("您的角色无权访问此页面")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def require_setting_owner(user, setting) -> None:
    """403 unless ``user`` may change this settings object (its owner unit is in their
    jurisdiction): a county's staff cannot edit the city's target, rule or round."""
    if not may_change_setting(user, setting):
        raise PermissionDenied("该设置由上级组织部门管理，您无权修改")


class HasRole(BasePermission):
    """DRF permission: ``HasRole.for_(roles)`` builds a class for a viewset."""

    roles: frozenset = frozenset()
    message = "您的角色无权访问此接口"

    def has_permission(self, request, view) -> bool:
        return has_role(request.user, self.roles)

    @classmethod
    def for_(cls, roles) -> type[HasRole]:
        return type("HasRole", (cls,), {"roles": frozenset(roles)})
