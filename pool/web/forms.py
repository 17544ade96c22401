"""Form furniture every app shares: Bootstrap widget attributes, the empty choice of a
required select, date inputs, and one mapper from a service's ValidationError to a form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

# Widget attributes of hand-declared fields.
TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
DATE = {"class": "form-control", "type": "date"}

# The empty choice of a select the user must fill in (never Django's raw "---------").
PICK = "请选择…"


def date_input():
    """An <input type="date">: browsers read only ISO dates, whatever the locale's format."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BootstrapFormMixin:
    """Bootstrap classes on every widget, so templates can render fields as they are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def add_errors(form, error: ValidationError) -> None:
    """A service's refusal shown on the form: on the field it names, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def filter_widgets(form) -> None:
    """Bootstrap classes on a filter bar's fields: small selects, plain text inputs."""
    for field in form.fields.values():
        css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control"
        field.widget.attrs.setdefault("class", css)
