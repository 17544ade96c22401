# Over 400 lines: the URL walk must list every URL in one table.
"""Every URL the project has, for every role: who gets in, who is refused (403),
and that objects outside a user's jurisdiction answer 404 (no ID swapping).

A URL added without a row in RULES fails ``test_every_url_has_a_permission_rule``.
"""

import datetime as dt
import shutil
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pool.imports import runs
from pool.models import (
    AuditEntry,
    CadrePhoto,
    CorrectionRequest,
    FamilyMember,
    ListKind,
    NewPersonRequest,
    RecommendationRound,
    Role,
    RoleGrant,
    SavedSearch,
    ScoringScheme,
    TransferRequest,
)
from staffing import services
from staffing.models import (
    AppointmentDocument,
    EligibilityRule,
    Holiday,
    MoveKind,
    Publicity,
    SecondSignOff,
    StaffingTarget,
)
from supervision.models import TalkRule
from tests.factories import (
    AppointmentFactory,
    CadreFactory,
    DevelopmentPlanFactory,
    EnrollmentFactory,
    InspectionFactory,
    IntegrityOpinionFactory,
    IntegrityRequestFactory,
    LeadershipTeamFactory,
    MentorshipFactory,
    PersonalReportFactory,
    PlanStepFactory,
    PoolMembershipFactory,
    PostFactory,
    PostingFactory,
    RecommendationFactory,
    RecommendationListFactory,
    RoundFactory,
    TalkerLinkFactory,
    TrainingClassFactory,
    VetoFactory,
    make_id_number,
    make_voting_round,
)
from tests.pool import import_files
from tests.profile import images
from training.models import TrainingRules

ALL_ROLES = frozenset(Role)
READERS = frozenset({Role.STAFF, Role.LEADER, Role.UNIT_COMMITTEE, Role.SECTOR_DEPT})
STAFF = frozenset({Role.STAFF})
AUDITOR = frozenset({Role.AUDIT_ADMIN})
SYS_ADMIN = frozenset({Role.SYS_ADMIN})
SECURITY_ADMIN = frozenset({Role.SECURITY_ADMIN})
ACCOUNT_ADMINS = SYS_ADMIN | SECURITY_ADMIN
LEDGER_READERS = frozenset({Role.STAFF, Role.LEADER})
LIST_WRITERS = frozenset({Role.STAFF, Role.UNIT_COMMITTEE, Role.SECTOR_DEPT})
POOL_READERS = frozenset({Role.STAFF, Role.LEADER})
LIAISON = frozenset({Role.DISCIPLINE_LIAISON})
CADRE = frozenset({Role.CADRE})
PERSONA_ROLES = {
    "staff": Role.STAFF,
    "unit_committee": Role.UNIT_COMMITTEE,
    "sector_dept": Role.SECTOR_DEPT,
    "leader": Role.LEADER,
    "discipline_liaison": Role.DISCIPLINE_LIAISON,
    "sys_admin": Role.SYS_ADMIN,
    "security_admin": Role.SECURITY_ADMIN,
    "audit_admin": Role.AUDIT_ADMIN,
    "cadre_self": Role.CADRE,
}
PERSONAS = list(PERSONA_ROLES)


@dataclass(frozen=True)
class Rule:
    roles: frozenset  # roles that may use it; others get 403
    # "cadre", "unit", "team", "rlist" (a recommendation list), "recommendation" or "user":
    # the URL takes that object's pk
    obj: str = ""
    method: str = "get"
    data: tuple = ()
    ok: int = 200
    anonymous: int = 302  # what a visitor who is not logged in gets
    public: bool = False  # open to everyone (login page)
    kwargs: tuple = ()  # URL arguments other than an object's pk
    ok_for: tuple = ()  # (role, status) where a role's success is another status


