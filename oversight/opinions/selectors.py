"""Reads of the residents' voice, always scoped to the user who asks (public reads name what
they show: never a name or a phone)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext as _

from common import clock
from common.reasons import translated_reason
from compounds.selectors import Selection, display_value, record_changes, scoped
from progress import rules as progress_rules

from . import rules
from .choices import TOPIC_CHOICES, Channel, OpinionStatus
from .models import Opinion, OpinionIntake, OpinionTopic


def opinion_list(*, user) -> QuerySet:
    return scoped(
        Opinion.objects.select_related("compound", "building", "assignee", "work_item"), user
    ).prefetch_related("topic_rows")


def opinion_by_code(raw_code: str) -> Opinion | None:
    """Find an opinion by a typed receipt code, or None (also for a malformed code)."""
    code = rules.normalise_code(raw_code)
    if code is None:
        return None
    return (
        Opinion.objects.select_related("merged_into", "work_item", "compound")
        .filter(code=code)
        .first()
    )


def intake_by_code(raw_code: str) -> OpinionIntake | None:
    """Find a submission not yet registered as an opinion by its typed receipt code."""
    code = rules.normalise_code(raw_code)
    if code is None:
        return None
    return (
        OpinionIntake.objects.select_related("compound")
        .filter(code=code, opinion__isnull=True)
        .first()
    )


# --- Staff reads: the register, personal data, history, tallies and figures -----------------

# An opinion not replied to within this many days is overdue (the street's own target).
REPLY_WITHIN_DAYS = 15


def visible(queryset: QuerySet) -> QuerySet:
    """Leave out opinions hidden by moderation and duplicates merged into another: what
    residents asked for, counted once."""
    return queryset.filter(hidden=False, merged_into__isnull=True)


def reply_overdue_q(*, now=None) -> Q:
    """Opinions still waiting for a reply more than REPLY_WITHIN_DAYS after they came in."""
    now = now or clock.now()
    return Q(
        replied_at__isnull=True,
        hidden=False,
        merged_into__isnull=True,
        received_at__lt=now - datetime.timedelta(days=REPLY_WITHIN_DAYS),
    ) & ~Q(status__in=[OpinionStatus.CLOSED, OpinionStatus.NOT_FEASIBLE])


def may_see_personal_data(user) -> bool:
    return user is not None and user.has_perm("oversight.view_personal_data")


@dataclass(frozen=True)
class Contact:
    """A resident's name and phone as a user may see them: masked without the right to
    personal data. ``tel`` (for a call link) is empty when masked."""

    name: str
    phone: str
    tel: str
    masked: bool


def contact_of(opinion: Opinion, *, user) -> Contact:
    """Return the name and phone of an opinion's resident as ``user`` may see them. Every page
    and the API show personal data through this one function."""
    if may_see_personal_data(user):
        phone = opinion.phone
        return Contact(
            name=opinion.name,
            phone=phone.as_national if phone else "",
            tel=phone.as_e164 if phone else "",
            masked=False,
        )
    return Contact(name=opinion.masked_name, phone=opinion.masked_phone, tel="", masked=True)


def opinion_detail(*, opinion: Opinion, user) -> dict:
    """Return what the opinion's page shows besides the opinion: its photos, the duplicates
    merged into it, its history and the resident's contact as the user may see it."""
    return {
        "photos": list(opinion.photos.all()),
        "duplicates": list(opinion.duplicates.order_by("received_at", "pk")),
        "changes": opinion_changes(opinion=opinion, user=user),
        "contact": contact_of(opinion, user=user),
    }


# A role that may triage opinions (its group holds the permission to change them).
_MAY_TRIAGE = Q(
    groups__permissions__codename="change_opinion",
    groups__permissions__content_type__app_label="oversight",
)


def assignee_choices(*, compound, keep=None) -> QuerySet:
    """Return the active users who may take an opinion of ``compound`` on (rules.may_take_on,
    as a query): those whose role may triage opinions and whose assignment covers the compound
    (its street, its community or itself); ``keep`` (a user id, the current assignee) stays a
    choice whatever its role."""
    User = get_user_model()
    covering = (
        Q(assignment__compound=compound.pk)
        | Q(assignment__community=compound.community_id)
        | Q(assignment__street=compound.community.street_id)
    )
    may_triage = _MAY_TRIAGE
    chosen = (covering & may_triage & Q(is_active=True)) | Q(pk=keep)
    return User.objects.filter(pk__in=User.objects.filter(chosen).values("pk")).order_by(
        "username", "pk"
    )


