"""Writes of the residents' voice: submitted once with a receipt code, triaged with history,
personal data masked and in time erased."""

import contextlib
import logging
import secrets
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common import clock
from common.reasons import reason_with_values
from compounds.models import Building, Compound
from compounds.services import apply_fields, require_in_scope, require_perm, save_validated

from . import rules, selectors, tasks
from .choices import PUBLIC_CHANNELS, Channel, OpinionStatus
from .intake import write_topics
from .models import Opinion, OpinionIntake, OpinionPhoto

logger = logging.getLogger(__name__)

# Reasons kept in a merged opinion's history (common.reasons: stored in English, shown in the
# reader's language).
MERGED_WITH = reason_with_values(gettext_noop("merged with %(code)s"))
DUPLICATE_OF = reason_with_values(gettext_noop("duplicate of %(code)s"))


def _new_code(received_at) -> str:
    return rules.new_code(settings.OPINION_CODE_PREFIX, timezone.localtime(received_at).year)


def _save_with_code(opinion, *, user):
    """Save a new opinion under a fresh random code, one no submission waiting to be registered
    holds either; a clash (one in 10^12) draws again."""
    for _attempt in range(5):
        opinion.code = _new_code(opinion.received_at)
        if OpinionIntake.objects.filter(code=opinion.code).exists():
            continue
        try:
            with transaction.atomic():
                return save_validated(opinion, user=user)
        except (IntegrityError, ValidationError) as error:
            clash = Opinion.objects.filter(code=opinion.code).exists()
            if not clash:
                raise
            logger.warning("receipt code clash, drawing again: %s", error)
    raise RuntimeError("could not draw a free receipt code")


def _attach_photos(opinion, photos, *, user):
    for number, content in enumerate(photos, start=1):
        photo = OpinionPhoto(opinion=opinion)
        photo._history_user = user
        photo.image.save(f"{number}.jpg", content, save=True)


def opinion_submit(
    *,
    compound_id: int,
    text: str,
    topics,
    consent: bool,
    building_id: int | None = None,
    unit: str = "",
    name: str = "",
    phone="",
    photos=(),
    channel: str = Channel.ONLINE,
) -> OpinionIntake:
    """A resident's own submission (the public form, the QR poster or the public API): stored
    at once as an OpinionIntake under its receipt code, with one statement that also checks
    the compound and building exist and belong together; registered as an Opinion by a task
    once this transaction commits (register_intakes)."""
    check_submission(consent=consent, channel=channel, topics=topics)
    received_at = clock.now()
    payload = {
        "building": building_id,
        "unit": unit,
        "text": text,
        "name": name,
        "phone": getattr(phone, "as_e164", phone) if phone else "",
        "channel": channel,
        "topics": sorted(set(topics)),
        "consent_at": received_at.isoformat(),
        "photos": [],
    }
    # One statement without photos: atomic by itself, so no transaction of its own (a caller
    # outside one, as the public API, saves the BEGIN and COMMIT round trips).
    with transaction.atomic() if photos else contextlib.nullcontext():
        for _attempt in range(5):
            code = _new_code(received_at)
            pk = _insert_intake(code, compound_id, building_id, received_at, payload)
            if pk is not None:
                break
            refuse_unknown_place(compound_id, building_id)
            logger.warning("receipt code clash, drawing again: %s", code)
        else:
            raise RuntimeError("could not draw a free receipt code")
        if photos:
            payload["photos"] = [_stage_photo(content, received_at) for content in photos]
            OpinionIntake.objects.filter(pk=pk).update(payload=payload)
        transaction.on_commit(lambda: _queue_registration(pk))
    return OpinionIntake(
        pk=pk, code=code, compound_id=compound_id, received_at=received_at, payload=payload
    )


def check_submission(*, consent: bool, channel: str, topics) -> None:
    """Refuse a resident's submission that lacks consent or a topic, or names a staff channel
    (the checks before any read; the honeypot's decoys meet them too)."""
    if not consent:
        raise ValidationError(
            {"consent": _("Please agree to the personal data notice, or we cannot take it.")}
        )
    if channel not in PUBLIC_CHANNELS:
        raise ValidationError({"channel": _("This channel is for staff only.")})
    if not topics:
        raise ValidationError({"topics": _("Tick at least one topic.")})


def _insert_intake(code, compound_id, building_id, received_at, payload) -> int | None:
    """Insert the submission in one statement, only if its compound exists (and its building,
    when given, is one of the compound's) and no other submission holds the code; return its
    id, or None when nothing was inserted. A submission's one round trip to the database."""
    table = OpinionIntake._meta.db_table
    json_param = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    sql = f"""
        INSERT INTO {table} (code, compound_id, received_at, payload, error)
        SELECT %s, c.id, %s, {json_param}, ''
        FROM {Compound._meta.db_table} c
        WHERE c.id = %s AND (
            %s IS NULL OR EXISTS (
                SELECT 1 FROM {Building._meta.db_table} b WHERE b.id = %s AND b.compound_id = c.id
            )
        )
        ON CONFLICT (code) DO NOTHING
        RETURNING id
    """  # noqa: S608  the names are the models' own; every value is a parameter
    fields = OpinionIntake._meta
    received = fields.get_field("received_at").get_db_prep_save(received_at, connection)
    data = fields.get_field("payload").get_db_prep_save(payload, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [code, received, data, compound_id, building_id, building_id])
        row = cursor.fetchone()
    return row[0] if row else None


