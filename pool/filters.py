import datetime as dt

import django_filters
from django.db.models import Exists, F, OuterRef, Q

from pool import member_filters, people_search, rules
from pool.models import (
    OPEN_POOL_STATUSES,
    Cadre,
    CadreCategory,
    Decision,
    Education,
    ListKind,
    PoolMembership,
    PoolStatus,
    Rank,
    Recommendation,
    Tier,
    Unit,
    UnitKind,
    UnitLevel,
)
from pool.scoring import grassroots_months_of
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

    def __init__(self, *args, units=None, today: dt.date | None = None, **kwargs):
        self.today = today or dt.date.today()
        super().__init__(*args, **kwargs)
        # 所在单位 offers the user's units by path (北山县/青石镇/办公室), never a bare name;
        # the page renders them as the unit select's options.
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
        return queryset.filter(unit__in=Unit.objects.descendants(unit, include_self=True))

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

GRASSROOTS_CHOICES = [("any", "有基层经历"), ("2y", "基层经历满2年"), ("none", "无基层经历")]
SOURCE_CHOICES = ListKind.choices


# 排序 on the pool page: label and ORDER BY (ties broken by unit order, then person).
SORTS = {
    "young": ("年龄从小到大", ["-cadre__birth_month"]),
    "old": ("年龄从大到小", ["cadre__birth_month"]),
    "entered": ("入库时间从近到远", ["-entered_on"]),
    "rank_years": ("任现职级时间从长到短", [F("cadre__rank_since").asc(nulls_last=True)]),
    "party_years": ("党龄从长到短", [F("cadre__party_join_month").asc(nulls_last=True)]),
    "unit": ("按单位排列", []),
}


