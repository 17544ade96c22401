from rest_framework import serializers

from pool.models import Cadre, CareerEntry, PoolMembership, Tier, Unit


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


class PoolMembershipSerializer(serializers.ModelSerializer):
    """A pool stay: who, which tier, since when. No veto or exit reasons."""

    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)
    tier_display = serializers.CharField(source="get_tier_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = PoolMembership
        fields = [
            "id", "cadre", "cadre_name", "unit_name", "tier", "tier_display", "status",
            "status_display", "entered_on", "exited_on", "round",
        ]  # fmt: skip


class AdmitSerializer(serializers.Serializer):
    """入库 of someone recommended in a round (the current round when omitted)."""

    cadre = serializers.IntegerField(label="干部ID")
    tier = serializers.ChoiceField(label="梯次", choices=Tier.choices)
    round = serializers.IntegerField(label="推荐批次ID", required=False)
