from django.urls import path

from staffing import (
    appointment_views,
    document_views,
    motion_views,
    rule_views,
    scenario_views,
    target_views,
    tenure_views,
    views,
)

app_name = "staffing"

urlpatterns = [
    path("warnings/", views.ledger, name="ledger"),
    path("warnings/recalc/", views.recalc, name="recalc"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/appoint/", appointment_views.appoint, name="appoint"),
    path("appointments/<int:pk>/end/", appointment_views.end, name="end"),
    path("teams/<int:pk>/simulate/", scenario_views.simulate, name="simulate"),
    path("teams/<int:pk>/fit/", appointment_views.fit, name="fit"),
    path("fit/rules/", rule_views.eligibility_rules, name="eligibility_rules"),
    path(
        "fit/rules/<int:pk>/edit/", rule_views.eligibility_rule_edit, name="eligibility_rule_edit"
    ),
    path("checks/", appointment_views.second_checks, name="second_checks"),
    path("checks/<int:pk>/sign/", appointment_views.second_check_sign, name="second_check_sign"),
    path("checks/<int:pk>/", motion_views.motion_detail, name="motion_detail"),
    path("checks/<int:pk>/file/", motion_views.motion_file, name="motion_file"),
    path("teams/<int:pk>/motion/", motion_views.motion_new, name="motion_new"),
    path("documents/", document_views.document_list, name="documents"),
    path("documents/<int:pk>/", document_views.document_detail, name="document_detail"),
    path("documents/<int:pk>/review/", document_views.document_review, name="document_review"),
    path("tenure/", tenure_views.tenure, name="tenure"),
    path("teams/<int:pk>/publicity/", tenure_views.publicity_create, name="publicity_create"),
    path(
        "publicity/<int:pk>/feedback/", tenure_views.publicity_feedback, name="publicity_feedback"
    ),
    path("holidays/", tenure_views.holidays, name="holidays"),
    path("holidays/<int:pk>/delete/", tenure_views.holiday_delete, name="holiday_delete"),
    path("targets/", target_views.targets, name="targets"),
    path("targets/<int:pk>/edit/", target_views.target_edit, name="target_edit"),
    path("scenarios/", scenario_views.scenario_list, name="scenarios"),
    path("scenarios/new/", scenario_views.scenario_create, name="scenario_create"),
    path("scenarios/compare/", scenario_views.scenario_compare, name="scenario_compare"),
    path("scenarios/<int:pk>/", scenario_views.scenario_detail, name="scenario_detail"),
    path("scenarios/<int:pk>/edit/", scenario_views.scenario_edit, name="scenario_edit"),
    path("scenarios/<int:pk>/delete/", scenario_views.scenario_delete, name="scenario_delete"),
    path("scenarios/<int:pk>/moves/", scenario_views.move_add, name="scenario_move_add"),
    path(
        "scenarios/moves/<int:pk>/delete/", scenario_views.move_delete, name="scenario_move_delete"
    ),
    path("scenarios/<int:pk>/propose/", scenario_views.scenario_propose, name="scenario_propose"),
    path("proposals/", scenario_views.proposals, name="proposals"),
    path("proposals/<int:pk>/", scenario_views.proposal_carry_out, name="proposal_carry_out"),
    path(
        "proposals/<int:pk>/withdraw/", scenario_views.proposal_withdraw, name="proposal_withdraw"
    ),
]