class PoolMemberFilter(django_filters.FilterSet):
    """Filters of the pool page. Ages count from 出生年月 at ``today`` (docs/rules.md);
    ``85后`` is born 1985-1989, ``90后`` 1990-1999; 基层经历 is read from the 简历 the
    same way the ranking scores it. Later stages add theirs through
    ``pool.member_filters`` (培训情况)."""

    q = django_filters.CharFilter(label="姓名/职务", method="filter_text")
    tier = django_filters.ChoiceFilter(choices=Tier.choices, label="梯次")
    status = django_filters.ChoiceFilter(
        choices=PoolStatus.choices,
        label="状态",
        method="filter_status",
        empty_label="在库（含考察对象）",
    )
    unit = WholeNumberFilter(min_value=1, label="所在单位（含下级）", method="filter_unit")
    level = django_filters.ChoiceFilter(
        field_name="cadre__unit__level", choices=UnitLevel.choices, label="层级"
    )
    sector = django_filters.ChoiceFilter(field_name="cadre__unit__sector", label="领域")
    age_min = WholeNumberFilter(max_value=MAX_YEARS, label="年龄不小于", method="filter_age_min")
    age_max = WholeNumberFilter(max_value=MAX_YEARS, label="年龄不大于", method="filter_age_max")
    generation = django_filters.ChoiceFilter(
        choices=[(k, v[0]) for k, v in GENERATIONS.items()],
        label="年代",
        method="filter_generation",
    )
    gender = django_filters.ChoiceFilter(
        field_name="cadre__gender", choices=Cadre._meta.get_field("gender").choices, label="性别"
    )
    ethnicity = django_filters.ChoiceFilter(
        choices=[("han", "汉族"), ("minority", "少数民族")], label="民族", method="filter_ethnicity"
    )
    fulltime_education = django_filters.ChoiceFilter(
        field_name="cadre__fulltime_education", choices=Education.choices, label="全日制学历"
    )
    inservice_education = django_filters.ChoiceFilter(
        field_name="cadre__inservice_education", choices=Education.choices, label="在职学历"
    )
    party_years = WholeNumberFilter(
        max_value=MAX_YEARS, label="党龄不少于（年）", method="filter_party_years"
    )
    rank = django_filters.ChoiceFilter(field_name="cadre__rank", choices=Rank.choices, label="职级")
    rank_years = WholeNumberFilter(
        max_value=MAX_YEARS, label="任现职级不少于（年）", method="filter_rank_years"
    )
    source = django_filters.ChoiceFilter(
        choices=SOURCE_CHOICES, label="推荐来源", method="filter_source"
    )
    grassroots = django_filters.ChoiceFilter(
        choices=GRASSROOTS_CHOICES, label="基层经历", method="filter_grassroots"
    )

    sort = django_filters.ChoiceFilter(
        choices=[(k, v[0]) for k, v in SORTS.items()],
        label="排序",
        method="sort_by",
        empty_label="按梯次和单位",
    )

    class Meta:
        model = PoolMembership
        fields: list[str] = []

    def __init__(self, *args, today: dt.date, sectors=(), **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        for extra in member_filters.registered():  # e.g. 培训情况, registered by training
            self.filters[extra.name] = django_filters.ChoiceFilter(  # labels read when shown
                choices=extra.choices, label=extra.label, method=self._registered(extra)
            )
        self.form.fields["sector"].choices = [(s, s) for s in sectors]
        for name, field in self.form.fields.items():
            css = (
                "form-select form-select-sm"
                if hasattr(field, "choices")
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("id", f"pool-{name}")
        for name in ("age_min", "age_max", "party_years", "rank_years"):
            self.form.fields[name].widget.attrs.update(min="0", max="80")

    @property
    def qs(self):
        members = super().qs
        if not self.form.cleaned_data.get("status"):
            members = members.filter(status__in=OPEN_POOL_STATUSES)
        return members

    def _registered(self, extra: member_filters.MemberFilter):
        def method(queryset, name, value):
            return extra.apply(queryset, value, self.today)

        return method

    def sort_by(self, queryset, name, value):
        keys = SORTS[value][1]
        return queryset.order_by(*keys, "cadre__unit__position", "cadre__unit_id", "cadre_id")

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(cadre__name__contains=value) | Q(cadre__current_position__contains=value)
        )

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)

    def filter_unit(self, queryset, name, value):
        unit = Unit.objects.filter(pk=value).first()
        if unit is None:
            return queryset.none()
        return queryset.filter(cadre__unit__in=Unit.objects.descendants(unit, include_self=True))

    def filter_age_min(self, queryset, name, value):
        # age >= N  <=>  not (age <= N - 1)
        return queryset.filter(
            cadre__birth_month__lt=rules.young_cutoff(int(value) - 1, self.today)
        )

    def filter_age_max(self, queryset, name, value):
        return queryset.filter(cadre__birth_month__gte=rules.young_cutoff(int(value), self.today))

    def filter_generation(self, queryset, name, value):
        _, start, end = GENERATIONS[value]
        return queryset.filter(cadre__birth_month__gte=start, cadre__birth_month__lt=end)

    def filter_ethnicity(self, queryset, name, value):
        han = Q(cadre__ethnicity="汉族")
        return queryset.filter(han if value == "han" else ~han)

    def filter_party_years(self, queryset, name, value):
        joined_by = rules.add_months(self.today, -12 * int(value))
        return queryset.filter(cadre__party_join_month__lte=joined_by)

    def filter_rank_years(self, queryset, name, value):
        since = rules.add_months(self.today, -12 * int(value))
        return queryset.filter(cadre__rank_since__lte=since)

    def filter_source(self, queryset, name, value):
        named = Recommendation.objects.filter(
            cadre_id=OuterRef("cadre_id"), rec_list__kind=value, decision=Decision.ACCEPTED
        )
        return queryset.filter(Exists(named))

    def filter_grassroots(self, queryset, name, value):
        cadre_ids = list(queryset.values_list("cadre_id", flat=True))
        months = grassroots_months_of(cadre_ids, self.today)
        if value == "any":
            keep = [pk for pk, m in months.items() if m > 0]
        elif value == "2y":
            keep = [pk for pk, m in months.items() if m >= 24]
        else:
            keep = [pk for pk, m in months.items() if m == 0]
        return queryset.filter(cadre_id__in=keep)
