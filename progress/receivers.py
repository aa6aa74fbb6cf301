"""What other records' writes change in the progress figures: a compound's schedule follows
its plan's deadline and the holiday table; the dashboard's cached page follows the notices."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from common import effects
from compounds.models import Compound, RenovationPlan

from .models import CalendarDay, Notice


def _compound_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata
        return
    from .services import refresh_schedules

    refresh_schedules([instance.pk])


def _plan_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or created:
        return
    from .services import refresh_schedules

    refresh_schedules(instance.compounds.values_list("pk", flat=True))


def _calendar_changed(sender, raw=False, **kwargs):
    if raw:
        return
    from .tasks import refresh_compound_figures

    transaction.on_commit(lambda: refresh_compound_figures.delay())


def connect() -> None:
    post_save.connect(_compound_saved, sender=Compound, dispatch_uid="progress.compound_saved")
    post_save.connect(_plan_saved, sender=RenovationPlan, dispatch_uid="progress.plan_saved")
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_calendar_changed, sender=CalendarDay, dispatch_uid=f"progress.cal.{name}")
    # The header shows the unread notices, and the dashboard caches its whole page. The other
    # progress records reach the dashboard through its summary rows (renovation.cells), whose
    # refresh moves the cache on.
    effects.watch(Notice)
