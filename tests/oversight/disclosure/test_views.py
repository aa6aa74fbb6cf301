"""The public disclosure pages: open to everyone, and never a name, a phone or a resident's
words on them."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compounds.models import Compound
from oversight.opinions.services import (
    opinion_merge,
    opinion_moderate,
    opinion_record,
    opinion_triage,
)
from progress.models import DailyLogPhoto
from tests.factories import (
    BuildingFactory,
    CommunityFactory,
    CompoundFactory,
    DailyLogFactory,
    RenovationPlanFactory,
    StreetFactory,
    WorkItemFactory,
    jpeg_bytes,
)
from tests.utils import page_text

pytestmark = pytest.mark.django_db

LIST = reverse("oversight:public_compound_list")


def detail_url(compound):
    return reverse("oversight:public_compound_detail", kwargs={"pk": compound.pk})


def english(client):
    client.cookies["django_language"] = "en"
    return client


def publish(opinion, reply, *, user):
    opinion_triage(opinion=opinion, user=user, status="in_review")
    return opinion_triage(
        opinion=opinion, user=user, status="answered", reply=reply, reply_published=True
    )


def new_opinion(compound, text, **fields):
    return opinion_record(
        user=None, compound=compound, channel="collection_point", topics=["heating"], text=text,
        **fields,
    )  # fmt: skip


@pytest.fixture
def personal(world):
    """Compound a1 with every kind of personal data the portal keeps about it."""
    admin = world.users["admin"]
    Compound.objects.filter(pk=world.a1.pk).update(
        person_in_charge="张负责人",
        person_in_charge_phone="+8613912345678",
        contact_person="王联系人",
        contact_phone="+8613987654321",
        notes="内部备注不公开",
        management_mode="property_company",
        property_company="郑州安居物业公司",
    )
    secret = new_opinion(
        world.a1, "秘密的意见内容", name="李秀英", phone="+8613800138000",
        building=world.building_a1, unit="3",
    )  # fmt: skip
    publish(secret, "已列入改造计划，十月开工。", user=admin)
    unpublished = new_opinion(world.a1, "另一条意见")
    opinion_triage(opinion=unpublished, user=admin, status="in_review")
    opinion_triage(opinion=unpublished, user=admin, status="answered", reply="未公开的答复")
    hidden = new_opinion(world.a1, "广告内容")
    publish(hidden, "隐藏意见的答复", user=admin)
    opinion_moderate(opinion=hidden, user=admin, hidden=True, hidden_reason="广告")
    duplicate = new_opinion(world.a1, "重复的意见")
    publish(duplicate, "重复意见的答复", user=admin)
    opinion_merge(duplicate=duplicate, into=secret, user=admin)
    return {"secret": secret, "unpublished": unpublished, "hidden": hidden,
            "duplicate": duplicate}  # fmt: skip


PERSONAL_STRINGS = (
    "张负责人",
    "13912345678",
    "139 1234 5678",
    "王联系人",
    "13987654321",
    "李秀英",
    "李**",
    "13800138000",
    "138 0013 8000",
    "138****8000",
    "秘密的意见内容",
    "另一条意见",
    "广告内容",
    "重复的意见",
    "赵大妈",
    "H-TEST-0001",
    "王建军",  # the milestone's owner and the problem's owner
    "内部备注不公开",
)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_personal_data_on_any_public_page(client, world, personal, language):
    """Neither the list, nor the page, nor a search shows a person, a phone, a resident's
    words, a household or a receipt code, in any language; the HTML holds none of them."""
    client.cookies["django_language"] = language
    pages = [
        client.get(LIST),
        client.get(LIST, {"q": "甲一"}),
        client.get(LIST, {"community": world.community_a1.pk}),
        client.get(detail_url(world.a1)),
    ]
    opinion_codes = [opinion.code for opinion in personal.values()]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        for text in (*PERSONAL_STRINGS, world.opinion_a1.code, *opinion_codes):
            assert text not in html, text
    detail = pages[-1].content.decode()
    assert "已列入改造计划，十月开工。" in detail
    assert "郑州安居物业公司" in detail  # the company is public, its people are not
    for reply in ("未公开的答复", "隐藏意见的答复", "重复意见的答复"):
        assert reply not in detail


def test_search_does_not_find_compounds_by_a_persons_name(client, world, personal):
    """The public search covers names and addresses of compounds only: it cannot tell who is
    in charge of what."""
    for words in ("张负责人", "李秀英", "13912345678", "内部备注"):
        response = client.get(LIST, {"q": words})
        assert response.context["page"].paginator.count == 0


def test_published_reply_shows_its_topics_and_dates_not_its_resident(client, world, personal):
    text = page_text(english(client).get(detail_url(world.a1)))
    assert "A resident asked about: heating" in text
    assert "已列入改造计划，十月开工。" in text
    today = personal["secret"].replied_at.astimezone().date().isoformat()
    assert f"replied {today}" in text


def test_opinion_counts_leave_out_hidden_and_merged_opinions(client, world, personal):
    section = next(
        part["context"]
        for part in english(client).get(detail_url(world.a1)).context["sections"]
        if part["key"] == "opinions"
    )
    # world.opinion_a1 (heating, parking), the secret one and the unpublished one (heating).
    assert section["total"] == 3
    assert {row["topic"]: row["opinions"] for row in section["topics"]} == {
        "heating": 3,
        "parking": 1,
    }


def test_list_shows_every_compound_with_status_and_progress(client, world):
    WorkItemFactory(compound=world.a1, done_quantity=Decimal("75"), weight=Decimal("3"))
    response = english(client).get(LIST)
    rows = {row.name: row for row in response.context["page"]}
    assert set(rows) == {"甲一1号院", "甲二2号院", "乙一3号院"}  # both streets' compounds
    # 25% of the world's item (weight 1) and 75% of this one (weight 3): 62.5%, shown 63%.
    assert rows["甲一1号院"].percent == 63
    assert rows["甲二2号院"].percent is None
    text = page_text(response)
    assert "63% done" in text
    assert "since 2020-05-01" in text
    assert "No work is planned yet." in text
    assert detail_url(world.a1) in response.content.decode()


def test_list_filters_by_name_address_community_and_status(client, world):
    def names(**params):
        return {row.name for row in client.get(LIST, params).context["page"]}

    assert names(q="甲二") == {"甲二2号院"}
    Compound.objects.filter(pk=world.b1.pk).update(address="农科路28号")
    assert names(q="农科路") == {"乙一3号院"}
    assert names(community=world.community_a1.pk) == {"甲一1号院"}
    assert names(status="started") == {"甲一1号院"}
    assert names(status="planned", community=world.community_a2.pk) == {"甲二2号院"}


@pytest.mark.parametrize(
    "params",
    [{"status": "demolished"}, {"community": "999999"}, {"community": "abc"}, {"q": "x" * 101}],
)
def test_invalid_filters_list_nothing_and_say_so(client, world, params):
    response = english(client).get(LIST, params)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert "Please correct the search to see the list." in page_text(response)


def test_list_paginates_and_keeps_the_filters_in_the_page_links(client, world):
    CompoundFactory.create_batch(25, community=world.community_a1, plan=world.plan_a)
    first = client.get(LIST, {"community": world.community_a1.pk})
    assert len(first.context["page"]) == 20
    assert f"community={world.community_a1.pk}&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"community": world.community_a1.pk, "page": 2})
    assert len(second.context["page"]) == 6
    # A page number that is not one shows the first page; one past the end, the last.
    assert client.get(LIST, {"page": "abc"}).context["page"].number == 1
    assert client.get(LIST, {"page": "99"}).context["page"].number == 2


def _compounds(count):
    street = StreetFactory(name="查询街道")
    community = CommunityFactory(street=street)
    plan = street.plans.first() or RenovationPlanFactory(street=street)
    for _ in range(count):
        compound = CompoundFactory(community=community, plan=plan, started=True)
        BuildingFactory(compound=compound)
        WorkItemFactory(compound=compound)
        WorkItemFactory(compound=compound, category="heating", unit="household")


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_is_the_same_for_3_and_for_30_compounds(client, db):
    _compounds(3)
    few = _list_queries(client)
    _compounds(27)
    assert _list_queries(client) == few


def test_list_query_count_is_pinned(client, db, django_assert_num_queries):
    """The count, the page, the page's work items and the community choices, inside the
    request's savepoint (ATOMIC_REQUESTS): six."""
    _compounds(30)
    with django_assert_num_queries(6):
        client.get(LIST)


