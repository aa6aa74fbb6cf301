"""What a write says it changed (common.effects), by the declaration on its model
(common.models.Effects): one path for every save and delete, no signal receivers of our own."""

import datetime

import pytest
from django.db.models import signals

from common import effects
from common.models import WithEffects
from compounds.models import Assignment, Building, Community, Compound, RenovationPlan
from oversight.models import FundAllocation, FundPayment, Opinion, OpinionTopic, Participant
from progress.models import CalendarDay, Milestone, Notice, Rectification, WorkItem
from tests.factories import BuildingFactory, CompoundFactory, RenovationPlanFactory


class Heard:
    """What the subscribers of common.effects are told, in order."""

    def __init__(self):
        self.said = []

    def compounds(self, *, compound_ids, keys, parts):
        self.said.append(("compounds", frozenset(compound_ids), frozenset(keys), parts))

    def pages(self):
        self.said.append(("pages",))

    def dates(self, compound_ids):
        self.said.append(("dates", None if compound_ids is None else frozenset(compound_ids)))

    def of(self, kind):
        return [said for said in self.said if said[0] == kind]


@pytest.fixture
def heard(monkeypatch):
    heard = Heard()
    for name, subscriber in (
        ("_compound_subscribers", heard.compounds),
        ("_page_subscribers", heard.pages),
        ("_date_subscribers", heard.dates),
    ):
        monkeypatch.setattr(effects, name, [*getattr(effects, name), subscriber])
    return heard


# --- The declarations -----------------------------------------------------------------------


DECLARED = {
    # model: (parts of the compounds' figures, pages, dates)
    Community: (set(), True, False),
    RenovationPlan: (set(), True, True),
    Compound: (effects.ALL, False, True),
    Building: ({"buildings"}, False, False),
    Assignment: (set(), True, False),
    CalendarDay: (set(), False, True),
    WorkItem: ({"demolition"}, False, False),
    Milestone: ({"day"}, False, False),
    Rectification: ({"day"}, False, False),
    Notice: (set(), True, False),
    Opinion: ({"opinions"}, False, False),
    OpinionTopic: ({"opinions"}, False, False),
    FundAllocation: ({"funds"}, False, False),
    FundPayment: ({"funds"}, False, False),
    Participant: (set(), True, False),
}


def test_the_records_with_effects_are_these_and_declare_them():
    from django.apps import apps

    with_effects = {model for model in apps.get_models() if issubclass(model, WithEffects)} - {
        model for model in apps.get_models() if model.__name__.startswith("Historical")
    }
    assert with_effects == set(DECLARED)
    for model, (parts, pages, dates) in DECLARED.items():
        declared = model.effects
        assert (set(declared.parts), declared.pages, declared.dates) == (set(parts), pages, dates)


def test_every_part_a_record_names_is_one_the_figures_know():
    for model in DECLARED:
        assert model.effects.parts <= effects.ALL


def test_no_receiver_of_ours_listens_to_model_writes():
    """Writes say their effects through their models; the receivers left are the libraries'
    and the permission cache's (Django's auth writes roles with no service in between)."""
    ours = ("common.", "compounds.", "progress.", "oversight.", "renovation.")
    for signal in (signals.pre_save, signals.post_save, signals.pre_delete, signals.post_delete):
        for _key, ref, *_ in signal.receivers:
            receiver = ref() if callable(ref) and not hasattr(ref, "__code__") else ref
            receiver = getattr(receiver, "__func__", receiver)
            module = getattr(receiver, "__module__", "") or ""
            if module.startswith(ours):
                assert module == "common.permission_cache", (signal, receiver)


# --- What each write says -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_building_saved_and_deleted_says_its_compound_and_part(heard):
    building = BuildingFactory()
    compound_id = building.compound_id
    heard.said.clear()

    building.households = 41
    building.save()
    building.delete()

    assert (
        heard.of("compounds")
        == [
            ("compounds", frozenset({compound_id}), frozenset(), frozenset({"buildings"})),
        ]
        * 2
    )
    assert heard.of("pages") == []


@pytest.mark.django_db
def test_a_queryset_deleted_says_each_record_once(heard):
    first, second = BuildingFactory(), BuildingFactory()
    heard.said.clear()

    Building.objects.filter(pk__in=[first.pk, second.pk]).delete()

    told = {ids for _kind, ids, _keys, _parts in heard.of("compounds")}
    assert told == {frozenset({first.compound_id}), frozenset({second.compound_id})}


@pytest.mark.django_db
def test_a_compound_moved_to_another_plan_says_the_row_it_left_and_its_schedule(heard):
    compound = CompoundFactory()
    old = (compound.plan_id, compound.community_id)
    other = RenovationPlanFactory(street=compound.community.street, year=2021)
    heard.said.clear()

    compound.plan = other
    compound.save()

    [(_kind, ids, keys, parts)] = heard.of("compounds")
    assert ids == {compound.pk}
    assert keys == {old, (other.pk, compound.community_id)}
    assert parts == effects.ALL
    assert heard.of("dates") == [("dates", frozenset({compound.pk}))]


@pytest.mark.django_db
def test_a_plan_saved_says_its_compounds_dates_and_the_pages(heard):
    compound = CompoundFactory()
    plan = compound.plan
    heard.said.clear()

    plan.target_completion_date = datetime.date(2020, 11, 30)
    plan.save()

    assert heard.of("dates") == [("dates", frozenset({compound.pk}))]
    assert heard.of("pages") == [("pages",)]


@pytest.mark.django_db
def test_a_holiday_says_every_compound_dates(heard):
    CalendarDay.objects.create(date=datetime.date(2031, 1, 1), kind="holiday", name="元旦")

    assert heard.of("dates") == [("dates", None)]


@pytest.mark.django_db
def test_a_payment_says_the_compound_of_its_allocation(heard, world):
    allocation = FundAllocation.objects.create(compound=world.a1, amount="1000.00")
    heard.said.clear()
    payment = FundPayment(
        allocation=allocation, amount="10.00", payee="施工单位", document="payments/x.pdf"
    )
    payment.save()

    assert heard.of("compounds") == [
        ("compounds", frozenset({world.a1.pk}), frozenset(), frozenset({"funds"}))
    ]


@pytest.mark.django_db
def test_loading_a_fixture_says_nothing(heard):
    """loaddata saves raw, past ``save()``: a restored backup is followed by refresh_figures."""
    from django.core import serializers

    building = BuildingFactory()
    data = serializers.serialize("json", [building])
    heard.said.clear()

    for obj in serializers.deserialize("json", data):
        obj.save()

    assert heard.said == []
