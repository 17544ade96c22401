from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from pool import selectors
from pool.access import CADRE_READERS, require_roles
from pool.filters import CadreFilter
from pool.models import CareerEntry


@require_roles(*CADRE_READERS)
def cadre_list(request):
    cadres = CadreFilter(request.GET, queryset=selectors.cadres_for(request.user))
    page = Paginator(cadres.qs.order_by("unit__position", "unit_id", "id"), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pool/cadre_list.html",
        {"filter": cadres, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
    )


@require_roles(*CADRE_READERS)
def cadre_detail(request, pk: int):
    queryset = selectors.cadres_for(request.user).prefetch_related(
        Prefetch("career", queryset=CareerEntry.objects.order_by("start_month", "id"))
    )
    cadre = get_object_or_404(queryset, pk=pk)
    return render(
        request, "pool/cadre_detail.html", {"cadre": cadre, "today": timezone.localdate()}
    )
