"""The reads behind the public pages: public fields only, and the figures they show."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.http import QueryDict

from oversight.disclosure import sections
from oversight.disclosure import selectors as disclosure
from oversight.models import ElevatorProject
from progress.models import DailyLogPhoto
from tests.factories import DailyLogFactory, MilestoneFactory, WorkItemFactory, jpeg_bytes

PERSONAL_FIELDS = {
    "person_in_charge",
    "person_in_charge_phone",
    "contact_person",
    "contact_phone",
    "notes",
    "owner",
    "owner_name",
    "name_of_resident",
    "phone",
    "text",
    "unit_number",
}


def test_selected_fields_and_rows_hold_no_personal_field():
    selected = {name.split("__")[-1] for name in disclosure.DETAIL_FIELDS}
    selected |= set(disclosure.MILESTONE_FIELDS)
    assert not selected & PERSONAL_FIELDS
    for row in (
        disclosure.CompoundDetail,
        disclosure.WorkItemRow,
        disclosure.MilestoneRow,
        disclosure.ElevatorRow,
        disclosure.ReplyRow,
    ):
        assert not {f.name for f in dataclasses.fields(row)} & PERSONAL_FIELDS, row


@pytest.mark.django_db
def test_progress_by_compound_weighs_each_compounds_items(world):
    WorkItemFactory(compound=world.a1, category="heating", done_quantity=Decimal("100"),
                    weight=Decimal("3"))  # fmt: skip
    WorkItemFactory(compound=world.b1, done_quantity=Decimal("50"))
    progress = disclosure.progress_by_compound([world.a1.pk, world.a2.pk, world.b1.pk])
    # a1: 25% at weight 1 and 100% at weight 3.
    assert progress == {world.a1.pk: Decimal("0.8125"), world.b1.pk: Decimal("0.5")}


@pytest.mark.django_db
def test_compound_page_rows_are_public_rows(world):
    context = disclosure.compound_page(QueryDict("status=started"))
    (row,) = context["page"].object_list
    assert isinstance(row, disclosure.CompoundRow)
    assert (row.name, row.community, row.status_date) == ("甲一1号院", "甲一社区",
                                                          datetime.date(2020, 5, 1))  # fmt: skip
    assert row.percent == 25
    assert context["query"] == "status=started"


@pytest.mark.django_db
def test_compound_detail_of_an_unknown_compound_is_none(world):
    assert disclosure.compound_detail(999999) is None


@pytest.mark.django_db
def test_schedule_falls_back_to_the_reverse_schedule_and_leaves_out_the_owner(world):
    MilestoneFactory(compound=world.a1, order=2, duration=5,
                     planned_start=datetime.date(2020, 12, 1),
                     planned_finish=datetime.date(2020, 12, 7))  # fmt: skip
    compound = disclosure.compound_detail(world.a1.pk)
    rows = disclosure.schedule_section(compound)["rows"]
    assert [row.order for row in rows] == [1, 2]
    # The first has no planned dates: its latest start and finish stand in for them.
    assert rows[0].planned_start and rows[0].planned_finish
    assert (rows[1].planned_start, rows[1].planned_finish) == (
        datetime.date(2020, 12, 1),
        datetime.date(2020, 12, 7),
    )
    assert not hasattr(rows[0], "owner")


def _photo(log):
    photo = DailyLogPhoto(log=log)
    photo.image.save("p.jpg", ContentFile(jpeg_bytes()), save=True)
    return photo


@pytest.mark.django_db
def test_photos_section_shows_the_earliest_and_the_latest_logs_with_photos(world):
    today = world.log_a1.date
    DailyLogFactory(compound=world.a1, date=today - datetime.timedelta(days=30))  # no photo
    first = _photo(DailyLogFactory(compound=world.a1, date=today - datetime.timedelta(days=20)))
    _photo(DailyLogFactory(compound=world.a1, date=today - datetime.timedelta(days=10)))
    latest = world.log_a1.photos.get()
    section = disclosure.photos_section(disclosure.compound_detail(world.a1.pk))
    assert section["before"] == {"date": first.log.date, "photos": [first.pk]}
    assert section["after"] == {"date": today, "photos": [latest.pk]}


@pytest.mark.django_db
def test_photos_of_a_single_day_are_shown_once(world):
    section = disclosure.photos_section(disclosure.compound_detail(world.a1.pk))
    assert section["before"]["photos"] == [world.log_a1.photos.get().pk]
    assert section["after"] is None
    assert disclosure.photos_section(disclosure.compound_detail(world.a2.pk)) is None


@pytest.mark.django_db
def test_elevators_section_gives_the_stage_and_its_day(world):
    ElevatorProject.objects.filter(pk=world.elevator_a1.pk).update(
        stage="consent_reached", consent_reached_on=datetime.date(2020, 6, 1)
    )
    (row,) = disclosure.elevators_section(disclosure.compound_detail(world.a1.pk))["elevators"]
    assert (row.building, row.stage, row.since, row.step) == (
        "1号楼", "consent_reached", datetime.date(2020, 6, 1), 2
    )  # fmt: skip


@pytest.mark.django_db
def test_a_later_app_adds_a_section_and_replaces_a_placeholder(world, monkeypatch):
    monkeypatch.setattr(sections, "SECTIONS", dict(sections.SECTIONS))
    compound = disclosure.compound_detail(world.a2.pk)
    assert sections.sections_for(compound) == []  # the placeholders show nothing
    funds = {"title": "专项资金", "rows": [{"label": "下达", "value": "100万元"}]}
    sections.register_section(
        sections.Section("funds", "oversight/disclosure/section_summary.html",
                         lambda c: funds, order=60)
    )  # fmt: skip
    assert sections.sections_for(compound) == [
        {"key": "funds", "template": "oversight/disclosure/section_summary.html",
         "context": funds, "title": "专项资金"}
    ]  # fmt: skip
