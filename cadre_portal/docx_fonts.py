"""Fonts in python-docx documents: a run or style names its face for every script
(ascii, hAnsi, eastAsia, cs), so Word and LibreOffice pick the Chinese face (宋体, 仿宋,
黑体) for Chinese text instead of falling back to a Latin one."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt


def set_fonts(rpr, name: str) -> None:
    """Name ``name`` for every script in a run's or style's ``w:rPr``."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def style_run(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    set_fonts(run._element.get_or_add_rPr(), name)
