"""Data maintenance for superusers: the editable 谈话频次 and 廉政意见有效期. Talks,
opinions, concerns, assessments and the other records are written through
``supervision.services`` (checks, veto, audit), so the admin lists them read-only."""

from django.contrib import admin

from supervision.models import (
    Assessment,
    Concern,
    IntegrityOpinion,
    IntegrityPolicy,
    KeyTaskPerformance,
    PersonalMattersReport,
    PoliticalFileEntry,
    Talk,
    TalkerLink,
    TalkRule,
)


@admin.register(TalkRule)
class TalkRuleAdmin(admin.ModelAdmin):
    list_display = ["talker_role", "period", "times", "within_days", "note"]


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


@admin.register(IntegrityPolicy)
class IntegrityPolicyAdmin(admin.ModelAdmin):
    """The validity of a 无问题 opinion for promotion (one row, editable)."""

    list_display = ["valid_months"]

    def has_add_permission(self, request):
        return not IntegrityPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TalkerLink)
class TalkerLinkAdmin(ReadOnlyAdmin):
    list_display = ["talker_name", "talker_role", "unit", "sector", "started_on", "ended_on"]
    list_select_related = ["unit"]


@admin.register(PoliticalFileEntry)
class PoliticalFileEntryAdmin(ReadOnlyAdmin):
    list_display = ["cadre", "source", "date", "evaluator"]
    list_select_related = ["cadre"]


@admin.register(KeyTaskPerformance)
class KeyTaskPerformanceAdmin(ReadOnlyAdmin):
    list_display = ["cadre", "category", "task_name", "rating"]
    list_select_related = ["cadre"]


@admin.register(PersonalMattersReport)
class PersonalMattersReportAdmin(ReadOnlyAdmin):
    list_display = ["cadre", "year", "filing", "returned_on", "finding"]
    list_select_related = ["cadre"]
