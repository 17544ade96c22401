"""Data maintenance for superusers: the training rules row. Classes, enrolments,
postings, mentoring and plans are written through ``training.services`` (checks,
the young share, audit), so the admin lists them read-only."""

from django.contrib import admin

from training.models import (
    DevelopmentPlan,
    Enrollment,
    Mentorship,
    Posting,
    TrainingClass,
    TrainingRules,
)


@admin.register(TrainingRules)
class TrainingRulesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "political_years", "coverage_years", "yearly_hours"]

    def has_add_permission(self, request):
        return False  # one row, seeded by a migration

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrainingClass)
class TrainingClassAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "kind", "is_main_class", "start_date", "end_date", "hours"]
    list_filter = ["kind", "is_main_class", "political"]


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ["training_class", "cadre", "hours", "result"]
    list_select_related = ["training_class", "cadre"]


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    list_display = ["cadre", "kind", "host_name", "start_date", "end_date", "full_time"]
    list_select_related = ["cadre"]


@admin.register(Mentorship)
class MentorshipAdmin(ReadOnlyAdmin):
    list_display = ["mentor", "mentee", "start_date", "end_date"]
    list_select_related = ["mentor", "mentee"]


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(ReadOnlyAdmin):
    list_display = ["cadre", "year", "reviewed_on"]
    list_select_related = ["cadre"]
