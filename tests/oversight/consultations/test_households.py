"""A building's homes: added with a random code, owners masked without the right to personal
data, slips printed only with it, and kept to the user's scope."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from oversight.consultations import selectors
from oversight.consultations import services as svc
from oversight.models import Household
from oversight.opinions import rules
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_a_new_home_gets_a_random_code_with_a_check_symbol(world, settings):
    settings.OPINION_CODE_PREFIX = "WH"
    home = svc.household_create(
        user=world.users["community_staff"], building=world.building_a1, unit="2", door="301",
        floor=3, floor_area=Decimal("75.20"), owner_name="钱叔叔",
    )  # fmt: skip
    assert home.code.startswith("WHH-")
    assert rules.normalise_code(home.code) == home.code
    assert home.history.first().history_user == world.users["community_staff"]


def test_a_code_clash_draws_again(world, monkeypatch):
    codes = iter(["WHH-2020-AAAA-AAAAA", "WHH-2020-BBBB-BBBBB"])
    Household.objects.filter(pk=world.household_a1.pk).update(code="WHH-2020-AAAA-AAAAA")
    monkeypatch.setattr(svc, "household_code_new", lambda: next(codes))
    home = svc.household_create(
        user=None, building=world.building_a1, door="302", floor_area=Decimal("60")
    )
    assert home.code == "WHH-2020-BBBB-BBBBB"


def test_the_same_door_twice_is_refused(world):
    with pytest.raises(ValidationError):
        svc.household_create(
            user=None, building=world.building_a1, unit="1", door="101", floor_area=Decimal("60")
        )


def test_a_home_cannot_be_added_outside_the_users_scope(world):
    with pytest.raises(ValidationError):
        svc.household_create(
            user=world.users["other_community_staff"], building=world.building_a1, door="401",
            floor_area=Decimal("60"),
        )  # fmt: skip


def test_codes_are_found_forgiving_case_spaces_and_hyphens(world):
    home = svc.household_create(
        user=None, building=world.building_a1, door="303", floor_area=Decimal("60")
    )
    typed = " " + home.code.lower().replace("-", " ") + " "
    assert selectors.household_by_code(typed) == home
    assert selectors.household_by_code("h test 0001") == world.household_a1
    assert selectors.household_by_code("H-TEST-0002") is None
    assert selectors.household_by_code("") is None


def test_the_list_shows_owners_to_staff_and_masks_them_otherwise(client, world):
    url = reverse("oversight:household_list", args=[world.building_a1.pk])
    client.force_login(world.users["community_staff"])
    text = page_text(client.get(url))
    assert "赵大妈" in text and "H-TEST-0001" in text


def test_the_api_masks_the_owner_and_hides_the_code_without_the_right(client, world, monkeypatch):
    client.force_login(world.users["community_staff"])
    row = client.get(reverse("api:household-detail", args=[world.household_a1.pk])).json()
    assert (row["owner_name"], row["code"]) == ("赵大妈", "H-TEST-0001")
    from django.contrib.auth.models import User

    original = User.has_perm

    def without_personal(self, perm, obj=None):
        return perm != "oversight.view_personal_data" and original(self, perm, obj)

    monkeypatch.setattr(User, "has_perm", without_personal)
    row = client.get(reverse("api:household-detail", args=[world.household_a1.pk])).json()
    assert (row["owner_name"], row["code"]) == ("赵**", None)
    page = page_text(client.get(reverse("oversight:household_list", args=[world.building_a1.pk])))
    assert "赵**" in page and "赵大妈" not in page and "H-TEST-0001" not in page
    slips = client.get(reverse("oversight:household_slips", args=[world.building_a1.pk]))
    assert slips.status_code == 403


def test_the_slips_carry_each_homes_code_and_the_open_surveys(client, world):
    client.force_login(world.users["street_staff"])
    client.cookies["django_language"] = "en"
    response = client.get(reverse("oversight:household_slips", args=[world.building_a1.pk]))
    text = page_text(response)
    assert "H-TEST-0001" in text
    assert world.survey_a1.title in text
    assert reverse("oversight:survey_answer", args=[world.survey_a1.pk]) in text


def test_adding_a_home_on_the_page(client, world):
    client.force_login(world.users["community_staff"])
    response = client.post(
        reverse("oversight:household_create", args=[world.building_a1.pk]),
        {"unit": "1", "door": "201", "floor": 2, "floor_area": "80.5", "owner_name": "孙阿姨",
         "another": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "oversight:household_create", args=[world.building_a1.pk]
    )
    assert Household.objects.get(door="201").owner_name == "孙阿姨"
    again = client.post(
        reverse("oversight:household_create", args=[world.building_a1.pk]),
        {"unit": "1", "door": "201", "floor": 2, "floor_area": "80.5"},
    )
    assert again.status_code == 200 and again.context["form"].errors


def test_a_home_that_answered_stays_in_its_building(world):
    svc.elevator_consent_record(
        user=None, project=world.elevator_a1, household=world.household_a1, answer="agree"
    )
    with pytest.raises(ValidationError):
        svc.household_update(
            household=world.household_a1, user=None,
            building=world.a1.buildings.get(number="2号楼"),
        )  # fmt: skip


def test_another_communitys_building_is_not_found(client, world):
    client.force_login(world.users["other_community_staff"])
    for name in ("household_list", "household_create", "household_slips"):
        url = reverse(f"oversight:{name}", args=[world.building_a1.pk])
        assert client.get(url).status_code == 404
    url = reverse("oversight:household_update", args=[world.household_a1.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("who", "owner", "code"),
    [
        ("community_staff", "赵大妈", "H-TEST-0001"),
        ("street_staff", "赵大妈", "H-TEST-0001"),
        ("inspector", "赵**", None),  # reads every record, names only masked
        ("supervisor", "赵**", None),
        (None, "赵**", None),  # nobody named (a serializer without a request)
    ],
)
def test_the_selectors_mask_the_owner_for_whoever_asks(world, who, owner, code):
    """Every page, export and API shows owners through these selectors."""
    user = world.users[who] if who else None
    home = world.household_a1
    assert selectors.owner_name_for(home, user=user) == owner
    assert selectors.household_code_for(home, user=user) == code
    shown = selectors.households_shown(building=world.building_a1, user=user)
    assert [h.owner_shown for h in shown if h.pk == home.pk] == [owner]
