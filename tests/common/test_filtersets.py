"""Every FilterSet of the project filters every field of its model, or says why not.

The idea of NetBox's BaseFilterSetTests.test_missing_filters, for all FilterSets at once: each
subclass of common.filters.FilterSet is found (the apps' filtersets modules are imported, and
the URLconf, which brings in any FilterSet defined elsewhere), and each concrete field of its
model must have a filter on it (any lookup: ``year_built__gte`` counts for ``year_built``),
unless EXEMPT lists the field for that FilterSet with the reason. A new field, or a new
FilterSet, without filters fails here.
"""

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import get_resolver

from common.filters import FilterSet, SearchFilter


def _import_filtersets_modules():
    """Import every module or package named filtersets in the project's apps."""
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if base not in Path(config.path).resolve().parents:
            continue  # Django's and third parties' apps
        package = importlib.import_module(config.name)
        for module in pkgutil.walk_packages(package.__path__, f"{config.name}."):
            if module.name.rsplit(".", 1)[-1] == "filtersets":
                importlib.import_module(module.name)


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def project_filtersets():
    _import_filtersets_modules()
    assert get_resolver().url_patterns  # loads the views, the API and whatever they import
    project_apps = {config.name for config in apps.get_app_configs()}
    found = {
        cls
        for cls in _subclasses(FilterSet)
        if cls.__module__.split(".")[0] in project_apps and cls._meta.model is not None
    }
    return sorted(found, key=lambda cls: cls.__name__)


FILTERSETS = {cls.__name__: cls for cls in project_filtersets()}

TIMESTAMP = "timestamp of the record, not a property of what it records"
PERSONAL = "personal data: shown to those allowed, never searched"
COVERED_BY_Q = "covered by q (free text)"  # checked below: q searches the field

