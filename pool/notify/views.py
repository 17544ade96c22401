"""站内提醒 pages: every account reads and marks its own."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pool.notify import notices
from pool.web import params
from pool.web.redirects import safe_next


@login_required
def notice_list(request):
    """站内提醒: every account has its own; nobody reads another's."""
    page = Paginator(notices.notices_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "pool/notices.html", {"page": page, "query": ""})


@login_required
@require_POST
def notice_read(request):
    pk = request.POST.get("pk")
    notices.mark_read(request.user, params.object_id(pk))
    return redirect(safe_next(request, request.POST.get("next"), "pool:notice_list"))
