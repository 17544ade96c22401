"""Data maintenance for superusers. Appointments are entered through
``staffing.services`` (quota checks, audit), so the admin shows them read-only."""

from django.contrib import admin

from staffing.models import (
    Appointment,
    LeadershipTeam,
    Post,
    StaffingTarget,
    WarningPolicy,
    WarningRecord,
)


class PostInline(admin.TabularInline):
    model = Post
    extra = 0


@admin.register(LeadershipTeam)
class LeadershipTeamAdmin(admin.ModelAdmin):
    list_display = ["unit", "note"]
    search_fields = ["unit__name"]
    raw_id_fields = ["unit"]
    list_select_related = ["unit"]
    inlines = [PostInline]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["cadre", "post", "start_date", "end_date", "document_number"]
    search_fields = ["cadre__name", "post__title", "document_number"]
    list_select_related = ["cadre", "post"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StaffingTarget)
class StaffingTargetAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "numerator", "denominator", "deadline", "layers"]


@admin.register(WarningPolicy)
class WarningPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]

    def has_add_permission(self, request):
        return not WarningPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WarningRecord)
class WarningRecordAdmin(admin.ModelAdmin):
    list_display = ["team", "quarter", "level", "required", "actual", "gap"]
    list_filter = ["quarter", "level"]
    list_select_related = ["team__unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
