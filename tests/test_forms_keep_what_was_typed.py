"""After a validation error a form shows again what was typed, the chosen people
included: the person picker (谈话 form) re-renders its chips, the 动议 form keeps the
chosen person selected even when the list now shows others."""

import datetime as dt
import re

from django.urls import reverse

from staffing import services
from tests.factories import AppointmentFactory, CadreFactory, LeadershipTeamFactory, PostFactory


def test_the_talk_form_keeps_the_chosen_people_after_an_error(units, staff, as_user):
    zhang = CadreFactory(unit=units["qingshi"], name="张青年")
    li = CadreFactory(unit=units["beishan"], name="李青年")
    client = as_user(staff)
    response = client.post(
        reverse("supervision:talk_record"),
        {"cadres": [zhang.pk, li.pk], "talker_name": "", "talker_role": "county_leader",
         "kind": "heart", "date": "2026-13-01", "note": "谈了工作打算"},
    )  # fmt: skip
    html = response.content.decode()
    assert "这个字段是必填项" in html or "必填" in html
    chips = re.findall(r'<input type="hidden" name="cadres" value="(\d+)">', html)
    assert sorted(chips) == sorted([str(zhang.pk), str(li.pk)])
    assert "张青年" in html and "李青年" in html
    assert "谈了工作打算" in html


def test_the_motion_form_keeps_the_chosen_person_and_date_after_an_error(units, staff, as_user):
    team = LeadershipTeamFactory(unit=units["qingshi"])
    post = PostFactory(team=team, title="副镇长", quota=5)
    AppointmentFactory(
        post=post, cadre=CadreFactory(unit=team.unit, birth_month=dt.date(1974, 1, 1))
    )
    services.recalc_quarter("2026Q1")
    # Found by a search, not among the unit's own people the page lists by default.
    elsewhere = CadreFactory(
        unit=units["east_edu"], name="赵外单位", birth_month=dt.date(1995, 3, 1)
    )
    client = as_user(staff)
    response = client.post(
        reverse("staffing:motion_new", args=[team.pk]),
        {"post": post.pk, "cadre": elsewhere.pk, "start_date": "2020-01-01"},  # in the past
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(rf'<option value="{elsewhere.pk}" selected>赵外单位', html)
    assert re.search(rf'<option value="{post.pk}" selected>', html)
    assert 'value="2020-01-01"' in html