def refuse_unknown_place(compound_id, building_id) -> None:
    """After an insert that did not happen: say which of compound and building is wrong
    (if neither, it was a code clash, and the caller draws again)."""
    if not Compound.objects.filter(pk=compound_id).exists():
        raise ValidationError({"compound": _("No compound has this number.")})
    if (
        building_id is not None
        and not Building.objects.filter(pk=building_id, compound_id=compound_id).exists()
    ):
        raise ValidationError({"building": _("This building belongs to another compound.")})


def _stage_photo(content, received_at) -> str:
    """Store an (already checked and re-encoded) photo where registration will find it."""
    return default_storage.save(
        f"opinions/{received_at:%Y/%m}/incoming-{secrets.token_hex(8)}.jpg", content
    )


class RegistrationWindow:
    """At most one registration task per process per window of ``seconds``: the first
    submission committed in a window queues a task to start once the window has closed (and
    ``margin`` more, for the clocks of the web and worker machines), so that the task sees
    every submission this process committed in the window; the others queue nothing. A burst
    costs one task a second per process and no round trip per submission (a shared flag in
    Redis cost one on every request)."""

    def __init__(self, seconds: float = 1.0, margin: float = 0.5):
        self.seconds = seconds
        self.margin = margin
        self.closes = 0.0

    def claim(self) -> bool:
        """Open a window if none is open; return whether this call opened it."""
        now = time.monotonic()
        if now < self.closes:
            return False
        self.closes = now + self.seconds
        return True

    def reset(self) -> None:
        self.closes = 0.0

    def back_off(self, seconds: float) -> None:
        """Queue nothing for ``seconds`` (the broker is down: each try would cost every
        submission the broker's connection retries; the beat sweep registers them)."""
        self.closes = time.monotonic() + seconds

    @property
    def countdown(self) -> float:
        return self.seconds + self.margin


registration_window = RegistrationWindow()
BROKER_BACK_OFF_SECONDS = 10


def _queue_registration(intake_id: int):
    """Have the submission registered through Celery, unless a task queued by this process
    will see it (registration_window); if the broker is down, the beat sweep
    (register_pending_opinions) registers it later, so a submission never fails for it."""
    # Eager (development, no worker or beat): the task runs now, so none is shared. The setting
    # the Celery app was configured from: cheaper to read than the app's own configuration.
    eager = settings.CELERY_TASK_ALWAYS_EAGER
    if not eager and not registration_window.claim():
        return
    try:
        tasks.register_opinions.apply_async(
            kwargs={"intake_id": intake_id},
            countdown=None if eager else registration_window.countdown,
        )
    except Exception:  # the broker is unreachable: the submission is stored, the sweep retries
        logger.warning(
            "could not queue the registration of submission %s; the beat sweep will", intake_id
        )
        registration_window.back_off(BROKER_BACK_OFF_SECONDS)


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
        opinion.consent_at = opinion.consent_at or clock.now()
    return _finish_new(opinion, topics=topics, photos=photos, user=user)


def _finish_new(opinion, *, topics, photos, user):
    if not topics:
        raise ValidationError({"topics": _("Tick at least one topic.")})
    _save_with_code(opinion, user=user)
    write_topics(opinion, topics, user=user)
    _attach_photos(opinion, photos, user=user)
    transaction.on_commit(lambda: tasks.queue_notice(opinion.pk))
    return opinion


@transaction.atomic
def opinion_triage(*, opinion: Opinion, user, topics=None, **fields) -> Opinion:
    """Move an opinion through triage, assign it, reply, link the work item it became.

    The status may only move along rules.OPINION_MOVES; only someone rules.may_take_on allows
    is assigned it; replying dates the reply (the time to reply is measured from it), closing
    dates the close.
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
    assignee = fields.get("assignee")
    if assignee is not None and not selectors.may_take_on(
        person=assignee, opinion=old, holder_id=old.assignee_id
    ):
        raise ValidationError({"assignee": rules.NOT_ON_THESE_OPINIONS})
    apply_fields(opinion, fields)
    require_in_scope(
        user, opinion, "compound", _("You may only move opinions within your own compounds.")
    )
    now = clock.now()
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
        write_topics(opinion, topics, user=user)
    return opinion


@transaction.atomic
def opinion_moderate(*, opinion: Opinion, user, hidden: bool, hidden_reason: str = "") -> Opinion:
    """Hide spam or abuse from tallies and public pages; the original text stays, with
    history of who hid it and why."""
    require_perm(user, "oversight.change_opinion", opinion)
    if hidden and not hidden_reason.strip():
        raise ValidationError({"hidden_reason": _("Say why the opinion is hidden.")})
    opinion.hidden, opinion.hidden_reason = hidden, hidden_reason.strip() if hidden else ""
    return save_validated(opinion, user=user, reason=gettext_noop("moderation"))


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
        save_validated(child, user=user, reason=MERGED_WITH % {"code": into.code})
    duplicate.merged_into = into
    if duplicate.status != OpinionStatus.CLOSED:
        duplicate.status = OpinionStatus.CLOSED
        duplicate.closed_at = clock.now()
    return save_validated(duplicate, user=user, reason=DUPLICATE_OF % {"code": into.code})
