"""Pages of self-service: the person's requests and the correction form (干部本人),
the queue and its decisions (干部科; a unit committee reads its unit's), the scan, and
opening accounts for a unit with the one-time password sheet (干部科)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pool.accounts.access import has_role, require_roles
from pool.models import CorrectionStatus, Role
from pool.people.selectors import units_for
from pool.selfservice import rules, selectors, services
from pool.selfservice.forms import CAREER, AccountUnitForm, CorrectionForm, RefuseForm
from pool.selfservice.throttle import rate_limited
from pool.web.forms import add_errors

CADRE = Role.CADRE
# Budgets per account: page views of the correction pages, and requests sent.
PAGE_LIMIT = {"limit": 60, "window": 600}
SEND_LIMIT = {"limit": 10, "window": 3600, "methods": ("POST",)}
# Staff working through the queue come back to it after every decision.
QUEUE_LIMIT = {"limit": 300, "window": 600}


def _own(request):
    cadre = selectors.own_cadre(request.user)
    if cadre is None:
        raise Http404("账号未关联本人档案")
    return cadre


def shown(req) -> dict:
    """A request's before and after as the person and staff read them."""
    if req.is_career:
        return {"before": rules.show_career(req.before), "after": rules.show_career(req.after)}
    return {
        "before": rules.show(req.before.get("value")),
        "after": rules.show(req.after.get("value")),
    }


@require_roles(CADRE)
@rate_limited("pages", **PAGE_LIMIT)
def my_requests(request):
    cadre = _own(request)
    rows = [(r, services.subject(r), shown(r)) for r in selectors.own_requests(request.user)]
    return render(request, "selfservice/my_requests.html", {"cadre": cadre, "rows": rows})


@require_roles(CADRE)
@rate_limited("pages", **PAGE_LIMIT)
@rate_limited("send", **SEND_LIMIT)
def correction_new(request):
    cadre = _own(request)
    initial = {}
    if request.GET.get("line"):
        initial = {"target": CAREER, "career_entry": request.GET.get("line")}
    elif request.GET.get("field") in services.FIELDS:
        initial = {"target": request.GET["field"]}
    form = CorrectionForm(request.POST or None, request.FILES or None, cadre=cadre, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["target"] == CAREER:
                services.ask_correction(
                    request.user,
                    cadre,
                    reason=data["reason"],
                    scan=data["scan"],
                    career_entry=data["entry"],
                    career=data["career"],
                )
            else:
                services.ask_correction(
                    request.user,
                    cadre,
                    reason=data["reason"],
                    scan=data["scan"],
                    field=data["target"],
                    value=data["parsed"],
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "更正申请已提交，干部科审核后会在站内提醒您。")
            return redirect("selfservice:my_requests")
    current = {name: rules.show(getattr(cadre, name)) for name in services.FIELDS}
    return render(
        request,
        "selfservice/correction_form.html",
        {"form": form, "cadre": cadre, "current": current, "fields": services.FIELDS},
    )


@require_roles(CADRE, Role.STAFF)
def scan(request, pk: int):
    """The scan of a request: the person's own, or staff's within their jurisdiction."""
    if has_role(request.user, {CADRE}):
        requests = selectors.own_requests(request.user)
    else:
        requests = selectors.queue_for(request.user)
    req = get_object_or_404(requests, pk=pk)
    try:
        handle = req.scan.open("rb")
    except FileNotFoundError:
        raise Http404("证明材料文件不存在") from None
    head = handle.read(8)
    handle.seek(0)
    content_type = rules.scan_type(head)
    if content_type is None:
        handle.close()
        raise Http404("证明材料格式无法识别")
    response = FileResponse(
        handle, content_type=content_type, as_attachment=True, filename=req.scan_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_roles(*selectors.QUEUE_READERS)
@rate_limited("queue", **QUEUE_LIMIT)
def queue(request):
    status = request.GET.get("status", CorrectionStatus.PENDING)
    if status not in CorrectionStatus.values and status != "all":
        status = CorrectionStatus.PENDING
    requests = selectors.queue_for(request.user).order_by("created_at", "id")
    if status != "all":
        requests = requests.filter(status=status)
    rows = [(r, services.subject(r), shown(r)) for r in requests[:200]]
    return render(
        request,
        "selfservice/queue.html",
        {
            "rows": rows,
            "status": status,
            "statuses": CorrectionStatus.choices,
            "may_decide": has_role(request.user, selectors.QUEUE_DECIDERS),
            "refuse_form": RefuseForm(),
        },
    )


@require_POST
@require_roles(*selectors.QUEUE_DECIDERS)
@rate_limited("decide", **QUEUE_LIMIT)
def decide(request, pk: int):
    req = get_object_or_404(selectors.queue_for(request.user), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "approve":
            services.approve(request.user, req)
            messages.success(request, f"已按申请更正{req.cadre.name}的{services.subject(req)}。")
        elif action == "refuse":
            form = RefuseForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for message in errors:
                        messages.error(request, message)
                return redirect("selfservice:queue")
            services.refuse(request.user, req, form.cleaned_data["reason"])
            messages.success(request, f"已退回{req.cadre.name}的更正申请。")
        else:
            messages.error(request, "请选择同意或不同意")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("selfservice:queue")


@require_roles(Role.STAFF)
def open_accounts(request):
    """Open 干部本人 accounts for a unit's people who have none; the answer is the
    one-time password sheet (A4), shown this once."""
    scope = units_for(request.user)
    form = AccountUnitForm(request.POST or None, units=scope)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        people = list(selectors.cadres_without_account([unit.pk]))
        if not people:
            form.add_error("unit", f"{unit.name}的在册干部都已开通账号")
        else:
            try:
                issued = services.open_accounts(request.user, people)
            except ValidationError as error:
                add_errors(form, error)
            else:
                return render(
                    request,
                    "selfservice/account_sheet.html",
                    {"unit": unit, "issued": issued, "today": timezone.localdate()},
                )
    waiting = selectors.cadres_without_account(scope.values("pk")).count()
    return render(
        request,
        "selfservice/open_accounts.html",
        {"form": form, "waiting": waiting, "max": services.ACCOUNT_BATCH_MAX},
    )
