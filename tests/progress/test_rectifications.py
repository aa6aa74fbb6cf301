"""The closed loop of a problem through the services and the API: the moves and verdicts
progress.rules' table allows, the same refusals and sentences wherever they come from."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from progress import services
from progress.models import Rectification

pytestmark = pytest.mark.django_db


def _english(error) -> dict:
    with translation.override("en"):
        return error.value.message_dict


@pytest.fixture(autouse=True)
def _in_english():
    """The services say their sentences in the language of the request (English here)."""
    with translation.override("en"):
        yield


def _submitted(world):
    services.rectification_update(
        rectification=world.problem_a1, user=None, status="submitted", resolution="已清理"
    )
    return Rectification.objects.get(pk=world.problem_a1.pk)


def test_a_verdict_the_status_does_not_allow_is_refused(world):
    """An open problem is not closed by a verdict: it has no fix submitted yet."""
    with pytest.raises(ValidationError) as error:
        services.rectification_verify(
            rectification=world.problem_a1, user=world.users["street_staff"], verdict="close"
        )
    assert _english(error) == {"status": ["A problem cannot go from “open” to “resolved”."]}
    assert Rectification.objects.get(pk=world.problem_a1.pk).status == "open"


def test_sending_back_without_a_note_is_refused_with_its_sentence(world):
    problem = _submitted(world)
    with pytest.raises(ValidationError) as error:
        services.rectification_verify(
            rectification=problem, user=world.users["street_staff"], verdict="send_back", note=" "
        )
    assert _english(error) == {
        "note": ["Say what is still wrong, so the responsible side knows what to fix."]
    }
    assert Rectification.objects.get(pk=problem.pk).status == "submitted"


def test_the_responsible_side_may_not_give_a_verdict_through_an_update(world):
    problem = _submitted(world)
    with pytest.raises(ValidationError) as error:
        services.rectification_update(
            rectification=problem, user=world.users["community_staff"], status="sent_back"
        )
    assert "Only the level that raised this problem" in _english(error)["status"][0]


def test_the_api_closes_a_problem_only_by_a_verdict(api, world):
    problem = _submitted(world)
    url = reverse("api:rectification-detail", args=[problem.pk])
    response = api.patch(url, {"status": "closed"}, content_type="application/json")
    assert response.status_code == 400
    assert "Only the level that raised this problem" in response.json()["status"][0]
    verify = reverse("api:rectification-verify", args=[problem.pk])
    response = api.post(verify, {"verdict": "send_back"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "note": ["Say what is still wrong, so the responsible side knows what to fix."]
    }
    response = api.post(verify, {"verdict": "close"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
