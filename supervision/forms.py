"""Input shapes of the 管 pages. Cadre choices always come from the user's
jurisdiction (``supervision.selectors.pick_cadres``)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from pool.web.forms import DATE, PICK, SELECT, TEXT
from pool.web.widgets import PersonPicker, PersonPickerOne
from supervision.models import (
    GRADE_CHOICES,
    LINKED_ROLES,
    AssessmentKind,
    AuditCategory,
    CheckFinding,
    CheckKind,
    Conclusion,
    FileItem,
    FilingKind,
    Handling,
    IntegrityPurpose,
    KeyTaskCategory,
    PerformanceRating,
    PoliticalSource,
    TalkerRole,
    TalkKind,
)


class CadreLabelMixin:
    @staticmethod
    def cadre_label(cadre) -> str:
        return f"{cadre.name}（{cadre.unit.name} {cadre.current_position}）".replace(" ）", "）")


class TalkForm(forms.Form, CadreLabelMixin):
    cadres = forms.ModelMultipleChoiceField(queryset=None, label="谈话对象", widget=PersonPicker())
    talker_name = forms.CharField(
        label="谈话人",
        max_length=50,
        widget=forms.TextInput({**TEXT, "list": "linked-talkers", "autocomplete": "off"}),
    )
    talker_role = forms.ChoiceField(
        label="谈话人身份", choices=TalkerRole.choices, widget=forms.Select(attrs=SELECT)
    )
    kind = forms.ChoiceField(
        label="谈话类型", choices=TalkKind.choices, widget=forms.Select(attrs=SELECT)
    )
    date = forms.DateField(label="谈话日期", widget=forms.DateInput(DATE, format="%Y-%m-%d"))
    note = forms.CharField(
        label="谈话要点（仅组织部门可见）",
        required=False,
        widget=forms.Textarea({**TEXT, "rows": 3}),
    )
    follow_up = forms.CharField(
        label="后续事项", required=False, widget=forms.Textarea({**TEXT, "rows": 2})
    )

    def __init__(self, *args, cadres, roles=None, **kwargs):
        """``roles``: the talker roles offered (a 单位党组织 records its own leaders')."""
        super().__init__(*args, **kwargs)
        self.fields["cadres"].queryset = cadres
        self.fields["cadres"].label_from_instance = self.cadre_label
        self.fields["date"].initial = timezone.localdate()
        if roles is not None:
            self.fields["talker_role"].choices = [
                (value, label) for value, label in TalkerRole.choices if value in roles
            ]


class IntegrityRequestForm(forms.Form, CadreLabelMixin):
    cadres = forms.ModelMultipleChoiceField(queryset=None, label="征求对象", widget=PersonPicker())
    purpose = forms.ChoiceField(
        label="征求事由", choices=IntegrityPurpose.choices, widget=forms.Select(attrs=SELECT)
    )
    addressed_to = forms.ModelChoiceField(
        empty_label=PICK,
        queryset=None,
        label="发送至（纪委监委联络人）",
        widget=forms.Select(attrs=SELECT),
    )
    due_on = forms.DateField(
        label="回复期限",
        required=False,
        widget=forms.DateInput(DATE, format="%Y-%m-%d"),
        help_text="联络人的待办中显示此期限",
    )

    def __init__(self, *args, cadres, liaisons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadres"].queryset = cadres
        self.fields["cadres"].label_from_instance = self.cadre_label
        self.fields["addressed_to"].queryset = liaisons
        self.fields["addressed_to"].label_from_instance = lambda u: (
            u.get_full_name() or u.first_name or u.get_username()
        )


class BatchAnswerForm(forms.Form):
    """One conclusion and two signatures for every ticked person of a request."""

    conclusion = forms.ChoiceField(
        label="结论",
        choices=[c for c in Conclusion.choices if c[0]],
        initial=Conclusion.CLEAR,
        widget=forms.Select(attrs=SELECT),
    )
    detail = forms.CharField(
        label="具体情况", required=False, widget=forms.Textarea({**TEXT, "rows": 2})
    )
    first_signatory = forms.CharField(
        label="承办人签字", max_length=50, required=False, widget=forms.TextInput(TEXT)
    )
    second_signatory = forms.CharField(
        label="审核人签字", max_length=50, required=False, widget=forms.TextInput(TEXT)
    )


class AnswerForm(forms.Form):
    conclusion = forms.ChoiceField(
        label="结论",
        choices=[c for c in Conclusion.choices if c[0]],
        widget=forms.Select(attrs=SELECT),
    )
    detail = forms.CharField(
        label="具体情况", required=False, widget=forms.Textarea({**TEXT, "rows": 3})
    )
    first_signatory = forms.CharField(
        label="承办人签字", max_length=50, required=False, widget=forms.TextInput(TEXT)
    )
    second_signatory = forms.CharField(
        label="审核人签字", max_length=50, required=False, widget=forms.TextInput(TEXT)
    )


class ConcernForm(forms.Form, CadreLabelMixin):
    cadre = forms.ModelChoiceField(queryset=None, label="干部", widget=PersonPickerOne())
    source = forms.CharField(label="来源", max_length=100, widget=forms.TextInput(TEXT))
    summary = forms.CharField(label="问题摘要", widget=forms.Textarea({**TEXT, "rows": 3}))
    handling = forms.ChoiceField(
        label="处理方式",
        choices=Handling.choices,
        widget=forms.Select(attrs=SELECT),
        help_text="组织处理、党纪政务处分将对该同志一票否决，并移出年轻干部库",
    )
    received_on = forms.DateField(label="受理日期", widget=forms.DateInput(DATE))
    handled_on = forms.DateField(label="处理日期", required=False, widget=forms.DateInput(DATE))

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        self.fields["cadre"].label_from_instance = self.cadre_label


class AssessmentForm(forms.Form, CadreLabelMixin):
    cadre = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="干部", widget=forms.Select(attrs=SELECT)
    )
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, widget=forms.NumberInput(TEXT)
    )
    kind = forms.ChoiceField(
        label="考核类型", choices=AssessmentKind.choices, widget=forms.Select(attrs=SELECT)
    )
    quarter = forms.TypedChoiceField(
        label="季度（平时考核）",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")],
        widget=forms.Select(attrs=SELECT),
    )
    grade = forms.ChoiceField(
        label="等次", choices=GRADE_CHOICES, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        self.fields["cadre"].label_from_instance = self.cadre_label
        self.fields["year"].initial = timezone.localdate().year


class TalkerLinkForm(forms.Form):
    talker_role = forms.ChoiceField(
        label="谈话人身份",
        choices=[(r.value, r.label) for r in LINKED_ROLES],
        widget=forms.Select(attrs=SELECT),
    )
    talker_name = forms.CharField(label="谈话人", max_length=50, widget=forms.TextInput(TEXT))
    talker_title = forms.CharField(
        label="职务", max_length=100, required=False, widget=forms.TextInput(TEXT)
    )
    unit = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="联系（分管）单位", widget=forms.Select(attrs=SELECT)
    )
    sector = forms.ChoiceField(
        label="分管领域",
        required=False,
        widget=forms.Select(attrs=SELECT),
        help_text="选择领域时，覆盖该单位下属本领域的各单位；不选则覆盖该单位及其下属单位",
    )
    started_on = forms.DateField(label="起始日期", widget=forms.DateInput(DATE))

    def __init__(self, *args, units, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["sector"].choices = [("", "—（整个单位）"), *((s, s) for s in sectors)]
        self.fields["started_on"].initial = timezone.localdate()


class PoliticalEntryForm(forms.Form, CadreLabelMixin):
    cadre = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="干部", widget=forms.Select(attrs=SELECT)
    )
    source = forms.ChoiceField(
        label="来源", choices=PoliticalSource.choices, widget=forms.Select(attrs=SELECT)
    )
    date = forms.DateField(label="日期", widget=forms.DateInput(DATE))
    finding = forms.CharField(label="政治素质情况", widget=forms.Textarea({**TEXT, "rows": 3}))
    evaluator = forms.CharField(
        label="评价人（单位）", max_length=100, widget=forms.TextInput(TEXT)
    )
    adverse = forms.BooleanField(
        label="反映政治素质问题（在库人员列入研判）",
        required=False,
        widget=forms.CheckboxInput({"class": "form-check-input"}),
    )

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        self.fields["cadre"].label_from_instance = self.cadre_label


