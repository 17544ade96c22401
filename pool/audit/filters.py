"""The audit log's filters (the 审计管理员's page)."""

import django_filters

from pool.models import (
    AuditAction,
    AuditEntry,
)
from pool.web.forms import filter_widgets


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
        filter_widgets(self.form)
        self.form.fields["start"].widget.input_type = "date"
        self.form.fields["end"].widget.input_type = "date"
        # NullBooleanSelect's empty choice reads "未知", which looks like a value to filter on
        self.form.fields["success"].widget.choices = [
            ("unknown", "全部"),
            ("true", "成功"),
            ("false", "失败"),
        ]
