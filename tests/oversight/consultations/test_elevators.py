"""Elevator additions (加装电梯): answers recorded per home, stages moved only with consent, the
figures on the pages and in the API, and the scope of each role."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from common import clock
from oversight.consultations import selectors
from oversight.consultations import services as svc
from oversight.consultations.choices import ConsentAnswer, ElevatorStage
from oversight.models import ElevatorConsent, ElevatorProject, Household
from tests.utils import page_text

pytestmark = pytest.mark.django_db

AGREE, DISAGREE = ConsentAnswer.AGREE, ConsentAnswer.DISAGREE
DAY = datetime.date(2020, 6, 1)


def add_homes(building, count, area="80.00", start=2):
    return [
        Household.objects.create(
            building=building,
            unit="1",
            door=f"{start + n}01",
            floor=start + n,
            floor_area=Decimal(area),
            owner_name=f"业主{n}",
            code=f"H-T-{building.pk}-{start + n}",
        )  # fmt: skip
        for n in range(count)
    ]


@pytest.fixture
def homes(world):
    """building_a1 with six homes of 80 m² (household_a1 included)."""
    Household.objects.filter(pk=world.household_a1.pk).update(floor_area=Decimal("80.00"))
    return [world.household_a1, *add_homes(world.building_a1, 5)]


def record(world, homes, answers, user=None):
    for home, answer in zip(homes, answers, strict=False):
        svc.elevator_consent_record(
            user=user or world.users["community_staff"],
            project=world.elevator_a1,
            household=home,
            answer=answer,
            answered_on=DAY,
        )


def english(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


# --- recording answers


def test_an_answer_is_recorded_once_per_home_and_changing_it_keeps_history(world, homes):
    staff = world.users["community_staff"]
    record(world, homes[:1], [AGREE])
    svc.elevator_consent_record(
        user=staff, project=world.elevator_a1, household=homes[0], answer=DISAGREE,
        answered_on=DAY,
    )  # fmt: skip
    consent = ElevatorConsent.objects.get()
    assert consent.answer == DISAGREE and consent.recorded_by == staff
    assert [h.answer for h in consent.history.order_by("history_date")] == [AGREE, DISAGREE]


def test_an_answer_of_a_home_in_another_building_is_refused(world):
    other = world.a1.buildings.get(number="2号楼")
    stranger = add_homes(other, 1)[0]
    with pytest.raises(ValidationError) as error:
        svc.elevator_consent_record(
            user=world.users["community_staff"], project=world.elevator_a1,
            household=stranger, answer=AGREE,
        )  # fmt: skip
    assert "household" in error.value.message_dict
    assert not ElevatorConsent.objects.exists()


def test_the_page_does_not_find_a_home_of_another_building(client, world):
    stranger = add_homes(world.a1.buildings.get(number="2号楼"), 1)[0]
    client.force_login(world.users["community_staff"])
    url = reverse("oversight:elevator_consent", args=[world.elevator_a1.pk, stranger.pk])
    assert client.post(url, {"answer": "agree", "answered_on": "2020-06-01"}).status_code == 404


def test_an_answer_dated_in_the_future_is_refused(client, world, homes):
    tomorrow = clock.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        svc.elevator_consent_record(
            user=None, project=world.elevator_a1, household=homes[0], answer=AGREE,
            answered_on=tomorrow,
        )  # fmt: skip
    english(client, world.users["community_staff"])
    url = reverse("oversight:elevator_consent", args=[world.elevator_a1.pk, homes[0].pk])
    response = client.post(url, {"answer": "agree", "answered_on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert "This day is in the future." in page_text(response)
    assert not ElevatorConsent.objects.exists()


def test_staff_of_another_community_may_not_record(world, homes):
    with pytest.raises(ValidationError):
        svc.elevator_consent_record(
            user=world.users["other_community_staff"], project=world.elevator_a1,
            household=homes[0], answer=AGREE,
        )  # fmt: skip


def test_the_supervisor_may_not_record(world, homes):
    with pytest.raises(PermissionDenied):
        svc.elevator_consent_record(
            user=world.users["supervisor"], project=world.elevator_a1, household=homes[0],
            answer=AGREE,
        )  # fmt: skip


# --- moving the stage


def test_moving_to_consent_reached_is_refused_without_consent_naming_the_shortfall(
    client, world, homes
):
    record(world, homes, [AGREE, AGREE, DISAGREE])  # 3 of 6 take part
    english(client, world.users["community_staff"])
    response = client.post(
        reverse("oversight:elevator_stage", args=[world.elevator_a1.pk]),
        {"stage": "consent_reached", "day": "2020-06-10"},
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "Consent is not reached under article 278" in text
    assert "Owners taking part: 3 of 6; two thirds is 4, so 1 more owner must take part." in text
    assert "Floor area taking part: 240.00 of 480.00 m²" in text
    world.elevator_a1.refresh_from_db()
    assert world.elevator_a1.stage == ElevatorStage.CONSULTING
    assert world.elevator_a1.consent_reached_on is None


def test_moving_to_consent_reached_is_allowed_with_consent(client, world, homes):
    record(world, homes, [AGREE, AGREE, AGREE, DISAGREE])  # exactly 2/3 and 3/4
    client.force_login(world.users["community_staff"])
    response = client.post(
        reverse("oversight:elevator_stage", args=[world.elevator_a1.pk]),
        {"stage": "consent_reached", "day": "2020-06-10"},
    )
    assert response.status_code == 302
    project = ElevatorProject.objects.get(pk=world.elevator_a1.pk)
    assert project.stage == ElevatorStage.CONSENT_REACHED
    assert project.consent_reached_on == datetime.date(2020, 6, 10)
    assert project.history.first().history_user == world.users["community_staff"]


def test_stages_go_forward_one_at_a_time(world, homes):
    record(world, homes, [AGREE] * 6)
    with pytest.raises(ValidationError) as error:
        svc.elevator_project_move(
            project=world.elevator_a1, user=None, stage=ElevatorStage.APPLYING, day=DAY
        )
    assert "stage" in error.value.message_dict


def test_a_stage_day_before_the_stage_before_or_in_the_future_is_refused(world, homes):
    record(world, homes, [AGREE] * 6)
    with pytest.raises(ValidationError) as error:
        svc.elevator_project_move(
            project=world.elevator_a1, user=None, stage=ElevatorStage.CONSENT_REACHED,
            day=datetime.date(2020, 4, 1),  # consulting began 2020-05-01
        )  # fmt: skip
    assert "day" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        svc.elevator_project_move(
            project=world.elevator_a1, user=None, stage=ElevatorStage.CONSENT_REACHED,
            day=clock.today() + datetime.timedelta(days=1),
        )  # fmt: skip
    assert "day" in error.value.message_dict


def test_moving_back_corrects_and_clears_the_later_days(world, homes):
    record(world, homes, [AGREE] * 6)
    project = world.elevator_a1
    svc.elevator_project_move(project=project, user=None, stage="consent_reached", day=DAY)
    svc.elevator_project_move(
        project=project, user=None, stage="applying", day=datetime.date(2020, 6, 5)
    )
    svc.elevator_project_move(project=project, user=None, stage="consulting")
    project.refresh_from_db()
    assert project.stage == ElevatorStage.CONSULTING
    assert project.consent_reached_on is None and project.applied_on is None
    assert project.consulting_since == datetime.date(2020, 5, 1)


def test_the_supervisor_may_not_move_the_stage(client, world):
    client.force_login(world.users["supervisor"])
    url = reverse("oversight:elevator_stage", args=[world.elevator_a1.pk])
    assert client.post(url, {"stage": "consulting", "day": "2020-05-02"}).status_code == 403


def test_a_project_for_a_building_with_one_or_with_an_elevator_is_refused(world):
    with pytest.raises(ValidationError):
        svc.elevator_project_create(user=None, building=world.building_a1)
    second = world.a1.buildings.get(number="2号楼")
    second.has_elevator = True
    second.save()
    with pytest.raises(ValidationError):
        svc.elevator_project_create(user=None, building=second)


# --- pages


def test_the_detail_page_shows_each_home_its_answer_and_the_figures(client, world, homes):
    record(world, homes, [AGREE, AGREE, AGREE, DISAGREE, ConsentAnswer.ABSTAIN])
    english(client, world.users["community_staff"])
    response = client.get(reverse("oversight:elevator_detail", args=[world.elevator_a1.pk]))
    text = page_text(response)
    assert "4 of 6 owners" in text
    assert "320.00 of 480.00 m²" in text
    assert "3 of 4 taking part" in text
    assert "Consent is reached: every threshold is met." in text
    assert "not taking part" in text and "no answer yet" in text
    assert "赵大妈" in text  # community staff see names
    html = response.content.decode()
    assert html.count('data-met="yes"') == 4


def test_the_supervisor_sees_the_owners_masked(client, world, homes):
    client.force_login(world.users["supervisor"])
    response = client.get(reverse("oversight:elevator_detail", args=[world.elevator_a1.pk]))
    text = page_text(response)
    assert "赵*" in text and "赵大妈" not in text


def test_the_consultations_homes_carry_their_owner_as_the_user_may_see_it(world, homes):
    record(world, homes, [AGREE])
    for who, owner in (("community_staff", "赵大妈"), ("supervisor", "赵**")):
        rows = selectors.elevator_households(project=world.elevator_a1, user=world.users[who])
        first = next(row for row in rows if row["household"].pk == world.household_a1.pk)
        assert first["owner"] == owner
        assert first["consent"].answer == AGREE


def test_the_compound_page_shows_each_building_against_the_thresholds(client, world, homes):
    record(world, homes, [AGREE, AGREE, AGREE, DISAGREE])
    english(client, world.users["street_staff"])
    response = client.get(reverse("oversight:compound_elevators", args=[world.a1.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-building="1号楼"' in html and 'data-building="2号楼"' in html
    text = page_text(response)
    assert "consent reached" in text and "Start consulting" in text
    assert "6 of 40 homes registered" in text


def test_the_list_filters_by_stage_and_compound(client, world, homes):
    other = ElevatorProject.objects.create(
        building=world.a1.buildings.get(number="2号楼"), consulting_since=DAY
    )
    record(world, homes, [AGREE] * 6)
    svc.elevator_project_move(project=other, user=None, stage="consulting", day=DAY)
    svc.elevator_project_move(
        project=world.elevator_a1, user=None, stage="consent_reached", day=DAY
    )
    client.force_login(world.users["street_staff"])
    url = reverse("oversight:elevator_list")
    response = client.get(url, {"stage": "consent_reached", "compound": world.a1.pk})
    assert [p.pk for p in response.context["page"]] == [world.elevator_a1.pk]
    assert response.context["page"][0].tally.consent_reached
    assert len(client.get(url).context["page"]) == 2


def test_another_communitys_project_is_not_found(client, world):
    client.force_login(world.users["other_community_staff"])
    for name, args in (
        ("oversight:elevator_detail", [world.elevator_a1.pk]),
        ("oversight:compound_elevators", [world.a1.pk]),
        ("oversight:elevator_create", [world.building_a1.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404
    assert client.get(reverse("oversight:elevator_list")).context["page"].paginator.count == 0


# --- API


def test_the_api_lists_projects_with_their_tally(client, world, homes):
    record(world, homes, [AGREE, AGREE, AGREE, DISAGREE])
    client.force_login(world.users["inspector"])
    response = client.get(reverse("api:elevatorproject-list"))
    row = response.json()["results"][0]
    assert row["tally"]["consent_reached"] is True
    assert row["tally"]["owners"] == 6 and row["tally"]["taking_part_owners"] == 4
    assert {t["key"]: t["met"] for t in row["tally"]["thresholds"]} == {
        "take_part_owners": True, "take_part_area": True, "agree_owners": True,
        "agree_area": True,
    }  # fmt: skip


def test_the_api_moves_the_stage_through_the_same_service(client, world, homes):
    client.force_login(world.users["community_staff"])
    url = reverse("api:elevatorproject-detail", args=[world.elevator_a1.pk])
    refused = client.patch(
        url, {"stage": "consent_reached", "stage_date": "2020-06-10"},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 400
    assert "stage" in refused.json()
    record(world, homes, [AGREE] * 6)
    moved = client.patch(
        url, {"stage": "consent_reached", "stage_date": "2020-06-10"},
        content_type="application/json",
    )  # fmt: skip
    assert moved.status_code == 200, moved.content
    assert moved.json()["stage"] == "consent_reached"
    assert moved.json()["consent_reached_on"] == "2020-06-10"


def test_the_api_records_and_changes_an_answer(client, world, homes):
    client.force_login(world.users["community_staff"])
    created = client.post(
        reverse("api:elevatorconsent-list"),
        {"project": world.elevator_a1.pk, "household": homes[0].pk, "answer": "agree"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["recorded_by"] == world.users["community_staff"].pk
    changed = client.patch(
        reverse("api:elevatorconsent-detail", args=[created.json()["id"]]),
        {"answer": "disagree"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["answer"] == "disagree"
    stranger = add_homes(world.a1.buildings.get(number="2号楼"), 1)[0]
    refused = client.post(
        reverse("api:elevatorconsent-list"),
        {"project": world.elevator_a1.pk, "household": stranger.pk, "answer": "agree"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "household" in refused.json()
