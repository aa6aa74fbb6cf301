"""The register's pages: lists, detail, and forms that refuse bad input with a clear message."""

from decimal import Decimal

import pytest
from django.urls import reverse

from compounds.models import Building, Compound
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def compound_data(world, **overrides):
    data = {
        "name": "新建路1号院",
        "address": "新建路1号",
        "community": world.community_a1.pk,
        "plan": world.plan_a.pk,
        "status": "planned",
        "management_mode": "none",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_list_paginates_25_a_page(login, world):
    from tests.factories import CompoundFactory

    CompoundFactory.create_batch(30, community=world.community_a1, plan=world.plan_a)
    client = login(world.users["community_staff"])
    first = client.get(reverse("compounds:compound_list"))
    assert len(first.context["page"].object_list) == 25
    second = client.get(reverse("compounds:compound_list"), {"page": 2})
    assert len(second.context["page"].object_list) == 6
    assert "page=2" in first.content.decode()


def test_list_query_count_does_not_grow_with_compounds(
    login, world, django_assert_num_queries, django_assert_max_num_queries
):
    from tests.factories import BuildingFactory, CompoundFactory

    client = login(world.users["street_staff"])
    url = reverse("compounds:compound_list")
    client.get(url)  # warm the session and the scope
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(20):
        BuildingFactory(compound=CompoundFactory(community=world.community_a1, plan=world.plan_a))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_detail_shows_figures_derived_from_buildings(login, world):
    response = login(world.users["supervisor"]).get(world.a1.get_absolute_url())
    compound = response.context["compound"]
    assert (compound.building_count, compound.household_count) == (2, 70)
    assert compound.total_floor_area == Decimal("7601.00")
    assert "1号楼" in page_text(response)


def test_create_compound_records_who_made_it(login, world):
    user = world.users["community_staff"]
    response = login(user).post(reverse("compounds:compound_create"), compound_data(world))
    compound = Compound.objects.get(name="新建路1号院")
    assert response.status_code == 302
    assert response["Location"] == compound.get_absolute_url()
    assert compound.history.get().history_user == user


@pytest.mark.parametrize(
    ("who", "overrides", "field", "message"),
    [
        ("community_staff", {"status": "started"}, "started_on", "已开工的楼院须填写开工日期"),
        ("community_staff", {"started_on": "2020-05-01"}, "started_on", "留空"),
        ("community_staff", {"status": "started", "started_on": "2999-01-01"}, "started_on",
         "不能晚于今天"),
        # The admin may pick any plan: one of another street is refused by the model's rule.
        ("admin", {"plan": "PLAN_B"}, "plan", "不属于同一街道"),
        # Community staff are not offered other communities at all.
        ("community_staff", {"community": "COMMUNITY_A2"}, "community", "选择一个有效的选项"),
        ("community_staff", {"plan": "PLAN_B"}, "plan", "选择一个有效的选项"),
        ("community_staff", {"yearly_fee_per_household": "-5",
                             "management_mode": "property_company"},
         "yearly_fee_per_household", "大于或等于0"),
        ("community_staff", {"yearly_fee_per_household": "300"}, "yearly_fee_per_household",
         "管理费"),
        ("community_staff", {"contact_phone": "12345"}, "contact_phone", "合法的电话号码"),
        ("community_staff", {"name": ""}, "name", "该字段是必填项"),
        ("community_staff", {"name": "甲一1号院"}, "__all__", "已有同名楼院"),
    ],
)  # fmt: skip
def test_bad_compound_input_is_refused_in_chinese_and_nothing_saved(
    login, world, who, overrides, field, message
):
    """Each bad value comes back on its field, in Chinese, and no compound is stored."""
    replacements = {"PLAN_B": world.plan_b.pk, "COMMUNITY_A2": world.community_a2.pk}
    overrides = {k: replacements.get(v, v) for k, v in overrides.items()}
    before = Compound.objects.count()
    response = login(world.users[who]).post(
        reverse("compounds:compound_create"), compound_data(world, **overrides)
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert message in page_text(response)
    assert Compound.objects.count() == before


def test_update_keeps_the_reason_in_history(login, world):
    user = world.users["street_staff"]
    data = compound_data(
        world, name=world.a1.name, status="started", started_on="2020-05-01", address="改后地址"
    )
    data["change_reason"] = "地址登记有误"
    response = login(user).post(reverse("compounds:compound_update", args=[world.a1.pk]), data)
    assert response.status_code == 302
    latest = world.a1.history.latest()
    assert latest.history_user == user
    assert latest.history_change_reason == "地址登记有误"
    page = page_text(login(user).get(world.a1.get_absolute_url()))
    assert "地址登记有误" in page
    assert "改后地址" in page


def test_building_with_a_taken_number_gets_a_form_error_not_a_500(login, world):
    response = login(world.users["community_staff"]).post(
        reverse("compounds:building_create", args=[world.a1.pk]),
        {"number": "1号楼", "floors": 6, "units": 2, "households": 10, "floor_area": "900"},
    )
    assert response.status_code == 200
    assert "该楼院已有相同楼号的楼栋" in page_text(response)
    assert world.a1.buildings.count() == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [("households", "-1"), ("floor_area", "-0.01"), ("floors", "0"), ("floor_area", "abc")],
)
def test_negative_or_malformed_building_figures_are_refused(login, world, field, value):
    data = {"number": "9号楼", "floors": 6, "units": 2, "households": 10, "floor_area": "900"}
    data[field] = value
    response = login(world.users["community_staff"]).post(
        reverse("compounds:building_create", args=[world.a1.pk]), data
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Building.objects.filter(number="9号楼").exists()


def test_building_edit_changes_the_compound_figures(login, world):
    client = login(world.users["community_staff"])
    b = world.building_a1
    client.post(
        reverse("compounds:building_update", args=[b.pk]),
        {"number": b.number, "floors": 6, "units": 2, "households": 45, "floor_area": "3800.50"},
    )
    compound = client.get(world.a1.get_absolute_url()).context["compound"]
    assert compound.household_count == 75
    assert b.history.latest().history_user == world.users["community_staff"]


def test_inspector_sees_no_edit_buttons(login, world):
    response = login(world.users["inspector"]).get(world.a1.get_absolute_url())
    assert not response.context["can_change"]
    assert reverse("compounds:compound_update", args=[world.a1.pk]) not in response.content.decode()


def test_login_page_and_failed_login_message(client, world):
    response = client.post(reverse("login"), {"username": "street_staff", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码错误" in page_text(response)
    response = client.post(
        reverse("login"), {"username": "street_staff", "password": "pw-for-tests"}
    )
    assert response.status_code == 302


def test_repeated_failed_logins_lock_the_account(client, world):
    """django-axes: the fifth wrong password locks the user name, with a page that says so;
    even the right password is then refused."""
    url = reverse("login")
    for _ in range(4):
        assert client.post(url, {"username": "street_staff", "password": "x"}).status_code == 200
    locked = client.post(url, {"username": "street_staff", "password": "x"})
    assert locked.status_code == 429
    assert "登录已锁定" in page_text(locked)
    again = client.post(url, {"username": "street_staff", "password": "pw-for-tests"})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_forged_forwarded_header_does_not_unlock_the_login(client, world):
    """With no proxy configured, a new X-Forwarded-For on each try is not a new address."""
    url = reverse("login")
    for number in range(5):
        client.post(
            url,
            {"username": "street_staff", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    again = client.post(
        url,
        {"username": "street_staff", "password": "pw-for-tests"},
        HTTP_X_FORWARDED_FOR="203.0.113.77",
    )
    assert again.status_code == 429
