"""/help/: the manual's chapters as pages, for every signed-in role (the manual
describes fictional demo data only, so every role may read every chapter)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse

from cadre_portal.help import manual
from pool.people.selectors import grant_of


def help_url(request) -> str:
    """Where 帮助 leads from the current page: the user's chapter, at the section
    describing this page when there is one."""
    grant = grant_of(request.user)
    found = manual.chapter(grant.role) if grant is not None else None
    if found is None:
        return reverse("help:index")
    url = reverse("help:chapter", args=[found.role])
    match = getattr(request, "resolver_match", None)
    section = found.section_for(match.view_name) if match is not None else None
    return f"{url}#{section.anchor}" if section else url


@login_required
def index(request):
    grant = grant_of(request.user)
    return render(
        request,
        "help/index.html",
        {"chapters": manual.chapters(), "own": grant.role if grant else ""},
    )


@login_required
def chapter(request, role: str):
    found = manual.chapter(role)
    if found is None:
        raise Http404("没有这一章")
    html = manual.to_html(found, reverse("help:image", args=["x"]).removesuffix("x"))
    return render(
        request,
        "help/chapter.html",
        {"chapter": found, "html": html, "chapters": manual.chapters()},
    )


@login_required
def image(request, name: str):
    if not manual.IMAGE_NAME.match(name) or not (manual.IMAGE_DIR / name).is_file():
        raise Http404("没有这张图片")
    response = FileResponse((manual.IMAGE_DIR / name).open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response
