"""Input shapes of the 育 pages. Cadre choices always come from the user's
jurisdiction (``training.selectors``)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from pool.web.forms import DATE, PICK, SELECT, TEXT
from pool.web.widgets import PersonPicker
from training.models import (
    ClassKind,
    EnrollmentResult,
    FrontlineArea,
    PostingGrade,
    PostingKind,
    StepStatus,
    TrainingClass,
    TrainingRules,
)

CHECK = {"class": "form-check-input"}


def cadre_label(cadre) -> str:
    return f"{cadre.name}（{cadre.unit.name} {cadre.current_position}）".replace(" ）", "）")


def _date(label, required=True):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(DATE, format="%Y-%m-%d")
    )


class ClassForm(forms.ModelForm):
    class Meta:
        model = TrainingClass
        fields = [
            "name", "organiser", "kind", "is_main_class", "off_the_job", "political",
            "start_date", "end_date", "hours", "note",
        ]  # fmt: skip
        widgets = {
            "name": forms.TextInput(TEXT),
            "organiser": forms.TextInput(TEXT),
            "kind": forms.Select(attrs=SELECT),
            "is_main_class": forms.CheckboxInput(CHECK),
            "off_the_job": forms.CheckboxInput(CHECK),
            "political": forms.CheckboxInput(CHECK),
            "start_date": forms.DateInput(DATE, format="%Y-%m-%d"),
            "end_date": forms.DateInput(DATE, format="%Y-%m-%d"),
            "hours": forms.NumberInput({**TEXT, "step": "0.5", "min": "0"}),
            "note": forms.Textarea({**TEXT, "rows": 2}),
        }
        help_texts = {
            "is_main_class": "主体班学员中年轻干部应不少于规定比例",
            "political": "与“脱产”同时勾选且满规定天数的，计入政治训练",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ClassKind.choices

    def _post_clean(self):
        # Validation (names, dates, hours) and uniqueness are the service's job.
        pass


class EnrolOneForm(forms.Form):
    # The view reads every chosen ``cadre`` (several may be added at once).
    cadre = forms.ModelChoiceField(queryset=None, label="学员", widget=PersonPicker())

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        self.fields["cadre"].label_from_instance = cadre_label


class ResultForm(forms.Form):
    hours = forms.DecimalField(
        label="获得学时", min_value=0, max_digits=6, decimal_places=1,
        widget=forms.NumberInput({"class": "form-control form-control-sm", "step": "0.5"}),
    )  # fmt: skip
    result = forms.ChoiceField(
        label="结业情况",
        choices=EnrollmentResult.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class PostingForm(forms.Form):
    kind = forms.ChoiceField(
        label="锻炼方式", choices=PostingKind.choices, widget=forms.Select(attrs=SELECT)
    )
    area = forms.ChoiceField(
        label="一线领域（一线锻炼填写）",
        required=False,
        choices=[("", "—"), *FrontlineArea.choices],
        widget=forms.Select(attrs=SELECT),
    )
    host_unit = forms.ModelChoiceField(
        empty_label=PICK,
        queryset=None,
        required=False,
        label="锻炼单位（本系统内）",
        widget=forms.Select(attrs=SELECT),
    )
    host_name = forms.CharField(
        label="锻炼单位（系统外或补充说明）",
        max_length=100,
        required=False,
        widget=forms.TextInput(TEXT),
    )
    role = forms.CharField(
        label="锻炼岗位/职务", max_length=100, required=False, widget=forms.TextInput(TEXT)
    )
    start_date = _date("开始日期")
    end_date = _date("结束日期（空为至今）", required=False)
    full_time = forms.BooleanField(
        label="全脱产", required=False, initial=True, widget=forms.CheckboxInput(CHECK)
    )
    purpose = forms.CharField(
        label="锻炼目的", required=False, widget=forms.Textarea({**TEXT, "rows": 2})
    )
    evaluation = forms.CharField(
        label="期满鉴定", required=False, widget=forms.Textarea({**TEXT, "rows": 2})
    )
    grade = forms.ChoiceField(
        label="鉴定等次",
        required=False,
        choices=[("", "—"), *PostingGrade.choices],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = units


class MentorshipForm(forms.Form):
    mentor = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="导师（领导干部）", widget=forms.Select(attrs=SELECT)
    )
    mentor_role = forms.CharField(
        label="导师职务", max_length=100, required=False, widget=forms.TextInput(TEXT)
    )
    mentee = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="帮带对象", widget=forms.Select(attrs=SELECT)
    )
    start_date = _date("结对日期")
    goals = forms.CharField(
        label="帮带目标", required=False, widget=forms.Textarea({**TEXT, "rows": 2})
    )

    def __init__(self, *args, mentors, mentees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        self.fields["mentor"].label_from_instance = cadre_label
        self.fields["mentee"].queryset = mentees
        self.fields["mentee"].label_from_instance = cadre_label
        self.fields["start_date"].initial = timezone.localdate()


class MeetingForm(forms.Form):
    date = _date("日期")
    topic = forms.CharField(label="主题", max_length=200, widget=forms.TextInput(TEXT))
    notes = forms.CharField(
        label="帮带内容（仅组织部门可见）",
        required=False,
        widget=forms.Textarea({**TEXT, "rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class PlanForm(forms.Form):
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, widget=forms.NumberInput(TEXT)
    )
    goals = forms.CharField(label="培养目标", widget=forms.Textarea({**TEXT, "rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class StepForm(forms.Form):
    text = forms.CharField(label="措施", max_length=300, widget=forms.TextInput(TEXT))
    due_on = _date("完成时限")


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(label="进展", choices=StepStatus.choices)


class ReviewForm(forms.Form):
    review = forms.CharField(label="年度评估", widget=forms.Textarea({**TEXT, "rows": 2}))
    reviewed_on = _date("评估日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed_on"].initial = timezone.localdate()


class RulesForm(forms.ModelForm):
    class Meta:
        model = TrainingRules
        fields = [
            "young_share_numerator", "young_share_denominator", "political_years",
            "political_min_days", "coverage_years", "yearly_hours", "hours_reminder_month",
        ]  # fmt: skip
        widgets = {name: forms.NumberInput(TEXT) for name in fields}

    def _post_clean(self):
        pass
