from django.db.models import Prefetch
from rest_framework import viewsets

from pool import selectors
from pool.access import CADRE_READERS, HasRole
from pool.filters import CadreFilter, UnitFilter
from pool.models import CareerEntry
from pool.serializers import CadreDetailSerializer, CadreListSerializer, UnitSerializer


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """单位（限本人管辖范围）"""

    serializer_class = UnitSerializer
    permission_classes = [HasRole.for_(CADRE_READERS)]
    filterset_class = UnitFilter

    def get_queryset(self):
        return selectors.units_for(self.request.user).order_by("position", "id")


class CadreViewSet(viewsets.ReadOnlyModelViewSet):
    """干部（限本人管辖范围；身份证号仅返回脱敏形式）"""

    filterset_class = CadreFilter
    permission_classes = [HasRole.for_(CADRE_READERS)]

    def get_serializer_class(self):
        return CadreDetailSerializer if self.action == "retrieve" else CadreListSerializer

    def get_queryset(self):
        queryset = selectors.cadres_for(self.request.user).order_by("unit_id", "id")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("career", queryset=CareerEntry.objects.order_by("start_month"))
            )
        return queryset
