"""模拟调配 scenarios: moves across teams change each team's level, the region's
completion rate and the targets as the quarterly run and the targets page would
compute them; nothing real is written; invalid moves are refused naming the move;
a chosen scenario becomes 任免建议 carried out through the real 任免 services."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pool.models import AuditEntry, Role, UnitKind, UnitLevel
from staffing import selectors, services
from staffing.models import (
    Appointment,
    AppointmentProposal,
    MoveKind,
    ProposalStatus,
    ScenarioStatus,
    SecondSignOff,
    WarningRecord,
)
from tests.conftest import _persona
from tests.factories import (
    AppointmentFactory,
    CadreFactory,
    LeadershipTeamFactory,
    PostFactory,
    UnitFactory,
)

REF = dt.date(2026, 6, 30)
OLD, YOUNG = dt.date(1970, 1, 1), dt.date(1995, 1, 1)


def _team(unit, chief, *deputies, deputy_seats=3):
    """A township team: one 党委书记 seat and ``deputy_seats`` 副镇长 seats (1 young
    member required); returns the team, its posts and the appointments made."""
    team = LeadershipTeamFactory(unit=unit)
    chief_post = PostFactory(team=team, title="党委书记", is_chief=True, quota=1)
    deputy_post = PostFactory(team=team, title="副镇长", quota=deputy_seats)
    seats = [AppointmentFactory(post=chief_post, cadre=CadreFactory(unit=unit, birth_month=chief))]
    for birth in deputies:
        seats.append(
            AppointmentFactory(post=deputy_post, cadre=CadreFactory(unit=unit, birth_month=birth))
        )
    return team, chief_post, deputy_post, seats


@pytest.fixture
def towns(units):
    """青石镇 is C (a young 副镇长), 北山镇 is A (nobody young); both in 东县."""
    qingshi = _team(units["qingshi"], OLD, YOUNG)
    beishan = _team(units["beishan"], OLD, OLD)
    return {"qingshi": qingshi, "beishan": beishan}


@pytest.fixture
def scenario(staff):
    return services.create_scenario(staff, name="乡镇班子调整", ref_date=REF)


def _add(staff, scenario, kind, cadre, post=None, leaves=None):
    return services.add_move(
        staff,
        scenario,
        kind=kind,
        cadre_id=cadre.pk,
        post_id=post.pk if post else None,
        leaves_id=leaves.pk if leaves else None,
        date=REF,
    )


def _levels(found):
    return {t.label: (t.before.level, t.after.level) for t in found.teams}


def test_two_moves_across_two_teams_change_both_levels_the_region_and_the_targets(
    towns, staff, scenario, units
):
    _, _, qingshi_deputy, (_, young_seat) = towns["qingshi"]
    _, _, beishan_deputy, _ = towns["beishan"]
    newcomer = CadreFactory(unit=units["east_edu"], birth_month=dt.date(1993, 5, 1))
    _add(staff, scenario, MoveKind.TRANSFER, young_seat.cadre, beishan_deputy, young_seat)
    _add(staff, scenario, MoveKind.APPOINT, newcomer, qingshi_deputy)
    found = selectors.effect(scenario, selectors.moves_of(scenario))
    assert _levels(found) == {"青石镇": ("C", "C"), "北山镇": ("A", "C")}
    [east] = [r for r in found.regions if r.unit.name == "东县"]
    assert (east.before.met, east.before.required, east.before.rate) == (1, 2, 0.5)
    assert (east.after.met, east.after.required, east.after.rate) == (2, 2, 1.0)
    every = next(t for t in found.targets if t.block.target.code == "township-every-team")
    [(before, after)] = every.rows
    assert (before.count, before.missing, after.count, after.missing) == (1, 1, 2, 0)
    assert Appointment.objects.count() == 4  # nothing real was written
    assert young_seat.cadre.appointments.get().end_date is None


def test_before_is_what_the_quarterly_run_records(towns, staff, scenario, units):
    """The same rules: with no moves, each team's standing is the warning record."""
    services.recalc_quarter("2026Q2")
    found = selectors.effect(scenario, [], focus=(towns["qingshi"][0].pk, towns["beishan"][0].pk))
    for change in found.teams:
        record = WarningRecord.objects.get(team_id=change.team_id, quarter="2026Q2")
        got = change.before
        assert (got.approved_seats, got.seated, got.required, got.actual, got.gap, got.level) == (
            record.approved_seats,
            record.seated,
            record.required,
            record.actual,
            record.gap,
            record.level,
        )
        assert change.after == change.before


