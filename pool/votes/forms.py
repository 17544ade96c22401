"""Input shapes of 民主推荐测评: the staff forms and the voter's ballot form."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from pool.models import AppraisalItem, Grade, VoteKind, VoterGroup, VotingRound, VotingRules
from pool.web.widgets import PersonPicker

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
WHEN = {"class": "form-control", "type": "datetime-local"}
NUMBER = {"class": "form-control", "min": "0"}


class RoundForm(forms.ModelForm):
    cadres = forms.ModelMultipleChoiceField(
        queryset=None, label="候选人／测评对象", widget=PersonPicker(pool_preset=False)
    )

    class Meta:
        model = VotingRound
        fields = ["kind", "title", "unit", "post_name", "max_choices", "opens_at", "closes_at"]
        widgets = {
            "kind": forms.Select(attrs=SELECT),
            "title": forms.TextInput(attrs=TEXT),
            "unit": forms.Select(attrs=SELECT),
            "post_name": forms.TextInput(attrs=TEXT),
            "max_choices": forms.NumberInput(attrs={**NUMBER, "min": "1"}),
            "opens_at": forms.DateTimeInput(WHEN, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(WHEN, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, units, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "请选择组织单位"
        self.fields["kind"].choices = VoteKind.choices
        self.fields["cadres"].queryset = cadres
        for group, label in VoterGroup.choices:
            self.fields[f"expected_{group}"] = forms.IntegerField(
                label=f"应到人数：{label}",
                min_value=0,
                max_value=10000,
                required=False,
                widget=forms.NumberInput(NUMBER),
            )
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["opens_at"].initial = now
        self.fields["closes_at"].initial = now + timezone.timedelta(hours=2)

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "截止时间须晚于开始时间")
        cadres = data.get("cadres")
        recommend = data.get("kind") == VoteKind.RECOMMEND
        if recommend and cadres is not None and (data.get("max_choices") or 0) > len(cadres):
            self.add_error("max_choices", "应推人数不能多于候选人数")
        return data

    def rolls(self) -> dict[str, int]:
        return {g: self.cleaned_data.get(f"expected_{g}") or 0 for g in VoterGroup.values}

    def round_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CodesForm(forms.Form):
    group = forms.ChoiceField(label="参加人员类别", widget=forms.Select(attrs=SELECT))
    count = forms.IntegerField(
        label="生成个数", min_value=1, max_value=500, widget=forms.NumberInput(NUMBER)
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g, dict(VoterGroup.choices)[g]) for g in groups]


class BallotForm(forms.Form):
    """The voter's ballot: the code, and one checkbox per candidate (推荐) or one grade
    per item per person (测评). Anything else in the request is ignored."""

    code = forms.CharField(
        label="投票码",
        max_length=40,
        widget=forms.TextInput(
            {**TEXT, "autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )

    def __init__(self, *args, voting_round: VotingRound, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.voting_round = voting_round
        self.candidates = list(candidates)
        if voting_round.kind == VoteKind.RECOMMEND:
            self.fields["choices"] = forms.TypedMultipleChoiceField(
                label="推荐人选",
                choices=[(c.pk, c.cadre.name) for c in self.candidates],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            )
        else:
            for c in self.candidates:
                for item, label in AppraisalItem.choices:
                    self.fields[f"g{c.pk}_{item}"] = forms.ChoiceField(
                        label=f"{c.cadre.name} {label}",
                        choices=Grade.choices,
                        widget=forms.RadioSelect,
                        error_messages={"required": f"请为{c.cadre.name}的“{label}”选择等次"},
                    )

    def rows(self):
        """测评: per person, (item label, bound field) of each item."""
        return [
            (c, [(label, self[f"g{c.pk}_{item}"]) for item, label in AppraisalItem.choices])
            for c in self.candidates
        ]

    def choices(self):
        if self.voting_round.kind == VoteKind.RECOMMEND:
            return list(dict.fromkeys(self.cleaned_data.get("choices") or []))
        return {
            c.pk: {item: self.cleaned_data[f"g{c.pk}_{item}"] for item in AppraisalItem.values}
            for c in self.candidates
        }


class PaperForm(forms.Form):
    """One staff member's entry of a group's paper ballot totals."""

    group = forms.ChoiceField(label="参加人员类别", widget=forms.Select(attrs=SELECT))
    ballots = forms.IntegerField(
        label="收回票数", min_value=0, max_value=100000, widget=forms.NumberInput(NUMBER)
    )
    spoilt = forms.IntegerField(
        label="废票数", min_value=0, max_value=100000, widget=forms.NumberInput(NUMBER)
    )

    def __init__(self, *args, voting_round: VotingRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.voting_round = voting_round
        groups = list(voting_round.rolls.values_list("group", flat=True))
        self.fields["group"].choices = [(g, dict(VoterGroup.choices)[g]) for g in groups]
        self.keys = []
        for c in voting_round.candidates.select_related("cadre"):
            if voting_round.kind == VoteKind.RECOMMEND:
                self._count(str(c.pk), f"{c.cadre.name} 得票数")
            else:
                for item, item_label in AppraisalItem.choices:
                    for grade, grade_label in Grade.choices:
                        self._count(
                            f"{c.pk}:{item}:{grade}", f"{c.cadre.name} {item_label} {grade_label}"
                        )

    def _count(self, key: str, label: str) -> None:
        self.keys.append(key)
        self.fields[f"n_{key}"] = forms.IntegerField(
            label=label,
            min_value=0,
            max_value=100000,
            required=False,
            widget=forms.NumberInput(
                {**NUMBER, "class": "form-control form-control-sm", "aria-label": label}
            ),
        )

    def grid(self) -> tuple[list[str], list[tuple[str, list]]]:
        """The count fields as a table: (column headers, [(row label, bound fields)])."""
        rows: dict[str, list] = {}
        for key in self.keys:
            field = self[f"n_{key}"]
            label = field.label.rsplit(" ", 1)[0] if ":" in key else field.label.split(" ")[0]
            rows.setdefault(label, []).append(field)
        if self.voting_round.kind == VoteKind.RECOMMEND:
            return ["得票数"], list(rows.items())
        return [label for _, label in Grade.choices], list(rows.items())

    def counts(self) -> dict[str, int]:
        counts = {k: self.cleaned_data.get(f"n_{k}") or 0 for k in self.keys}
        return {k: n for k, n in counts.items() if n}


class RulesForm(forms.ModelForm):
    class Meta:
        model = VotingRules
        fields = ["turnout_numerator", "turnout_denominator", "pass_numerator", "pass_denominator"]
        widgets = {name: forms.NumberInput(NUMBER) for name in fields}

    def clean(self):
        data = super().clean()
        for part, label in (("turnout", "参会比例"), ("pass", "得票率")):
            num, den = data.get(f"{part}_numerator"), data.get(f"{part}_denominator")
            if den is not None and den < 1:
                self.add_error(f"{part}_denominator", f"{label}的分母至少为1")
            elif num is not None and den is not None and num > den:
                self.add_error(f"{part}_numerator", f"{label}的分子不能大于分母")
        return data
