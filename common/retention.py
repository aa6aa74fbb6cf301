"""How long personal data is kept (PIPL art. 19: no longer than the purpose needs), and the one
way it is erased.

Each kind of personal data the portal keeps is a ``Kind``, registered by the app that holds it
(from its ``AppConfig.ready()``): its setting of days, which records are due at a moment, and
how their personal fields are blanked, in the records, in their history rows and in the files
that hold them. ``personal_data_erase`` is the one erase, whether the period has run out
(``erase_expired_personal_data``, nightly) or the resident asked for it.

The periods themselves are pure rules (``common.rules.retention_cutoff``, and each area's rule
of when its period starts).
"""

import datetime
import functools
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from . import clock

# Ids are handed to the database this many at a time (SQLite's limit of parameters).
CHUNK = 500


class ErasureReason(models.TextChoices):
    """Why personal data was erased; the label is the line a staff page shows."""

    EXPIRED = "expired", _("personal data erased after the retention period")
    AT_REQUEST = "at_request", _("personal data erased at the resident's request")


# What the history of an erased record says (stored in English, shown translated:
# common.reasons); the same msgids as the labels above.
HISTORY_REASONS = {
    ErasureReason.EXPIRED: gettext_noop("personal data erased after the retention period"),
    ErasureReason.AT_REQUEST: gettext_noop("personal data erased at the resident's request"),
}


@dataclass(frozen=True)
class Kind:
    """A kind of personal data and its rule: ``due(now)`` gives the ids of the records whose
    period has run out (and that still hold personal data); ``erase(ids, now=, reason=,
    user=)`` blanks them, history and files included, and returns how many it erased.
    ``notice`` is the line of the public data notice, with ``%(days)s``."""

    name: str
    label: str
    setting: str
    due: Callable[[datetime.datetime], Iterable[int]]
    erase: Callable[..., int]
    notice: str
    order: int = 100

    @property
    def days(self) -> int:
        return getattr(settings, self.setting)

    def notice_line(self) -> str:
        return self.notice % {"days": self.days}


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind of personal data (again under the same name: replaced)."""
    _KINDS[kind.name] = kind
    return kind


def kinds() -> list[Kind]:
    """Every kind registered, in the order of the notice."""
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.name))


def get(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No kind of personal data is named {name!r}.") from None


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    batch = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def personal_data_erase(*, kind, ids, reason, user=None, now=None) -> int:
    """Erase the personal data of the records ``ids`` of ``kind`` (a Kind or its name), for
    ``reason`` (an ErasureReason), in the records, their history and their files; return how
    many records were erased (those erased before are not counted again)."""
    kind = kind if isinstance(kind, Kind) else get(kind)
    reason = ErasureReason(reason)
    now = now or clock.now()
    erased = 0
    for batch in chunks(sorted(set(ids))):
        with transaction.atomic():
            erased += kind.erase(batch, now=now, reason=reason, user=user)
    return erased


def erase_expired_personal_data(*, now=None, dry_run=False) -> dict[str, int]:
    """Erase every kind's records whose period has run out; return the count per kind (with
    ``dry_run``, how many would be erased, and nothing is written)."""
    now = now or clock.now()
    counts = {}
    for kind in kinds():
        ids = list(kind.due(now))
        if dry_run or not ids:
            counts[kind.name] = len(ids)
        else:
            counts[kind.name] = personal_data_erase(
                kind=kind, ids=ids, reason=ErasureReason.EXPIRED, now=now
            )
    return counts


def blank_with_history(model, ids, values: dict, *, reason, user=None, history_values=None):
    """Write ``values`` to the records ``ids`` of ``model`` and to every history row of them
    (``history_values``, when the history keeps other fields), then add one history row per
    record that says the erasure and why. Return the number of records written."""
    model.history.filter(**{f"{model._meta.pk.attname}__in": ids}).update(
        **(history_values if history_values is not None else values)
    )
    count = model._default_manager.filter(pk__in=ids).update(**values)
    model.history.bulk_history_create(
        list(model._default_manager.filter(pk__in=ids)),
        update=True,
        default_user=user,
        default_change_reason=HISTORY_REASONS[ErasureReason(reason)],
    )
    return count


@dataclass(frozen=True)
class BlankFields:
    """The erase of a kind whose personal data is text ``fields`` of ``model``: the records
    among ``ids`` that still hold any of them get them blank, in their history rows too, and,
    with ``reason_field``, say why (a staff page shows it)."""

    model: type[models.Model]
    fields: tuple[str, ...]
    reason_field: str | None = None

    @property
    def holding(self) -> Q:
        """The records that still hold one of the fields (for a kind's ``due`` too)."""
        return functools.reduce(operator.or_, (~Q(**{field: ""}) for field in self.fields))

    def __call__(self, ids, *, now, reason, user=None) -> int:
        manager = self.model._default_manager
        ids = list(manager.filter(self.holding, pk__in=ids).values_list("pk", flat=True))
        if not ids:
            return 0
        blank = dict.fromkeys(self.fields, "")
        values = {**blank, self.reason_field: reason} if self.reason_field else blank
        return blank_with_history(
            self.model, ids, values, history_values=blank, reason=reason, user=user
        )


def delete_files(paths: Iterable[str]) -> None:
    """Delete stored files by name once the transaction commits (so that a rollback keeps
    them with their records); those already gone are skipped."""
    paths = [path for path in paths if path]

    def delete():
        for path in paths:
            if default_storage.exists(path):
                default_storage.delete(path)

    if paths:
        transaction.on_commit(delete)