def test_removing_the_only_young_member_drops_the_team_to_a(towns, staff, scenario):
    _, _, _, (_, young_seat) = towns["qingshi"]
    _add(staff, scenario, MoveKind.REMOVE, young_seat.cadre, leaves=young_seat)
    found = selectors.effect(scenario, selectors.moves_of(scenario))
    assert _levels(found) == {"青石镇": ("C", "A")}


def test_a_move_beyond_the_approved_seats_is_refused_naming_it(towns, staff, scenario, units):
    _, chief_post, _, _ = towns["beishan"]
    person = CadreFactory(unit=units["beishan"], name="李四")
    with pytest.raises(ValidationError) as refused:
        _add(staff, scenario, MoveKind.APPOINT, person, chief_post)
    assert refused.value.messages == [
        "第1条调配（任命李四为北山镇党委书记）：超职数配备：北山镇党委书记核定职数1名，"
        "已有1名在任，不能再任命"
    ]
    assert not scenario.moves.exists()


def test_a_removal_earlier_in_the_scenario_frees_the_seat(towns, staff, scenario, units):
    _, chief_post, _, (chief_seat, _) = towns["beishan"]
    _add(staff, scenario, MoveKind.REMOVE, chief_seat.cadre, leaves=chief_seat)
    _add(staff, scenario, MoveKind.APPOINT, CadreFactory(unit=units["beishan"]), chief_post)
    assert scenario.moves.count() == 2


def test_a_second_seat_in_one_team_is_refused(towns, staff, scenario):
    _, chief_post, _, (_, young_seat) = towns["qingshi"]
    services.add_move(
        staff,
        scenario,
        kind=MoveKind.REMOVE,
        cadre_id=towns["qingshi"][3][0].cadre_id,
        leaves_id=towns["qingshi"][3][0].pk,
        date=REF,
    )
    with pytest.raises(ValidationError) as refused:
        _add(staff, scenario, MoveKind.APPOINT, young_seat.cadre, chief_post)
    assert "第2条调配" in refused.value.messages[0]
    assert "同一人不能在同一领导班子中同时担任两个职位" in refused.value.messages[0]


def test_people_and_posts_outside_the_jurisdiction_are_refused(towns, staff, scenario, units):
    _, _, deputy, _ = towns["beishan"]
    outsider = CadreFactory(unit=units["west_edu"], name="西县小王")
    with pytest.raises(ValidationError) as refused:
        _add(staff, scenario, MoveKind.APPOINT, outsider, deputy)
    assert refused.value.message_dict == {"cadre": ["第1条调配：所选干部不在本方案的管辖范围内"]}
    west_post = _team(units["west_edu"], OLD)[2]
    with pytest.raises(ValidationError) as refused:
        _add(staff, scenario, MoveKind.APPOINT, CadreFactory(unit=units["beishan"]), west_post)
    assert refused.value.message_dict == {"post": ["第1条调配：拟任职位不在本方案的管辖范围内"]}


def test_converting_makes_one_pending_proposal_per_move_and_closes_the_scenario(
    towns, staff, scenario
):
    _, _, beishan_deputy, _ = towns["beishan"]
    _, _, _, (_, young_seat) = towns["qingshi"]
    _add(staff, scenario, MoveKind.TRANSFER, young_seat.cadre, beishan_deputy, young_seat)
    made = services.propose(staff, scenario)
    assert [p.status for p in made] == [ProposalStatus.PENDING]
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.PROPOSED and scenario.proposed_by == staff
    entry = AuditEntry.objects.filter(object_id=str(scenario.pk)).latest("id")
    assert entry.detail == "模拟调配方案“乡镇班子调整”转为任免建议1条"
    assert entry.after == {
        "proposals": [f"{young_seat.cadre.name}由青石镇副镇长交流任北山镇副镇长"]
    }
    with pytest.raises(ValidationError, match="已转为任免建议，不能再修改"):
        _add(staff, scenario, MoveKind.REMOVE, young_seat.cadre, leaves=young_seat)
    assert Appointment.objects.get(pk=young_seat.pk).end_date is None  # still a proposal


def test_a_move_overtaken_by_a_real_appointment_blocks_the_conversion(
    towns, staff, scenario, units
):
    _, _, beishan_deputy, _ = towns["beishan"]
    _add(staff, scenario, MoveKind.APPOINT, CadreFactory(unit=units["beishan"]), beishan_deputy)
    for _ in range(2):  # the three 副镇长 seats are now all held
        AppointmentFactory(post=beishan_deputy, cadre=CadreFactory(unit=units["beishan"]))
    with pytest.raises(ValidationError) as refused:
        services.propose(staff, scenario)
    assert "第1条调配" in refused.value.messages[0] and "超职数配备" in refused.value.messages[0]
    assert not AppointmentProposal.objects.exists()


