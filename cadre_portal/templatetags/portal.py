from django import template

from cadre_portal.help.views import help_url
from cadre_portal.navigation import sections_for
from pool.notify import notices

register = template.Library()


@register.simple_tag
def nav_sections(request):
    return sections_for(request)


@register.simple_tag
def unread_notices(user) -> int:
    return notices.unread_count(user)


@register.simple_tag
def help_link(request) -> str:
    """The 帮助 link of the current page (its section of the user's chapter)."""
    return help_url(request)
