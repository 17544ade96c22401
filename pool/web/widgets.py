"""The person picker widget: a type-ahead over ``pool:person_search`` instead of a
select or checkbox list of every cadre. The chosen people are hidden inputs with the
field's name, shown as chips, so a form keeps them after a validation error; only the
chosen ones are read (through the field's scoped queryset), never the whole roster."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from pool.people.search import chosen_people, person_label

PLACEHOLDER = "输入姓名、拼音或首字母（如 wxm）、身份证号后4位或单位名称"


class PersonPicker(forms.SelectMultiple):
    template_name = "pool/widgets/person_picker.html"
    multiple = True

    def __init__(self, attrs=None, *, pool_preset: bool = True):
        super().__init__(attrs)
        self.pool_preset = pool_preset

    def optgroups(self, name, value, attrs=None):
        return []  # the roster is never rendered; people come from the search endpoint

    def format_value(self, value):
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        return [str(v.pk if hasattr(v, "pk") else v) for v in value if v not in ("", None)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        queryset = getattr(self.choices, "queryset", None)
        chosen = chosen_people(queryset, widget["value"]) if queryset is not None else []
        widget["chosen"] = [(p.id, person_label(p)) for p in chosen]
        widget["search_url"] = reverse("pool:person_search")
        widget["multiple"] = self.multiple
        widget["pool_preset"] = self.pool_preset
        widget["placeholder"] = PLACEHOLDER
        return context

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name)
        return values if self.multiple else (values[-1] if values else None)

    def value_omitted_from_data(self, data, files, name):
        return False  # no chip at all means no choice, as with checkboxes


class PersonPickerOne(PersonPicker):
    """The same picker for a field that takes one person (a ModelChoiceField)."""

    multiple = False
    allow_multiple_selected = False


def preselected(request, key: str = "cadre") -> list[str]:
    """People a link asked the form to start with (``?cadre=<pk>``, e.g. from the
    profile); the form's scoped queryset drops anyone outside the jurisdiction."""
    return [v for v in request.GET.getlist(key)[:50] if v.isdigit()]
