"""Following an opinion by its receipt code: its status and the street's published answer,
never anything personal; a wrong code is simply not found; look-ups are rate limited."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common import clock
from oversight.opinions.models import Opinion
from oversight.opinions.services import opinion_merge, opinion_record
from tests.utils import page_text

pytestmark = pytest.mark.django_db

URL = "/opinions/track/"


def update(opinion, **fields):
    Opinion.objects.filter(pk=opinion.pk).update(**fields)
    opinion.refresh_from_db()
    return opinion


def wrong_by_one(code):
    """The code with its first random symbol changed."""
    index = code.index("-", code.index("-") + 1) + 1
    replacement = "X" if code[index] != "X" else "Y"
    return code[:index] + replacement + code[index + 1 :]


def test_the_url_is_the_one_printed_on_receipts():
    assert reverse("oversight:opinion_track") == URL


def test_the_empty_form_is_shown(en, world):
    response = en.get(URL)
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    assert response.context["facts"] is None


def test_a_code_shows_the_status_compound_topics_and_date_only(en, world):
    opinion = world.opinion_a1
    response = en.post(URL, {"code": opinion.code})
    assert response.status_code == 200
    text = page_text(response)
    assert opinion.code in text
    assert "received" in text
    assert world.a1.name in text
    assert "heating" in text and "parking" in text
    assert timezone.localdate(opinion.received_at).isoformat() in text
    # Nothing personal, and not the text (the code may be seen by others).
    assert "李秀英" not in text
    assert "13800138000" not in text and "138****8000" not in text
    assert opinion.text not in text
    assert world.building_a1.number not in text


def test_the_code_can_be_given_in_the_address_too(en, world):
    response = en.get(URL, {"code": world.opinion_a1.code})
    assert response.status_code == 200
    assert response.context["facts"]["code"] == world.opinion_a1.code


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c.lower(),
        lambda c: f"  {c.lower()}  ",
        lambda c: c.replace("-", " "),
        lambda c: c.replace("-", ""),
    ],
)
def test_case_spaces_and_hyphens_are_forgiven(en, world, typed):
    response = en.post(URL, {"code": typed(world.opinion_a1.code)})
    assert response.status_code == 200
    assert response.context["facts"]["code"] == world.opinion_a1.code


@pytest.mark.parametrize(
    "typed",
    [
        wrong_by_one,  # one wrong character: the check symbol catches it
        lambda c: c[:-1],  # one character short
        lambda c: "WH-2020-0000-00000",
        lambda c: "hello",
        lambda c: "' OR 1=1 --",
    ],
)
def test_an_unknown_or_mistyped_code_is_not_found(en, world, typed):
    response = en.post(URL, {"code": typed(world.opinion_a1.code)})
    assert response.status_code == 404
    text = page_text(response)
    assert "No opinion has this code" in text
    assert response.context["facts"] is None
    assert world.opinion_a1.code not in text


def test_an_empty_code_asks_for_one(en, world):
    response = en.post(URL, {"code": "  "})
    assert response.status_code == 200
    assert "Type the code from your receipt" in page_text(response)


def test_the_reply_is_shown_only_once_published(en, world):
    opinion = update(
        world.opinion_a1,
        status="answered",
        reply="今年冬季前完成暖气改造。",
        replied_at=clock.now(),
        reply_published=False,
    )
    text = page_text(en.post(URL, {"code": opinion.code}))
    assert "answered" in text
    assert opinion.reply not in text
    assert "no published answer yet" in text
    update(opinion, reply_published=True)
    text = page_text(en.post(URL, {"code": opinion.code}))
    assert opinion.reply in text
    assert timezone.localdate(opinion.replied_at).isoformat() in text


def test_the_reason_is_shown_when_not_feasible(en, world):
    opinion = update(world.opinion_a1, status="not_feasible", reason="该楼已列入拆迁范围。")
    text = page_text(en.post(URL, {"code": opinion.code}))
    assert "not feasible" in text
    assert "该楼已列入拆迁范围。" in text


def test_the_reason_stays_hidden_while_the_opinion_is_in_review(en, world):
    opinion = update(world.opinion_a1, status="in_review", reason="草稿理由")
    assert "草稿理由" not in page_text(en.post(URL, {"code": opinion.code}))


def test_the_work_item_it_became_shows_its_progress(en, world):
    item = world.work_item_a1
    item.category, item.planned_quantity, item.done_quantity = "heating", 40, 24
    item.save()
    opinion = update(world.opinion_a1, status="accepted", work_item=item)
    response = en.post(URL, {"code": opinion.code})
    assert response.context["facts"]["work_item"]["progress"] == 60
    text = page_text(response)
    assert "It became renovation work: heating, 60% done." in text


def test_a_merged_opinion_shows_the_status_and_reply_of_the_one_it_joined(en, world):
    other = opinion_record(
        user=None, compound=world.a1, channel="phone", topics=["heating"], text="暖气不热"
    )
    update(other, status="answered", reply="统一更换暖气片。", reply_published=True,
           replied_at=clock.now())  # fmt: skip
    opinion_merge(duplicate=world.opinion_a1, into=other, user=world.users["admin"])
    response = en.post(URL, {"code": world.opinion_a1.code})
    text = page_text(response)
    assert "closed" in text
    assert "answered together" in text
    assert "统一更换暖气片。" in text
    assert other.code not in text  # another resident's code stays theirs
    assert "暖气不热" not in text


def test_lookups_are_rate_limited_with_a_retry_time(en, world):
    for _ in range(30):
        assert en.post(URL, {"code": "WH-2020-0000-00000"}).status_code == 404
    response = en.post(URL, {"code": world.opinion_a1.code})
    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 60
    assert f"Please try again in {seconds} second" in page_text(response)


def test_showing_the_empty_form_does_not_count(client, world):
    for _ in range(40):
        client.get(URL)
    assert client.post(URL, {"code": world.opinion_a1.code}).status_code == 200


def test_the_lookup_form_keeps_csrf_protection(world):
    response = Client(enforce_csrf_checks=True).post(URL, {"code": world.opinion_a1.code})
    assert response.status_code == 403
