"""The person picker's endpoint: one scoped search used by every form that chooses people."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from pool.accounts.access import CADRE_READERS, require_roles
from pool.people.search import LIMIT, ScopeUnits, search_people
from pool.web import params

_int = params.object_id  # a whole number in range, else None ("²".isdigit() is True)


@require_GET
@require_roles(*CADRE_READERS)
def person_search(request):
    """GET ?q=王 / wxm / 1233 / 青石镇 [&pool=1] [&unit=<pk>] [&exclude=<pk>...]:
    at most 20 people in the user's jurisdiction; a unit outside it is refused (404)."""
    unit_id = _int(request.GET.get("unit", ""))
    scope = ScopeUnits.of(request.user)
    if unit_id is not None and unit_id not in scope.parents:
        raise Http404("该单位不在您的管辖范围内")
    hits, more = search_people(
        request.user,
        request.GET.get("q", "")[:100],
        pool_only=request.GET.get("pool") == "1",
        unit_id=unit_id,
        exclude=[i for i in map(_int, request.GET.getlist("exclude")[:200]) if i],
        limit=LIMIT,
        scope=scope,
    )
    return JsonResponse({"results": [h.as_json() for h in hits], "more": more})