RULES: dict[str, Rule] = {
    # A 干部本人 account's home is its own record (people:me).
    "home": Rule(ALL_ROLES, ok_for=((Role.CADRE, 302),)),
    "login": Rule(ALL_ROLES, public=True, anonymous=200, ok=302),
    "logout": Rule(ALL_ROLES, method="post", ok=302, anonymous=302),
    "pool:cadre_list": Rule(READERS),
    "pool:cadre_detail": Rule(READERS, obj="cadre"),
    "pool:data_quality": Rule(STAFF),
    "pool:reveal_id_number": Rule(STAFF, obj="cadre", method="post", data=(("reason", "核对"),)),
    "pool:audit_log": Rule(AUDITOR),
    "pool:cadre_changes": Rule(STAFF, obj="cadre"),
    "pool:notice_list": Rule(ALL_ROLES),
    "pool:notice_read": Rule(ALL_ROLES, method="post", ok=302),
    "pool:my_list": Rule(LIST_WRITERS),
    "pool:my_list_add": Rule(LIST_WRITERS, method="post", ok=400),
    "pool:my_list_add_new": Rule(LIST_WRITERS, method="post", ok=400),
    "pool:my_list_submit": Rule(LIST_WRITERS, method="post", ok=302),
    "pool:new_person_requests": Rule(STAFF),
    "pool:new_person_request_resolve": Rule(
        STAFF,
        obj="new_person_request",
        method="post",
        data=(("action", "refuse"), ("note", "身份证号有误")),
        ok=302,
    ),
    "pool:list_index": Rule(STAFF),
    "pool:list_unsubmitted": Rule(STAFF),
    "pool:list_remind": Rule(STAFF, method="post", ok=302),
    "pool:transfer_requests": Rule(frozenset({Role.UNIT_COMMITTEE})),
    "pool:transfer_queue": Rule(STAFF),
    "pool:transfer_decide": Rule(
        STAFF,
        obj="transfer_request",
        method="post",
        data=(("action", "refuse"), ("note", "不符合条件")),
        ok=302,
    ),
    "pool:round_create": Rule(STAFF, method="post", ok=302),
    "pool:list_review": Rule(STAFF, obj="rlist"),
    "pool:list_action": Rule(
        STAFF, obj="rlist", method="post", data=(("action", "start_review"),), ok=302
    ),
    "pool:list_sheet": Rule(LIST_WRITERS, obj="rlist"),
    "pool:recommendation_edit": Rule(LIST_WRITERS, obj="recommendation"),
    "pool:recommendation_delete": Rule(LIST_WRITERS, obj="recommendation", method="post", ok=302),
    "pool:recommendation_attachment": Rule(LIST_WRITERS, obj="recommendation"),
    "pool:candidates": Rule(STAFF),
    "pool:candidate_accept": Rule(
        STAFF, obj="cadre", method="post", data=(("tier", "mid"),), ok=302
    ),
    "pool:candidates_batch": Rule(STAFF, method="post", data=(("tier", "mid"),), ok=302),
    "pool:pool_list": Rule(POOL_READERS),
    "pool:pool_timeline": Rule(POOL_READERS, obj="cadre"),
    "pool:pool_change_tier": Rule(
        STAFF, obj="cadre", method="post", data=(("tier", "near"),), ok=302
    ),
    "pool:pool_exit": Rule(
        STAFF, obj="cadre", method="post", data=(("reason", "transferred"),), ok=302
    ),
    "pool:veto_record": Rule(
        STAFF, obj="cadre", method="post", data=(("reason", "政治不合格"),), ok=302
    ),
    "pool-list": Rule(POOL_READERS, anonymous=403),
    "pool-admit": Rule(STAFF, method="post", ok=400, anonymous=403),
    "pool-ranking": Rule(POOL_READERS, anonymous=403),
    "pool-inspection-list": Rule(STAFF, anonymous=403),
    "pool-inspection-detail": Rule(STAFF, obj="inspection", anonymous=403),
    "pool-inspection-withdraw": Rule(
        STAFF, obj="inspection", method="post", data=(("reason", "另有人选"),), anonymous=403
    ),
    "pool:import_upload": Rule(STAFF),
    "pool:import_history": Rule(STAFF),
    "pool:import_template": Rule(STAFF, kwargs=(("kind", "roster"),)),
    "pool:import_preview": Rule(STAFF, obj="import_run"),
    "pool:import_error_report": Rule(STAFF, obj="import_run"),
    "pool:import_confirm": Rule(STAFF, obj="import_run", method="post", ok=302),
    "pool:import_progress": Rule(STAFF, obj="import_run"),
    "pool:import_columns": Rule(STAFF, obj="import_run", method="post", ok=302),
    "help:index": Rule(ALL_ROLES),
    "help:chapter": Rule(ALL_ROLES, kwargs=(("role", "leader"),)),
    "help:image": Rule(ALL_ROLES, kwargs=(("name", "leader-dashboard.jpg"),)),
    "accounts:change_password": Rule(ALL_ROLES),
    "accounts:otp": Rule(ALL_ROLES),
    "accounts:account_list": Rule(ACCOUNT_ADMINS),
    "accounts:account_create": Rule(SYS_ADMIN),
    "accounts:account_reset_password": Rule(SYS_ADMIN, obj="user", method="post"),
    "accounts:account_set_active": Rule(
        SYS_ADMIN, obj="user", method="post", data=(("active", "1"),), ok=302
    ),
    "accounts:account_role": Rule(SECURITY_ADMIN, obj="user"),
    "api-root": Rule(ALL_ROLES, anonymous=403),
    "unit-list": Rule(READERS, anonymous=403),
    "unit-detail": Rule(READERS, obj="unit", anonymous=403),
    "cadre-list": Rule(READERS, anonymous=403),
    "cadre-detail": Rule(READERS, obj="cadre", anonymous=403),
    "cadre-reveal-id": Rule(
        STAFF, obj="cadre", method="post", data=(("reason", "核对"),), anonymous=403
    ),
    "import-list": Rule(STAFF, method="post", ok=400, anonymous=403),
    "import-detail": Rule(STAFF, obj="import_run", anonymous=403),
    "api_token": Rule(ALL_ROLES, public=True, method="post", ok=400, anonymous=400),
    # A session holds no token: it must ask for all=true (400).
    "api_token_revoke": Rule(ALL_ROLES, method="post", ok=400, anonymous=403),
    "api_schema": Rule(ALL_ROLES, anonymous=403),
    "api_docs": Rule(ALL_ROLES, anonymous=403),
    "staffing:ledger": Rule(LEDGER_READERS),
    "staffing:recalc": Rule(STAFF, method="post", ok=302),
    "staffing:team_detail": Rule(LEDGER_READERS, obj="team"),
    "training:mentor_coverage": Rule(STAFF),
    "rule_settings": Rule(STAFF),
    # the staff persona's jurisdiction is a county: global rules need the whole tree
    "supervision:talk_rule_edit": Rule(STAFF, obj="talk_rule", ok=403),
    "supervision:talk_list": Rule(STAFF | {Role.UNIT_COMMITTEE}),
    "supervision:talk_record": Rule(STAFF | {Role.UNIT_COMMITTEE}),
    "supervision:overdue": Rule(LEDGER_READERS | {Role.UNIT_COMMITTEE}),
    "supervision:integrity_list": Rule(STAFF),
    "supervision:integrity_create": Rule(STAFF),
    "supervision:integrity_detail": Rule(STAFF, obj="integrity_request"),
    "supervision:inbox": Rule(LIAISON),
    "supervision:inbox_detail": Rule(LIAISON, obj="integrity_request"),
    "supervision:opinion_answer": Rule(LIAISON, obj="opinion"),
    "supervision:inbox_answer": Rule(LIAISON, obj="integrity_request", method="post", ok=400),
    "supervision:concerns": Rule(STAFF),
    "supervision:assessments": Rule(STAFF),
    "pool:inspection_start": Rule(
        STAFF,
        obj="cadre",
        method="post",
        data=(("proposed_post", "副镇长"), ("on", "2026-01-02"), ("expires_on", "2026-04-01")),
        ok=302,
    ),
    "pool:inspection_list": Rule(STAFF),
    "pool:inspection_withdraw": Rule(
        STAFF, obj="inspection", method="post", data=(("reason", "另有人选"),), ok=302
    ),
    "pool:inspection_used": Rule(
        STAFF,
        obj="inspection",
        method="post",
        data=(("document_number", "东组干〔2026〕1号"),),
        ok=302,
    ),
    "pool:veto_list": Rule(STAFF),
    "pool:age_out": Rule(STAFF),
    "pool:round_close": Rule(STAFF, method="post", ok=302),
    "pool:round_reopen": Rule(STAFF, method="post", ok=302),
    "pool:person_search": Rule(READERS),
    "pool:ranking": Rule(POOL_READERS),
    "pool:ranking_person": Rule(POOL_READERS, obj="cadre"),
    "pool:ranking_radar": Rule(POOL_READERS, obj="cadre"),
    "pool:ranking_scores": Rule(
        STAFF, obj="cadre", method="post", data=(("political", "90"),), ok=302
    ),
    "pool:scheme_edit": Rule(STAFF),
    "pool:scheme_add_item": Rule(
        STAFF,
        method="post",
        data=(("code", "age"), ("label", "年龄"), ("group", "foundation"), ("weight", "5")),
        ok=302,
    ),
    "pool:scheme_remove_item": Rule(STAFF, method="post", ok=404),
    "pool:saved_search_create": Rule(
        POOL_READERS, method="post", data=(("name", "90后"), ("query", "generation=90")), ok=302
    ),
    "pool:saved_search_delete": Rule(POOL_READERS, obj="saved_search", method="post", ok=302),
    "pool:age_out_confirm": Rule(STAFF, method="post", ok=302),
    "pool:veto_lift": Rule(
        STAFF, obj="veto", method="post", data=(("reason", "影响期满"),), ok=302
    ),
    "supervision:links": Rule(STAFF),
    "supervision:link_end": Rule(STAFF, obj="talker_link", method="post", ok=302),
    "supervision:political_file": Rule(STAFF),
    "supervision:key_tasks": Rule(STAFF | {Role.UNIT_COMMITTEE}),
    "supervision:personal_matters": Rule(STAFF),
    "supervision:file_audit": Rule(STAFF),
    "supervision:personal_check": Rule(STAFF, obj="personal_report"),
    "supervision:reviews": Rule(STAFF),
    "supervision:review_decide": Rule(
        STAFF,
        obj="review",
        method="post",
        data=(("decision", "keep"), ("reason", "可保留")),
        ok=302,
    ),
    "training:class_list": Rule(LEDGER_READERS),
    "training:class_create": Rule(STAFF),
    "training:class_detail": Rule(LEDGER_READERS, obj="training_class"),
    "training:class_edit": Rule(STAFF, obj="training_class"),
    "training:class_enrol": Rule(STAFF, obj="training_class", method="post", ok=302),
    "training:class_pick": Rule(STAFF, obj="training_class"),
    "training:class_roster": Rule(LEDGER_READERS, obj="training_class"),
    "training:class_complete": Rule(STAFF, obj="training_class", method="post", ok=302),
    "training:enrollment_result": Rule(STAFF, obj="enrollment", method="post", ok=302),
    "training:enrollment_remove": Rule(STAFF, obj="enrollment", method="post", ok=302),
    "training:compliance": Rule(LEDGER_READERS),
    "training:rules": Rule(STAFF),
    "training:person": Rule(LEDGER_READERS, obj="cadre"),
    "training:posting_create": Rule(STAFF, obj="cadre"),
    "training:plan_create": Rule(STAFF, obj="cadre", method="post", ok=302),
    "training:posting_list": Rule(LEDGER_READERS),
    "training:posting_edit": Rule(STAFF, obj="posting"),
    "training:mentorship_list": Rule(LEDGER_READERS),
    "training:mentorship_create": Rule(STAFF),
    "training:mentorship_detail": Rule(LEDGER_READERS, obj="mentorship"),
    "training:meeting_add": Rule(STAFF, obj="mentorship", method="post", ok=400),
    "training:step_add": Rule(STAFF, obj="plan", method="post", ok=302),
    "training:plan_review": Rule(STAFF, obj="plan", method="post", ok=302),
    "training:step_status": Rule(STAFF, obj="plan_step", method="post", ok=302),
    "staffing:appoint": Rule(STAFF, obj="team"),
    "staffing:end": Rule(STAFF, obj="appointment"),
    "staffing:simulate": Rule(STAFF, obj="team"),
    "staffing:fit": Rule(STAFF, obj="team"),
    "staffing:eligibility_rules": Rule(STAFF),
    "staffing:eligibility_rule_edit": Rule(STAFF, obj="eligibility_rule"),
    "staffing:second_checks": Rule(STAFF),
    "staffing:second_check_sign": Rule(
        STAFF, obj="second_check", method="post", data=(("decision", "approved"),), ok=302
    ),
    "staffing:motion_new": Rule(STAFF, obj="team"),
    "staffing:motion_detail": Rule(STAFF, obj="second_check"),
    "staffing:motion_file": Rule(STAFF, obj="second_check", method="post", ok=302),
    "staffing:documents": Rule(STAFF),
    "staffing:document_detail": Rule(STAFF, obj="document"),
    "staffing:document_review": Rule(STAFF, obj="document", method="post", ok=302),
    "staffing:tenure": Rule(LEDGER_READERS),
    "staffing:publicity_create": Rule(STAFF, obj="team"),
    "staffing:publicity_feedback": Rule(
        STAFF, obj="publicity", method="post", data=(("feedback", "有群众反映"),), ok=302
    ),
    "staffing:holidays": Rule(STAFF),
    "staffing:holiday_delete": Rule(STAFF, obj="holiday", method="post", ok=302),
    "staffing:scenarios": Rule(STAFF),
    "staffing:scenario_create": Rule(STAFF),
    "staffing:scenario_compare": Rule(STAFF),
    "staffing:scenario_detail": Rule(STAFF, obj="scenario"),
    "staffing:scenario_edit": Rule(
        STAFF,
        obj="scenario",
        method="post",
        data=(("name", "调整方案"), ("ref_date", "2026-06-30")),
        ok=302,
    ),
    "staffing:scenario_delete": Rule(STAFF, obj="scenario", method="post", ok=302),
    "staffing:scenario_move_add": Rule(STAFF, obj="scenario", method="post", ok=400),
    "staffing:scenario_move_delete": Rule(STAFF, obj="scenario_move", method="post", ok=302),
    "staffing:scenario_propose": Rule(STAFF, obj="scenario", method="post", ok=302),
    "staffing:proposals": Rule(STAFF),
    "staffing:proposal_carry_out": Rule(STAFF, obj="proposal"),
    "staffing:proposal_withdraw": Rule(STAFF, obj="proposal", method="post", ok=302),
    "staffing:targets": Rule(LEDGER_READERS),
    "staffing:target_edit": Rule(STAFF, obj="target"),
    "people:profile": Rule(READERS, obj="cadre"),
    "people:photo": Rule(READERS, obj="cadre_photo"),
    "people:photo_upload": Rule(STAFF, obj="cadre", method="post", ok=302),
    "people:photo_delete": Rule(STAFF, obj="cadre_photo", method="post", ok=302),
    "people:sheet_edit": Rule(STAFF, obj="cadre"),
    "people:family_add": Rule(STAFF, obj="cadre"),
    "people:family_edit": Rule(STAFF, obj="family"),
    "people:family_delete": Rule(STAFF, obj="family", method="post", ok=302),
    "people:approval_docx": Rule(STAFF, obj="cadre"),
    # 503 with a Chinese message where LibreOffice is not installed
    "people:approval_pdf": Rule(STAFF, obj="cadre", ok=200 if shutil.which("soffice") else 503),
    "people:approval_zip": Rule(STAFF),
    # LRMX downloads hold the clear ID number: staff only (ID_REVEALERS), audited.
    "pool:cadre_lrmx": Rule(STAFF, obj="cadre"),
    "pool:cadre_list_lrmx": Rule(STAFF, method="post", data=(("reason", "备案"),)),
    "pool:list_lrmx": Rule(STAFF, obj="rlist", method="post", data=(("reason", "备案"),)),
    "dashboard:index": Rule(LEDGER_READERS),
    "dashboard:region": Rule(LEDGER_READERS, obj="unit"),
    "dashboard:export": Rule(LEDGER_READERS, kwargs=(("key", "warnings"),)),
    "dashboard-panels": Rule(LEDGER_READERS, anonymous=403),
    "dashboard-panel": Rule(LEDGER_READERS, kwargs=(("key", "targets"),), anonymous=403),
    "reminder_list": Rule(STAFF, kwargs=(("key", "serving_5"),)),
    "report:index": Rule(LEDGER_READERS),
    "report:docx": Rule(LEDGER_READERS),
    "report:xlsx": Rule(LEDGER_READERS),
    "votes:round_list": Rule(STAFF),
    "votes:round_create": Rule(STAFF),
    "votes:rules": Rule(STAFF),
    "votes:round_detail": Rule(STAFF, obj="voting_round"),
    "votes:round_codes": Rule(
        STAFF, obj="voting_round", method="post", data=(("group", "leaders"), ("count", "2"))
    ),
    "votes:round_close": Rule(STAFF, obj="voting_round", method="post", ok=302),
    "votes:round_paper": Rule(STAFF, obj="voting_round"),
    "votes:round_docx": Rule(STAFF, obj="closed_voting_round"),
    # The voter's ballot: no account, the same page for everyone who has the link.
    "votes:ballot": Rule(ALL_ROLES, obj="ballot_round", public=True, anonymous=200),
    # 干部本人 (pool.selfservice): their own record and requests; no pk to change.
    "people:me": Rule(CADRE),
    "people:my_photo": Rule(CADRE, ok=404),  # the persona has no photo
    "selfservice:my_requests": Rule(CADRE),
    "selfservice:correction_new": Rule(CADRE),
    "selfservice:scan": Rule(CADRE | STAFF, obj="correction"),
    "selfservice:queue": Rule(STAFF | {Role.UNIT_COMMITTEE}),
    "selfservice:decide": Rule(
        STAFF,
        obj="correction",
        method="post",
        data=(("action", "refuse"), ("reason", "材料不清")),
        ok=302,
    ),
    "selfservice:open_accounts": Rule(STAFF),
}
# Objects that belong to no unit (everyone with the role reaches them): no 404 case. The
# settings among them (target, holiday, eligibility_rule) have an owner unit: a higher
# unit's answer 403 (test_county_staff_cannot_change_the_city_settings).
UNSCOPED_OBJECTS = {"user", "target", "holiday", "eligibility_rule", "talk_rule", "ballot_round"}
IGNORED_NAMESPACES = {"admin"}  # Django admin: covered by test_admin_is_closed_to_every_role


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            yield from _walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def all_url_names() -> set[str]:
    return {
        n for n in _walk(get_resolver().url_patterns) if n.split(":")[0] not in IGNORED_NAMESPACES
    }


