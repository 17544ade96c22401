from django import forms
from django.core.exceptions import ValidationError

from pool.models import (
    CadreCategory,
    ExitReason,
    Gender,
    Recommendation,
    RecommendationRound,
    RecommendMethod,
    Tier,
    validate_attachment,
)
from pool.people import rules
from pool.selection import rules as selection_rules
from pool.web.forms import BootstrapFormMixin, date_input

# ---------------------------------------------------------------------------
# 选: recommendation lists and the pool.
# ---------------------------------------------------------------------------


ATTACHMENT_ACCEPT = ".pdf,.doc,.docx,application/pdf,application/msword"


class RecommendationFieldsForm(BootstrapFormMixin, forms.ModelForm):
    """推荐理由, 主要实绩, 推荐方式 with votes, and the attachment."""

    remove_attachment = forms.BooleanField(label="删除已上传的附件", required=False)

    class Meta:
        model = Recommendation
        fields = ["reason", "achievements", "method", "votes_total", "votes_for", "attachment"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "achievements": forms.Textarea(attrs={"rows": 3}),
            "attachment": forms.FileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
        }
        help_texts = {"reason": "报送前必须填写；请写具体事例，避免笼统表述"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.attachment:
            self.fields.pop("remove_attachment")

    def clean_attachment(self):
        file = self.cleaned_data.get("attachment")
        if file and self.files.get("attachment"):
            try:
                validate_attachment(file)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return file

    def _post_clean(self):
        pass  # the services validate and write; the instance is not touched here

    def clean(self):
        data = super().clean()
        problem = selection_rules.votes_problem(data.get("votes_for"), data.get("votes_total"))
        if problem:
            self.add_error("votes_for", problem)
        if data.get("method") == RecommendMethod.DEMOCRATIC and not data.get("votes_total"):
            self.add_error("votes_total", "民主推荐请填写参加推荐人数和得票数")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "reason": data.get("reason", ""),
            "achievements": data.get("achievements", ""),
            "method": data["method"],
            "votes_for": data.get("votes_for"),
            "votes_total": data.get("votes_total"),
            "attachment": data.get("attachment") if self.files.get("attachment") else None,
        }


class RosterRecommendationForm(RecommendationFieldsForm):
    """Add someone from the user's own roster."""

    cadre = forms.IntegerField(label="从名册中选择", widget=forms.Select)

    class Meta(RecommendationFieldsForm.Meta):
        fields = ["cadre", *RecommendationFieldsForm.Meta.fields]

    def __init__(self, *args, roster=(), **kwargs):
        kwargs.setdefault("auto_id", "pick_%s")  # two add forms share one page
        super().__init__(*args, **kwargs)
        self.fields["cadre"].widget.choices = [("", "请选择……")] + [
            (c.pk, f"{c.name}（{c.birth_month_display}，{c.current_position or c.unit.name}）")
            for c in roster
        ]


class NewPersonRecommendationForm(RecommendationFieldsForm):
    """Add someone not yet on the roster: the ID number decides birth month and sex."""

    id_number = forms.CharField(label="身份证号", max_length=40)
    name = forms.CharField(label="姓名", max_length=50)
    gender = forms.ChoiceField(label="性别", choices=Gender.choices)
    birth_month = forms.CharField(label="出生年月", max_length=20, help_text="如 1998.07")
    category = forms.ChoiceField(
        label="干部类别", choices=CadreCategory.choices, initial=CadreCategory.SELECTED_GRADUATE
    )
    unit = forms.TypedChoiceField(label="所在单位", coerce=int)
    current_position = forms.CharField(label="现任职务", max_length=100, required=False)

    field_order = [
        "id_number", "name", "gender", "birth_month", "category", "unit", "current_position",
    ]  # fmt: skip

    def __init__(self, *args, units=(), **kwargs):
        kwargs.setdefault("auto_id", "new_%s")
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        if len(self.fields["unit"].choices) == 1:
            self.fields["unit"].initial = self.fields["unit"].choices[0][0]
        self.fields["id_number"].widget.attrs["autocomplete"] = "off"

    def clean_id_number(self):
        try:
            return rules.normalize_id_number(self.cleaned_data["id_number"])
        except rules.IdNumberError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_birth_month(self):
        try:
            month = rules.parse_month(self.cleaned_data["birth_month"])
        except rules.MonthError as error:
            raise forms.ValidationError(str(error)) from None
        if month is None:
            raise forms.ValidationError("请填写出生年月")
        return month

    def clean(self):
        data = super().clean()
        id_number, birth = data.get("id_number"), data.get("birth_month")
        if id_number and birth and rules.birth_date_from_id(id_number).replace(day=1) != birth:
            self.add_error("birth_month", "出生年月与身份证号中的出生日期不一致")
        if id_number and data.get("gender") and rules.gender_from_id(id_number) != data["gender"]:
            self.add_error("gender", "性别与身份证号不一致")
        return data


class ReturnListForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="退回原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：推荐理由过于笼统，请补充具体事例",
    )


class TierForm(BootstrapFormMixin, forms.Form):
    tier = forms.ChoiceField(label="梯次", choices=Tier.choices, initial=Tier.MID)


class ChangeTierForm(TierForm):
    reason = forms.CharField(label="调整原因", max_length=200, required=False)


class ExitPoolForm(BootstrapFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label="出库原因", choices=[c for c in ExitReason.choices if c[0] != ExitReason.VETO]
    )
    on = forms.DateField(label="出库日期", widget=date_input())
    note = forms.CharField(label="说明", max_length=500, required=False)


class VetoForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="否决事由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    source = forms.CharField(
        label="依据来源", max_length=200, required=False, help_text="如：县纪委监委处分决定"
    )


class RoundForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = RecommendationRound
        fields = ["name", "opens_on", "closes_on", "unit_cap"]
        widgets = {
            "opens_on": date_input(),
            "closes_on": date_input(),
        }


class InspectionForm(BootstrapFormMixin, forms.Form):
    proposed_post = forms.CharField(label="拟任职务", max_length=200)
    on = forms.DateField(label="列为考察对象日期", widget=date_input())
    expires_on = forms.DateField(label="考察有效期至", widget=date_input())
    note = forms.CharField(label="说明", max_length=500, required=False)


class WithdrawInspectionForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=500)
    on = forms.DateField(label="撤回日期", widget=date_input())


class MarkUsedForm(BootstrapFormMixin, forms.Form):
    document_number = forms.CharField(label="任职文号", max_length=60)
    on = forms.DateField(label="任职日期", widget=date_input())


class LiftVetoForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="解除原因", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
