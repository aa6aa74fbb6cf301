"""Supervision pages: filing a record with its checklist puts what failed on the register of
problems; the form refuses bad input on its field and offers only the user's levels; the
residents' group is kept per compound; the compound's page and its public page show the
checks (counts only in public)."""

import datetime

import pytest
from django.urls import reverse

from compounds.choices import CompoundStatus
from compounds.models import Compound
from oversight.models import SupervisionGroupMember, SupervisionRecord
from progress.models import Rectification
from tests.oversight.supervision.utils import TODAY, _checks, _file
from tests.utils import page_text

pytestmark = pytest.mark.django_db


# --- Pages ------------------------------------------------------------------------------------


def _form_data(world, **changes):
    data = {
        "compound": world.a1.pk, "level": "street", "kind": "routine",
        "date": TODAY.isoformat(), "inspectors": "王强", "owner": "张伟",
        "result_1": "passed", "result_2": "failed", "note_2": "未洒水降尘",
    }  # fmt: skip
    data.update(changes)
    return data


def test_filing_through_the_page_puts_the_failure_on_the_register(client, world):
    client.force_login(world.users["street_staff"])
    response = client.post(reverse("oversight:supervision_create"), _form_data(world))
    record = SupervisionRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    page = page_text(client.get(record.get_absolute_url()))
    assert "未洒水降尘" in page
    problem = Rectification.objects.get(source="supervision")
    assert problem.get_absolute_url() in client.get(record.get_absolute_url()).content.decode()
    # The problem's page leads back to the record that raised it.
    back = client.get(problem.get_absolute_url()).content.decode()
    assert record.get_absolute_url() in back


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"note_2": ""}, "note_2"),
        ({"result_1": "", "result_2": ""}, None),
        ({"date": "2999-01-01"}, "date"),
        ({"level": "district"}, "level"),
        ({"compound": "999999"}, "compound"),
        ({"result_9": "failed", "note_9": "漏水", "item_9": ""}, "item_9"),
        ({"deadline": (TODAY - datetime.timedelta(days=1)).isoformat()}, "deadline"),
    ],
    ids=["failed without a note", "nothing checked", "future", "not a filing level",
         "unknown compound", "another item unnamed", "fix due before the check"],
)  # fmt: skip
def test_bad_input_on_the_form_is_refused_on_its_field(client, world, changes, field):
    client.force_login(world.users["street_staff"])
    response = client.post(reverse("oversight:supervision_create"), _form_data(world, **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert (field in form.errors) if field else form.non_field_errors()
    assert not SupervisionRecord.objects.exists()


def test_a_correction_without_a_reason_is_refused_on_its_field(en, world):
    record = _file(world)
    en.force_login(world.users["street_staff"])
    url = reverse("oversight:supervision_update", args=[record.pk])
    data = {"date": TODAY.isoformat(), "inspectors": "王强、李明", "findings": ""}
    response = en.post(url, {**data, "change_reason": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["change_reason"] == ["Say why the record is corrected."]
    assert en.post(url, {**data, "change_reason": "补记检查人"}).status_code == 302


def test_the_form_offers_only_the_users_levels(client, world):
    client.force_login(world.users["community_staff"])
    form = client.get(reverse("oversight:supervision_create")).context["form"]
    assert [value for value, _label in form.fields["level"].choices] == ["community"]


def test_a_supervisor_is_refused_on_another_compounds_record(client, world, member):
    client.force_login(world.users["supervisor"])
    response = client.post(
        reverse("oversight:supervision_create"),
        _form_data(world, compound=world.a2.pk, level="residents"),
    )
    assert response.status_code == 200
    assert "compound" in response.context["form"].errors
    assert not SupervisionRecord.objects.exists()


def test_the_compound_page_says_what_acceptance_still_needs(client, world):
    Compound.objects.filter(pk=world.a1.pk).update(
        status=CompoundStatus.COMPLETED, completed_on=TODAY
    )
    client.force_login(world.users["inspector"])
    response = client.get(world.a1.get_absolute_url())
    assert len(response.context["acceptance_missing"]) == 2


def test_group_members_are_kept_per_compound(client, world):
    client.force_login(world.users["community_staff"])
    url = reverse("oversight:supervision_group", args=[world.a1.pk])
    response = client.post(
        url, {"name": "王阿姨", "kind": "active_resident", "joined_on": TODAY.isoformat(),
              "active": "on", "user": world.users["supervisor"].pk},
    )  # fmt: skip
    assert response.status_code == 302
    member = SupervisionGroupMember.objects.get()
    assert (member.compound, member.user) == (world.a1, world.users["supervisor"])
    again = client.post(
        url, {"name": "王阿姨", "kind": "active_resident", "joined_on": TODAY.isoformat(),
              "user": world.users["supervisor"].pk},
    )  # fmt: skip
    assert again.status_code == 200 and SupervisionGroupMember.objects.count() == 1


# --- In the open, and on the compound's page ------------------------------------------------------


def test_the_public_page_shows_supervision_counts_and_no_name(client, world):
    _file(world, level="firm", checks=_checks("暖气管道试压不合格"))
    response = client.get(reverse("oversight:public_compound_detail", args=[world.a1.pk]))
    keys = [part["key"] for part in response.context["sections"]]
    assert "supervision" in keys
    section = next(p["context"] for p in response.context["sections"] if p["key"] == "supervision")
    assert (section["raised"], section["fixed"], section["accepted"]) == (1, 0, False)
    assert [(row["records"], row["items"], row["failed"]) for row in section["levels"]] == [
        (1, 3, 1)
    ]
    text = page_text(response)
    assert "王强" not in text and "暖气管道试压不合格" not in text and "张伟" not in text


def test_the_compound_page_leads_to_its_checks_problems_and_group(client, world, member):
    _file(world, checks=_checks("围挡破损"))
    client.force_login(world.users["supervisor"])
    page = client.get(world.a1.get_absolute_url()).content.decode()
    assert f"{reverse('oversight:supervision_list')}?compound={world.a1.pk}" in page
    assert reverse("oversight:supervision_group", args=[world.a1.pk]) in page
    assert f"{reverse('oversight:supervision_create')}?compound={world.a1.pk}" in page
    panel = next(
        p["context"] for p in client.get(world.a1.get_absolute_url()).context["panels"]
        if p["template"] == "oversight/supervision/compound_panel.html"
    )  # fmt: skip
    assert (panel["records"], panel["open_problems"], panel["members"]) == (1, 2, 1)
