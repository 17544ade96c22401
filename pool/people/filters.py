import datetime as dt

import django_filters
from django.db.models import Exists, OuterRef, Q

from pool.models import (
    OPEN_POOL_STATUSES,
    Cadre,
    CadreCategory,
    Education,
    PoolMembership,
    Rank,
    Unit,
    UnitKind,
    UnitLevel,
)
from pool.people import rules
from pool.people import search as people_search
from pool.web.forms import filter_widgets
from pool.web.params import WholeNumberFilter

MAX_YEARS = 120  # ages, party years and years in rank


GENERATIONS = {
    "95": ("95后", dt.date(1995, 1, 1), dt.date(2000, 1, 1)),
    "90": ("90后", dt.date(1990, 1, 1), dt.date(2000, 1, 1)),
    "85": ("85后", dt.date(1985, 1, 1), dt.date(1990, 1, 1)),
    "80": ("80后", dt.date(1980, 1, 1), dt.date(1990, 1, 1)),
}


# 干部名册's sortable columns: the GET value and its ORDER BY (ties: unit order, person).
UNIT_SELECT_LIMIT = 2000
CADRE_SORTS = {
    "name": ["name"],
    "-name": ["-name"],
    "birth": ["birth_month"],
    "-birth": ["-birth_month"],
    "unit": [],
    "rank": ["rank"],
    "category": ["category"],
    "education": ["fulltime_education"],
}
IN_POOL_CHOICES = [("yes", "在库"), ("no", "不在库")]


class CadreFilter(django_filters.FilterSet):
    """干部名册's filters. Ages count from 出生年月 at ``age_on`` (default today); the
    text box matches name, pinyin, initials, ID tail, 职务 and unit names (and units
    above); ``sub`` widens ``unit`` to the units below it."""

    q = django_filters.CharFilter(label="姓名/拼音/职务/单位", method="filter_text")
    unit = WholeNumberFilter(min_value=1, label="所在单位", method="filter_unit")
    sub = django_filters.BooleanFilter(
        label="含下级单位", method="filter_noop", widget=django_filters.widgets.BooleanWidget()
    )
    level = django_filters.ChoiceFilter(
        field_name="unit__level", choices=UnitLevel.choices, label="层级"
    )
    unit_kind = django_filters.ChoiceFilter(
        field_name="unit__kind", choices=UnitKind.choices, label="单位类别"
    )
    category = django_filters.ChoiceFilter(choices=CadreCategory.choices, label="干部类别")
    rank = django_filters.ChoiceFilter(choices=Rank.choices, label="职级")
    education = django_filters.ChoiceFilter(
        choices=Education.choices, label="学历（全日制或在职）", method="filter_education"
    )
    gender = django_filters.ChoiceFilter(
        choices=Cadre._meta.get_field("gender").choices, label="性别"
    )
    generation = django_filters.ChoiceFilter(
        choices=[(k, v[0]) for k, v in GENERATIONS.items()],
        label="年代",
        method="filter_generation",
    )
    born_after = django_filters.DateFilter(
        field_name="birth_month", lookup_expr="gte", label="出生年月不早于"
    )
    born_before = django_filters.DateFilter(
        field_name="birth_month", lookup_expr="lte", label="出生年月不晚于"
    )
    age_min = WholeNumberFilter(max_value=MAX_YEARS, label="年龄不小于", method="filter_age_min")
    age_max = WholeNumberFilter(max_value=MAX_YEARS, label="年龄不大于", method="filter_age_max")
    age_on = django_filters.DateFilter(label="年龄计算日期", method="filter_noop")
    in_pool = django_filters.ChoiceFilter(
        choices=IN_POOL_CHOICES, label="年轻干部库", method="filter_in_pool"
    )
    sort = django_filters.ChoiceFilter(
        choices=[(k, k) for k in CADRE_SORTS], method="filter_noop", label="排序"
    )

    class Meta:
        model = Cadre
        fields: list[str] = []

    def __init__(self, *args, units=None, top=None, today: dt.date | None = None, **kwargs):
        self.today = today or dt.date.today()
        super().__init__(*args, **kwargs)
        # 所在单位 offers the user's units by path (北山县/青石镇/办公室), never a bare name;
        # the page renders them as the unit select's options. A jurisdiction of more than
        # UNIT_SELECT_LIMIT units (a province) offers its ``top`` (the grant's unit) and the
        # units right below it.
        self.units_shortened = False
        if units is not None:
            limit = None if top is None else UNIT_SELECT_LIMIT + 1
            ids = list(units.order_by().values_list("pk", flat=True)[:limit])
            if top is not None and len(ids) > UNIT_SELECT_LIMIT:
                self.units_shortened = True
                ids = units.filter(Q(pk__in=top) | Q(parent_id__in=top)).values_list(
                    "pk", flat=True
                )
            units = ids
        self.unit_paths = people_search.unit_paths(units) if units is not None else {}
        self.unit_choices = sorted(self.unit_paths.items(), key=lambda item: item[1])
        filter_widgets(self.form)
        for name in ("born_after", "born_before", "age_on"):
            self.form.fields[name].widget.input_type = "date"
        for name in ("age_min", "age_max"):
            self.form.fields[name].widget.attrs.update(min="0", max="80")

    def filter_noop(self, queryset, name, value):
        return queryset  # read by another filter (sub, age_on) or by ``qs`` (sort)

    @property
    def qs(self):
        cadres = super().qs
        sort = self.form.cleaned_data.get("sort") or "unit"
        return cadres.order_by(*CADRE_SORTS[sort], "unit__position", "unit_id", "id")

    def _ref(self) -> dt.date:
        return self.form.cleaned_data.get("age_on") or self.today

    def filter_text(self, queryset, name, value):
        """Name, pinyin or initials, ID tail, unit (or a unit above) or 职务."""
        return queryset.filter(people_search.text_q(value, positions=True))

    def filter_unit(self, queryset, name, value):
        if not self.form.cleaned_data.get("sub"):
            return queryset.filter(unit_id=value)
        unit = Unit.objects.filter(pk=value).first()
        if unit is None:
            return queryset.none()
        return queryset.filter(unit__in=Unit.objects.subtree(unit))

    def filter_education(self, queryset, name, value):
        return queryset.filter(Q(fulltime_education=value) | Q(inservice_education=value))

    def filter_generation(self, queryset, name, value):
        _, start, end = GENERATIONS[value]
        return queryset.filter(birth_month__gte=start, birth_month__lt=end)

    def filter_age_min(self, queryset, name, value):
        # age >= N  <=>  not (age <= N - 1)
        return queryset.filter(birth_month__lt=rules.young_cutoff(int(value) - 1, self._ref()))

    def filter_age_max(self, queryset, name, value):
        return queryset.filter(birth_month__gte=rules.young_cutoff(int(value), self._ref()))

    def filter_in_pool(self, queryset, name, value):
        pooled = Exists(
            PoolMembership.objects.filter(cadre=OuterRef("pk"), status__in=OPEN_POOL_STATUSES)
        )
        return queryset.filter(pooled if value == "yes" else ~pooled)


class UnitFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=UnitLevel.choices, label="层级")
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label="单位类别")
    sector = django_filters.CharFilter(label="领域")
    parent = WholeNumberFilter(field_name="parent_id", min_value=1, label="上级单位")
    name = django_filters.CharFilter(lookup_expr="contains", label="名称")

    class Meta:
        model = Unit
        fields: list[str] = []


# ---------------------------------------------------------------------------
# 年轻干部库: the pool page's filters (issue #6). The queryset is already scoped.
# ---------------------------------------------------------------------------
