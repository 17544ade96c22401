"""manage.py load_demo also writes classes (one 主体班 below 1/5), enrolments with rule
shortfalls, postings, mentoring pairs and plans; --reset deletes them first."""

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from training import selectors
from training.models import DevelopmentPlan, Enrollment, Mentorship, Posting, TrainingClass

FROZEN = dt.datetime(2026, 8, 10, 10, 0, tzinfo=dt.UTC)


def _load(*extra: str) -> str:
    out = io.StringIO()
    with time_machine.travel(FROZEN, tick=False):
        call_command("load_demo", "--scale", "0.1", *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_has_training_records_with_shortfalls_and_reset_reloads_them():
    output = _load()
    assert "培训班次" in output and "培训合规" in output
    main = TrainingClass.objects.filter(is_main_class=True)
    shares = selectors.young_shares(main.values_list("pk", flat=True))
    assert any(s.total and s.young * 5 < s.total for s in shares.values())  # one below 1/5
    assert Enrollment.objects.filter(result="completed").exists()
    assert Posting.objects.exists() and Mentorship.objects.exists()
    assert DevelopmentPlan.objects.filter(steps__isnull=False).exists()
    staff = get_user_model().objects.get(username="zuzhibu")
    _, counts, checked = selectors.compliance(staff, dt.date(2026, 8, 10))
    assert checked and all(counts[k] for k in (selectors.POLITICAL, selectors.HOURS))
    assert counts[selectors.POLITICAL] < checked  # a mix, not everyone
    enrolments = Enrollment.objects.count()
    _load("--reset")
    assert Enrollment.objects.count() == enrolments
