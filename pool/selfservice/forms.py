"""Input shapes of self-service: the correction form (one field or one 简历 line), the
refusal reason, and the unit whose people get accounts. Errors are Chinese and name
the field; any typed value gives an error or a value, never a traceback."""

from __future__ import annotations

from django import forms

from pool.models import Cadre, Unit
from pool.selfservice import rules
from pool.selfservice.services import FIELDS
from pool.web.forms import BootstrapFormMixin

CAREER = "career"


class CorrectionForm(BootstrapFormMixin, forms.Form):
    """What to correct (a field, or 简历), the corrected value, the reason, the scan.
    ``cadre`` is the person asking: the 简历 lines offered are theirs only."""

    target = forms.ChoiceField(label="更正项目")
    career_entry = forms.TypedChoiceField(
        label="要更正的简历行", required=False, coerce=int, empty_value=None
    )
    value = forms.CharField(
        label="更正后的内容", required=False, max_length=200, help_text="年月写成 1988.03"
    )
    start_month = forms.CharField(label="简历起始年月", required=False, max_length=20)
    end_month = forms.CharField(
        label="简历截止年月", required=False, max_length=20, help_text="留空表示至今"
    )
    description = forms.CharField(label="工作单位及职务", required=False, max_length=200)
    reason = forms.CharField(label="更正理由", max_length=1000, widget=forms.Textarea({"rows": 3}))
    scan = forms.FileField(
        label="证明材料",
        help_text=f"毕业证、学位证、档案页等的扫描件：PDF、JPG或PNG，不超过"
        f"{rules.SCAN_MAX_BYTES // (1024 * 1024)}MB",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, cadre: Cadre, **kwargs):
        super().__init__(*args, **kwargs)
        self.cadre = cadre
        self.lines = {e.pk: e for e in cadre.career.order_by("start_month", "id")}
        self.fields["target"].choices = [
            ("", "请选择"),
            *((name, spec.label) for name, spec in FIELDS.items()),
            (CAREER, "简历（某一行）"),
        ]
        self.fields["career_entry"].choices = [
            ("", "请选择"),
            *((pk, str(e)) for pk, e in self.lines.items()),
        ]
        for name, field in self.fields.items():
            field.error_messages["required"] = f"请填写{field.label}"
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = f"{field.label}不能超过{field.max_length}个字"
            if name in ("target", "career_entry"):
                field.error_messages["invalid_choice"] = f"请从列表中选择{field.label}"
        self.fields["target"].error_messages["required"] = "请选择更正项目"
        self.fields["scan"].error_messages.update(
            {"required": "请上传证明材料", "empty": "证明材料是空文件", "invalid": "请上传文件"}
        )
        self.fields["career_entry"].error_messages["invalid"] = "请从列表中选择要更正的简历行"

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        scan.seek(0)
        head = scan.read(8)
        scan.seek(0)
        problem = rules.scan_problem(scan.name or "", scan.size or 0, head)
        if problem:
            raise forms.ValidationError(problem)
        return scan

    def clean(self):
        data = super().clean()
        target = data.get("target")
        if not target:
            return data
        try:
            if target == CAREER:
                data["entry"] = self._line(data.get("career_entry"))
                data["career"] = {
                    "start_month": rules.parse_month_field(
                        "简历起始年月", data.get("start_month"), required=True
                    ),
                    "end_month": rules.parse_month_field(
                        "简历截止年月", data.get("end_month"), required=False
                    ),
                    "description": rules.parse_value(
                        rules.Correctable("description", "工作单位及职务", "text", 200, (), True),
                        data.get("description"),
                    ),
                }
            else:
                data["parsed"] = rules.parse_value(FIELDS[target], data.get("value"))
        except rules.BadValue as error:
            field = "career_entry" if target == CAREER else "value"
            self.add_error(field, str(error))
        return data

    def _line(self, pk):
        if pk is None or pk not in self.lines:
            raise rules.BadValue("请从列表中选择要更正的简历行")
        return self.lines[pk]


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label="不同意的理由",
        max_length=500,
        widget=forms.Textarea({"rows": 2, "class": "form-control"}),
        error_messages={
            "required": "请填写不同意的理由",
            "max_length": "不同意的理由不能超过500个字",
        },
    )


class AccountUnitForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label="单位",
        queryset=Unit.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择单位", "invalid_choice": "请从列表中选择单位"},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("level", "position", "id")
