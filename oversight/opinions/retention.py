"""How long the residents' personal data sent with opinions is kept (PIPL), as two kinds of
``common.retention``: an opinion's name, phone and photos go OPINION_RETENTION_DAYS after it
was closed, or after its last change when it never was (rules.retention_start); a submission
that could not be registered loses its name, phone and photos OPINION_SUBMISSION_RETENTION_DAYS
after it was sent."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common import retention
from common.rules import retention_cutoff

from .choices import OpinionStatus
from .models import Opinion, OpinionIntake, OpinionPhoto

OPINIONS = "opinions"
SUBMISSIONS = "opinion_submissions"


def due_opinions(now):
    """Opinions still holding personal data whose period has run out (rules.retention_start
    as a query)."""
    cutoff = retention_cutoff(now, settings.OPINION_RETENTION_DAYS)
    closed = Q(status=OpinionStatus.CLOSED, closed_at__isnull=False)
    return (
        Opinion.objects.filter(anonymised_at__isnull=True)
        .filter((closed & Q(closed_at__lt=cutoff)) | (~closed & Q(updated__lt=cutoff)))
        .values_list("pk", flat=True)
        .order_by("pk")
    )


def erase_opinions(ids, *, now, reason, user=None) -> int:
    """Blank the name and phone of the opinions (and of every history row of them), delete
    their photos (the files, the rows, the paths in the photos' history), and mark them
    erased, when and why."""
    ids = list(Opinion.objects.filter(pk__in=ids, anonymised_at__isnull=True).values_list(
        "pk", flat=True
    ))  # fmt: skip
    if not ids:
        return 0
    photos = OpinionPhoto.objects.filter(opinion_id__in=ids)
    retention.delete_files(
        {*photos.values_list("image", flat=True),
         *OpinionPhoto.history.filter(opinion_id__in=ids).values_list("image", flat=True)}
    )  # fmt: skip
    photos.delete()
    OpinionPhoto.history.filter(opinion_id__in=ids).update(image="")
    return retention.blank_with_history(
        Opinion, ids,
        {"name": "", "phone": "", "anonymised_at": now, "anonymised_reason": reason},
        history_values={"name": "", "phone": ""}, reason=reason, user=user,
    )  # fmt: skip


def _personal(payload: dict) -> bool:
    return bool(payload.get("name") or payload.get("phone") or payload.get("photos"))


def due_submissions(now):
    """Submissions never registered, sent before the period, that still hold personal data
    (a handful, if any: a submission is registered within the minute)."""
    cutoff = retention_cutoff(now, settings.OPINION_SUBMISSION_RETENTION_DAYS)
    stuck = OpinionIntake.objects.filter(registered_at__isnull=True, received_at__lt=cutoff)
    return [pk for pk, payload in stuck.values_list("pk", "payload") if _personal(payload)]


def erase_submissions(ids, *, now, reason, user=None) -> int:
    """Blank the name and phone of the submissions and delete the photos they hold (a
    submission has no history: its registered opinion is the record)."""
    erased = 0
    for intake in OpinionIntake.objects.filter(pk__in=ids):
        if not _personal(intake.payload):
            continue
        retention.delete_files(intake.payload.get("photos") or [])
        intake.payload.update(name="", phone="", photos=[])
        intake.save(update_fields=["payload"])
        erased += 1
    return erased


retention.register(
    retention.Kind(
        name=OPINIONS,
        label=_("residents' opinions"),
        setting="OPINION_RETENTION_DAYS",
        due=due_opinions,
        erase=erase_opinions,
        notice=ngettext_lazy(
            "Your name, phone and photos sent with an opinion: erased %(days)s day after the "
            "opinion is closed; for an opinion not closed, %(days)s day after its last change.",
            "Your name, phone and photos sent with an opinion: erased %(days)s days after the "
            "opinion is closed; for an opinion not closed, %(days)s days after its last change.",
            "days",
        ),
        order=10,
    )
)
retention.register(
    retention.Kind(
        name=SUBMISSIONS,
        label=_("submissions that could not be registered"),
        setting="OPINION_SUBMISSION_RETENTION_DAYS",
        due=due_submissions,
        erase=erase_submissions,
        notice=ngettext_lazy(
            "A submission that could not be registered: its name, phone and photos are erased "
            "%(days)s day after it was sent.",
            "A submission that could not be registered: its name, phone and photos are erased "
            "%(days)s days after it was sent.",
            "days",
        ),
        order=20,
    )
)