def test_every_url_has_a_permission_rule():
    missing = all_url_names() - set(RULES)
    assert not missing, f"URLs without a permission rule in RULES: {sorted(missing)}"


def _recommendation(rec_list):
    """A recommendation with an attachment, so the download URL has something to serve."""
    rec = RecommendationFactory(rec_list=rec_list)
    rec.attachment.save("minutes.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return rec


@pytest.fixture
def objects(units, staff, discipline_liaison, settings, tmp_path, request):
    settings.MEDIA_ROOT = tmp_path / "media"
    teams = {
        "in": LeadershipTeamFactory(unit=units["qingshi"]),
        "in_sector": LeadershipTeamFactory(unit=units["east_edu"]),
        "out": LeadershipTeamFactory(unit=units["west_edu"]),
    }
    staffing = _staffing(units, teams)
    round_ = RoundFactory(owner=units["east"])
    _owned_by(ScoringScheme.objects.get(is_active=True), units["east"])
    lists = {
        "in": RecommendationListFactory(round=round_, unit=units["qingshi"]),
        "in_sector": RecommendationListFactory(
            round=round_, kind=ListKind.SECTOR, unit=units["east"], sector="教育卫生"
        ),
        # The 组织部门's own list: the one staff write in.
        "in_staff": RecommendationListFactory(round=round_, kind=ListKind.ORG, unit=units["east"]),
        "out": RecommendationListFactory(round=round_, unit=units["west_edu"]),
    }
    return {
        "rlist": {key: lists[key] for key in ("in", "in_sector", "out")},
        "recommendation": {key: _recommendation(rec_list) for key, rec_list in lists.items()},
        "new_person_request": {
            key: _new_person_request(lists[key], staff) for key in ("in", "out")
        },
        "transfer_request": {
            key: _transfer_request(units[unit], units[person_unit], staff)
            for key, unit, person_unit in (
                ("in", "qingshi", "beishan"),
                ("out", "west_edu", "west_edu"),
            )
        },
        "cadre": {
            "in": CadreFactory(unit=units["qingshi"]),
            "in_sector": CadreFactory(unit=units["east_edu"]),
            "out": CadreFactory(unit=units["west_edu"]),
        },
        "unit": {"in": units["qingshi"], "in_sector": units["east_edu"], "out": units["west_edu"]},
        "team": teams,
        # Accounts are not in any unit's jurisdiction: the administrators see all of them.
        "user": {"in": get_user_model().objects.create_user("someone")},
        "import_run": {"in": _import_run(staff), "out": _import_run(_west_staff(units))},
        **_integrity(units, staff, discipline_liaison),
        **_reviews(units),
        "inspection": {key: _inspection(units[u]) for key, u in IN_OUT_UNITS.items()},
        # Saved searches belong to one account: each persona reaches only its own.
        "saved_search": {
            **{
                f"in_{role}": SavedSearch.objects.create(
                    user=request.getfixturevalue(persona), name="mine", query="tier=near"
                )
                for persona, role in (("staff", Role.STAFF), ("leader", Role.LEADER))
            },
            "in": SavedSearch.objects.create(user=staff, name="in", query="tier=mid"),
            "out": SavedSearch.objects.create(
                user=get_user_model().objects.create_user("other_searcher"), name="x", query="q=1"
            ),
        },
        "veto": {
            key: VetoFactory(cadre=CadreFactory(unit=units[u])) for key, u in IN_OUT_UNITS.items()
        },
        "personal_report": {
            key: PersonalReportFactory(cadre=CadreFactory(unit=unit))
            for key, unit in (("in", units["qingshi"]), ("out", units["west_edu"]))
        },
        "talker_link": {
            key: TalkerLinkFactory(unit=unit)
            for key, unit in (("in", units["qingshi"]), ("out", units["west_edu"]))
        },
        **_voting_rounds(units),
        **staffing,
        **_scenarios(units, staff, staffing["appointment"]),
        **_profile_objects(units),
        **_training(units),
        **_corrections(units, request.getfixturevalue("cadre_self")),
    }


def _voting_rounds(units):
    """民主推荐 rounds of 青石镇 ("in") and 西县教育局 ("out"), open and closed."""
    rounds = {
        kind: {key: make_voting_round(units[u], closed=closed) for key, u in IN_OUT_UNITS.items()}
        for kind, closed in (("voting_round", False), ("closed_voting_round", True))
    }
    # the ballot's address carries the round's random key, not its id
    ballot = SimpleNamespace(pk=rounds["voting_round"]["out"].ballot_key)
    return {**rounds, "ballot_round": {"in": ballot}}


def _corrections(units, cadre_self):
    """Correction requests: the persona's own (in_cadre), another 青石镇 person's (in),
    and one in 西县 (out), each with a stored PDF scan."""
    own = cadre_self.grant.cadre
    people = {
        "in_cadre": (own, cadre_self),
        "in": (CadreFactory(unit=units["qingshi"]), get_user_model().objects.create_user("c1")),
        "out": (CadreFactory(unit=units["west_edu"]), get_user_model().objects.create_user("c2")),
    }
    out = {}
    for key, (person, user) in people.items():
        req = CorrectionRequest(
            cadre=person,
            requested_by=user,
            field="ethnicity",
            before={"value": "汉族"},
            after={"value": "回族"},
            reason="档案有误",
            scan_name="scan.pdf",
        )
        req.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=False)
        req.save()
        out[key] = req
    return {"correction": out}


