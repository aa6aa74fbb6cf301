"""The staff pages of the residents' voice: the register, one opinion with its triage,
moderation and merging, opinions taken down on visits, and the compound's tally."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversight.opinions import services
from oversight.opinions.choices import OpinionStatus
from oversight.opinions.models import Opinion
from tests.factories import WorkItemFactory, jpeg_bytes
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def _detail(client, opinion):
    return client.get(reverse("oversight:opinion_detail", kwargs={"pk": opinion.pk}))


def _post(client, name, opinion, data):
    return client.post(reverse(f"oversight:{name}", kwargs={"pk": opinion.pk}), data)


def _triage(**fields):
    return {"status": "received", "topics": ["heating", "parking"], **fields}


# --- The register and the opinion's page ------------------------------------------------------


def test_the_register_lists_codes_topics_and_time_to_reply(en, world):
    staff = world.users["community_staff"]
    opinion = world.opinion_a1
    services.opinion_triage(opinion=opinion, user=staff, status="in_review")
    services.opinion_triage(opinion=opinion, user=staff, status="answered", reply="明年改。")
    en.force_login(staff)
    text = page_text(en.get(reverse("oversight:opinion_list")))
    assert opinion.code in text
    assert "heating" in text and "parking" in text
    assert "home visit" in text
    assert "answered" in text
    assert "0 minutes" in text  # replied at once


def test_hidden_opinions_are_listed_for_staff_with_a_badge(en, world):
    services.opinion_moderate(opinion=world.opinion_a1, user=None, hidden=True, hidden_reason="x")
    en.force_login(world.users["community_staff"])
    response = en.get(reverse("oversight:opinion_list"))
    assert [o.code for o in response.context["page"]] == [world.opinion_a1.code]
    assert "hidden" in page_text(response)


@pytest.mark.parametrize(
    ("who", "name", "phone"),
    [
        ("community_staff", "李秀英", "138 0013 8000"),
        ("street_staff", "李秀英", "138 0013 8000"),
        ("admin", "李秀英", "138 0013 8000"),
        ("supervisor", "李**", "138****8000"),
        ("inspector", "李**", "138****8000"),
    ],
)  # fmt: skip
def test_names_and_phones_are_masked_without_the_right_to_personal_data(
    client, world, who, name, phone
):
    client.force_login(world.users[who])
    response = _detail(client, world.opinion_a1)
    contact = page_text(response)
    assert name in contact and phone in contact
    if "*" in phone:
        assert "李秀英" not in contact and "8013800138000" not in response.content.decode()
        assert "tel:" not in response.content.decode()
    else:
        assert 'href="tel:+8613800138000"' in response.content.decode()


def test_the_other_community_does_not_find_the_opinion(client, world):
    client.force_login(world.users["other_community_staff"])
    assert _detail(client, world.opinion_a1).status_code == 404
    assert client.get(reverse("oversight:opinion_list")).context["page"].paginator.count == 0


def test_the_page_shows_history_duplicates_and_the_slip_link(en, world):
    staff = world.users["community_staff"]
    duplicate = services.opinion_record(
        user=staff, compound=world.a1, channel="phone", topics=["heating"], text="同上"
    )
    services.opinion_merge(duplicate=duplicate, into=world.opinion_a1, user=staff)
    services.opinion_triage(opinion=world.opinion_a1, user=staff, status="in_review")
    en.force_login(staff)
    response = _detail(en, world.opinion_a1)
    text = page_text(response)
    assert duplicate.code in text
    assert "received → in review" in text
    assert "community_staff" in text
    assert f"/opinions/{world.opinion_a1.pk}/slip/" in response.content.decode()


def test_readers_without_the_change_right_get_no_forms(client, world):
    client.force_login(world.users["supervisor"])
    response = _detail(client, world.opinion_a1)
    assert response.context["triage_form"] is None
    assert reverse("oversight:opinion_triage", kwargs={"pk": world.opinion_a1.pk}) not in (
        response.content.decode()
    )


def test_the_status_offers_only_the_allowed_moves(client, world):
    client.force_login(world.users["community_staff"])
    form = _detail(client, world.opinion_a1).context["triage_form"]
    offered = {value for value, _label in form.fields["status"].widget.choices}
    assert offered == {"received", "in_review", "closed"}


def test_photos_are_served_inside_the_scope_only(client, world):
    services.opinion_record(
        user=None, compound=world.a1, channel="phone", topics=["heating"], text="见照片",
        photos=[SimpleUploadedFile("a.jpg", jpeg_bytes())],
    )  # fmt: skip
    photo = Opinion.objects.latest("pk").photos.get()
    url = reverse("oversight:opinion_photo", kwargs={"pk": photo.pk})
    client.force_login(world.users["supervisor"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    client.force_login(world.users["other_community_staff"])
    assert client.get(url).status_code == 404


# --- Triage -------------------------------------------------------------------------------


def test_triage_moves_assigns_replies_and_links_the_work_item(client, world):
    staff = world.users["community_staff"]
    client.force_login(staff)
    opinion = world.opinion_a1
    response = _post(client, "opinion_triage", opinion, _triage(status="in_review"))
    assert response.status_code == 302
    response = _post(
        client,
        "opinion_triage",
        opinion,
        _triage(
            status="accepted",
            assignee=staff.pk,
            reply="已列入暖气改造。",
            reply_published="on",
            work_item=world.work_item_a1.pk,
            topics=["heating"],
        ),
    )
    assert response.status_code == 302, response.context["triage_form"].errors
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.ACCEPTED
    assert opinion.assignee == staff
    assert opinion.work_item == world.work_item_a1
    assert opinion.reply_published and opinion.replied_at is not None
    assert opinion.topics == ["heating"]


def test_a_refused_move_shows_the_services_sentence(en, world):
    """A move the rules refuse (a stale page: received straight to answered) is not saved; the
    page comes back with the service's sentence on the status."""
    en.force_login(world.users["community_staff"])
    response = _post(en, "opinion_triage", world.opinion_a1, _triage(status="answered"))
    assert response.status_code == 200
    errors = response.context["triage_form"].errors
    assert "cannot go from “received” to “answered”" in " ".join(errors["status"])
    assert Opinion.objects.get(pk=world.opinion_a1.pk).status == "received"
    # The page shows the opinion as stored, not as the refused form would have it.
    assert response.context["opinion"].status == "received"


