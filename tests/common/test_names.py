"""People's names as they write them: Chinese family name then given name with no space,
"Given Family" in Latin script, the username only when there is no name."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.urls import reverse

from common.names import full_name, person_name
from compounds.demo import ACCOUNTS
from tests.factories import UserFactory
from tests.utils import page_text

User = get_user_model()


@pytest.mark.parametrize(
    ("family", "given", "name"),
    [
        ("张", "伟", "张伟"),
        ("欧阳", "修", "欧阳修"),
        (" 张 ", " 伟 ", "张伟"),  # stray spaces around the parts are not part of the name
        ("张", "", "张"),
        ("", "伟", "伟"),
        ("Zhang", "伟", "Zhang伟"),  # either part in Chinese: the Chinese order
        ("Zhang", "Wei", "Wei Zhang"),
        ("Müller", "Anna", "Anna Müller"),
        ("", "Wei", "Wei"),
        ("Zhang", "", "Zhang"),
        ("", "", ""),
    ],
)
def test_full_name_orders_the_parts_by_script(family, given, name):
    assert full_name(family, given) == name


def test_person_name_is_the_full_name_else_the_username():
    assert person_name(User(username="zw", last_name="张", first_name="伟")) == "张伟"
    assert person_name(User(username="wz", last_name="Zhang", first_name="Wei")) == "Wei Zhang"
    assert person_name(User(username="zw")) == "zw"
    assert person_name(User(username="zw", last_name=" ", first_name="")) == "zw"
    assert person_name(None) == ""
    assert person_name(AnonymousUser()) == ""


def test_the_demo_accounts_are_named_in_the_chinese_order():
    """The demo seeds family and given name (compounds.demo.ACCOUNTS: ..., last, first): the
    street's staff read as 街道工作人员, not 工作人员 街道."""
    names = {row[0]: full_name(row[5], row[6]) for row in ACCOUNTS}
    assert names == {
        "street_staff": "街道工作人员",
        "community_staff": "社区工作人员",
        "supervisor": "居民监督员",
        "inspector": "区督导员",
        "admin": "系统管理员",
    }


def test_the_person_filter_names_a_user_in_a_template():
    template = Template("{% load names %}[{{ who|person }}]")
    user = User(username="zw", last_name="张", first_name="伟")
    assert template.render(Context({"who": user})) == "[张伟]"
    assert template.render(Context({"who": None})) == "[]"


@pytest.mark.django_db
def test_the_daily_log_page_names_its_author_not_their_login(login, world):
    author = UserFactory(username="zhangwei", last_name="张", first_name="伟")
    world.log_a1.created_by = author
    world.log_a1.save()
    client = login(world.users["street_staff"])
    text = page_text(client.get(reverse("progress:dailylog_detail", args=[world.log_a1.pk])))
    assert "填报人 张伟" in text
    assert "zhangwei" not in text


@pytest.mark.django_db
def test_the_header_names_the_user_in_the_chinese_order(login, world):
    user = world.users["street_staff"]
    user.last_name, user.first_name = "街道", "工作人员"
    user.save()
    text = page_text(login(user).get(reverse("dashboard")))
    assert "街道工作人员" in text
    # The wide menu's name and the phone menu's heading stand side by side in the text
    # ("街道工作人员 街道工作人员"): the given name first reads "工作人员 街道" after no "街道".
    assert not re.search("(?<!街道)工作人员 街道", text)


@pytest.mark.django_db
def test_a_filter_of_people_offers_their_names(rf, world):
    """Both a FilterSet's own user filter (Meta.fields: created_by) and a scoped one (the
    opinions' assignee) name people as the pages do, not by their logins."""
    from oversight.opinions.filtersets import OpinionFilterSet
    from progress.filtersets import DailyLogFilterSet

    author = UserFactory(username="zhangwei", last_name="张", first_name="伟")
    world.opinion_a1.assignee = author
    world.opinion_a1.save()
    request = rf.get("/")
    request.user = world.users["admin"]
    for filterset, name in ((DailyLogFilterSet, "created_by"), (OpinionFilterSet, "assignee")):
        form = filterset({}, request=request, queryset=filterset._meta.model.objects.all()).form
        labels = [str(label) for _value, label in form.fields[name].choices]
        assert "张伟" in labels, (name, labels)
        assert "zhangwei" not in labels