class KeyTaskForm(forms.Form, CadreLabelMixin):
    cadre = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="干部", widget=forms.Select(attrs=SELECT)
    )
    category = forms.ChoiceField(
        label="重点工作类别", choices=KeyTaskCategory.choices, widget=forms.Select(attrs=SELECT)
    )
    task_name = forms.CharField(label="任务名称", max_length=100, widget=forms.TextInput(TEXT))
    started_on = forms.DateField(label="起始日期", widget=forms.DateInput(DATE))
    ended_on = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(DATE))
    performance = forms.CharField(label="表现情况", widget=forms.Textarea({**TEXT, "rows": 3}))
    rating = forms.ChoiceField(
        label="评价等次", choices=PerformanceRating.choices, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        self.fields["cadre"].label_from_instance = self.cadre_label


class PersonalReportForm(forms.Form, CadreLabelMixin):
    cadre = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="干部", widget=forms.Select(attrs=SELECT)
    )
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, widget=forms.NumberInput(TEXT)
    )
    filing = forms.ChoiceField(
        label="报告类型", choices=FilingKind.choices, widget=forms.Select(attrs=SELECT)
    )
    due_on = forms.DateField(label="应报日期", widget=forms.DateInput(DATE))
    returned_on = forms.DateField(label="报送日期", required=False, widget=forms.DateInput(DATE))

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        self.fields["cadre"].label_from_instance = self.cadre_label
        self.fields["year"].initial = timezone.localdate().year


