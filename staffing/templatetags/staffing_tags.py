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


@register.filter
def level_label(level: str | None) -> str:
    """``A级``; a team without a grade (无职数) reads 不评级."""
    return f"{level}级" if level else "不评级"
