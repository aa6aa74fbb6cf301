"""The public opinion form: find the compound, fill in, get a receipt; every bad input refused
with a reason, robots answered as people, and a rate limit per client address."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from oversight.opinions import rules
from oversight.opinions.intake import register_intakes
from oversight.opinions.models import Opinion, OpinionPhoto, OpinionTopic
from tests.factories import jpeg_bytes, png_bomb_bytes
from tests.utils import page_text

pytestmark = pytest.mark.django_db

URL = "/opinions/new/"
THANKS = "/opinions/thanks/"


def valid(world, **changes):
    data = {
        "compound": world.a1.pk,
        "building": world.building_a1.pk,
        "unit": "3",
        "topics": ["heating", "greening"],
        "text": "暖气片太旧，冬天不热。",
        "name": "王大爷",
        "phone": "13800138000",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def new_opinions(world):
    """The opinions the submissions became, once registered as their task does after the
    request commits (tests/oversight/test_intake.py follows that step itself)."""
    register_intakes()
    return Opinion.objects.exclude(pk=world.opinion_a1.pk)


def test_urls_are_the_ones_the_poster_and_receipt_print():
    assert reverse("oversight:opinion_new") == URL
    assert reverse("oversight:opinion_thanks") == THANKS


# Step 1: the compound


def test_the_first_step_is_a_search_box(en, world):
    response = en.get(URL)
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert "Find your compound" in page_text(response)


def test_a_search_lists_matching_compounds_as_links_that_preselect_them(en, world):
    response = en.get(URL, {"q": "甲一"})
    html = response.content.decode()
    assert f"?compound={world.a1.pk}" in html
    assert world.a1.name in page_text(response)
    assert world.b1.name not in page_text(response)


def test_a_search_by_address_finds_the_compound(en, world):
    world.b1.address = "丰产路47号"
    world.b1.save()
    response = en.get(URL, {"q": "丰产路"})
    assert f"?compound={world.b1.pk}" in response.content.decode()


def test_a_search_that_matches_nothing_says_so(en, world):
    response = en.get(URL, {"q": "不存在的院"})
    assert response.status_code == 200
    assert "No compound matches" in page_text(response)


def test_the_qr_channel_is_kept_through_the_search(en, world):
    response = en.get(URL, {"q": "甲一", "channel": "qr_poster"})
    assert f"channel=qr_poster&amp;compound={world.a1.pk}" in response.content.decode()


@pytest.mark.parametrize("raw", ["999999", "abc", "", "-1"])
def test_an_unknown_compound_in_the_link_goes_back_to_the_search_with_a_reason(en, world, raw):
    response = en.get(URL, {"compound": raw})
    assert response.status_code == 200
    assert "We could not find that compound" in page_text(response)
    assert 'name="q"' in response.content.decode()


# Step 2: the form


def test_the_form_offers_only_the_compounds_buildings(en, world):
    response = en.get(URL, {"compound": world.a1.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields["building"].queryset) == set(world.a1.buildings.all())
    assert world.a1.name in page_text(response)


def test_the_data_notice_stands_above_the_submit_button(en, world, settings):
    response = en.get(URL, {"compound": world.a1.pk})
    html = response.content.decode()
    text = page_text(response)
    assert settings.DATA_CONTROLLER in text
    assert settings.DATA_CONTACT in text
    assert f"erased {settings.OPINION_RETENTION_DAYS} days after the opinion is closed" in text
    assert "to answer your opinion and to plan the renovation" in text
    assert html.index("data-notice") < html.index('name="consent"') < html.rindex('type="submit"')


def test_the_honeypot_is_hidden_and_out_of_the_tab_order(en, world):
    html = en.get(URL, {"compound": world.a1.pk}).content.decode()
    field = re.search(r'<input[^>]*name="website"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field
    wrapper = html[: html.index(field)].rsplit("<div", 1)[1]
    assert 'class="hp-field"' in wrapper and 'aria-hidden="true"' in wrapper


def test_the_form_keeps_csrf_protection(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, valid(world))
    assert response.status_code == 403
    assert not new_opinions(world).exists()


# Step 3: the receipt


def test_a_valid_opinion_is_stored_once_with_a_row_per_topic_and_a_receipt(en, world):
    response = en.post(URL, valid(world))
    assert response.status_code == 302
    assert response["Location"] == THANKS  # the code is not in the address
    opinion = new_opinions(world).get()
    assert opinion.channel == "online"
    assert opinion.compound == world.a1
    assert opinion.building == world.building_a1
    assert opinion.consent_at is not None
    assert str(opinion.phone) in ("+8613800138000", "138 0013 8000")
    assert opinion.phone.as_e164 == "+8613800138000"
    assert sorted(OpinionTopic.objects.filter(opinion=opinion).values_list("topic", flat=True)) == [
        "greening",
        "heating",
    ]
    thanks = en.get(THANKS)
    assert thanks.status_code == 200
    assert opinion.code in page_text(thanks)
    assert "Keep this code" in page_text(thanks)
    assert "data-print" in thanks.content.decode()
    assert "js/print.js" in thanks.content.decode()


def test_the_thanks_page_of_another_browser_shows_no_code(world):
    Client().post(URL, valid(world))
    other = Client()
    other.cookies["django_language"] = "en"
    response = other.get(THANKS)
    assert response.status_code == 200
    assert "No receipt here" in page_text(response)
    assert new_opinions(world).get().code not in response.content.decode()


def test_name_and_phone_are_optional(world, client):
    response = client.post(URL, valid(world, name="", phone="", building="", unit=""))
    assert response.status_code == 302
    opinion = new_opinions(world).get()
    assert (opinion.name, str(opinion.phone), opinion.building) == ("", "", None)


def test_the_poster_link_records_the_qr_channel(client, world):
    page = client.get(URL, {"compound": world.a1.pk, "channel": "qr_poster"})
    assert 'name="channel" value="qr_poster"' in page.content.decode()
    client.post(URL, valid(world, channel="qr_poster"))
    assert new_opinions(world).get().channel == "qr_poster"


def test_a_staff_channel_slipped_into_the_form_counts_as_online(client, world):
    client.post(URL, valid(world, channel="home_visit"))
    assert new_opinions(world).get().channel == "online"


def test_a_photo_is_kept_re_encoded(client, world):
    photo = SimpleUploadedFile("楼道.jpg", jpeg_bytes(exif_gps=True), content_type="image/jpeg")
    response = client.post(URL, {**valid(world), "photos": [photo]})
    assert response.status_code == 302
    assert OpinionPhoto.objects.filter(opinion=new_opinions(world).get()).count() == 1


def test_photos_past_the_forms_budget_are_refused_visibly_and_the_rest_kept_once(
    en, world, settings
):
    """Each photo here decodes to 64 x 48 pixels; the budget carries two of them. The opinion
    is taken with the first two, and the receipt names the two left out."""
    settings.UPLOAD_DECODE_PIXELS = 2 * 64 * 48 + 1000
    colours = [(200, 60, 40), (40, 160, 60), (40, 60, 200), (220, 200, 40)]
    sent = [
        SimpleUploadedFile(f"{n}.jpg", jpeg_bytes(color=colour), content_type="image/jpeg")
        for n, colour in enumerate(colours, start=1)
    ]
    response = en.post(URL, {**valid(world), "photos": sent})
    assert response.status_code == 302
    opinion = new_opinions(world).get()
    register_intakes()  # a second pass stores nothing more
    assert OpinionPhoto.objects.filter(opinion=opinion).count() == 2
    text = page_text(en.get(THANKS))
    assert opinion.code in text
    assert "Only the first 2 photos fit in one form; the others were not taken." in text
    assert "3.jpg: Not taken: together with the photos before it" in text
    assert "4.jpg: Not taken" in text
    assert "1.jpg" not in text and "2.jpg" not in text


def test_the_receipt_of_an_opinion_whose_photos_all_fit_warns_of_nothing(en, world):
    sent = [SimpleUploadedFile("1.jpg", jpeg_bytes(), content_type="image/jpeg")]
    en.post(URL, {**valid(world), "photos": sent})
    assert "Not taken" not in page_text(en.get(THANKS))


def test_a_photo_that_unpacks_to_a_huge_image_is_refused_on_the_form(en, world):
    bomb = SimpleUploadedFile("bomb.png", png_bomb_bytes(), content_type="image/png")
    response = refused(en, {**valid(world), "photos": [bomb]}, "photos")
    assert "bomb.png: This photo would take too long to read" in page_text(response)


# Bad input: one test each; nothing is stored and the reason is shown on the form.


def refused(client, data, field):
    response = client.post(URL, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    return response


def test_no_consent_is_refused(en, world):
    response = refused(en, valid(world, consent=None), "consent")
    assert "Please tick the box to agree" in page_text(response)
    assert not new_opinions(world).exists()


def test_a_malformed_phone_is_refused(en, world):
    response = refused(en, valid(world, phone="12345"), "phone")
    assert "not a phone number in China" in page_text(response)
    assert not new_opinions(world).exists()


@pytest.mark.parametrize("phone", ["+85291234567", "+12025550123"])
def test_a_phone_outside_mainland_china_is_refused(en, world, phone):
    response = refused(en, valid(world, phone=phone), "phone")
    assert "not a phone number in mainland China" in page_text(response)
    assert not new_opinions(world).exists()


def test_text_over_the_cap_is_refused(en, world):
    cap = Opinion._meta.get_field("text").max_length
    response = refused(en, valid(world, text="长" * (cap + 1)), "text")
    assert f"at most; it has {cap + 1} now" in page_text(response)
    assert not new_opinions(world).exists()


def test_text_at_the_cap_is_taken(client, world):
    text = "长" * Opinion._meta.get_field("text").max_length
    assert client.post(URL, valid(world, text=text)).status_code == 302


def test_no_text_is_refused(en, world):
    refused(en, valid(world, text="  "), "text")
    assert not new_opinions(world).exists()


def test_no_topic_is_refused(en, world):
    response = refused(en, valid(world, topics=None), "topics")
    assert "Tick at least one topic" in page_text(response)
    assert not new_opinions(world).exists()


def test_an_unknown_topic_is_refused(en, world):
    refused(en, valid(world, topics=["heating", "casino"]), "topics")
    assert not new_opinions(world).exists()


def test_a_building_of_another_compound_is_refused(en, world):
    other = world.b1.buildings.get()
    refused(en, valid(world, building=other.pk), "building")
    assert not new_opinions(world).exists()


@pytest.mark.parametrize("raw", ["999999", "abc", ""])
def test_an_unknown_compound_is_refused_without_an_error_page(en, world, raw):
    response = en.post(URL, valid(world, compound=raw))
    assert response.status_code == 200
    assert "We could not find that compound" in page_text(response)
    assert not new_opinions(world).exists()


def test_a_file_that_is_not_an_image_is_refused(en, world):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = refused(en, {**valid(world), "photos": [fake]}, "photos")
    assert "not a photo" in page_text(response)
    assert not new_opinions(world).exists()
    assert not OpinionPhoto.objects.exists()


def test_a_filled_honeypot_stores_nothing_and_answers_like_a_success(en, world):
    topics_before = OpinionTopic.objects.count()
    response = en.post(URL, valid(world, website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == THANKS
    assert not new_opinions(world).exists()
    assert OpinionTopic.objects.count() == topics_before
    thanks = en.get(THANKS)
    code = thanks.context["code"]
    assert rules.normalise_code(code) == code  # well formed, like a real one
    assert not Opinion.objects.filter(code=code).exists()
    assert "Keep this code" in page_text(thanks)


def test_a_filled_honeypot_meets_the_refusals_a_person_meets(client, world):
    """Invalid input is refused as a person's would be (tests/oversight/opinions/
    test_honeypot.py compares the answers): the honeypot is not told apart by a success."""
    response = client.post(URL, {"compound": "x", "website": "spam"})
    assert response.status_code == 200
    assert "oversight/opinions/opinion_search.html" in [t.name for t in response.templates]
    assert not new_opinions(world).exists()


# Rate limits per address: five accepted opinions a minute (settings: opinion_submit), and
# sixty posts a minute of any outcome, against floods (opinion_attempt).


def test_the_sixth_opinion_in_a_minute_is_refused_with_429_and_when_to_retry(en, world):
    for _ in range(5):
        assert en.post(URL, valid(world)).status_code == 302
    response = en.post(URL, valid(world, text="楼下的路灯坏了", unit="3"))
    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 60
    assert f"please send it again in {seconds} second" in page_text(response)
    assert "Too many opinions were sent" in page_text(response)
    assert new_opinions(world).count() == 5
    # Nothing the resident wrote is lost: the form comes back filled in.
    form = response.context["form"]
    assert (form["text"].value(), form["unit"].value()) == ("楼下的路灯坏了", "3")
    assert form["topics"].value() == valid(world)["topics"]


def rate(scope):
    """The configured number of requests a window of ``scope`` allows."""
    from django.conf import settings

    from oversight.opinions.throttles import OpinionSubmitThrottle

    allowed, _window = OpinionSubmitThrottle().parse_rate(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]
    )
    return allowed


MISTAKES = [
    {"consent": None},
    {"phone": "1380013800"},
    {"text": ""},
    {"topics": []},
    {"building": "999999"},
]


def test_a_resident_who_makes_five_mistakes_then_sends_is_accepted(en, world):
    """Forms sent back with a mistake cost nothing of the limit on accepted opinions: after
    five of them the resident still sends all five opinions the minute allows."""
    for mistake in MISTAKES:
        response = en.post(URL, valid(world, **mistake))
        assert response.status_code == 200
        assert response.context["form"].errors
    for _ in range(rate("opinion_submit")):
        assert en.post(URL, valid(world)).status_code == 302
    assert new_opinions(world).count() == rate("opinion_submit")
    assert en.post(URL, valid(world)).status_code == 429


def test_a_flood_of_posts_is_refused_at_the_higher_limit(en, world):
    """Every post counts towards the limit against floods, refused ones too: past it, even a
    valid opinion is a 429 with the form refilled, and nothing is stored."""
    assert rate("opinion_attempt") > rate("opinion_submit")
    for _ in range(rate("opinion_attempt")):
        assert en.post(URL, valid(world, consent=None)).status_code == 200
    response = en.post(URL, valid(world, text="楼下的路灯坏了"))
    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 60
    text = page_text(response)
    assert "Too many tries from this connection" in text
    assert f"please send it again in {seconds} second" in text
    assert response.context["form"]["text"].value() == "楼下的路灯坏了"
    assert not new_opinions(world).exists()


def test_the_flood_limit_answers_in_chinese_by_default(client, world):
    for _ in range(rate("opinion_attempt")):
        client.post(URL, valid(world, consent=None))
    response = client.post(URL, valid(world))
    assert response.status_code == 429
    assert "尝试提交的次数过多" in page_text(response)


def test_the_honeypot_is_limited_exactly_as_an_accepted_opinion(world):
    """A robot caught by the honeypot sees what a person sees: its posts are accepted and
    counted as opinions, and the one past the limit is a 429, so the limit does not tell the
    honeypot apart."""
    person, robot = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    allowed = rate("opinion_submit")
    people = [person.post(URL, valid(world)).status_code for _ in range(allowed + 1)]
    robots = [robot.post(URL, valid(world, website="spam")).status_code for _ in range(allowed + 1)]
    assert people == robots == [302] * allowed + [429]
    assert new_opinions(world).count() == allowed


def test_a_post_over_the_limit_without_a_compound_gets_the_plain_429_page(en, world):
    for _ in range(5):
        en.post(URL, valid(world))
    response = en.post(URL, {"text": "x"})
    assert response.status_code == 429
    assert "oversight/opinions/rate_limited.html" in [t.name for t in response.templates]
    assert "Please try again in" in page_text(response)


def test_gets_do_not_count_against_the_limit(client, world):
    for _ in range(10):
        client.get(URL, {"compound": world.a1.pk})
    for _ in range(5):
        assert client.post(URL, valid(world)).status_code == 302
    assert new_opinions(world).count() == 5


def test_the_honeypot_counts_against_the_limit(client, world):
    for _ in range(5):
        client.post(URL, valid(world, website="spam"))
    assert client.post(URL, valid(world)).status_code == 429


def test_the_limit_is_per_client_address(client, world):
    for _ in range(5):
        client.post(URL, valid(world), REMOTE_ADDR="10.0.0.1")
    assert client.post(URL, valid(world), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(URL, valid(world), REMOTE_ADDR="10.0.0.2").status_code == 302


def test_the_rate_comes_from_the_settings(client, world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "opinion_submit": "2/min",
            "opinion_attempt": "60/min",
            "opinion_track": "30/min",
        },
    }
    assert client.post(URL, valid(world)).status_code == 302
    assert client.post(URL, valid(world)).status_code == 302
    assert client.post(URL, valid(world)).status_code == 429


def test_the_flood_rate_comes_from_the_settings(client, world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "opinion_submit": "5/min",
            "opinion_attempt": "3/min",
            "opinion_track": "30/min",
        },
    }
    for _ in range(3):
        assert client.post(URL, valid(world, consent=None)).status_code == 200
    assert client.post(URL, valid(world)).status_code == 429


@pytest.mark.parametrize("missing", ["opinion_submit", "opinion_attempt"])
def test_a_missing_rate_is_a_configuration_error_not_a_free_pass(client, world, missing):
    from django.core.exceptions import ImproperlyConfigured

    rates = {"opinion_submit": "5/min", "opinion_attempt": "60/min", "opinion_track": "30/min"}
    del rates[missing]
    with (
        override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": rates}),
        pytest.raises(ImproperlyConfigured),
    ):
        client.post(URL, valid(world))


def test_a_form_sent_without_its_csrf_token_gets_a_page_in_words(world):
    """A page open too long (or cookies refused): a 403 that says nothing was saved and what
    to do, in Chinese, and nothing stored."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, valid(world))
    assert response.status_code == 403
    assert "页面已过期" in page_text(response) and "没有保存" in page_text(response)
    assert not new_opinions(world).exists()
