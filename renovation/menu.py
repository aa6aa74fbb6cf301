"""The staff menu, written once: the header (templates/base.html) and the staff's home page
(templates/home.html) both show it, each link only to a user whose permissions allow it.

The groups follow what a role does, the day's work first, so that a clerk on a phone finds the
daily logs at the top of the opened menu; the register and the dashboard ("Data") close it,
and on a wide screen they stand first, outside any group (base.html).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    permission: str | None = None  # None: every logged-in user


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    entries: tuple[Entry, ...]
    short_label: str | None = None  # in the one-line menu of a wide screen, where it differs


MENU = (
    Group(
        "daily",
        _("Daily work"),
        (
            Entry(_("Daily logs"), "progress:dailylog_list", "progress.view_dailylog"),
            Entry(_("Weekly meetings"), "progress:meeting_list", "progress.view_weeklymeeting"),
            Entry(_("Reports"), "progress:report_list", "progress.view_report"),
            Entry(_("Wall chart"), "progress:programme_chart", "progress.view_milestone"),
            Entry(_("Map of compounds"), "compound_map", "compounds.view_compound"),
        ),
    ),
    Group(
        "problems",
        _("Problems and supervision"),
        (
            Entry(
                _("Problems to fix"), "progress:rectification_list", "progress.view_rectification"
            ),
            Entry(
                _("Supervision records"),
                "oversight:supervision_list",
                "oversight.view_supervisionrecord",
            ),
            Entry(
                _("District inspections"), "oversight:inspection_list", "oversight.view_inspection"
            ),
        ),
        short_label=pgettext_lazy("menu", "Supervision"),
    ),
    Group(
        "residents",
        _("Residents"),
        (
            Entry(_("Residents' opinions"), "oversight:opinion_list", "oversight.view_opinion"),
            Entry(
                _("Residents' data requests"),
                "oversight:privacy_request_list",
                "oversight.handle_privacyrequest",
            ),
            Entry(
                _("Elevator additions"), "oversight:elevator_list", "oversight.view_elevatorproject"
            ),
            Entry(_("Surveys"), "oversight:survey_list", "oversight.view_survey"),
            Entry(_("Renovation in the open"), "oversight:public_compound_list"),
        ),
    ),
    Group(
        "organisation",
        pgettext_lazy("menu", "Organisation"),
        (
            Entry(_("Task force"), "oversight:taskforce_list", "oversight.view_taskforce"),
            Entry(
                _("Party organisations"), "oversight:partygroup_list", "oversight.view_partygroup"
            ),
            Entry(_("Participation"), "oversight:participation", "oversight.view_participant"),
            Entry(_("Special fund"), "oversight:fund_list", "oversight.view_fundallocation"),
        ),
    ),
    Group(
        "data",
        _("Data"),
        (
            Entry(_("Dashboard"), "dashboard"),
            Entry(_("Statistics return"), "oversight:statistics", "compounds.view_compound"),
            Entry(_("Compounds"), "compounds:compound_list"),
        ),
    ),
)


def menu_for(user) -> list[dict]:
    """Return the groups of the menu ``user`` may use, each with the links they may follow;
    a group without any such link is left out. Nothing for an anonymous visitor."""
    if not user.is_authenticated:
        return []
    groups = []
    for group in MENU:
        links = [
            {"label": entry.label, "url": reverse(entry.url_name)}
            for entry in group.entries
            if entry.permission is None or user.has_perm(entry.permission)
        ]
        if links:
            groups.append(
                {
                    "key": group.key,
                    "label": group.label,
                    "short_label": group.short_label or group.label,
                    "links": links,
                }
            )
    return groups
