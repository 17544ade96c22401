"""Whole numbers from query strings and forms, bounded: ``?year=99999999999999999999``,
``?rank_years=-153516657317181`` or ``?unit=²`` (``str.isdigit`` accepts it, ``int``
refuses it) are "not given" on a page and a 400 on the API, never a 500.

One helper for hand-read parameters (``whole_number``) and one django-filter filter
(``WholeNumberFilter``); every integer query parameter goes through one of them.
"""

from __future__ import annotations

import re

import django_filters
from django import forms

# Primary keys are bigint; no other whole number in a query comes near it.
MAX_ID = 2**63 - 1
YEARS = (1900, 2100)
_WHOLE = re.compile(r"[+-]?[0-9]{1,19}")


def whole_number(raw, low: int = 0, high: int = MAX_ID, default=None):
    """``raw`` (a str, or None) as an int within [low, high]; otherwise ``default``.
    Only ASCII digits count, with an optional sign."""
    if raw is None:
        return default
    text = str(raw).strip()
    if not _WHOLE.fullmatch(text):
        return default
    value = int(text)
    return value if low <= value <= high else default


def object_id(raw):
    """A primary key from a query parameter, or None."""
    return whole_number(raw, 1, MAX_ID)


def year(raw, default=None):
    return whole_number(raw, *YEARS, default=default)


class WholeNumberFilter(django_filters.NumberFilter):
    """A NumberFilter that takes whole numbers within ``min_value``..``max_value``
    (default 0..MAX_ID): anything else is a form error (400 on the API, ignored on
    pages) instead of reaching date arithmetic or the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value: int = 0, max_value: int = MAX_ID, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)

    def get_max_validator(self):
        return None  # the field's own max_value applies
