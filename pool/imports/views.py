"""Bulk import in the browser, for 干部科 staff: upload, preview every row with
its errors, confirm; templates, error reports and the import history.

History scope: a staff member sees their own imports and those of accounts
whose scope unit lies inside their jurisdiction (``runs.runs_for``). Only the
person who uploaded a file may confirm it, since the preview was checked
against their jurisdiction.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pool import audit
from pool.accounts.access import require_roles
from pool.imports import engine, mapping, readers, reports, runs
from pool.imports.readers import FileProblem
from pool.models import AuditAction, CadreCategory, ImportStatus, Role, Unit
from pool.people.selectors import units_for
from pool.web.xlsx import xlsx_response

PREVIEW_PAGE = 100
HISTORY_PAGE = 50


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入类型")
    file = forms.FileField(
        label="文件",
        help_text="Excel（.xlsx、.xls）、WPS/ODF 表格（.ods）或 CSV；表头上方可以有标题行，"
        "表头可以占两行；每个有表头的工作表都会读取，合计行和填表人等表尾自动跳过。"
        "任免审批表：一个 .lrmx 文件，或多个 .lrmx 打包的 .zip",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.xlsm,.ods,.csv,.lrmx,.zip"}),
    )
    skip_invalid = forms.BooleanField(
        label="跳过错误行（只导入无误的行，错误行在报告中列出）", required=False
    )
    # Kinds whose files leave these out (LRMX): where new people go.
    unit = forms.ModelChoiceField(
        label="新增干部的所在单位",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="（不新增干部时可不选）",
        help_text="仅用于任免审批表（LRMX）导入：新增干部按现任职务中的单位名称（如“东县财政局副局长”）"
        "放入该单位，现任职务中没有单位名称的放入此处选择的单位。已在干部名册中的人员保持原单位。",
    )
    category = forms.ChoiceField(
        label="新增干部的干部类别",
        choices=[("", "（不新增干部时可不选）"), *CadreCategory.choices],
        required=False,
        help_text="用于任免审批表（LRMX）和干部名册导入：LRMX文件和没有“干部类别”列（或该列为空）"
        "的名册，新增干部记为所选类别；不选则记为“未填”，在“数据质量”中列出待补充。"
        "已在册人员保持原类别。",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, kind.title) for k, kind in engine.kinds().items()]
        if user is not None:
            self.fields["unit"].queryset = units_for(user).order_by("level", "position", "id")
        for name, field in self.fields.items():
            css = "form-check-input" if name == "skip_invalid" else "form-select"
            field.widget.attrs.setdefault("class", "form-control" if name == "file" else css)

    def options(self) -> dict:
        unit = self.cleaned_data.get("unit")
        return {"unit": unit.pk if unit else None, "category": self.cleaned_data.get("category")}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > readers.max_bytes():
            limit = readers.max_bytes() // 1048576
            raise forms.ValidationError(f"文件过大，单个文件不能超过 {limit} MB，请拆分后分批导入")
        return upload


KEPT_ON_REUPLOAD = ("kind", "skip_invalid", "unit", "category")  # 重新上传 keeps these


@require_roles(Role.STAFF)
def import_upload(request):
    # 重新上传 from a preview comes with the run's choices in the query string.
    initial = {k: request.GET[k] for k in KEPT_ON_REUPLOAD if request.GET.get(k)}
    form = UploadForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        columns = mapping.remembered(request.user, data["kind"])
        run = runs.preview_upload(
            request.user,
            data["kind"],
            data["file"],
            skip_invalid=data["skip_invalid"],
            options={**form.options(), "columns": columns},
        )
        return redirect("pool:import_preview", pk=run.pk)
    templates = [(k, kind.title) for k, kind in engine.kinds().items() if kind.template]
    kinds = engine.kinds().items()
    option_kinds = " ".join(k for k, kind in kinds if kind.options)
    options = [
        (form[name], " ".join(k for k, kind in kinds if name in kind.options))
        for name in ("unit", "category")
    ]
    return render(
        request,
        "pool/imports/upload.html",
        {"form": form, "templates": templates, "option_kinds": option_kinds, "options": options},
    )


def _run_for(request, pk: int, *, with_errors: bool = False):
    queryset = runs.runs_for(request.user).select_related("actor")
    if not with_errors:
        queryset = queryset.defer("errors")  # can be large; the rows table has them
    return get_object_or_404(queryset, pk=pk)


@require_roles(Role.STAFF)
def import_preview(request, pk: int):
    run = _run_for(request, pk)
    kind = engine.kinds().get(run.kind)
    only_invalid = request.GET.get("only") == "invalid"
    rows = run.rows.order_by("sheet_no", "row")
    if only_invalid:
        rows = rows.filter(status=engine.INVALID)
    page = Paginator(rows, PREVIEW_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    if run.status in runs.WORKING:
        # A background preview shows its first checked rows as soon as they are saved.
        first_rows = (
            list(run.rows.order_by("sheet_no", "row")[:PREVIEW_PAGE])
            if run.job == runs.PREVIEW
            else []
        )
        return render(
            request,
            "pool/imports/preview.html",
            {
                "run": run,
                "kind": kind,
                "first_rows": first_rows,
                "shown": bool(first_rows),
                "by_sheet": len({r.sheet for r in first_rows}) > 1,
                **_progress(run),
            },
        )
    chosen = _chosen(request.user, run)
    may_confirm = (
        run.actor_id == request.user.pk
        and run.status != ImportStatus.COMMITTED
        and run.header_row is not None
        and bool(run.file)
    )
    return render(
        request,
        "pool/imports/preview.html",
        {
            "run": run,
            "kind": kind,
            "page": page,
            "query": query.urlencode(),
            "only_invalid": only_invalid,
            "may_confirm": may_confirm,
            "status_labels": engine.STATUS_LABELS,
            "chosen": chosen,
            "by_sheet": len(run.sheets or ()) > 1,
            "skipped_sheets": (run.skipped or {}).get("sheets", []),
            "skipped_rows": (run.skipped or {}).get("rows", []),
            "skipped_count": (run.skipped or {}).get("rows_count", 0),
            "reupload": _reupload_query(run),
            **_columns(run, kind, request.user),
        },
    )


def _reupload_query(run) -> str:
    """The query string of 重新上传: the same kind and options as this run."""
    query = QueryDict(mutable=True)
    query["kind"] = run.kind
    if run.skip_invalid:
        query["skip_invalid"] = "on"
    for name in ("unit", "category"):
        if (run.options or {}).get(name):
            query[name] = run.options[name]
    return query.urlencode()


def _columns(run, kind, user) -> dict:
    """未导入的列 and the columns mapped by hand, with the fields each may be mapped to."""
    skipped = run.skipped or {}
    mapped = skipped.get("mapped") or {}
    if run.header_row is None:  # the mapping itself may be why the file failed
        mapped = (run.options or {}).get("columns") or {}
    present = set(skipped.get("present") or ())
    choices = [c.name for c in kind.columns if c.name not in present] if kind else []
    rows = [(label, "") for label in skipped.get("columns") or () if label not in mapped]
    rows += list(mapped.items())
    may_map = run.actor_id == user.pk and bool(run.file) and run.status in runs.MAPPABLE
    return {
        "unknown_columns": rows,
        "unmapped": sum(1 for _, target in rows if not target),
        "column_choices": choices,
        "may_map": may_map,
    }


@require_roles(Role.STAFF)
@require_POST
def import_columns(request, pk: int):
    """Map 未导入的列 to fields, remember it for this kind, and check the file again."""
    run = _run_for(request, pk)
    if run.actor_id != request.user.pk or run.status not in runs.MAPPABLE or not run.file:
        raise Http404("只有上传该文件的人可以在导入前设置列的对应")
    kind = engine.get_kind(run.kind)
    chosen = dict(zip(request.POST.getlist("source"), request.POST.getlist("target"), strict=False))
    present = (run.skipped or {}).get("present") or ()
    try:
        columns = mapping.validate(kind, chosen, present)
    except FileProblem as exc:
        messages.error(request, f"列的对应未保存：{exc}")
        return redirect("pool:import_preview", pk=run.pk)
    kept = mapping.remembered(request.user, run.kind)
    kept = {k: v for k, v in kept.items() if k not in chosen and v not in columns.values()}
    mapping.remember(request.user, run.kind, {**kept, **columns})
    run = runs.preview_again(run, request.user, {**kept, **columns})
    shown = "、".join(f"“{k}”→“{v}”" for k, v in columns.items()) or "均不导入"
    messages.success(request, f"已按新的列对应重新预检（{shown}），下次导入{kind.title}时自动使用")
    return redirect("pool:import_preview", pk=run.pk)


def _chosen(user, run) -> str:
    """What the importer chose for new people (LRMX), as a sentence for the preview."""
    options = run.options or {}
    unit, category = options.get("unit"), options.get("category")
    if not unit and not category:
        return ""
    if isinstance(unit, int):
        found = units_for(user).filter(pk=unit).first()
        unit = found.name if found else "（不在您的管辖范围内）"
    return f"新增干部的所在单位：{unit or '未选择'}；干部类别：{category or '未选择'}"


def _progress(run) -> dict:
    percent = min(100, run.rows_done * 100 // run.rows_total) if run.rows_total else 0
    return {"working": True, "percent": percent, "step": percent // 5 * 5}


@require_roles(Role.STAFF)
def import_progress(request, pk: int):
    """The progress bar of a run checked or written in the background, polled by htmx
    every second; once the run is done, htmx reloads the page (the preview or result)."""
    run = _run_for(request, pk)
    shown = request.GET.get("shown") == "1"  # the page already shows the first rows
    if run.status in runs.WORKING and (shown or run.job != runs.PREVIEW or not run.rows.exists()):
        return render(
            request, "pool/imports/_progress.html", {"run": run, "shown": shown, **_progress(run)}
        )
    response = HttpResponse(f'<p id="import-progress">{run.get_status_display()}</p>')
    response["HX-Refresh"] = "true"
    return response


@require_roles(Role.STAFF)
@require_POST
def import_confirm(request, pk: int):
    run = _run_for(request, pk)
    if run.actor_id != request.user.pk:
        raise Http404("只有上传该文件的人可以确认导入")
    skip = True if request.POST.get("skip_invalid") == "1" else None
    run = runs.confirm(run, request.user, skip_invalid=skip)
    if run.status in runs.WORKING:
        messages.info(
            request,
            "文件较大，正在后台导入，本页会显示进度；可以离开本页，稍后在导入记录中查看结果",
        )
    elif run.status == ImportStatus.COMMITTED:
        messages.success(
            request,
            f"导入完成：新增{run.created}，更新{run.updated}，无变化{run.unchanged}"
            + (f"，跳过错误行{run.invalid}" if run.invalid else ""),
        )
    else:
        messages.error(request, run.message)
    return redirect("pool:import_preview", pk=run.pk)


@require_roles(Role.STAFF)
def import_error_report(request, pk: int):
    run = _run_for(request, pk, with_errors=True)
    if not run.file or not run.errors:
        raise Http404("该导入没有错误报告")
    content = reports.error_report_xlsx(run)
    detail = f"导入错误报告《{run.file_name}》，{run.invalid}行"
    audit.record(request.user, AuditAction.EXPORT, run, detail=detail)
    return xlsx_response(reports.report_name(run), content)


@require_roles(Role.STAFF)
def import_template(request, kind: str):
    found = engine.kinds().get(kind)
    if found is None or not found.template:
        raise Http404("没有这种导入类型")
    return xlsx_response(reports.template_name(found), reports.template_xlsx(found))


@require_roles(Role.STAFF)
def import_history(request):
    queryset = runs.runs_for(request.user).select_related("actor").defer("errors")
    page = Paginator(queryset, HISTORY_PAGE).get_page(request.GET.get("page"))
    titles = {k: kind.title for k, kind in engine.kinds().items()}
    for run in page:
        run.kind_title = titles.get(run.kind, run.kind)
    return render(request, "pool/imports/history.html", {"page": page, "query": ""})
