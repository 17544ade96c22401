"""数据质量: the cadres whose records lack what a file left out (pool.people.data_gaps)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from pool.accounts.access import require_roles
from pool.models import Role
from pool.people import data_gaps


@require_roles(Role.STAFF)
def data_quality(request):
    key = request.GET.get("gap", "")
    key = key if key in data_gaps.BY_KEY else ""
    page = Paginator(data_gaps.cadres_with_gaps(request.user, key), 50).get_page(
        request.GET.get("page")
    )
    rows = [(cadre, data_gaps.gaps_of(cadre)) for cadre in page]
    return render(
        request,
        "pool/data_quality.html",
        {
            "page": page,
            "rows": rows,
            "counts": data_gaps.gap_counts(request.user),
            "gap": key,
            "query": f"gap={key}" if key else "",
        },
    )