def test_not_feasible_without_a_reason_is_refused_on_the_reason(en, world):
    Opinion.objects.filter(pk=world.opinion_a1.pk).update(status="in_review")
    en.force_login(world.users["community_staff"])
    response = _post(en, "opinion_triage", world.opinion_a1, _triage(status="not_feasible"))
    assert response.status_code == 200
    assert "reason" in response.context["triage_form"].errors
    assert Opinion.objects.get(pk=world.opinion_a1.pk).status == "in_review"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("assignee", lambda w: w.users["other_community_staff"].pk),  # not on this compound
        ("assignee", lambda w: w.users["supervisor"].pk),  # may not triage
        ("work_item", lambda w: WorkItemFactory(compound=w.a2).pk),  # another compound's
        ("topics", lambda w: []),
        ("topics", lambda w: ["swimming_pool"]),
        ("status", lambda w: "lost"),
    ],
)
def test_triage_refuses_choices_outside_the_opinion(client, world, field, value):
    client.force_login(world.users["street_staff"])
    data = _triage(**{field: value(world)})
    response = _post(client, "opinion_triage", world.opinion_a1, data)
    assert response.status_code == 200
    assert field in response.context["triage_form"].errors
    assert Opinion.objects.get(pk=world.opinion_a1.pk).history.count() == 1


# --- Moderation and merging ---------------------------------------------------------------


def test_hide_with_a_reason_then_show_again(client, world):
    client.force_login(world.users["community_staff"])
    opinion = world.opinion_a1
    refused = _post(client, "opinion_moderate", opinion, {"hidden": "true", "hidden_reason": ""})
    assert refused.status_code == 200
    assert "hidden_reason" in refused.context["moderation_form"].errors
    assert not Opinion.objects.get(pk=opinion.pk).hidden
    assert (
        _post(
            client, "opinion_moderate", opinion, {"hidden": "true", "hidden_reason": "广告"}
        ).status_code
        == 302
    )
    opinion.refresh_from_db()
    assert opinion.hidden and opinion.text == "希望改造暖气，冬天太冷。"
    assert _post(client, "opinion_moderate", opinion, {"hidden": "false"}).status_code == 302
    assert not Opinion.objects.get(pk=opinion.pk).hidden


def test_merge_offers_the_same_compound_only(client, world):
    staff = world.users["street_staff"]
    same = services.opinion_record(
        user=None, compound=world.a1, channel="phone", topics=["heating"], text="同"
    )
    other = services.opinion_record(
        user=None, compound=world.a2, channel="phone", topics=["heating"], text="别"
    )
    client.force_login(staff)
    form = _detail(client, world.opinion_a1).context["merge_form"]
    assert list(form.fields["into"].queryset) == [same]
    refused = _post(client, "opinion_merge", world.opinion_a1, {"into": other.code})
    assert refused.status_code == 200
    assert "into" in refused.context["merge_form"].errors
    done = _post(client, "opinion_merge", world.opinion_a1, {"into": same.code})
    assert done.status_code == 302
    merged = Opinion.objects.get(pk=world.opinion_a1.pk)
    assert merged.merged_into == same and merged.status == "closed"


# --- Recording an opinion taken on a visit -----------------------------------------------------


def _record_url(world):
    return reverse("oversight:opinion_record", kwargs={"compound_pk": world.a1.pk})