class ReportCheckForm(forms.Form):
    check_kind = forms.ChoiceField(
        label="抽查方式", choices=CheckKind.choices, widget=forms.Select(attrs=SELECT)
    )
    checked_on = forms.DateField(label="核查日期", widget=forms.DateInput(DATE))
    finding = forms.ChoiceField(
        label="核查结果", choices=CheckFinding.choices, widget=forms.Select(attrs=SELECT)
    )
    basis = forms.CharField(
        label="认定依据", required=False, widget=forms.Textarea({**TEXT, "rows": 2})
    )
    handling = forms.ChoiceField(
        label="处理方式（漏报、瞒报）",
        required=False,
        choices=[("", "—"), *Handling.choices],
        widget=forms.Select(attrs=SELECT),
        help_text="瞒报同时记入问题线索；组织处理、党纪政务处分将一票否决",
    )
    affects_until = forms.DateField(label="影响期至", required=False, widget=forms.DateInput(DATE))


class FileAuditForm(forms.Form, CadreLabelMixin):
    cadre = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="干部", widget=forms.Select(attrs=SELECT)
    )
    item = forms.ChoiceField(
        label="审核项目", choices=FileItem.choices, widget=forms.Select(attrs=SELECT)
    )
    file_value = forms.CharField(label="档案记载", max_length=200, widget=forms.TextInput(TEXT))
    source_document = forms.CharField(
        label="认定依据材料", max_length=200, widget=forms.TextInput(TEXT)
    )
    document_date = forms.DateField(
        label="材料形成日期", required=False, widget=forms.DateInput(DATE)
    )
    category = forms.ChoiceField(
        label="认定类别", choices=AuditCategory.choices, widget=forms.Select(attrs=SELECT)
    )
    decided_value = forms.CharField(
        label="认定结果",
        max_length=200,
        required=False,
        widget=forms.TextInput(TEXT),
        help_text="出生、参加工作、入党时间写年月（如 1990.03），认定后更新干部名册",
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea({**TEXT, "rows": 2}))

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        self.fields["cadre"].label_from_instance = self.cadre_label


class TalkRuleForm(forms.Form):
    """谈话频次: a calendar period and a number of talks, or the days after a new post."""

    period = forms.ChoiceField(label="周期", required=False, widget=forms.Select(attrs=SELECT))
    times = forms.IntegerField(
        label="每周期至少谈话次数", required=False, min_value=1, max_value=12,
        widget=forms.NumberInput(TEXT),
    )  # fmt: skip
    within_days = forms.IntegerField(
        label="任职后多少日内", required=False, min_value=1, max_value=365,
        widget=forms.NumberInput(TEXT),
    )  # fmt: skip

    def __init__(self, *args, rule, **kwargs):
        super().__init__(*args, **kwargs)
        from supervision.models import CALENDAR_PERIODS

        if rule.is_periodic:
            self.fields["period"].choices = [(p.value, p.label) for p in CALENDAR_PERIODS]
            self.fields["period"].required = self.fields["times"].required = True
            del self.fields["within_days"]
        else:
            del self.fields["period"], self.fields["times"]
            self.fields["within_days"].required = True