def _new_person_request(rec_list, user):
    """A person a unit put forward by ID number, waiting for staff to check."""
    request = NewPersonRequest(
        rec_list=rec_list, requested_by=user, name="新人", gender="女",
        birth_month=dt.date(1998, 4, 1), category="选调生", unit=rec_list.unit,
    )  # fmt: skip
    request.id_number = make_id_number(dt.date(1998, 4, 9), "女")
    request.save()
    return request


def _transfer_request(unit, person_unit, user):
    """A unit's request to move someone of ``person_unit`` to it, waiting for staff."""
    cadre = CadreFactory(unit=person_unit)
    request = TransferRequest(
        kind="transfer", unit=unit, requested_by=user, name=cadre.name, reason="工作需要",
        cadre=cadre,
    )  # fmt: skip
    request.id_number = cadre.id_number
    request.save()
    return request


def _staffing(units, teams):
    """A seat held, a 任免文件 and an open 任前公示 in 青石镇 ("in") and in 西县教育局
    ("out"); a target and a holiday (not in any unit)."""
    seats, documents, publicities = {}, {}, {}
    for key, unit, owner in (
        ("in", units["qingshi"], units["east"]),
        ("out", units["west_edu"], units["west"]),
    ):
        post = PostFactory(team=teams[key], quota=2)
        seats[key] = AppointmentFactory(post=post, cadre=CadreFactory(unit=unit))
        documents[key] = AppointmentDocument.objects.create(
            unit=owner, number=f"{unit.name}组任〔2026〕1号", issued_on=dt.date(2026, 3, 2),
            issuer=f"中共{owner.name}委组织部", appointments_stated=1,
        )  # fmt: skip
        publicities[key] = Publicity.objects.create(
            cadre=CadreFactory(unit=unit), post=post, start_date=dt.date(2026, 3, 2),
            end_date=dt.date(2026, 3, 6), working_days=5,
        )  # fmt: skip
    return {
        "appointment": seats,
        "second_check": {
            key: SecondSignOff.objects.create(
                appointment=seat,
                cadre=seat.cadre,
                post=seat.post,
                start_date=seat.start_date,
                quarter="2026Q2",
                level="A",
                gap=1,
                reason="测试",
            )
            for key, seat in seats.items()
        },
        "document": documents,
        "publicity": publicities,
        "target": {"in": _owned_by(StaffingTarget.objects.first(), units["east"])},
        "eligibility_rule": {"in": _owned_by(EligibilityRule.objects.first(), units["east"])},
        "talk_rule": {"in": TalkRule.objects.first()},
        "holiday": {
            "in": Holiday.objects.create(
                date=dt.date(2026, 10, 1), name="国庆节", owner=units["east"]
            )
        },
    }


