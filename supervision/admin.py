"""Data maintenance for superusers: the editable 谈话频次. Talks, opinions, concerns
and assessments are written through ``supervision.services`` (checks, veto, audit),
so the admin lists them read-only."""

from django.contrib import admin

from supervision.models import Assessment, Concern, IntegrityOpinion, Talk, TalkRule


@admin.register(TalkRule)
class TalkRuleAdmin(admin.ModelAdmin):
    list_display = ["talker_role", "period_months", "note"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Talk)
class TalkAdmin(ReadOnlyAdmin):
    list_display = ["date", "talker_name", "talker_role", "kind"]
    list_filter = ["talker_role", "kind"]


@admin.register(IntegrityOpinion)
class IntegrityOpinionAdmin(ReadOnlyAdmin):
    list_display = ["request", "cadre", "conclusion", "answered_at"]
    list_select_related = ["request", "cadre"]


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin):
    list_display = ["cadre", "source", "handling", "received_on"]
    list_select_related = ["cadre"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["cadre", "year", "kind", "quarter", "grade"]
    list_select_related = ["cadre"]