def test_detail_shows_plan_figures_management_work_and_schedule(client, world):
    Compound.objects.filter(pk=world.a1.pk).update(
        management_mode="self_governance", yearly_fee_per_household=Decimal("400")
    )
    world.milestone_a1.actual_start = datetime.date(2020, 5, 6)
    world.milestone_a1.save()
    response = english(client).get(detail_url(world.a1))
    compound = response.context["compound"]
    assert (compound.building_count, compound.household_count) == (2, 70)
    assert compound.total_floor_area == Decimal("7601.00")
    text = page_text(response)
    assert world.plan_a.name in text
    assert "2020-12-31" in text  # the target date
    assert "residents' self-governance" in text
    assert "400" in text
    assert "demolition of illegal structures" in text
    assert "25 / 100 places (处)" in text
    assert world.milestone_a1.name in text
    assert "actual dates: 2020-05-06" in text


def test_detail_links_to_the_opinion_form_of_the_compound(client, world):
    html = client.get(detail_url(world.a1)).content.decode()
    assert f"/opinions/new/?compound={world.a1.pk}" in html


def test_detail_shows_each_buildings_elevator_stage_without_households(client, world):
    text = page_text(english(client).get(detail_url(world.a1)))
    assert "Elevators being added" in text
    assert "consulting residents" in text
    assert "Step 1 of 6, since 2020-05-01" in text


