"""学历 and 学位 between LRMX text and the roster's choices (pool.models.Education,
Degree), both ways, so that a cadre exported and imported again is unchanged.

LRMX writes 学历 as the national software's words (大学, 研究生, 大专, 中央党校研究生
...) and 学位 with its subject (法学学士, 工学硕士学位). The roster keeps the level
only (学士); the subject is kept in the 毕业院校及专业 text as a final "（法学学士）",
which the export takes off again and writes back into the 学位 element, so nothing
is lost either way. The two 毕业院校系 elements (for the 学历 and for the 学位)
share one text when they agree, and are joined with "；" when they differ.
Pure functions, no ORM.
"""

from __future__ import annotations

import re

from pool.imports import vocabulary
from pool.imports.cells import CellError
from pool.models import Degree

LEVELS = tuple(Degree.values)  # 博士, 硕士, 学士
_SUBJECT_MARK = re.compile(r"^(.*)（([^（）]+?)(博士|硕士|学士)）$", re.S)


class EducationError(ValueError):
    """Chinese message, for the row error."""


def degree_from_lrmx(written: str) -> tuple[str, str]:
    """(level, subject): "法学学士" -> ("学士", "法学"); "" and "无" -> ("", "")."""
    try:
        return vocabulary.degree(written)
    except CellError as exc:
        raise EducationError(str(exc)) from None


def education_from_lrmx(written: str, level: str) -> str:
    """A roster 学历 (pool.imports.vocabulary.education): 研究生 is 博士研究生 when the degree
    is 博士; 中央党校研究生 and the like are kept as written."""
    try:
        return vocabulary.education(written, level).education
    except CellError as exc:
        raise EducationError(str(exc)) from None


def school_from_lrmx(for_education: str, for_degree: str, subject: str, level: str) -> str:
    """The roster's 毕业院校及专业 from the two LRMX elements and the degree's subject."""
    a, b = for_education.strip(), for_degree.strip()
    text = a if (not b or a == b) else (b if not a else f"{a}；{b}")
    if subject and level:
        text = f"{text}（{subject}{level}）"
    return text


def to_lrmx(education: str, level: str, school: str) -> tuple[str, str, str, str]:
    """(学历, 学位, 学历毕业院校系, 学位毕业院校系) as written into the file."""
    degree = level
    m = _SUBJECT_MARK.match(school)
    if level and m and m.group(3) == level:
        school, degree = m.group(1), m.group(2) + level
    return education, degree, school, (school if level else "")