def may_take_on(*, person, opinion: Opinion, holder_id: int | None) -> bool:
    """Whether ``person`` may be assigned ``opinion`` (rules.may_take_on), ``holder_id`` being
    who holds it as stored: the facts read from the database, the rule applied to them."""
    compound = opinion.compound
    assignment = getattr(person, "assignment", None)
    User = get_user_model()
    return rules.may_take_on(
        active=person.is_active,
        may_triage=User.objects.filter(Q(pk=person.pk) & _MAY_TRIAGE).exists(),
        assignment=None
        if assignment is None
        else (assignment.street_id, assignment.community_id, assignment.compound_id),
        place=(compound.community.street_id, compound.community_id, compound.pk),
        holds_it=holder_id is not None and person.pk == holder_id,
    )


def assignee_filter_choices(*, user) -> QuerySet:
    """Return the users who hold opinions inside ``user``'s scope (for the assignee filter)."""
    User = get_user_model()
    held = scoped(Opinion.objects.filter(assignee__isnull=False), user).values("assignee_id")
    return User.objects.filter(pk__in=held).order_by("username", "pk")


def merge_choices(*, opinion: Opinion, user) -> QuerySet:
    """Return the opinions ``opinion`` may be merged into: others of its compound, in scope,
    not themselves merged into a third."""
    return (
        scoped(Opinion.objects.filter(compound=opinion.compound_id), user)
        .exclude(pk=opinion.pk)
        .filter(merged_into__isnull=True)
        .order_by("-received_at", "-pk")
    )


# Fields never listed in an opinion's history: bookkeeping, not a change anyone made.
_QUIET_FIELDS = {"updated", "notified_at"}
_PERSONAL_FIELDS = {"name", "phone"}


def _display(field, value, *, masked: bool):
    if masked and value and field.name == "name":
        return rules.mask_name(value)
    if masked and value and field.name == "phone":
        return rules.mask_phone(value)
    return display_value(field, value)


def opinion_changes(*, opinion: Opinion, user, limit: int = 30) -> list[dict]:
    """Return the newest changes of an opinion, its topics included: who, when, why, and each
    field's old and new value (names and phones masked as for the user), newest first."""
    masked = not may_see_personal_data(user)
    changes = record_changes(
        opinion,
        limit=limit,
        excluded=_QUIET_FIELDS,
        display=lambda field, value: _display(field, value, masked=masked),
    )
    topic_field = OpinionTopic._meta.get_field("topic")
    topic_rows = OpinionTopic.history.filter(opinion_id=opinion.pk).select_related("history_user")
    for record in topic_rows.order_by("-history_date", "-history_id")[:limit]:
        if record.history_type == "~":
            continue
        label = _display(topic_field, record.topic, masked=False)
        added = record.history_type == "+"
        changes.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": _("topic added") if added else _("topic removed"),
                "reason": translated_reason(record.history_change_reason),
                "fields": [
                    {
                        "label": topic_field.verbose_name,
                        "old": "—" if added else label,
                        "new": label if added else "—",
                    }
                ],
            }
        )
    changes.sort(key=lambda change: change["when"], reverse=True)
    return changes[:limit]


@dataclass
class TopicTally:
    topic: str
    label: str
    count: int
    work_items: int
    progress: Decimal | None  # of the work items of that category, 0 to 1


