"""Forms of the cadre profile: the 审批表's extra data, family rows and the photo.
Errors are Chinese and name the field."""

from __future__ import annotations

from django import forms

from pool.models import ApprovalForm, Cadre, CadrePhoto, FamilyMember
from pool.people import rules as pool_rules
from pool.web.forms import BootstrapFormMixin


class MonthField(forms.CharField):
    """A month written the way cadre files write it: 1988.03, 1988年3月, 198803."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "如 1988.03")
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return pool_rules.format_month(value) if hasattr(value, "year") else value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return pool_rules.parse_month(text)
        except pool_rules.MonthError:
            raise forms.ValidationError(
                f"{self.label}格式不正确，请写成 1988.03 这样的年月"
            ) from None


class CadreSheetForm(BootstrapFormMixin, forms.ModelForm):
    """The parts of the 审批表 kept on the person: 专业技术职务, 专长, 奖惩, 考核文字."""

    class Meta:
        model = Cadre
        fields = ["professional_title", "specialty", "rewards", "annual_results"]
        widgets = {"rewards": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = f"{field.label}不能超过{field.max_length}个字"


class ApprovalFormForm(BootstrapFormMixin, forms.ModelForm):
    """拟任/拟免/任免理由 and the form's footer."""

    age_reference = forms.DateField(
        label="计算年龄时间",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空则按导出当天计算",
        error_messages={"invalid": "计算年龄时间格式不正确"},
    )
    filled_on = forms.DateField(
        label="填表时间",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空则为导出当天",
        error_messages={"invalid": "填表时间格式不正确"},
    )

    class Meta:
        model = ApprovalForm
        fields = [
            "proposed_position",
            "proposed_removal",
            "reason",
            "submitting_body",
            "age_reference",
            "filled_on",
            "filled_by",
        ]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = f"{field.label}不能超过{field.max_length}个字"


class FamilyMemberForm(BootstrapFormMixin, forms.ModelForm):
    birth_month = MonthField(label="出生年月", required=False)

    class Meta:
        model = FamilyMember
        fields = [
            "relation",
            "name",
            "birth_month",
            "political_status",
            "employer_position",
            "position",
        ]
        help_texts = {"relation": "如 妻子、父亲、儿子", "position": "数字小的排在前面"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = f"请填写{field.label}"
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = f"{field.label}不能超过{field.max_length}个字"
        self.fields["position"].error_messages["invalid"] = "排序须为整数"
        self.fields["position"].required = False

    def clean_position(self):
        return self.cleaned_data.get("position") or 0


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label="照片",
        help_text=f"JPG或PNG，不超过{CadrePhoto.MAX_BYTES // (1024 * 1024)}MB",
        error_messages={"required": "请选择照片文件", "empty": "照片文件是空的"},
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png", "class": "form-control form-control-sm"}
        ),
    )
