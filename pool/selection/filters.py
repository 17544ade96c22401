"""年轻干部库: the pool page's filters (issue #6). The queryset is already scoped."""

import datetime as dt

import django_filters
from django.db.models import Exists, F, OuterRef, Q

from pool.models import (
    OPEN_POOL_STATUSES,
    Cadre,
    Decision,
    Education,
    ListKind,
    PoolMembership,
    PoolStatus,
    Rank,
    Recommendation,
    Tier,
    Unit,
    UnitLevel,
)
from pool.people import rules
from pool.people.filters import GENERATIONS, MAX_YEARS
from pool.selection import member_filters
from pool.selection.scoring import grassroots_months_of
from pool.web.params import WholeNumberFilter

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
    ``pool.selection.member_filters`` (培训情况)."""

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
        return queryset.filter(cadre__unit__in=Unit.objects.subtree(unit))

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
