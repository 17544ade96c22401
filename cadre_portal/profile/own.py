"""本人信息: the 立体画像 a 干部本人 account reads of themself. An allow-list, built
here item by item, not the staff page with parts hidden: the person's own data, 简历,
family rows, seats held, classes and 实践锻炼 as facts. Never talks, integrity records,
the pool and its tiers, scores and rankings, 研判, vetoes, inspections, evaluations or
assessments (what the 组织部 writes about a person stays with the 组织部)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import render

from cadre_portal.profile import rules
from pool import audit
from pool.accounts.access import require_roles
from pool.models import AuditAction, Cadre, CadrePhoto, CorrectionStatus, Role
from pool.people.edits import EDITABLE_FIELDS
from pool.selfservice import rules as self_rules
from pool.selfservice import selectors as self_selectors
from pool.selfservice.services import FIELDS
from staffing import selectors as staffing_selectors
from training import selectors as training_selectors

# The person's own data shown: the name, then the fields staff edit (labels from the model).
SELF_FIELDS = ("name", *EDITABLE_FIELDS)


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    value: str
    correctable: bool


def _rows(cadre: Cadre) -> list[Row]:
    rows = [Row("unit", "所在单位", cadre.unit.name, False)]
    for name in SELF_FIELDS:
        field = Cadre._meta.get_field(name)
        value = getattr(cadre, f"get_{name}_display")() if field.choices else getattr(cadre, name)
        rows.append(Row(name, str(field.verbose_name), self_rules.show(value), name in FIELDS))
    rows.append(Row("id_masked", "身份证号", cadre.id_masked, False))
    return rows


def _own_or_404(user) -> Cadre:
    cadre = self_selectors.own_cadre(user)
    if cadre is None:
        raise Http404("账号未关联本人档案")
    return cadre


@require_roles(Role.CADRE)
def my_record(request):
    cadre = _own_or_404(request.user)
    audit.record(request.user, AuditAction.VIEW, cadre, detail="本人查看本人信息")
    requests = self_selectors.own_requests(request.user)
    context = {
        "cadre": cadre,
        "rows": _rows(cadre),
        "career": list(cadre.career.order_by("start_month", "id")),
        "family": list(cadre.family.order_by("position", "id")),
        "has_photo": CadrePhoto.objects.filter(cadre=cadre).exists(),
        "appointments": [
            (a.start_date, a.end_date, f"{a.post.team.unit.name}{a.post.title}")
            for a in staffing_selectors.appointments_of(cadre)
        ],
        "classes": [
            (e.training_class.name, e.training_class.start_date, e.training_class.end_date)
            for e in training_selectors.enrollments_of(cadre)
        ],
        "postings": [
            (p.get_kind_display(), p.host_name, p.start_date, p.end_date)
            for p in training_selectors.postings_of(cadre)
        ],
        "pending": requests.filter(status=CorrectionStatus.PENDING).count(),
    }
    return render(request, "profile/own.html", context)


@require_roles(Role.CADRE)
def my_photo(request):
    cadre = _own_or_404(request.user)
    stored = CadrePhoto.objects.filter(cadre=cadre).first()
    content = bytes(stored.image) if stored is not None else b""
    content_type = rules.photo_type(content[:16])
    if content_type is None:
        raise Http404("没有照片")
    response = HttpResponse(content, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
