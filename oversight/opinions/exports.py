"""The register of residents' opinions as a spreadsheet (see common.exports).

Residents' names and phones go out exactly as the pages show them: through
selectors.contact_of, masked without ``oversight.view_personal_data``.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.exports import Column, ListExport, display_name

from . import selectors


def opinions(user) -> ListExport:
    """The register of opinions, with each resident's name and phone as ``user`` may see
    them."""

    def contact(field):
        return lambda opinion: getattr(selectors.contact_of(opinion, user=user), field)

    return ListExport(
        title=_("Residents' opinions"),
        filename="opinions",
        select_related=("compound__community", "merged_into"),
        columns=(
            Column(_("receipt code"), "code"),
            Column(_("compound"), "compound.name"),
            Column(_("community"), "compound.community.name"),
            Column(_("building"), "building.number"),
            Column(_("unit (单元)"), "unit"),
            Column(_("topics"), lambda opinion: opinion.get_topics_display()),
            Column(_("opinion"), "text"),
            Column(_("channel"), "channel"),
            Column(_("status"), "status"),
            Column(pgettext_lazy("date", "received"), "received_at"),
            Column(_("assignee"), lambda opinion: display_name(opinion.assignee)),
            Column(_("replied at"), "replied_at"),
            Column(_("reply overdue"), "reply_overdue"),
            Column(_("official reply"), "reply"),
            Column(_("resident"), contact("name")),
            Column(_("phone"), contact("phone")),
            Column(_("hidden by moderation"), "hidden"),
            Column(_("merged into"), "merged_into.code"),
        ),
    )
