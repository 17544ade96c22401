from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from pool import audit
from pool.accounts import tokens
from pool.accounts.access import CADRE_READERS, ID_REVEALERS, POOL_KEEPERS, POOL_READERS, HasRole
from pool.accounts.sessions import needs_second_factor, policy_block
from pool.imports import engine, readers, runs
from pool.models import (
    ApiToken,
    AuditAction,
    CadreCategory,
    CareerEntry,
    ImportRun,
    ImportStatus,
    PoolStatus,
    Tier,
)
from pool.people import selectors
from pool.people import services as people_services
from pool.people.filters import CadreFilter, UnitFilter
from pool.people.serializers import (
    AdmitSerializer,
    CadreDetailSerializer,
    CadreListSerializer,
    PoolMembershipSerializer,
    UnitSerializer,
)
from pool.selection import selectors as selection_selectors
from pool.selection import services
from pool.web.paging import BoundedPagination
from pool.web.schema import ERROR, VALIDATION


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """单位（限本人管辖范围）"""

    serializer_class = UnitSerializer
    permission_classes = [HasRole.for_(CADRE_READERS)]
    filterset_class = UnitFilter

    def get_queryset(self):
        return selectors.units_for(self.request.user).order_by("position", "id")


class RevealRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, help_text="查看事由（至少2个字）")


class RevealResponseSerializer(serializers.Serializer):
    id_number = serializers.CharField(help_text="身份证号明文")


class CadreViewSet(viewsets.ReadOnlyModelViewSet):
    """干部（限本人管辖范围；身份证号仅返回脱敏形式）"""

    filterset_class = CadreFilter
    permission_classes = [HasRole.for_(CADRE_READERS)]
    pagination_class = BoundedPagination  # no COUNT(*) over a province on every page

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        people_services.open_cadre_record(request.user, self.get_object())
        return response

    @extend_schema(request=RevealRequestSerializer, responses=RevealResponseSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="reveal-id",
        permission_classes=[HasRole.for_(ID_REVEALERS)],
    )
    def reveal_id(self, request, pk=None):
        """显示身份证号明文（须填写事由，记入审计日志）"""
        cadre = self.get_object()
        form = RevealRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            clear = people_services.reveal_id_number(
                request.user, cadre, form.validated_data["reason"]
            )
        except ValidationError as error:
            raise ApiValidationError(error.message_dict) from None
        return Response({"id_number": clear})

    def get_serializer_class(self):
        return CadreDetailSerializer if self.action == "retrieve" else CadreListSerializer

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.request.query_params.get("sort"):
            # (unit, id): an index scan that stops after the page, at a province's size
            queryset = queryset.order_by("unit_id", "id")
        return queryset

    def get_queryset(self):
        queryset = selectors.cadres_for(self.request.user).order_by("unit_id", "id")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("career", queryset=CareerEntry.objects.order_by("start_month"))
            )
        return queryset


class PoolMemberViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """年轻干部库（限本人管辖范围；可按 tier、status 筛选）"""

    serializer_class = PoolMembershipSerializer
    permission_classes = [HasRole.for_(POOL_READERS)]

    def get_queryset(self):
        params = self.request.query_params
        tier = params.get("tier", "")
        status_ = params.get("status", "")
        return selection_selectors.pool_members_for(
            self.request.user,
            tier=tier if tier in Tier.values else "",
            status=status_ if status_ in PoolStatus.values else "",
        )

    @extend_schema(request=AdmitSerializer, responses={201: PoolMembershipSerializer})
    @action(detail=False, methods=["post"], permission_classes=[HasRole.for_(POOL_KEEPERS)])
    def admit(self, request):
        """入库：推荐人选按梯次进入年轻干部库（存在一票否决情形的不能入库）"""
        serializer = AdmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cadre = get_object_or_404(selectors.cadres_for(request.user), pk=data["cadre"])
        round_ = selection_selectors.round_or_current(data.get("round"))
        if round_ is None:
            raise ApiValidationError({"round": ["没有推荐批次"]})
        try:
            membership = services.accept_candidate(request.user, round_, cadre, data["tier"])
        except ValidationError as error:
            raise ApiValidationError({"detail": error.messages}) from None
        return Response(PoolMembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


class ImportRunSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    errors = serializers.JSONField(read_only=True, help_text="[{sheet, row, column, message}]")
    sheets = serializers.JSONField(
        read_only=True, help_text="读取的工作表 [{sheet, header_row, rows}]"
    )
    skipped = serializers.JSONField(
        read_only=True,
        help_text="跳过的工作表和行 {sheets: [{sheet, reason}], rows: [{sheet, row, reason}]}",
    )

    class Meta:
        model = ImportRun
        fields = [
            "id", "kind", "source", "file_name", "sha256", "size", "status", "status_display",
            "skip_invalid", "message", "header_row", "created_at", "committed_at",
            "rows_total", "rows_done", "valid", "invalid", "created", "updated", "unchanged",
            "errors", "options", "sheets", "skipped",
        ]  # fmt: skip
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[], help_text="导入类型，如 units、roster")
    file = serializers.FileField(help_text=".xlsx、.xls、.ods 或 .csv；lrmx：.lrmx 或 .zip")
    skip_invalid = serializers.BooleanField(default=False, help_text="跳过错误行，只导入无误的行")
    confirm = serializers.BooleanField(default=False, help_text="预检后直接导入（否则只预检）")
    unit = serializers.IntegerField(
        required=False, help_text="LRMX导入：新增干部的所在单位 id（须在管辖范围内）"
    )
    category = serializers.ChoiceField(
        choices=CadreCategory.choices,
        required=False,
        help_text="LRMX和干部名册导入：新增干部未填干部类别时的类别",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, kind.title) for k, kind in engine.kinds().items()]

    def validate_file(self, upload):
        if upload.size > readers.max_bytes():
            limit = readers.max_bytes() // 1048576
            raise serializers.ValidationError(f"文件过大，单个文件不能超过 {limit} MB")
        return upload


class ImportRunViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """批量导入（干部科）：上传文件预检，可选直接导入；大文件在后台处理，按 id 查询状态"""

    serializer_class = ImportRunSerializer
    permission_classes = [HasRole.for_(runs.IMPORTERS)]
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular: no user
            return ImportRun.objects.none()
        return runs.runs_for(self.request.user).order_by("-created_at", "-id")

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportRunSerializer, 202: ImportRunSerializer},
    )
    def create(self, request, *args, **kwargs):
        """上传并预检；confirm=true 时预检后直接导入（全部成功才写入）。
        大文件返回 202（status 为 queued/running），之后用 GET 查询。"""
        form = ImportUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        run = runs.preview_upload(
            request.user,
            data["kind"],
            data["file"],
            skip_invalid=data["skip_invalid"],
            confirm_after=data["confirm"],
            options={"unit": data.get("unit"), "category": data.get("category")},
        )
        if data["confirm"] and run.status == ImportStatus.PREVIEWED:
            run = runs.confirm(run, request.user)
        code = status.HTTP_202_ACCEPTED if run.status in runs.WORKING else status.HTTP_201_CREATED
        return Response(ImportRunSerializer(run).data, status=code)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    otp_token = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        help_text="动态验证码（干部科与三员账号必填）",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="请求头 Authorization: Token <token>")
    expiry = serializers.DateTimeField(help_text="到期时间；每次使用顺延8小时，最长24小时")


class TokenRevokeSerializer(serializers.Serializer):
    all = serializers.BooleanField(default=False, help_text="撤销本人的全部API令牌")


def _refused(message: str, code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"detail": message}, status=code)


class ObtainTokenView(APIView):
    """申请API令牌：用户名、密码（及动态验证码）；与网页登录同样的锁定、双因素和改密要求。
    令牌8小时未使用即失效，最长24小时；改密、重置密码、变更角色或停用账号时全部作废。"""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: VALIDATION,
            403: ERROR,
            429: ERROR,
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        # authenticate() runs with the DRF request: axes marks that object.
        user = authenticate(request=request, username=data["username"], password=data["password"])
        if user is None:
            if getattr(request, "axes_locked_out", False):
                return _refused("登录失败次数过多，账号已锁定30分钟", 429)
            return _refused("用户名或密码不正确")
        if needs_second_factor(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            code = data.get("otp_token", "")
            # An empty code is not an attempt: verifying it would start the throttle.
            if device is None or not code:
                return _refused("须提供有效的双因素验证码（otp_token）")
            if not device.verify_token(code):
                audit.record(
                    user, AuditAction.LOGIN_FAILED, success=False, detail="双因素验证码错误（API）"
                )
                return _refused("须提供有效的双因素验证码（otp_token）")
        block = policy_block(user, verified=True)
        if block is not None:
            return _refused(block.message, status.HTTP_403_FORBIDDEN)
        token, key = tokens.issue(user)
        return Response(TokenSerializer({"token": key, "expiry": token.expiry}).data)


class RevokeTokenView(APIView):
    """撤销API令牌：默认撤销本次请求所用的令牌；all=true 撤销本人的全部令牌。"""

    @extend_schema(
        request=TokenRevokeSerializer,
        responses={
            204: None,
            400: VALIDATION,
            401: ERROR,
            403: ERROR,
        },
    )
    def post(self, request, *args, **kwargs):
        form = TokenRevokeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with transaction.atomic():
            if form.validated_data["all"]:
                tokens.revoke_all(request.user, request.user, "本人撤销")
            elif isinstance(request.auth, ApiToken):
                tokens.revoke(request.user, request.auth)
            else:
                return _refused("本次请求未使用API令牌；撤销全部令牌请传 all=true")
        return Response(status=status.HTTP_204_NO_CONTENT)
