"""Pinyin search keys for names: 王晓明 -> "wangxiaoming wxm".

A person is found by typing the full pinyin or its initials. pypinyin reads each
character as it is most often read in words, which is wrong for the surnames whose
reading as a surname differs (曾 is zeng, not ceng; 单 is shan). For those the key
holds both readings, so either finds the person.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Surnames read differently as a surname than in most words.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "缪": "miao",
    "覃": "qin",
    "翟": "zhai",
    "乐": "yue",
    "尉": "yu",
    "召": "shao",
    "员": "yun",
    "宓": "mi",
    "繁": "po",
    "种": "chong",
    "华": "hua",
    "任": "ren",
    "沈": "shen",
    "薄": "bo",
    "秘": "bi",
    "冼": "xian",
    "相": "xiang",
    "万": "wan",
    "藏": "zang",
}

MAX_LENGTH = 200


def _syllables(name: str) -> list[str]:
    """One lowercase ASCII syllable per Han character; other letters kept, the rest dropped.

    The surname and the given name are read separately, each cached: given names
    repeat across a roster, and reading 长春 as one word keeps its phrase reading,
    while no word spans the surname and the given name."""
    return [*_reading(name[:1]), *_reading(name[1:])]


@lru_cache(maxsize=65_536)
def _reading(text: str) -> tuple[str, ...]:
    out = []
    for part in lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: list(s)):
        letters = "".join(c for c in part.lower() if c.isascii() and c.isalnum())
        if letters:
            out.append(letters)
    return tuple(out)


def search_key(name: str) -> str:
    """Full pinyin and initials of ``name``, space-separated; empty for a name
    without letters. With a polyphonic surname, the surname reading comes first."""
    name = (name or "").strip()
    if not name:
        return ""
    readings = [_syllables(name)]
    surname = SURNAME_READINGS.get(name[0])
    if surname and readings[0] and readings[0][0] != surname:
        readings.insert(0, [surname, *readings[0][1:]])
    words: list[str] = []
    for syllables in readings:
        if not syllables:
            continue
        full = "".join(syllables)
        initials = "".join(s[0] for s in syllables)
        for word in (full, initials):
            if word not in words:
                words.append(word)
    return " ".join(words)[:MAX_LENGTH]


def looks_like_pinyin(text: str) -> bool:
    """Whether a search text is pinyin (letters only), so the key is worth searching."""
    return bool(text) and text.isascii() and text.replace(" ", "").isalpha()
