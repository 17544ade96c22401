import datetime as dt

import pytest

from pool.people import rules
from pool.people.rules import IdNumberError, normalize_id_number

VALID = "11010519491231002X"  # the GB 11643 standard's own example


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (VALID, VALID),
        ("11010519491231002x", VALID),  # lowercase x
        (" 110105 1949 1231 002X ", VALID),  # stray spaces
        ("\u200b11010519491231002X\ufeff", VALID),  # zero-width characters
        ("１１０１０５１９４９１２３１００２Ｘ", VALID),  # full-width digits
        ("110105491231002", VALID),  # 15-digit legacy: century 19, check digit computed
        (430181199001011233, "430181199001011233"),  # a number from a spreadsheet
        (430181900101123.0, "430181199001011233"),  # a 15-digit one read back as a float
    ],
)
def test_id_numbers_written_the_ways_people_write_them_are_normalised(raw, expected):
    assert normalize_id_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("110105194912310021", "校验位错误（应为X）"),
        ("11010519491331002X", "出生日期（第7至14位）不存在"),
        ("11010518991231002X", "不合理"),
        ("1101051949123100", "应为18位"),
        ("1101051949123100AX", "应为18位"),
        ("", "为空"),
        (None, "为空"),
    ],
)
def test_wrong_id_numbers_are_refused_with_a_chinese_reason(raw, message):
    with pytest.raises(IdNumberError, match=message):
        normalize_id_number(raw)


@pytest.mark.parametrize(
    "raw", ["110105194912310021", "11010519491331002X", "11010518991231002X", "1101051949123100AX"]
)
def test_the_reason_shows_the_number_masked(raw):
    # the message reaches pages and the stored import report: never the middle digits
    with pytest.raises(IdNumberError) as refused:
        normalize_id_number(raw)
    assert raw[6:14] not in str(refused.value)
    assert f"{raw[:6]}********{raw[-4:]}" in str(refused.value)


def test_check_character_follows_gb11643():
    assert rules.id_check_char("11010519491231002") == "X"
    assert rules.id_check_char("43018119900101123") == "3"


def test_birth_date_and_gender_come_from_the_id_number():
    assert rules.birth_date_from_id(VALID) == dt.date(1949, 12, 31)
    assert rules.gender_from_id(VALID) == "女"  # 17th digit 2 is even
    assert rules.gender_from_id("430181199001011233") == "男"


def test_masking_keeps_region_and_last_four():
    assert rules.mask_id_number("43018119900101123X") == "430181********123X"


@pytest.mark.parametrize("raw", ["٣" * 18, "٣" * 15, "4301811990010112３٣"])
def test_digits_of_other_scripts_are_refused_not_crashed_on(raw):
    with pytest.raises(IdNumberError, match="应为18位"):
        normalize_id_number(raw)


def test_the_check_character_needs_seventeen_ascii_digits():
    with pytest.raises(ValueError):
        rules.id_check_char("1101051949123100")
