"""任免文件 registry: list and register, a document with its entries, correct it
while open, and mark it 已复核 (locked) when the stated numbers match."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pool.accounts.access import STAFF, require_roles
from pool.people.selectors import grant_of
from pool.web.forms import add_errors
from staffing import forms, selectors, services

PAGE = 200


@require_roles(*STAFF)
def document_list(request):
    """Registered documents (newest first) and the form to register one."""
    form = forms.DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_document(
                request.user, grant_of(request.user).unit, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已登记任免文件{document.number}")
            return redirect("staffing:document_detail", pk=document.pk)
    documents = selectors.documents_for(request.user).order_by("-issued_on", "-pk")
    state = request.GET.get("state", "")
    if state == "open":
        documents = documents.filter(reviewed_at__isnull=True)
    elif state == "reviewed":
        documents = documents.filter(reviewed_at__isnull=False)
    query = request.GET.get("q", "").strip()
    if query:
        documents = documents.filter(number__contains=query)
    return render(
        request,
        "staffing/documents.html",
        {"documents": documents[:PAGE], "form": form, "state": state, "query": query},
        status=400 if form.errors else 200,
    )


@require_roles(*STAFF)
def document_detail(request, pk: int):
    document = get_object_or_404(selectors.documents_for(request.user), pk=pk)
    form = None
    if not document.locked:
        initial = {f: getattr(document, f) for f in services.documents.EDITABLE}
        form = forms.DocumentForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.update_document(request.user, document, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "已保存")
                return redirect("staffing:document_detail", pk=document.pk)
    elif request.method == "POST":
        messages.error(request, f"任免文件{document.number}已复核锁定，不能修改")
        return redirect("staffing:document_detail", pk=document.pk)
    return render(
        request,
        "staffing/document_detail.html",
        {"detail": selectors.document_detail(document), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
@require_roles(*STAFF)
def document_review(request, pk: int):
    document = get_object_or_404(selectors.documents_for(request.user), pk=pk)
    try:
        services.review_document(request.user, document)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"任免文件{document.number}已复核，文件及其任免已锁定")
    return redirect("staffing:document_detail", pk=document.pk)
