"""One FilterSet per model, shared by the pages and the API."""

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common import clock
from common.filters import FilterSet, SearchFilter, YesNoFilter
from compounds.filtersets import CompoundFilter

from .choices import RaisedBy, RectificationSource, RectificationStatus, WorkCategory
from .models import CalendarDay, DailyLog, Milestone, Rectification, WeeklyMeeting, WorkItem

# How long a problem has been in the register: (at least, less than) days since it was raised.
AGE_DAYS = {"week": (0, 7), "month": (7, 30), "older": (30, None)}
AGE_CHOICES = [
    ("week", _("up to a week")),
    ("month", _("a week to a month")),
    ("older", _("over a month")),
]


class WorkItemFilterSet(FilterSet):
    q = SearchFilter(fields=["description", "compound__name", "repeat_reason"])
    compound = CompoundFilter()
    category = django_filters.MultipleChoiceFilter(
        choices=WorkCategory.choices, label=_("category")
    )
    plan = django_filters.NumberFilter(field_name="compound__plan", label=_("renovation plan"))
    community = django_filters.NumberFilter(field_name="compound__community", label=_("community"))
    whole_compound = YesNoFilter(
        field_name="building", lookup_expr="isnull", label=_("whole compound")
    )

    class Meta:
        model = WorkItem
        fields = {
            "id": ["exact"],
            "building": ["exact"],
            "unit": ["exact"],
            "planned_quantity": ["gte", "lte"],
            "done_quantity": ["gte", "lte"],
            "weight": ["gte", "lte"],
        }


class MilestoneFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "owner", "compound__name"])
    compound = CompoundFilter()
    plan = django_filters.NumberFilter(field_name="compound__plan", label=_("renovation plan"))
    started = YesNoFilter(
        field_name="actual_start", lookup_expr="isnull", exclude=True, label=_("started")
    )
    finished = YesNoFilter(
        field_name="actual_finish", lookup_expr="isnull", exclude=True, label=_("finished")
    )
    overdue = YesNoFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = Milestone
        fields = {
            "id": ["exact"],
            "order": ["exact"],
            "owner": ["exact"],
            "duration": ["gte", "lte"],
            "planned_start": ["gte", "lte"],
            "planned_finish": ["gte", "lte"],
            "actual_start": ["gte", "lte"],
            "actual_finish": ["gte", "lte"],
            "latest_start": ["gte", "lte"],
            "latest_finish": ["gte", "lte"],
            "overdue_after": ["gte", "lte"],
        }

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(overdue_after__lt=clock.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class CalendarDayFilterSet(FilterSet):
    class Meta:
        model = CalendarDay
        fields = {"date": ["exact", "gte", "lte"], "kind": ["exact"], "name": ["exact"]}


class DailyLogFilterSet(FilterSet):
    q = SearchFilter(fields=["notes", "problems", "compound__name"])
    compound = CompoundFilter()
    plan = django_filters.NumberFilter(field_name="compound__plan", label=_("renovation plan"))
    community = django_filters.NumberFilter(field_name="compound__community", label=_("community"))
    has_problems = YesNoFilter(method="filter_has_problems", label=_("problems found"))

    class Meta:
        model = DailyLog
        fields = {
            "id": ["exact"],
            "date": ["exact", "gte", "lte"],
            "workers": ["gte", "lte"],
            "covered": ["exact"],
            "wet_work": ["exact"],
            "vehicle_washing": ["exact"],
            "hoarding": ["exact"],
            "safety_patrol": ["exact"],
            "created_by": ["exact"],
        }

    def filter_has_problems(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(problems="") if value else queryset.filter(problems="")


class WeeklyMeetingFilterSet(FilterSet):
    q = SearchFilter(fields=["title", "agenda", "minutes", "attendees"])

    class Meta:
        model = WeeklyMeeting
        fields = {"id": ["exact"], "street": ["exact"], "date": ["exact", "gte", "lte"]}


class RectificationFilterSet(FilterSet):
    q = SearchFilter(fields=["description", "owner", "responsible_unit", "compound__name"])
    compound = CompoundFilter()
    status = django_filters.MultipleChoiceFilter(
        choices=RectificationStatus.choices, label=_("status")
    )
    source = django_filters.MultipleChoiceFilter(
        choices=RectificationSource.choices, label=_("source")
    )
    level = django_filters.MultipleChoiceFilter(choices=RaisedBy.choices, label=_("raised by"))
    community = django_filters.NumberFilter(field_name="compound__community", label=_("community"))
    plan = django_filters.NumberFilter(field_name="compound__plan", label=_("renovation plan"))
    street = django_filters.NumberFilter(
        field_name="compound__community__street", label=_("street")
    )
    age = django_filters.ChoiceFilter(
        choices=AGE_CHOICES, method="filter_age", label=_("open for"), empty_label=_("any time")
    )
    unresolved = YesNoFilter(method="filter_unresolved", label=_("unresolved"))
    overdue = YesNoFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = Rectification
        fields = {
            "id": ["exact"],
            "meeting": ["exact"],
            "owner": ["exact"],
            "responsible_unit": ["exact"],
            "raised_by": ["exact"],
            "verified_by": ["exact"],
            "origin_type": ["exact"],
            "origin_id": ["exact"],
            "created": ["date__gte", "date__lte"],
            "deadline": ["gte", "lte"],
            "closed_on": ["gte", "lte"],
        }

    @staticmethod
    def _unresolved():
        return ~Q(status=RectificationStatus.CLOSED)

    def filter_unresolved(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(self._unresolved()) if value else queryset.exclude(self._unresolved())
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = self._unresolved() & Q(deadline__lt=clock.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_age(self, queryset, name, value):
        """Problems raised within a week, a week to a month ago, or longer ago."""
        if not value:
            return queryset
        today = clock.today()
        low, high = AGE_DAYS[value]
        queryset = queryset.filter(created__date__lte=today - datetime.timedelta(days=low))
        if high is not None:
            queryset = queryset.filter(created__date__gt=today - datetime.timedelta(days=high))
        return queryset
