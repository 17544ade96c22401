"""The 用户操作手册: a chapter per role, every page it names exists, the chapters
are pages at /help/ for every role, the 帮助 link opens the current page's section
of the user's chapter, and build_manual_pdf prints one PDF with a page per chapter."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import get_resolver, reverse

from cadre_portal.help import manual
from pool.models import Role
from tests.conftest import CHROMIUM

PERSONAS = ["staff", "unit_committee", "sector_dept", "leader", "discipline_liaison",
            "sys_admin", "security_admin", "audit_admin"]  # fmt: skip


def _url_names() -> set[str]:
    names = set()

    def walk(resolver, prefix=""):
        for p in resolver.url_patterns:
            if hasattr(p, "url_patterns"):
                walk(p, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif p.name:
                names.add(prefix + p.name)

    walk(get_resolver())
    return names


def test_one_chapter_per_role_in_chinese_with_sections_naming_real_pages():
    chapters = manual.chapters()
    assert [c.role for c in chapters] == list(manual.ROLES)
    assert set(manual.ROLES) == set(Role.values)
    known = _url_names()
    for chapter in chapters:
        assert re.match(r"第.章 ", chapter.title), chapter.title
        assert chapter.sections, f"{chapter.title} 没有小节"
        for section in chapter.sections:
            assert section.pages, f"{chapter.title}·{section.title} 没有标注页面"
            unknown = set(section.pages) - known
            assert not unknown, f"{chapter.title}·{section.title} 标注了不存在的页面 {unknown}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_reads_its_chapter_and_the_help_link_opens_it(persona, request, client):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    home = client.get(reverse("home")).content.decode()
    chapter = manual.chapter(user.grant.role)
    link = re.search(r'href="([^"]+)" id="help-link"', home)[1]
    assert link.startswith(reverse("help:chapter", args=[chapter.role]))
    page = client.get(link.split("#")[0]).content.decode()
    assert "<h1" in page and chapter.title in page
    for section in chapter.sections:
        assert f'id="{section.anchor}"' in page
    for name in chapter.images:
        assert reverse("help:image", args=[name]) in page
    assert client.get(reverse("help:index")).status_code == 200


def test_the_help_link_opens_the_section_of_the_current_page(staff, client):
    client.force_login(staff)
    html = client.get(reverse("pool:import_upload")).content.decode()
    assert f'href="{reverse("help:chapter", args=["staff"])}#import" id="help-link"' in html
    html = client.get(reverse("supervision:talk_record")).content.decode()
    assert f'href="{reverse("help:chapter", args=["staff"])}#talks" id="help-link"' in html


def test_help_refuses_unknown_chapters_and_image_names(staff, client):
    client.force_login(staff)
    assert client.get(reverse("help:chapter", args=["nobody"])).status_code == 404
    assert client.get(reverse("help:image", args=["..%2Fsettings.py"])).status_code == 404
    assert client.get(reverse("help:image", args=["missing.jpg"])).status_code == 404
    name = manual.chapter("staff").images[0]
    response = client.get(reverse("help:image", args=[name]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(reverse("help:chapter", args=["staff"])).status_code == 302


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_build_manual_pdf_prints_every_chapter_on_its_own_page(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    output = tmp_path / "手册.pdf"
    out = io.StringIO()
    call_command("build_manual_pdf", "--output", str(output), stdout=out)
    assert f"{len(manual.ROLES)}章" in out.getvalue()
    assert output.read_bytes()[:5] == b"%PDF-"
    assert output.stat().st_size < 5 * 1048576
    text = subprocess.run(
        ["pdftotext", "-layout", str(output), "-"], capture_output=True, check=True
    ).stdout.decode()
    pages = text.split("\f")
    for chapter in manual.chapters():
        starts = [i for i, p in enumerate(pages) if p.strip().startswith(chapter.title)]
        assert starts, f"没有以《{chapter.title}》开头的页"
    assert "纪委监委联络员" in text and "审计日志" in text  # Chinese text, not boxes
    assert len(pages) - 1 >= len(manual.chapters()) + 1  # the cover and a page per chapter