def compound_tally(compound) -> dict:
    """Return what a compound's residents asked for ("what to renovate and how is for the
    residents to decide"), beside the work items the street plans.

    Visible opinions only (not hidden, not merged into another), counted by topic (an opinion
    counts once under each topic it ticks), by channel and by status; each topic says whether
    a work item of that category exists in the compound, and its progress. Three queries.
    """
    opinions = visible(Opinion.objects.filter(compound=compound))
    by_topic = dict(
        OpinionTopic.objects.filter(opinion__in=opinions)
        .values_list("topic")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_status_channel = list(
        opinions.values_list("status", "channel").annotate(n=Count("pk")).order_by()
    )
    items = list(compound.work_items.all())
    by_category: dict[str, list] = {}
    for item in items:
        by_category.setdefault(item.category, []).append(item)
    labels = dict(TOPIC_CHOICES)
    order = {value: index for index, (value, _label) in enumerate(TOPIC_CHOICES)}
    topics = []
    for topic in sorted(by_topic.keys() | by_category.keys(), key=lambda t: order.get(t, 99)):
        planned = by_category.get(topic, [])
        topics.append(
            TopicTally(
                topic=topic,
                label=str(labels.get(topic, topic)),
                count=by_topic.get(topic, 0),
                work_items=len(planned),
                progress=progress_rules.weighted_progress(
                    (item.progress, item.weight) for item in planned
                )
                if planned
                else None,
            )
        )
    topics.sort(key=lambda row: -row.count)  # stable: equal counts keep the topics' order
    statuses = dict.fromkeys(OpinionStatus.values, 0)
    channels = dict.fromkeys(Channel.values, 0)
    for status, channel, count in by_status_channel:
        statuses[status] = statuses.get(status, 0) + count
        channels[channel] = channels.get(channel, 0) + count
    return {
        "compound": compound,
        "total": sum(statuses.values()),
        "by_topic": topics,
        "asked": [row for row in topics if row.count],
        "by_status": [
            {"status": value, "label": OpinionStatus(value).label, "count": statuses[value]}
            for value in OpinionStatus.values
        ],
        "by_channel": [
            {"channel": value, "label": Channel(value).label, "count": channels[value]}
            for value in Channel.values
        ],
    }


def opinion_figures(
    *,
    user=None,
    plan=None,
    since=None,
    until=None,
    selection: Selection | None = None,
    known: dict | None = None,
) -> dict:
    """Return the residents'-voice figures of the dashboard, inside the user's scope (and the
    plan's compounds, or the ``selection``, when given; received in ``since``..``until``, when
    given): opinions received (visible ones, counted once), answered (replied), overdue, the
    median time to reply and the five topics asked most.

    ``known`` may bring "received", "answered", "topics" (a {topic: count} dict) and
    "overdue" already counted (the dashboard's summary rows); the rest is read here: four
    queries at most, each on an index (the median is the row at the middle offset of the
    times to reply)."""
    if selection is None:
        selection = Selection(user=user, plan_id=plan.pk if plan is not None else None)
    opinions = visible(selection.filter(Opinion.objects.all())).order_by()
    if since is not None:
        opinions = opinions.filter(received_at__gte=since)
    if until is not None:
        opinions = opinions.filter(received_at__lt=until)
    if known is None:
        known = opinions.aggregate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(replied_at__isnull=False)),
        )
        known["topics"] = dict(
            OpinionTopic.objects.filter(opinion__in=opinions)
            .order_by()
            .values_list("topic")
            .annotate(n=Count("pk"))
        )
    overdue = known.get("overdue")
    if overdue is None:
        overdue = opinions.filter(reply_overdue_q()).count()
    median = None
    if known["answered"]:
        middle = (known["answered"] - 1) // 2  # the lower median, as statistics.median_low
        seconds = (
            opinions.filter(reply_seconds__isnull=False)
            .order_by("reply_seconds")
            .values_list("reply_seconds", flat=True)[middle : middle + 1]
        )
        seconds = next(iter(seconds), None)
        median = None if seconds is None else datetime.timedelta(seconds=seconds)
    labels = dict(TOPIC_CHOICES)
    top = sorted(known["topics"].items(), key=lambda item: (-item[1], item[0]))[:5]
    return {
        "received": known["received"],
        "answered": known["answered"],
        "overdue": overdue,
        "median_reply_time": median,
        "median_reply_days": (
            Decimal(median.total_seconds() / 86400).quantize(Decimal("0.1"))
            if median is not None
            else None
        ),
        "top_topics": [
            {"topic": topic, "label": str(labels.get(topic, topic)), "count": count}
            for topic, count in top
            if count
        ],
    }


def with_overdue(queryset: QuerySet) -> QuerySet:
    """Annotate ``reply_overdue`` (see reply_overdue_q) on each opinion of ``queryset``."""
    return queryset.annotate(
        reply_overdue=ExpressionWrapper(reply_overdue_q(), output_field=BooleanField())
    )