def _owned_by(setting, unit):
    """The settings objects the URL walk edits belong to 东县, the staff persona's own
    unit; ``test_county_staff_cannot_change_the_city_settings`` tries the city's."""
    setting.owner = unit
    setting.save(update_fields=["owner"])
    return setting


def _scenarios(units, staff, seats):
    """A draft 模拟调配 scenario with one move, and a 任免建议 from another scenario, made
    by 东县 staff ("in") and by 西县 staff ("out")."""
    west = get_user_model().objects.create_user("west_planner")
    RoleGrant.objects.create(user=west, role=Role.STAFF, unit=units["west"])
    found = {"scenario": {}, "scenario_move": {}, "proposal": {}}
    for key, user in (("in", staff), ("out", west)):
        seat = seats[key]
        draft = services.create_scenario(user, name="草稿", ref_date=dt.date(2026, 6, 30))
        found["scenario"][key] = draft
        found["scenario_move"][key] = services.add_move(
            user,
            draft,
            kind=MoveKind.REMOVE,
            cadre_id=seat.cadre_id,
            leaves_id=seat.pk,
            date=dt.date(2026, 6, 30),
        )
        chosen = services.create_scenario(user, name="已选", ref_date=dt.date(2026, 6, 30))
        services.add_move(
            user,
            chosen,
            kind=MoveKind.APPOINT,
            cadre_id=CadreFactory(unit=seat.cadre.unit).pk,
            post_id=seat.post_id,
            date=dt.date(2026, 6, 30),
        )
        found["proposal"][key] = services.propose(user, chosen)[0]
    return found


