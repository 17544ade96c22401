from django import template

from cadre_portal.navigation import sections_for

register = template.Library()


@register.simple_tag
def nav_sections(request):
    return sections_for(request)
