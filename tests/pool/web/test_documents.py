"""Dates and issuers as official documents write them."""

import datetime as dt

import pytest

from pool.web.documents import chinese_date, org_department


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 9, 30), "2026年9月30日"),
        (dt.date(2026, 1, 1), "2026年1月1日"),
        (dt.date(2026, 12, 7), "2026年12月7日"),
        (dt.date(2026, 10, 10), "2026年10月10日"),
    ],
)
def test_chinese_date_has_no_leading_zeros(day, text):
    assert chinese_date(day) == text


@pytest.mark.parametrize(
    ("region", "issuer"),
    [
        ("北山县", "中共北山县委组织部"),
        ("东县", "中共东县委组织部"),
        ("江州市", "中共江州市委组织部"),
        ("河西区", "中共河西区委组织部"),
        ("北山县委", "中共北山县委组织部"),
        ("中共北山县委", "中共北山县委组织部"),
        ("中共北山县委组织部", "中共北山县委组织部"),
        (" 江州市 ", "中共江州市委组织部"),
    ],
)
def test_org_department_never_doubles_the_suffix(region, issuer):
    assert org_department(region) == issuer


@pytest.mark.parametrize("blank", ["", "  ", "中共", "组织部"])
def test_org_department_of_nothing_is_a_clear_error(blank):
    with pytest.raises(ValueError, match="地区名称为空"):
        org_department(blank)