IN_OUT_UNITS = {"in": "qingshi", "in_sector": "east_edu", "out": "west_edu"}


def _inspection(unit):
    """An active inspection of a pool member of ``unit``."""
    membership = PoolMembershipFactory(cadre=CadreFactory(unit=unit), status="inspection")
    return InspectionFactory(membership=membership)


def _training(units):
    """育 records of a 青石镇 cadre in a 东县 class ("in") and of a 西县 cadre in a 西县
    class ("out"): nobody in 东县 reaches the latter."""
    out = {}
    for key, (region, unit) in {
        "in": (units["east"], units["qingshi"]),
        "out": (units["west"], units["west_edu"]),
    }.items():
        cadre = CadreFactory(unit=unit)
        plan = DevelopmentPlanFactory(cadre=cadre)
        out[key] = {
            "training_class": TrainingClassFactory(unit=region),
            "enrollment": EnrollmentFactory(
                cadre=cadre, training_class=TrainingClassFactory(unit=region)
            ),
            "posting": PostingFactory(cadre=cadre),
            "mentorship": MentorshipFactory(mentee=cadre, mentor__unit=unit),
            "plan": plan,
            "plan_step": PlanStepFactory(plan=plan),
        }
    return {kind: {key: out[key][kind] for key in out} for kind in out["in"]}


