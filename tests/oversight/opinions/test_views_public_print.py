"""Staff's printouts: the receipt slip of an opinion taken down and the compound's QR poster."""

import pytest
from django.urls import reverse

from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, world):
    client.cookies["django_language"] = "en"
    client.force_login(world.users["community_staff"])
    return client


def test_the_slip_has_the_code_compound_date_topics_and_where_to_track(staff, world):
    opinion = world.opinion_a1
    response = staff.get(reverse("oversight:opinion_slip", kwargs={"pk": opinion.pk}))
    assert response.status_code == 200
    text = page_text(response)
    assert opinion.code in text
    assert world.a1.name in text
    assert "heating" in text and "parking" in text
    assert "http://testserver/opinions/track/" in text
    for personal in ("李秀英", "13800138000", "138****8000", opinion.text):
        assert personal not in text


def test_the_slip_of_another_communitys_opinion_is_not_found(client, world):
    client.force_login(world.users["other_community_staff"])
    url = reverse("oversight:opinion_slip", kwargs={"pk": world.opinion_a1.pk})
    assert client.get(url).status_code == 404


def test_the_poster_carries_a_qr_code_to_the_form_with_the_compound_chosen(staff, world):
    response = staff.get(reverse("oversight:compound_poster", kwargs={"pk": world.a1.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    form_url = f"http://testserver/opinions/new/?compound={world.a1.pk}&channel=qr_poster"
    assert response.context["form_url"] == form_url
    assert '<svg viewBox="' in html and 'class="segno"' in html
    text = page_text(response)
    assert world.a1.name in text
    assert "What to renovate and how is for the residents to decide" in text
    assert "http://testserver/opinions/track/" in text


def test_the_posters_link_opens_the_form_of_that_compound_on_the_qr_channel(staff, world):
    poster = staff.get(reverse("oversight:compound_poster", kwargs={"pk": world.a1.pk}))
    staff.logout()
    form = staff.get(poster.context["form_url"])
    assert form.context["compound"] == world.a1
    assert form.context["form"].initial["channel"] == "qr_poster"


def test_the_poster_is_a4_when_printed(client):
    from django.contrib.staticfiles import finders

    with open(finders.find("css/public.css"), encoding="utf-8") as css:
        content = css.read()
    assert "size: A4" in content
    assert "@media print" in content


def test_the_poster_of_a_compound_outside_the_scope_is_not_found(client, world):
    client.force_login(world.users["other_community_staff"])
    url = reverse("oversight:compound_poster", kwargs={"pk": world.a1.pk})
    assert client.get(url).status_code == 404
