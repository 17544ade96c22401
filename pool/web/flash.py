"""Flash messages from a form or a service's refusal: each error once, with the label of
its field when it names one (``考察有效期至：请填写…``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError


def _label(form, name: str) -> str:
    if form is None or name not in form.fields:
        return ""
    return str(form.fields[name].label or "")


def _flash(request, form, errors: dict) -> None:
    for name, messages_ in errors.items():
        label = _label(form, name)
        for message in messages_:
            messages.error(request, f"{label}：{message}" if label else message)


def flash_form(request, form) -> None:
    """The errors of a bound, invalid form."""
    _flash(request, form, form.errors)


def flash_error(request, error: ValidationError, form=None) -> None:
    """A service's ValidationError; field errors labelled from ``form`` when given."""
    if hasattr(error, "error_dict"):
        _flash(request, form, error.message_dict)
    else:
        _flash(request, None, {"": error.messages})