def _integrity(units, staff, liaison):
    """A request addressed to the liaison about a 东县 cadre ("in"), and one addressed to
    another liaison about a 西县 cadre ("out"): neither staff nor the liaison reach it."""
    other = get_user_model().objects.create_user("west_liaison")
    RoleGrant.objects.create(user=other, role=Role.DISCIPLINE_LIAISON)
    ask = {"in": (liaison, units["qingshi"]), "out": (other, units["west_edu"])}
    requests = {
        key: IntegrityRequestFactory(requested_by=staff, addressed_to=to)
        for key, (to, _) in ask.items()
    }
    opinions = {
        key: IntegrityOpinionFactory(request=requests[key], cadre=CadreFactory(unit=unit))
        for key, (_, unit) in ask.items()
    }
    return {"integrity_request": requests, "opinion": opinions}


def _reviews(units):
    """A 研判 of a 青石镇 pool member ("in") and of a 西县 one ("out")."""
    from supervision.models import PoolReview

    out = {}
    for key, unit in {"in": units["qingshi"], "out": units["west_edu"]}.items():
        membership = PoolMembershipFactory(cadre=CadreFactory(unit=unit))
        out[key] = PoolReview.objects.create(
            membership=membership, cadre=membership.cadre, trigger="concern", summary="诫勉",
            source_key=f"test:{key}", opened_on=dt.date(2026, 3, 1), due_on=dt.date(2026, 3, 31),
        )  # fmt: skip
    return {"review": out}


def _profile_objects(units):
    """People with a photo and a family row, inside and outside each persona's reach."""
    where = {"in": units["qingshi"], "in_sector": units["east_edu"], "out": units["west_edu"]}
    people = {key: CadreFactory(unit=unit) for key, unit in where.items()}
    for cadre in people.values():
        CadrePhoto.objects.create(cadre=cadre, image=images.png(3, 4), content_type="image/png")
    return {
        "cadre_photo": people,
        "family": {
            key: FamilyMember.objects.create(cadre=cadre, relation="妻子", name="王芳")
            for key, cadre in people.items()
        },
    }


def _in_object(group: dict, role: str):
    """The object a persona may reach: its own (``in_staff``), its sector's, or ``in``."""
    if f"in_{role}" in group:
        return group[f"in_{role}"]
    if role == Role.SECTOR_DEPT and "in_sector" in group:
        return group["in_sector"]
    return group["in"]


def _west_staff(units):
    user = get_user_model().objects.create_user("west_staff")
    RoleGrant.objects.create(user=user, role=Role.STAFF, unit=units["west"])
    return user


def _import_run(user):
    """A previewed roster import (one row, with an error) made by ``user``."""
    content = import_files.xlsx(import_files.table([import_files.person(出生年月="1800.01")]))
    upload = SimpleUploadedFile("名册.xlsx", content)
    return runs.preview_upload(user, "roster", upload)


def _request(client, name, rule, pk=None):
    url = reverse(name, kwargs={"pk": pk} if pk is not None else dict(rule.kwargs) or None)
    if rule.method == "post":
        return client.post(url, dict(rule.data))
    return client.get(url)


