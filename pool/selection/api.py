"""选's API beside the pages, over the same services and selectors: the ranking
(积分排序, filtered like the pool page) and inspections (列为考察对象: list, start,
withdraw). Everything is scoped to the user's jurisdiction (another county's objects
answer 404); bad input answers 400 with Chinese messages naming the field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnDict

from pool.accounts.access import POOL_KEEPERS, POOL_READERS, HasRole
from pool.models import Inspection, InspectionStatus, ScoringItem, UnitKind
from pool.people import selectors
from pool.selection import inspections, member_filters, scoring
from pool.selection import selectors as selection_selectors
from pool.selection.filters import PoolMemberFilter
from pool.web.params import whole_number
from pool.web.schema import ApiSchema

# --- Chinese messages naming the field -------------------------------------------------


class LabelledErrors:
    """Serializer mixin: each error message starts with its field's label
    (``考察有效期至：该字段是必填项。``)."""

    @property
    def errors(self):
        errors = super().errors
        return ReturnDict(
            {name: labelled(self.fields, name, messages) for name, messages in errors.items()},
            serializer=self,
        )


def labelled(fields, name: str, messages) -> list[str]:
    field = fields.get(name)
    label = getattr(field, "label", None) if field is not None else None
    if not isinstance(messages, list):
        messages = [messages]
    return [f"{label}：{m}" if label else str(m) for m in messages]


def service_error(error: ValidationError, fields) -> ApiValidationError:
    """A service's ValidationError as a 400, messages labelled like the serializer's."""
    if hasattr(error, "error_dict"):
        return ApiValidationError(
            {name: labelled(fields, name, msgs) for name, msgs in error.message_dict.items()}
        )
    return ApiValidationError({"non_field_errors": error.messages})


# --- ranking -----------------------------------------------------------------------------


class ScoringItemSerializer(serializers.ModelSerializer):
    group_display = serializers.CharField(source="get_group_display", read_only=True)
    weight = serializers.FloatField(read_only=True)
    computed = serializers.SerializerMethodField(help_text="系统计算（否则为组织部门人工评分）")

    class Meta:
        model = ScoringItem
        fields = ["code", "label", "group", "group_display", "weight", "computed"]
        read_only_fields = fields

    def get_computed(self, item) -> bool:
        return scoring.is_computed(item.code)


class RankRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="并列同分同名次")
    cadre = serializers.IntegerField(source="membership.cadre_id")
    name = serializers.CharField(source="cadre.name")
    gender = serializers.CharField(source="cadre.gender")
    birth_month = serializers.DateField(source="cadre.birth_month")
    unit = serializers.IntegerField(source="cadre.unit_id")
    unit_name = serializers.CharField(source="cadre.unit.name")
    current_position = serializers.CharField(source="cadre.current_position")
    tier = serializers.CharField(source="membership.tier")
    tier_display = serializers.CharField(source="membership.get_tier_display")
    status = serializers.CharField(source="membership.status")
    status_display = serializers.CharField(source="membership.get_status_display")
    scores = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="项目代码 -> 得分（0-100，未评为空）",
    )
    total = serializers.FloatField(help_text="按权重计算的总分")


class RankingPageSerializer(serializers.Serializer):
    scheme = serializers.CharField(allow_null=True, help_text="正在使用的积分排序方案")
    items = ScoringItemSerializer(many=True)
    averages = serializers.DictField(child=serializers.FloatField(), help_text="库内平均分")
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RankRowSerializer(many=True)


class RankingPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000


def _member_filter(request, today) -> PoolMemberFilter:
    units = selectors.units_for(request.user).exclude(kind=UnitKind.INTERNAL_BODY)
    sectors = sorted(set(units.exclude(sector="").values_list("sector", flat=True)))
    base = selection_selectors.pool_members_for(request.user, status="all")
    return PoolMemberFilter(request.query_params, queryset=base, today=today, sectors=sectors)


class PoolFilterSchema(ApiSchema):
    """The pool page's filters as query parameters, read when the schema is generated
    (filters registered by later stages included, with their current choices)."""

    def get_override_parameters(self):
        form = PoolMemberFilter(today=timezone.localdate()).form
        registered = {f.name: f for f in member_filters.registered()}
        params = []
        for name, field in form.fields.items():
            if name in registered:  # their labels come from the database: values only
                extra = registered[name]
                params.append(
                    OpenApiParameter(name, OpenApiTypes.STR, description=extra.label,
                                     enum=list(extra.values) or None)
                )  # fmt: skip
                continue
            choices = [v for v, _ in getattr(field, "choices", []) if v != ""]
            numeric = isinstance(field, forms.DecimalField | forms.IntegerField)
            kind = OpenApiTypes.INT if numeric else OpenApiTypes.STR
            description = str(field.label)
            if choices and name != "sector":
                labels = "；".join(f"{v}={label}" for v, label in field.choices if v != "")
                description = f"{description}（{labels}）"
            params.append(
                OpenApiParameter(
                    name, kind, description=description, enum=choices if name != "sector" else None
                )
            )
        params += [
            OpenApiParameter("page", OpenApiTypes.INT, description="页码"),
            OpenApiParameter(
                "page_size", OpenApiTypes.INT, description="每页条数（默认50，最多1000）"
            ),
        ]
        return [*super().get_override_parameters(), *params]


class PoolRankingView(GenericAPIView):
    """积分排序：在库人员按积分方案各项得分和总分排序（限本人管辖范围；筛选条件同年轻干部库页面）"""

    permission_classes = [HasRole.for_(POOL_READERS)]
    serializer_class = RankRowSerializer
    pagination_class = RankingPagination
    filter_backends: list = []  # the pool page's filter set, applied in get()
    schema = PoolFilterSchema()

    @extend_schema(responses=RankingPageSerializer)
    def get(self, request):
        today = timezone.localdate()
        members_filter = _member_filter(request, today)
        if not members_filter.is_valid():
            fields = members_filter.form.fields
            raise ApiValidationError(
                {n: labelled(fields, n, m) for n, m in members_filter.form.errors.items()}
            )
        scheme = scoring.active_scheme()
        items = scoring.scheme_items(scheme)
        rows = scoring.rank_members(members_filter.qs, items, today)
        page = self.paginate_queryset(rows)
        response = self.get_paginated_response(RankRowSerializer(page, many=True).data)
        response.data = {
            "scheme": scheme.name if scheme else None,
            "items": ScoringItemSerializer(items, many=True).data,
            "averages": scoring.averages(rows, items),
            **response.data,
        }
        return response


# --- inspections -------------------------------------------------------------------------


class InspectionSerializer(serializers.ModelSerializer):
    cadre = serializers.IntegerField(source="membership.cadre_id", read_only=True)
    cadre_name = serializers.CharField(source="membership.cadre.name", read_only=True)
    unit_name = serializers.CharField(source="membership.cadre.unit.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id", "cadre", "cadre_name", "unit_name", "membership", "proposed_post",
            "started_on", "expires_on", "status", "status_display", "ended_on", "end_reason",
            "note", "created_by_name",
        ]  # fmt: skip
        read_only_fields = fields

    def get_created_by_name(self, inspection) -> str:
        user = inspection.created_by
        return (user.first_name or user.username) if user else ""


class InspectionCreateSerializer(LabelledErrors, serializers.Serializer):
    cadre = serializers.IntegerField(label="干部", help_text="干部ID（须为在库人员）")
    proposed_post = serializers.CharField(label="拟任职务", max_length=200)
    expires_on = serializers.DateField(label="考察有效期至")
    on = serializers.DateField(label="列为考察对象日期", required=False, help_text="默认今天")
    note = serializers.CharField(label="说明", max_length=500, required=False, allow_blank=True)


class InspectionWithdrawSerializer(LabelledErrors, serializers.Serializer):
    reason = serializers.CharField(label="撤回原因", max_length=500)
    on = serializers.DateField(label="撤回日期", required=False, help_text="默认今天")


INSPECTION_PARAMETERS = [
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        enum=[*InspectionStatus.values, "all"],
        description="状态（默认 active 考察中；all 为全部）",
    ),
    OpenApiParameter(
        "within", OpenApiTypes.INT, description="考察中且有效期在今后N天内届满（按到期先后）"
    ),
]


class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """考察对象（干部科；限本人管辖范围）：列表、列为考察对象、撤回考察"""

    serializer_class = InspectionSerializer
    permission_classes = [HasRole.for_(POOL_KEEPERS)]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular: no user
            return Inspection.objects.none()
        rows = selection_selectors.inspections_for(self.request.user)
        if self.action != "list":
            return rows
        params = self.request.query_params
        within = params.get("within", "")
        if within:
            days = whole_number(within, 0, 366)
            if days is None:
                raise ApiValidationError({"within": ["届满天数：应为0到366之间的整数"]})
            return selection_selectors.expiring_inspections(rows, timezone.localdate(), days)
        status_ = params.get("status", InspectionStatus.ACTIVE)
        if status_ == "all":
            return rows.order_by("-started_on", "-id")
        if status_ not in InspectionStatus.values:
            raise ApiValidationError({"status": [f"状态：无效的取值“{status_}”"]})
        return rows.filter(status=status_).order_by("expires_on", "id")

    @extend_schema(parameters=INSPECTION_PARAMETERS)
    def list(self, request, *args, **kwargs):
        """考察对象列表（默认考察中，按有效期先后）"""
        return super().list(request, *args, **kwargs)

    @extend_schema(request=InspectionCreateSerializer, responses={201: InspectionSerializer})
    def create(self, request, *args, **kwargs):
        """列为考察对象：在库人员按拟任职务列为考察对象，至有效期届满"""
        form = InspectionCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        cadre = get_object_or_404(selectors.cadres_for(request.user), pk=data["cadre"])
        membership = cadre.pool_memberships.filter(exited_on__isnull=True).first()
        if membership is None:
            raise ApiValidationError(
                {"cadre": [f"干部：{cadre.name}当前不在年轻干部库中，不能列为考察对象"]}
            )
        try:
            inspection = inspections.start_inspection(
                request.user,
                membership,
                proposed_post=data["proposed_post"],
                expires_on=data["expires_on"],
                on=data.get("on"),
                note=data.get("note", ""),
            )
        except ValidationError as error:
            raise service_error(error, form.fields) from None
        inspection = selection_selectors.inspections_for(request.user).get(pk=inspection.pk)
        return Response(InspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InspectionWithdrawSerializer, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """撤回考察：回到年轻干部库（须填写原因）"""
        inspection = self.get_object()
        form = InspectionWithdrawSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            inspections.withdraw_inspection(
                request.user,
                inspection,
                form.validated_data["reason"],
                form.validated_data.get("on"),
            )
        except ValidationError as error:
            raise service_error(error, form.fields) from None
        inspection = selection_selectors.inspections_for(request.user).get(pk=inspection.pk)
        return Response(InspectionSerializer(inspection).data)