def test_detail_leaves_out_sections_with_nothing_to_show(client, world):
    keys = [part["key"] for part in client.get(detail_url(world.a2)).context["sections"]]
    assert keys == []  # no work, schedule, photo, elevator, opinion, fund or supervision yet
    keys = [part["key"] for part in client.get(detail_url(world.a1)).context["sections"]]
    assert keys == ["work_items", "schedule", "photos", "elevators", "surveys", "opinions"]


def test_detail_lists_the_compounds_surveys_with_a_link_to_each(client, world):
    text = page_text(english(client).get(detail_url(world.a1)))
    assert "Residents choose: surveys" in text and world.survey_a1.title in text
    url = reverse("oversight:survey_answer", args=[world.survey_a1.pk])
    assert url in client.get(detail_url(world.a1)).content.decode()


def test_unknown_compound_is_not_found(client, world):
    url = reverse("oversight:public_compound_detail", kwargs={"pk": 999999})
    assert client.get(url).status_code == 404
    assert client.get("/public/compounds/abc/").status_code == 404


def test_public_pages_only_read(client, world):
    assert client.post(LIST).status_code == 405
    assert client.post(detail_url(world.a1)).status_code == 405


def _photo(log):
    photo = DailyLogPhoto(log=log)
    photo.image.save("p.jpg", ContentFile(jpeg_bytes()), save=True)
    return photo


def test_photo_view_serves_the_before_and_after_photos_only(client, world):
    today = world.log_a1.date
    first = _photo(DailyLogFactory(compound=world.a1, date=today - datetime.timedelta(days=20)))
    middle = _photo(DailyLogFactory(compound=world.a1, date=today - datetime.timedelta(days=10)))
    latest = world.log_a1.photos.get()

    def get(photo):
        return client.get(reverse("oversight:public_photo", kwargs={"pk": photo.pk}))

    response = get(first)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert get(latest).status_code == 200
    assert get(middle).status_code == 404  # not on any public page
    assert client.get(reverse("oversight:public_photo", kwargs={"pk": 999999})).status_code == 404
    html = client.get(detail_url(world.a1)).content.decode()
    for photo, shown in ((first, True), (latest, True), (middle, False)):
        url = reverse("oversight:public_photo", kwargs={"pk": photo.pk})
        assert (url in html) is shown


def test_photo_view_says_not_found_when_the_file_is_gone(client, world):
    photo = world.log_a1.photos.get()
    photo.image.storage.delete(photo.image.name)
    assert client.get(reverse("oversight:public_photo", kwargs={"pk": photo.pk})).status_code == 404


def test_home_page_links_to_the_public_list(client, db):
    assert LIST in client.get(reverse("home")).content.decode()
