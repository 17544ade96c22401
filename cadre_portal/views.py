from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from pool import selectors
from pool.access import CADRE_READERS, has_role


@login_required
def home(request):
    """The home page: real counts for the user's jurisdiction."""
    today = timezone.localdate()
    context = {"today": today, "grant": selectors.grant_of(request.user)}
    if has_role(request.user, CADRE_READERS):
        context["counts"] = selectors.home_counts(request.user, today)
        context["by_level"] = selectors.young_by_unit_level(request.user, today)
    return render(request, "home.html", context)
