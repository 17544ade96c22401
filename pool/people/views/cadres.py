from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import CADRE_READERS, ID_REVEALERS, POOL_KEEPERS, has_role, require_roles
from pool.models import CareerEntry
from pool.people import rules, selectors
from pool.people import search as people_search
from pool.people import services as people_services
from pool.people.filters import CadreFilter
from pool.web import xlsx as exports
from pool.web.paging import BoundedPaginator

CADRE_EXPORT_COLUMNS = [
    ("姓名", lambda c, ref: c.name),
    ("性别", lambda c, ref: c.gender),
    ("出生年月", lambda c, ref: rules.format_month(c.birth_month)),
    ("年龄", lambda c, ref: c.age_at(ref)),
    ("身份证号", lambda c, ref: c.id_masked),
    ("所在单位", lambda c, ref: c.unit_path),
    ("现任职务", lambda c, ref: c.current_position),
    ("职级", lambda c, ref: c.rank),
    ("干部类别", lambda c, ref: c.category or "未填"),
    ("全日制学历", lambda c, ref: c.fulltime_education),
]


@require_roles(*CADRE_READERS)
def cadre_list(request):
    today = timezone.localdate()
    cadres = CadreFilter(
        request.GET,
        queryset=selectors.cadres_for(request.user),
        units=selectors.units_for(request.user),
        top=selectors.jurisdiction_top(request.user),
        today=today,
    )
    ordered = cadres.qs
    query = request.GET.copy()
    query.pop("page", None)
    if request.GET.get("export") == "xlsx":
        query.pop("export", None)
        people = list(ordered)
        paths = cadres.unit_paths
        if cadres.units_shortened:
            paths = paths | people_search.unit_paths({cadre.unit_id for cadre in people})
        for cadre in people:
            cadre.unit_path = paths.get(cadre.unit_id, cadre.unit.name)
        rows = [[col(c, today) for _, col in CADRE_EXPORT_COLUMNS] for c in people]
        people_services.record_export(request.user, "干部名册", len(rows), query.urlencode())
        content = exports.xlsx_bytes([h for h, _ in CADRE_EXPORT_COLUMNS], rows, sheet="干部名册")
        return exports.xlsx_response(f"干部名册{today:%Y%m%d}.xlsx", content)
    paginator = BoundedPaginator(ordered, 50)
    if paginator.capped and cadres.form.cleaned_data.get("sort") in (None, "", "unit"):
        # More than the count limit (a province): by unit id, an index scan, rather than
        # by the units' order, which sorts every row of the jurisdiction for each page.
        paginator.object_list = ordered.order_by("unit_id", "id")
    page = paginator.get_page(request.GET.get("page"))
    paths = cadres.unit_paths  # the jurisdiction's units, read for the unit select
    if cadres.units_shortened:  # a province: the page's own units, in one more query
        paths = paths | people_search.unit_paths({cadre.unit_id for cadre in page})
    for cadre in page:
        cadre.unit_path = paths.get(cadre.unit_id, cadre.unit.name)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(
        request,
        "pool/cadre_list.html",
        {
            "filter": cadres,
            "page": page,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "sort": request.GET.get("sort", ""),
            "today": today,
            # 组织部 staff export 任免审批表 in batches (cadre_portal.profile)
            "may_export_forms": has_role(request.user, POOL_KEEPERS),
            "may_export_lrmx": has_role(request.user, ID_REVEALERS),
        },
    )


def _cadre_in_scope(user, pk: int):
    return get_object_or_404(selectors.cadres_for(user), pk=pk)


@require_roles(*CADRE_READERS)
def cadre_detail(request, pk: int):
    queryset = selectors.cadres_for(request.user).prefetch_related(
        Prefetch("career", queryset=CareerEntry.objects.order_by("start_month", "id"))
    )
    cadre = get_object_or_404(queryset, pk=pk)
    people_services.open_cadre_record(request.user, cadre)
    return render(
        request,
        "pool/cadre_detail.html",
        {
            "cadre": cadre,
            "today": timezone.localdate(),
            "may_reveal": has_role(request.user, ID_REVEALERS),
        },
    )


@require_POST
@require_roles(*ID_REVEALERS)
def reveal_id_number(request, pk: int):
    """htmx: swap the masked ID for the clear one after recording the reason."""
    cadre = _cadre_in_scope(request.user, pk)
    try:
        clear = people_services.reveal_id_number(
            request.user, cadre, request.POST.get("reason", "")
        )
    except ValidationError as error:
        return HttpResponse(
            f'<span class="text-danger">{error.message_dict["reason"][0]}</span>', status=400
        )
    return render(request, "pool/partials/id_revealed.html", {"clear": clear})
