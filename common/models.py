"""Abstract models every app's records share."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import clock, effects


class ClockDateTimeField(models.DateTimeField):
    """A DateTimeField whose ``auto_now`` and ``auto_now_add`` read the portal's clock
    (common.clock), so a record made on the day the portal lives on is stamped that day."""

    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)


class CreatedModel(models.Model):
    """A record that keeps when it was created (its changes are in its history)."""

    created = ClockDateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class TimestampedModel(CreatedModel):
    """A record that keeps when it was created and last changed."""

    updated = ClockDateTimeField(_("updated"), auto_now=True)

    class Meta(CreatedModel.Meta):
        abstract = True


class Effects:
    """What a write of a record changes beyond its own row, declared once on its model:

        class Building(WithEffects, TimestampedModel):
            effects = Effects(parts={"buildings"})

    - ``parts``: the figures of the record's compounds that follow it (``common.effects.ALL``
      names them; the register's figures always come along);
    - ``pages``: what cached pages show of it (a name, a notice, a scope);
    - ``dates``: what the compounds' schedules are planned from (a deadline, the holidays).

    ``WithEffects`` says them through ``common.effects`` after every ``save()`` and ``delete()``,
    of one record or of a queryset, by whatever path the write comes (a service, the admin, the
    demo). ``bulk_update()`` and ``update()`` skip them, as they skip ``save()``: a service that
    writes so says what it changed in its own ``common.effects`` call. A record deleted with its
    parent (a cascade) says nothing: its parent's write already covers it.
    """

    def __init__(self, *, parts=(), pages=False, dates=False):
        self.parts = frozenset(parts)
        self.pages = pages
        self.dates = dates

    def __repr__(self):
        return f"Effects(parts={sorted(self.parts)}, pages={self.pages}, dates={self.dates})"


class EffectsQuerySet(models.QuerySet):
    """Deleting a queryset of records with effects says them once, for all the records."""

    def delete(self):
        records = list(self)
        said = [(record.effects_before_write(), record.effect_compound_ids()) for record in records]
        result = super().delete()
        for record, (before, compound_ids) in zip(records, said, strict=True):
            record.say_effects(before, compound_ids)
        return result

    delete.alters_data = True
    delete.queryset_only = True


class WithEffects(models.Model):
    """Says a record's declared ``effects`` after each save and delete (see ``Effects``).

    A model may override ``effect_compound_ids()`` (which compounds; None for all of them) and
    ``effects_before_write()`` (what the record was before the write, to say that too)."""

    effects = Effects()

    objects = EffectsQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        before = self.effects_before_write()
        super().save(*args, **kwargs)
        self.say_effects(before)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        before, compound_ids = self.effects_before_write(), self.effect_compound_ids()
        result = super().delete(*args, **kwargs)
        self.say_effects(before, compound_ids)
        return result

    delete.alters_data = True

    def effect_compound_ids(self):
        compound_id = getattr(self, "compound_id", None)
        return [compound_id] if compound_id else []

    def effects_before_write(self):
        return None

    def effect_keys(self, before) -> set:
        return set()

    def say_effects(self, before=None, compound_ids=None) -> None:
        """Say the declared effects; ``compound_ids`` as they were before a delete."""
        declared = type(self).effects
        if compound_ids is None and (declared.parts or declared.dates):
            compound_ids = self.effect_compound_ids()
        if declared.parts:
            effects.compounds_changed(
                compound_ids or (), keys=self.effect_keys(before), parts=declared.parts
            )
        if declared.dates:
            effects.dates_changed(compound_ids)
        if declared.pages:
            effects.pages_changed()
