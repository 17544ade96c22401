from django import template

from pool.people import rules

register = template.Library()


@register.filter
def age(cadre, ref):
    return rules.age_at(cadre.birth_month, ref)


@register.filter
def month(value):
    return rules.format_month(value)
