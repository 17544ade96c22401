from django.urls import reverse

from pool.models import Notice, Role
from pool.notify import notices
from tests.conftest import _persona


def test_staff_responsible_for_a_township_are_the_county_and_city_staff(units, staff):
    city_staff = _persona("shi", Role.STAFF, units["city"])
    west_staff = _persona("xi", Role.STAFF, units["west"])
    _persona("lingdao", Role.LEADER, units["east"])
    responsible = set(notices.staff_responsible_for(units["qingshi"]))
    assert responsible == {staff, city_staff}
    assert west_staff not in responsible


def test_disabled_staff_get_no_notice(units, staff):
    staff.is_active = False
    staff.save()
    assert not notices.staff_responsible_for(units["qingshi"]).exists()


def test_a_notice_with_a_key_is_written_once(staff):
    for _ in range(2):
        notices.notify([staff], kind="talk_overdue", title="谈话逾期", key="talk:2026-11")
    notices.notify([staff], kind="talk_overdue", title="谈话逾期", key="talk:2026-12")
    assert Notice.objects.filter(recipient=staff).count() == 2


def test_unread_count_shows_in_the_navbar_and_reading_clears_it(as_user, staff):
    notices.notify([staff], kind="x", title="试用期将满", url="/staffing/warnings/")
    client = as_user(staff)
    home = client.get(reverse("home")).content.decode()
    assert "1 条未读" in home
    notice = Notice.objects.get()
    response = client.post(reverse("pool:notice_read"), {"pk": notice.pk, "next": notice.url})
    assert response.status_code == 302 and response.url == "/staffing/warnings/"
    assert notices.unread_count(staff) == 0


def test_one_cannot_read_or_mark_another_users_notice(as_user, staff, leader):
    notices.notify([leader], kind="x", title="只给领导")
    client = as_user(staff)
    assert "只给领导" not in client.get(reverse("pool:notice_list")).content.decode()
    client.post(reverse("pool:notice_read"), {"pk": Notice.objects.get().pk})
    assert notices.unread_count(leader) == 1


def test_next_outside_the_site_is_not_followed(as_user, staff):
    response = as_user(staff).post(reverse("pool:notice_read"), {"next": "https://evil.example/"})
    assert response.url == reverse("pool:notice_list")
