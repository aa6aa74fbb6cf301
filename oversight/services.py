"""Writes of the residents' voice: submitted once with a receipt code, triaged with history,
personal data masked and in time erased."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.selectors import staff_covering
from compounds.services import apply_fields, require_in_scope, require_perm, save_validated

from . import rules
from .choices import PUBLIC_CHANNELS, Channel, OpinionStatus
from .models import Opinion, OpinionPhoto, OpinionTopic

logger = logging.getLogger(__name__)


def _new_code(received_at) -> str:
    return rules.new_code(settings.OPINION_CODE_PREFIX, timezone.localtime(received_at).year)


def _save_with_code(opinion, *, user):
    """Save a new opinion under a fresh random code; a clash (one in 10^12) draws again."""
    for _attempt in range(5):
        opinion.code = _new_code(opinion.received_at)
        try:
            with transaction.atomic():
                return save_validated(opinion, user=user)
        except (IntegrityError, ValidationError) as error:
            clash = Opinion.objects.filter(code=opinion.code).exists()
            if not clash:
                raise
            logger.warning("receipt code clash, drawing again: %s", error)
    raise RuntimeError("could not draw a free receipt code")


def _write_topics(opinion, topics, *, user):
    wanted = set(topics)
    existing = {row.topic: row for row in opinion.topic_rows.all()}
    for topic, row in existing.items():
        if topic not in wanted:
            row._history_user = user
            row.delete()
    for topic in sorted(wanted - existing.keys()):
        save_validated(OpinionTopic(opinion=opinion, topic=topic), user=user)


def _attach_photos(opinion, photos, *, user):
    for number, content in enumerate(photos, start=1):
        photo = OpinionPhoto(opinion=opinion)
        photo._history_user = user
        photo.image.save(f"{number}.jpg", content, save=True)


def _queue_notification(opinion_id: int):
    """Tell the compound's staff through Celery; if the broker is down, the beat sweep
    (notify_pending_opinions) sends it later, so a submission never fails for it."""
    from .tasks import notify_opinion

    try:
        notify_opinion.delay(opinion_id=opinion_id)
    except Exception:  # the broker is unreachable: the opinion is stored, the sweep retries
        logger.warning(
            "could not queue the notice of opinion %s; the beat sweep will send it", opinion_id
        )


@transaction.atomic
def opinion_submit(
    *,
    compound,
    text: str,
    topics,
    consent: bool,
    building=None,
    unit: str = "",
    name: str = "",
    phone="",
    photos=(),
    channel: str = Channel.ONLINE,
) -> Opinion:
    """A resident's own submission (the public form, the QR poster or the public API)."""
    if not consent:
        raise ValidationError(
            {"consent": _("Please agree to the personal data notice, or we cannot take it.")}
        )
    if channel not in PUBLIC_CHANNELS:
        raise ValidationError({"channel": _("This channel is for staff only.")})
    opinion = Opinion(
        compound=compound, building=building, unit=unit, text=text, name=name, phone=phone,
        channel=channel, consent_at=timezone.now(),
    )  # fmt: skip
    return _finish_new(opinion, topics=topics, photos=photos, user=None)


@transaction.atomic
def opinion_record(*, user, compound, channel: str, topics, photos=(), **fields) -> Opinion:
    """An opinion staff took down on a home visit, at a collection point or by phone; the
    resident's consent to the notice is confirmed by the staff member."""
    if channel in PUBLIC_CHANNELS:
        raise ValidationError({"channel": _("Choose how the opinion was taken.")})
    opinion = Opinion(compound=compound, channel=channel, recorded_by=user, **fields)
    if user is not None and not user.has_perm("oversight.add_opinion", compound):
        raise ValidationError({"compound": _("You may only record opinions of your compounds.")})
    if opinion.name or opinion.phone:
        opinion.consent_at = opinion.consent_at or timezone.now()
    return _finish_new(opinion, topics=topics, photos=photos, user=user)


def _finish_new(opinion, *, topics, photos, user):
    if not topics:
        raise ValidationError({"topics": _("Tick at least one topic.")})
    _save_with_code(opinion, user=user)
    _write_topics(opinion, topics, user=user)
    _attach_photos(opinion, photos, user=user)
    transaction.on_commit(lambda: _queue_notification(opinion.pk))
    return opinion


