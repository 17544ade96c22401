"""The dashboard's JSON endpoints (the page draws its charts from them; they are part of
the API and its schema)."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from pool.accounts.access import HasRole

from . import panels  # noqa: F401  (registers the panels)
from .dates import DateError, parse_ref
from .registry import DASHBOARD_READERS, Context, as_json, get_panel, panels_for

DATE_PARAMETER = OpenApiParameter(
    "date", OpenApiTypes.DATE, description="统计日期（默认今天），如 2026-06-30"
)


class ColumnSerializer(serializers.Serializer):
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["text", "int", "percent"])


class ChartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["bar", "stack", "pie", "pyramid", "line", "funnel", "kpi"]
    )
    categories = serializers.ListField(child=serializers.CharField())
    series = serializers.ListField(child=serializers.DictField(), help_text="name, data[, color]")
    links = serializers.ListField(
        child=serializers.CharField(allow_null=True), help_text="每个类别的下钻链接"
    )
    percent = serializers.BooleanField()


class PanelSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    subtitle = serializers.CharField()
    date = serializers.DateField()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.ListField())
    row_links = serializers.ListField(child=serializers.CharField(allow_null=True))
    chart = ChartSerializer()
    note = serializers.CharField()
    export_url = serializers.CharField()


class PanelIndexSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()


def _context(request) -> Context:
    try:
        ref = parse_ref(request.query_params.get("date"), timezone.localdate())
    except DateError as error:
        raise ValidationError({"date": [str(error)]}) from None
    return Context(request.user, ref)


class DashboardIndexView(APIView):
    """领导驾驶舱的统计图列表（限领导、组织部干部科）"""

    permission_classes = [HasRole.for_(DASHBOARD_READERS)]

    @extend_schema(responses=PanelIndexSerializer(many=True), operation_id="dashboard_panels")
    def get(self, request):
        return Response(
            [
                {
                    "key": p.key,
                    "title": p.title,
                    "url": request.build_absolute_uri(f"{request.path}{p.key}/"),
                }
                for p in panels_for(request.user)
            ]
        )


class DashboardPanelView(APIView):
    """一张统计图的数据：图表、表格（含下钻链接）和导出地址，按本人管辖范围和统计日期计算"""

    permission_classes = [HasRole.for_(DASHBOARD_READERS)]

    @extend_schema(
        parameters=[DATE_PARAMETER], responses=PanelSerializer, operation_id="dashboard_panel"
    )
    def get(self, request, key: str):
        panel = get_panel(key, request.user)
        if panel is None:
            raise Http404("没有这个统计图")
        ctx = _context(request)
        return Response(as_json(panel, panel.build(ctx), ctx))
