"""A 干部本人 account reads its own record and nothing else: every scoped selector
of every stage answers nothing, staff pages and the API refuse, and changing a pk
in a URL reaches no one (the URL walk, tests/test_url_permissions.py, checks every
URL; these tests name the cases a person would try)."""

import inspect

import pytest
from django.db.models import QuerySet
from django.urls import reverse

from pool.models import AuditEntry
from pool.people import selectors as pool_selectors
from staffing import selectors as staffing_selectors
from supervision import selectors as supervision_selectors
from tests.factories import CadreFactory, TalkFactory, TalkParticipantFactory, VetoFactory
from training import selectors as training_selectors

SECRET_NOTE = "谈话要点：母亲住院，需组织关心"


def _user_selectors():
    """Every ``*_for(user)`` read of the four apps."""
    for module in (pool_selectors, training_selectors, supervision_selectors, staffing_selectors):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            params = list(inspect.signature(function).parameters)
            if name.endswith("_for") and params[:1] == ["user"] and len(params) == 1:
                yield f"{module.__name__}.{name}", function


def test_every_scoped_selector_gives_a_cadre_account_nothing(cadre_self, units):
    CadreFactory(unit=units["qingshi"])
    checked = []
    for name, function in _user_selectors():
        result = function(cadre_self)
        if isinstance(result, QuerySet):
            assert not result.exists(), name
        elif isinstance(result, list | set | tuple | dict):
            assert not result, name
        else:
            continue
        checked.append(name)
    assert (
        "pool.people.selectors.cadres_for" in checked
        and "pool.people.selectors.units_for" in checked
    )
    assert len(checked) >= 15, checked


def test_the_own_record_shows_the_allow_list_and_nothing_staff_write(cadre_self, client):
    person = cadre_self.grant.cadre
    talk = TalkFactory(note=SECRET_NOTE)
    TalkParticipantFactory(talk=talk, cadre=person)
    VetoFactory(cadre=person, reason="受到党内严重警告处分")
    client.force_login(cadre_self)
    assert client.get(reverse("home")).url == reverse("people:me")
    page = client.get(reverse("people:me")).content.decode()
    assert "叶青 · 本人信息" in page and "出生年月" in page and "青石镇" in page
    for hidden in (SECRET_NOTE, "谈心谈话", "严重警告", "一票否决", "积分", "年轻干部库", "梯次"):
        assert hidden not in page, hidden
    assert person.id_masked in page and person.id_number not in page
    assert AuditEntry.objects.filter(action="view", object_id=str(person.pk)).exists()


@pytest.mark.parametrize(
    "url",
    [
        "people:profile",
        "pool:cadre_detail",
        "people:approval_docx",
        "pool:cadre_lrmx",
        "cadre-detail",
        "training:person",
        "pool:ranking_person",
        "pool:pool_timeline",
    ],
)
def test_changing_the_pk_reaches_no_record_not_even_the_own(cadre_self, units, client, url):
    other = CadreFactory(unit=units["qingshi"])
    client.force_login(cadre_self)
    for pk in (other.pk, cadre_self.grant.cadre.pk):
        assert client.get(reverse(url, args=[pk])).status_code == 403, (url, pk)


@pytest.mark.parametrize(
    "url",
    ["pool:person_search", "pool:cadre_list", "cadre-list", "unit-list", "people:approval_zip"],
)
def test_the_person_picker_lists_and_exports_refuse_a_cadre(cadre_self, client, url):
    client.force_login(cadre_self)
    response = client.get(reverse(url), {"q": "叶"})
    assert response.status_code == 403


def test_the_security_admin_cannot_make_an_account_a_cadre(security_admin, client):
    from django.contrib.auth import get_user_model

    someone = get_user_model().objects.create_user("someone")
    client.force_login(security_admin)
    response = client.post(reverse("accounts:account_role", args=[someone.pk]), {"role": "cadre"})
    assert "干部本人账号由干部科按单位批量开通" in response.content.decode()
    assert not hasattr(someone, "grant") or someone.grant is None
