"""The inspections API: visits with their requirements (read-only, nested) and frozen figures
(read-only); created and corrected through the services; the street's ``answer`` action and
the group's ``requirements`` action, with the same refusals as the pages (400 or 403 with a
reason)."""

import datetime

import pytest
from django.urls import reverse

from oversight.inspections import services as svc
from oversight.models import Inspection

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def inspection(world):
    return svc.inspection_create(
        user=world.users["inspector"], street=world.street_a, date=D(2020, 6, 18),
        group="金水区委组织科督导组", compounds_visited=[world.a1],
    )  # fmt: skip


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_visit_reads_with_its_requirements_and_figures(client, world, inspection):
    svc.requirement_add(
        user=world.users["inspector"], inspection=inspection, text="清扫保洁",
        compound=world.a1, owner="王建军", deadline=D(2020, 7, 3),
    )  # fmt: skip
    client.force_login(world.users["community_staff"])
    data = client.get(reverse("api:inspection-detail", args=[inspection.pk])).json()
    assert data["street"] == world.street_a.pk
    assert data["compounds_visited"] == [world.a1.pk]
    (requirement,) = data["requirements"]
    assert requirement["compound"] == world.a1.pk
    assert requirement["rectification_status"] == "open"
    assert requirement["rectification"] == inspection.requirements.get().rectification_id
    assert data["figures"]["plans"][0]["compounds"] == 2
    listed = client.get(reverse("api:inspection-list"), {"answered": "false"}).json()
    assert [row["id"] for row in listed["results"]] == [inspection.pk]


def test_a_visit_created_through_the_api_freezes_the_figures(client, world):
    client.force_login(world.users["inspector"])
    response = _post(
        client,
        reverse("api:inspection-list"),
        {"street": world.street_a.pk, "group": "区督导组", "compounds_visited": [world.a2.pk],
         "figures": {"forged": 1}, "answer": "代答"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    inspection = Inspection.objects.get()
    assert inspection.figures["plans"][0]["started"] == 1
    assert inspection.answer == ""
    assert inspection.recorded_by == world.users["inspector"]


def test_a_visit_of_another_streets_compound_is_refused(client, world, en):
    client.force_login(world.users["inspector"])
    response = _post(
        client,
        reverse("api:inspection-list"),
        {"street": world.street_a.pk, "group": "区督导组", "compounds_visited": [world.b1.pk]},
    )
    assert response.status_code == 400
    assert "another street" in response.json()["compounds_visited"][0]


def test_a_correction_keeps_the_street_and_figures(client, world, inspection):
    client.force_login(world.users["inspector"])
    response = client.patch(
        reverse("api:inspection-detail", args=[inspection.pk]),
        {"findings": "成效明显", "street": world.street_b.pk, "figures": {}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    inspection.refresh_from_db()
    assert inspection.findings == "成效明显"
    assert inspection.street == world.street_a
    assert inspection.figures["plans"]


def test_the_street_may_not_correct_the_groups_record(client, world, inspection, en):
    client.force_login(world.users["street_staff"])
    response = client.patch(
        reverse("api:inspection-detail", args=[inspection.pk]),
        {"findings": "改写"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "inspection group" in response.json()["detail"]


def test_the_street_answers_and_the_inspector_may_not(client, world, inspection, en):
    url = reverse("api:inspection-answer", args=[inspection.pk])
    client.force_login(world.users["inspector"])
    refused = _post(client, url, {"answer": "代答"})
    assert refused.status_code == 403
    assert "Only the street's staff answer" in refused.json()["detail"]
    client.force_login(world.users["street_staff"])
    assert _post(client, url, {"answer": "  "}).status_code == 400
    early = _post(client, url, {"answer": "已整改", "answered_on": "2020-06-01"})
    assert early.status_code == 400 and "answered_on" in early.json()
    response = _post(client, url, {"answer": "已整改", "answered_on": "2020-06-24"})
    assert response.status_code == 200
    assert (response.json()["answer"], response.json()["answered_on"]) == ("已整改", "2020-06-24")


def test_the_group_adds_requirements_through_the_api(client, world, inspection, en):
    url = reverse("api:inspection-requirements", args=[inspection.pk])
    client.force_login(world.users["inspector"])
    missing = _post(client, url, {"text": "清扫保洁", "compound": world.a1.pk})
    assert missing.status_code == 400
    assert "Give the day" in missing.json()["deadline"][0]
    assert "person in charge" in missing.json()["owner"][0]
    response = _post(
        client, url,
        {"text": "清扫保洁", "compound": world.a1.pk, "owner": "王建军", "deadline": "2020-07-03"},
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["rectification_status"] == "open"
    assert response.json()["order"] == 1
    client.force_login(world.users["street_staff"])
    refused = _post(client, url, {"text": "街道自加"})
    assert refused.status_code == 403
    assert "inspection group" in refused.json()["detail"]


def test_bad_filters_are_refused(client, world, inspection):
    client.force_login(world.users["inspector"])
    response = client.get(reverse("api:inspection-list"), {"answered": "maybe"})
    assert response.status_code == 400
