"""The services of the residents' voice: triage moves, merging, moderation, the staff notice
and the erasure of personal data after the retention period."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from common import clock
from common.retention import erase_expired_personal_data
from oversight.opinions import notices, rules, services
from oversight.opinions.choices import OpinionStatus
from oversight.opinions.models import Opinion
from progress.models import Notice

pytestmark = pytest.mark.django_db

S = OpinionStatus


def _opinion(world, compound=None, **fields):
    return services.opinion_record(
        user=None,
        compound=compound or world.a1,
        channel="phone",
        topics=fields.pop("topics", ["heating"]),
        text=fields.pop("text", "暖气不热。"),
        **fields,
    )


def _at(opinion, status, **fields):
    """Put an opinion straight into a status (and fields), as the history would have it."""
    Opinion.objects.filter(pk=opinion.pk).update(status=status, **fields)
    return Opinion.objects.get(pk=opinion.pk)


def _reason(new):
    return {"reason": "不在本次改造范围内。"} if new == S.NOT_FEASIBLE else {}


ALLOWED = sorted((old, new) for old, moves in rules.OPINION_MOVES.items() for new in moves)
REFUSED = [(old, new) for old in S.values for new in S.values if not rules.can_move(old, new)]


@pytest.mark.parametrize(("old", "new"), ALLOWED, ids=[f"{o}->{n}" for o, n in ALLOWED])
def test_triage_makes_every_allowed_move(world, old, new):
    """Each move of rules.OPINION_MOVES is accepted and stored."""
    opinion = _at(world.opinion_a1, old)
    user = world.users["community_staff"]
    services.opinion_triage(opinion=opinion, user=user, status=new, **_reason(new))
    assert Opinion.objects.get(pk=opinion.pk).status == new


@pytest.mark.parametrize(("old", "new"), REFUSED, ids=[f"{o}->{n}" for o, n in REFUSED])
def test_triage_refuses_every_other_move(world, old, new):
    """A move outside rules.OPINION_MOVES is refused on the status, naming both statuses, and
    nothing changes."""
    opinion = _at(world.opinion_a1, old)
    with pytest.raises(ValidationError) as error:
        services.opinion_triage(
            opinion=opinion, user=world.users["community_staff"], status=new, **_reason(new)
        )
    assert "status" in error.value.message_dict
    assert Opinion.objects.get(pk=opinion.pk).status == old


def test_not_feasible_needs_a_reason(world):
    opinion = _at(world.opinion_a1, S.IN_REVIEW)
    with pytest.raises(ValidationError) as error:
        services.opinion_triage(
            opinion=opinion, user=world.users["community_staff"], status=S.NOT_FEASIBLE, reason=" "
        )
    assert "reason" in error.value.message_dict
    assert Opinion.objects.get(pk=opinion.pk).status == S.IN_REVIEW


def test_replied_at_is_set_once_and_closed_at_on_closing(world):
    """The first reply dates the reply; editing it keeps that date; closing dates the close,
    reopening clears it."""
    user = world.users["community_staff"]
    opinion = _at(world.opinion_a1, S.IN_REVIEW)
    services.opinion_triage(opinion=opinion, user=user, status=S.ANSWERED, reply="明年改造。")
    first = Opinion.objects.get(pk=opinion.pk).replied_at
    assert first is not None
    services.opinion_triage(opinion=opinion, user=user, reply="明年春季改造。")
    opinion.refresh_from_db()
    assert opinion.replied_at == first
    assert opinion.reply_time == first - opinion.received_at
    assert opinion.closed_at is None
    services.opinion_triage(opinion=opinion, user=user, status=S.CLOSED)
    opinion.refresh_from_db()
    assert opinion.closed_at is not None
    services.opinion_triage(opinion=opinion, user=user, status=S.IN_REVIEW)
    opinion.refresh_from_db()
    assert opinion.closed_at is None


def test_triage_rewrites_the_topics(world):
    opinion = world.opinion_a1
    services.opinion_triage(
        opinion=opinion, user=world.users["community_staff"], topics=["parking", "greening"]
    )
    assert sorted(Opinion.objects.get(pk=opinion.pk).topics) == ["greening", "parking"]
    with pytest.raises(ValidationError):
        services.opinion_triage(opinion=opinion, user=world.users["community_staff"], topics=[])


def test_triage_refuses_a_work_item_of_another_compound(world):
    from tests.factories import WorkItemFactory

    other = WorkItemFactory(compound=world.a2)
    with pytest.raises(ValidationError) as error:
        services.opinion_triage(
            opinion=world.opinion_a1, user=world.users["street_staff"], work_item=other
        )
    assert "work_item" in error.value.message_dict


@pytest.mark.parametrize("who", ["supervisor", "inspector", "other_community_staff"])
def test_triage_needs_the_change_permission_in_scope(world, who):
    with pytest.raises(PermissionDenied):
        services.opinion_triage(opinion=world.opinion_a1, user=world.users[who], status=S.IN_REVIEW)


def test_merge_closes_the_duplicate_and_points_it_at_the_other(world):
    into = _opinion(world)
    services.opinion_merge(
        duplicate=world.opinion_a1, into=into, user=world.users["community_staff"]
    )
    duplicate = Opinion.objects.get(pk=world.opinion_a1.pk)
    assert duplicate.merged_into == into
    assert duplicate.status == S.CLOSED
    assert duplicate.closed_at is not None
    assert list(into.duplicates.all()) == [duplicate]


def test_merge_refuses_another_compound(world):
    other = _opinion(world, compound=world.a2)
    with pytest.raises(ValidationError) as error:
        services.opinion_merge(duplicate=world.opinion_a1, into=other, user=None)
    assert "into" in error.value.message_dict
    assert Opinion.objects.get(pk=world.opinion_a1.pk).merged_into is None


def test_merge_refuses_itself(world):
    with pytest.raises(ValidationError) as error:
        services.opinion_merge(duplicate=world.opinion_a1, into=world.opinion_a1, user=None)
    assert "into" in error.value.message_dict


def test_merge_into_a_duplicate_is_refused_and_children_follow(world):
    """Merging into an opinion that is itself merged is refused; the duplicates of a merged
    opinion follow it to the new target (one level)."""
    first, second = _opinion(world), _opinion(world)
    services.opinion_merge(duplicate=world.opinion_a1, into=first, user=None)
    with pytest.raises(ValidationError):
        services.opinion_merge(duplicate=second, into=world.opinion_a1, user=None)
    services.opinion_merge(duplicate=first, into=second, user=None)
    assert Opinion.objects.get(pk=world.opinion_a1.pk).merged_into_id == second.pk


def test_moderation_hides_with_a_reason_and_keeps_the_text(world):
    user = world.users["community_staff"]
    with pytest.raises(ValidationError) as error:
        services.opinion_moderate(opinion=world.opinion_a1, user=user, hidden=True)
    assert "hidden_reason" in error.value.message_dict
    services.opinion_moderate(
        opinion=world.opinion_a1, user=user, hidden=True, hidden_reason="广告"
    )
    opinion = Opinion.objects.get(pk=world.opinion_a1.pk)
    assert opinion.hidden and opinion.hidden_reason == "广告"
    assert opinion.text == "希望改造暖气，冬天太冷。"
    assert opinion.history.first().history_user == user
    services.opinion_moderate(opinion=opinion, user=user, hidden=False)
    opinion.refresh_from_db()
    assert not opinion.hidden and opinion.hidden_reason == ""


def test_notify_staff_of_opinion_is_idempotent(world):
    """Each staff member who may triage the opinion gets one notice, however often the task
    runs; those who may not (supervisor, the other community) get none."""
    first = notices.notify_staff_of_opinion(opinion_id=world.opinion_a1.pk)
    again = notices.notify_staff_of_opinion(opinion_id=world.opinion_a1.pk)
    assert first == 2  # street staff of 甲 and community staff of 甲一
    assert again == 0
    notified = set(Notice.objects.values_list("user__username", flat=True))
    assert notified == {"street_staff", "community_staff"}
    assert Opinion.objects.get(pk=world.opinion_a1.pk).notified_at is not None
    assert notices.notify_staff_of_opinion(opinion_id=999999) == 0


def test_anonymise_erases_name_and_phone_in_the_opinion_and_its_history(world):
    """Only opinions closed longer ago than OPINION_RETENTION_DAYS lose their name and phone,
    in the opinion and in every history row; the others keep them."""
    user = world.users["community_staff"]
    old = world.opinion_a1
    services.opinion_triage(opinion=_at(old, S.IN_REVIEW), user=user, status=S.CLOSED)
    recent = _opinion(world, name="张伟", phone="+8613900001111")
    services.opinion_triage(opinion=_at(recent, S.IN_REVIEW), user=user, status=S.CLOSED)
    open_one = _opinion(world, name="王芳", phone="+8613900002222")
    now = clock.now()
    long_ago = now - datetime.timedelta(days=settings.OPINION_RETENTION_DAYS + 1)
    Opinion.objects.filter(pk=old.pk).update(closed_at=long_ago)
    Opinion.objects.filter(pk=open_one.pk).update(received_at=long_ago)

    assert erase_expired_personal_data(now=now)["opinions"] == 1
    old.refresh_from_db()
    assert (old.name, str(old.phone), old.anonymised_at) == ("", "", now)
    assert old.history.count() >= 2  # recorded, then closed
    assert set(old.history.values_list("name", "phone")) == {("", "")}
    for kept, name in ((recent, "张伟"), (open_one, "王芳")):
        kept.refresh_from_db()
        assert kept.name == name and kept.anonymised_at is None
        assert kept.history.filter(name=name).exists()
    assert erase_expired_personal_data(now=now)["opinions"] == 0  # done once


@pytest.mark.parametrize("who", ["other_community_staff", "supervisor", "inspector"])
def test_triage_assigns_only_someone_who_may_take_it_on(world, who):
    """Another community's staff, a supervisor (no triage right), an inspector (no
    assignment): the service refuses them, whoever calls it (a page, the API, a command)."""
    opinion = world.opinion_a1
    with pytest.raises(ValidationError) as error:
        services.opinion_triage(opinion=opinion, user=None, assignee=world.users[who])
    with translation.override("en"):
        assert error.value.message_dict == {
            "assignee": ["This person does not work on this compound's opinions."]
        }
    assert Opinion.objects.get(pk=opinion.pk).assignee is None


def test_triage_assigns_staff_covering_the_compound_and_keeps_the_holder(world):
    opinion = world.opinion_a1
    staff = world.users["community_staff"]
    services.opinion_triage(opinion=opinion, user=None, assignee=staff)
    assert Opinion.objects.get(pk=opinion.pk).assignee == staff
    # The holder stays, even once moved off the compound's opinions.
    staff.is_active = False
    staff.save()
    services.opinion_triage(opinion=opinion, user=None, assignee=staff, reply="已转施工单位。")
    assert Opinion.objects.get(pk=opinion.pk).assignee == staff