@transaction.atomic
def opinion_triage(*, opinion: Opinion, user, topics=None, **fields) -> Opinion:
    """Move an opinion through triage, assign it, reply, link the work item it became.

    The status may only move along rules.OPINION_MOVES; replying dates the reply (the time to
    reply is measured from it), closing dates the close.
    """
    require_perm(user, "oversight.change_opinion", opinion)
    old = Opinion.objects.select_for_update().get(pk=opinion.pk)
    new_status = fields.get("status", old.status)
    if not rules.can_move(old.status, new_status):
        raise ValidationError(
            {
                "status": _("An opinion cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": OpinionStatus(old.status).label,
                    "new": OpinionStatus(new_status).label,
                }
            }
        )
    apply_fields(opinion, fields)
    require_in_scope(
        user, opinion, "compound", _("You may only move opinions within your own compounds.")
    )
    now = timezone.now()
    if opinion.reply.strip() and not old.reply.strip():
        opinion.replied_at = now
    elif not opinion.reply.strip():
        opinion.replied_at = None
    if new_status == OpinionStatus.CLOSED and old.status != OpinionStatus.CLOSED:
        opinion.closed_at = now
    elif new_status != OpinionStatus.CLOSED:
        opinion.closed_at = None
    save_validated(opinion, user=user)
    if topics is not None:
        if not topics:
            raise ValidationError({"topics": _("Tick at least one topic.")})
        _write_topics(opinion, topics, user=user)
    return opinion


@transaction.atomic
def opinion_moderate(*, opinion: Opinion, user, hidden: bool, hidden_reason: str = "") -> Opinion:
    """Hide spam or abuse from tallies and public pages; the original text stays, with
    history of who hid it and why."""
    require_perm(user, "oversight.change_opinion", opinion)
    if hidden and not hidden_reason.strip():
        raise ValidationError({"hidden_reason": _("Say why the opinion is hidden.")})
    opinion.hidden, opinion.hidden_reason = hidden, hidden_reason.strip() if hidden else ""
    return save_validated(opinion, user=user, reason=_("moderation"))


@transaction.atomic
def opinion_merge(*, duplicate: Opinion, into: Opinion, user) -> Opinion:
    """Merge a duplicate into another opinion of the same compound: the duplicate is closed
    and its resident follows the other's status and reply with their own code."""
    require_perm(user, "oversight.change_opinion", duplicate)
    require_perm(user, "oversight.change_opinion", into)
    if duplicate.pk == into.pk:
        raise ValidationError({"into": _("An opinion cannot be merged into itself.")})
    if duplicate.compound_id != into.compound_id:
        raise ValidationError({"into": _("Only opinions of the same compound can be merged.")})
    if into.merged_into_id:
        raise ValidationError(
            {"into": _("That opinion is merged into %(code)s: merge into that one.")
             % {"code": into.merged_into.code}}
        )  # fmt: skip
    for child in duplicate.duplicates.all():  # keep one level: children follow the target
        child.merged_into = into
        save_validated(child, user=user, reason=_("merged with %(code)s") % {"code": into.code})
    duplicate.merged_into = into
    if duplicate.status != OpinionStatus.CLOSED:
        duplicate.status = OpinionStatus.CLOSED
        duplicate.closed_at = timezone.now()
    return save_validated(
        duplicate, user=user, reason=_("duplicate of %(code)s") % {"code": into.code}
    )


def notify_staff_of_opinion(*, opinion_id: int) -> int:
    """Give each active staff member assigned to the opinion's compound, community or street
    an in-app notice (once), and mark the opinion notified. Idempotent."""
    from progress.services import notify

    opinion = Opinion.objects.select_related("compound__community").filter(pk=opinion_id).first()
    if opinion is None or opinion.notified_at is not None:
        return 0
    compound = opinion.compound
    sent = 0
    for user in staff_covering(compound, perm="oversight.change_opinion", obj=opinion):
        sent += notify(
            user=user,
            key=f"opinion:{opinion.pk}",
            message=_("%(compound)s: a new residents' opinion, %(code)s.")
            % {"compound": compound.name, "code": opinion.code},
            url=reverse("oversight:opinion_detail", kwargs={"pk": opinion.pk}),
        )
    Opinion.objects.filter(pk=opinion.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    return sent


def anonymise_closed_opinions(*, now=None) -> int:
    """Erase the name and phone of opinions closed more than OPINION_RETENTION_DAYS ago, in
    the opinions and in every history row of them (PIPL: keep no longer than needed)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.OPINION_RETENTION_DAYS)
    due = Opinion.objects.filter(
        status=OpinionStatus.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
    )
    ids = list(due.values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        Opinion.objects.filter(pk__in=ids).update(name="", phone="", anonymised_at=now)
        Opinion.history.filter(id__in=ids).update(name="", phone="")
    return len(ids)
