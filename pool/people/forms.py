"""Forms of the roster (the admin's cadre form: the ID number typed in clear, stored encrypted)."""

from django import forms

from pool.models import (
    Cadre,
)
from pool.people import rules


class CadreAdminForm(forms.ModelForm):
    """Admin form: the ID number is typed in clear and stored encrypted."""

    id_number = forms.CharField(
        label="身份证号", max_length=40, required=False, help_text="修改时留空表示不变"
    )

    class Meta:
        model = Cadre
        fields = [
            "name", "gender", "ethnicity", "birth_month", "native_place", "birthplace",
            "party_join_month", "work_start_month", "health", "fulltime_education",
            "fulltime_degree", "fulltime_school_major", "inservice_education", "inservice_degree",
            "inservice_school_major", "current_position", "rank", "category", "unit", "is_active",
        ]  # fmt: skip

    def clean_id_number(self):
        raw = self.cleaned_data["id_number"]
        if not raw:
            if self.instance.pk is None:
                raise forms.ValidationError("请填写身份证号")
            return ""
        try:
            return rules.normalize_id_number(raw)
        except rules.IdNumberError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        id_number, birth = data.get("id_number"), data.get("birth_month")
        if id_number and birth and rules.birth_date_from_id(id_number).replace(day=1) != birth:
            self.add_error("birth_month", "出生年月与身份证号中的出生日期不一致")
        return data

    def save(self, commit=True):
        if self.cleaned_data.get("id_number"):
            self.instance.id_number = self.cleaned_data["id_number"]
        return super().save(commit)
