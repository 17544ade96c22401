from django import template

from pool.models import UnitKind

register = template.Library()


@register.filter
def unit_label(unit) -> str:
    """An internal body is named with its department (县委办公室办公室, not 办公室);
    load ``parent`` with the unit (select_related) to keep it one query."""
    if unit.kind == UnitKind.INTERNAL_BODY and unit.parent_id:
        return f"{unit.parent.name}{unit.name}"
    return unit.name
