"""The profile's pure rules, at their boundaries."""

import datetime as dt

import pytest

from cadre_portal.profile import rules

D = dt.date


@pytest.mark.parametrize(
    ("born", "tags"),
    [
        (D(1984, 12, 1), []),
        (D(1985, 1, 1), ["85后"]),
        (D(1989, 12, 1), ["85后"]),
        (D(1990, 1, 1), ["90后"]),
        (D(1994, 12, 1), ["90后"]),
        (D(1995, 1, 1), ["95后", "90后"]),
        (D(1999, 12, 1), ["95后", "90后"]),
        (D(2000, 1, 1), ["00后"]),
    ],
)
def test_generation_tags_follow_the_birth_year(born, tags):
    assert rules.generation_tags(born) == tags


@pytest.mark.parametrize(("months", "years"), [(0, 0), (11, 0), (12, 1), (23, 1), (24, 2)])
def test_grassroots_years_are_whole_years(months, years):
    assert rules.grassroots_years(months) == years


def test_career_lines_are_written_the_way_the_form_writes_them():
    assert rules.career_line(D(2012, 8, 1), D(2015, 6, 1), "青石镇党政办科员") == (
        "2012.08--2015.06  青石镇党政办科员"
    )
    open_line = rules.career_line(D(2021, 3, 1), None, "青石镇党委副书记")
    assert open_line.startswith("2021.03--")
    assert len(open_line) == len("2012.08--2015.06  青石镇党委副书记")


@pytest.mark.parametrize(
    ("ref", "text"),
    [
        (D(2025, 5, 31), "1990.06(34岁)"),  # the month before the birthday month
        (D(2025, 6, 1), "1990.06(35岁)"),  # the birthday month
        (D(2025, 7, 1), "1990.06(35岁)"),
    ],
)
def test_birth_with_age_counts_at_the_reference_date(ref, text):
    assert rules.birth_with_age(D(1990, 6, 1), ref) == text


def test_annual_results_group_years_with_the_same_grade():
    grades = {2022: "优秀", 2023: "称职", 2024: "优秀", 2025: "称职"}
    text = rules.annual_results_text(grades, D(2026, 3, 1))
    assert text == "2023年度、2025年度考核均为称职；2024年度考核为优秀。"


@pytest.mark.parametrize(
    ("years", "text"),
    [
        ({2025: "称职"}, "2025年度考核为称职。"),
        ({2026: "优秀"}, ""),  # this year's assessment is not done yet
        ({2022: "优秀"}, ""),  # four years back
        ({}, ""),
    ],
)
def test_annual_results_cover_the_three_years_before_the_reference_year(years, text):
    assert rules.annual_results_text(years, D(2026, 3, 1)) == text


MAX = 2 * 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff\xe0"


@pytest.mark.parametrize(
    ("size", "head", "problem"),
    [
        (MAX, PNG, None),
        (MAX, JPEG, None),
        (MAX + 1, PNG, "照片不能超过2MB"),
        (0, b"", "请选择照片文件"),
        (100, b"GIF89a", "照片只能是JPG或PNG图片"),
        (100, b"<svg xmlns=", "照片只能是JPG或PNG图片"),
        (100, b"%PDF-1.4", "照片只能是JPG或PNG图片"),
    ],
)
def test_photo_must_be_a_real_jpeg_or_png_within_the_limit(size, head, problem):
    result = rules.photo_problem(size, head, MAX)
    if problem is None:
        assert result is None
    else:
        assert result.startswith(problem)


def test_export_file_names_are_unique_and_safe():
    names = rules.unique_file_names(
        ["张三_青石镇", "张三_青石镇", "李四_东县/教育局", "张三_青石镇"], ".docx"
    )
    assert names == [
        "张三_青石镇.docx",
        "张三_青石镇(2).docx",
        "李四_东县_教育局.docx",
        "张三_青石镇(3).docx",
    ]
