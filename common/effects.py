"""What a write changes beyond its own rows: the one registry.

The apps (register, progress, oversight) never import what keeps their figures. A write says
what it changed through this module, in one of three calls:

    effects.compounds_changed([compound.pk], parts={"funds"})   # these compounds' figures
    effects.pages_changed()                                     # what cached pages show
    effects.dates_changed([compound.pk])                        # what schedules start from

and ``effects.rebuild(compound_ids)`` computes every derived figure again. A record's model
declares what its writes change (``common.models.Effects``), and its ``save()`` and ``delete()``
say it here, by whatever path the write comes; a service that writes with ``bulk_update()`` or
``update()`` makes the call itself. The layers that keep the figures subscribe once, from their
``AppConfig.ready()``: the dashboard's summary rows and cache (``renovation``), the backward
schedules (``progress``). ``docs/architecture.md`` lists the declarations and the subscribers.

Outside a transaction a subscriber acts at once; inside one, it is up to the subscriber to wait
for the commit (the summary rows and the cache do), so a rolled-back write changes nothing.
"""

from collections.abc import Callable, Iterable

# The figures a write can change, by name (the summary rows' parts, renovation.cells):
# buildings, demolition, funds, opinions, day (what changes with the date). The register's
# figures (counts, started, progress bands) always come along.
ALL = frozenset({"buildings", "demolition", "funds", "opinions", "day"})

_compound_subscribers: list[Callable] = []
_page_subscribers: list[Callable] = []
_rebuild_subscribers: list[Callable] = []
_date_subscribers: list[Callable] = []


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


def on_dates_changed(subscriber: Callable) -> Callable:
    """Call ``subscriber(compound_ids)`` on every dates_changed (None: every compound)."""
    if subscriber not in _date_subscribers:
        _date_subscribers.append(subscriber)
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


def dates_changed(compound_ids: Iterable[int] | None) -> None:
    """Say that what these compounds' schedules are planned from changed (a deadline, a start);
    None: of every compound (the holiday table)."""
    ids = None if compound_ids is None else [pk for pk in compound_ids if pk]
    if ids == []:
        return
    for subscriber in _date_subscribers:
        subscriber(ids)


def rebuild(compound_ids: Iterable[int] | None = None) -> int:
    """Compute every derived figure of these compounds again now (of all, with None); return
    how many rows were written."""
    ids = None if compound_ids is None else list(compound_ids)
    return sum(subscriber(ids) for subscriber in _rebuild_subscribers)
