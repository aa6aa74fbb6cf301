"""The staff's side of the residents' data requests: carried out or refused in scope, once; an
erasure reaches the opinion's history, its photos and their files."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from common import retention
from oversight.opinions.models import Opinion, OpinionPhoto
from oversight.opinions.services import opinion_triage
from oversight.privacy import services
from oversight.privacy.models import PrivacyRequest
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db


def ask(world, kind, **fields):
    return services.privacy_request_make(opinion=world.opinion_a1, kind=kind, **fields)


def test_an_erasure_reaches_every_history_row_the_photos_and_their_files(
    world, django_capture_on_commit_callbacks
):
    opinion = world.opinion_a1
    photo = OpinionPhoto(opinion=opinion)
    photo.image.save("1.jpg", ContentFile(jpeg_bytes()), save=True)
    stored = photo.image.name
    # An earlier phone, kept in the history until now.
    opinion_triage(opinion=opinion, user=world.users["street_staff"], phone="+8613900139000")
    ask(world, "correct", new_name="李秀云")
    request = ask(world, "erase")
    assert Opinion.history.filter(id=opinion.pk).exclude(name="").count() >= 2
    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_carry_out(
            privacy_request=request, user=world.users["street_staff"]
        )
    opinion.refresh_from_db()
    assert (opinion.name, str(opinion.phone or "")) == ("", "")
    assert opinion.anonymised_at is not None
    assert not Opinion.history.filter(id=opinion.pk).exclude(name="", phone="").exists()
    assert not OpinionPhoto.objects.filter(opinion=opinion).exists()
    assert not OpinionPhoto.history.filter(opinion_id=opinion.pk).exclude(image="").exists()
    assert not default_storage.exists(stored)
    assert not PrivacyRequest.history.filter(opinion_id=opinion.pk).exclude(new_name="").exists()
    assert opinion.text == "希望改造暖气，冬天太冷。"  # the opinion itself stays
    request.refresh_from_db()
    assert request.status == "done" and request.handled_by == world.users["street_staff"]
    last = opinion.history.first()
    assert (
        last.history_change_reason == retention.HISTORY_REASONS[retention.ErasureReason.AT_REQUEST]
    )
    assert opinion.anonymised_reason == retention.ErasureReason.AT_REQUEST


def test_a_request_of_another_community_is_not_found_nor_handled(world):
    request = ask(world, "erase")
    other = world.users["other_community_staff"]
    client = Client()
    client.force_login(other)
    assert client.get(f"/residents/privacy-requests/{request.pk}/").status_code == 404
    assert client.post(f"/residents/privacy-requests/{request.pk}/carry-out/").status_code == 404
    listed = client.get("/residents/privacy-requests/")
    assert listed.status_code == 200 and world.opinion_a1.code not in listed.content.decode()
    with pytest.raises(PermissionDenied):
        services.privacy_request_carry_out(privacy_request=request, user=other)
    request.refresh_from_db()
    assert request.status == "pending"
    world.opinion_a1.refresh_from_db()
    assert world.opinion_a1.name == "李秀英"


def test_a_refusal_needs_a_reason_the_resident_reads_and_is_final(world):
    request = ask(world, "correct", new_phone="+8613700137000")
    staff = world.users["community_staff"]
    with pytest.raises(ValidationError):
        services.privacy_request_refuse(privacy_request=request, user=staff, reason=" ")
    services.privacy_request_refuse(privacy_request=request, user=staff, reason="号码无法核实。")
    request.refresh_from_db()
    assert (request.status, request.reason, request.handled_by) == (
        "refused", "号码无法核实。", staff,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.privacy_request_carry_out(privacy_request=request, user=staff)
    world.opinion_a1.refresh_from_db()
    assert world.opinion_a1.phone.as_e164 == "+8613800138000"


def test_the_refusal_page_shows_the_missing_reason(world):
    request = ask(world, "erase")
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(world.users["street_staff"])
    response = client.post(f"/residents/privacy-requests/{request.pk}/refuse/", {"reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_correction_asks_for_something_to_correct(world):
    with pytest.raises(ValidationError):
        ask(world, "correct", new_name=" ")


def test_the_handlers_are_the_roles_that_handle_opinions(world):
    users = world.users
    holders = {
        who for who, user in users.items() if user.has_perm("oversight.handle_privacyrequest")
    }
    assert holders == {"street_staff", "community_staff", "other_community_staff", "admin"}
