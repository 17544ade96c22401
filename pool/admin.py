from django.contrib import admin

from pool.models import Cadre, CareerEntry, PoolAgeCeiling, RoleGrant, Unit, YoungThreshold
from pool.people.forms import CadreAdminForm


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "level", "kind", "sector", "position", "is_active"]
    list_filter = ["level", "kind", "sector", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]


class CareerEntryInline(admin.TabularInline):
    model = CareerEntry
    extra = 0


@admin.register(Cadre)
class CadreAdmin(admin.ModelAdmin):
    form = CadreAdminForm
    list_display = [
        "name",
        "gender",
        "birth_month",
        "id_masked",
        "unit",
        "current_position",
        "rank",
    ]
    list_filter = ["gender", "category", "rank", "unit__level"]
    search_fields = ["name", "current_position"]
    raw_id_fields = ["unit"]
    list_select_related = ["unit"]
    readonly_fields = ["id_masked"]
    inlines = [CareerEntryInline]


@admin.register(YoungThreshold)
class YoungThresholdAdmin(admin.ModelAdmin):
    list_display = ["layer", "max_age", "note"]


@admin.register(PoolAgeCeiling)
class PoolAgeCeilingAdmin(admin.ModelAdmin):
    list_display = ["rank", "max_age", "note"]


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "sector"]
    list_filter = ["role"]
    raw_id_fields = ["unit"]
    list_select_related = ["user", "unit"]
