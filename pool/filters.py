import django_filters
from django.db.models import Q

from pool.models import (
    AuditAction,
    AuditEntry,
    Cadre,
    CadreCategory,
    Rank,
    Unit,
    UnitKind,
    UnitLevel,
)


class CadreFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名/职务", method="filter_text")
    unit = django_filters.NumberFilter(field_name="unit_id", label="单位")
    level = django_filters.ChoiceFilter(
        field_name="unit__level", choices=UnitLevel.choices, label="层级"
    )
    category = django_filters.ChoiceFilter(choices=CadreCategory.choices, label="干部类别")
    rank = django_filters.ChoiceFilter(choices=Rank.choices, label="职级")
    gender = django_filters.ChoiceFilter(choices=Cadre._meta.get_field("gender").choices)
    born_after = django_filters.DateFilter(
        field_name="birth_month", lookup_expr="gte", label="出生年月不早于"
    )
    born_before = django_filters.DateFilter(
        field_name="birth_month", lookup_expr="lte", label="出生年月不晚于"
    )

    class Meta:
        model = Cadre
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control"
            field.widget.attrs.setdefault("class", css)

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(name__contains=value) | Q(current_position__contains=value))


class UnitFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=UnitLevel.choices, label="层级")
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label="单位类别")
    sector = django_filters.CharFilter(label="领域")
    parent = django_filters.NumberFilter(field_name="parent_id", label="上级单位")
    name = django_filters.CharFilter(lookup_expr="contains", label="名称")

    class Meta:
        model = Unit
        fields: list[str] = []


class AuditFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label="操作")
    actor = django_filters.CharFilter(
        field_name="actor_name", lookup_expr="contains", label="操作人"
    )
    target = django_filters.CharFilter(
        field_name="object_repr", lookup_expr="contains", label="对象"
    )
    start = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label="起始日期")
    end = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label="截止日期")
    success = django_filters.BooleanFilter(label="成功")

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control"
            field.widget.attrs.setdefault("class", css)
        self.form.fields["start"].widget.input_type = "date"
        self.form.fields["end"].widget.input_type = "date"
