"""Object permissions of the progress records: the role's permission, within the user's scope
(the scope of the record's compound)."""

import rules

from compounds.permissions import add_scoped_permissions, object_in_scope, role_grants
from compounds.roles import Role
from compounds.selectors import register_scope

from . import rules as progress_rules
from .models import DailyLog, Milestone, Rectification, Report, WeeklyMeeting, WorkItem

register_scope(WorkItem)
register_scope(Milestone)
register_scope(DailyLog)
register_scope(Rectification)
register_scope(WeeklyMeeting, {"street": "street_id"})
register_scope(Report, {"street": "street_id"})
add_scoped_permissions(
    "progress",
    ("workitem", "milestone", "dailylog", "weeklymeeting", "rectification", "report"),
)


def role_names(user) -> frozenset:
    """Return the names of the role groups ``user`` holds (cached on the user object)."""
    cached = getattr(user, "_renovation_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._renovation_roles = cached
    return cached


def is_administrator(user) -> bool:
    """A superuser, or a holder of the administrator role: acts at every level."""
    return user.is_superuser or Role.ADMINISTRATOR.value in role_names(user)


@rules.predicate
def at_the_verifying_level(user, rectification):
    """The user acts at the level that verifies the problem's fix (progress.rules)."""
    if rectification is None:
        return True  # the model-level question: may this role verify anything at all
    return progress_rules.may_verify(
        roles=role_names(user), level=rectification.level, administrator=is_administrator(user)
    )


rules.add_perm(
    "progress.verify_rectification",
    role_grants("progress.verify_rectification") & at_the_verifying_level & object_in_scope,
)
# The holiday table belongs to no compound: whoever's role may read it reads every day of it.
rules.add_perm("progress.view_calendarday", role_grants("progress.view_calendarday"))
