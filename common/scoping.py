"""Which records a user may name in a choice: the API's related fields and the FilterSets'
choices narrowed to the user's scope.

common imports no app, so the apps say what their scope is: an app registers a narrower from
its ``AppConfig.ready()`` (compounds registers the register's scope, which every app's scoped
models follow, and the accounts a user may name). A narrower takes a queryset and a user and
returns the queryset narrowed, or None when the model is not its to narrow. A choice whose
model no narrower knows keeps its queryset.

``ServiceViewSet.get_serializer`` narrows its serializer's related fields (the browsable API's
forms list only the user's compounds and accounts, and naming another is "does not exist",
a 400) and ``common.filters.FilterSet`` its choice filters the same way.
"""

from collections.abc import Callable

from django.db.models import QuerySet

Narrower = Callable[[QuerySet, object], QuerySet | None]

_narrowers: list[Narrower] = []


def register(narrower: Narrower) -> Narrower:
    """Add ``narrower`` (once, however many times it is registered); usable as a decorator."""
    if narrower not in _narrowers:
        _narrowers.append(narrower)
    return narrower


def narrow(queryset: QuerySet, user) -> QuerySet:
    """Return ``queryset`` narrowed to the records ``user`` may name, by the first narrower that
    knows its model; unchanged when none does."""
    for narrower in _narrowers:
        narrowed = narrower(queryset, user)
        if narrowed is not None:
            return narrowed
    return queryset


def narrow_serializer(serializer, user) -> None:
    """Narrow the choices of a serializer's writable related fields (one or many, nested
    serializers' too) to what ``user`` may name."""
    from rest_framework import serializers

    serializer = getattr(serializer, "child", serializer)  # a list's serializer: its item's
    for field in serializer.fields.values():
        if isinstance(field, serializers.ManyRelatedField):
            field = field.child_relation
        if isinstance(field, serializers.BaseSerializer):
            narrow_serializer(field, user)
        elif (
            isinstance(field, serializers.RelatedField)
            and field.queryset is not None
            and not hasattr(field, "selector")  # a ScopedPrimaryKeyField asks its selector
        ):
            field.queryset = narrow(field.queryset, user)


def narrow_filters(filters: dict, request) -> None:
    """Narrow the querysets of a FilterSet's model choice filters to what the request's user
    may name (the declared ``ScopedChoiceFilter`` ask their own selector)."""
    import django_filters

    if request is None:
        return
    choices = (django_filters.ModelChoiceFilter, django_filters.ModelMultipleChoiceFilter)
    for made in filters.values():
        if not isinstance(made, choices) or hasattr(made, "selector"):
            continue
        queryset = made.get_queryset(request)
        if queryset is not None:
            made.queryset = narrow(queryset, request.user)
