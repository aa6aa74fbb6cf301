"""Registration of residents' submissions: an OpinionIntake stored by the request becomes an
Opinion, with its topics and photos, once, in the order received. Queues nothing: the task that
registers (tasks.register_opinions) queues the notices of what it registered."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime

from common import clock
from compounds.services import save_validated

from .choices import Channel
from .models import Opinion, OpinionIntake, OpinionPhoto, OpinionTopic

logger = logging.getLogger(__name__)


def write_topics(opinion, topics, *, user):
    """Make the opinion's topic rows the given ones (each once), with history."""
    wanted = set(topics)
    existing = {row.topic: row for row in opinion.topic_rows.all()}
    for topic, row in existing.items():
        if topic not in wanted:
            row._history_user = user
            row.delete()
    for topic in sorted(wanted - existing.keys()):
        save_validated(OpinionTopic(opinion=opinion, topic=topic), user=user)


def register_pending(*, first_id: int | None = None, limit: int = 200) -> list[int]:
    """Register batches of pending submissions (register_intakes) until a batch registers
    none; return the ids of all the opinions registered."""
    registered = []
    while batch := register_intakes(first_id=first_id, limit=limit):
        registered += batch
        first_id = None
    return registered


def register_intakes(*, first_id: int | None = None, limit: int = 200) -> list[int]:
    """Register pending submissions as opinions, ``first_id`` first and then the oldest other
    pending ones, up to ``limit``, in one transaction (so each dashboard row is refreshed once
    for the lot). Each is registered once: the rows are locked, and a registered one is skipped.
    One that fails validation keeps its payload and the reason, and is not tried again.
    Return the ids of the opinions registered."""
    with transaction.atomic():
        pending = OpinionIntake.objects.filter(registered_at__isnull=True, error="")
        chosen = []
        if first_id is not None:
            chosen = list(pending.select_for_update(skip_locked=True).filter(pk=first_id))
        others = (
            pending.select_for_update(skip_locked=True)
            .exclude(pk=first_id)
            .order_by("received_at", "pk")[: max(0, limit - len(chosen))]
        )
        registered = []
        for intake in [*chosen, *others]:
            opinion_id = _register(intake)
            if opinion_id is not None:
                registered.append(opinion_id)
        return registered


def _register(intake: OpinionIntake) -> int | None:
    """The opinion's id, or None when the submission could not be registered (its reason is
    kept on it)."""
    data = intake.payload
    opinion = Opinion(
        code=intake.code,
        compound_id=intake.compound_id,
        building_id=data.get("building"),
        unit=data.get("unit", ""),
        text=data.get("text", ""),
        name=data.get("name", ""),
        phone=data.get("phone", ""),
        channel=data.get("channel", Channel.ONLINE),
        consent_at=parse_datetime(data["consent_at"]) if data.get("consent_at") else None,
        received_at=intake.received_at,
    )
    opinion._history_date = intake.received_at  # its history says when the resident sent it
    try:
        with transaction.atomic():
            save_validated(opinion, user=None)
            write_topics(opinion, data.get("topics") or [], user=None)
            for name in data.get("photos") or []:
                photo = OpinionPhoto(opinion=opinion, image=name)
                photo._history_user = None
                photo.save()
    except (ValidationError, IntegrityError) as error:
        logger.error("submission %s could not be registered: %s", intake.code, error)
        intake.error = str(error)
        intake.save(update_fields=["error"])
        return None
    intake.opinion, intake.registered_at, intake.payload = opinion, clock.now(), {}
    intake.save(update_fields=["opinion", "registered_at", "payload"])
    return opinion.pk
