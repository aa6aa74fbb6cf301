"""The staff API of the residents' voice: the register of opinions (the same selector and
FilterSet as the pages; taken down with opinion_record, triaged with opinion_triage) and each
compound's tally."""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.response import Response

from common.api.viewsets import ServiceViewSet
from compounds.selectors import compound_list

from .. import selectors, services
from ..filtersets import OpinionFilterSet
from .serializers import OpinionSerializer, OpinionTallySerializer, OpinionTriageSerializer


class OpinionViewSet(ServiceViewSet):
    """Residents' opinions in the user's scope; names and phones masked without the right to
    personal data. POST records an opinion taken on a visit, at a collection point or by phone;
    PATCH triages it (status along the allowed moves, assignee, reply, work item, topics)."""

    serializer_class = OpinionSerializer
    filterset_class = OpinionFilterSet
    create_service = services.opinion_record
    update_service = services.opinion_triage
    instance_name = "opinion"
    http_method_names = ["get", "post", "patch", "head", "options"]

    @staticmethod
    def selector(*, user):
        return selectors.with_overdue(selectors.opinion_list(user=user))

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return OpinionTriageSerializer
        return OpinionSerializer


class CanViewOpinions(permissions.BasePermission):
    """Reading tallies needs the right to read opinions; the compound is found in the user's
    scope (another community's is a 404)."""

    def has_permission(self, request, view):
        return request.user.has_perm("oversight.view_opinion")


@method_decorator(login_not_required, name="dispatch")
class OpinionTallyViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """What a compound's residents asked for, by topic (beside the work items planned), by
    status and by channel; hidden opinions and merged duplicates are left out."""

    permission_classes = [permissions.IsAuthenticated, CanViewOpinions]
    serializer_class = OpinionTallySerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return compound_list(user=self.request.user)

    @extend_schema(responses=OpinionTallySerializer)
    def retrieve(self, request, *args, **kwargs):
        compound = self.get_object()
        return Response(self.get_serializer(selectors.compound_tally(compound)).data)