# FilterSet: {model field: why it has no filter of its own}.
EXEMPT: dict[str, dict[str, str]] = {
    # --- compounds
    "StreetFilterSet": {"created": TIMESTAMP},
    "CommunityFilterSet": {"created": TIMESTAMP, "address": COVERED_BY_Q},
    "RenovationPlanFilterSet": {
        "created": TIMESTAMP,
        "name": f"{COVERED_BY_Q}; street and year identify a plan",
    },
    "CompoundFilterSet": {
        "created": TIMESTAMP,
        "updated": TIMESTAMP,
        "name": COVERED_BY_Q,
        "address": COVERED_BY_Q,
        "property_company": COVERED_BY_Q,
        "person_in_charge": f"{COVERED_BY_Q}: find a person's compounds",
        "contact_person": f"{COVERED_BY_Q}: find a person's compounds",
        "person_in_charge_phone": "a personal phone number: shown, never searched",
        "contact_phone": "a personal phone number: shown, never searched",
        "yearly_fee_per_household": "a figure for reports; who charges it is the "
        "management_mode filter",
        "notes": "free-form remarks, not a criterion",
    },
    "BuildingFilterSet": {"created": TIMESTAMP, "updated": TIMESTAMP},
    # --- progress
    "WorkItemFilterSet": {
        "created": TIMESTAMP,
        "updated": TIMESTAMP,
        "description": COVERED_BY_Q,
        "repeat_reason": COVERED_BY_Q,
        "planned_area": "a figure shown with the item; the quantities have range filters",
        "done_area": "a figure shown with the item; the quantities have range filters",
    },
    "MilestoneFilterSet": {"created": TIMESTAMP, "updated": TIMESTAMP, "name": COVERED_BY_Q},
    "CalendarDayFilterSet": {"id": "a day is found by its date, which has a filter"},
    "DailyLogFilterSet": {
        "created": TIMESTAMP,
        "updated": TIMESTAMP,
        "notes": COVERED_BY_Q,
        "problems": f"{COVERED_BY_Q}; has_problems finds the logs with any",
    },
    "WeeklyMeetingFilterSet": {
        "created": TIMESTAMP,
        "updated": TIMESTAMP,
        "title": COVERED_BY_Q,
        "attendees": COVERED_BY_Q,
        "agenda": COVERED_BY_Q,
        "minutes": COVERED_BY_Q,
    },
    "RectificationFilterSet": {
        "updated": TIMESTAMP,
        "description": COVERED_BY_Q,
        "resolution": "free text of the fix; the status filter finds fixed problems",
        "verification_note": "free text of the verdict; the status filter finds closed ones",
    },
    # --- oversight: consultations
    "HouseholdFilterSet": {
        "created": TIMESTAMP,
        "updated": TIMESTAMP,
        "owner_name": PERSONAL,
        "anonymised_reason": "bookkeeping of the erasure: the period ran out, or on request",
        "code": "the household's secret survey code: printed on its slip, never searched",
    },
    "ElevatorProjectFilterSet": {"created": TIMESTAMP, "updated": TIMESTAMP, "notes": COVERED_BY_Q},
    "ElevatorConsentFilterSet": {"created": TIMESTAMP, "updated": TIMESTAMP},
    "SurveyFilterSet": {
        "created": TIMESTAMP,
        "updated": TIMESTAMP,
        "title": COVERED_BY_Q,
        "description": COVERED_BY_Q,
    },
    # --- oversight: disclosure
    "PublicCompoundFilterSet": {
        "name": COVERED_BY_Q,
        "address": COVERED_BY_Q,
        **dict.fromkeys(
            [
                "person_in_charge",
                "person_in_charge_phone",
                "contact_person",
                "contact_phone",
                "notes",
            ],
            "never public (see LIST_FIELDS in oversight/disclosure/selectors.py): personal "
            "data and staff remarks are not a public filter",
        ),
        **dict.fromkeys(
            ["id", "created", "updated", "progress", "last_log_on", "latest_start"],
            "not shown on the public pages, so not a public filter",
        ),
        **dict.fromkeys(
            [
                "plan",
                "year_built",
                "started_on",
                "completed_on",
                "accepted_on",
                "is_demonstration",
                "had_no_manager",
                "management_mode",
                "property_company",
                "yearly_fee_per_household",
                "latitude",
                "longitude",
            ],
            "the public list filters by name or address, community and status only; the staff "
            "register (CompoundFilterSet) filters it",
        ),
    },
    # --- oversight: funds
    "CompoundFundFilterSet": {
        "name": COVERED_BY_Q,
        "address": COVERED_BY_Q,
        "person_in_charge_phone": "a personal phone number: shown, never searched",
        "contact_phone": "a personal phone number: shown, never searched",
        **dict.fromkeys(
            [
                "created",
                "updated",
                "year_built",
                "started_on",
                "completed_on",
                "accepted_on",
                "is_demonstration",
                "person_in_charge",
                "contact_person",
                "had_no_manager",
                "management_mode",
                "property_company",
                "yearly_fee_per_household",
                "notes",
                "progress",
                "last_log_on",
                "latest_start",
                "latitude",
                "longitude",
            ],
            "the fund list filters compounds by place, plan, status and spending; the register "
            "(CompoundFilterSet) filters the rest",
        ),
    },
    "FundAllocationFilterSet": {"note": COVERED_BY_Q},
    "FundPaymentFilterSet": {"note": COVERED_BY_Q, "document": "binary file (the PDF voucher)"},
    # --- oversight: supervision
    "SupervisionRecordFilterSet": {
        "updated": TIMESTAMP,
        "inspectors": COVERED_BY_Q,
        "findings": COVERED_BY_Q,
    },
    "SupervisionGroupMemberFilterSet": {
        "name": COVERED_BY_Q,
        "anonymised_reason": "bookkeeping of the erasure: the period ran out, or on request",
    },
    # --- oversight: organisation
    "TaskForceFilterSet": {"name": COVERED_BY_Q, "duties": COVERED_BY_Q},
    "PartyGroupFilterSet": {"name": COVERED_BY_Q, "description": COVERED_BY_Q},
    "ParticipantFilterSet": {"name": COVERED_BY_Q},
    "CampaignActivityFilterSet": {"title": COVERED_BY_Q},
    # --- oversight: inspections
    "InspectionFilterSet": {
        "created": TIMESTAMP,
        "updated": TIMESTAMP,
        "group": COVERED_BY_Q,
        "reviewed": COVERED_BY_Q,
        "other_sites": COVERED_BY_Q,
        "findings": COVERED_BY_Q,
        "answer": f"{COVERED_BY_Q}; answered finds the answered ones",
        "figures": "the day's figures (JSON), shown with the inspection, not a criterion",
        "recorded_by": "who keyed the visit in; inspections are found by street, date, group",
    },
    # --- oversight: opinions
    "PrivacyRequestFilterSet": {
        "updated": TIMESTAMP,
        "new_name": PERSONAL,
        "new_phone": PERSONAL,
        "reason": "free text the resident reads; the status refused finds them",
    },
    "OpinionFilterSet": {
        "text": COVERED_BY_Q,
        "unit": "a unit only means something with its building, which has a filter",
        "name": "personal data: shown (masked by role), never searched",
        "phone": "personal data: shown (masked by role), never searched",
        "consent_at": "the record of the resident's consent, not a criterion",
        "reason": "free text the resident reads; the status not_feasible finds them",
        "reply": "free text; whether there is one is the replied filter",
        "hidden_reason": "free text; the hidden filter finds hidden opinions",
        "anonymised_at": "bookkeeping of the erasure after the retention period",
        "anonymised_reason": "bookkeeping of the erasure: the period ran out, or on request",
        "notified_at": "bookkeeping of the staff notice",
        "created": "timestamp of the record; received_at is when the opinion came",
        "updated": TIMESTAMP,
        "reply_seconds": "derived from replied_at - received_at, for the median only",
    },
}

