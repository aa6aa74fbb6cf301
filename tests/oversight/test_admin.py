"""The admin site lists the residents' records with their history, read only where the
portal's pages keep the rules."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["opinion", "household", "elevatorproject", "elevatorconsent", "survey",
         "surveyquestion", "surveyanswer", "supervisionrecord", "supervisiongroupmember",
         "inspection", "taskforce", "partygroup", "participant", "campaignactivity",
         "fundallocation", "privacyrequest"]  # fmt: skip


@pytest.mark.parametrize("model", PAGES)
def test_every_residents_model_has_a_list_page(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:oversight_{model}_changelist")).status_code == 200


def test_an_opinion_is_read_only_with_its_history(superuser_client, world):
    opinion = world.opinion_a1
    change = reverse("admin:oversight_opinion_change", args=[opinion.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200 and 'name="text"' not in page.content.decode()
    response = superuser_client.post(change, {"text": "改过的意见"})
    assert response.status_code == 403
    opinion.refresh_from_db()
    assert opinion.text != "改过的意见"
    history = reverse("admin:oversight_opinion_history", args=[opinion.pk])
    assert superuser_client.get(history).status_code == 200
    assert superuser_client.get(reverse("admin:oversight_opinion_add")).status_code == 403