def test_carrying_out_a_transfer_ends_the_old_seat_and_flags_the_second_check(
    towns, staff, scenario, units
):
    services.recalc_quarter("2026Q1")  # 北山镇 is A
    _, _, beishan_deputy, _ = towns["beishan"]
    older = CadreFactory(unit=units["east_edu"], birth_month=OLD, name="老张")
    old_seat = AppointmentFactory(post=_team(units["east_edu"], OLD)[2], cadre=older)
    _add(staff, scenario, MoveKind.TRANSFER, older, beishan_deputy, old_seat)
    [view] = selectors.effect(scenario, selectors.moves_of(scenario)).moves
    assert "办理前须提出动议并经双把关" in view.second_check
    assert "不是年轻干部，任职后差额不减少" in view.second_check
    [proposal] = services.propose(staff, scenario)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="任职须先提出动议"):
        services.carry_out(staff, proposal, date=today, document_number="东组干〔2026〕9号")
    motion = services.propose_motion(staff, older, beishan_deputy, today)
    colleague = _persona("xiaowang", Role.STAFF, units["east"], name="小王")
    services.sign_off(colleague, motion, "approved")
    done = services.carry_out(staff, proposal, date=today, document_number="东组干〔2026〕9号")
    assert done.status == ProposalStatus.DONE
    old_seat.refresh_from_db()
    assert old_seat.end_date == today
    assert done.appointment.post == beishan_deputy and done.appointment.cadre == older
    assert SecondSignOff.objects.get(appointment=done.appointment) == motion


def test_carrying_out_is_refused_whole_when_the_seat_was_filled_meanwhile(
    towns, staff, scenario, units
):
    _, _, beishan_deputy, _ = towns["beishan"]
    _, _, _, (_, young_seat) = towns["qingshi"]
    _add(staff, scenario, MoveKind.TRANSFER, young_seat.cadre, beishan_deputy, young_seat)
    [proposal] = services.propose(staff, scenario)
    for _ in range(2):
        AppointmentFactory(post=beishan_deputy, cadre=CadreFactory(unit=units["beishan"]))
    with pytest.raises(ValidationError, match="超职数配备：北山镇副镇长核定职数3名"):
        services.carry_out(staff, proposal, date=dt.date(2026, 7, 1), document_number="x")
    young_seat.refresh_from_db()
    assert young_seat.end_date is None  # the removal went back with it
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING


def test_a_withdrawn_proposal_cannot_be_carried_out(towns, staff, scenario):
    _, _, _, (_, young_seat) = towns["qingshi"]
    _add(staff, scenario, MoveKind.REMOVE, young_seat.cadre, leaves=young_seat)
    [proposal] = services.propose(staff, scenario)
    services.withdraw(staff, proposal, "另有安排")
    with pytest.raises(ValidationError, match="已撤回，不能再办理"):
        services.carry_out(staff, proposal, date=REF, document_number="x")


# --- pages ---------------------------------------------------------------------------


def test_the_team_page_starts_a_scenario_on_that_team(towns, staff, as_user):
    client = as_user(staff)
    team = towns["qingshi"][0]
    page = client.get(reverse("staffing:simulate", args=[team.pk])).content.decode()
    assert "青石镇领导班子调配方案" in page
    response = client.post(
        reverse("staffing:scenario_create"),
        {"name": "青石镇调整", "ref_date": "2026-06-30", "team": team.pk},
    )
    scenario = selectors.scenarios_for(staff).get()
    assert response.url == reverse("staffing:scenario_detail", args=[scenario.pk]) + (
        f"?team={team.pk}"
    )
    page = client.get(response.url).content.decode()
    assert f'<tr data-team="{team.pk}">' in page  # shown before any move