# Fields users would filter by that have no filter yet; each case is an xfail with its reason.
MISSING: dict[str, dict[str, str]] = {}


def _filtered_field_names(filterset):
    return {f.field_name for f in filterset.base_filters.values()}


def _field_cases():
    cases = []
    for name, filterset in FILTERSETS.items():
        model = filterset._meta.model
        for field in model._meta.concrete_fields:
            if field.name in EXEMPT.get(name, {}):
                continue
            marks = []
            if field.name in MISSING.get(name, {}):
                reason = f"missing filter: {MISSING[name][field.name]}"
                marks = [pytest.mark.xfail(strict=True, reason=reason)]
            cases.append(pytest.param(name, field.name, id=f"{name}.{field.name}", marks=marks))
    return cases


def test_every_filterset_of_the_project_is_found():
    """The search finds the FilterSets the API's views use, so it is not finding nothing."""
    from rest_framework.viewsets import GenericViewSet

    used = {
        view.filterset_class
        for view in _subclasses(GenericViewSet)
        if getattr(view, "filterset_class", None) is not None
    }
    assert used, "no API view with a FilterSet: the search looks in the wrong place"
    assert used <= set(FILTERSETS.values()), used - set(FILTERSETS.values())
    assert len(FILTERSETS) == len(project_filtersets()), "two FilterSets share a name"


@pytest.mark.parametrize(("filterset", "field"), _field_cases())
def test_every_model_field_has_a_filter(filterset, field):
    """Each concrete field of a FilterSet's model has a filter on it (any lookup), unless
    EXEMPT says why not. A new field without a filter fails here."""
    cls = FILTERSETS[filterset]
    assert field in _filtered_field_names(cls), (
        f"{cls._meta.model.__name__}.{field} has no filter in {filterset}: add one, or list "
        f"the field under {filterset} in EXEMPT (tests/common/test_filtersets.py) with the reason"
    )


@pytest.mark.parametrize("filterset", sorted({*EXEMPT, *MISSING}))
def test_exemptions_are_current(filterset):
    """Every EXEMPT or MISSING entry names a FilterSet of the project and a field of its model
    that indeed has no filter, so the lists shrink when a filter is added or a field removed;
    "covered by q" is true."""
    assert filterset in FILTERSETS, f"{filterset} is not a FilterSet of the project"
    cls = FILTERSETS[filterset]
    exempt, missing = EXEMPT.get(filterset, {}), MISSING.get(filterset, {})
    assert not exempt.keys() & missing.keys()
    fields = {f.name for f in cls._meta.model._meta.concrete_fields}
    for field, reason in {**exempt, **missing}.items():
        assert field in fields, f"{filterset}: {field} is not a field of its model"
        assert field not in _filtered_field_names(cls), f"{filterset}.{field} has a filter now"
        assert reason.strip(), f"{filterset}.{field}: give the reason"
        if reason.startswith(COVERED_BY_Q):
            search = cls.base_filters.get("q")
            assert isinstance(search, SearchFilter), f"{filterset} has no q"
            assert field in search.search_fields, f"{filterset}.{field}: q does not search it"