def _record_data(world, **fields):
    return {
        "channel": "collection_point",
        "building": world.building_a1.pk,
        "unit": "3",
        "topics": ["heating", "property_management"],
        "text": "希望引进物业。",
        "name": "王桂兰",
        "phone": "139 1234 5678",
        "consent": "on",
        **fields,
    }


def test_record_an_opinion_with_photos_then_see_its_page(en, world):
    staff = world.users["community_staff"]
    en.force_login(staff)
    data = _record_data(world, photos=[SimpleUploadedFile("p.jpg", jpeg_bytes())])
    response = en.post(_record_url(world), data)
    assert response.status_code == 302
    opinion = Opinion.objects.latest("pk")
    assert response["Location"] == opinion.get_absolute_url()
    assert (opinion.channel, opinion.recorded_by, opinion.name) == (
        "collection_point", staff, "王桂兰",
    )  # fmt: skip
    assert opinion.phone.as_e164 == "+8613912345678"
    assert opinion.consent_at is not None
    assert sorted(opinion.topics) == ["heating", "property_management"]
    assert opinion.photos.count() == 1
    page = en.get(response["Location"])
    assert f"Opinion recorded with receipt code {opinion.code}" in page_text(page)


def test_the_channel_offers_no_public_channel(client, world):
    client.force_login(world.users["community_staff"])
    form = client.get(_record_url(world)).context["form"]
    assert {v for v, _label in form.fields["channel"].choices} == {
        "home_visit", "collection_point", "phone",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "error_on"),
    [
        ({"channel": "online"}, "channel"),
        ({"consent": ""}, "consent"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "+1 202 555 0143"}, "phone"),
        ({"topics": []}, "topics"),
        ({"text": ""}, "text"),
        ({"text": "长" * 1001}, "text"),
        ({"building": "999999"}, "building"),
        ({"photos": [SimpleUploadedFile("a.jpg", b"not a photo")]}, "photos"),
    ],
    ids=["public channel", "no consent", "short phone", "foreign phone", "no topic",
         "no text", "text too long", "building of nowhere", "not a photo"],
)  # fmt: skip
def test_record_refuses_bad_input(client, world, fields, error_on):
    client.force_login(world.users["community_staff"])
    before = Opinion.objects.count()
    response = client.post(_record_url(world), _record_data(world, **fields))
    assert response.status_code == 200
    assert error_on in response.context["form"].errors
    assert Opinion.objects.count() == before


def test_record_without_name_or_phone_needs_no_consent(client, world):
    client.force_login(world.users["community_staff"])
    data = _record_data(world, name="", phone="", consent="")
    assert client.post(_record_url(world), data).status_code == 302
    assert Opinion.objects.latest("pk").consent_at is None


# --- Tally and the compound panel ------------------------------------------------------------


def test_the_tally_page_and_the_compound_panel(en, world):
    services.opinion_record(
        user=None, compound=world.a1, channel="phone", topics=["heating"], text="冷"
    )
    hidden = services.opinion_record(
        user=None, compound=world.a1, channel="phone", topics=["heating"], text="广告"
    )
    services.opinion_moderate(opinion=hidden, user=None, hidden=True, hidden_reason="广告")
    en.force_login(world.users["supervisor"])
    response = en.get(reverse("oversight:compound_tally", kwargs={"compound_pk": world.a1.pk}))
    tally = response.context["tally"]
    assert tally["total"] == 2
    assert {row.topic: row.count for row in tally["asked"]} == {"heating": 2, "parking": 1}
    text = page_text(response)
    assert "heating" in text and "none planned" in text
    assert f"?compound={world.a1.pk}&amp;topic=heating" in response.content.decode()


def test_compound_panel_context(world):
    from oversight.opinions.panels import compound_panel

    panel = compound_panel(world.a1, world.users["community_staff"])
    assert panel["total"] == 1
    assert [row.topic for row in panel["top_topics"]] == ["heating", "parking"]
    assert panel["by_status"] == [{"status": "received", "label": "received", "count": 1}] or (
        [(r["status"], r["count"]) for r in panel["by_status"]] == [("received", 1)]
    )
    assert panel["can_record"] is True
    assert compound_panel(world.a1, world.users["no_role"]) is None
    assert compound_panel(world.a1, world.users["supervisor"])["can_record"] is False


def test_the_compound_page_shows_the_residents_panel_with_its_links(en, world):
    """Staff reach the tally, the poster, the elevators, the surveys and the public page from
    the compound's own page."""
    en.force_login(world.users["community_staff"])
    page = en.get(world.a1.get_absolute_url()).content.decode()
    for name in ("compound_tally", "compound_poster", "compound_elevators", "opinion_record"):
        assert reverse(f"oversight:{name}", args=[world.a1.pk]) in page
    assert reverse("oversight:public_compound_detail", args=[world.a1.pk]) in page
    assert f"{reverse('oversight:survey_list')}?compound={world.a1.pk}" in page
