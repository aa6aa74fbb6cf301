"""What a write changes beyond its own rows: the one registry.

The apps (register, progress, oversight) never import the dashboard above them. Their services
say what a write changed, in one call, whether it wrote with ``save()`` or ``bulk_update()``:

    effects.compounds_changed([compound.pk], parts={"funds"})   # these compounds' figures
    effects.pages_changed()                                     # what cached pages show
    effects.rebuild(compound_ids)                               # every figure, again, now

and the layer that keeps those figures (the dashboard's summary rows and its cache, in
``renovation.cells``) subscribes to them once, from its ``AppConfig.ready()``. ``watch(Model)``
makes every save and delete of a model a ``pages_changed()`` (what the admin and the demo write
too); ``docs/architecture.md`` lists what is subscribed and watched.

Outside a transaction a subscriber acts at once; inside one, it is up to the subscriber to wait
for the commit (the summary rows and the cache do), so a rolled-back write changes nothing.
"""

from collections.abc import Callable, Iterable

from django.db.models.signals import post_delete, post_save

# The figures a write can change, by name (the summary rows' parts, renovation.cells):
# buildings, demolition, funds, opinions, day (what changes with the date). The register's
# figures (counts, started, progress bands) always come along.
ALL = frozenset({"buildings", "demolition", "funds", "opinions", "day"})

_compound_subscribers: list[Callable] = []
_page_subscribers: list[Callable] = []
_rebuild_subscribers: list[Callable] = []


def on_compounds_changed(subscriber: Callable) -> Callable:
    """Call ``subscriber(compound_ids=..., keys=..., parts=...)`` on every compounds_changed."""
    if subscriber not in _compound_subscribers:
        _compound_subscribers.append(subscriber)
    return subscriber


def on_pages_changed(subscriber: Callable) -> Callable:
    """Call ``subscriber()`` on every pages_changed."""
    if subscriber not in _page_subscribers:
        _page_subscribers.append(subscriber)
    return subscriber


def on_rebuild(subscriber: Callable) -> Callable:
    """Call ``subscriber(compound_ids)`` on every rebuild; it returns how many rows it wrote."""
    if subscriber not in _rebuild_subscribers:
        _rebuild_subscribers.append(subscriber)
    return subscriber


def compounds_changed(
    compound_ids: Iterable[int] = (), *, keys: Iterable = (), parts: Iterable[str] = ALL
) -> None:
    """Say that the figures ``parts`` of these compounds changed (and the register's, always).

    ``keys`` names (plan id, community id) pairs directly, for a compound that moved or went.
    """
    compound_ids = {pk for pk in compound_ids if pk}
    keys = set(keys)
    if not compound_ids and not keys:
        return
    for subscriber in _compound_subscribers:
        subscriber(compound_ids=compound_ids, keys=keys, parts=frozenset(parts))


def pages_changed() -> None:
    """Say that something a cached page shows changed (a notice, a role, a participant)."""
    for subscriber in _page_subscribers:
        subscriber()


def rebuild(compound_ids: Iterable[int] | None = None) -> int:
    """Compute every derived figure of these compounds again now (of all, with None); return
    how many rows were written."""
    ids = None if compound_ids is None else list(compound_ids)
    return sum(subscriber(ids) for subscriber in _rebuild_subscribers)


def _saved_or_deleted(sender, raw=False, **kwargs):
    if not raw:  # loaddata
        pages_changed()


def watch(*models) -> None:
    """Make every save and delete of ``models`` a pages_changed(), by whatever path it comes."""
    for model in models:
        uid = f"effects-pages-{model._meta.label_lower}"
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"{uid}-delete")