def test_a_refused_move_comes_back_in_the_htmx_body_with_the_reason(
    towns, staff, scenario, as_user, units
):
    _, chief_post, _, _ = towns["beishan"]
    person = CadreFactory(unit=units["beishan"], name="李四")
    response = as_user(staff).post(
        reverse("staffing:scenario_move_add", args=[scenario.pk]),
        {"kind": "appoint", "cadre": person.pk, "post": chief_post.pk, "date": "2026-06-30"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "<html" not in page
        and "超职数配备" in page
        and "第1条调配（任命李四为北山镇党委书记）" in page
    )


def test_an_added_move_shows_the_new_levels_in_the_htmx_body(towns, staff, scenario, as_user):
    _, _, _, (_, young_seat) = towns["qingshi"]
    response = as_user(staff).post(
        reverse("staffing:scenario_move_add", args=[scenario.pk]),
        {"kind": "remove", "cadre": young_seat.cadre_id, "leaves": young_seat.pk, "date": REF},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-level="before">C级' in page and 'data-level="after">A级' in page


def test_the_move_form_finds_people_and_their_seats(towns, staff, scenario, as_user):
    _, _, _, (_, young_seat) = towns["qingshi"]
    response = as_user(staff).get(
        reverse("staffing:scenario_detail", args=[scenario.pk]),
        {"kind": "transfer", "q": young_seat.cadre.name, "cadre": young_seat.cadre_id},
        headers={"HX-Request": "true", "HX-Target": "move-form"},
    )
    page = response.content.decode()
    assert page.lstrip().startswith("<form") and f'value="{young_seat.pk}" selected' in page


def test_scenarios_are_compared_side_by_side(towns, staff, as_user):
    _, _, _, (_, young_seat) = towns["qingshi"]
    first = services.create_scenario(staff, name="方案一", ref_date=REF)
    second = services.create_scenario(staff, name="方案二", ref_date=REF)
    _add(staff, first, MoveKind.REMOVE, young_seat.cadre, leaves=young_seat)
    page = (
        as_user(staff)
        .get(reverse("staffing:scenario_compare"), {"ids": [first.pk, second.pk]})
        .content.decode()
    )
    assert "方案一" in page and "方案二" in page
    assert "50.0% → 0.0%" in page and "50.0% → 50.0%" in page


def test_scenario_list_queries_do_not_grow_with_scenarios(
    staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    services.create_scenario(staff, name="一", ref_date=REF)
    client.get(reverse("staffing:scenarios"))
    for n in range(5):
        services.create_scenario(staff, name=f"方案{n}", ref_date=REF)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("staffing:scenarios"))
    assert response.content.decode().count('name="ids"') == 6


def test_editor_queries_do_not_grow_with_moves_or_teams(
    towns, staff, scenario, as_user, units, django_assert_num_queries
):
    client = as_user(staff)
    url = reverse("staffing:scenario_detail", args=[scenario.pk])
    _, _, _, (_, young_seat) = towns["qingshi"]
    _add(staff, scenario, MoveKind.REMOVE, young_seat.cadre, leaves=young_seat)
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for name in ("甲镇", "乙镇"):
        unit = UnitFactory(
            name=name, parent=units["east"], level=UnitLevel.TOWNSHIP, kind=UnitKind.TOWNSHIP
        )
        _, _, deputy, _ = _team(unit, OLD, OLD)
        _add(staff, scenario, MoveKind.APPOINT, CadreFactory(unit=unit), deputy)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_proposal_list_queries_do_not_grow_with_rows(
    towns, staff, as_user, django_assert_max_num_queries
):
    client = as_user(staff)
    for _ in range(3):
        scenario = services.create_scenario(staff, name="x", ref_date=REF)
        _, _, deputy, _ = towns["beishan"]
        _add(staff, scenario, MoveKind.APPOINT, CadreFactory(unit=deputy.team.unit), deputy)
        services.propose(staff, scenario)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("staffing:proposals")).content.decode()
    assert page.count('name="note"') == 3  # one withdraw form per pending proposal


def test_moving_a_young_cadre_out_of_a_county_internal_body_grades_only_the_team(
    units, towns, staff, scenario
):
    """The 股室 a 副镇长 comes from is not graded (内设机构) before or after; only the
    township team is, and the 内设机构 target counts the body by its seat layer (30)."""
    body = UnitFactory(
        name="办公室", parent=units["east_edu"], level=UnitLevel.COUNTY, kind=UnitKind.INTERNAL_BODY
    )
    body_team = LeadershipTeamFactory(unit=body)
    chief = PostFactory(team=body_team, title="主任", is_chief=True, quota=1)
    young = CadreFactory(unit=body, birth_month=dt.date(1996, 1, 1))  # 30 on REF
    held = AppointmentFactory(post=chief, cadre=young)
    _, _, deputy_post, _ = towns["beishan"]
    _add(staff, scenario, MoveKind.TRANSFER, young, deputy_post, held)
    found = selectors.effect(scenario, list(scenario.moves.all()), focus=(body_team.pk,))
    levels = _levels(found)
    assert levels["东县教育局办公室"] == (None, None)
    assert levels["北山镇"] == ("A", "C")
    bodies = next(t for t in found.targets if t.block.target.code == "bodies-with-young")
    assert [(b.layer, b.count, a.count) for b, a in bodies.rows] == [("county_body", 1, 0)]
