"""规则设置 (issue #16): every editable rule with its default, current value, basis
and last change; changing a talk rule is audited and only staff over the whole tree may
do it; after a change the current quarter's recalculation is offered."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from pool.models import AuditAction, AuditEntry, Role
from supervision import selectors, services
from supervision.models import TalkerRole, TalkRule
from tests.conftest import _persona
from tests.factories import CadreFactory, PoolMembershipFactory

NOW = dt.datetime(2026, 9, 1, 10, 0)


@pytest.fixture
def city_staff(units):
    """市委组织部干部科: the whole tree."""
    return _persona("shiwei", Role.STAFF, units["city"], name="市委组织部")


def _rule(role):
    return TalkRule.objects.get(talker_role=role)


def test_the_page_lists_every_rule_with_default_current_and_basis(staff, as_user):
    page = as_user(staff).get(reverse("rule_settings"))
    html = page.content.decode()
    assert page.status_code == 200
    for text in (
        "县级领导与所联系单位的年轻干部，每半年至少一次",  # a talk rule's basis
        "每年至少2次",  # 组织人事部门
        "任职后30日内",
        "主体班年轻干部占比",
        "年度学时要求",
        "人岗相适",
        "廉政意见有效期",
        "民主测评：称职以上得票率",
    ):
        assert text in html, text
    # a county's staff read the talk rules but may not change them
    assert reverse("supervision:talk_rule_edit", args=[_rule(TalkerRole.UNIT_HEAD).pk]) not in html
    assert reverse("training:rules") in html
    assert reverse("votes:rules") in html


@time_machine.travel(NOW, tick=False)
def test_city_staff_change_a_talk_rule_audited_and_the_ledger_follows(city_staff, units, as_user):
    cadre = PoolMembershipFactory(cadre=CadreFactory(unit=units["qingshi"])).cadre
    rule = _rule(TalkerRole.PARTY_SECRETARY)
    today = NOW.date()
    assert not selectors.overdue(city_staff, today, TalkerRole.PARTY_SECRETARY)  # yearly
    client = as_user(city_staff)
    url = reverse("supervision:talk_rule_edit", args=[rule.pk])
    response = client.post(url, {"period": "quarter", "times": 1})
    assert response.status_code == 302 and "changed=1" in response.url
    rule.refresh_from_db()
    assert (rule.period, rule.times, rule.updated_by) == ("quarter", 1, city_staff)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(rule.pk))
    assert entry.before["period"] == "year" and entry.after["period"] == "quarter"
    rows = selectors.overdue(city_staff, today, TalkerRole.PARTY_SECRETARY)
    assert [r.cadre for r in rows] == [cadre]  # Q2 2026 ended without a talk
    page = client.get(reverse("rule_settings") + "?changed=1").content.decode()
    assert 'id="recalc-offer"' in page and 'value="2026Q3"' in page
    assert reverse("staffing:recalc") in page
    assert "每季度至少1次" in page and "已调整" in page and "shiwei" in page


@time_machine.travel(NOW, tick=False)
def test_recalculation_is_offered_until_the_quarter_is_recalculated(city_staff, as_user):
    client = as_user(city_staff)
    assert 'id="recalc-offer"' not in client.get(reverse("rule_settings")).content.decode()
    services.update_talk_rule(
        city_staff, _rule(TalkerRole.MINISTER), period="month", times=1, within_days=None
    )
    assert 'id="recalc-offer"' in client.get(reverse("rule_settings")).content.decode()
    from staffing import services as staffing_services

    with time_machine.travel(dt.datetime(2026, 9, 1, 11, 0), tick=False):
        staffing_services.recalc_quarter("2026Q3", actor=city_staff)
        assert 'id="recalc-offer"' not in client.get(reverse("rule_settings")).content.decode()


def test_county_staff_may_not_change_a_rule_that_holds_for_every_unit(staff, as_user):
    rule = _rule(TalkerRole.UNIT_HEAD)
    response = as_user(staff).post(
        reverse("supervision:talk_rule_edit", args=[rule.pk]), {"period": "month", "times": 1}
    )
    assert response.status_code == 403
    with pytest.raises(ValidationError, match="管辖全市"):
        services.update_talk_rule(staff, rule, period="month", times=1, within_days=None)
    rule.refresh_from_db()
    assert rule.period == "quarter"


@pytest.mark.parametrize(
    ("role", "data", "field"),
    [
        (TalkerRole.UNIT_HEAD, {"period": "after_appointment", "times": 1}, "period"),
        (TalkerRole.UNIT_HEAD, {"period": "month", "times": 0}, "times"),
        (TalkerRole.UNIT_HEAD, {"period": "month", "times": 13}, "times"),
        ("", {"within_days": 0}, "within_days"),
    ],
)
def test_bad_values_are_refused_naming_the_field(city_staff, as_user, role, data, field):
    rule = _rule(role) if role else TalkRule.objects.get(period="after_appointment")
    response = as_user(city_staff).post(reverse("supervision:talk_rule_edit", args=[rule.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not AuditEntry.objects.filter(object_id=str(rule.pk), action=AuditAction.UPDATE)


def test_integrity_talk_days_change(city_staff):
    rule = TalkRule.objects.get(period="after_appointment")
    services.update_talk_rule(city_staff, rule, period="", times=5, within_days=15)
    rule.refresh_from_db()
    assert (rule.period, rule.times, rule.within_days) == ("after_appointment", 1, 15)
    assert rule.frequency_text == "任职后15日内" and rule.default_text == "任职后30日内"


def test_page_query_count_is_fixed(staff, as_user, django_assert_max_num_queries):
    client = as_user(staff)
    with django_assert_max_num_queries(20):  # one per rule table, one for the audit rows
        assert client.get(reverse("rule_settings")).status_code == 200
