"""The staff API of the opinions meets the triage service's refusals: an assignee who does not
work on the compound's opinions is refused with the service's sentence, as on the page."""

import pytest
from django.urls import reverse

from oversight.opinions.models import Opinion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize("who", ["other_community_staff", "supervisor"])
def test_an_assignee_off_the_compound_is_refused(api, world, who):
    url = reverse("api:opinion-detail", args=[world.opinion_a1.pk])
    response = api.patch(url, {"assignee": world.users[who].pk}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "assignee": ["This person does not work on this compound's opinions."]
    }
    assert Opinion.objects.get(pk=world.opinion_a1.pk).assignee is None


def test_staff_covering_the_compound_is_assigned(api, world):
    staff = world.users["community_staff"]
    url = reverse("api:opinion-detail", args=[world.opinion_a1.pk])
    response = api.patch(url, {"assignee": staff.pk}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["assignee"] == staff.pk
