"""Input shapes of the 用 pages. Cadres, posts and documents offered always come from
the user's jurisdiction (the views pass the querysets in)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from pool.web.forms import DATE, PICK, SELECT, TEXT
from staffing import rules
from staffing.models import EligibilityCheck, EligibilityScope, MoveKind, SignOffDecision

NUMBER = {"class": "form-control", "min": "0"}
CHECK = {"class": "form-check-input"}
CADRE_CHOICES_SHOWN = 200
SIGN_OFF_CHOICES = [c for c in SignOffDecision.choices if c[0]]


def cadre_label(cadre) -> str:
    born = cadre.birth_month_display
    where = f"{cadre.unit.name} {cadre.current_position}".strip()
    return f"{cadre.name}（{born}，{where}）".replace("，）", "）")


def post_label(post) -> str:
    return f"{post.title}（{post.kind_label}，核定职数{post.quota}）"


def document_label(document) -> str:
    return f"{document.number}（{document.issued_on:%Y.%m.%d} {document.issuer}）"


class CadrePickerMixin:
    """The ``cadre`` field validates against the whole jurisdiction but lists only
    the people ``shown`` (the unit's own, or a name search), so the page stays small."""

    def pick_cadres(self, cadres, shown) -> None:
        field = self.fields["cadre"]
        field.queryset = cadres
        field.label_from_instance = cadre_label
        listed = list(shown[:CADRE_CHOICES_SHOWN])
        # The person chosen before a validation error stays chosen, even when the
        # list now shows others (another search, or past the first 200).
        chosen = str(self.data.get(self.add_prefix("cadre"), "")) if self.is_bound else ""
        if chosen.isdigit() and all(c.pk != int(chosen) for c in listed):
            listed = [*cadres.filter(pk=int(chosen)).select_related("unit"), *listed]
        field.widget.choices = [("", "请选择干部")] + [(c.pk, cadre_label(c)) for c in listed]


class MotionForm(CadrePickerMixin, forms.Form):
    """动议: who is proposed for which post of an A or B team, from when."""

    post = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="拟任职位", widget=forms.Select(attrs=SELECT)
    )
    cadre = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="拟任人选", widget=forms.Select(attrs=SELECT)
    )
    title = forms.CharField(
        label="拟任职务名称", max_length=100, required=False, widget=forms.TextInput(TEXT)
    )
    start_date = forms.DateField(
        label="拟任职时间", widget=forms.DateInput(DATE, format="%Y-%m-%d")
    )

    def __init__(self, *args, posts, cadres, shown, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts
        self.fields["post"].label_from_instance = post_label
        self.pick_cadres(cadres, shown)
        self.fields["start_date"].initial = timezone.localdate()


class AppointForm(CadrePickerMixin, forms.Form):
    post = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="职位", widget=forms.Select(attrs=SELECT)
    )
    cadre = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="干部", widget=forms.Select(attrs=SELECT)
    )
    title = forms.CharField(
        label="职务名称",
        max_length=100,
        required=False,
        widget=forms.TextInput(TEXT),
        help_text="文件所写的职务，如“党委副书记、镇长”；可不填",
    )
    start_date = forms.DateField(label="任职时间", widget=forms.DateInput(DATE, format="%Y-%m-%d"))
    document = forms.ModelChoiceField(
        queryset=None,
        label="任免文件",
        required=False,
        empty_label="（未登记的文件，填写下方文号）",
        widget=forms.Select(attrs=SELECT),
    )
    document_number = forms.CharField(
        label="任职文号", max_length=60, required=False, widget=forms.TextInput(TEXT)
    )
    probation = forms.BooleanField(
        label="提拔任职，实行一年试用期", required=False, widget=forms.CheckboxInput(CHECK)
    )

    def __init__(self, *args, posts, cadres, shown, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts
        self.fields["post"].label_from_instance = post_label
        self.pick_cadres(cadres, shown)
        self.fields["document"].queryset = documents
        self.fields["document"].label_from_instance = document_label
        self.fields["start_date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if not data.get("document") and not (data.get("document_number") or "").strip():
            self.add_error("document_number", "请选择任免文件或填写任职文号")
        return data


class EndForm(forms.Form):
    end_date = forms.DateField(label="免职时间", widget=forms.DateInput(DATE, format="%Y-%m-%d"))
    document = forms.ModelChoiceField(
        queryset=None,
        label="任免文件",
        required=False,
        empty_label="（未登记的文件，填写下方文号）",
        widget=forms.Select(attrs=SELECT),
    )
    document_number = forms.CharField(
        label="免职文号", max_length=60, required=False, widget=forms.TextInput(TEXT)
    )

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.fields["document"].label_from_instance = document_label
        self.fields["end_date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if not data.get("document") and not (data.get("document_number") or "").strip():
            self.add_error("document_number", "请选择任免文件或填写免职文号")
        return data


class DocumentForm(forms.Form):
    number = forms.CharField(label="文号", max_length=60, widget=forms.TextInput(TEXT))
    title = forms.CharField(
        label="文件标题", max_length=200, required=False, widget=forms.TextInput(TEXT)
    )
    issued_on = forms.DateField(label="发文日期", widget=forms.DateInput(DATE, format="%Y-%m-%d"))
    issuer = forms.CharField(label="发文机关", max_length=100, widget=forms.TextInput(TEXT))
    appointments_stated = forms.IntegerField(
        label="载明任命人数", min_value=0, max_value=999, widget=forms.NumberInput(NUMBER)
    )
    removals_stated = forms.IntegerField(
        label="载明免职人数", min_value=0, max_value=999, widget=forms.NumberInput(NUMBER)
    )


class PublicityForm(CadrePickerMixin, forms.Form):
    post = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="拟任职位", widget=forms.Select(attrs=SELECT)
    )
    cadre = forms.ModelChoiceField(
        empty_label=PICK, queryset=None, label="公示对象", widget=forms.Select(attrs=SELECT)
    )
    proposed_title = forms.CharField(
        label="拟任职务", max_length=100, required=False, widget=forms.TextInput(TEXT)
    )
    start_date = forms.DateField(label="公示开始", widget=forms.DateInput(DATE, format="%Y-%m-%d"))
    end_date = forms.DateField(
        label="公示结束",
        widget=forms.DateInput(DATE, format="%Y-%m-%d"),
        help_text=f"不少于{rules.PUBLICITY_MIN_WORKING_DAYS}个工作日（周六、周日和节假日不计）",
    )

    def __init__(self, *args, posts, cadres, shown, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts
        self.fields["post"].label_from_instance = post_label
        self.pick_cadres(cadres, shown)


class FeedbackForm(forms.Form):
    feedback = forms.CharField(label="反映情况", widget=forms.Textarea({**TEXT, "rows": 3}))


class HolidayForm(forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(DATE, format="%Y-%m-%d"))
    name = forms.CharField(label="名称", max_length=30, widget=forms.TextInput(TEXT))
    is_workday = forms.BooleanField(
        label="调休上班（周末补班）", required=False, widget=forms.CheckboxInput(CHECK)
    )


class TargetForm(forms.Form):
    name = forms.CharField(label="目标", max_length=100, widget=forms.TextInput(TEXT))
    numerator = forms.IntegerField(
        label="比例分子", min_value=0, max_value=100, widget=forms.NumberInput(NUMBER)
    )
    denominator = forms.IntegerField(
        label="比例分母", min_value=1, max_value=100, widget=forms.NumberInput(NUMBER)
    )
    deadline = forms.DateField(label="完成时限", widget=forms.DateInput(DATE, format="%Y-%m-%d"))
    max_age = forms.IntegerField(
        label="年龄不超过",
        min_value=18,
        max_value=70,
        required=False,
        widget=forms.NumberInput(NUMBER),
        help_text="空=按岗位层次的年轻干部年龄标准",
    )

    def clean(self):
        data = super().clean()
        num, den = data.get("numerator"), data.get("denominator")
        if num is not None and den is not None and num > den:
            self.add_error("numerator", "比例分子不能大于比例分母")
        return data


class ScenarioForm(forms.Form):
    name = forms.CharField(label="方案名称", max_length=100, widget=forms.TextInput(TEXT))
    ref_date = forms.DateField(
        label="测算基准日",
        widget=forms.DateInput(DATE, format="%Y-%m-%d"),
        help_text="按该日在任人员和年龄测算，默认本季度末（下次季度预警的基准日）",
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea({**TEXT, "rows": 2}))


class MoveForm(forms.Form):
    """A move as the editor posts it; the service checks every id against the scope."""

    kind = forms.ChoiceField(label="调配类型", choices=MoveKind.choices)
    cadre = forms.IntegerField(label="干部", error_messages={"required": "请选择干部"})
    leaves = forms.IntegerField(label="免去职务", required=False)
    post = forms.IntegerField(label="拟任职位", required=False)
    date = forms.DateField(label="拟任免日期", widget=forms.DateInput(DATE, format="%Y-%m-%d"))


class CarryOutForm(forms.Form):
    date = forms.DateField(label="任免时间", widget=forms.DateInput(DATE, format="%Y-%m-%d"))
    document = forms.ModelChoiceField(
        queryset=None,
        label="任免文件",
        required=False,
        empty_label="（未登记的文件，填写下方文号）",
        widget=forms.Select(attrs=SELECT),
    )
    document_number = forms.CharField(
        label="任免文号", max_length=60, required=False, widget=forms.TextInput(TEXT)
    )
    title = forms.CharField(
        label="职务名称",
        max_length=100,
        required=False,
        widget=forms.TextInput(TEXT),
        help_text="文件所写的职务；可不填",
    )
    probation = forms.BooleanField(
        label="提拔任职，实行一年试用期", required=False, widget=forms.CheckboxInput(CHECK)
    )

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.fields["document"].label_from_instance = document_label

    def clean(self):
        data = super().clean()
        if not data.get("document") and not (data.get("document_number") or "").strip():
            self.add_error("document_number", "请选择任免文件或填写任免文号")
        return data


class EligibilityRuleForm(forms.Form):
    applies_to = forms.ChoiceField(
        label="适用于", choices=EligibilityScope.choices, widget=forms.Select(attrs=SELECT)
    )
    years = forms.IntegerField(
        label="年限（年）",
        min_value=1,
        max_value=40,
        required=False,
        widget=forms.NumberInput(NUMBER),
        help_text="近N年无不称职的N，或须满的年数",
    )
    active = forms.BooleanField(label="启用", required=False, widget=forms.CheckboxInput(CHECK))

    def __init__(self, *args, rule, **kwargs):
        super().__init__(*args, **kwargs)
        if rule.code == EligibilityCheck.NO_VETO:
            del self.fields["years"]
