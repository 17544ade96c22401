from django import template

register = template.Library()

LEVEL_CLASSES = {"A": "text-bg-danger", "B": "text-bg-warning", "C": "text-bg-success"}


@register.filter
def level_class(level: str) -> str:
    """Badge colours of the warning levels: A red, B amber, C green."""
    return LEVEL_CLASSES.get(level, "text-bg-secondary")


@register.filter
def percent(rate) -> str:
    return "—" if rate is None else f"{rate:.1%}"


@register.filter
def days_after(day, today) -> int:
    """Whole days from ``today`` to ``day`` (0 on the day itself)."""
    return (day - today).days