@pytest.mark.parametrize("name", sorted(RULES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_role_gets_in_or_is_refused(name, persona, objects, client, request):
    rule = RULES[name]
    user = request.getfixturevalue(persona)
    client.force_login(user)
    role = user.grant.role
    pk = None
    if rule.obj:
        group = objects[rule.obj]
        pk = _in_object(group, role).pk
    response = _request(client, name, rule, pk)
    expected = rule.ok if (role in rule.roles or rule.public) else 403
    expected = dict(rule.ok_for).get(role, expected)
    assert response.status_code == expected, (persona, name, response.status_code)


@pytest.mark.parametrize(
    ("name", "persona"),
    [
        (name, persona)
        for name, rule in sorted(RULES.items())
        if rule.obj and rule.obj not in UNSCOPED_OBJECTS
        for persona, role in PERSONA_ROLES.items()
        if role in rule.roles
    ],
)
def test_objects_outside_the_jurisdiction_answer_404(name, persona, objects, client, request):
    rule = RULES[name]
    client.force_login(request.getfixturevalue(persona))
    response = _request(client, name, rule, objects[rule.obj]["out"].pk)
    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(RULES))
def test_visitors_not_logged_in_are_turned_away(name, objects, client):
    rule = RULES[name]
    pk = objects[rule.obj]["in"].pk if rule.obj else None
    assert _request(client, name, rule, pk).status_code == rule.anonymous


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_closed_to_every_role(persona, client, request):
    client.force_login(request.getfixturevalue(persona))
    for url in ("/admin/", "/admin/pool/cadre/", "/admin/pool/auditentry/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


# Settings objects belong to a unit (finding 5 of #19): 东县 staff read the city's
# targets, rules and rounds but every change is refused; the city's staff make it.
TRAINING_RULES = (
    ("young_share_numerator", 1), ("young_share_denominator", 5), ("political_years", 3),
    ("political_min_days", 5), ("coverage_years", 5), ("yearly_hours", "60"),
    ("hours_reminder_month", 10),
)  # fmt: skip
CITY_SETTINGS = {
    "target_get": ("staffing:target_edit", "target", "get", ()),
    "target": (
        "staffing:target_edit",
        "target",
        "post",
        (("name", "年轻正职"), ("numerator", 1), ("denominator", 6), ("deadline", "2028-06-30")),
    ),
    "eligibility_rule": (
        "staffing:eligibility_rule_edit",
        "eligibility_rule",
        "post",
        (("applies_to", "all"), ("years", 3), ("active", "on")),
    ),
    "round_close": ("pool:round_close", "", "post", (("round", "{round}"),)),
    "holiday_set": (
        "staffing:holidays",
        "",
        "post",
        (("date", "2026-10-01"), ("name", "改名"), ("is_workday", "on")),
    ),
    "holiday_delete": ("staffing:holiday_delete", "holiday", "post", ()),
    "scheme_edit": ("pool:scheme_edit", "", "post", "scheme_weights"),
    "scheme_add_item": (
        "pool:scheme_add_item",
        "",
        "post",
        (("code", "age"), ("label", "年龄"), ("group", "foundation"), ("weight", "5")),
    ),
    "scheme_remove_item": ("pool:scheme_remove_item", "", "post", (("item", "{item}"),)),
    "training_rules": ("training:rules", "", "post", TRAINING_RULES),
}


@pytest.fixture
def city_settings(units):
    """The seeded settings rows have no owner (the top of the tree, 全市); a round and a
    holiday of the city."""
    scheme = ScoringScheme.objects.get(is_active=True)
    return {
        "target": StaffingTarget.objects.get(code="young-chiefs"),
        "eligibility_rule": EligibilityRule.objects.get(code="work_years"),
        "holiday": Holiday.objects.create(
            date=dt.date(2026, 10, 1), name="国庆节", owner=units["city"]
        ),
        "round": RoundFactory(name="全市2026年度", owner=units["city"]),
        "item": scheme.items.order_by("position").first(),
    }


def _setting_request(client, case, objects):
    name, obj, method, data = CITY_SETTINGS[case]
    url = reverse(name, kwargs={"pk": objects[obj].pk} if obj else None)
    if method == "get":
        return client.get(url)
    if data == "scheme_weights":  # every item of the scheme, one weight changed
        data = [
            (f"item{i.pk}-{field}", value)
            for i in objects["item"].scheme.items.all()
            for field, value in (
                ("label", i.label), ("group", i.group), ("position", i.position),
                ("weight", i.weight + 1 if i == objects["item"] else i.weight),
            )
        ]  # fmt: skip
    fill = {"round": objects["round"].pk, "item": objects["item"].pk}
    return client.post(url, {key: str(value).format(**fill) for key, value in data})


def _settings_state(objects):
    return (
        list(StaffingTarget.objects.values_list("numerator", "denominator", "deadline")),
        list(EligibilityRule.objects.values_list("applies_to", "years", "active")),
        list(Holiday.objects.values_list("date", "name", "is_workday")),
        list(RecommendationRound.objects.values_list("is_open", flat=True)),
        list(objects["item"].scheme.items.values_list("code", "weight")),
        list(TrainingRules.objects.values_list("yearly_hours", flat=True)),
    )


@pytest.mark.parametrize("case", sorted(CITY_SETTINGS))
def test_county_staff_cannot_change_the_city_settings(case, staff, city_settings, client):
    before = _settings_state(city_settings)
    client.force_login(staff)
    response = _setting_request(client, case, city_settings)
    assert response.status_code == 403, (case, response.status_code)
    assert "该设置由上级组织部门管理" in response.content.decode()
    assert _settings_state(city_settings) == before
    assert not AuditEntry.objects.filter(action__in=["update", "create", "delete"]).exists()


@pytest.mark.parametrize("case", sorted(CITY_SETTINGS))
def test_city_staff_change_the_city_settings(case, city_staff, city_settings, client):
    before = _settings_state(city_settings)
    client.force_login(city_staff)
    response = _setting_request(client, case, city_settings)
    if case == "target_get":
        assert response.status_code == 200
        return
    assert response.status_code == 302, (case, response.status_code)
    assert _settings_state(city_settings) != before, case


def test_pages_offer_changes_only_for_settings_the_user_may_change(
    staff, city_staff, city_settings, client
):
    """The edit buttons follow the owner: none of the city's for 东县 staff."""
    target, rule = city_settings["target"], city_settings["eligibility_rule"]
    pages = {
        reverse("staffing:targets"): reverse("staffing:target_edit", args=[target.pk]),
        reverse("staffing:eligibility_rules"): reverse(
            "staffing:eligibility_rule_edit", args=[rule.pk]
        ),
        reverse("staffing:holidays"): reverse(
            "staffing:holiday_delete", args=[city_settings["holiday"].pk]
        ),
        f"{reverse('pool:list_index')}?round={city_settings['round'].pk}": reverse(
            "pool:round_close"
        ),
    }
    for user, shown in ((staff, False), (city_staff, True)):
        client.force_login(user)
        for page, link in pages.items():
            assert (link in client.get(page).content.decode()) is shown, (user, page)
