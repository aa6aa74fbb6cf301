"""The register of residents' opinions as a spreadsheet (see common.exports).

Residents' names and phones go out exactly as the pages show them: through
selectors.contact_of, masked without ``oversight.view_personal_data``.
"""

from django.utils.translation import gettext_lazy as _

from common.exports import Column, ListExport, display_name

from . import selectors
from .models import Opinion


def opinions(user) -> ListExport:
    """The register of opinions, with each resident's name and phone as ``user`` may see
    them."""

    def contact(field):
        return lambda opinion: getattr(selectors.contact_of(opinion, user=user), field)

    return ListExport(
        model=Opinion,
        title=_("Residents' opinions"),
        filename="opinions",
        select_related=("compound__community", "merged_into"),
        columns=(
            "code",
            "compound.name",
            "compound.community.name",
            "building.number",
            "unit",
            Column(_("topics"), lambda opinion: opinion.get_topics_display()),
            "text",
            "channel",
            "status",
            "received_at",
            Column(_("assignee"), lambda opinion: display_name(opinion.assignee)),
            "replied_at",
            Column(_("reply overdue"), "reply_overdue"),
            "reply",
            Column(_("resident"), contact("name")),
            Column(_("phone"), contact("phone")),
            "hidden",
            "merged_into.code",
        ),
    )
