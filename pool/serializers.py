from rest_framework import serializers

from pool.models import Cadre, CareerEntry, Unit


class UnitSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id", "name", "parent", "level", "level_display", "kind", "kind_display",
            "sector", "position", "is_active",
        ]  # fmt: skip


class CareerEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = CareerEntry
        fields = ["start_month", "end_month", "description"]


class CadreListSerializer(serializers.ModelSerializer):
    """Never a clear ID number: only the masked form."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Cadre
        fields = [
            "id", "name", "gender", "ethnicity", "birth_month", "id_masked", "unit", "unit_name",
            "current_position", "rank", "category", "fulltime_education",
        ]  # fmt: skip


class CadreDetailSerializer(CadreListSerializer):
    career = CareerEntrySerializer(many=True, read_only=True)

    class Meta(CadreListSerializer.Meta):
        fields = [
            *CadreListSerializer.Meta.fields,
            "native_place", "birthplace", "party_join_month", "work_start_month", "health",
            "fulltime_degree", "fulltime_school_major", "inservice_education",
            "inservice_degree", "inservice_school_major", "career",
        ]  # fmt: skip
