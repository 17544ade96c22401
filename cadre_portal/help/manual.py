"""Reading the manual: chapters (one per role), their sections, the pages each
section describes, and the chapter rendered to HTML.

A chapter is ``docs/manual/NN-<role>.md``. Its first line is the title (``# ...``);
each ``## 标题 {#anchor}`` is a section, and a comment under it names the pages it
describes by URL name (``<!-- 页面: pool:import_upload pool:import_preview -->``),
so the 帮助 link of a page opens its section. Images are ``img/<name>`` beside the
chapters, taken by tests/browser/test_manual_screenshots.py on the demo data."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from django.conf import settings

from pool.models import Role

MANUAL_DIR = Path(settings.BASE_DIR) / "docs" / "manual"
IMAGE_DIR = MANUAL_DIR / "img"
# Chapter order: the roles as the manual presents them.
ROLES = (
    Role.STAFF,
    Role.UNIT_COMMITTEE,
    Role.SECTOR_DEPT,
    Role.LEADER,
    Role.DISCIPLINE_LIAISON,
    Role.SYS_ADMIN,
    Role.SECURITY_ADMIN,
    Role.AUDIT_ADMIN,
    Role.CADRE,
)
_SECTION = re.compile(r"^##\s+(.+?)\s*\{#([\w-]+)\}\s*$", re.M)
_PAGES = re.compile(r"<!--\s*页面[:：]\s*(.*?)\s*-->")
_IMAGE = re.compile(r"!\[[^\]]*\]\((img/[^)\s]+)\)")
IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(png|jpg)$")


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    pages: tuple[str, ...]


@dataclass(frozen=True)
class Chapter:
    role: str
    number: int
    title: str
    text: str
    sections: tuple[Section, ...] = field(default=())

    @property
    def images(self) -> list[str]:
        """The image files the chapter shows (``img/x.png`` -> ``x.png``)."""
        return [m.removeprefix("img/") for m in _IMAGE.findall(self.text)]

    def section_for(self, url_name: str) -> Section | None:
        for section in self.sections:
            if url_name in section.pages:
                return section
        return None


def _read(role: str, number: int, path: Path) -> Chapter:
    text = path.read_text(encoding="utf-8")
    title = text.splitlines()[0].lstrip("#").strip()
    sections = []
    for m in _SECTION.finditer(text):
        rest = text[m.end() : m.end() + 300]
        pages = _PAGES.search(rest.split("\n## ", 1)[0])
        sections.append(Section(m[2], m[1], tuple(pages[1].split()) if pages else ()))
    return Chapter(role, number, title, text, tuple(sections))


@functools.cache
def chapters() -> tuple[Chapter, ...]:
    """Every chapter, in order (read once per process)."""
    out = []
    for number, role in enumerate(ROLES, start=1):
        path = MANUAL_DIR / f"{number:02d}-{role}.md"
        out.append(_read(role, number, path))
    return tuple(out)


def chapter(role: str) -> Chapter | None:
    return next((c for c in chapters() if c.role == role), None)


def to_html(chapter: Chapter, image_base: str) -> str:
    """The chapter as HTML; images point at ``image_base`` + name (a URL, or a file:// dir)."""
    text = _IMAGE.sub(
        lambda m: m[0].replace(m[1], image_base + m[1].removeprefix("img/")), chapter.text
    )
    return markdown.markdown(text, extensions=["attr_list", "tables", "toc"], output_format="html")
