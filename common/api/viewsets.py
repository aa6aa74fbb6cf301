"""The base of every API viewset: scoped selector, shared FilterSet, writes through services."""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from common import scoping


@method_decorator(login_not_required, name="dispatch")
class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and update; no delete (deleting is for administrators, in the admin).

    Subclasses name ``selector`` (a function of ``user``), ``create_service`` and
    ``update_service`` (keyword-only, ``user=``), and ``instance_name`` for the update service.
    The API answers its own 403 for anonymous users, so the login redirect does not apply.
    """

    selector = None
    create_service = None
    update_service = None
    instance_name = None

    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    def get_serializer(self, *args, **kwargs):
        """The serializer, its related fields' choices narrowed to the user's scope (the
        browsable API's forms, and what a write may name)."""
        serializer = super().get_serializer(*args, **kwargs)
        scoping.narrow_serializer(serializer, self.request.user)
        return serializer

    def _refetch(self, obj):
        return self.get_queryset().get(pk=obj.pk)

    def perform_create(self, serializer):
        obj = type(self).create_service(user=self.request.user, **serializer.validated_data)
        serializer.instance = self._refetch(obj)

    def perform_update(self, serializer):
        obj = type(self).update_service(
            user=self.request.user,
            **{self.instance_name: serializer.instance},
            **serializer.validated_data,
        )
        serializer.instance = self._refetch(obj)

    def act(self, service, input_serializer):
        """Answer a write to this request's record other than the plain update (an action):
        the input checked by ``input_serializer`` (a 400 naming the fields), handed to
        ``service`` (keyword-only: the record as ``instance_name``, ``user``, the input), and
        the record as it is afterwards."""
        record = self.get_object()
        data = input_serializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        done = service(
            **{self.instance_name: record}, user=self.request.user, **data.validated_data
        )
        return Response(self.get_serializer(self._refetch(done)).data)
