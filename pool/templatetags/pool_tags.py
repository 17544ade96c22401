"""Badges and labels for the recommendation and pool pages."""

from django import template

from pool import audit
from pool.models import Decision, ListStatus, PoolStatus, Tier

register = template.Library()

_LIST_BADGES = {
    ListStatus.DRAFT: "text-bg-secondary",
    ListStatus.SUBMITTED: "text-bg-primary",
    ListStatus.UNDER_REVIEW: "text-bg-info",
    ListStatus.ACCEPTED: "text-bg-success",
    ListStatus.RETURNED: "text-bg-danger",
}
_TIER_BADGES = {Tier.NEAR: "text-bg-danger", Tier.MID: "text-bg-warning", Tier.LONG: "text-bg-info"}
_POOL_BADGES = {
    PoolStatus.IN_POOL: "text-bg-success",
    PoolStatus.INSPECTION: "text-bg-primary",
    PoolStatus.USED: "text-bg-dark",
    PoolStatus.EXITED: "text-bg-secondary",
}
_DECISION_BADGES = {
    Decision.PENDING: "text-bg-light border",
    Decision.ACCEPTED: "text-bg-success",
    Decision.REJECTED: "text-bg-secondary",
}


@register.filter
def list_badge(status: str) -> str:
    return _LIST_BADGES.get(status, "text-bg-light")


@register.filter
def tier_badge(tier: str) -> str:
    return _TIER_BADGES.get(tier, "text-bg-light")


@register.filter
def pool_badge(status: str) -> str:
    return _POOL_BADGES.get(status, "text-bg-light")


@register.filter
def decision_badge(decision: str) -> str:
    return _DECISION_BADGES.get(decision, "text-bg-light")


@register.filter
def tier_label(value: str) -> str:
    return Tier(value).label if value in Tier.values else value


@register.filter
def lookup(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def person_name(user) -> str:
    """An account's display name, or nothing (demo rows and system moves have no actor)."""
    if user is None:
        return ""
    return user.first_name or user.get_username()


_INSPECTION_BADGES = {
    "active": "text-bg-primary",
    "appointed": "text-bg-dark",
    "withdrawn": "text-bg-secondary",
    "lapsed": "text-bg-warning",
}


@register.filter
def inspection_badge(status: str) -> str:
    return _INSPECTION_BADGES.get(status, "text-bg-light")


@register.filter
def audit_changes(entry) -> str:
    """An audit entry's before/after values in words (字段：旧 → 新)."""
    return audit.describe_changes(entry)


@register.filter
def audit_fields(entry) -> str:
    """Which fields an audit entry changed, without the values (the 审计管理员's view)."""
    return audit.describe_changes(entry, with_values=False)


@register.filter
def audit_detail(entry) -> str:
    """The description as the 审计管理员 reads it (no names or findings of people)."""
    return audit.detail_for_auditor(entry)


@register.filter
def audit_object(entry) -> str:
    """The object as the 审计管理员 sees it (a person's detail record by kind and number)."""
    return audit.object_for_auditor(entry)


@register.filter
def vote_percent(value) -> str:
    """A 得票率 or 参与率 (a Fraction, or None) as 66.7%."""
    from pool.votes.rules import percent

    return percent(value)
