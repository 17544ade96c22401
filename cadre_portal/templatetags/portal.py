from django import template

from cadre_portal.navigation import sections_for
from pool.notify import notices

register = template.Library()


@register.simple_tag
def nav_sections(request):
    return sections_for(request)


@register.simple_tag
def unread_notices(user) -> int:
    return notices.unread_count(user)
